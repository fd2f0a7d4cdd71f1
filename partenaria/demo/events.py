"""Demo events (EV1, EV3, EV4, EU5), played through ``events.services``.

- Askoria: the socio-sport seminar organised by the Département d'Ille-et-Vilaine on 6 May 2025 at
  Askoria, with 50 places reserved for students [000]. Capacity, hours and registrations are
  illustrative.
- Askoria and the Département: the « Salon des expérimentations et innovations solidaires » (SEIS) of
  the Campus des solidarités [001], open to outsiders through its public link; date, place, capacity
  and quotas are illustrative.
- Erasmus+ « Les métiers du social du futur »: two colloquia of three days and 200 participants, the
  first at the end of 2020 in Grenoble, the second at the end of 2021 in a European country to be
  defined [002]; days illustrative. The programme of the first combines the participatory formats of
  the project sheet: discovery tables, project accelerators, co-construction workshops, gesticulated
  lectures, moving debates (world café, hackathon, open forum) [002].
- IRTESS de Bourgogne: news of the « pôle ressource régional formation action sanitaire et sociale »
  (PREFAS) shared with Dijon's services: study days, colloquia, publications [003 art. 3]; titles and
  dates illustrative.

Every registrant is invented (addresses under ``.demo``).
"""

import datetime
import unicodedata

from django.utils import timezone

from partenaria.conventions.models import Partnership
from partenaria.events import services
from partenaria.events.models import Audience

from .data import EMAIL_DOMAIN_SUFFIX

D = datetime.date


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in ascii_text.lower()).strip("-")


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


PEOPLE = [
    ("Léa", "Morvan", "askoria"),
    ("Yanis", "Le Bris", "askoria"),
    ("Inès", "Quéré", "askoria"),
    ("Théo", "Guillou", "askoria"),
    ("Maëlle", "Tanguy", "ille-et-vilaine"),
    ("Bastien", "Riou", "ille-et-vilaine"),
]


def load(demo) -> None:
    from .loader import ASKORIA_PARTNERSHIP, DIJON_PARTNERSHIP, ERASMUS_PARTNERSHIP

    _socio_sport(demo, Partnership.objects.get(title=ASKORIA_PARTNERSHIP))
    _seis(demo, Partnership.objects.get(title=ASKORIA_PARTNERSHIP))
    _colloquia(demo, Partnership.objects.get(title=ERASMUS_PARTNERSHIP))
    _prefas(demo, Partnership.objects.get(title=DIJON_PARTNERSHIP))


def _register(demo, event, audience, people, *, today, outsider=False, organisation_names=None):
    """Register invented people: partners' agents and students with their organisation, outsiders with
    the name of theirs only."""
    quota = event.quotas.get(audience=audience)
    names = organisation_names or {}
    return [
        services.registration_register(
            event=event,
            quota=quota,
            data={
                "first_name": first,
                "last_name": last,
                "email": f"{_slug(first)}.{_slug(last)}@{org}{EMAIL_DOMAIN_SUFFIX}",
                "organisation_name": names.get(org, ""),
            },
            consent=True,
            outsider=outsider,
            organisation=None if outsider else demo.orgs[org],
            today=today,
            notify=False,
        )
        for first, last, org in people
    ]


