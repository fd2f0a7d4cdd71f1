from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partenaria.core import gdpr


class Command(BaseCommand):
    help = "Write the register of processing activities (GDPR art. 30) from the apps' declarations."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="File to write (default: standard output).")

    def handle(self, *args, output: Path | None, **options):
        missing = gdpr.undeclared()
        if missing:
            raise CommandError(f"Models with personal data and no declaration: {', '.join(missing)}")
        text = gdpr.register_markdown(controller=settings.PARTENARIA_GDPR_CONTROLLER)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
            self.stdout.write(f"{output}: {len(gdpr.processings())} processings")
        else:
            self.stdout.write(text)
