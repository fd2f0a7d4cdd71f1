"""Dates, numbers and durations in words, as a convention writes them (CV10)."""

import datetime

from django.utils import translation

from partenaria.documents.wording import day_text, duration_text, number_words, period_text

D = datetime.date


def test_the_first_of_the_month_is_an_ordinal_in_french_only():
    with translation.override("fr"):
        assert period_text(D(2022, 1, 1), D(2024, 12, 31)) == "du 1er janvier 2022 au 31 décembre 2024"
        assert day_text(D(2022, 6, 27)) == "27 juin 2022"
    with translation.override("en"):
        assert day_text(D(2022, 1, 1)) == "1 January 2022"


def test_originals_and_terms_in_words():
    with translation.override("fr"):
        assert number_words(4) == "quatre"
        assert number_words(13) == "13"
        assert duration_text(36) == "3 ans"
        assert duration_text(12) == "1 an"
        assert duration_text(4) == "4 mois"
        assert duration_text(18) == "18 mois"
