"""Forms of the dispute log (CV9). Plain forms: the rules live in dispute_services, whose refusals
come back onto these fields (core.forms.add_service_errors)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partenaria.core.forms import DateInput, StyledFormMixin
from partenaria.organisations.models import Organisation

from .models import DisputeOutcome, DisputeStepKind


class DisputeForm(StyledFormMixin, forms.Form):
    opened_on = forms.DateField(label=_("opened on"), widget=DateInput())
    raised_by = forms.ModelChoiceField(
        label=_("raised by"), queryset=Organisation.objects.none(), help_text=_("The party that raises it.")
    )
    subject = forms.CharField(label=_("subject"), max_length=200)
    description = forms.CharField(
        label=_("description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The difficulty in carrying out the convention, as the party states it."),
    )

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["raised_by"].queryset = Organisation.objects.filter(
            convention_parties__convention=convention
        ).order_by("name")


class DisputeStepForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("step"), choices=DisputeStepKind.choices)
    notes = forms.CharField(
        label=_("notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who took part, what was said or proposed."),
    )


class DisputeCloseForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=[("", "---------"), *DisputeOutcome.choices])
    closed_on = forms.DateField(label=_("closed on"), widget=DateInput())
    resolution = forms.CharField(
        label=_("what was agreed or decided"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
