"""Governance of the demo partnerships (GV1-GV5), played through the governance services.

Bodies, rules and rhythms come from the source documents (seeds 000, 001, 003, 004); every person
is invented, and the dates of the meetings are illustrative (the sources give none but the
designation of the elected members on 22 July 2021).

The steering committees' rhythms were first followed as recurring commitments of the conventions
(« Réunir le comité de pilotage... »). The body now carries that rhythm: for the conventions still
running, ``body_take_over_commitment`` removes the duplicated commitment, so that the obligation is
listed once on the Échéances page (as the body's next meeting due). The commitments of the past
conventions stay as they were honoured.
"""

import datetime
import unicodedata

from django.utils import timezone

from partenaria.conventions.models import (
    FREQUENCY_MONTHS,
    Commitment,
    Convention,
    ConventionKind,
    Partnership,
)
from partenaria.governance import services
from partenaria.governance.models import Body, BodyKind, MeetingStatus, RepresentationMode, SeatKind
from partenaria.organisations import services as organisation_services

D = datetime.date
__all__ = ["Body", "load"]  # Body: the loader's reset also deletes the bodies' audit trail
ELECTED_DESIGNATION = "Délibération de l'assemblée départementale (session du 22 juillet 2021)"


def load(demo) -> None:
    _askoria(demo)
    _haut_rhin(demo)
    _dijon(demo)


# --- helpers -------------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int = 14, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "-")


def _person(demo, org: str, first: str, last: str, job: str, domain: str):
    return organisation_services.person_create(
        by=demo.superuser,
        organisation=demo.orgs[org],
        data={
            "first_name": first,
            "last_name": last,
            "job_title": job,
            "email": f"{_ascii(first)}.{_ascii(last)}@{domain}",
        },
    )


def _meeting(demo, by, body, day, *, status, place, convened_by, agenda, hour=14, length=2):
    return services.meeting_create(
        by=by,
        body=body,
        data={
            "starts_at": _at(day, hour),
            "ends_at": _at(day, hour + length),
            "place": place,
            "convened_by": demo.orgs[convened_by],
            "status": status,
            "date_is_illustrative": True,
        },
        agenda=agenda,
    )


def _take_over_meeting_commitments(demo, by, body, partnership: Partnership) -> None:
    """The body carries the rhythm of the running conventions' « réunir le comité » commitments."""
    dropped = set()
    for convention in Convention.objects.filter(partnership=partnership).exclude(
        kind=ConventionKind.AMENDMENT
    ):
        schedule = convention.schedule(demo.today)
        if schedule is not None and schedule.final_end is not None and schedule.final_end < demo.today:
            continue
        for commitment in Commitment.objects.filter(
            convention=convention,
            frequency__in=list(FREQUENCY_MONTHS),
            description__istartswith="Réunir le comité de pilotage",
        ):
            dropped.add(commitment.pk)
            services.body_take_over_commitment(by=by, body=body, commitment=commitment)
    # The loader records later what was honoured: a removed commitment has nothing left to mark.
    demo.fulfilled = [item for item in demo.fulfilled if item[1].pk not in dropped]


# --- Ille-et-Vilaine and Askoria [000, 001] ------------------------------------------------------


