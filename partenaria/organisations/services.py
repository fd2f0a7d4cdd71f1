"""Business acts on organisations, units, people and memberships (issue 2 item 2, DP1, DP3).

Each act is one transaction with its audit event. Views call these; nothing else writes these
models (the superusers' admin site aside). Invalid acts raise ``ValidationError`` with a message a
person can act on, keyed by form field where there is one.
"""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from partenaria.core.audit import diff, log_action, snapshot

from .models import Membership, Organisation, Person, Role, Unit

ORGANISATION_FIELDS = [
    "name",
    "short_name",
    "kind",
    "siret",
    "street",
    "postcode",
    "city",
    "country",
    "website",
    "recruitment_url",
]
UNIT_FIELDS = ["name", "kind", "parent"]
PERSON_FIELDS = ["first_name", "last_name", "job_title", "unit", "email", "phone"]


def _only(data: Mapping[str, Any], allowed: list[str]) -> dict[str, Any]:
    # Mass assignment: only the listed fields are ever copied (trust 5).
    return {name: data[name] for name in allowed if name in data}


def _apply_logo(organisation: Organisation, logo) -> None:
    """``logo`` as a form gives it: a new upload, False to remove it, anything else keeps it."""
    if isinstance(logo, UploadedFile):
        organisation.logo = logo
    elif logo is False:
        organisation.logo = None


def _audit_snapshot(instance, fields: list[str]) -> dict[str, Any]:
    names = [instance._meta.get_field(f).attname for f in fields]
    return snapshot(instance, names)


# --- Organisations -------------------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *, by, data: Mapping[str, Any], logo=None, registered_by: Organisation | None = None
) -> Organisation:
    """Register an organisation (issue 2 item 2), e.g. a new school before its first partnership.

    The creator's organisation (``registered_by``, else the first one they administer) is recorded:
    it sees the new body and stewards it until the body has an administrator of its own.
    """
    organisation = Organisation(**_only(data, ORGANISATION_FIELDS))
    administered = Membership.objects.active().filter(user=by, role=Role.ADMIN)
    if registered_by is not None and administered.filter(organisation=registered_by).exists():
        organisation.registered_by = registered_by
    else:
        organisation.registered_by_id = (
            administered.order_by("organisation__name").values_list("organisation_id", flat=True).first()
        )
    _apply_logo(organisation, logo)
    organisation.full_clean()
    organisation.save()
    log_action(
        actor=by,
        action="organisation.created",
        target=organisation,
        changes=_audit_snapshot(organisation, ORGANISATION_FIELDS),
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, by, organisation: Organisation, data: Mapping[str, Any], logo=None
) -> Organisation:
    """Change an organisation's identity, address or logo (issue 2 item 2)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = _audit_snapshot(organisation, [*ORGANISATION_FIELDS, "logo"])
    for name, value in _only(data, ORGANISATION_FIELDS).items():
        setattr(organisation, name, value)
    _apply_logo(organisation, logo)
    organisation.full_clean()
    organisation.save()
    after = _audit_snapshot(organisation, [*ORGANISATION_FIELDS, "logo"])
    changes = diff(before, after)
    if changes:
        log_action(actor=by, action="organisation.updated", target=organisation, changes=changes)
    return organisation


# --- Units ---------------------------------------------------------------------------------------


def _check_parent(organisation: Organisation, parent: Unit | None) -> None:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError({"parent": _("The parent unit must belong to the same organisation.")})


@transaction.atomic
def unit_create(*, by, organisation: Organisation, data: Mapping[str, Any]) -> Unit:
    """Add a direction or service to an organisation's tree."""
    unit = Unit(organisation=organisation, **_only(data, UNIT_FIELDS))
    _check_parent(organisation, unit.parent)
    unit.full_clean()
    unit.save()
    log_action(actor=by, action="unit.created", target=unit, changes=_audit_snapshot(unit, UNIT_FIELDS))
    return unit


@transaction.atomic
def unit_update(*, by, unit: Unit, data: Mapping[str, Any]) -> Unit:
    """Rename a unit or move it in the tree; never under itself or one of its descendants."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = _audit_snapshot(unit, UNIT_FIELDS)
    for name, value in _only(data, UNIT_FIELDS).items():
        setattr(unit, name, value)
    _check_parent(unit.organisation, unit.parent)
    unit.full_clean()  # Unit.clean refuses a cycle
    unit.save()
    changes = diff(before, _audit_snapshot(unit, UNIT_FIELDS))
    if changes:
        log_action(actor=by, action="unit.updated", target=unit, changes=changes)
    return unit


@transaction.atomic
def unit_delete(*, by, unit: Unit) -> None:
    """Delete a unit that holds nothing: no sub-unit, no person."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.children.exists():
        raise ValidationError(_("This unit contains other units: move or delete them first."))
    if unit.people.exists():
        raise ValidationError(_("People belong to this unit: move them to another unit first."))
    log_action(actor=by, action="unit.deleted", target=unit, changes={"name": unit.name})
    try:
        unit.delete()
    except ProtectedError:
        raise ValidationError(_("Other records refer to this unit; it cannot be deleted.")) from None


