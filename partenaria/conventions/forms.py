"""Forms of the partnership and convention pages. They parse; the services decide (house style)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partenaria.core.forms import DateInput, FastSelect, ModelMultipleChoiceField, StyledFormMixin
from partenaria.organisations.models import Organisation

from . import terms
from .models import (
    Convention,
    ConventionKind,
    NoticeForm,
    Partnership,
    PartnershipKind,
    StartMode,
    validate_convention,
)
from .statuses import Status

# --- Partnerships --------------------------------------------------------------------------------


class PartnershipForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=PartnershipKind.choices, initial=PartnershipKind.TRAINING
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    organisations = ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("At least two, your own organisation among them. Hold Ctrl to select several."),
    )
    lead = forms.ModelChoiceField(
        label=_("Lead organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("Optional; one of the partners."),
    )

    def clean(self):
        cleaned = super().clean()
        organisations = cleaned.get("organisations")
        lead = cleaned.get("lead")
        if organisations is not None and lead is not None and lead not in organisations:
            self.add_error("lead", _("The lead organisation must be one of the partners."))
        return cleaned


# --- Conventions ---------------------------------------------------------------------------------

CONVENTION_FORM_FIELDS = [
    "kind",
    "title",
    "reference",
    "start_mode",
    "start_date",
    "term_months",
    "tacit_renewal",
    "max_renewals",
    "notice_months",
    "notice_form",
    "synthesis",
]


class ConventionForm(StyledFormMixin, forms.Form):
    """The fields of a draft convention. The end is given as a term in months or as an end date (CV2)."""

    end_date = forms.DateField(
        label=_("or end date"),
        required=False,
        widget=DateInput(),
        help_text=_("Instead of the term: the last day of the initial term (e.g. 31/12/2024 for 2022-2024)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, convention: Convention | None = None, **kwargs):
        self.convention = convention
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [c for c in ConventionKind.choices if c[0] != ConventionKind.AMENDMENT]
        if convention is not None and convention.kind == ConventionKind.AMENDMENT:
            # An amendment stays an amendment: its kind is set when it is drafted from its parent.
            del self.fields["kind"]
        self.fields["term_months"].required = False
        # Editing needs the version the person started from (optimistic locking, trust 22).
        self.fields["version"].required = convention is not None
        self.fields["term_months"].help_text = _("3 years = 36 months. Or give the end date below.")
        self.fields["term_months"].widget.attrs["aria-describedby"] = (
            f"id_{self.add_prefix('term_months')}-help"
        )

    def clean(self):
        cleaned = super().clean()
        start_mode = cleaned.get("start_mode")
        start = cleaned.get("start_date")
        months = cleaned.get("term_months")
        end = cleaned.get("end_date")
        if end is not None:
            if start_mode == StartMode.SIGNATURE or start is None:
                self.add_error(
                    "end_date",
                    _(
                        "An end date needs a fixed start date; with a start on signature, give the term in months."
                    ),
                )
            elif end < start:
                self.add_error("end_date", _("The end date is before the start date."))
            else:
                derived = terms.months_for_end(start, end)
                if derived is None:
                    nearest = max(1, (end.year - start.year) * 12 + end.month - start.month)
                    self.add_error(
                        "end_date",
                        _(
                            "The term must be a whole number of months from the start: for example "
                            "%(months)s months end on %(end)s."
                        )
                        % {"months": nearest, "end": terms.term_end(start, nearest).strftime("%d/%m/%Y")},
                    )
                elif months and months != derived:
                    self.add_error(
                        "end_date",
                        _("This end date means a term of %(months)s months, not %(given)s.")
                        % {"months": derived, "given": months},
                    )
                else:
                    cleaned["term_months"] = derived
        elif not months and "term_months" not in self.errors:
            self.add_error("term_months", _("Give the term in months, or the end date."))
        if not self.errors:
            self._validate_rules(cleaned)
        return cleaned

    def _validate_rules(self, cleaned):
        """The model's own rules (notice shorter than the term...), shown next to their fields."""
        probe = Convention(**self.service_data(cleaned))
        if self.convention is not None:
            probe.kind = cleaned.get("kind", self.convention.kind)
            probe.parent_id = self.convention.parent_id
            probe.partnership_id = self.convention.partnership_id
        for field, messages in validate_convention(probe).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)

    def service_data(self, cleaned=None) -> dict:
        cleaned = cleaned if cleaned is not None else self.cleaned_data
        return {name: cleaned.get(name) for name in CONVENTION_FORM_FIELDS if name in self.fields}