def _askoria(demo) -> None:
    from .loader import ASKORIA_PARTNERSHIP

    by = demo.officer("ille-et-vilaine")
    partnership = Partnership.objects.get(title=ASKORIA_PARTNERSHIP)
    dept, school = demo.orgs["ille-et-vilaine"], demo.orgs["askoria"]
    # Seed 001 is the 2022 convention: it institutes the steering committee and its elected members.
    convention = partnership.conventions.get(title="Convention de partenariat 2022-2024")
    steering = services.body_create(
        by=by,
        partnership=partnership,
        data={
            "kind": BodyKind.STEERING_COMMITTEE,
            "name": "Comité de pilotage",
            "mission": (
                "Suit la convention, notamment l'état d'avancement des recherches-actions et des "
                "coopérations, au vu des indicateurs ; reçoit l'état d'avancement détaillé établi au "
                "4e trimestre, au moins un mois avant sa réunion."
            ),
            "convention": convention,
            "established_on": D(2021, 7, 22),
            "meetings_per_year": 1,
            "rhythm_text": "se réunit annuellement",
        },
    )
    _take_over_meeting_commitments(demo, by, steering, partnership)
    elected = services.rule_add(
        by=by,
        body=steering,
        data={"role": "Élue départementale titulaire", "organisation": dept, "min_count": 3, "max_count": 3},
    )
    direction = services.rule_add(
        by=by,
        body=steering,
        data={"role": "Direction générale d'Askoria", "organisation": school, "min_count": 1, "max_count": 2},
    )
    services.rule_add(
        by=by,
        body=steering,
        data={"role": "Représentant des services du Département", "organisation": dept, "min_count": 0},
    )
    # Six invented elected members: three titular, three substitutes, each paired with a titular.
    names = [("Hélène", "Morvan"), ("Sophie", "Le Gall"), ("Yvette", "Quéré")]
    substitutes = [("Gaëlle", "Riou"), ("Maryvonne", "Tanguy"), ("Solène", "Jaouen")]
    titular_seats = []
    for first, last in names:
        person = _person(
            demo, "ille-et-vilaine", first, last, "Conseillère départementale", "ille-et-vilaine.demo"
        )
        titular_seats.append(
            services.seat_add(
                by=by,
                body=steering,
                data={
                    "person": person,
                    "rule": elected,
                    "kind": SeatKind.TITULAR,
                    "starts_on": D(2021, 7, 22),
                    "designated_by": ELECTED_DESIGNATION,
                    "designated_on": D(2021, 7, 22),
                },
            )
        )
    substitute_seats = []
    for (first, last), titular in zip(substitutes, titular_seats, strict=True):
        person = _person(
            demo, "ille-et-vilaine", first, last, "Conseillère départementale", "ille-et-vilaine.demo"
        )
        substitute_seats.append(
            services.seat_add(
                by=by,
                body=steering,
                data={
                    "person": person,
                    "kind": SeatKind.SUBSTITUTE,
                    "substitute_for": titular,
                    "starts_on": D(2021, 7, 22),
                    "designated_by": ELECTED_DESIGNATION,
                    "designated_on": D(2021, 7, 22),
                },
            )
        )
    director = _person(demo, "askoria", "Armelle", "Kerbrat", "Directrice générale", "askoria.demo")
    services.seat_add(
        by=by,
        body=steering,
        data={"person": director, "rule": direction, "kind": SeatKind.TITULAR, "starts_on": D(2021, 1, 1)},
    )

    agenda = [
        "État d'avancement des recherches-actions",
        "Coopérations pédagogiques et stratégiques",
        "Accueil des stagiaires",
        "Perspectives de l'année suivante",
    ]
    meetings = []
    for year, day in ((2023, D(2023, 12, 5)), (2024, D(2024, 12, 10)), (2025, D(2025, 12, 9))):
        meeting = _meeting(
            demo,
            by,
            steering,
            day,
            status=MeetingStatus.HELD,
            place="Hôtel du Département, Rennes",
            convened_by="ille-et-vilaine",
            agenda=agenda,
        )
        services.minutes_save(
            by=by,
            meeting=meeting,
            minutes=(
                f"<p>Le comité examine l'état d'avancement {year} établi par les services du "
                "Département et d'Askoria.</p><ul><li>Les recherches-actions suivent leur calendrier.</li>"
                "<li>Les coopérations pédagogiques se poursuivent.</li></ul>"
            ),
        )
        services.decision_add(by=by, meeting=meeting, text=f"Le comité valide l'état d'avancement {year}.")
        services.decision_add(
            by=by, meeting=meeting, text="Les axes de travail de l'année suivante sont reconduits."
        )
        meetings.append(meeting)
    last = meetings[-1]
    # At the last meeting the first titular was absent: her paired substitute sat for her.
    services.attendance_record(
        by=by,
        meeting=last,
        statuses={
            titular_seats[0].pk: "replaced",
            titular_seats[1].pk: "present",
            titular_seats[2].pk: "excused",
            steering.seats.get(person=director).pk: "present",
        },
    )
    services.action_add(
        by=by,
        meeting=last,
        data={
            "text": "Transmettre aux élues la synthèse des recherches-actions 2025",
            "owner_organisation": school,
            "due_on": demo.today - datetime.timedelta(days=20),
        },
    )
    services.action_add(
        by=by,
        meeting=last,
        data={
            "text": "Préparer le bilan de l'accueil des stagiaires",
            "owner_organisation": dept,
            "due_on": D(2026, 6, 30),
        },
    )
    done = last.actions.get(text__startswith="Préparer le bilan")
    services.action_done(by=by, action=done, on=D(2026, 6, 26))
    _meeting(
        demo,
        by,
        steering,
        demo.today + datetime.timedelta(days=17),
        status=MeetingStatus.PLANNED,
        place="Askoria, Rennes",
        convened_by="ille-et-vilaine",
        agenda=["État d'avancement détaillé 2026", "Convention 2026-2028 : premières orientations"],
    )

    services.body_create(
        by=by,
        partnership=partnership,
        data={
            "kind": BodyKind.FOLLOW_UP_COMMITTEE,
            "name": "Comité de suivi",
            "mission": (
                "Comité de suivi technique, en appui du comité de pilotage ; a préparé en 2025 la "
                "convention triennale 2026-2028."
            ),
            "convention": convention,
        },
    )
    services.body_create(
        by=by,
        partnership=partnership,
        data={
            "kind": BodyKind.INTERNSHIP_WATCH_COMMITTEE,
            "name": "Comité de veille accueil stagiaires",
            "mission": "Suit l'accueil des stagiaires assistants de service social, éducateurs et CESF.",
            "convention": convention,
        },
    )
    # Seed 000, 3.3: the Département takes part in Askoria's own bodies.
    for body_name in (
        "Comité d'orientation stratégique employeurs",
        "« Focus pro »",
        "Observatoire « Apprenants »",
        "Commissions pédagogiques des formations bachelor",
    ):
        services.representation_add(
            by=by,
            partnership=partnership,
            data={
                "host": school,
                "body_name": body_name,
                "represented": dept,
                "mode": RepresentationMode.INVITED,
                "since": D(2025, 1, 1),
                "source": "Avenant 2025, article 1, point 3.3",
            },
        )