# --- People --------------------------------------------------------------------------------------


def _check_unit(organisation: Organisation, unit: Unit | None) -> None:
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("The unit must belong to the same organisation.")})


@transaction.atomic
def person_create(*, by, organisation: Organisation, data: Mapping[str, Any]) -> Person:
    """Record someone who acts for the organisation (a representative, a referent, an agent)."""
    person = Person(organisation=organisation, **_only(data, PERSON_FIELDS))
    _check_unit(organisation, person.unit)
    person.full_clean()
    person.save()
    log_action(
        actor=by, action="person.created", target=person, changes=_audit_snapshot(person, PERSON_FIELDS)
    )
    return person


@transaction.atomic
def person_update(*, by, person: Person, data: Mapping[str, Any]) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = _audit_snapshot(person, PERSON_FIELDS)
    for name, value in _only(data, PERSON_FIELDS).items():
        setattr(person, name, value)
    _check_unit(person.organisation, person.unit)
    person.full_clean()
    person.save()
    changes = diff(before, _audit_snapshot(person, PERSON_FIELDS))
    if changes:
        log_action(actor=by, action="person.updated", target=person, changes=changes)
    return person


# --- Memberships ---------------------------------------------------------------------------------


def _other_active_admins(organisation: Organisation, excluding: Membership) -> int:
    # Lock the administrators' rows: two administrators demoting each other at the same time
    # must not leave the organisation without one.
    admins = list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Role.ADMIN, is_active=True, user__is_active=True)
        .exclude(pk=excluding.pk)
        .values_list("pk", flat=True)
    )
    return len(admins)


def _refuse_last_admin(membership: Membership) -> None:
    if (
        membership.role == Role.ADMIN
        and membership.is_active
        and not _other_active_admins(membership.organisation, membership)
    ):
        raise ValidationError(
            _("%(name)s is the last administrator of %(organisation)s: name another administrator first.")
            % {"name": membership.user, "organisation": membership.organisation}
        )


@transaction.atomic
def membership_invite(
    *, by, organisation: Organisation, email: str, role: str, first_name: str = "", last_name: str = ""
) -> tuple[Membership, bool]:
    """Give a person access to an organisation with a role (DP1).

    An existing account is added; otherwise an account is created without a usable password: the
    person chooses one through the password-reset page. Returns (membership, account_created).
    """
    User = get_user_model()
    email = User.objects.normalize_email(email.strip()).lower()
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, first_name=first_name.strip(), last_name=last_name.strip())
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
    membership = Membership.objects.select_for_update().filter(user=user, organisation=organisation).first()
    if membership is not None:
        if membership.is_active:
            raise ValidationError({"email": _("This person is already a member of the organisation.")})
        before = snapshot(membership, ["role", "is_active"])
        membership.role, membership.is_active = role, True
        membership.save()
        log_action(
            actor=by,
            action="membership.changed",
            target=membership,
            changes=diff(before, snapshot(membership, ["role", "is_active"])),
        )
        return membership, False
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    log_action(
        actor=by,
        action="membership.created",
        target=membership,
        changes={"email": email, "role": role, "account_created": created},
    )
    return membership, created


@transaction.atomic
def membership_change_role(*, by, membership: Membership, role: str) -> Membership:
    """Change a member's role; the last administrator cannot be demoted."""
    membership = (
        Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    )
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if role == membership.role:
        return membership
    if role != Role.ADMIN:
        _refuse_last_admin(membership)
    before = snapshot(membership, ["role"])
    membership.role = role
    membership.save()
    log_action(actor=by, action="membership.changed", target=membership, changes=diff(before, {"role": role}))
    return membership


@transaction.atomic
def membership_deactivate(*, by, membership: Membership) -> Membership:
    """Take a member's access away; effective from their next request. The last administrator stays."""
    membership = (
        Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    )
    if not membership.is_active:
        return membership
    _refuse_last_admin(membership)
    membership.is_active = False
    membership.save()
    log_action(
        actor=by,
        action="membership.deactivated",
        target=membership,
        changes={"is_active": [True, False], "role": membership.role},
    )
    return membership
