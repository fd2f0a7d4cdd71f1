import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ConventionFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("term_months", 40000),
        ("start_date", datetime.date(9990, 1, 1)),
        ("start_date", datetime.date(1850, 1, 1)),
    ],
)
def test_a_term_or_start_that_would_push_dates_past_the_calendar_is_refused(field, value):
    convention = ConventionFactory(draft=True, tacit_renewal=True)
    setattr(convention, field, value)
    with pytest.raises(ValidationError) as error:
        convention.full_clean()
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_an_amendment_ends_with_its_parent_and_returns_when_the_parent_is_extended():
    from partenaria.conventions.models import ConventionKind
    from partenaria.conventions.services import conventions_refresh_statuses
    from partenaria.conventions.statuses import Status

    parent = ConventionFactory(expired=True)
    amendment = ConventionFactory(
        partnership=parent.partnership, kind=ConventionKind.AMENDMENT, parent=parent, status=Status.SIGNED
    )
    conventions_refresh_statuses()
    amendment.refresh_from_db()
    assert amendment.status == Status.EXPIRED
    parent.status = Status.ACTIVE
    parent.start_date = datetime.date.today().replace(day=1)
    parent.save()
    conventions_refresh_statuses()
    amendment.refresh_from_db()
    assert amendment.status == Status.ACTIVE


@pytest.mark.django_db
def test_a_convention_renewed_four_times_since_signature_catches_up_in_one_daily_run():
    from partenaria.conventions.services import conventions_refresh_statuses
    from partenaria.conventions.statuses import Status
    from partenaria.core.audit import history_for

    convention = ConventionFactory(tacit_renewal_4_months=True, start_date=datetime.date(2012, 6, 18))
    assert conventions_refresh_statuses(today=datetime.date(2026, 11, 23)) == {"renew": 1}
    convention.refresh_from_db()
    assert convention.status == Status.RENEWED
    renewals = list(history_for(convention).filter(action="convention.renew").order_by("id"))
    assert [event.changes["renewal"] for event in renewals] == [1, 2, 3, 4]
    assert renewals[-1].changes["end_of_term"] == "2027-06-17"
    assert conventions_refresh_statuses(today=datetime.date(2026, 11, 23)) == {}