# --- Haut-Rhin and ISSM [004] --------------------------------------------------------------------


def _haut_rhin(demo) -> None:
    from .loader import HAUT_RHIN_PARTNERSHIP

    by = demo.officer("haut-rhin")
    partnership = Partnership.objects.get(title=HAUT_RHIN_PARTNERSHIP)
    dept, issm = demo.orgs["haut-rhin"], demo.orgs["issm"]
    convention = partnership.conventions.first()
    steering = services.body_create(
        by=by,
        partnership=partnership,
        data={
            "kind": BodyKind.STEERING_COMMITTEE,
            "name": "Comité de pilotage",
            "mission": "Fixe les axes et thèmes opérationnels, annuels et pluriannuels, de la coopération.",
            "convention": convention,
            "established_on": convention.signature_date,
            "meetings_per_year": 2,
            "rhythm_text": "au moins deux fois par an, à l'initiative de l'un ou l'autre des deux organismes",
        },
    )
    _take_over_meeting_commitments(demo, by, steering, partnership)
    # Article 6, role by role.
    lines = [
        ("Conseiller départemental", dept, 1, 1, False),
        ("Représentant du conseil d'administration de l'ISSM", issm, 1, 1, False),
        ("Directeur général adjoint Solidarité et Ressources", dept, 1, 1, True),
        ("Directeur du Développement social des territoires", dept, 1, 1, True),
        ("Représentant du Service d'expertises en travail social", dept, 1, 1, False),
        ("Représentant de la direction des Ressources humaines", dept, 1, 1, False),
        ("Personne qualifiée de l'ISSM", issm, 1, 4, False),
    ]
    rules = {}
    for role, org, low, high, represented in lines:
        rules[role] = services.rule_add(
            by=by,
            body=steering,
            data={
                "role": role,
                "organisation": org,
                "min_count": low,
                "max_count": high,
                "may_be_represented": represented,
            },
        )
    people = [
        ("Conseiller départemental", "haut-rhin", "Bernard", "Meyer", "Conseiller départemental"),
        (
            "Représentant du conseil d'administration de l'ISSM",
            "issm",
            "Odile",
            "Zimmermann",
            "Administratrice",
        ),
        (
            "Directeur général adjoint Solidarité et Ressources",
            "haut-rhin",
            "Thierry",
            "Kieffer",
            "DGA Solidarité",
        ),
        (
            "Directeur du Développement social des territoires",
            "haut-rhin",
            "Isabelle",
            "Koenig",
            "Directrice DST",
        ),
        ("Représentant du Service d'expertises en travail social", "haut-rhin", "Julien", "Walter", "Expert"),
        # The human resources seat is vacant: the check shows what is missing.
        ("Personne qualifiée de l'ISSM", "issm", "Paul", "Fischer", "Formateur"),
        ("Personne qualifiée de l'ISSM", "issm", "Léa", "Muller", "Responsable de la recherche"),
    ]
    for role, org, first, last, job in people:
        domain = "haut-rhin.demo" if org == "haut-rhin" else "issm.demo"
        person = _person(demo, org, first, last, job, domain)
        services.seat_add(
            by=by,
            body=steering,
            data={
                "person": person,
                "rule": rules[role],
                "kind": SeatKind.TITULAR,
                "starts_on": D(2021, 9, 1),
            },
        )
    for day, place, convener in (
        (D(2025, 5, 13), "ISSM, Mulhouse", "issm"),
        (D(2025, 11, 18), "Hôtel du Département, Colmar", "haut-rhin"),
        (D(2026, 5, 12), "ISSM, Mulhouse", "issm"),
    ):
        meeting = _meeting(
            demo,
            by,
            steering,
            day,
            status=MeetingStatus.HELD,
            place=place,
            convened_by=convener,
            agenda=["Axes de travail de l'année", "Recherche et développement social territorial"],
            hour=10,
        )
        services.decision_add(by=by, meeting=meeting, text="Les axes de travail opérationnels sont arrêtés.")
    # No meeting since May 2026: the body is behind its rhythm of two meetings a year.
    services.body_create(
        by=by,
        partnership=partnership,
        data={
            "kind": BodyKind.FOLLOW_UP_COMMITTEE,
            "name": "Comité de suivi",
            "mission": (
                "Met en œuvre les axes fixés par le comité de pilotage (article 7) : directeur de l'ISSM, "
                "directeur du Développement social des territoires, Service d'expertises en travail social, "
                "personnes qualifiées selon les thèmes, direction des Ressources humaines."
            ),
            "convention": convention,
        },
    )
    # Article 2: two persons at the ISSM's general assembly; invitations to its CTP.
    delegates = [
        _person(demo, "haut-rhin", "Claude", "Steiner", "Conseillère départementale", "haut-rhin.demo"),
        _person(demo, "haut-rhin", "Marc", "Roth", "Conseiller départemental", "haut-rhin.demo"),
    ]
    services.representation_add(
        by=by,
        partnership=partnership,
        data={
            "host": issm,
            "body_name": "Assemblée générale de l'ISSM",
            "represented": dept,
            "mode": RepresentationMode.MEMBER,
            "seats_count": 2,
            "people": delegates,
            "since": D(2021, 9, 1),
            "source": "Convention, article 2 (membre de droit)",
        },
    )
    services.representation_add(
        by=by,
        partnership=partnership,
        data={
            "host": issm,
            "body_name": "Conseil technique et pédagogique (CTP) et ses commissions",
            "represented": dept,
            "mode": RepresentationMode.INVITED,
            "source": "Convention, articles 2 et 3",
        },
    )


