"""A person's data: exported on request (trust 15) and erased without a trace (trust 16), DP2."""

import io
import json
import zipfile

from django.core.management import call_command
from django.urls import reverse

from partenaria.core import gdpr, privacy
from partenaria.core.models import AuditEvent
from partenaria.events import services as event_services
from partenaria.internships.models import Placement, TrainerVisit
from partenaria.organisations.models import Person, Role
from partenaria.research.models import TeamMember
from tests.core.conftest import CANARY_EMAIL, CANARY_FIRST, CANARY_LAST, CANARY_PHONE
from tests.events.factories import EventFactory, quota
from tests.factories import OrganisationFactory, officer_of

# --- Export (trust 15) ---------------------------------------------------------------------------


def test_every_declared_link_to_a_person_is_followed():
    """The walk reads the meta: each link of a declared model to a person (FK, one-to-one,
    many-to-many) is followed. Fails if a new kind of link escapes the walk."""
    followed = privacy.followed_links()
    declared = privacy.declared_models()
    missing = [
        (label, name)
        for label, model in declared.items()
        for name in gdpr.personal_fields(model)
        if model._meta.get_field(name).is_relation and (label, name) not in followed
    ]
    assert not missing
    assert ("internships.Placement", "student") in followed
    assert ("research.TeamMember", "person") in followed


def test_the_export_holds_every_record_linked_to_the_person(canary):
    data = privacy.collect(user=canary.user)

    assert {
        "accounts.User",
        "organisations.Person",
        "organisations.Membership",
        "internships.Student",
        "internships.Application",
        "internships.Placement",
        "internships.TrainerVisit",
        "research.TeamMember",
        "events.Registration",
        "core.AuditEvent",
    } <= set(data.labels())
    assert canary.visit.pk in data.rows["internships.TrainerVisit"]
    # Her own acts, not those of others about her; nobody else's directory entry.
    assert {e.actor_id for e in data.rows["core.AuditEvent"].values()} == {canary.user.pk}
    assert canary.bystander.pk not in data.rows["organisations.Person"]
    # The placements of her tutor are not hers: the tutor's record is not in her export.
    assert "internships.Tutor" not in data.labels()


def test_every_declared_model_linked_to_the_person_appears(canary):
    """Each declared model with a row pointing at one of her records is in the export."""
    data = privacy.collect(user=canary.user)
    roots = {label: set(rows) for label, rows in data.rows.items() if label in gdpr.PERSON_MODELS}
    for label, model in privacy.declared_models().items():
        for f in privacy.links(model):
            target = f.related_model._meta.label
            skipped = label == "core.AuditEvent" or label in gdpr.PERSON_MODELS
            if target in roots and not skipped:
                linked = model._default_manager.filter(**{f"{f.name}__in": roots[target]})
                assert not linked.exists() or label in data.labels(), (label, f.name)


def test_the_json_and_csv_exports_carry_the_data_but_no_secret(canary):
    content, content_type = privacy.person_export(by=canary.user, user=canary.user, fmt="json")
    payload = json.loads(content)

    assert content_type == "application/json"
    assert payload["records"]["organisations.Person"][0]["phone"] == CANARY_PHONE
    assert "password" not in payload["records"]["accounts.User"][0]
    assert "calendar_token" not in payload["records"]["accounts.User"][0]

    content, content_type = privacy.person_export(by=canary.user, user=canary.user, fmt="csv")
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert "internships.Placement.csv" in archive.namelist()
    assert CANARY_EMAIL in archive.read("accounts.User.csv").decode("utf-8-sig")
    event = AuditEvent.objects.filter(action="privacy.person_exported").first()
    assert event.changes["format"] == "csv" and CANARY_EMAIL not in json.dumps(event.changes)


def test_a_person_downloads_her_own_data_from_her_account(client, canary):
    client.force_login(canary.user)

    page = client.get(reverse("accounts:my_data"))
    download = client.get(reverse("accounts:my_data_json"))

    assert page.status_code == 200 and "Mes données" in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    assert json.loads(download.content)["email"] == CANARY_EMAIL
    assert client.get(reverse("accounts:my_data_zip")).status_code == 200


