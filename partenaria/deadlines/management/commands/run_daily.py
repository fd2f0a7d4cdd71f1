from django.core.management.base import BaseCommand

from partenaria.deadlines.tasks import run_daily

from .send_deadline_reminders import parse_date


class Command(BaseCommand):
    help = (
        "Daily job (cron): bring convention statuses in line with their dates, then e-mail the "
        "deadline reminders. Safe to run twice the same day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        statuses, count = run_daily(parse_date(options["date"]))
        changed = ", ".join(f"{name}: {n}" for name, n in sorted(statuses.items())) or "none"
        self.stdout.write(f"Statuses refreshed ({changed}); {count} reminder e-mail(s) sent.")
