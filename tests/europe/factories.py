"""European projects in the situations of the Erasmus+ sheet [002]: the Département de l'Isère
coordinates, the Loire-Atlantique is pending, the Vallée d'Aoste to be confirmed; partners are sought
in Belgium, Finland and Ireland.

EuropeanProjectFactory(erasmus_ka204=True)   # the sheet of seed 002
organisation_in("Belgique", FOREIGN_BODY)     # an organisation of another country
erasmus_world()                               # the whole consortium, through the services
"""

import datetime
from types import SimpleNamespace

import factory

from partenaria.conventions.models import MemberStatus, PartnershipKind, PartnershipMember
from partenaria.europe import services
from partenaria.europe.models import EuropeanProject, PartnerType
from partenaria.organisations.models import OrganisationKind, Role
from tests.factories import OrganisationFactory, PartnershipFactory, PersonFactory, officer_of


def organisation_in(country: str, kind: str = OrganisationKind.DEPARTEMENT, **fields):
    return OrganisationFactory(country=country, kind=kind, **fields)


class EuropeanPartnershipFactory(PartnershipFactory):
    kind = PartnershipKind.EUROPEAN
    title = factory.Sequence(lambda n: f"Les métiers du social du futur {n}")


class EuropeanProjectFactory(factory.django.DjangoModelFactory):
    """A project sheet whose coordinator is the partnership's first member."""

    class Meta:
        model = EuropeanProject

    partnership = factory.SubFactory(EuropeanPartnershipFactory)
    coordinator = factory.LazyAttribute(lambda o: o.partnership.members.order_by("pk").first().organisation)
    programme = "Erasmus+ KA204"
    call_deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=60))
    keywords = "métiers du social du futur, inclusion, prospective, formation"
    objective = "Un échange de bonnes pratiques autour des métiers du social du futur."

    class Params:
        # The sheet of seed 002, dated as the source dates it (« mars 2020 »).
        erasmus_ka204 = factory.Trait(
            programme="Erasmus+ KA204 – Partenariat stratégique de l'éducation des adultes",
            call_deadline=datetime.date(2020, 3, 24),
            problem="Quelles politiques publiques de solidarité construire à l'horizon 2050 ?",
            activities="Mobilités apprenantes ; deux colloques de trois jours.",
            expected_results="Une typologie des métiers du social ; des pistes pour les formations.",
            dates_are_illustrative=True,
        )
        deadline_passed = factory.Trait(
            call_deadline=factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=1))
        )


def erasmus_world():
    """The consortium of seed 002 through the services: the Isère (coordinator, France) with a French
    training school (confirmed), the Loire-Atlantique (pending), the Vallée d'Aoste (Italy, to be
    confirmed, a public body competent in social action); the Isère's officer; a published search for
    Belgium, Finland and Ireland; a Belgian CPAS-like public body outside the partnership, with its
    officer, ready to answer."""
    isere = organisation_in("France", name="Département de l'Isère (test)")
    school = organisation_in(
        "France", OrganisationKind.SCHOOL, name="École régionale du travail social (test)"
    )
    loire = organisation_in("France", name="Département de la Loire-Atlantique (test)")
    aoste = organisation_in(
        "Italie", OrganisationKind.FOREIGN_BODY, name="Région autonome Vallée d'Aoste (test)"
    )
    partnership = EuropeanPartnershipFactory(members=[isere, school, loire, aoste])
    PartnershipMember.objects.filter(partnership=partnership, organisation=loire).update(
        status=MemberStatus.PENDING
    )
    PartnershipMember.objects.filter(partnership=partnership, organisation=aoste).update(
        status=MemberStatus.TO_CONFIRM
    )
    officer = officer_of(isere)
    contact = PersonFactory(
        organisation=isere, first_name="Claire", last_name="Vernet", email="c.vernet@isere.test"
    )
    project = services.project_create(
        by=officer,
        partnership=partnership,
        data={
            "coordinator": isere,
            "programme": "Erasmus+ KA204",
            "call_deadline": datetime.date.today() + datetime.timedelta(days=90),
            "keywords": "métiers du social du futur, inclusion",
            "objective": "Échanges de bonnes pratiques sur les métiers du social du futur.",
            "contact": contact,
        },
    )
    services.partner_update(
        by=officer,
        project=project,
        organisation=aoste,
        status=MemberStatus.TO_CONFIRM,
        partner_type=PartnerType.PUBLIC_SOCIAL,
    )
    search = services.search_save(
        by=officer,
        project=project,
        data={
            "summary": "Nous cherchons des collectivités et des organismes de formation.",
            "countries": ["BE", "FI", "IE"],
            "other_countries_welcome": True,
            "partner_types": [PartnerType.PUBLIC_SOCIAL, PartnerType.TRAINING],
        },
    )
    services.search_publish(by=officer, search=search)
    search.refresh_from_db()
    belgian = organisation_in("Belgique", OrganisationKind.FOREIGN_BODY, name="CPAS de Liège (test)")
    belgian_officer = officer_of(belgian, role=Role.PARTNERSHIP_OFFICER)
    return SimpleNamespace(
        project=project,
        partnership=partnership,
        isere=isere,
        school=school,
        loire=loire,
        aoste=aoste,
        officer=officer,
        contact=contact,
        search=search,
        belgian=belgian,
        belgian_officer=belgian_officer,
    )


def confirm_everyone(project):
    PartnershipMember.objects.filter(partnership=project.partnership).update(status=MemberStatus.CONFIRMED)