ConventionForm.base_fields = {
    **forms.fields_for_model(
        Convention,
        fields=CONVENTION_FORM_FIELDS,
        widgets={"start_date": DateInput(), "synthesis": forms.Textarea(attrs={"rows": 4})},
    ),
    **ConventionForm.base_fields,
}
# Keep "end date" right after the term.
ConventionForm.base_fields = {
    name: ConventionForm.base_fields[name]
    for name in [*CONVENTION_FORM_FIELDS[:6], "end_date", *CONVENTION_FORM_FIELDS[6:], "version"]
}


class PartyForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    designation = forms.CharField(
        label=_("Designated as"),
        max_length=120,
        required=False,
        help_text=_("« Le Département », « l'ISSM »..."),
    )
    representative_name = forms.CharField(label=_("Representative's name"), max_length=200, required=False)
    capacity = forms.CharField(
        label=_("Capacity"),
        max_length=250,
        required=False,
        help_text=_("« Le Président du Conseil départemental »"),
    )
    delegation = forms.CharField(
        label=_("Delegation"),
        max_length=300,
        required=False,
        help_text=_("« Pour le Président et par délégation, le Vice-Président »"),
    )

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership_members__partnership=partnership
        ).order_by("name")


class BasePartyFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Not a party to this convention")

    def live_forms(self):
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if getattr(form, "cleaned_data", None) and form.cleaned_data.get("organisation"):
                yield form

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.live_forms():
            organisation = form.cleaned_data["organisation"]
            if organisation.pk in seen:
                # Next to the field (trust 31), not only in a summary.
                form.add_error("organisation", _("This organisation is already a party above."))
            seen.add(organisation.pk)
        if len(seen) < 2:
            raise ValidationError(_("A convention binds at least two parties."))

    def parties(self) -> list[dict]:
        return [
            {k: v for k, v in form.cleaned_data.items() if k in PartyForm.base_fields}
            for form in self.live_forms()
        ]


PartyFormSet = forms.formset_factory(
    PartyForm, formset=BasePartyFormSet, extra=1, max_num=20, can_delete=True
)


# --- Status acts ---------------------------------------------------------------------------------


class SignForm(StyledFormMixin, forms.Form):
    signature_date = forms.DateField(label=_("Date of signature"), widget=DateInput())
    signature_place = forms.CharField(label=_("Place of signature"), max_length=120)
    originals_count = forms.IntegerField(label=_("Number of originals"), required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signature_date"].initial = timezone.localdate()


class SupersedeForm(StyledFormMixin, forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Replaced by"),
        queryset=Convention.objects.none(),
        required=False,
        help_text=_("The newer convention of the partnership, when it exists."),
    )

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            Convention.objects.filter(partnership_id=convention.partnership_id)
            .exclude(pk=convention.pk)
            .exclude(kind=ConventionKind.AMENDMENT)
            .order_by("start_date", "pk")
        )


class DenounceForm(StyledFormMixin, forms.Form):
    party = forms.ModelChoiceField(label=_("Denouncing party"), queryset=Organisation.objects.none())
    form = forms.ChoiceField(label=_("Form of the notice"), choices=NoticeForm.choices)
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())
    received_on = forms.DateField(
        label=_("Received on"),
        widget=DateInput(),
        help_text=_("The day the other parties received the notice: this is the date that counts."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    accept_next_term = forms.BooleanField(
        label=_("Record it to take effect at the end of the next term"), required=False
    )

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Organisation.objects.filter(
            convention_parties__convention=convention
        ).order_by("convention_parties__position")
        if convention.notice_form and convention.notice_form != NoticeForm.NONE:
            self.fields["form"].initial = convention.notice_form


# --- List filters --------------------------------------------------------------------------------

SORTS = {
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "start": ("start_sort", "pk"),
    "-start": ("-start_sort", "-pk"),
    "partnership": ("partnership__title", "start_sort", "pk"),
    "-partnership": ("-partnership__title", "-start_sort", "-pk"),
}


class ConventionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Title, reference or party"))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All")), *ConventionKind.choices]
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"),
        required=False,
        queryset=Partnership.objects.none(),
        empty_label=_("All"),
        widget=FastSelect,
    )
    tacit_renewal = forms.ChoiceField(
        label=_("Tacit renewal"),
        required=False,
        choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("title", _("Title")),
            ("start", _("Start date, oldest first")),
            ("-start", _("Start date, newest first")),
            ("partnership", _("Partnership")),
        ],
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs.update({"class": "form-select", "data-autosubmit": ""})
            else:
                field.widget.attrs["class"] = "form-control"
