"""Forms of the rooms pages (EV2, FN3). They parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partenaria.conventions.models import Article, Convention
from partenaria.conventions.statuses import EDITABLE, IN_FORCE
from partenaria.core.forms import DateInput, StyledFormMixin

from .models import WEEKDAY_CHOICES, PricingUnitChoices, Room


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class RoomForm(StyledFormMixin, forms.ModelForm):
    open_weekdays = forms.MultipleChoiceField(
        label=_("Open days"), choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Room
        fields = [
            "name",
            "location",
            "capacity",
            "equipment",
            "opens_at",
            "closes_at",
            "open_weekdays",
            "price",
            "pricing_unit",
            "open_to_partners",
            "is_active",
        ]
        widgets = {
            "opens_at": TimeInput(),
            "closes_at": TimeInput(),
            "equipment": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["open_weekdays"] = list(self.instance.open_weekdays)
        self.fields["pricing_unit"].choices = PricingUnitChoices.choices

    def clean_open_weekdays(self):
        return "".join(sorted(self.cleaned_data["open_weekdays"]))

    def _post_clean(self):
        # The service validates the model; the form only parses.
        pass


class QuotaForm(StyledFormMixin, forms.Form):
    convention = forms.ModelChoiceField(label=_("Convention"), queryset=Convention.objects.none())
    free_per_year = forms.IntegerField(
        label=_("Free bookings per convention year"),
        min_value=0,
        max_value=1000,
        help_text=_(
            "« La gratuité sera accordée à concurrence de 6 réservations de salles » [Askoria, 2025]."
        ),
    )
    article = forms.ModelChoiceField(
        label=_("Article that grants them"), queryset=Article.objects.none(), required=False
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        conventions = (
            Convention.objects.filter(parties__organisation=owner, status__in=IN_FORCE | EDITABLE)
            .select_related("partnership")
            .distinct()
            .order_by("-start_date", "pk")
        )
        self.fields["convention"].queryset = conventions
        self.fields["article"].queryset = Article.objects.filter(
            convention__in=conventions.values("pk")
        ).select_related("convention")
        self.fields["article"].label_from_instance = lambda a: f"{a.convention.title} – {a}"


class BookingForm(StyledFormMixin, forms.Form):
    convention = forms.ModelChoiceField(
        label=_("Under the convention"),
        queryset=Convention.objects.none(),
        help_text=_(
            "The convention between your organisation and the room's owner that covers this booking."
        ),
    )
    day = forms.DateField(label=_("Day"), widget=DateInput())
    start_time = forms.TimeField(label=pgettext_lazy("time", "From"), widget=TimeInput())
    end_time = forms.TimeField(label=pgettext_lazy("time", "To"), widget=TimeInput())
    attendees = forms.IntegerField(label=_("Expected attendees"), min_value=1, max_value=5000)
    purpose = forms.CharField(
        label=_("Purpose"), max_length=250, help_text=_("« Comité de suivi », « séminaire socio-sport »...")
    )

    def __init__(self, *args, conventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = conventions
        if not self.is_bound:
            first_two = list(conventions[:2])
            if len(first_two) == 1:
                self.initial["convention"] = first_two[0].pk


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=250, required=False)


class YearForm(forms.Form):
    annee = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200, required=False)
