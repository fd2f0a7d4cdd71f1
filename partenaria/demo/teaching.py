"""Demo teaching cooperation (PD1-PD3), played through ``teaching.services``.

- Dijon [003 art. 2]: the agents of the Ville de Dijon intervene at the IRTESS de Bourgogne in the
  current school year: a State diploma jury, courses, the selection of students, a forum of the jobs
  (its agent still to be proposed), an open day, an innovative module and a round table. The IRTESS
  plans them and asks the approval of the city's HR referent, who approves or refuses; approved ones
  are confirmed. The yearly commitment of article 2 (« programme annuel prévisionnel ») is recorded as
  the programme duty, and the programme of the year is sent to the managers of the city's host sites
  (the referents of each direction).
- Haut-Rhin [004 art. 4]: an adviser of the Département takes part in the selection of the ISSM's
  students, approved by the Département.

Themes, dates, hours and every person are invented (addresses under ``.demo``).
"""

import datetime
import unicodedata
from decimal import Decimal

from partenaria.conventions.models import Commitment, Partnership
from partenaria.organisations import services as organisation_services
from partenaria.organisations.models import Person
from partenaria.teaching import services
from partenaria.teaching.models import Intervention, Programme, ProgrammeDuty
from partenaria.teaching.rules import school_year_of

from .data import EMAIL_DOMAIN_SUFFIX

D = datetime.date


def reset(partnerships) -> None:
    """Delete the teaching records of the demo partnerships and their audit events."""
    from django.contrib.contenttypes.models import ContentType

    from partenaria.core.models import AuditEvent

    for model, queryset in (
        (Intervention, Intervention.objects.filter(partnership__in=partnerships)),
        (Programme, Programme.objects.filter(partnership__in=partnerships)),
        (ProgrammeDuty, ProgrammeDuty.objects.filter(commitment__convention__partnership__in=partnerships)),
    ):
        pks = list(queryset.values_list("pk", flat=True))
        queryset.delete()
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id__in=pks
        ).delete()


def load(demo) -> None:
    _dijon(demo)
    _haut_rhin(demo)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in ascii_text.lower()).strip("-")


def _person(organisation, last_name: str) -> Person:
    return Person.objects.get(organisation=organisation, last_name=last_name)


def _play(school_officer, approver, data, *, partnership, steps: str, note: str = "") -> Intervention:
    """Plan an intervention, then go as far as ``steps`` says: « ask », « approve », « refuse », « confirm »."""
    intervention = services.intervention_plan(by=school_officer, partnership=partnership, data=data)
    if steps == "planned":
        return intervention
    services.intervention_request_approval(by=school_officer, intervention=intervention)
    if steps == "requested":
        return intervention
    approve = steps in ("approved", "confirmed")
    services.intervention_decide(by=approver, intervention=intervention, approve=approve, note=note)
    if steps == "confirmed":
        services.intervention_confirm(by=school_officer, intervention=intervention)
    return intervention


