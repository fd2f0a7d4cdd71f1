"""The consortium rule (EU3) and the mobility dates (EU4), pure and property-tested."""

import datetime

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from partenaria.europe import rules
from partenaria.europe.rules import ConsortiumPartner, check_consortium

COUNTRIES = ["France", "Italie", "Belgique", "Finlande", "Irlande"]
partner = st.builds(
    ConsortiumPartner,
    name=st.text(alphabet="abcdefghij", min_size=1, max_size=6),
    country=st.sampled_from([*COUNTRIES, "france", " Italie "]),
    public_social=st.booleans(),
)


def pair(country, *, public=True, name=""):
    return [
        ConsortiumPartner(f"{name or country} public", country, public),
        ConsortiumPartner(f"{name or country} école", country, False),
    ]


def test_the_seed_s_consortium_today_france_alone_with_italy_to_confirm_misses_a_pair_and_two_countries():
    with translation.override("en"):
        check = check_consortium(
            [
                ConsortiumPartner("Isère", "France", True),
                ConsortiumPartner("Loire-Atlantique", "France", True),
                ConsortiumPartner("Vallée d'Aoste", "Italie", True),
            ]
        )
    assert not check.is_met
    assert check.complete_countries == 1
    assert check.missing == (
        "Italie brings one organisation: a second one is needed to form a pair.",
        "2 more countries with a complete pair are needed: at least 3 countries, 1 so far.",
    )


def test_three_pairs_each_with_a_public_body_meet_the_rule():
    check = check_consortium(pair("France") + pair("Italie") + pair("Belgique"))
    assert check.is_met and check.missing == ()


def test_a_pair_of_two_schools_lacks_a_public_body_competent_in_social_action():
    with translation.override("en"):
        check = check_consortium(pair("France") + pair("Italie") + pair("Belgique", public=False))
    assert check.missing == (
        "Belgique has no public body competent in social action in its pair.",
        "1 more country with a complete pair is needed: at least 3 countries, 2 so far.",
    )


def test_a_partner_without_country_is_named():
    with translation.override("en"):
        check = check_consortium([*pair("France"), ConsortiumPartner("Sans pays", "  ", True)])
    assert check.missing[0] == "Sans pays has no country: give it on the organisation's page."


def test_the_messages_are_french_for_the_french_interface():
    with translation.override("fr"):
        check = check_consortium(pair("France"))
    assert "pays" in check.missing[-1]


def _satisfied_by_definition(partners):
    groups = {}
    for p in partners:
        groups.setdefault(rules.country_key(p.country), []).append(p)
    complete = [g for g in groups.values() if len(g) >= 2 and any(p.public_social for p in g)]
    return len(complete) >= 3 and len(complete) == len(groups)


@given(st.lists(partner, max_size=12))
def test_the_rule_is_met_exactly_when_every_country_has_a_pair_with_a_public_body_and_three_countries(
    partners,
):
    check = check_consortium(partners)
    assert check.is_met == _satisfied_by_definition(partners)
    assert check.is_met == (not check.missing)


@given(st.lists(partner, max_size=12))
def test_the_order_of_the_partners_and_the_spelling_of_a_country_do_not_matter(partners):
    assert check_consortium(partners) == check_consortium(list(reversed(partners)))
    assert len({c.country.casefold() for c in check_consortium(partners).countries}) == len(
        check_consortium(partners).countries
    )


@given(st.lists(partner, max_size=10), partner)
def test_a_public_body_joining_an_existing_country_never_adds_a_missing_item(partners, newcomer):
    countries = {rules.country_key(p.country) for p in partners}
    newcomer = ConsortiumPartner(newcomer.name, newcomer.country, True)
    if rules.country_key(newcomer.country) in countries:
        assert len(check_consortium([*partners, newcomer]).missing) <= len(check_consortium(partners).missing)


@given(st.lists(partner, max_size=12))
def test_one_line_per_incomplete_country_problem_plus_one_for_the_number_of_countries(partners):
    check = check_consortium(partners)
    problems = sum((len(c.organisations) < 2) + (c.public_social == 0) for c in check.countries)
    assert len(check.missing) == problems + (check.complete_countries < rules.MIN_COUNTRIES)


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1)))
def test_a_mobility_lasts_five_days_first_and_last_included(start):
    end = rules.mobility_ends_on(start)
    assert (end - start).days + 1 == rules.MOBILITY_DAYS == 5


@given(st.lists(st.sampled_from(COUNTRIES), max_size=8), st.lists(st.sampled_from(COUNTRIES), max_size=8))
def test_the_countries_still_to_host_are_those_of_the_consortium_hosting_nothing(consortium, hosting):
    missing = rules.hosts_missing(consortium, hosting)
    assert set(missing) == set(consortium) - set(hosting)
    assert len(missing) == len(set(missing))
