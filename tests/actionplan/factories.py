"""Factories of the action plan, with traits named after situations.

ActionFactory(late=True)        # open, due last month
ActionFactory(done=True)
IndicatorValueFactory(indicator=i, year=2025, target=19, measured=18)
"""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from partenaria.actionplan.models import Action, ActionStatus, Axis, Indicator, IndicatorValue, ProgressNote
from tests.factories import ConventionFactory


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    convention = factory.SubFactory(ConventionFactory)
    title = factory.Sequence(lambda n: f"Axe {n + 1}")
    position = factory.Sequence(lambda n: n + 1)


class ActionFactory(factory.django.DjangoModelFactory):
    """An action of the first party of its convention, in progress, due in two months."""

    class Meta:
        model = Action

    axis = factory.SubFactory(AxisFactory)
    title = factory.Sequence(lambda n: f"Action {n + 1}")
    owner = factory.LazyAttribute(lambda o: o.axis.convention.parties.first().organisation)
    status = ActionStatus.IN_PROGRESS
    progress = 40
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))
    position = factory.Sequence(lambda n: n + 1)

    class Params:
        late = factory.Trait(
            due_date=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
        )
        done = factory.Trait(status=ActionStatus.DONE, progress=100)
        abandoned = factory.Trait(status=ActionStatus.ABANDONED)
        planned = factory.Trait(status=ActionStatus.PLANNED, progress=0)


class ProgressNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressNote

    action = factory.SubFactory(ActionFactory)
    noted_on = factory.LazyFunction(timezone.localdate)
    text = "Réunion de lancement tenue."
    author_label = "Camille Martin"


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    convention = factory.SubFactory(ConventionFactory)
    name = factory.Sequence(lambda n: f"Stages longs accueillis {n}")
    unit = "stages"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    target = Decimal("19")
    measured = Decimal("15")


def b_action_plan(convention, canary: str):
    """One object of every kind of the action plan, for the wrong-tenant walk of tests/test_access.py."""
    from types import SimpleNamespace

    axis = AxisFactory(convention=convention, title=f"Axe {canary}")
    empty_axis = AxisFactory(convention=convention, title=f"Axe vide {canary}")
    action = ActionFactory(axis=axis, title=f"Action {canary}", late=True)
    note = ProgressNoteFactory(action=ActionFactory(axis=axis), text=f"Note {canary}")
    indicator = IndicatorFactory(convention=convention, name=f"Indicateur {canary}")
    value = IndicatorValueFactory(indicator=indicator, year=convention.effective_start.year, comment=canary)
    return SimpleNamespace(
        axis=axis, empty_axis=empty_axis, action=action, note=note, indicator=indicator, value=value
    )