def _socio_sport(demo, partnership) -> None:
    dept = demo.orgs["ille-et-vilaine"]
    claire = demo.officer("ille-et-vilaine")
    event = services.event_create(
        by=claire,
        organiser=dept,
        data={
            "partnership": partnership,
            "kind": "seminar",
            "title": "Séminaire socio-sport",
            "description": "Temps fort professionnel du Département et d'Askoria : le sport comme support "
            "de l'accompagnement social. 50 places réservées aux étudiants d'Askoria [avenant 2025].",
            "starts_at": _at(D(2025, 5, 6), 9),
            "ends_at": _at(D(2025, 5, 6), 17),
            "place": "Askoria, 2 avenue du Bois Labbé, Rennes",
            "capacity": 120,
            "registration_closes_on": D(2025, 4, 29),
            "dates_are_illustrative": False,
        },
    )
    services.quota_set(by=claire, event=event, audience=Audience.STUDENTS, places=50, open_to_public=False)
    for title, fmt, start, end in [
        ("Ouverture : le sport, support de l'accompagnement social", "plenary", (9, 30), (10, 30)),
        (
            "Tables de découvertes des actions socio-sportives des CDAS",
            "discovery_tables",
            (10, 45),
            (12, 15),
        ),
        ("Ateliers de co-construction étudiants – professionnels", "co_construction", (13, 45), (15, 45)),
        ("Forum ouvert : suites à donner", "open_forum", (16, 0), (17, 0)),
    ]:
        services.session_add(
            by=claire,
            event=event,
            data={
                "title": title,
                "format": fmt,
                "starts_at": _at(D(2025, 5, 6), *start),
                "ends_at": _at(D(2025, 5, 6), *end),
                "room": "Askoria",
            },
        )
    students = [p for p in PEOPLE if p[2] == "askoria"]
    agents = [p for p in PEOPLE if p[2] == "ille-et-vilaine"]
    before = D(2025, 4, 15)
    _register(demo, event, Audience.STUDENTS, students, today=before)
    attended = _register(demo, event, Audience.GENERAL, agents, today=before)
    services.registration_check_in(by=claire, registration=attended[0])


def _seis(demo, partnership) -> None:
    school = demo.orgs["askoria"]
    nadia = demo.officer("askoria")
    event = services.event_create(
        by=nadia,
        organiser=school,
        data={
            "partnership": partnership,
            "kind": "salon",
            "title": "Salon des expérimentations et innovations solidaires (SEIS)",
            "description": "Temps fort du Campus des solidarités : acteurs publics et associatifs présentent "
            "leurs projets innovants et collaboratifs [rapport 2021]. Date, lieu et capacité illustratifs.",
            "starts_at": _at(D(2027, 3, 18), 9),
            "ends_at": _at(D(2027, 3, 18), 18),
            "place": "Campus des solidarités, Rennes",
            "capacity": 300,
            "registration_closes_on": D(2027, 3, 11),
            "is_public": True,
            "dates_are_illustrative": True,
        },
    )
    services.quota_set(by=nadia, event=event, audience=Audience.STUDENTS, places=80, open_to_public=False)
    services.quota_set(
        by=nadia, event=event, audience=Audience.PARTNER_AGENTS, places=60, open_to_public=False
    )
    services.quota_set(by=nadia, event=event, audience=Audience.GENERAL, places=None, open_to_public=True)
    today = demo.today
    _register(
        demo, event, Audience.PARTNER_AGENTS, [p for p in PEOPLE if p[2] == "ille-et-vilaine"], today=today
    )
    _register(
        demo,
        event,
        Audience.GENERAL,
        [("Gaël", "Cadiou", "association-solidaire"), ("Soizic", "Le Gall", "association-solidaire")],
        today=today,
        outsider=True,
        organisation_names={"association-solidaire": "Association d'insertion (exemple)"},
    )
    services.news_publish(
        by=nadia,
        publisher=school,
        data={
            "kind": "other",
            "title": "Inscriptions ouvertes au Salon des expérimentations et innovations solidaires",
            "summary": "Le Campus des solidarités réunit acteurs publics et associatifs autour de projets "
            "innovants. Places réservées aux étudiants et aux agents du Département (actualité illustrative).",
            "source": "Campus des solidarités",
            "event": event,
            "published_on": min(today, D(2027, 1, 10)),
        },
    )


