"""Factories of the progress report situations (AP3).

ReportRuleFactory(askoria=True)   # 4th quarter, one month before the steering committee [000 art. 3]
"""

import factory

from partenaria.reports.models import ProgressReport, ReportRule
from tests.factories import ConventionFactory


class ReportRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRule

    convention = factory.SubFactory(ConventionFactory)
    lead_months = 1
    quarter = None

    class Params:
        askoria = factory.Trait(lead_months=1, quarter=4)


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    convention = factory.SubFactory(ConventionFactory)
    year = factory.LazyAttribute(lambda o: o.convention.start_date.year)
