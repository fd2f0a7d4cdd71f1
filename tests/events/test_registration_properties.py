"""Whatever happens to an event, its quotas hold (EV1): hypothesis plays random sequences of
registrations, cancellations and quota changes through the services and checks the invariants after
each step."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partenaria.events import services
from partenaria.events.models import Audience, Registration, RegistrationStatus
from tests.events.factories import EventFactory, person
from tests.factories import officer_of

AUDIENCES = [Audience.GENERAL, Audience.STUDENTS]
steps = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.sampled_from(AUDIENCES)),
        st.tuples(st.just("cancel"), st.integers(min_value=0, max_value=30)),
        st.tuples(st.just("students"), st.integers(min_value=1, max_value=8)),
    ),
    max_size=25,
)


def assert_invariants(event):
    for quota in event.quotas.all():
        active = Registration.objects.filter(quota=quota)
        confirmed = active.filter(status=RegistrationStatus.CONFIRMED).count()
        waiting = active.filter(status=RegistrationStatus.WAITING).count()
        assert quota.taken == confirmed <= quota.places
        # Nobody waits while a place of the quota is free.
        assert waiting == 0 or confirmed == quota.places
    assert sum(q.places for q in event.quotas.all()) == event.capacity


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_quotas_hold_through_any_sequence_of_acts(steps):
    event = EventFactory(capacity=10, quotas={Audience.STUDENTS: 3})
    manager = officer_of(event.organiser)
    registrations = []
    for n, (act, value) in enumerate(steps):
        try:
            if act == "register":
                quota = event.quotas.get(audience=value)
                registrations.append(
                    services.registration_register(event=event, quota=quota, data=person(n), consent=True)
                )
            elif act == "cancel" and registrations:
                services.registration_cancel(registration=registrations[value % len(registrations)])
            elif act == "students":
                services.quota_set(
                    by=manager, event=event, audience=Audience.STUDENTS, places=value, open_to_public=False
                )
        except ValidationError:
            pass  # a refused act (a cancelled registration again, a quota below its holders) changes nothing
        event.refresh_from_db()
        assert_invariants(event)
