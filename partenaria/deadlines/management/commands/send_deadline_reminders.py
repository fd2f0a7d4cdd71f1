import datetime

from django.core.management.base import BaseCommand, CommandError

from partenaria.deadlines.reminders import send_reminders


def parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date expects YYYY-MM-DD, got {value!r}.") from None


class Command(BaseCommand):
    help = "E-mail the reminders of deadlines due today (at PARTENARIA_REMINDER_OFFSETS days before)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        count = send_reminders(parse_date(options["date"]))
        self.stdout.write(f"{count} reminder e-mail(s) sent.")
