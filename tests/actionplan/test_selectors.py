"""What the annual progress report reads of a plan (AP1, AP2, for AP3)."""

import datetime
from decimal import Decimal

from partenaria.actionplan.selectors import plan_summary

from .factories import (
    ActionFactory,
    AxisFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProgressNoteFactory,
)


def test_the_summary_of_a_year_gives_axes_actions_notes_of_the_year_and_indicators(
    plan_world, django_assert_num_queries
):
    w = plan_world
    year = datetime.date.today().year
    axis = AxisFactory(convention=w.convention, title="Valorisation des recherches", position=1)
    AxisFactory(convention=w.convention, title="Préparation de la convention suivante", position=2)
    late = ActionFactory(axis=axis, title="Restitution", late=True, progress=50)
    ActionFactory(axis=axis, title="Rapports remis", done=True)
    ProgressNoteFactory(action=late, noted_on=datetime.date(year, 1, 1), text="Cette année", progress=50)
    ProgressNoteFactory(action=late, noted_on=datetime.date(year - 1, 12, 31), text="L'an passé")
    indicator = IndicatorFactory(convention=w.convention, name="Stages longs", axis=axis)
    IndicatorValueFactory(indicator=indicator, year=year - 1, target=18, measured=16)
    IndicatorValueFactory(indicator=indicator, year=year, target=19, measured=None)

    with django_assert_num_queries(5):
        summary = plan_summary(w.convention, year)

    assert summary.year == year and summary.progress == 75
    assert [a.title for a in summary.axes] == [
        "Valorisation des recherches",
        "Préparation de la convention suivante",
    ]
    first = summary.axes[0]
    assert first.progress == 75 and summary.axes[1].progress is None
    restitution = first.actions[0]
    assert (restitution.title, restitution.is_late, restitution.owner) == (
        "Restitution",
        True,
        w.dept.display_name,
    )
    assert [n.text for n in restitution.notes] == ["Cette année"]
    assert first.actions[1].status_label == "Réalisée"
    (stages,) = summary.indicators
    assert (stages.name, stages.axis) == ("Stages longs", "Valorisation des recherches")
    assert [(v.year, v.target, v.measured, v.is_met) for v in stages.values] == [
        (year - 1, Decimal("18.00"), Decimal("16.00"), False),
        (year, Decimal("19.00"), None, None),
    ]
