"""The deadline engine on the business situations of the source documents (CV2, CV3, AP4)."""

import datetime

import pytest

from partenaria.conventions.models import Denunciation, Frequency, NoticeForm, Partnership
from partenaria.conventions.statuses import Status
from partenaria.deadlines import engine
from partenaria.deadlines.engine import Kind
from tests.factories import CommitmentFactory, ConventionFactory, PartnershipFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def collect(today, days=365, partnerships=None):
    partnerships = partnerships if partnerships is not None else Partnership.objects.all()
    return engine.collect(partnerships, today=today, until=today + datetime.timedelta(days=days))


def by_kind(deadlines):
    return {d.kind: d for d in deadlines}


def test_haut_rhin_convention_gives_notice_sending_date_end_of_term_and_renewal():
    # 3 years from 1 January 2022, tacit renewal, 4 months' notice by registered letter [004].
    convention = ConventionFactory(tacit_renewal_4_months=True, start_date=D(2022, 1, 1))
    deadlines = collect(D(2024, 5, 1))
    kinds = by_kind(deadlines)
    assert kinds[Kind.NOTICE].date == D(2024, 8, 31)
    assert kinds[Kind.NOTICE].key == f"convention:{convention.pk}:notice:2024-08-31"
    # 31 August 2024 is a Saturday: 7 days before is a Saturday too, so post on Friday 23 August.
    assert kinds[Kind.NOTICE_SEND_BY].date == D(2024, 8, 23)
    assert kinds[Kind.TERM_END].date == D(2024, 12, 31)
    assert kinds[Kind.RENEWAL].date == D(2025, 1, 1)
    assert Kind.EXPIRY not in kinds  # renewed until denounced
    assert [d.date for d in deadlines] == sorted(d.date for d in deadlines)
    notice = kinds[Kind.NOTICE]
    assert notice.convention == convention
    assert notice.partnership == convention.partnership
    assert notice.organisation_ids == {p.organisation_id for p in convention.parties.all()}
    assert notice.url == convention.get_absolute_url()
    assert not notice.is_late


def test_a_simple_letter_gives_no_sending_date():
    ConventionFactory(
        tacit_renewal=True, notice_months=3, notice_form=NoticeForm.SIMPLE_LETTER, start_date=D(2022, 1, 1)
    )
    kinds = by_kind(collect(D(2024, 5, 1)))
    assert kinds[Kind.NOTICE].date == D(2024, 9, 30)
    assert Kind.NOTICE_SEND_BY not in kinds


def test_once_the_notice_deadline_has_passed_only_the_renewal_remains():
    ConventionFactory(tacit_renewal_4_months=True, start_date=D(2022, 1, 1))
    kinds = by_kind(collect(D(2024, 9, 1)))
    assert Kind.NOTICE not in kinds and Kind.NOTICE_SEND_BY not in kinds
    assert kinds[Kind.RENEWAL].date == D(2025, 1, 1)


def test_after_a_renewal_the_next_term_gives_the_next_notice_deadline():
    ConventionFactory(tacit_renewal_4_months=True, start_date=D(2022, 1, 1), status=Status.RENEWED)
    kinds = by_kind(collect(D(2025, 3, 1), days=3 * 365))
    assert kinds[Kind.NOTICE].date == D(2027, 8, 31)
    assert kinds[Kind.TERM_END].date == D(2027, 12, 31)


def test_without_tacit_renewal_the_convention_expires():
    ConventionFactory(start_date=D(2022, 1, 1))
    deadlines = collect(D(2024, 5, 1))
    assert [(d.kind, d.date) for d in deadlines] == [(Kind.EXPIRY, D(2024, 12, 31))]


