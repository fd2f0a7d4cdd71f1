"""The teaching cooperation in the situations of the Dijon convention [003 art. 2]: a school, an
authority whose agents intervene there, the school's officer who plans, the authority's HR who
approves."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import factory
from django.utils import timezone

from partenaria.organisations.models import Role
from partenaria.teaching.models import Decision, Intervention, InterventionKind, InterventionStatus
from partenaria.teaching.rules import school_year_of
from tests.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    officer_of,
)


def next_school_year_day(month: int = 11, day: int = 14) -> datetime.date:
    """A day of the coming school year's autumn, always in the future."""
    today = timezone.localdate()
    return datetime.date(school_year_of(today) + 1, month, day)


class InterventionFactory(factory.django.DjangoModelFactory):
    """A planned, unpaid half-day course given by an agent of the authority at the school."""

    class Meta:
        model = Intervention

    partnership = factory.SubFactory(PartnershipFactory)
    school = factory.LazyAttribute(
        lambda o: o.partnership.members.get(organisation__kind="school").organisation
    )
    agent = factory.LazyAttribute(
        lambda o: PersonFactory(
            organisation=o.partnership.members.exclude(organisation__kind="school").first().organisation
        )
    )
    kind = InterventionKind.TEACHING
    theme = factory.Sequence(lambda n: f"Protection de l'enfance, séance {n}")
    course = "DEASS 2e année"
    starts_on = factory.LazyFunction(next_school_year_day)
    hours = Decimal("3.5")
    is_paid = False
    school_year = factory.LazyAttribute(lambda o: school_year_of(o.starts_on))
    status = InterventionStatus.PLANNED

    class Params:
        paid = factory.Trait(is_paid=True)
        jury = factory.Trait(kind=InterventionKind.JURY, theme="Jury du DEES", hours=Decimal("7"))
        open_slot = factory.Trait(agent=None)
        requested = factory.Trait(
            status=InterventionStatus.REQUESTED, requested_at=factory.LazyFunction(timezone.now)
        )
        approved = factory.Trait(
            status=InterventionStatus.APPROVED,
            requested_at=factory.LazyFunction(timezone.now),
            decision=Decision.APPROVED,
            decided_at=factory.LazyFunction(timezone.now),
            decided_by_label="Responsable RH",
        )
        confirmed = factory.Trait(
            status=InterventionStatus.CONFIRMED,
            decision=Decision.APPROVED,
            decided_at=factory.LazyFunction(timezone.now),
            confirmed_at=factory.LazyFunction(timezone.now),
        )


def dijon_world():
    """Ville de Dijon and IRTESS partners under a convention in force; an agent of the city with an
    account, the school's officer, the city's HR referent and a head of service."""
    city = OrganisationFactory(departement=True, name="Ville de Dijon (test)")
    school = OrganisationFactory(school=True, name="IRTESS (test)")
    partnership = PartnershipFactory(members=[city, school])
    convention = ConventionFactory(partnership=partnership)
    school_officer = officer_of(school)
    hr = officer_of(city, role=Role.HR)
    city_officer = officer_of(city)
    agent_user = officer_of(city, role=Role.AGENT)
    agent = PersonFactory(
        organisation=city,
        user=agent_user,
        first_name="Léa",
        last_name="Morel",
        email="lea.morel@example.test",
    )
    return SimpleNamespace(
        city=city,
        school=school,
        partnership=partnership,
        convention=convention,
        school_officer=school_officer,
        hr=hr,
        city_officer=city_officer,
        agent_user=agent_user,
        agent=agent,
    )


def world_b_teaching(*, partnership, convention, host, school, site, canary: str):
    """The teaching objects of tests/test_access.py's partnership B, each in the state where the act
    aimed at it would succeed, their texts carrying the canary."""
    from partenaria.internships.models import HostSite
    from partenaria.teaching.models import Programme, ProgrammeDuty
    from tests.factories import CommitmentFactory

    agent = PersonFactory(organisation=host, last_name=f"Agent {canary}", email="agent-b@example.test")
    HostSite.objects.filter(pk=site.pk).update(manager=agent)  # the referent who receives the programme
    common = {"partnership": partnership, "school": school, "agent": agent, "convention": convention}
    planned = InterventionFactory(**common, theme=f"Cours {canary}")
    requested = InterventionFactory(**common, requested=True, theme=f"Jury {canary}")
    approved = InterventionFactory(**common, approved=True, theme=f"Forum {canary}")
    commitment = CommitmentFactory(
        convention=convention,
        debtor=school,
        description=f"Programme annuel {canary}",
        frequency="yearly",
        due_date=datetime.date(convention.start_date.year, 9, 30),
    )
    ProgrammeDuty.objects.create(commitment=commitment, school=school)
    programme = Programme.objects.create(
        partnership=partnership, school_year=planned.school_year, foreword=f"Programme {canary}"
    )
    from partenaria.internships.models import CompetenceBlock
    from partenaria.teaching.models import (
        DocumentationAccess,
        JobOffer,
        QualificationAction,
        Speaker,
        SpeakerCompetence,
    )

    offer = JobOffer.objects.create(
        partnership=partnership, employer=host, title=f"Assistant social {canary}"
    )
    today = timezone.localdate()
    access = DocumentationAccess.objects.create(
        partnership=partnership,
        school=school,
        agent=agent,
        registered_on=today,
        rules_version=f"2024 {canary}",
        rules_accepted_on=today,
    )
    action = QualificationAction.objects.create(
        partnership=partnership, kind="vae", title=f"VAE {canary}", people=2
    )
    speaker = Speaker.objects.create(
        partnership=partnership, school=school, agent=agent, charter_version="v1", charter_signed_on=today
    )
    block = CompetenceBlock.objects.order_by("pk").first()
    if block is not None:
        SpeakerCompetence.objects.create(
            speaker=speaker, block=block, level="confirmed", assessed_on=today, note=f"Note {canary}"
        )
    return SimpleNamespace(
        agent=agent,
        planned=planned,
        requested=requested,
        approved=approved,
        programme=programme,
        offer=offer,
        access=access,
        action=action,
        speaker=speaker,
    )


def teaching_models():
    from partenaria.teaching import models

    return [
        models.Intervention,
        models.ProgrammeDuty,
        models.Programme,
        models.JobOffer,
        models.DocumentationAccess,
        models.QualificationAction,
        models.Speaker,
        models.SpeakerCompetence,
    ]