def _dijon(demo) -> None:
    from .loader import DIJON_PARTNERSHIP

    city, school = demo.orgs["ville-dijon"], demo.orgs["irtess"]
    irtess = demo.officer("irtess")
    hr = _person(city, "Benali").user
    partnership = Partnership.objects.get(title=DIJON_PARTNERSHIP)
    year = school_year_of(demo.today)

    # The referents of each direction receive the programme: the host sites' managers need an address.
    for last_name in ("Lacroix", "Marchal"):
        manager = _person(city, last_name)
        organisation_services.person_update(
            by=hr,
            person=manager,
            data={
                "email": f"{_slug(manager.first_name)}.{_slug(last_name)}@ville-dijon{EMAIL_DOMAIN_SUFFIX}"
            },
        )
    commitment = Commitment.objects.get(
        convention__partnership=partnership, description__startswith="Envoyer le programme annuel"
    )
    services.programme_duty_set(by=irtess, commitment=commitment, school=school)

    perret, caron, vidal = (_person(city, n) for n in ("Perret", "Caron", "Vidal"))
    plays = [
        (
            {
                "agent": perret,
                "kind": "teaching",
                "theme": "L'accueil inconditionnel en service social de proximité",
                "course": "DEASS 2e année",
                "starts_on": D(year, 11, 13),
                "hours": Decimal("3.5"),
                "is_paid": True,
            },
            "confirmed",
            "Congé posé pour l'après-midi",
        ),
        (
            {
                "agent": vidal,
                "kind": "tutorial",
                "theme": "Table ronde : la professionnalité en établissement d'accueil du jeune enfant",
                "course": "DEEJE 1re année",
                "starts_on": D(year, 12, 4),
                "hours": Decimal("3"),
                "is_paid": False,
            },
            "refused",
            "Semaine de fermeture du multi-accueil : proposer une autre date",
        ),
        (
            {
                "agent": vidal,
                "kind": "open_day",
                "theme": "Journée portes ouvertes : témoigner du métier d'EJE",
                "starts_on": D(year + 1, 1, 31),
                "hours": Decimal("4"),
                "is_paid": False,
            },
            "planned",
            "",
        ),
        (
            {
                "agent": None,
                "kind": "forum",
                "theme": "Forum des métiers du social et de la petite enfance",
                "starts_on": D(year + 1, 2, 12),
                "hours": Decimal("6"),
                "is_paid": False,
            },
            "planned",
            "",
        ),
        (
            {
                "agent": perret,
                "kind": "selection",
                "theme": "Entretiens de sélection des candidats à la formation d'assistant de service social",
                "course": "DEASS",
                "starts_on": D(year + 1, 3, 18),
                "hours": Decimal("7"),
                "is_paid": False,
            },
            "requested",
            "",
        ),
        (
            {
                "agent": caron,
                "kind": "innovative_module",
                "theme": "Module « Aller vers » : accompagner les familles éloignées des institutions",
                "course": "DEES 3e année",
                "starts_on": D(year + 1, 4, 8),
                "ends_on": D(year + 1, 4, 9),
                "hours": Decimal("12"),
                "is_paid": True,
            },
            "approved",
            "Congés validés par la Direction action sociale",
        ),
        (
            {
                "agent": perret,
                "kind": "jury",
                "theme": "Jury de certification du DEASS – domaine de compétences 1",
                "course": "DEASS",
                "starts_on": D(year + 1, 6, 10),
                "hours": Decimal("7"),
                "is_paid": False,
            },
            "confirmed",
            "Accord du responsable de service",
        ),
    ]
    for data, steps, note in plays:
        _play(irtess, hr, {"school": school, **data}, partnership=partnership, steps=steps, note=note)
    services.programme_send(
        by=irtess,
        partnership=partnership,
        year=year,
        foreword=(
            "Voici le programme prévisionnel des activités pédagogiques de l'année. Merci de nous proposer "
            "les professionnels de vos directions pour les dates encore ouvertes."
        ),
    )


def _haut_rhin(demo) -> None:
    from .loader import HAUT_RHIN_PARTNERSHIP

    department, school = demo.orgs["haut-rhin"], demo.orgs["issm"]
    partnership = Partnership.objects.get(title=HAUT_RHIN_PARTNERSHIP)
    year = school_year_of(demo.today)
    _play(
        demo.officer("issm"),
        _person(department, "Hartmann").user,
        {
            "school": school,
            "agent": _person(department, "Muller"),
            "kind": "selection",
            "theme": "Sélection des étudiants à l'entrée du cursus d'éducateur spécialisé",
            "course": "DEES",
            "starts_on": D(year + 1, 3, 25),
            "hours": Decimal("7"),
            "is_paid": False,
            "convention": partnership.conventions.order_by("start_date").last(),
        },
        partnership=partnership,
        steps="confirmed",
        note="Accord de la Direction Développement Social des Territoires",
    )