def test_a_limited_number_of_renewals_shows_the_final_expiry():
    ConventionFactory(tacit_renewal_4_months=True, max_renewals=1, start_date=D(2022, 1, 1))
    kinds = by_kind(collect(D(2024, 5, 1), days=5 * 365))
    assert kinds[Kind.TERM_END].date == D(2024, 12, 31)
    assert kinds[Kind.EXPIRY].date == D(2027, 12, 31)


def test_a_denounced_convention_only_expires():
    convention = ConventionFactory(
        tacit_renewal_4_months=True, start_date=D(2022, 1, 1), status=Status.DENOUNCED
    )
    party = convention.parties.first().organisation
    Denunciation.objects.create(
        convention=convention,
        party=party,
        form=NoticeForm.REGISTERED_LETTER,
        sent_on=D(2024, 6, 1),
        received_on=D(2024, 6, 3),
        takes_effect_on=D(2024, 12, 31),
    )
    deadlines = collect(D(2024, 7, 1))
    assert [(d.kind, d.date) for d in deadlines] == [(Kind.EXPIRY, D(2024, 12, 31))]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.EXPIRED, Status.SUPERSEDED])
def test_drafts_and_closed_conventions_produce_no_deadline(status):
    convention = ConventionFactory(tacit_renewal_4_months=True, start_date=D(2022, 1, 1), status=status)
    CommitmentFactory(convention=convention, due_date=D(2024, 3, 1))
    assert collect(D(2024, 5, 1)) == []


def test_a_convention_in_approval_already_shows_its_dates():
    ConventionFactory(start_date=D(2024, 9, 1), status=Status.IN_APPROVAL, signature_date=None)
    assert [d.kind for d in collect(D(2024, 5, 1), days=5 * 365)] == [Kind.EXPIRY]


def test_past_dates_are_not_listed_unless_late():
    ConventionFactory(start_date=D(2022, 1, 1))
    assert collect(D(2025, 1, 1)) == []


# --- Commitments ---------------------------------------------------------------------------------


def test_a_dated_commitment_is_listed_then_late_when_not_fulfilled():
    convention = ConventionFactory(start_date=D(2024, 1, 1))
    commitment = CommitmentFactory(
        convention=convention, description="Synthèse des travaux", due_date=D(2024, 12, 1)
    )
    (upcoming,) = [d for d in collect(D(2024, 11, 1)) if d.kind == Kind.COMMITMENT]
    assert upcoming.date == D(2024, 12, 1)
    assert upcoming.label == "Synthèse des travaux"
    assert not upcoming.is_late
    assert upcoming.key == f"convention:{convention.pk}:commitment:{commitment.pk}:2024-12-01"

    deadlines = collect(D(2024, 12, 2))
    late = deadlines[0]
    assert late.kind == Kind.COMMITMENT and late.is_late
    assert late.date == D(2024, 12, 1)
    assert "2024" in late.reason

    commitment.fulfilled_until = D(2024, 12, 1)
    commitment.save()
    assert [d for d in collect(D(2024, 12, 2)) if d.kind == Kind.COMMITMENT] == []


def test_a_quarterly_commitment_recurs_within_the_term():
    convention = ConventionFactory(start_date=D(2024, 1, 1), term_months=12)
    CommitmentFactory(convention=convention, frequency=Frequency.QUARTERLY, due_date=D(2024, 3, 31))
    dates = [d.date for d in collect(D(2024, 1, 2)) if d.kind == Kind.COMMITMENT]
    # 31 March, 30 June (clamped), 30 September, 31 December (back to the 31st); none after the term.
    assert dates == [D(2024, 3, 31), D(2024, 6, 30), D(2024, 9, 30), D(2024, 12, 31)]


