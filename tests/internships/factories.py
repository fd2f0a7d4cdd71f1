"""Factories of the internship cycle, named after situations.

world = InternshipWorld()                 # a Département hosting a school's ASS students
site = HostSiteFactory(headcount=25)      # a site that may host 4 interns at once
ApplicationFactory(accepted=True)         # ready to become a placement
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import factory
from django.utils import timezone

from partenaria.internships import services
from partenaria.internships.models import (
    Application,
    ApplicationStatus,
    Campaign,
    Diploma,
    HostSite,
    HostSiteDiploma,
    Offer,
    Student,
    TrainerVisit,
    TrainingAttendance,
    TrainingSession,
    Tutor,
    TutorEvaluation,
)
from partenaria.organisations.models import Role
from tests.factories import OrganisationFactory, PartnershipFactory, PersonFactory, UnitFactory, officer_of

SCHOOL_YEAR = 2026
START = datetime.date(2026, 10, 5)  # a Monday


def diploma(code: str = "ASS") -> Diploma:
    found = Diploma.objects.filter(code=code).first()
    if found is None:  # a transactional test flushed the data migration's rows
        from partenaria.internships.reference import load_reference

        load_reference()
        found = Diploma.objects.get(code=code)
    return found


class HostSiteFactory(factory.django.DjangoModelFactory):
    """A unit of a Département accepting ASS students, staff of 10 (3 interns at once)."""

    class Meta:
        model = HostSite
        skip_postgeneration_save = True

    unit = factory.SubFactory(
        UnitFactory, organisation=factory.SubFactory(OrganisationFactory, departement=True)
    )
    organisation = factory.SelfAttribute("unit.organisation")
    headcount = 10

    @factory.post_generation
    def accepts(obj, create, extracted, **kwargs):
        if create:
            for code in extracted or ["ASS"]:
                HostSiteDiploma.objects.get_or_create(site=obj, diploma=diploma(code))


class TutorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tutor

    site = factory.SubFactory(HostSiteFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..site.organisation"))
    qualification = factory.LazyFunction(lambda: diploma("ASS"))


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    school = factory.SubFactory(OrganisationFactory, school=True)
    host = factory.SubFactory(OrganisationFactory, departement=True)
    partnership = factory.LazyAttribute(lambda o: PartnershipFactory(members=[o.host, o.school]))
    school_year = SCHOOL_YEAR


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    campaign = factory.SubFactory(CampaignFactory)
    site = factory.LazyAttribute(lambda o: HostSiteFactory(unit=UnitFactory(organisation=o.campaign.host)))
    diploma = factory.LazyFunction(lambda: diploma("ASS"))
    post = "Assistant de service social – accueil"
    places = 3
    period_start = START
    period_end = datetime.date(2027, 3, 26)


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    school = factory.SubFactory(OrganisationFactory, school=True)
    first_name = factory.Sequence(lambda n: f"Élève{n}")
    last_name = factory.Sequence(lambda n: f"Étudiant{n}")
    email = factory.Sequence(lambda n: f"etudiant{n}@ecole.example")
    diploma = factory.LazyFunction(lambda: diploma("ASS"))
    training_year = 2


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    offer = factory.SubFactory(OfferFactory)
    student = factory.LazyAttribute(lambda o: StudentFactory(school=o.offer.campaign.school))

    class Params:
        accepted = factory.Trait(status=ApplicationStatus.ACCEPTED)


class TrainerVisitFactory(factory.django.DjangoModelFactory):
    """A visit of the school's trainer planned a week into the internship, not held yet."""

    class Meta:
        model = TrainerVisit

    placement = None  # always given: a placement is made through the service (see place())
    trainer = factory.LazyAttribute(lambda o: PersonFactory(organisation=o.placement.campaign.school))
    planned_on = factory.LazyAttribute(lambda o: o.placement.start_date + datetime.timedelta(days=7))

    class Params:
        held = factory.Trait(held_on=factory.SelfAttribute("planned_on"), notes="Entretien tripartite.")


class EvaluationFactory(factory.django.DjangoModelFactory):
    """An evaluation link sent to the placement's tutor, open for 30 days (its raw secret is lost)."""

    class Meta:
        model = TutorEvaluation

    placement = None
    tutor = factory.SelfAttribute("placement.tutor")
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    sent_to = "tuteur@site.example"

    class Params:
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
        )
        submitted = factory.Trait(
            submitted_at=factory.LazyFunction(timezone.now), appreciation="Très bon stage."
        )


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """A tutor-training session held last month, 12 places."""

    class Meta:
        model = TrainingSession

    organiser = factory.SubFactory(OrganisationFactory, departement=True)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    place = "Salle du conseil"
    topic = "Accueillir et accompagner un stagiaire"
    capacity = 12

    class Params:
        upcoming = factory.Trait(
            held_on=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
        )
        full = factory.Trait(capacity=1)


