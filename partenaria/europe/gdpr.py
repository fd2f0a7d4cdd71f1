"""Processings of the European projects (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, declare

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
        "documents to be kept for audit (5 years after the final payment for Erasmus+, proposed)",
        models=["europe.EuropeanProject", "europe.SearchAnswer", "europe.Participant"],
        transfers="to the partners of the consortium, all in the European Union",
    )
)