def _colloquia(demo, partnership) -> None:
    isere = demo.orgs["isere"]
    elodie = demo.officer("isere")
    first = services.event_create(
        by=elodie,
        organiser=isere,
        data={
            "partnership": partnership,
            "kind": "colloquium",
            "title": "1er colloque « Les métiers du social du futur »",
            "description": "Colloque participatif de trois jours, 200 participants des pays partenaires "
            "[fiche Erasmus+]. Jours illustratifs (« fin 2020 à Grenoble »).",
            "starts_at": _at(D(2020, 11, 17), 9),
            "ends_at": _at(D(2020, 11, 19), 17),
            "place": "Grenoble",
            "capacity": 200,
            "dates_are_illustrative": True,
        },
    )
    services.quota_set(
        by=elodie, event=first, audience=Audience.EUROPEAN_PARTNERS, places=60, open_to_public=False
    )
    programme = [
        (
            0,
            "Tables de découvertes : partager les savoirs des pays partenaires",
            "discovery_tables",
            (9, 30),
            (12, 0),
        ),
        (
            0,
            "Conférence gesticulée : un jour de travail social en 2030",
            "gesticulated_lecture",
            (14, 0),
            (15, 30),
        ),
        (0, "Débat mouvant : quels métiers demain ?", "moving_debate", (16, 0), (17, 0)),
        (1, "Accélérateurs de projet : réflexion collective", "project_accelerator", (9, 0), (12, 0)),
        (1, "World café : compétences et savoir-être", "world_cafe", (14, 0), (17, 0)),
        (2, "Hackathon : fiches métiers et profils de postes", "hackathon", (9, 0), (12, 0)),
        (2, "Ateliers de co-construction : propositions de formation", "co_construction", (13, 30), (15, 30)),
        (2, "Forum ouvert de clôture", "open_forum", (15, 45), (17, 0)),
    ]
    for day, title, fmt, start, end in programme:
        on = D(2020, 11, 17) + datetime.timedelta(days=day)
        services.session_add(
            by=elodie,
            event=first,
            data={"title": title, "format": fmt, "starts_at": _at(on, *start), "ends_at": _at(on, *end)},
        )
    services.event_create(
        by=elodie,
        organiser=isere,
        data={
            "partnership": partnership,
            "kind": "colloquium",
            "title": "2e colloque « Les métiers du social du futur »",
            "description": "Colloque participatif de trois jours, 200 participants, dans un pays européen "
            "partenaire à définir [fiche Erasmus+]. Jours illustratifs (« fin 2021 »).",
            "starts_at": _at(D(2021, 11, 16), 9),
            "ends_at": _at(D(2021, 11, 18), 17),
            "place": "Pays européen partenaire, lieu à définir",
            "capacity": 200,
            "dates_are_illustrative": True,
        },
    )


def _prefas(demo, partnership) -> None:
    irtess = demo.orgs["irtess"]
    marc = demo.officer("irtess")
    today = demo.today
    for days_ago, kind, title, summary in [
        (
            10,
            "study_day",
            "Journée d'étude du PREFAS : accueillir des stagiaires dans les sites qualifiants",
            "Une journée pour les référents de sites qualifiants et les tuteurs des services de Dijon "
            "(actualité illustrative).",
        ),
        (
            35,
            "publication",
            "Publication du PREFAS : les métiers de la petite enfance en Bourgogne-Franche-Comté",
            "Synthèse d'étude mise à disposition au Centre de ressources documentaires (Cerdim) "
            "(actualité illustrative).",
        ),
        (
            70,
            "colloquium",
            "Colloque régional du PREFAS : l'attractivité des métiers du social",
            "Programme et inscriptions auprès de l'IRTESS (actualité illustrative).",
        ),
    ]:
        services.news_publish(
            by=marc,
            publisher=irtess,
            data={
                "kind": kind,
                "title": title,
                "summary": summary,
                "source": "Pôle ressource régional formation action sanitaire et sociale (PREFAS)",
                "published_on": today - datetime.timedelta(days=days_ago),
            },
        )


def reset(partnerships, organisations) -> None:
    """Delete the demo's events and news, and their history, before its partnerships and organisations
    (they protect them)."""
    from django.contrib.contenttypes.models import ContentType

    from partenaria.core.models import AuditEvent
    from partenaria.events.models import Event, NewsItem

    pks = list(
        (
            Event.objects.filter(partnership__in=partnerships)
            | Event.objects.filter(organiser__in=organisations)
        )
        .distinct()
        .values_list("pk", flat=True)
    )
    for event in Event.objects.filter(pk__in=pks):
        event.registrations.all().delete()
        event.delete()
    AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Event), target_id__in=pks
    ).delete()
    NewsItem.objects.filter(publisher__in=organisations).delete()
