"""Erasure through the pages (trust 16, GDPR art. 17): a person asks from « Mes données », the
administrators of her organisation see the request with its due date and erase her after a page
that says what goes and what stays nameless; proven on a PostgreSQL dump."""

import shutil
import subprocess

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partenaria.core.models import AuditEvent, ErasureRequest
from partenaria.internships.models import Placement
from partenaria.organisations.models import Person, Role
from tests.core.conftest import CANARY_EMAIL, CANARY_FIRST, CANARY_LAST, CANARY_PHONE
from tests.factories import OrganisationFactory, PersonFactory, officer_of


def test_a_person_asks_for_erasure_from_her_data_page(client, canary, django_capture_on_commit_callbacks):
    client.force_login(canary.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:erasure_request"), follow=True)

    request = ErasureRequest.objects.get(user=canary.user)
    assert request.organisation == canary.school and request.done_at is None
    assert request.due_on == timezone.localdate() + relativedelta(months=1)  # GDPR art. 12-3
    page = response.content.decode()
    assert "réponse attendue au plus tard le" in page
    assert AuditEvent.objects.filter(action="privacy.erasure_requested", actor=canary.user).count() == 1
    # The school's administrators are told, without the person's name.
    assert len(mail.outbox) == 1
    assert canary.school_admin.email in mail.outbox[0].bcc
    assert CANARY_LAST not in mail.outbox[0].body and CANARY_LAST not in mail.outbox[0].subject

    # Asking again while the request is open changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:erasure_request"))
    assert ErasureRequest.objects.filter(user=canary.user).count() == 1
    assert len(mail.outbox) == 1


def test_the_erasure_request_is_a_post(client, canary):
    client.force_login(canary.user)
    assert client.get(reverse("accounts:erasure_request")).status_code == 405
    assert not ErasureRequest.objects.exists()


def test_administrators_see_the_requests_of_their_organisation_only(client, canary):
    client.force_login(canary.user)
    client.post(reverse("accounts:erasure_request"))
    url = reverse("core:erasure_requests")

    client.force_login(canary.school_admin)
    page = client.get(url).content.decode()
    assert CANARY_LAST in page
    assert reverse("core:person_erase", args=[canary.school.pk, canary.person.pk]) in page

    for stranger in (officer_of(OrganisationFactory(), role=Role.ADMIN), officer_of(canary.school)):
        client.force_login(stranger)  # another organisation's administrator, an officer of the school
        assert CANARY_LAST not in client.get(url).content.decode()


def test_the_confirmation_page_lists_what_goes_and_what_stays_nameless(client, canary):
    client.force_login(canary.school_admin)
    page = client.get(
        reverse("core:person_erase", args=[canary.school.pk, canary.person.pk])
    ).content.decode()

    assert "Effacer" in page
    assert "stages" in page.lower() and "conservé sans le nom" in page
    assert Person.objects.get(pk=canary.person.pk).last_name == CANARY_LAST  # a GET changes nothing


def test_an_administrator_erases_a_person_of_her_organisation(client, canary):
    client.force_login(canary.user)
    client.post(reverse("accounts:erasure_request"))
    client.force_login(canary.school_admin)

    response = client.post(reverse("core:person_erase", args=[canary.school.pk, canary.person.pk]))

    assert response.status_code == 302
    person = Person.objects.get(pk=canary.person.pk)
    assert person.last_name != CANARY_LAST and CANARY_EMAIL not in person.email
    assert Placement.objects.filter(pk=canary.placement.pk).exists()
    request = ErasureRequest.objects.get(user=canary.user)
    assert request.done_at is not None and request.done_by == canary.school_admin
    event = AuditEvent.objects.get(action="privacy.person_anonymised")
    assert event.actor == canary.school_admin and event.changes["requests_answered"] == 1


def test_nobody_else_may_erase_a_person(client, canary):
    url = reverse("core:person_erase", args=[canary.school.pk, canary.person.pk])
    bystander = PersonFactory(last_name="Autrepersonne")
    for stranger in (
        officer_of(OrganisationFactory(), role=Role.ADMIN),  # another organisation
        officer_of(canary.school),  # an officer, not an administrator
        canary.user,  # the person herself: she asks, her administrators act
    ):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    # The person of another organisation through this organisation's address.
    client.force_login(canary.school_admin)
    other = reverse("core:person_erase", args=[canary.school.pk, bystander.pk])
    assert client.post(other).status_code == 404
    assert Person.objects.get(pk=canary.person.pk).last_name == CANARY_LAST
    assert Person.objects.get(pk=bystander.pk).last_name == "Autrepersonne"


def test_the_platform_staff_answer_for_any_organisation(client, canary):
    staff = officer_of(OrganisationFactory(), is_staff=True)
    client.force_login(canary.user)
    client.post(reverse("accounts:erasure_request"))
    client.force_login(staff)

    assert CANARY_LAST in client.get(reverse("core:erasure_requests")).content.decode()
    client.post(reverse("core:person_erase", args=[canary.school.pk, canary.person.pk]))

    assert Person.objects.get(pk=canary.person.pk).last_name != CANARY_LAST
    assert ErasureRequest.objects.get(user=canary.user).done_by == staff


# --- The same proof on a PostgreSQL dump -----------------------------------------------------------


def _pg_dump() -> str:
    settings = connection.settings_dict
    command = ["pg_dump", "--data-only", "--no-owner", "--dbname", settings["NAME"]]
    if settings.get("HOST"):
        command += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        command += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        command += ["--username", settings["USER"]]
    env = {"PGPASSWORD": settings.get("PASSWORD") or "", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(command, check=True, capture_output=True, env=env, text=True).stdout


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_erasure_leaves_no_trace_of_the_canary_in_a_pg_dump(client, canary):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: run with DATABASE_URL=postgres://...")
    before = _pg_dump()
    assert CANARY_LAST in before and CANARY_EMAIL in before and CANARY_PHONE in before

    client.force_login(canary.school_admin)
    client.post(reverse("core:person_erase", args=[canary.school.pk, canary.person.pk]))

    dump = _pg_dump().lower()
    for trace in (CANARY_FIRST, CANARY_LAST, CANARY_EMAIL, CANARY_PHONE, "va bien"):
        assert trace.lower() not in dump, trace
