"""Situations of the dispute log (CV9)."""

import datetime

import factory

from partenaria.conventions.models import Dispute, DisputeOutcome
from tests.factories import ConventionFactory


class DisputeFactory(factory.django.DjangoModelFactory):
    """An open dispute raised by the first party, some months after the signature."""

    class Meta:
        model = Dispute

    convention = factory.SubFactory(ConventionFactory)
    opened_on = factory.LazyAttribute(lambda o: o.convention.signature_date + datetime.timedelta(days=120))
    raised_by = factory.LazyAttribute(lambda o: o.convention.parties.first().organisation)
    subject = "Stages annulés sans préavis"
    description = "Deux stages ont été annulés la veille de leur début."

    class Params:
        settled = factory.Trait(
            outcome=DisputeOutcome.SETTLED,
            closed_on=factory.LazyAttribute(lambda o: o.opened_on + datetime.timedelta(days=30)),
            resolution="Un calendrier de confirmation des stages a été adopté.",
        )
