"""Forms of the research pages (RS1-RS5). Rules live in the services; the forms parse and label."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partenaria.core.forms import DateInput
from partenaria.core.forms import StyledFormMixin as _Styled
from partenaria.organisations.models import Organisation, Person

from .models import (
    Deliverable,
    FunderApplication,
    MethodTarget,
    ResearchProject,
    StudyRequest,
    StudyStatus,
    TeamMember,
    ValorisationAction,
)


class StyledFormMixin(_Styled):
    """The services check uniqueness and the rules behind the constraints, in French and next to the
    field (finance's forms share it): the form leaves them to the service instead of answering with a
    generic message, and the database constraints back them."""

    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass


def _members(partnership):
    return Organisation.objects.filter(partnership_members__partnership=partnership).order_by("name")


class ProjectForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ResearchProject
        fields = [
            "title",
            "convention",
            "question",
            "description",
            "methodology",
            "stakeholders",
            "concerns_children",
            "dpia_reference",
            "started_on",
            "ended_on",
            "synthesis",
        ]
        widgets = {
            "started_on": DateInput(),
            "ended_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ["question", "description", "methodology", "stakeholders", "synthesis"]
            },
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["convention"].queryset = partnership.conventions.order_by("-start_date")


class TeamMemberForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["person", "role"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            organisation__partnership_members__partnership=partnership
        ).select_related("organisation")
        self.fields["person"].label_from_instance = lambda p: f"{p} ({p.organisation})"


class TargetForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = MethodTarget
        fields = ["category", "planned_min", "planned_max", "done"]


class DeliverableForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["kind", "title", "due_date", "responsible"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = _members(partnership)


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("file"), help_text=_("PDF, Word, OpenDocument, Excel or PowerPoint, 20 MB at most.")
    )


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("accept", _("Accept the deliverable")), ("reject", _("Send it back for changes"))],
        widget=forms.RadioSelect,
    )
    review_comment = forms.CharField(
        label=_("comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ValorisationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ValorisationAction
        fields = ["title", "held_on", "audience", "description"]
        widgets = {"held_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class FunderForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = FunderApplication
        fields = ["funder", "status", "amount_asked", "amount_granted", "applied_on", "decided_on", "note"]
        widgets = {"applied_on": DateInput(), "decided_on": DateInput()}


class StudyRequestForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = StudyRequest
        fields = ["kind", "subject", "details", "requester", "provider", "requested_on", "wanted_by"]
        widgets = {
            "requested_on": DateInput(),
            "wanted_by": DateInput(),
            "details": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].queryset = _members(partnership)
        self.fields["provider"].queryset = _members(partnership)


class StudyQuoteForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(label=_("answer"), widget=forms.Textarea(attrs={"rows": 4}))
    quote = forms.DecimalField(label=_("quote (€)"), max_digits=12, decimal_places=2, min_value=0)


class StudyDeclineForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class StudyDeliverForm(StyledFormMixin, forms.Form):
    delivered_on = forms.DateField(label=_("delivered on"), widget=DateInput())


STUDY_MOVE_FORMS = {
    "quote": StudyQuoteForm,
    "decline": StudyDeclineForm,
    "deliver": StudyDeliverForm,
    "accept": None,
}


class ProjectFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("search"), required=False)
    status = forms.ChoiceField(label=_("status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ProjectStatus

        self.fields["status"].choices = [("", _("All")), *list(ProjectStatus.choices)]


class StudyFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All")), *list(StudyStatus.choices)]
    )
