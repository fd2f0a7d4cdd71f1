"""Processings of the European projects (register of art. 30, see partenaria/core/gdpr.py)."""

import datetime

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare


def _erase_former_participants(*, today, dry_run):
    """Professionals whose last learning mobility ended more than the period ago (the programme's
    audit time), holding no active role and named by no other record, are erased: the delegation
    keeps its seat, nameless."""
    from partenaria.core import privacy
    from partenaria.europe.models import Participant
    from partenaria.europe.rules import MOBILITY_DAYS
    from partenaria.organisations.gdpr import unlinked, without_role

    limit = privacy.retention_cutoff(today, "europe")
    # A mobility lasts MOBILITY_DAYS from its first day: it ended before the limit when it started
    # before limit - (MOBILITY_DAYS - 1).
    last_start = limit - datetime.timedelta(days=MOBILITY_DAYS - 1)
    recent = Participant.objects.filter(delegation__mobility__starts_on__gte=last_start)
    people = (
        without_role(today)
        .filter(pk__in=Participant.objects.values("person"))
        .exclude(pk__in=recent.values("person"))
    )
    people = unlinked(people, ignoring=("europe.Participant",))
    return privacy.retention_erase(people, dry_run=dry_run, kind="person")


declare(
    Processing(
        key="europe",
        name="European projects: sheet, partner search and learning mobilities",
        purpose="Prepare and run a European project with its partners: the contact person of the "
        "sheet, the answers of organisations to the partner search, the professionals of each "
        "delegation of the learning mobilities (EU1, EU2, EU4).",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=[
            "the contact person of the project",
            "agents who answer a partner search or decide on an answer",
            "professionals of the partners taking part in a learning mobility",
        ],
        categories=[
            "identity (name, job title, organisation) through the directory of people",
            "account of the person who answered or decided",
            "participation in a mobility (host country, dates)",
        ],
        recipients=[
            "the people of the partnership's members",
            "for an answer, the people of the answering organisation",
        ],
        retention="the duration of the project, then the time the programme requires supporting "
        "documents to be kept for audit (5 years after the final payment for Erasmus+; PARTENARIA_RETENTION_DAYS europe, "
        "proposed): the participants who hold no other role are then anonymised",
        models=["europe.EuropeanProject", "europe.SearchAnswer", "europe.Participant"],
        retention_rules=[
            RetentionRule(model="europe.Participant", apply=_erase_former_participants, setting="europe")
        ],
        transfers="to the partners of the consortium, all in the European Union",
    )
)
