"""Factories named after business situations (house style: les-emplois' traits).

ConventionFactory(tacit_renewal_4_months=True)   # the Haut-Rhin kind of convention
ConventionFactory(expiring_soon=True)
PartnershipFactory.with_members(dept, school)
"""

import datetime

import factory
from django.utils import timezone

from partenaria.accounts.models import User
from partenaria.conventions.models import (
    Article,
    Commitment,
    Convention,
    ConventionKind,
    NoticeForm,
    Partnership,
    PartnershipMember,
    Party,
    StartMode,
)
from partenaria.conventions.statuses import Status
from partenaria.organisations.models import Membership, Organisation, OrganisationKind, Person, Role, Unit

PASSWORD = "partenaria-test-pw"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = factory.Sequence(lambda n: f"Nom{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.DEPARTEMENT
    city = "Rennes"

    class Params:
        school = factory.Trait(kind=OrganisationKind.SCHOOL, name=factory.Sequence(lambda n: f"École {n}"))
        departement = factory.Trait(
            kind=OrganisationKind.DEPARTEMENT, name=factory.Sequence(lambda n: f"Département {n}")
        )


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Sequence(lambda n: f"Camille{n}")
    last_name = factory.Sequence(lambda n: f"Martin{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PARTNERSHIP_OFFICER


def officer_of(organisation: Organisation, role: str = Role.PARTNERSHIP_OFFICER, **user_fields) -> User:
    """A person who logs in and acts for ``organisation`` with ``role``."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Partenariat {n}")

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        """``PartnershipFactory(members=[dept, school])``; two new organisations by default."""
        if not create:
            return
        organisations = (
            extracted
            if extracted is not None
            else [
                OrganisationFactory(departement=True),
                OrganisationFactory(school=True),
            ]
        )
        for organisation in organisations:
            PartnershipMember.objects.create(partnership=obj, organisation=organisation)


class ConventionFactory(factory.django.DjangoModelFactory):
    """An active three-year framework convention that started on 1 January of last year."""

    class Meta:
        model = Convention
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    kind = ConventionKind.FRAMEWORK
    title = factory.Sequence(lambda n: f"Convention cadre {n}")
    status = Status.ACTIVE
    start_mode = StartMode.FIXED
    start_date = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year - 1, 1, 1))
    signature_date = factory.LazyAttribute(
        lambda o: o.start_date - datetime.timedelta(days=20) if o.start_date else None
    )
    signature_place = "Rennes"
    term_months = 36

    class Params:
        draft = factory.Trait(status=Status.DRAFT, signature_date=None, signature_place="")
        # Haut-Rhin: 3 years from signature, tacit renewal, 4 months' notice by registered letter [004].
        tacit_renewal_4_months = factory.Trait(
            tacit_renewal=True, notice_months=4, notice_form=NoticeForm.REGISTERED_LETTER
        )
        # Ends within the next 100 days.
        expiring_soon = factory.Trait(
            start_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=3 * 365 - 100)
            )
        )
        expired = factory.Trait(
            status=Status.EXPIRED,
            start_date=factory.LazyFunction(lambda: datetime.date(timezone.localdate().year - 4, 1, 1)),
        )

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):
        """Every member of the partnership is a party unless a list is given."""
        if not create:
            return
        organisations = (
            extracted if extracted is not None else [m.organisation for m in obj.partnership.members.all()]
        )
        for position, organisation in enumerate(organisations):
            Party.objects.create(convention=obj, organisation=organisation, position=position)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    convention = factory.SubFactory(ConventionFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = "Objet de la convention"
    body = "Les parties conviennent de coopérer."


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    convention = factory.SubFactory(ConventionFactory)
    debtor = factory.LazyAttribute(lambda o: o.convention.parties.first().organisation)
    description = "Transmettre l'état d'avancement"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=45))