# --- Dijon [003] ---------------------------------------------------------------------------------


def _dijon(demo) -> None:
    from .loader import DIJON_PARTNERSHIP

    by = demo.officer("irtess")
    partnership = Partnership.objects.get(title=DIJON_PARTNERSHIP)
    framework = partnership.conventions.get(kind=ConventionKind.FRAMEWORK)
    irtess = demo.orgs["irtess"]
    body = services.body_create(
        by=by,
        partnership=partnership,
        data={
            "kind": BodyKind.STEERING_COMMITTEE,
            "name": "Comité de pilotage et de suivi",
            "mission": "Fait chaque année le bilan du partenariat et de l'accueil des stagiaires.",
            "convention": framework,
            "established_on": framework.signature_date,
            "meetings_per_year": 1,
            "rhythm_text": "bilan annuel",
        },
    )
    for day in (D(2023, 6, 20), D(2024, 6, 18), D(2025, 6, 17), D(2026, 6, 16)):
        meeting = _meeting(
            demo,
            by,
            body,
            day,
            status=MeetingStatus.HELD,
            place="IRTESS, Dijon",
            convened_by="irtess",
            agenda=["Bilan annuel de l'accueil des stagiaires", "Participation aux activités pédagogiques"],
        )
        services.decision_add(by=by, meeting=meeting, text=f"Le bilan {day.year} est approuvé.")
    for org in ("dijon-metropole", "ville-dijon", "ccas-dijon"):
        for body_name in (
            "Commission alternance de l'IRTESS",
            "Comités techniques et pédagogiques (CTP), commissions pédagogiques et conseils de perfectionnement",
        ):
            services.representation_add(
                by=by,
                partnership=partnership,
                data={
                    "host": irtess,
                    "body_name": body_name,
                    "represented": demo.orgs[org],
                    "mode": RepresentationMode.INVITED,
                    "since": framework.signature_date,
                    "source": "Convention cadre, article 3",
                },
            )
