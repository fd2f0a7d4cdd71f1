"""Forms of the action plan and the indicators (AP1, AP2). They parse; the services decide."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Article, Convention, Partnership
from partenaria.core.forms import DateInput, StyledFormMixin
from partenaria.core.templatetags.partenaria import longdate
from partenaria.organisations.models import Organisation, Person

from .models import Action, ActionStatus, Axis, Indicator, IndicatorValue, ProgressNote

PERCENT_ERRORS = {
    "min_value": _("Give a percentage between 0 and 100."),
    "max_value": _("Give a percentage between 0 and 100."),
    "invalid": _("Give a whole number between 0 and 100."),
}


def _parties(convention: Convention):
    return Organisation.objects.filter(convention_parties__convention=convention).order_by(
        "convention_parties__position", "pk"
    )


class AxisForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Axis
        fields = ["title", "description", "article"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.filter(convention=convention).order_by(
            "position", "pk"
        )
        self.fields["article"].empty_label = _("No article")


class ActionForm(StyledFormMixin, forms.ModelForm):
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        required=False,
        error_messages=PERCENT_ERRORS,
        help_text=_("From 0 to 100. A done action counts for 100 %."),
    )

    class Meta:
        model = Action
        fields = [
            "axis",
            "title",
            "description",
            "owner",
            "person_in_charge",
            "status",
            "start_date",
            "due_date",
            "progress",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(),
            "due_date": DateInput(),
        }

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = convention.axes.order_by("position", "pk")
        parties = _parties(convention)
        self.fields["owner"].queryset = parties
        self.fields["owner"].label_from_instance = lambda o: o.display_name
        self.fields["person_in_charge"].queryset = (
            Person.objects.filter(organisation__in=parties.values("pk"))
            .select_related("organisation")
            .order_by("last_name", "first_name")
        )
        self.fields["person_in_charge"].label_from_instance = lambda p: f"{p} ({p.organisation.display_name})"
        if end := convention.end_date:
            self.fields["due_date"].help_text = _("No later than the end of the convention, %(date)s.") % {
                "date": longdate(end)
            }

    def _post_clean(self):
        # The rules against the convention (owner, dates, percentage) are the service's, which
        # puts its messages back onto these fields.
        pass


class ProgressNoteForm(StyledFormMixin, forms.ModelForm):
    progress = forms.IntegerField(
        label=_("New progress (%)"),
        min_value=0,
        max_value=100,
        required=False,
        error_messages=PERCENT_ERRORS,
        help_text=_("Leave empty to keep the current progress."),
    )

    class Meta:
        model = ProgressNote
        fields = ["noted_on", "text", "progress"]
        widgets = {"noted_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "direction", "axis", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axis"].queryset = convention.axes.order_by("position", "pk")
        self.fields["axis"].empty_label = _("The whole convention")

    def _post_clean(self):
        pass


class IndicatorValueForm(StyledFormMixin, forms.ModelForm):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        max_value=2200,
        error_messages={
            "min_value": _("Give a year between 1900 and 2200."),
            "max_value": _("Give a year between 1900 and 2200."),
            "invalid": _("Give a year, e.g. 2025."),
        },
    )

    class Meta:
        model = IndicatorValue
        fields = ["year", "target", "measured", "comment", "is_illustrative"]

    def _post_clean(self):
        pass


# --- The list of actions across partnerships ---------------------------------------------------

YES_NO = [("", _("All")), ("yes", _("Late only"))]


class ActionFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, help_text=_("Title of the action or of its axis."))
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ActionStatus.choices]
    )
    late = forms.ChoiceField(label=_("Late"), required=False, choices=YES_NO)
    owner = forms.ModelChoiceField(
        label=_("Owner party"), required=False, queryset=Organisation.objects.none()
    )
    partnership = forms.ModelChoiceField(
        label=_("Partnership"), required=False, queryset=Partnership.objects.none()
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["partnership"].empty_label = _("All")
        self.fields["owner"].queryset = (
            Organisation.objects.filter(Q(partnership_members__partnership__in=partnerships.values("pk")))
            .distinct()
            .order_by("name")
        )
        self.fields["owner"].empty_label = _("All")
        self.fields["owner"].label_from_instance = lambda o: o.display_name