def internship_world(headcount: int = 10):
    """A Département hosting a school's ASS students on one site with one ASS tutor."""
    campaign = CampaignFactory()
    site = HostSiteFactory(unit=UnitFactory(organisation=campaign.host), headcount=headcount)
    tutor = TutorFactory(site=site)
    offer = OfferFactory(campaign=campaign, site=site, tutor=tutor, places=20)
    school_officer = officer_of(campaign.school)
    host_hr = officer_of(campaign.host, role=Role.HR)
    return SimpleNamespace(
        campaign=campaign,
        site=site,
        tutor=tutor,
        offer=offer,
        school_officer=school_officer,
        host_hr=host_hr,
    )


def place(world, *, start=START, weeks=4, weekly=Decimal(35), tutor=None, student=None, offer=None):
    """Place a new accepted student for ``weeks`` weeks from ``start`` through the service."""
    offer = offer or world.offer
    application = ApplicationFactory(offer=offer, accepted=True, **({"student": student} if student else {}))
    return services.placement_create(
        by=world.school_officer,
        application=application,
        tutor=tutor or world.tutor,
        start=start,
        end=start + datetime.timedelta(days=7 * weeks - 3),
        weekly_hours=weekly,
    )


def world_b_internships(*, partnership, host, school, unit, canary: str):
    """The internship objects of tests/test_access.py's partnership B, their texts carrying the canary."""
    from partenaria.internships.models import CampaignRequest, Placement, PlacementPeriod, SectorContact

    campaign = CampaignFactory(partnership=partnership, host=host, school=school)
    CampaignRequest.objects.create(
        campaign=campaign,
        diploma=diploma("ASS"),
        students=4,
        period_start=START,
        period_end=datetime.date(2027, 3, 26),
    )
    site = HostSiteFactory(unit=unit, headcount=50)
    tutor = TutorFactory(site=site, person=PersonFactory(organisation=host, last_name=f"Tuteur {canary}"))
    SectorContact.objects.create(
        site=site, sector="Nord", role=f"Coordinatrice {canary}", person=tutor.person
    )
    offer = OfferFactory(campaign=campaign, site=site, tutor=tutor, post=f"Poste {canary}", places=5)
    transmitted = ApplicationFactory(
        offer=offer, student=StudentFactory(school=school, last_name=f"Candidat {canary}")
    )
    accepted = ApplicationFactory(
        offer=offer, accepted=True, student=StudentFactory(school=school, last_name=canary)
    )
    placed = ApplicationFactory(
        offer=offer,
        status=ApplicationStatus.PLACED,
        student=StudentFactory(school=school, last_name=f"Placé {canary}"),
    )
    end = START + datetime.timedelta(days=25)
    placement = Placement.objects.create(
        application=placed,
        campaign=campaign,
        student=placed.student,
        offer=offer,
        site=site,
        host=host,
        tutor=tutor,
        school_year=campaign.school_year,
        activities=f"Activités {canary}",
        start_date=START,
        end_date=end,
        total_hours=Decimal(140),
    )
    PlacementPeriod.objects.create(placement=placement, start=START, end=end, weekly_hours=Decimal(35))
    visit = TrainerVisit.objects.create(
        placement=placement,
        trainer=PersonFactory(organisation=school),
        planned_on=START + datetime.timedelta(days=7),
        notes=f"Visite {canary}",
    )
    evaluation = EvaluationFactory(placement=placement, appreciation="")
    session = TrainingSessionFactory(organiser=host, topic=f"Formation {canary}")
    TrainingAttendance.objects.create(session=session, tutor=tutor)
    return SimpleNamespace(
        campaign=campaign,
        site=site,
        tutor=tutor,
        offer=offer,
        transmitted=transmitted,
        accepted=accepted,
        placement=placement,
        visit=visit,
        evaluation=evaluation,
        session=session,
    )


def internship_models():
    """What tests/test_access.py fingerprints of the internships."""
    from partenaria.internships import models as m

    return [
        m.HostSite,
        m.HostSiteDiploma,
        m.Tutor,
        m.SectorContact,
        m.Campaign,
        m.CampaignRequest,
        m.Offer,
        m.Student,
        m.Application,
        m.Placement,
        m.PlacementPeriod,
        m.PlacementChange,
        m.TrainerVisit,
        m.TutorEvaluation,
        m.EvaluationLine,
        m.TrainingSession,
        m.TrainingAttendance,
    ]
