"""Forms of the teaching cooperation pages (PD1-PD3). They parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Commitment, Convention, Frequency
from partenaria.core.forms import DateInput, StyledFormMixin
from partenaria.internships.models import CompetenceBlock
from partenaria.organisations.models import Organisation, OrganisationKind, Person

from .models import DocumentationAccess, Intervention, JobOffer, QualificationAction, Speaker, SpeakerLevel


class InterventionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Intervention
        fields = [
            "school",
            "agent",
            "kind",
            "theme",
            "course",
            "starts_on",
            "ends_on",
            "hours",
            "is_paid",
            "convention",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            # « 3,5 » as a French person types it: a text input read with the locale's separator.
            "hours": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        localized_fields = ["hours"]

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        members = partnership.members.values("organisation_id")
        schools = Organisation.objects.filter(pk__in=members, kind=OrganisationKind.SCHOOL)
        self.fields["school"].queryset = schools
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
        self.fields["agent"].queryset = (
            Person.objects.filter(organisation__in=members)
            .exclude(organisation__kind=OrganisationKind.SCHOOL)
            .select_related("organisation")
            .order_by("organisation__name", "last_name", "first_name")
        )
        self.fields["agent"].label_from_instance = lambda p: f"{p} ({p.organisation.display_name})"
        self.fields["convention"].queryset = Convention.objects.filter(partnership=partnership).order_by(
            "-start_date"
        )


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a refusal: the school and the agent read it."),
    )


class CancelForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for the cancellation"), max_length=250)


class FilterForm(forms.Form):
    """The filters of the list, kept in the URL."""

    year = forms.IntegerField(label=_("School year"), required=False, min_value=1900, max_value=2999)
    status = forms.CharField(required=False, max_length=20)
    kind = forms.CharField(required=False, max_length=30)


class ProgrammeSendForm(StyledFormMixin, forms.Form):
    foreword = forms.CharField(
        label=_("Foreword"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A few words to the referents, sent above the list of themes and dates."),
    )


class ProgrammeDutyForm(StyledFormMixin, forms.Form):
    commitment = forms.ModelChoiceField(
        label=_("Commitment of the convention"),
        queryset=Commitment.objects.none(),
        help_text=_("The yearly commitment to send the programme: its date is the deadline."),
    )
    school = forms.ModelChoiceField(label=_("School that sends it"), queryset=Organisation.objects.none())

    def __init__(self, *args, convention, **kwargs):
        super().__init__(*args, **kwargs)
        members = convention.partnership.members.values("organisation_id")
        self.fields["school"].queryset = Organisation.objects.filter(
            pk__in=members, kind=OrganisationKind.SCHOOL
        )
        self.fields["commitment"].queryset = convention.commitments.filter(frequency=Frequency.YEARLY)


def _members(partnership):
    return partnership.members.values("organisation_id")


def _schools(partnership):
    return Organisation.objects.filter(pk__in=_members(partnership), kind=OrganisationKind.SCHOOL)


def _authority_people(partnership, organisation_ids=None):
    people = (
        Person.objects.filter(organisation__in=_members(partnership))
        .exclude(organisation__kind=OrganisationKind.SCHOOL)
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )
    return people if organisation_ids is None else people.filter(organisation__in=organisation_ids)


class JobOfferForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = JobOffer
        fields = ["employer", "title", "reference", "diplomas", "url", "closes_on"]
        widgets = {"closes_on": DateInput()}

    def __init__(self, *args, partnership, employer_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = (
            Organisation.objects.filter(pk__in=_members(partnership))
            .filter(pk__in=employer_ids)
            .exclude(kind=OrganisationKind.SCHOOL)
        )


class RelayForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = JobOffer
        fields = ["relay_channel", "relay_audience"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relay_channel"].required = True


class DocumentationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = DocumentationAccess
        fields = ["agent", "school", "rules_version", "rules_accepted_on", "registered_on"]
        widgets = {"rules_accepted_on": DateInput(), "registered_on": DateInput()}

    def __init__(self, *args, partnership, employer_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = _schools(partnership)
        self.fields["agent"].queryset = _authority_people(partnership, employer_ids)
        self.fields["agent"].label_from_instance = lambda p: f"{p} ({p.organisation.display_name})"


class QualificationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = QualificationAction
        fields = [
            "kind",
            "title",
            "description",
            "starts_on",
            "ends_on",
            "people",
            "training_session",
            "convention",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partnership, **kwargs):
        from partenaria.internships.models import TrainingSession

        super().__init__(*args, **kwargs)
        self.fields["training_session"].queryset = TrainingSession.objects.filter(
            organiser__in=_members(partnership)
        )
        self.fields["convention"].queryset = Convention.objects.filter(partnership=partnership)


class SpeakerForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["agent", "school", "charter_version", "charter_signed_on"]
        widgets = {"charter_signed_on": DateInput()}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = _schools(partnership)
        self.fields["agent"].queryset = _authority_people(partnership)
        self.fields["agent"].label_from_instance = lambda p: f"{p} ({p.organisation.display_name})"


class AssessForm(StyledFormMixin, forms.Form):
    block = forms.ModelChoiceField(label=_("Competence block"), queryset=CompetenceBlock.objects.none())
    level = forms.ChoiceField(label=_("Level"), choices=SpeakerLevel.choices)
    note = forms.CharField(label=_("Comment"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].queryset = CompetenceBlock.objects.select_related("diploma").order_by(
            "diploma__code", "code"
        )
        self.fields["block"].label_from_instance = lambda b: f"{b.diploma.code} – {b.code} {b.title}"
