"""Organisations, their units, people and memberships: the tenancy root (DP1)."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partenaria.core.models import TimeStampedModel

from .validators import normalise_siret, validate_logo, validate_siret


class OrganisationKind(models.TextChoices):
    DEPARTEMENT = "departement", _("Département")
    CITY = "city", _("City")
    METROPOLE = "metropole", _("Métropole")
    CCAS = "ccas", _("CCAS (municipal social action centre)")
    REGION = "region", _("Region")
    SCHOOL = "school", _("Social-work school")
    ASSOCIATION = "association", _("Association")
    STATE_SERVICE = "state_service", _("State service")
    FOREIGN_BODY = "foreign_body", _("Foreign body")
    OTHER = "other", _("Other")


PUBLIC_BODY_KINDS = {
    OrganisationKind.DEPARTEMENT,
    OrganisationKind.CITY,
    OrganisationKind.METROPOLE,
    OrganisationKind.CCAS,
    OrganisationKind.REGION,
    OrganisationKind.STATE_SERVICE,
}


def logo_path(instance, filename: str) -> str:
    # Random names: an uploaded name never reaches the file system (trust 12).
    return f"logos/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations ``user`` may see (DP1): their own, those registered by one of them, and those
        sharing a partnership with one of them. A user never sees an organisation unlinked to theirs."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        own = Membership.objects.active().filter(user=user).values("organisation_id")
        readers = (
            Membership.objects.active()
            .filter(user=user, role__in=PARTNERSHIP_READER_ROLES)
            .values("organisation_id")
        )
        # Reverse relations of conventions.PartnershipMember (related names "partnership_members"
        # and "members"); conventions imports this module, so no import the other way.
        partners = Organisation.objects.filter(
            partnership_members__partnership__members__organisation_id__in=readers
        ).values("pk")
        return self.filter(Q(pk__in=own) | Q(registered_by__in=readers) | Q(pk__in=partners))


class Organisation(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    siret = models.CharField(
        _("SIRET"),
        max_length=20,
        blank=True,
        validators=[validate_siret],
        help_text=_("14 digits, optional."),
    )
    street = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=60, default="France")
    website = models.URLField(_("website"), blank=True)
    recruitment_url = models.URLField(
        _("recruitment page"), blank=True, help_text=_("Where spontaneous applications are redirected.")
    )
    logo = models.ImageField(
        _("logo"),
        upload_to=logo_path,
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG, GIF or WebP, 1 MB at most. Printed on every generated document."),
    )
    # The organisation whose administrator registered this one (a new school before its first
    # partnership): it sees it, and stewards it until it has an administrator of its own.
    registered_by = models.ForeignKey(
        "self",
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registered_organisations",
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.siret:
            self.siret = normalise_siret(self.siret)

    @property
    def siret_display(self) -> str:
        """41047508100015 -> "410 475 081 00015" (SIREN in groups of three, then the NIC)."""
        siret = normalise_siret(self.siret or "")
        if len(siret) != 14:
            return siret
        return f"{siret[0:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"

    @property
    def is_public_body(self) -> bool:
        return self.kind in PUBLIC_BODY_KINDS

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class UnitKind(models.TextChoices):
    DIRECTION = "direction", _("Direction")
    SERVICE = "service", _("Service")
    TERRITORIAL = "territorial", _("Territorial office")
    OTHER = "other", _("Other")


class Unit(TimeStampedModel):
    """A direction or service inside an organisation; units form a tree."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.SERVICE)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "parent", "name"], name="unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": _("The parent unit must belong to the same organisation.")})
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": _("A unit cannot be placed under itself.")})
            seen.add(node.pk)
            node = node.parent

    def ancestors(self) -> list["Unit"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))


class Person(TimeStampedModel):
    """Someone who acts for an organisation: a representative, a referent, an agent.

    A person may have a user account (``user``) or not (an elected official who only signs).
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    PARTNERSHIP_OFFICER = "partnership_officer", _("Partnership officer")
    HR = "hr", _("Human resources")
    HOST_REFERENT = "host_referent", _("Host-site referent")
    AGENT = "agent", _("Agent")
    STUDENT = "student", _("Student")
    VIEWER = "viewer", _("Viewer")


# Roles that manage the partnerships of their organisation (create and edit conventions).
MANAGER_ROLES = {Role.ADMIN, Role.PARTNERSHIP_OFFICER}
# Roles that see the partnerships of their organisation. Students see only their own records (DP1).
PARTNERSHIP_READER_ROLES = {r for r in Role if r != Role.STUDENT}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class Membership(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_one_role_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"
