"""``manage.py load_demo``: the partnerships of the source documents, for a first look (issue 2, item 12).

Idempotent: when the demo is already there it only prints the logins. ``--reset`` deletes the demo
and loads it again.
"""

from django.core.management.base import BaseCommand, CommandError

from partenaria.demo import data, loader


class Command(BaseCommand):
    help = "Load the demo partnerships (Askoria, Dijon, Haut-Rhin, Erasmus+) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete the demo data and load it again.")

    def handle(self, *args, reset: bool = False, **options):
        if reset:
            loader.reset()
            self.stdout.write("Demo data deleted.")
        if loader.is_loaded():
            self.stdout.write("The demo is already loaded (use --reset to load it again).")
        else:
            try:
                loader.load()
            except loader.DemoAlreadyPresent as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS("Demo loaded: 4 partnerships from the source documents."))
        self.print_logins()

    def print_logins(self) -> None:
        rows = loader.login_rows()
        width = max(len(r["email"]) for r in rows)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for every account: {data.PASSWORD})")
        for row in rows:
            self.stdout.write(f"  {row['email']:<{width}}  {row['role']:<22}  {row['organisation']}")
