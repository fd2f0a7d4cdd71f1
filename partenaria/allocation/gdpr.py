"""Processings of the allocation assistant (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, declare

declare(
    Processing(
        key="allocation",
        name="Allocation of internship places",
        purpose="Propose to the school's placement office an assignment of its students to the offers "
        "of a campaign that places the most students, respects their wishes and shortens travel; the "
        "host sites' referents still decide on each application (IN9).",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["students of the school"],
        categories=[
            "ranked wishes",
            "home town and its coordinates (the town, not the address)",
            "means of transport",
            "periods available",
            "the proposals and their explanations",
        ],
        recipients=["the school's placement office"],
        retention="the campaign's school year, then deleted with the campaign's runs (proposed); "
        "accepted proposals live on as applications (internships processing)",
        models=["allocation.StudentProfile", "allocation.Wish", "allocation.Lock", "allocation.Run"],
    )
)
