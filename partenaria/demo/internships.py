"""Demo internships (IN1-IN8), played through ``internships.services``.

- Dijon [003]: the « sites qualifiants » of the Ville de Dijon – the Direction action sociale under
  its host-site convention, the Direction de la petite enfance with its North and South sector
  coordinators (annex 2) – and the IRTESS campaign of the current school year, with offers, students,
  applications (one declined with its reason) and two placements.
- Ille-et-Vilaine and Askoria [000]: the 2024-2025 campaign whose placements give « 19 stages longs
  dont 15 gratifiés en 2025 »: 15 full-time internships of 12 weeks (420 h, gratified) and 4
  part-time ones of 10 weeks (280 h: more than two calendar months, but not more than two months of
  presence, so not gratified).
  The first Askoria intern is followed up: the school's trainer's visit on site, the tutor's
  evaluation filled; the Département trained five of its tutors in one session (IN7, IN10).
- Haut-Rhin and ISSM [004 art. 4]: ASS and ES students of the current school year.

Every person (tutors, students, managers) is invented; dates other than the year 2025 of the
Askoria figures are illustrative.
"""

import datetime
import unicodedata
from decimal import Decimal

from django.db.models import Q

from partenaria.conventions.models import Convention, ConventionKind, Partnership
from partenaria.internships import followup_services as followup
from partenaria.internships import hours, services
from partenaria.internships.models import (
    Campaign,
    CompetenceBlock,
    Diploma,
    HostSite,
    Level,
    Placement,
    Student,
    TrainingSession,
    VisitKind,
)
from partenaria.internships.reference import load_reference
from partenaria.organisations import services as organisation_services
from partenaria.organisations.models import Person, Unit

from . import data

D = datetime.date
FULL_TIME = Decimal(35)
PART_TIME = Decimal(28)


def load(demo) -> None:
    # A flushed database (transactional tests) has lost the rows of the data migration.
    load_reference()
    _dijon(demo)
    _askoria(demo)
    _haut_rhin(demo)


def reset(organisations) -> None:
    """Delete the internship records of the demo organisations and their audit events
    (called by ``loader.reset``)."""
    from django.contrib.contenttypes.models import ContentType

    from partenaria.core.models import AuditEvent

    targets = [
        (
            Placement,
            Placement.objects.filter(Q(host__in=organisations) | Q(campaign__school__in=organisations)),
        ),
        (Campaign, Campaign.objects.filter(Q(school__in=organisations) | Q(host__in=organisations))),
        (Student, Student.objects.filter(school__in=organisations)),
        (TrainingSession, TrainingSession.objects.filter(organiser__in=organisations)),
        (HostSite, HostSite.objects.filter(organisation__in=organisations)),
    ]
    for model, queryset in targets:
        pks = list(queryset.values_list("pk", flat=True))
        queryset.delete()
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id__in=pks
        ).delete()


# --- Helpers ------------------------------------------------------------------------------------


def _user_of(org_key: str, last_name: str):
    return Person.objects.get(organisation__name=_org_name(org_key), last_name=last_name).user


def _org_name(key: str) -> str:
    return next(o.name for o in data.ORGANISATIONS if o.key == key)


def _diploma(code: str) -> Diploma:
    return Diploma.objects.get(code=code)


def _person(by, organisation, first_name, last_name, job_title, unit=None) -> Person:
    return organisation_services.person_create(
        by=by,
        organisation=organisation,
        data={
            "first_name": first_name,
            "last_name": last_name,
            "job_title": job_title,
            "unit": unit,
        },
    )


def _site(by, unit, *, headcount, diplomas, manager=None, convention=None, recruitment_url="", uncovered=()):
    """Declare the site and accept its diplomas; blocks listed in ``uncovered`` cannot be worked there."""
    site = services.host_site_create(
        by=by,
        unit=unit,
        data={
            "manager": manager,
            "headcount": headcount,
            "recruitment_url": recruitment_url,
            "convention": convention,
        },
    )
    for code in diplomas:
        blocks = CompetenceBlock.objects.filter(diploma__code=code).exclude(code__in=uncovered)
        services.site_diploma_set(by=by, site=site, diploma=_diploma(code), covered_blocks=blocks)
    return site


