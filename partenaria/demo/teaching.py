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
- Dijon [003 art. 3-4]: the city's and the CCAS's job offers handed to the IRTESS, one relayed to the
  new graduates; two agents registered at the Cerdim, its rules accepted (PD5, PD6).
- Haut-Rhin [004 art. 5]: apprenticeship, VAE and a tutor training session of the Département as
  actions for access to qualifications (PD7).
- Ille-et-Vilaine and Askoria [000]: agents of the Département under the occasional speakers' charter,
  their competences analysed against the blocks of the DEASS framework (PD4).

Themes, dates, hours and every person are invented (addresses under ``.demo``).
"""

import datetime
import unicodedata
from decimal import Decimal

from partenaria.conventions.models import Commitment, Partnership
from partenaria.internships import followup_services
from partenaria.internships.models import CompetenceBlock
from partenaria.organisations import services as organisation_services
from partenaria.organisations.models import Person
from partenaria.teaching import services
from partenaria.teaching.models import (
    DocumentationAccess,
    Intervention,
    JobOffer,
    Programme,
    ProgrammeDuty,
    QualificationAction,
    Speaker,
)
from partenaria.teaching.rules import school_year_of

from .data import EMAIL_DOMAIN_SUFFIX

D = datetime.date


def reset(partnerships) -> None:
    """Delete the teaching records of the demo partnerships and their audit events."""
    from django.contrib.contenttypes.models import ContentType

    from partenaria.core.models import AuditEvent

    for model, queryset in (
        (Intervention, Intervention.objects.filter(partnership__in=partnerships)),
        (JobOffer, JobOffer.objects.filter(partnership__in=partnerships)),
        (DocumentationAccess, DocumentationAccess.objects.filter(partnership__in=partnerships)),
        (QualificationAction, QualificationAction.objects.filter(partnership__in=partnerships)),
        (Speaker, Speaker.objects.filter(partnership__in=partnerships)),
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
    _dijon_resources(demo)
    _haut_rhin_qualifications(demo)
    _askoria_speakers(demo)


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


def _dijon_resources(demo) -> None:
    from .loader import DIJON_PARTNERSHIP

    city, ccas, school = demo.orgs["ville-dijon"], demo.orgs["ccas-dijon"], demo.orgs["irtess"]
    irtess, hr = demo.officer("irtess"), _person(city, "Benali").user
    partnership = Partnership.objects.get(title=DIJON_PARTNERSHIP)
    year = school_year_of(demo.today)
    offer = services.job_offer_publish(
        by=hr,
        partnership=partnership,
        data={
            "employer": city,
            "title": "Assistant(e) de service social – Direction action sociale",
            "reference": f"VD-{year + 1}-042",
            "diplomas": "DEASS",
            "closes_on": D(year + 1, 1, 15),
        },
    )
    services.job_offer_relay(
        by=irtess,
        offer=offer,
        data={"relay_channel": "graduates_list", "relay_audience": f"Diplômés DEASS {year + 1}"},
    )
    services.job_offer_publish(
        by=demo.officer("ccas-dijon"),
        partnership=partnership,
        data={
            "employer": ccas,
            "title": "Conseiller(ère) en économie sociale et familiale",
            "diplomas": "DECESF",
            "closes_on": D(year + 1, 2, 28),
        },
    )
    for last_name, accepted in (("Perret", D(year, 9, 22)), ("Caron", D(year, 10, 6))):
        services.documentation_register(
            by=hr,
            partnership=partnership,
            data={
                "school": school,
                "agent": _person(city, last_name),
                "registered_on": accepted,
                "rules_version": "Règlement de fonctionnement du Cerdim, version 2023",
                "rules_accepted_on": accepted,
            },
        )


def _haut_rhin_qualifications(demo) -> None:
    from .loader import HAUT_RHIN_PARTNERSHIP

    department = demo.orgs["haut-rhin"]
    officer = demo.officer("haut-rhin")
    partnership = Partnership.objects.get(title=HAUT_RHIN_PARTNERSHIP)
    convention = partnership.conventions.order_by("start_date").last()
    year = school_year_of(demo.today)
    session = followup_services.training_session_create(
        by=officer,
        organiser=department,
        data={
            "held_on": D(year + 1, 2, 5),
            "place": "Maison du Département, Colmar",
            "topic": "Être référent professionnel de stage : accueillir, accompagner, évaluer",
            "capacity": 20,
        },
    )
    for data in (
        {
            "kind": "apprenticeship",
            "title": "Apprentis éducateurs spécialisés dans les services du Département",
            "starts_on": D(year, 9, 1),
            "ends_on": D(year + 3, 6, 30),
            "people": 2,
            "status": "running",
        },
        {
            "kind": "vae",
            "title": "Accompagnement d'agents vers le DEASS par la VAE",
            "starts_on": D(year, 10, 1),
            "people": 3,
            "status": "running",
        },
        {
            "kind": "tutor_training",
            "title": "Formation des référents professionnels de stage et des référents de site qualifiant",
            "training_session": session,
            "status": "planned",
        },
    ):
        status = data.pop("status")
        action = services.qualification_action_create(
            by=officer, partnership=partnership, data={**data, "convention": convention}
        )
        if status != "planned":
            services.qualification_action_set_status(by=officer, action=action, status=status)


def _askoria_speakers(demo) -> None:
    from .loader import ASKORIA_PARTNERSHIP

    department, school = demo.orgs["ille-et-vilaine"], demo.orgs["askoria"]
    askoria = demo.officer("askoria")
    partnership = Partnership.objects.get(title=ASKORIA_PARTNERSHIP)
    blocks = list(CompetenceBlock.objects.filter(diploma__code="ASS").order_by("code"))
    speaker = services.speaker_register(
        by=askoria,
        partnership=partnership,
        data={
            "school": school,
            "agent": _person(department, "Garnier"),
            "charter_version": "Charte des intervenants occasionnels 2025",
            "charter_signed_on": D(2025, 3, 12),
        },
    )
    for block, level, note in zip(
        blocks,
        ("referent", "confirmed", "contributes"),
        (
            "Intervient sur l'accompagnement social en CDAS",
            "Analyse de situations en travaux dirigés",
            "Témoignage sur le travail en réseau",
        ),
        strict=False,
    ):
        services.speaker_assess(
            by=askoria, speaker=speaker, block=block, level=level, on=D(2025, 4, 3), note=note
        )
