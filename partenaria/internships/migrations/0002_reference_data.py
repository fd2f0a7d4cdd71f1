"""Diplomas, competence blocks and gratification rates (IN1), editable afterwards in the admin."""

from django.db import migrations


def load(apps, schema_editor):
    from partenaria.internships.reference import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("internships", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
