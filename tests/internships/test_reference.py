"""Reference data (IN1): the diplomas, their blocks and the dated rates are loaded, never in code."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from partenaria.internships.models import CompetenceBlock, Diploma, GratificationRate

pytestmark = pytest.mark.django_db


def test_the_twelve_social_work_diplomas_are_loaded_with_their_hours():
    codes = set(Diploma.objects.values_list("code", flat=True))
    assert {
        "ASS",
        "ES",
        "EJE",
        "ETS",
        "CESF",
        "ME",
        "AES",
        "TISF",
        "MA",
        "CAFERUIS",
        "CAFDES",
        "DEIS",
    } <= codes
    assert Diploma.objects.get(code="ASS").practical_hours == 1820
    assert Diploma.objects.get(code="CESF").practical_hours == 560
    assert Diploma.objects.get(code="MA").practical_hours is None
    assert CompetenceBlock.objects.filter(diploma__code="ASS", code="DC1").exists()


def test_the_rate_in_force_comes_from_the_dated_rows():
    assert GratificationRate.in_force_on(datetime.date(2025, 6, 1)) == Decimal("4.35")
    assert GratificationRate.in_force_on(datetime.date(2026, 1, 1)) == Decimal("4.50")


def test_loading_again_keeps_a_superusers_edit():
    Diploma.objects.filter(code="ASS").update(rules="Règle modifiée")
    call_command("load_internship_reference")
    assert Diploma.objects.get(code="ASS").rules == "Règle modifiée"
    assert Diploma.objects.filter(code="ASS").count() == 1
