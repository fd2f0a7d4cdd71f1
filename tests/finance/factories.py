import datetime
from decimal import Decimal

import factory

from partenaria.finance.models import FundingCommitment, InKindContribution, Subsidy
from tests.factories import ConventionFactory


def _parties(convention):
    return [p.organisation for p in convention.parties.all()]


class SubsidyFactory(factory.django.DjangoModelFactory):
    """The Département (first party) pays the school (last party) 55 000 € for the convention's first year."""

    class Meta:
        model = Subsidy

    convention = factory.SubFactory(ConventionFactory)
    payer = factory.LazyAttribute(lambda o: _parties(o.convention)[0])
    beneficiary = factory.LazyAttribute(lambda o: _parties(o.convention)[-1])
    year = factory.LazyAttribute(lambda o: o.convention.start_date.year)
    forecast = Decimal("55000.00")
    purpose = "Recherche-action sur les parcours des jeunes"


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingCommitment

    subsidy = factory.SubFactory(SubsidyFactory)
    reference = factory.Sequence(lambda n: f"CP-{n:04d}")
    voted_on = factory.LazyAttribute(lambda o: datetime.date(o.subsidy.year, 3, 15))
    amount = Decimal("55000.00")


class InKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InKindContribution

    convention = factory.SubFactory(ConventionFactory)
    provider = factory.LazyAttribute(lambda o: _parties(o.convention)[0])
    beneficiary = factory.LazyAttribute(lambda o: _parties(o.convention)[-1])
    kind = "premises"
    description = "Locaux de Mulhouse"
    year = factory.LazyAttribute(lambda o: o.convention.start_date.year)
    value = Decimal("12000.00")
