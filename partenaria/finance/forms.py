"""Forms of the money pages (FN1, FN2, FN4). Rules live in the services; the forms parse and label."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partenaria.core.forms import DateInput
from partenaria.organisations.models import Organisation
from partenaria.research.forms import StyledFormMixin
from partenaria.research.models import Deliverable

from .models import ConditionalContribution, FundingCommitment, InKindContribution, Payment, Subsidy


def _parties(convention):
    return Organisation.objects.filter(convention_parties__convention=convention).order_by("name")


class SubsidyForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Subsidy
        fields = ["payer", "beneficiary", "year", "forecast", "purpose", "is_illustrative"]

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = _parties(convention)
        self.fields["beneficiary"].queryset = _parties(convention)


class CommitmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FundingCommitment
        fields = ["subsidy", "reference", "voted_on", "amount"]
        widgets = {"voted_on": DateInput()}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subsidy"].queryset = convention.subsidies.select_related("payer", "beneficiary")
        self.fields["subsidy"].label = _("subsidy of the year")


class PaymentForm(StyledFormMixin, forms.ModelForm):
    confirm_excess = forms.BooleanField(
        label=_("I confirm paying more than what remains of the commitment"),
        required=False,
        help_text=_("Only an administrator or partnership officer of the paying party may confirm."),
    )

    class Meta:
        model = Payment
        fields = ["commitment", "paid_on", "reference", "amount"]
        widgets = {"paid_on": DateInput()}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = FundingCommitment.objects.filter(
            subsidy__convention=convention
        ).select_related("subsidy")
        self.fields["commitment"].label_from_instance = lambda c: f"{c.subsidy.year} – {c.reference}"


class ConditionalForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ConditionalContribution
        fields = [
            "purpose",
            "payer",
            "beneficiary",
            "amount",
            "deliverable",
            "due_by",
            "cost_share",
            "decision_reference",
            "decided_on",
        ]
        widgets = {"due_by": DateInput(), "decided_on": DateInput()}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = _parties(convention)
        self.fields["beneficiary"].queryset = _parties(convention)
        self.fields["deliverable"].queryset = Deliverable.objects.filter(
            project__partnership=convention.partnership
        ).select_related("project")
        self.fields["deliverable"].label_from_instance = lambda d: f"{d.title} ({d.project.title})"


class ConditionalPayForm(StyledFormMixin, forms.Form):
    paid_on = forms.DateField(label=_("date of payment"), widget=DateInput())
    payment_reference = forms.CharField(label=_("payment reference"), max_length=100)


class InKindForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = InKindContribution
        fields = [
            "kind",
            "description",
            "provider",
            "beneficiary",
            "since",
            "year",
            "value",
            "is_illustrative",
        ]
        widgets = {"since": DateInput()}

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _parties(convention)
        self.fields["beneficiary"].queryset = _parties(convention)


class YearFilterForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("year"), required=False, min_value=1900, max_value=2200)
