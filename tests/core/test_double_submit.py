"""A form sent twice creates one object (trust 23), on the partnership creation page."""

import re

import pytest
from django.urls import reverse

from partenaria.conventions.models import Partnership
from partenaria.core.once import FIELD, once_per_submission
from tests.factories import OrganisationFactory, officer_of

pytestmark = pytest.mark.django_db


def form_token(client, url) -> str:
    html = client.get(url).content.decode()
    return re.search(rf'name="{FIELD}" value="([^"]+)"', html).group(1)


def test_a_partnership_form_sent_twice_creates_one_partnership(client):
    dept, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    client.force_login(officer_of(dept))
    url = reverse("conventions:partnership_create")
    data = {
        "title": "ISSM",
        "kind": "training",
        "organisations": [dept.pk, school.pk],
        "lead": dept.pk,
        FIELD: form_token(client, url),
    }
    first = client.post(url, data)
    second = client.post(url, data)  # the double click, or "resend" after going back

    partnership = Partnership.objects.get()
    assert first.url == second.url == partnership.get_absolute_url()
    page = client.get(second.url)
    assert "déjà été envoyé" in page.content.decode()

    # A new rendering of the form is a new partnership.
    client.post(url, {**data, "title": "Second", FIELD: form_token(client, url)})
    assert Partnership.objects.count() == 2


def test_a_refused_form_can_be_corrected_and_sent_again_with_the_same_token(client):
    dept, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    client.force_login(officer_of(dept))
    url = reverse("conventions:partnership_create")
    token = form_token(client, url)
    refused = client.post(url, {"title": "", "kind": "training", "organisations": [dept.pk], FIELD: token})
    assert refused.status_code == 200
    data = {"title": "ISSM", "kind": "training", "organisations": [dept.pk, school.pk], "lead": dept.pk}
    assert client.post(url, {**data, FIELD: token}).status_code == 302
    assert Partnership.objects.count() == 1


def test_a_second_request_while_the_first_is_still_saving_does_not_run_the_act(rf, django_user_model):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponseRedirect

    calls = []

    @once_per_submission
    def view(request):
        calls.append(1)
        if len(calls) == 1:
            # While the first request runs, the same form arrives again.
            inner = rf.post("/new/", {FIELD: "abc"})
            inner.user, inner.session = request.user, {}
            inner._messages = FallbackStorage(inner)
            second = view(inner)
            assert second.status_code == 302 and second.url == "/new/"
        return HttpResponseRedirect("/created/1/")

    user = django_user_model.objects.create_user("a@example.test", "x")
    request = rf.post("/new/", {FIELD: "abc"})
    request.user, request.session = user, {}
    request._messages = FallbackStorage(request)
    assert view(request).url == "/created/1/"
    assert calls == [1]
