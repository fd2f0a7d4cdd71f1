"""Reads of the European projects: the partners with their status and type, the consortium check
(EU3) over the confirmed partners and over every partner, the mobility plan (EU4)."""

from dataclasses import dataclass

from partenaria.conventions.models import MemberStatus, PartnershipMember

from . import rules
from .models import Delegation, EuropeanProject, Mobility, PartnerType, ProjectPartner, default_partner_type


@dataclass(frozen=True)
class PartnerRow:
    member: PartnershipMember
    partner_type: str

    @property
    def organisation(self):
        return self.member.organisation

    @property
    def partner_type_label(self) -> str:
        return str(dict(PartnerType.choices).get(self.partner_type, self.partner_type))

    @property
    def public_social(self) -> bool:
        return self.partner_type == PartnerType.PUBLIC_SOCIAL


def partners(project: EuropeanProject) -> list[PartnerRow]:
    """Every member of the partnership with the type it brings (two queries)."""
    types = dict(
        ProjectPartner.objects.filter(project=project).values_list("organisation_id", "partner_type")
    )
    members = (
        PartnershipMember.objects.filter(partnership_id=project.partnership_id)
        .select_related("organisation")
        .order_by("organisation__country", "organisation__name")
    )
    return [
        PartnerRow(m, types.get(m.organisation_id) or default_partner_type(m.organisation)) for m in members
    ]


def consortium(rows: list[PartnerRow], *, confirmed_only: bool) -> rules.ConsortiumCheck:
    """The consortium rule (EU3) over the confirmed partners, or over every partner (what the
    consortium would be if every pending and to-be-confirmed partner confirmed)."""
    chosen = [r for r in rows if not confirmed_only or r.member.status == MemberStatus.CONFIRMED]
    return rules.check_consortium(
        rules.ConsortiumPartner(
            name=r.organisation.display_name, country=r.organisation.country, public_social=r.public_social
        )
        for r in chosen
    )


def mobility_plan(project: EuropeanProject) -> tuple[list[Mobility], list[str]]:
    """The mobilities with their delegations, and the countries that host none yet (EU4)."""
    from django.db.models import Prefetch

    mobilities = list(
        Mobility.objects.filter(project=project)
        .select_related("host")
        .prefetch_related(Prefetch("delegations", queryset=Delegation.objects.order_by("country")))
    )
    from .services import consortium_countries

    missing = rules.hosts_missing(consortium_countries(project), [m.host_country for m in mobilities])
    return mobilities, missing
