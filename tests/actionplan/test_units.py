"""An indicator's value must be possible in its unit (AP2): a percentage, a count, an amount in
euros; a free-text unit keeps accepting any positive figure, as before."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partenaria.actionplan import services
from partenaria.actionplan.models import IndicatorValue
from partenaria.actionplan.units import UnitKind, unit_kind, unit_problem
from partenaria.core.audit import history_for

from .factories import IndicatorFactory, IndicatorValueFactory


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("%", UnitKind.PERCENT),
        (" Pourcentage ", UnitKind.PERCENT),
        ("stages", UnitKind.COUNT),
        ("Étudiants", UnitKind.COUNT),
        ("nombre", UnitKind.COUNT),
        ("€", UnitKind.EURO),
        ("euros", UnitKind.EURO),
        ("journées", None),
        ("recherches", None),
        ("", None),
    ],
)
def test_the_common_units_have_a_meaning_and_the_others_stay_free_text(unit, kind):
    assert unit_kind(unit) == kind


@pytest.mark.parametrize(
    ("unit", "number", "fits"),
    [
        ("%", Decimal("100"), True),
        ("%", Decimal("0"), True),
        ("%", Decimal("12.5"), True),
        ("%", Decimal("100.01"), False),
        ("%", Decimal("-1"), False),
        ("stages", Decimal("19"), True),
        ("stages", Decimal("19.00"), True),
        ("stages", Decimal("17.5"), False),
        ("€", Decimal("55000.00"), True),
        ("€", Decimal("0.125"), False),
        ("journées", Decimal("2.5"), True),
        ("journées", Decimal("250"), True),
        ("journées", Decimal("-2"), False),
    ],
)
def test_a_value_fits_its_unit_or_says_why_not(unit, number, fits):
    assert (unit_problem(unit, number) is None) == fits


def test_a_percentage_above_100_is_refused_next_to_the_figure_and_nothing_is_saved(plan_world):
    w = plan_world
    indicator = IndicatorFactory(convention=w.convention, name="Étudiants sans lieu de stage", unit="%")
    year = w.convention.effective_start.year
    with pytest.raises(ValidationError) as exc:
        services.indicator_value_add(
            by=w.officer,
            indicator=indicator,
            data={"year": year, "target": Decimal("5"), "measured": Decimal("120")},
        )
    assert exc.value.message_dict == {"measured": ["Indiquez un pourcentage entre 0 et 100."]}
    assert not IndicatorValue.objects.exists()
    assert not history_for(w.convention).filter(action="actionplan.value_added").exists()


def test_a_count_must_be_whole_and_euros_have_two_decimals_at_most(plan_world):
    w = plan_world
    year = w.convention.effective_start.year
    placements = IndicatorFactory(convention=w.convention, unit="stages")
    with pytest.raises(ValidationError) as exc:
        services.indicator_value_add(
            by=w.officer, indicator=placements, data={"year": year, "target": Decimal("17.5")}
        )
    assert exc.value.message_dict["target"] == [
        "Cet indicateur se compte en « stages » : indiquez un nombre entier."
    ]
    budget = IndicatorFactory(convention=w.convention, unit="€")
    with pytest.raises(ValidationError) as exc:
        services.indicator_value_add(
            by=w.officer, indicator=budget, data={"year": year, "target": Decimal("1200.125")}
        )
    assert exc.value.message_dict["target"] == ["Un montant en euros a au plus 2 décimales."]
    assert not IndicatorValue.objects.exists()
    # A free-text unit takes a decimal figure, as it always did.
    days = IndicatorFactory(convention=w.convention, unit="journées")
    value = services.indicator_value_add(
        by=w.officer, indicator=days, data={"year": year, "target": Decimal("2.5")}
    )
    assert value.target == Decimal("2.5")


def test_a_correction_that_breaks_the_unit_leaves_the_stored_value_as_it_was(plan_world):
    w = plan_world
    indicator = IndicatorFactory(convention=w.convention, unit="%")
    value = IndicatorValueFactory(
        indicator=indicator, year=w.convention.effective_start.year, target=10, measured=8
    )
    with pytest.raises(ValidationError) as exc:
        services.indicator_value_change(by=w.officer, value=value, data={"target": Decimal("-3")})
    assert exc.value.message_dict["target"] == ["Indiquez un nombre positif."]
    value.refresh_from_db()
    assert value.target == Decimal("10")


def test_changing_the_unit_is_refused_when_the_recorded_values_do_not_fit_it(plan_world):
    w = plan_world
    indicator = IndicatorFactory(convention=w.convention, unit="journées")
    year = w.convention.effective_start.year
    IndicatorValueFactory(indicator=indicator, year=year, target=Decimal("2.5"), measured=None)
    data = {"name": indicator.name, "unit": "stages", "direction": "higher", "axis": None, "description": ""}
    with pytest.raises(ValidationError) as exc:
        services.indicator_change(by=w.officer, indicator=indicator, data=data)
    assert exc.value.message_dict["unit"] == [
        f"Les valeurs de {year} ne correspondent pas à cette unité : corrigez-les d'abord."
    ]
    indicator.refresh_from_db()
    assert indicator.unit == "journées"
    services.indicator_change(by=w.officer, indicator=indicator, data={**data, "unit": "jours"})
    indicator.refresh_from_db()
    assert indicator.unit == "jours"


def test_the_page_refuses_a_percentage_above_100_next_to_the_field_and_keeps_what_was_typed(
    client, plan_world
):
    w = plan_world
    indicator = IndicatorFactory(convention=w.convention, unit="%")
    year = w.convention.effective_start.year
    client.force_login(w.officer)
    response = client.post(
        reverse("actionplan:value_add", args=[w.convention.pk, indicator.pk]),
        {"year": str(year), "target": "5", "measured": "120", "comment": "Enquête de novembre"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    error = html[html.index('id="id_measured-error"') :]
    assert "Indiquez un pourcentage entre 0 et 100." in error[:300]
    assert 'value="120"' in html and 'value="Enquête de novembre"' in html
    assert not IndicatorValue.objects.exists()