def test_monthly_occurrences_are_not_late_up_to_fulfilled_until():
    convention = ConventionFactory(start_date=D(2024, 1, 1))
    CommitmentFactory(
        convention=convention,
        frequency=Frequency.MONTHLY,
        due_date=D(2024, 1, 15),
        fulfilled_until=D(2024, 3, 15),
    )
    deadlines = [d for d in collect(D(2024, 6, 1), days=40) if d.kind == Kind.COMMITMENT]
    late = [d for d in deadlines if d.is_late]
    assert len(late) == 1  # April and May are summed up in one late item
    assert late[0].date == D(2024, 4, 15)
    assert "2" in late[0].reason
    assert [d.date for d in deadlines if not d.is_late] == [D(2024, 6, 15)]
    assert deadlines[0].is_late  # late items come first


def test_a_yearly_commitment_of_a_renewing_convention_continues_over_the_horizon():
    convention = ConventionFactory(tacit_renewal_4_months=True, start_date=D(2022, 1, 1))
    CommitmentFactory(
        convention=convention,
        frequency=Frequency.YEARLY,
        due_date=D(2022, 11, 30),
        fulfilled_until=D(2024, 11, 30),
    )
    dates = [d.date for d in collect(D(2024, 12, 1), days=800) if d.kind == Kind.COMMITMENT]
    assert dates == [D(2025, 11, 30), D(2026, 11, 30)]


def test_a_commitment_concerns_its_debtor_and_creditor():
    convention = ConventionFactory(start_date=D(2024, 1, 1))
    debtor, creditor = (p.organisation for p in convention.parties.all())
    CommitmentFactory(convention=convention, debtor=debtor, creditor=creditor, due_date=D(2024, 6, 1))
    (item,) = [d for d in collect(D(2024, 5, 1)) if d.kind == Kind.COMMITMENT]
    assert item.organisation_ids == {debtor.pk, creditor.pk}


# --- Registry and queries ------------------------------------------------------------------------


def test_other_domains_add_their_deadlines_through_the_registry():
    def committee_source(partnerships, today, until):
        for partnership in partnerships:
            yield engine.Deadline(
                date=today,
                kind="steering_committee",
                label="Comité de pilotage",
                key=f"partnership:{partnership.pk}:committee:{today}",
                partnership=partnership,
            )

    PartnershipFactory(title="P1")
    engine.register_source(committee_source, kinds={"steering_committee": "Steering committee"})
    try:
        items = collect(D(2024, 5, 1))
        assert [d.label for d in items] == ["Comité de pilotage"]
        assert items[0].kind_label == "Steering committee"
    finally:
        engine._SOURCES.remove(committee_source)


def _populate(count):
    for _ in range(count):
        convention = ConventionFactory(tacit_renewal_4_months=True, start_date=D(2022, 1, 1))
        CommitmentFactory(convention=convention, frequency=Frequency.MONTHLY, due_date=D(2024, 1, 5))


def test_the_number_of_queries_does_not_grow_with_the_conventions(django_assert_num_queries):
    _populate(2)
    # Four for the conventions, and one for each other registered source that finds nothing.
    with django_assert_num_queries(4 + len(engine.sources()) - 1) as few:
        small = collect(D(2024, 5, 1))
    _populate(8)
    with django_assert_num_queries(len(few.captured_queries)):
        large = collect(D(2024, 5, 1))
    assert len(large) == 5 * len(small)


def test_a_recurring_commitment_is_late_only_for_the_current_term():
    convention = ConventionFactory(
        tacit_renewal_4_months=True, start_date=D(2012, 1, 1), status=Status.RENEWED
    )
    CommitmentFactory(convention=convention, frequency=Frequency.TWICE_YEARLY, due_date=D(2012, 3, 15))
    CommitmentFactory(convention=convention, description="Synthèse", due_date=D(2014, 6, 1))
    late = [d for d in collect(D(2025, 1, 10)) if d.is_late]
    # The current term started on 1 January 2024: the March and September 2024 meetings are late.
    assert [(d.label, d.date) for d in late] == [
        ("Synthèse", D(2014, 6, 1)),
        ("Transmettre l'état d'avancement", D(2024, 3, 15)),
    ]
    assert "2" in late[1].reason
