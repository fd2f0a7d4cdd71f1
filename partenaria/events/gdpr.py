"""Processings of the events app (register of art. 30, see partenaria/core/gdpr.py).

The data notice shown on the registration forms says the same in the person's language
(``Registration.PERSONAL_DATA``).
"""

from django.conf import settings

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare


def _anonymise_outsiders(*, today, dry_run):
    """Outsiders' registrations to events ended more than the period ago are anonymised (the events'
    own service): counts and attendance kept, names and addresses gone."""
    from partenaria.core.privacy import expired
    from partenaria.events.services import registrations_anonymise

    if dry_run:
        return expired(OUTSIDERS, today).count()
    return registrations_anonymise(today=today)


OUTSIDERS = RetentionRule(
    model="events.Registration",
    setting="PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS",
    date_field="event__ends_at",
    pending={"is_outsider": True, "anonymised_at__isnull": True},
)


declare(
    Processing(
        key="events",
        name="Registrations to joint events",
        purpose="Organise the partners' events: places per audience, waiting list, confirmation and "
        "cancellation messages, attendance list and check-in (EV1).",
        legal_basis=LegalBasis.CONSENT,
        data_subjects=["partners' agents", "students", "outsiders registered through a public link"],
        categories=["identity (name)", "e-mail address", "organisation or school", "attendance"],
        recipients=["the organiser of the event", "the managers of its partnership"],
        retention=f"outsiders' registrations are anonymised {settings.PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS} "
        "days after the end of the event (manage.py anonymise_event_registrations); partners' agents' "
        "registrations are kept with the partnership's records",
        models=["events.Registration"],
        retention_rules=[
            RetentionRule(
                model="events.Registration",
                setting="PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS",
                apply=_anonymise_outsiders,
            ),
        ],
    )
)
