"""Memberships: who has access to an organisation, with what role (issue 2 item 2, DP1, trust 4)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partenaria.accounts.models import User
from partenaria.core.models import AuditEvent
from partenaria.organisations import services
from partenaria.organisations.models import Membership, Role
from tests.factories import UserFactory, officer_of

pytestmark = pytest.mark.django_db


def membership(user, organisation):
    return Membership.objects.get(user=user, organisation=organisation)


def test_an_administrator_adds_an_existing_account_by_email(client, world):
    colleague = UserFactory(email="colleague@example.test")
    client.force_login(world.admin_a)
    url = reverse("organisations:member_invite", args=[world.dept_a.pk])
    response = client.post(url, {"email": "Colleague@Example.test", "role": Role.HR})
    assert response.status_code == 302
    assert membership(colleague, world.dept_a).role == Role.HR
    event = AuditEvent.objects.get(action="membership.created")
    assert event.changes["account_created"] is False


def test_an_administrator_creates_an_account_whose_owner_chooses_the_password(client, world, mailoutbox):
    client.force_login(world.admin_a)
    url = reverse("organisations:member_invite", args=[world.dept_a.pk])
    data = {
        "email": "new.agent@example.test",
        "first_name": "Nouvel",
        "last_name": "Agent",
        "role": Role.AGENT,
    }
    response = client.post(url, data, follow=True)
    user = User.objects.get(email="new.agent@example.test")
    assert not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Nouvel", "Agent")
    assert membership(user, world.dept_a).role == Role.AGENT
    assert "new.agent@example.test" in response.content.decode()  # the message says what happened
    # The new account's owner gets the link to choose a password, nobody else does.
    assert [m.to for m in mailoutbox] == [["new.agent@example.test"]]
    assert "/compte/mot-de-passe/nouveau/" in mailoutbox[0].body


def test_adding_someone_already_member_is_refused_next_to_the_field(client, world):
    client.force_login(world.admin_a)
    url = reverse("organisations:member_invite", args=[world.dept_a.pk])
    response = client.post(url, {"email": world.viewer_a.email, "role": Role.ADMIN})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert membership(world.viewer_a, world.dept_a).role == Role.VIEWER


def test_a_deactivated_member_added_again_is_reactivated(world):
    services.membership_deactivate(by=world.admin_a, membership=membership(world.viewer_a, world.dept_a))
    found, created = services.membership_invite(
        by=world.admin_a, organisation=world.dept_a, email=world.viewer_a.email, role=Role.AGENT
    )
    assert not created and found.is_active and found.role == Role.AGENT
    assert AuditEvent.objects.filter(action="membership.changed").exists()


def test_an_administrator_changes_a_role(client, world):
    target = membership(world.viewer_a, world.dept_a)
    client.force_login(world.admin_a)
    url = reverse("organisations:member_role", args=[world.dept_a.pk, target.pk])
    assert client.post(url, {f"m{target.pk}-role": Role.PARTNERSHIP_OFFICER}).status_code == 302
    target.refresh_from_db()
    assert target.role == Role.PARTNERSHIP_OFFICER
    assert AuditEvent.objects.get(action="membership.changed").changes == {
        "role": [Role.VIEWER, Role.PARTNERSHIP_OFFICER]
    }


def test_state_never_changes_on_get(client, world):
    target = membership(world.viewer_a, world.dept_a)
    client.force_login(world.admin_a)
    assert (
        client.get(reverse("organisations:member_role", args=[world.dept_a.pk, target.pk])).status_code == 405
    )
    assert (
        client.get(reverse("organisations:member_deactivate", args=[world.dept_a.pk, target.pk])).status_code
        == 405
    )
    target.refresh_from_db()
    assert target.is_active and target.role == Role.VIEWER


@pytest.mark.parametrize("who", ["officer_a", "viewer_a"])
def test_only_administrators_manage_members(client, world, who):
    target = membership(world.admin_a, world.dept_a)
    client.force_login(getattr(world, who))
    pk = world.dept_a.pk
    assert client.get(reverse("organisations:members", args=[pk])).status_code == 403
    assert (
        client.post(
            reverse("organisations:member_invite", args=[pk]), {"email": "x@example.test", "role": Role.ADMIN}
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("organisations:member_role", args=[pk, target.pk]), {f"m{target.pk}-role": Role.VIEWER}
        ).status_code
        == 403
    )
    assert client.post(reverse("organisations:member_deactivate", args=[pk, target.pk])).status_code == 403
    target.refresh_from_db()
    assert target.is_active and target.role == Role.ADMIN
    assert not User.objects.filter(email="x@example.test").exists()


def test_a_removed_membership_takes_effect_on_the_next_request(client, world):
    client.force_login(world.officer_a)
    detail = reverse("organisations:detail", args=[world.dept_a.pk])
    assert client.get(detail).status_code == 200
    assert client.get(reverse("organisations:edit", args=[world.dept_a.pk])).status_code == 200
    services.membership_deactivate(by=world.admin_a, membership=membership(world.officer_a, world.dept_a))
    # Same session, next request: the organisation is gone for them.
    assert client.get(detail).status_code == 404
    assert client.get(reverse("organisations:edit", args=[world.dept_a.pk])).status_code == 404
    assert client.get(reverse("organisations:list")).context["page"].paginator.count == 0
    assert (
        AuditEvent.objects.get(action="membership.deactivated").target_id
        == membership(world.officer_a, world.dept_a).pk
    )


def test_a_downgraded_role_takes_effect_on_the_next_request(client, world):
    client.force_login(world.officer_a)
    edit = reverse("organisations:edit", args=[world.dept_a.pk])
    assert client.get(edit).status_code == 200
    services.membership_change_role(
        by=world.admin_a, membership=membership(world.officer_a, world.dept_a), role=Role.VIEWER
    )
    assert client.get(edit).status_code == 403


def test_the_last_administrator_can_be_neither_removed_nor_demoted(client, world):
    own = membership(world.admin_a, world.dept_a)
    client.force_login(world.admin_a)
    response = client.post(
        reverse("organisations:member_deactivate", args=[world.dept_a.pk, own.pk]), follow=True
    )
    assert response.status_code == 200
    assert next(iter(response.context["messages"])).level_tag == "error"
    response = client.post(
        reverse("organisations:member_role", args=[world.dept_a.pk, own.pk]), {f"m{own.pk}-role": Role.VIEWER}
    )
    own.refresh_from_db()
    assert own.is_active and own.role == Role.ADMIN
    assert not AuditEvent.objects.exists()
    # With a second administrator, the first may step down.
    second = officer_of(world.dept_a, role=Role.ADMIN)
    services.membership_deactivate(by=second, membership=own)
    own.refresh_from_db()
    assert not own.is_active
    with pytest.raises(ValidationError):
        services.membership_change_role(
            by=second, membership=membership(second, world.dept_a), role=Role.AGENT
        )


def test_an_inactive_account_does_not_count_as_the_other_administrator(world):
    officer_of(world.dept_a, role=Role.ADMIN, is_active=False)
    with pytest.raises(ValidationError):
        services.membership_deactivate(by=world.admin_a, membership=membership(world.admin_a, world.dept_a))


def test_the_members_page_lists_roles_with_a_form_per_member(client, world):
    client.force_login(world.admin_a)
    response = client.get(reverse("organisations:members", args=[world.dept_a.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for user in (world.admin_a, world.officer_a, world.viewer_a):
        assert user.email in page
    assert page.count('name="csrfmiddlewaretoken"') >= 6


def test_the_registering_organisation_stewards_a_new_school_until_it_has_its_own_administrator(client, world):
    school = services.organisation_create(
        by=world.admin_a, data={"name": "École nouvelle", "kind": "school"}, registered_by=world.dept_a
    )
    client.force_login(world.admin_a)
    invite = reverse("organisations:member_invite", args=[school.pk])
    response = client.post(invite, {"email": "director@example.test", "role": Role.ADMIN})
    assert response.status_code == 302
    # The school now runs itself: the Département still sees it but no longer manages it.
    assert client.get(reverse("organisations:detail", args=[school.pk])).status_code == 200
    assert client.get(invite).status_code == 403
    assert client.get(reverse("organisations:edit", args=[school.pk])).status_code == 403
