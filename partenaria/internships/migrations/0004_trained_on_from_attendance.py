"""The tutor's « trained on » date becomes an attendance to a training session (IN10).

Each date typed on tutors becomes one session per organisation and date, organised by the site's
organisation, which those tutors attended; then the typed field goes. Backwards, each tutor gets the
date of the last session they attended.
"""

from django.db import migrations
from django.db.models import Max

MIGRATED_TOPIC = "Formation de tuteur (date reprise de la fiche du tuteur)"


def to_attendance(apps, schema_editor):
    Tutor = apps.get_model("internships", "Tutor")
    TrainingSession = apps.get_model("internships", "TrainingSession")
    TrainingAttendance = apps.get_model("internships", "TrainingAttendance")
    groups: dict[tuple[int, object], list[int]] = {}
    for pk, organisation_id, day in Tutor.objects.filter(trained_on__isnull=False).values_list(
        "pk", "site__organisation_id", "trained_on"
    ):
        groups.setdefault((organisation_id, day), []).append(pk)
    for (organisation_id, day), tutor_ids in sorted(groups.items(), key=lambda item: (item[0][0], item[0][1])):
        session = TrainingSession.objects.create(
            organiser_id=organisation_id, held_on=day, place="", topic=MIGRATED_TOPIC, capacity=len(tutor_ids)
        )
        TrainingAttendance.objects.bulk_create(
            [TrainingAttendance(session=session, tutor_id=pk) for pk in tutor_ids]
        )


def to_field(apps, schema_editor):
    Tutor = apps.get_model("internships", "Tutor")
    for tutor in Tutor.objects.annotate(last=Max("trainings__session__held_on")).filter(last__isnull=False):
        tutor.trained_on = tutor.last
        tutor.save(update_fields=["trained_on"])


class Migration(migrations.Migration):
    dependencies = [("internships", "0003_followup_and_training")]

    operations = [
        migrations.RunPython(to_attendance, to_field),
        migrations.RemoveField(model_name="tutor", name="trained_on"),
    ]
