"""Create the missing diplomas, competence blocks and gratification rates (IN1)."""

from django.core.management.base import BaseCommand

from partenaria.internships.reference import load_reference


class Command(BaseCommand):
    help = "Load the reference data of the internships (diplomas, competence blocks, gratification rates)."

    def handle(self, *args, **options):
        load_reference()
        self.stdout.write("Internship reference data loaded.")
