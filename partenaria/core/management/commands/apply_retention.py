from django.core.management.base import BaseCommand
from django.utils import timezone

from partenaria.core.privacy import retention_apply
from partenaria.deadlines.management.commands.send_deadline_reminders import parse_date


class Command(BaseCommand):
    help = (
        "Anonymise (or delete) the personal data past the retention period declared in the apps' "
        "gdpr.py (trust 14, DP2). Safe to run every day; --dry-run only counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be done, change nothing."
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        for key, model, count in retention_apply(
            today=parse_date(options["date"]) or timezone.localdate(), dry_run=dry_run
        ):
            if count is None:
                self.stdout.write(f"{key}: {model}: kept by law")
                continue
            verb = "to do" if dry_run else "done"
            self.stdout.write(f"{key}: {model}: {count} {verb}")
