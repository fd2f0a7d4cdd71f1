from django.core.management.base import BaseCommand

from partenaria.deadlines.management.commands.send_deadline_reminders import parse_date
from partenaria.events.services import registrations_anonymise


class Command(BaseCommand):
    help = (
        "Anonymise the registrations of outsiders to events ended more than "
        "PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS days ago (DP2). Safe to run every day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        count = registrations_anonymise(today=parse_date(options["date"]))
        self.stdout.write(f"{count} registration(s) of outsiders anonymised.")
