"""Processings of the organisations app (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, declare

declare(
    Processing(
        key="directory",
        name="Directory of the partner organisations' contacts",
        purpose="Know who represents, signs, sits or acts for each organisation of a partnership, and "
        "with which role in Partenaria.",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["elected members, agents and staff of the partner organisations"],
        categories=["identity (name, title)", "professional e-mail address and phone", "role and unit"],
        recipients=["the officers of the organisations that share a partnership with theirs"],
        retention="while the person holds a role in a partnership, then 2 years (proposed)",
        models=["organisations.Person", "organisations.Membership"],
    )
)
