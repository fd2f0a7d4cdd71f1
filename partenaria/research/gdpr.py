"""Processings of the research app (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare


def _erase_former_team_members(*, today, dry_run):
    """Team members of projects ended more than the period ago, in no project still running or
    recent, holding no active role and named by no other record, are erased: the team stays,
    nameless (« Anonyme », their role in the project kept)."""
    from django.db.models import Q

    from partenaria.core import privacy
    from partenaria.organisations.gdpr import unlinked, without_role
    from partenaria.research.models import TeamMember

    limit = privacy.retention_cutoff(today, "research")
    live = TeamMember.objects.filter(Q(project__ended_on__isnull=True) | Q(project__ended_on__gte=limit))
    people = (
        without_role(today)
        .filter(pk__in=TeamMember.objects.values("person"))
        .exclude(pk__in=live.values("person"))
    )
    people = unlinked(people, ignoring=("research.TeamMember",))
    return privacy.retention_erase(people, dry_run=dry_run, kind="person")


declare(
    Processing(
        key="research",
        name="Research-action projects",
        purpose="Follow the research-actions carried by the school with the authority: team, "
        "methodology targets, deliverables, funding (RS1-RS5).",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["members of the research teams"],
        categories=["identity (name)", "role in the team"],
        recipients=["the officers of the parties of the partnership"],
        retention="the project's duration, then 5 years (PARTENARIA_RETENTION_DAYS research, "
        "proposed): the members who hold no other role are then anonymised, the team kept nameless",
        special_categories="the interviews of children and families are not held here: only counts of "
        "interviews (methodology targets); deliverables may hold pseudonymised results",
        models=["research.TeamMember"],
        retention_rules=[
            RetentionRule(model="research.TeamMember", apply=_erase_former_team_members, setting="research")
        ],
        notes=["Reaching these pages requires two-factor authentication (docs/trust.md, item 8)."],
    )
)