def _tutors(by, site, people: list[tuple[str, str, str, str]]):
    return [
        services.tutor_add(
            by=by,
            site=site,
            person=_person(by, site.organisation, first, last, job, site.unit),
            qualification=_diploma(code),
        )
        for first, last, job, code in people
    ]


def _ascii_slug(first_name: str, last_name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", f"{first_name}.{last_name}").encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() or c == "." else "-" for c in ascii_name.lower())


def _student(by, campaign, first_name, last_name, code, year):
    slug = _ascii_slug(first_name, last_name)
    return services.student_add(
        by=by,
        campaign=campaign,
        data={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{slug}@etudiants.{campaign.school_id}{data.EMAIL_DOMAIN_SUFFIX}",
            "diploma": _diploma(code),
            "training_year": year,
        },
    )


def _offer(by, campaign, site, code, post, places, start, end, *, tutor=None, collective=False):
    return services.offer_add(
        by=by,
        campaign=campaign,
        data={
            "site": site,
            "diploma": _diploma(code),
            "post": post,
            "places": places,
            "period_start": start,
            "period_end": end,
            "collective": collective,
            "tutor": tutor,
        },
    )


def _request(by, campaign, code, students, start, end):
    services.campaign_request_add(
        by=by,
        campaign=campaign,
        data={"diploma": _diploma(code), "students": students, "period_start": start, "period_end": end},
    )


def _apply(school_by, host_by, student, offer, *, accept=True, reason="", preference=1):
    application = services.application_transmit(
        by=school_by, student=student, offer=offer, preference=preference
    )
    if accept is None:
        return application
    return services.application_decide(by=host_by, application=application, accept=accept, reason=reason)


def _place(by, application, tutor, start, weeks, weekly, activities=""):
    # Whole weeks, Monday to Friday: the last day is the Friday of the last week.
    end = start + datetime.timedelta(days=7 * weeks - 3)
    return services.placement_create(
        by=by,
        application=application,
        tutor=tutor,
        start=start,
        end=end,
        weekly_hours=weekly,
        activities=activities,
    )


def _first_monday(year: int, month: int, day: int = 1) -> datetime.date:
    first = D(year, month, day)
    return first + datetime.timedelta(days=(7 - first.weekday()) % 7)


# --- Dijon [003] --------------------------------------------------------------------------------


def _dijon(demo) -> None:
    from .loader import DIJON_PARTNERSHIP

    city, school = demo.orgs["ville-dijon"], demo.orgs["irtess"]
    hr = _user_of("ville-dijon", "Benali")
    irtess = demo.officer("irtess")
    partnership = Partnership.objects.get(title=DIJON_PARTNERSHIP)
    host_site_convention = Convention.objects.get(partnership=partnership, kind=ConventionKind.HOST_SITE)
    unit = {u.name: u for u in Unit.objects.filter(organisation=city)}

    social = _site(
        hr,
        unit["Direction action sociale"],
        headcount=45,
        diplomas=["ASS", "ES", "CESF"],
        manager=_person(
            hr,
            city,
            "Véronique",
            "Lacroix",
            "Directrice de l'action sociale",
            unit["Direction action sociale"],
        ),
        convention=host_site_convention,
        recruitment_url="https://recrutement.ville-dijon.example/candidature-spontanee",
        uncovered=["DC2"],  # illustrative: the analysis of social questions is worked at the school
    )
    perret, caron = _tutors(
        hr,
        social,
        [
            ("Nathalie", "Perret", "Assistante de service social", "ASS"),
            ("Julien", "Caron", "Éducateur spécialisé", "ES"),
        ],
    )
    early = _site(
        hr,
        unit["Direction de la petite enfance"],
        headcount=120,
        diplomas=["EJE", "AES"],
        manager=_person(
            hr,
            city,
            "Hélène",
            "Marchal",
            "Directrice de la petite enfance",
            unit["Direction de la petite enfance"],
        ),
    )
    (vidal,) = _tutors(hr, early, [("Claire", "Vidal", "Éducatrice de jeunes enfants", "EJE")])
    for sector, last_name in (("Nord", "Michaud"), ("Sud", "Fontaine")):
        services.sector_contact_add(
            by=hr,
            site=early,
            sector=f"Secteur {sector}",
            role=f"Coordinatrice secteur {sector}",
            person=Person.objects.get(organisation=city, last_name=last_name),
        )

    year = hours.school_year_of(demo.today)
    campaign = services.campaign_create(
        by=irtess,
        partnership=partnership,
        school=school,
        host=city,
        school_year=year,
        hr_contact=Person.objects.get(user=hr),
    )
    start, end = _first_monday(year + 1, 1, 4), D(year + 1, 3, 26)
    _request(irtess, campaign, "ASS", 4, start, end)
    _request(irtess, campaign, "EJE", 3, start, end)
    _request(irtess, campaign, "ES", 2, start, end)
    ass = _offer(hr, campaign, social, "ASS", "Accueil et accompagnement social", 2, start, end, tutor=perret)
    es = _offer(
        hr, campaign, social, "ES", "Accompagnement éducatif des familles", 1, start, end, tutor=caron
    )
    eje = _offer(
        hr,
        campaign,
        early,
        "EJE",
        "Multi-accueil – secteur Nord",
        2,
        start,
        end,
        tutor=vidal,
        collective=True,
    )

    lea = _student(irtess, campaign, "Léa", "Girard", "ASS", 3)
    hugo = _student(irtess, campaign, "Hugo", "Petit", "ASS", 2)
    manon = _student(irtess, campaign, "Manon", "Lefèvre", "EJE", 2)
    sarah = _student(irtess, campaign, "Sarah", "Colin", "EJE", 1)
    yanis = _student(irtess, campaign, "Yanis", "Morel", "ES", 2)
    _place(
        irtess,
        _apply(irtess, hr, lea, ass),
        perret,
        start,
        10,
        FULL_TIME,
        "Accueil, premier entretien, suivi de situations",
    )
    _place(
        irtess, _apply(irtess, hr, hugo, ass), perret, start, 8, PART_TIME, "Accueil et orientation du public"
    )
    _apply(irtess, hr, manon, eje)
    _apply(irtess, hr, sarah, eje, accept=None)
    _apply(
        irtess,
        hr,
        yanis,
        es,
        accept=False,
        reason="Période déjà pourvue ; une place est possible au printemps.",
    )


# --- Ille-et-Vilaine and Askoria [000] -----------------------------------------------------------


def _askoria(demo) -> None:
    from .loader import ASKORIA_PARTNERSHIP

    dept, school = demo.orgs["ille-et-vilaine"], demo.orgs["askoria"]
    hr = _user_of("ille-et-vilaine", "Robin")
    askoria = demo.officer("askoria")
    partnership = Partnership.objects.get(title=ASKORIA_PARTNERSHIP)
    cdas_unit = Unit.objects.get(organisation=dept, name="Centres départementaux d'action sociale (CDAS)")
    family_unit = organisation_services.unit_create(
        by=hr,
        organisation=dept,
        data={"name": "Direction Enfance Famille", "kind": "direction", "parent": None},
    )
    cdas = _site(hr, cdas_unit, headcount=150, diplomas=["ASS", "CESF"])
    family = _site(hr, family_unit, headcount=60, diplomas=["ES", "ASS"])
    cdas_ass = _tutors(
        hr,
        cdas,
        [
            ("Gaëlle", "Le Bihan", "Assistante sociale de secteur", "ASS"),
            ("Yann", "Kerhervé", "Assistant social de secteur", "ASS"),
            ("Morgane", "Tanguy", "Assistante sociale, référente stages", "ASS"),
        ],
    )
    (cdas_cesf,) = _tutors(
        hr, cdas, [("Rozenn", "Le Goff", "Conseillère en économie sociale familiale", "CESF")]
    )
    family_es = _tutors(
        hr,
        family,
        [
            ("Erwan", "Guillou", "Éducateur spécialisé", "ES"),
            ("Solène", "Prigent", "Éducatrice spécialisée", "ES"),
            ("Loïc", "Le Roux", "Éducateur spécialisé", "ES"),
        ],
    )
    (family_ass,) = _tutors(hr, family, [("Anne", "Jézéquel", "Assistante sociale", "ASS")])

    campaign = services.campaign_create(
        by=askoria, partnership=partnership, school=school, host=dept, school_year=2024
    )
    start = D(2025, 1, 6)  # a Monday
    _request(askoria, campaign, "ASS", 12, start, D(2025, 4, 25))
    _request(askoria, campaign, "ES", 8, start, D(2025, 4, 25))
    _request(askoria, campaign, "CESF", 3, start, D(2025, 4, 25))
    offers = {
        ("cdas", "ASS"): _offer(
            hr, campaign, cdas, "ASS", "Polyvalence de secteur", 8, start, D(2025, 3, 28)
        ),
        ("cdas", "CESF"): _offer(
            hr, campaign, cdas, "CESF", "Accompagnement budgétaire", 3, start, D(2025, 3, 28)
        ),
        ("family", "ES"): _offer(
            hr, campaign, family, "ES", "Protection de l'enfance", 6, start, D(2025, 3, 28)
        ),
        ("family", "ASS"): _offer(
            hr, campaign, family, "ASS", "Aide sociale à l'enfance", 2, start, D(2025, 3, 28)
        ),
    }
    # (site, diploma, tutor, weeks, weekly hours): 15 x 12 weeks full time, 4 x 10 weeks part time.
    plan = (
        [("cdas", "ASS", cdas_ass[i % 3], 12, FULL_TIME) for i in range(8)]
        + [("family", "ES", family_es[i % 3], 12, FULL_TIME) for i in range(5)]
        + [("cdas", "CESF", cdas_cesf, 12, FULL_TIME) for _ in range(2)]
        + [("family", "ASS", family_ass, 10, PART_TIME) for _ in range(2)]
        + [("family", "ES", family_es[2], 10, PART_TIME), ("cdas", "CESF", cdas_cesf, 10, PART_TIME)]
    )
    names = [
        ("Maël", "Le Gall"),
        ("Lina", "Bréhier"),
        ("Noé", "Cadiou"),
        ("Jade", "Rolland"),
        ("Enzo", "Pasquier"),
        ("Chloé", "Lemaître"),
        ("Théo", "Hamon"),
        ("Zoé", "Riou"),
        ("Nolan", "Briand"),
        ("Inès", "Gouriou"),
        ("Lucas", "Quéré"),
        ("Emma", "Salaün"),
        ("Tom", "Le Floch"),
        ("Lou", "Hervé"),
        ("Axel", "Cornec"),
        ("Mila", "Le Meur"),
        ("Sacha", "Bodin"),
        ("Louise", "Tréguer"),
        ("Malo", "Derrien"),
    ]
    placements = []
    for (site, code, tutor, weeks, weekly), (first, last) in zip(plan, names, strict=True):
        student = _student(askoria, campaign, first, last, code, 3 if weeks == 12 else 2)
        placements.append(
            _place(askoria, _apply(askoria, hr, student, offers[(site, code)]), tutor, start, weeks, weekly)
        )
    _askoria_follow_up(askoria, school, placements[0])
    _askoria_tutor_training(hr, dept, cdas_ass + family_es)


def _askoria_follow_up(askoria, school, placement) -> None:
    """The school's trainer visits the first intern on site; the tutor fills the evaluation (IN7).
    Dates illustrative, within the 2025 internship."""
    trainer = _person(askoria, school, "Anaïs", "Rouxel", "Formatrice référente de stage")
    visit = followup.visit_plan(
        by=askoria,
        placement=placement,
        data={"kind": VisitKind.ON_SITE, "trainer": trainer, "planned_on": D(2025, 2, 12), "notes": ""},
    )
    followup.visit_record(
        by=askoria,
        visit=visit,
        data={
            "kind": VisitKind.ON_SITE,
            "held_on": D(2025, 2, 12),
            "notes": "Entretien tripartite au CDAS : premiers entretiens menés seul, écrits à consolider.",
        },
    )
    tutor = placement.tutor.person
    tutor.email = (
        f"{_ascii_slug(tutor.first_name, tutor.last_name)}@ille-et-vilaine{data.EMAIL_DOMAIN_SUFFIX}"
    )
    tutor.save(update_fields=["email"])
    # The demo mails no one: the link is recorded as sent, then filled by the tutor.
    evaluation, _token = followup.evaluation_request(by=askoria, placement=placement, notify=False)
    levels = {
        block.pk: (Level.ACQUIRED if index % 2 == 0 else Level.IN_PROGRESS, "")
        for index, block in enumerate(followup.blocks_worked_on_site(placement))
    }
    followup.evaluation_submit(
        evaluation=evaluation,
        levels=levels,
        appreciation="Stagiaire impliqué, à l'écoute des personnes accueillies ; rédaction des rapports à approfondir.",
    )


def _askoria_tutor_training(hr, dept, tutors) -> None:
    """One tutor-training session of the Département, attended by five of its tutors (IN10).
    Illustrative date and place."""
    session = followup.training_session_create(
        by=hr,
        organiser=dept,
        data={
            "held_on": D(2024, 11, 21),
            "place": "Hôtel du Département, Rennes",
            "topic": "Accueillir et accompagner un stagiaire en travail social",
            "capacity": 15,
        },
    )
    followup.training_attendance_add(by=hr, session=session, tutors=tutors[:5])


# --- Haut-Rhin and ISSM [004 art. 4] -------------------------------------------------------------


def _haut_rhin(demo) -> None:
    from .loader import HAUT_RHIN_PARTNERSHIP

    dept, school = demo.orgs["haut-rhin"], demo.orgs["issm"]
    officer, issm = demo.officer("haut-rhin"), demo.officer("issm")
    partnership = Partnership.objects.get(title=HAUT_RHIN_PARTNERSHIP)
    unit = Unit.objects.get(organisation=dept, name="Direction Développement Social des Territoires")
    site = _site(officer, unit, headcount=80, diplomas=["ASS", "ES"])
    kieffer, bauer = _tutors(
        officer,
        site,
        [
            ("Mathilde", "Kieffer", "Assistante sociale", "ASS"),
            ("Thomas", "Bauer", "Éducateur spécialisé", "ES"),
        ],
    )
    year = hours.school_year_of(demo.today)
    campaign = services.campaign_create(
        by=issm, partnership=partnership, school=school, host=dept, school_year=year
    )
    start, end = _first_monday(year + 1, 2), D(year + 1, 5, 28)
    _request(issm, campaign, "ASS", 3, start, end)
    _request(issm, campaign, "ES", 2, start, end)
    ass = _offer(officer, campaign, site, "ASS", "Service social départemental", 2, start, end, tutor=kieffer)
    es = _offer(officer, campaign, site, "ES", "Prévention spécialisée", 1, start, end, tutor=bauer)
    camille = _student(issm, campaign, "Camille", "Wolff", "ASS", 3)
    julie = _student(issm, campaign, "Julie", "Meyer", "ES", 2)
    _place(
        issm,
        _apply(issm, officer, camille, ass),
        kieffer,
        start,
        14,
        FULL_TIME,
        "Évaluations sociales et accompagnement",
    )
    _apply(issm, officer, julie, es, accept=None)
