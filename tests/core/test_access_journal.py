"""The access journal of sensitive records (DP3, trust 18): written when a student's placement or
evaluation, a research project or a deliverable is read; append-only; purged after its retention."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from partenaria.core import journal
from partenaria.core.models import AccessRecord, AppendOnlyError
from tests.test_access import build_world_b


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world_b()


@pytest.fixture
def reader(client, world):
    """The Département's administrator, past the research pages' second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=world.officer, name="téléphone", confirmed=True)
    client.force_login(world.officer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_reading_a_students_placement_writes_one_record(reader, world):
    placement = world.stages.placement
    response = reader.get(reverse("internships:placement_detail", kwargs={"placement_pk": placement.pk}))
    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert (record.reader_id, record.action, record.target_id) == (world.officer.pk, "read", placement.pk)
    assert record.target_type.model == "placement"
    assert record.reader_label == world.officer.get_full_name()


def test_reading_an_evaluation_a_project_and_downloading_a_deliverable_are_journaled(reader, world):
    research = world.research
    urls = [
        reverse("internships:evaluation_detail", kwargs={"evaluation_pk": world.stages.evaluation.pk}),
        reverse("research:project_detail", kwargs={"pk": research.project.pk}),
        reverse(
            "research:deliverable_file",
            kwargs={"pk": research.project.pk, "deliverable_pk": research.deliverable.pk},
        ),
    ]
    for url in urls:
        assert reader.get(url).status_code == 200, url
    assert sorted(AccessRecord.objects.values_list("target_type__model", "action")) == [
        ("deliverable", "download"),
        ("researchproject", "read"),
        ("tutorevaluation", "read"),
    ]


def test_a_refused_reading_writes_nothing(client, world, db):
    from tests.factories import OrganisationFactory, officer_of

    client.force_login(officer_of(OrganisationFactory()))
    response = client.get(
        reverse("internships:placement_detail", kwargs={"placement_pk": world.stages.placement.pk})
    )
    assert response.status_code == 404
    assert not AccessRecord.objects.exists()


def test_the_journal_cannot_be_changed_or_deleted_through_the_orm(world):
    record = journal.record_access(world.officer, world.stages.placement)
    record.reader_label = "Quelqu'un d'autre"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.filter(pk=record.pk).update(reader_label="x")
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.all().delete()
    assert AccessRecord.objects.get().reader_label == world.officer.get_full_name()


def test_the_database_refuses_an_update_of_the_journal(world):
    """Below the ORM too: raw SQL cannot rewrite an entry (a trigger, SQLite and PostgreSQL)."""
    record = journal.record_access(world.officer, world.stages.placement)
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_accessrecord SET reader_label = 'x' WHERE id = %s", [record.pk])
    assert AccessRecord.objects.get().reader_label == world.officer.get_full_name()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the DELETE trigger is PostgreSQL's")
def test_postgresql_refuses_a_delete_outside_the_purge(world):
    record = journal.record_access(world.officer, world.stages.placement)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_accessrecord WHERE id = %s", [record.pk])
    assert AccessRecord.objects.filter(pk=record.pk).exists()


def test_the_purge_removes_only_entries_past_their_retention(world, settings):
    settings.PARTENARIA_ACCESS_JOURNAL_DAYS = 365
    long_ago = timezone.now() - datetime.timedelta(days=400)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        journal.record_access(world.officer, world.stages.placement)
    recent = journal.record_access(world.officer, world.research.project)
    assert journal.purge() == 1
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [recent.pk]
    out = io.StringIO()
    call_command("purge_access_journal", stdout=out)
    assert out.getvalue().strip() == "0 access record(s) older than 365 days removed."
    assert AccessRecord.objects.count() == 1


def test_the_tutor_opening_the_evaluation_link_is_journaled_by_name(client, db):
    """The tutor has no account: the journal names them (trust 18)."""
    from partenaria.internships import followup_services
    from tests.internships.factories import internship_world, place

    world = internship_world()
    world.tutor.person.email = "tuteur@site.example"
    world.tutor.person.save()
    placement = place(world)
    evaluation, token = followup_services.evaluation_request(
        by=world.school_officer, placement=placement, notify=False
    )
    tutor = world.tutor.person

    response = client.get(reverse("internships:evaluation_fill", args=[token]))

    assert response.status_code == 200
    entry = AccessRecord.objects.get(target_id=evaluation.pk)
    assert entry.reader_id is None and entry.action == "read"
    assert f"{tutor.first_name} {tutor.last_name}" in entry.reader_label
    # A wrong link reads nothing and writes nothing.
    assert client.get(reverse("internships:evaluation_fill", args=["x" * 43])).status_code == 404
    assert AccessRecord.objects.count() == 1
