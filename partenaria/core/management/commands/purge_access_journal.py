"""``manage.py purge_access_journal``: remove the access journal's entries past their retention."""

from django.core.management.base import BaseCommand

from partenaria.core import journal


class Command(BaseCommand):
    help = "Remove the access journal entries older than PARTENARIA_ACCESS_JOURNAL_DAYS (365 by default)."

    def handle(self, *args, **options):
        removed = journal.purge()
        self.stdout.write(f"{removed} access record(s) older than {journal.retention_days()} days removed.")
