"""Processings of the research app (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, declare

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
        retention="the project's duration, then 5 years (proposed)",
        special_categories="the interviews of children and families are not held here: only counts of "
        "interviews (methodology targets); deliverables may hold pseudonymised results",
        models=["research.TeamMember"],
        notes=["Reaching these pages requires two-factor authentication (docs/trust.md, item 8)."],
    )
)
