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
