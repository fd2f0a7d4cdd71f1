"""Business rules held by the database itself (trust 21, docs/constraints.md).

Each rule below is refused by its service with a French message next to the field; here the service
is bypassed (a queryset ``update`` or a plain ``save``, as a script, a data migration or a bug would
do) and the database must refuse the row with an ``IntegrityError`` naming the constraint, on SQLite
and on PostgreSQL. Each case first proves that the row as built is accepted, so that a refusal
cannot come from something else. A last test checks that a form validating the model's constraints
puts the rule's message next to its field (``core/constraints.FieldCheckConstraint``).
"""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from partenaria.conventions.models import Frequency
from partenaria.conventions.statuses import Status
from partenaria.governance.models import Representation
from partenaria.research.models import FunderApplication
from tests.actionplan.factories import IndicatorValueFactory, ProgressNoteFactory
from tests.factories import ArticleFactory, CommitmentFactory, ConventionFactory
from tests.finance.factories import InKindFactory
from tests.governance.factories import RuleFactory
from tests.research.factories import FunderFactory, StudyRequestFactory

pytestmark = pytest.mark.django_db


def representation():
    convention = ConventionFactory()
    members = [m.organisation for m in convention.partnership.members.order_by("pk")]
    return Representation.objects.create(
        partnership=convention.partnership, host=members[0], represented=members[-1], body_name="Conseil"
    )


def signed_convention():
    return ConventionFactory(status=Status.SIGNED, originals_count=2, signature_place="Rennes")


# (constraint, builder of a valid row, the change that breaks the rule)
CASES = [
    ("commitment_creditor_not_debtor", CommitmentFactory, {"creditor": F("debtor")}),
    ("commitment_recurring_has_date", CommitmentFactory, {"frequency": Frequency.YEARLY, "due_date": None}),
    ("commitment_says_what_is_owed", CommitmentFactory, {"description": ""}),
    ("article_has_title_or_text", ArticleFactory, {"title": "", "body": ""}),
    ("article_numbered", ArticleFactory, {"kind": "article", "number": ""}),
    ("convention_originals_positive", signed_convention, {"originals_count": 0}),
    ("composition_rule_max_positive", lambda: RuleFactory(min_count=0), {"max_count": 0}),
    ("representation_between_two_partners", representation, {"represented": F("host")}),
    ("indicator_value_has_a_figure", IndicatorValueFactory, {"target": None, "measured": None}),
    ("note_has_text", ProgressNoteFactory, {"text": ""}),
    (
        "in_kind_since_not_after_year",
        lambda: InKindFactory(since=datetime.date(2024, 3, 1), year=2024),
        {"since": datetime.date(2025, 1, 1)},
    ),
    ("funder_granted_only_when_granted", FunderFactory, {"amount_granted": Decimal("1000.00")}),
    (
        "funder_decided_after_applied",
        lambda: FunderFactory(applied_on=datetime.date(2026, 3, 1), decided_on=datetime.date(2026, 6, 1)),
        {"decided_on": datetime.date(2026, 2, 1)},
    ),
    ("study_request_between_two_organisations", StudyRequestFactory, {"provider": F("requester")}),
    (
        "study_wanted_after_requested",
        StudyRequestFactory,
        {"wanted_by": datetime.date(2000, 1, 1)},
    ),
]


@pytest.mark.parametrize(("constraint", "build", "breaking"), CASES, ids=[c[0] for c in CASES])
def test_the_database_refuses_a_row_that_breaks_the_rule(constraint, build, breaking):
    row = build()
    model = type(row)
    assert constraint in {c.name for c in model._meta.constraints}
    assert model.objects.filter(pk=row.pk).exists()  # the row as built is accepted
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        model.objects.filter(pk=row.pk).update(**breaking)
    assert constraint in str(refused.value)


def test_every_new_constraint_is_tried_here():
    """A rule added to docs/constraints.md with a FieldCheckConstraint gets its case above."""
    from django.apps import apps

    from partenaria.core.constraints import FieldCheckConstraint

    declared = {
        c.name
        for model in apps.get_models()
        for c in model._meta.constraints
        if isinstance(c, FieldCheckConstraint)
    }
    assert declared == {case[0] for case in CASES}


def test_a_form_shows_the_rule_next_to_its_field_not_as_a_generic_constraint_error():
    """``FieldCheckConstraint`` puts the service's own message on the field when a model form (or
    ``full_clean``) validates the constraints."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    funder = FunderFactory(applied_on=datetime.date(2026, 3, 1))
    funder.decided_on = datetime.date(2026, 2, 1)
    with pytest.raises(ValidationError) as refused:
        funder.validate_constraints()
    message = gettext("The decision is dated before the application.")
    assert refused.value.message_dict == {"decided_on": [message]}
    assert isinstance(funder, FunderApplication)
