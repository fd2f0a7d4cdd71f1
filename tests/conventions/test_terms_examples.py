import datetime

from partenaria.conventions import terms

D = datetime.date


def test_three_years_from_first_january_ends_on_31_december():
    assert terms.term_end(D(2022, 1, 1), 36) == D(2024, 12, 31)


def test_haut_rhin_notice_of_four_months_must_be_received_by_31_august():
    rules = terms.TermRules(start=D(2022, 1, 1), term_months=36, tacit_renewal=True, notice_months=4)
    schedule = terms.schedule(rules, D(2023, 5, 1))
    assert schedule.notice_deadline == D(2024, 8, 31)
    assert schedule.next_renewal == D(2025, 1, 1)


def test_askoria_amendment_extends_the_expired_convention_by_one_year():
    rules = terms.TermRules(start=D(2022, 1, 1), term_months=36, extension_months=12)
    assert terms.schedule(rules, D(2025, 6, 1)).current.end == D(2025, 12, 31)
