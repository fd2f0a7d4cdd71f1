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
