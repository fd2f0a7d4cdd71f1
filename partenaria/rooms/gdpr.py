"""Processings of the rooms app (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare

declare(
    Processing(
        key="rooms",
        name="Room bookings between partners",
        purpose="Lend rooms between the parties of a convention, count the free bookings of the "
        "convention year and bill the others (EV2, FN3).",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["agents who book a room"],
        categories=["identity of the person who booked (account)", "organisation", "purpose and time"],
        recipients=["the room owner's officers and finance service", "the booking organisation"],
        retention="the convention's duration, then the time accounting records are kept (10 years, proposed)",
        models=["rooms.Booking"],
        retention_rules=[
            RetentionRule(
                model="rooms.Booking",
                kept_by_law="accounting records of the bookings billed: 10 years (Code de commerce L123-22, "
                "public accounting rules); the booking names an account, erased on request or when the "
                "account's retention ends (accounts rule)",
            )
        ],
    )
)
