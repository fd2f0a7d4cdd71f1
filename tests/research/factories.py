import datetime

import factory

from partenaria.research.models import (
    Deliverable,
    DeliverableKind,
    FunderApplication,
    MethodTarget,
    ResearchProject,
    StudyKind,
    StudyRequest,
)
from tests.factories import ConventionFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    """A running research framed by a three-year convention of its partnership."""

    class Meta:
        model = ResearchProject

    convention = factory.SubFactory(ConventionFactory)
    partnership = factory.LazyAttribute(lambda o: o.convention.partnership)
    title = factory.Sequence(lambda n: f"Recherche-action {n}")
    question = "Comment les jeunes vivent-ils la sortie de la protection de l'enfance ?"
    status = "running"
    started_on = factory.LazyAttribute(lambda o: o.convention.start_date)

    class Params:
        exploration = factory.Trait(status="exploration")


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MethodTarget

    project = factory.SubFactory(ProjectFactory)
    category = "Entretiens biographiques"
    planned_min = 25
    planned_max = 30
    done = 0


class DeliverableFactory(factory.django.DjangoModelFactory):
    """A synthesis due in the middle of its convention, produced by the school (the last party)."""

    class Meta:
        model = Deliverable

    project = factory.SubFactory(ProjectFactory)
    kind = DeliverableKind.SYNTHESIS
    title = factory.Sequence(lambda n: f"Synthèse {n}")
    due_date = factory.LazyAttribute(lambda o: o.project.convention.start_date + datetime.timedelta(days=400))
    responsible = factory.LazyAttribute(
        lambda o: list(o.project.partnership.members.order_by("pk"))[-1].organisation
    )

    class Params:
        submitted = factory.Trait(status="submitted")
        accepted = factory.Trait(status="accepted", reviewed_on=factory.LazyFunction(datetime.date.today))


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FunderApplication

    project = factory.SubFactory(ProjectFactory)
    funder = factory.Sequence(lambda n: f"Financeur {n}")


class StudyRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyRequest

    partnership = factory.LazyAttribute(lambda o: ConventionFactory().partnership)
    requester = factory.LazyAttribute(lambda o: next(iter(o.partnership.members.order_by("pk"))).organisation)
    provider = factory.LazyAttribute(lambda o: list(o.partnership.members.order_by("pk"))[-1].organisation)
    kind = StudyKind.DIAGNOSIS
    subject = "Diagnostic territorial de la petite enfance"
    requested_on = factory.LazyFunction(datetime.date.today)