def test_an_administrator_exports_a_person_of_her_organisation_not_of_another(client, canary):
    url = reverse("core:person_data_export", args=[canary.school.pk, canary.person.pk, "zip"])
    client.force_login(canary.school_admin)
    assert client.get(url).status_code == 200

    stranger = officer_of(OrganisationFactory(), role=Role.ADMIN)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    elsewhere = reverse("core:person_data_export", args=[canary.school.pk + 999, canary.person.pk, "zip"])
    assert client.get(elsewhere).status_code == 404
    # A student of the school is not one of its officers.
    client.force_login(canary.user)
    assert client.get(url).status_code == 404


# --- Erasure (trust 16) --------------------------------------------------------------------------


def _dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out)
    return out.getvalue()


def test_erasure_leaves_no_trace_of_the_canary_in_the_whole_database(canary):
    before = _dump()
    assert CANARY_LAST in before and CANARY_EMAIL in before and CANARY_PHONE in before

    privacy.person_anonymise(by=canary.school_admin, user=canary.user)

    dump = _dump()
    for trace in (CANARY_FIRST, CANARY_LAST, CANARY_EMAIL, CANARY_EMAIL.upper(), CANARY_PHONE, "va bien"):
        assert trace.lower() not in dump.lower(), trace
    # The records the law requires stay, nameless; the bystander keeps his name.
    assert Placement.objects.filter(pk=canary.placement.pk).exists()
    assert TrainerVisit.objects.filter(pk=canary.visit.pk).exists()
    assert TeamMember.objects.filter(pk=canary.team_member.pk).exists()
    assert Person.objects.get(pk=canary.bystander.pk).last_name == "Témoin"
    canary.user.refresh_from_db()
    assert not canary.user.is_active and not canary.user.has_usable_password()
    event = AuditEvent.objects.get(action="privacy.person_anonymised")
    assert event.actor == canary.school_admin and CANARY_LAST not in str(vars(event))


def test_erasure_is_safe_twice(canary):
    privacy.person_anonymise(by=canary.school_admin, user=canary.user)
    counts = privacy.person_anonymise(by=canary.school_admin, user=canary.user)

    assert counts.get("organisations.Person") == 0


# --- Retention (trust 14) ------------------------------------------------------------------------


def test_apply_retention_deletes_old_login_attempts_and_anonymises_old_outsiders(db):
    import datetime

    from axes.models import AccessAttempt
    from django.utils import timezone

    from partenaria.events.models import Registration

    now = timezone.now()
    old = AccessAttempt.objects.create(username="canari-ancien@example.test", failures_since_start=1)
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=now - datetime.timedelta(days=200))
    recent = AccessAttempt.objects.create(username="canari-recent@example.test", failures_since_start=1)
    past_event = EventFactory(past=True, public=True)
    outsider = event_services.registration_register(
        event=past_event,
        quota=quota(past_event),
        data={"first_name": "Ancien", "last_name": "Canarivieux", "email": "vieux@example.test"},
        consent=True,
        notify=False,
        outsider=True,
        today=past_event.starts_at.date() - datetime.timedelta(days=1),
    )

    dry = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=dry)
    assert "axes.AccessAttempt: 1 to do" in dry.getvalue()
    assert "events.Registration: 1 to do" in dry.getvalue()
    assert AccessAttempt.objects.filter(pk=old.pk).exists()

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert not AccessAttempt.objects.filter(pk=old.pk).exists()
    assert AccessAttempt.objects.filter(pk=recent.pk).exists()
    assert Registration.objects.get(pk=outsider.pk).email == ""
    assert "canari-ancien" not in _dump() and "Canarivieux" not in _dump()

    again = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=again)
    assert "axes.AccessAttempt: 0 to do" in again.getvalue()
