import re

import pytest
from django.core import mail
from django.urls import reverse

from partenaria.organisations.models import Role
from tests.factories import OrganisationFactory, officer_of


@pytest.mark.django_db
def test_an_invited_person_without_password_chooses_one_through_the_emailed_link(
    client, django_capture_on_commit_callbacks
):
    user = officer_of(OrganisationFactory(), role=Role.AGENT, email="invitee@example.test")
    user.set_unusable_password()
    user.save()

    response = client.post(reverse("accounts:password_reset"), {"email": "invitee@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)

    page = client.get(link, follow=True)
    assert page.status_code == 200
    set_url = page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert "new_password2" in weak.context["form"].errors
    done = client.post(
        set_url, {"new_password1": "une phrase assez longue", "new_password2": "une phrase assez longue"}
    )
    assert done.status_code == 302

    assert client.login(username="invitee@example.test", password="une phrase assez longue")
    # The link works once.
    assert (
        "validlink" in client.get(link, follow=True).context
        and not client.get(link, follow=True).context["validlink"]
    )


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_changing_ones_password_needs_the_old_one(client):
    user = officer_of(OrganisationFactory())
    client.force_login(user)
    url = reverse("accounts:password_change")
    refused = client.post(
        url, {"old_password": "wrong", "new_password1": "x" * 14, "new_password2": "x" * 14}
    )
    assert "old_password" in refused.context["form"].errors
    user.refresh_from_db()
    assert not user.check_password("x" * 14)
