"""Forms of the European project pages (EU1-EU4, EU6). They parse; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import MemberStatus
from partenaria.core.forms import DateInput, FastSelect, StyledFormMixin
from partenaria.organisations.models import Organisation, Person

from .models import (
    EU_COUNTRIES,
    EuropeanProject,
    JobProfile,
    PartnerSearch,
    PartnerType,
    SearchAnswer,
    TrainingProposal,
)

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class ModelParsingForm(StyledFormMixin, forms.ModelForm):
    def _post_clean(self):
        # The service validates the model; the form only parses.
        pass


class ProjectForm(ModelParsingForm):
    class Meta:
        model = EuropeanProject
        fields = [
            "programme",
            "call_deadline",
            "keywords",
            "objective",
            "problem",
            "activities",
            "expected_results",
            "coordinator",
            "contact",
            "dates_are_illustrative",
        ]
        widgets = {
            "call_deadline": DateInput(),
            "objective": TEXTAREA,
            "problem": TEXTAREA,
            "activities": TEXTAREA,
            "expected_results": TEXTAREA,
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        members = Organisation.objects.filter(partnership_members__partnership=partnership)
        self.fields["coordinator"].queryset = members
        self.fields["contact"].queryset = Person.objects.filter(organisation__in=members).select_related(
            "organisation"
        )
        self.fields["contact"].label_from_instance = lambda p: f"{p} ({p.organisation.display_name})"
        if not self.instance.pk and partnership.lead_id:
            self.initial.setdefault("coordinator", partnership.lead_id)


class PartnerForm(StyledFormMixin, forms.Form):
    """Given ``edits=`` the partnership member: a second person's save over the first is refused."""

    STORED_FIELDS = ["status"]
    status = forms.ChoiceField(label=_("Status"), choices=MemberStatus.choices)
    partner_type = forms.ChoiceField(label=_("Partner type"), choices=PartnerType.choices)


class SearchForm(ModelParsingForm):
    countries = forms.MultipleChoiceField(
        label=_("Countries sought"), choices=EU_COUNTRIES, required=False, widget=forms.CheckboxSelectMultiple
    )
    partner_types = forms.MultipleChoiceField(
        label=_("Partner types sought"), choices=PartnerType.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PartnerSearch
        fields = ["summary", "countries", "other_countries_welcome", "partner_types", "fields_of_action"]
        widgets = {"summary": TEXTAREA}


class AnswerForm(ModelParsingForm):
    class Meta:
        model = SearchAnswer
        fields = ["organisation", "partner_type", "message"]
        widgets = {"message": TEXTAREA}
        help_texts = {
            "message": _("Who you are, what your organisation would bring, who to contact."),
            "partner_type": _("What your organisation would bring to the consortium."),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].label = _("Answer in the name of")
        if len(organisations) == 1:
            self.initial.setdefault("organisation", organisations[0].pk)


class DecisionForm(StyledFormMixin, forms.Form):
    ACCEPT_PENDING = "accept_pending"
    ACCEPT_CONFIRMED = "accept_confirmed"
    DECLINE = "decline"
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (ACCEPT_PENDING, _("Accept: the organisation joins as a partner pending validation")),
            (ACCEPT_CONFIRMED, _("Accept: the organisation joins as a confirmed partner")),
            (DECLINE, _("Decline")),
        ],
    )
    reply = forms.CharField(label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MobilityForm(StyledFormMixin, forms.Form):
    host = forms.ModelChoiceField(label=_("Host organisation"), queryset=Organisation.objects.none())
    starts_on = forms.DateField(
        label=_("First day"), widget=DateInput(), help_text=_("The mobility lasts five days from this day.")
    )
    theme = forms.CharField(label=_("Theme"), max_length=250, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organisation.objects.filter(
            partnership_members__partnership=project.partnership
        )
        self.fields["host"].label_from_instance = lambda o: f"{o.name} ({o.country})"


class ParticipantForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=_("Professional"), queryset=Person.objects.none(), widget=FastSelect
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: (
            f"{p} – {p.organisation.display_name} ({p.organisation.country})"
        )


class JobProfileForm(ModelParsingForm):
    class Meta:
        model = JobProfile
        fields = ["family", "title", "missions", "know_how", "soft_skills", "country"]
        widgets = {"missions": TEXTAREA, "know_how": TEXTAREA, "soft_skills": TEXTAREA}


class TrainingProposalForm(ModelParsingForm):
    class Meta:
        model = TrainingProposal
        fields = ["kind", "title", "proposal", "profile"]
        widgets = {"proposal": TEXTAREA}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile"].queryset = JobProfile.objects.filter(project=project)
