"""Demo of the allocation assistant (IN9): the IRTESS de Bourgogne asks Dijon Métropole for places.

Dijon Métropole and the IRTESS are parties to the four-party Dijon framework convention [003]. The
demo opens the current school year's campaign of the IRTESS to the Métropole, declares six host
sites of the Métropole with their tutors and offers (fewer places than students: the shortage is
the stated problem [000]), records 40 invented students of the IRTESS with their home towns around
Dijon, their means of transport and up to four ranked wishes, and runs the assistant once, so that
its page shows proposals and their explanations. Nothing is accepted: the host sees nothing yet.

Everything is played through the services. Units, sites, people, students, coordinates (those of
each town's centre) and dates are illustrative.
"""

import datetime
import random

from partenaria.allocation import services as allocation
from partenaria.conventions.models import Partnership
from partenaria.internships import hours, services
from partenaria.organisations import services as organisation_services

from .internships import _first_monday, _offer, _request, _site, _student, _tutors

# (unit, headcount, town, latitude, longitude, tutors (first, last, job, diploma))
SITES = [
    (
        "Maison des solidarités de Chenôve",
        18,
        "Chenôve",
        47.2920,
        5.0090,
        [
            ("Isabelle", "Renard", "Assistante de service social", "ASS"),
            ("Thomas", "Garnier", "Éducateur spécialisé", "ES"),
        ],
    ),
    (
        "Centre social de Quetigny",
        24,
        "Quetigny",
        47.3150,
        5.1070,
        [
            ("Amélie", "Roussel", "Conseillère en ESF", "CESF"),
            ("Karima", "Haddad", "Assistante de service social", "ASS"),
        ],
    ),
    (
        "Service prévention spécialisée",
        30,
        "Dijon",
        47.3220,
        5.0415,
        [
            ("Olivier", "Chevalier", "Éducateur spécialisé", "ES"),
            ("Laure", "Meunier", "Éducatrice spécialisée", "ES"),
        ],
    ),
    (
        "Pôle logement et habitat",
        40,
        "Dijon",
        47.3300,
        5.0300,
        [("Sophie", "Barbier", "Assistante de service social", "ASS")],
    ),
    (
        "Relais petite enfance de Talant",
        12,
        "Talant",
        47.3370,
        5.0050,
        [("Céline", "Perrin", "Éducatrice de jeunes enfants", "EJE")],
    ),
    (
        "Crèche métropolitaine de Longvic",
        22,
        "Longvic",
        47.2870,
        5.0640,
        [
            ("Audrey", "Lemoine", "Éducatrice de jeunes enfants", "EJE"),
            ("Marion", "Dupuis", "Éducatrice de jeunes enfants", "EJE"),
        ],
    ),
]

TOWNS = [
    ("Dijon", 47.3220, 5.0415),
    ("Chenôve", 47.2920, 5.0090),
    ("Talant", 47.3370, 5.0050),
    ("Quetigny", 47.3150, 5.1070),
    ("Longvic", 47.2870, 5.0640),
    ("Fontaine-lès-Dijon", 47.3420, 5.0200),
    ("Chevigny-Saint-Sauveur", 47.3000, 5.1350),
    ("Beaune", 47.0260, 4.8400),
    ("Auxonne", 47.1930, 5.3880),
    ("Is-sur-Tille", 47.5230, 5.1080),
]
TRANSPORTS = ["public_transport", "public_transport", "car", "bike", "walk"]
FIRST_NAMES = [
    "Inès",
    "Lucas",
    "Chloé",
    "Nathan",
    "Camille",
    "Théo",
    "Jade",
    "Enzo",
    "Louise",
    "Mathis",
    "Zoé",
    "Rayan",
    "Lina",
    "Noah",
    "Anaïs",
    "Hugo",
    "Maëlys",
    "Tom",
    "Clara",
    "Adam",
]
LAST_NAMES = [
    "Aubert",
    "Bertin",
    "Carpentier",
    "Delorme",
    "Étienne",
    "Faure",
    "Gauthier",
    "Hamel",
    "Jacquet",
    "Klein",
    "Leclerc",
    "Mallet",
    "Noël",
    "Olivier",
    "Poirier",
    "Rey",
    "Sauvage",
    "Tessier",
    "Vasseur",
    "Weber",
]
# Students per diploma and their year of training.
COHORT = [("ASS", 14), ("ES", 12), ("EJE", 10), ("CESF", 4)]


def load(demo) -> None:
    from .loader import DIJON_PARTNERSHIP

    rng = random.Random(2026)  # noqa: S311  (invented data, the same demo every time)
    metropole, school = demo.orgs["dijon-metropole"], demo.orgs["irtess"]
    host_by, irtess = demo.officer("dijon-metropole"), demo.officer("irtess")
    partnership = Partnership.objects.get(title=DIJON_PARTNERSHIP)
    year = hours.school_year_of(demo.today)
    campaign = services.campaign_create(
        by=irtess, partnership=partnership, school=school, host=metropole, school_year=year
    )
    winter_start, spring_start = _first_monday(year + 1, 1, 4), _first_monday(year + 1, 4, 12)
    winter = (winter_start, winter_start + _weeks(10))
    spring = (spring_start, spring_start + _weeks(8))
    for code, count in COHORT:
        _request(irtess, campaign, code, count, *winter)

    offers = []
    for name, headcount, town, lat, lon, people in SITES:
        unit = organisation_services.unit_create(
            by=host_by, organisation=metropole, data={"name": name, "kind": "service"}
        )
        codes = sorted({code for *_rest, code in people})
        site = _site(host_by, unit, headcount=headcount, diplomas=codes)
        allocation.site_locate(
            by=irtess, campaign=campaign, site=site, town=town, latitude=lat, longitude=lon
        )
        places = 2 if headcount >= 20 else 1  # a larger site takes two interns per tutor in winter
        for tutor in _tutors(host_by, site, people):
            code = tutor.qualification.code
            offers.append(
                _offer(
                    host_by,
                    campaign,
                    site,
                    code,
                    f"{tutor.person.job_title} – {town}",
                    places,
                    *winter,
                    tutor=tutor,
                )
            )
            offers.append(
                _offer(host_by, campaign, site, code, f"Accueil {code} – {town}", 1, *spring, tutor=tutor)
            )

    names = iter(rng.sample([(f, last) for f in FIRST_NAMES for last in LAST_NAMES], 40))
    for code, count in COHORT:
        mine = [o for o in offers if o.diploma.code == code]
        for _i in range(count):
            first, last = next(names)
            student = _student(irtess, campaign, first, last, code, rng.choice([2, 3]))
            town, lat, lon = rng.choice(TOWNS)
            allocation.profile_set(
                by=irtess,
                campaign=campaign,
                student=student,
                data={
                    "home_town": town,
                    "latitude": lat,
                    "longitude": lon,
                    "transport": rng.choice(TRANSPORTS),
                    # One student in four is free only in winter (illustrative).
                    "available_from": winter[0] if rng.random() < 0.25 else None,
                    "available_until": winter[1] if rng.random() < 0.25 else None,
                },
            )
            wishes = rng.sample(mine, min(len(mine), rng.choice([2, 3, 4])))
            allocation.wishes_set(by=irtess, campaign=campaign, student=student, offers=wishes)
    allocation.allocation_run(by=irtess, campaign=campaign)


def _weeks(n: int) -> datetime.timedelta:
    # Whole weeks, Monday to Friday: the last day is the Friday of the last week.
    return datetime.timedelta(days=7 * n - 3)
