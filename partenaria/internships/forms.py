"""Forms of the internship pages (IN2-IN7). Choices are limited to what the act may use; the
services check the rules again and their refusals go back onto these fields."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Convention, ConventionKind, Partnership
from partenaria.core.forms import DateInput, ModelMultipleChoiceField, StyledFormMixin
from partenaria.organisations.models import Organisation, Person

from . import hours
from .models import (
    CampaignRequest,
    ChangeKind,
    CompetenceBlock,
    Diploma,
    HostSite,
    Level,
    Offer,
    Student,
    TrainerVisit,
    TrainingSession,
    Tutor,
)


class ServiceCheckedForm(StyledFormMixin, forms.ModelForm):
    """A model form whose cross-field rules are the service's: its refusals land on the fields,
    in words, instead of the database constraint's name."""

    def validate_constraints(self):
        pass


class HostSiteForm(ServiceCheckedForm):
    class Meta:
        model = HostSite
        fields = ["unit", "manager", "headcount", "recruitment_url", "convention", "evaluation_held_on"]
        widgets = {"evaluation_held_on": DateInput()}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        if self.instance.pk:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = organisation.units.filter(host_site__isnull=True)
        self.fields["manager"].queryset = organisation.people.all()
        self.fields["convention"].queryset = Convention.objects.filter(
            kind=ConventionKind.HOST_SITE, partnership__members__organisation=organisation
        ).distinct()


class SiteDiplomaForm(StyledFormMixin, forms.Form):
    diploma = forms.ModelChoiceField(label=_("Diploma"), queryset=Diploma.objects.all())
    covered_blocks = ModelMultipleChoiceField(
        label=_("Blocks that can be worked on site"),
        queryset=CompetenceBlock.objects.select_related("diploma"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The blocks left unticked are listed for the school before each internship."),
    )


class TutorForm(ServiceCheckedForm):
    class Meta:
        model = Tutor
        fields = ["person", "qualification"]

    def __init__(self, *args, site: HostSite, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.site = site
        self.fields["person"].queryset = site.organisation.people.all()


class SectorContactForm(StyledFormMixin, forms.Form):
    sector = forms.CharField(label=_("Sector"), max_length=100)
    role = forms.CharField(
        label=_("Role"), max_length=200, help_text=_("For example: Coordinatrice secteur Nord.")
    )
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())

    def __init__(self, *args, site: HostSite, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = site.organisation.people.all()


class CampaignForm(StyledFormMixin, forms.Form):
    partnership = forms.ModelChoiceField(label=_("Partnership"), queryset=Partnership.objects.none())
    host = forms.ModelChoiceField(label=_("Host organisation"), queryset=Organisation.objects.none())
    school_year = forms.IntegerField(
        label=_("School year"),
        min_value=2000,
        max_value=2100,
        help_text=_("Its first calendar year: 2026 for 2026-2027."),
    )

    def __init__(self, *args, user, school: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        partnerships = Partnership.objects.visible_to(user).filter(members__organisation=school)
        self.fields["partnership"].queryset = partnerships.distinct()
        self.fields["host"].queryset = (
            Organisation.objects.filter(partnership_members__partnership__in=partnerships.values("pk"))
            .exclude(pk=school.pk)
            .distinct()
        )


class CampaignRequestForm(ServiceCheckedForm):
    class Meta:
        model = CampaignRequest
        fields = ["diploma", "students", "period_start", "period_end"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}


class OfferForm(ServiceCheckedForm):
    class Meta:
        model = Offer
        fields = ["site", "diploma", "post", "places", "period_start", "period_end", "collective", "tutor"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        self.fields["site"].queryset = HostSite.objects.filter(organisation=campaign.host).select_related(
            "unit"
        )
        self.fields["tutor"].queryset = Tutor.objects.filter(site__organisation=campaign.host).select_related(
            "person", "qualification"
        )
        self.fields["places"].widget.attrs.pop("min", None)  # the service says it in words


class StudentForm(ServiceCheckedForm):
    class Meta:
        model = Student
        fields = ["first_name", "last_name", "email", "diploma", "training_year"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school

    def validate_unique(self):
        # The service checks the e-mail, lower-cased, against the school's students.
        pass


class ApplicationForm(StyledFormMixin, forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=Student.objects.none())
    offer = forms.ModelChoiceField(label=_("Offer"), queryset=Offer.objects.none())
    preference = forms.IntegerField(label=_("Rank of preference"), min_value=1, max_value=20, initial=1)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = Student.objects.filter(school=campaign.school).select_related(
            "diploma"
        )
        self.fields["offer"].queryset = campaign.offers.select_related("site__unit", "diploma")


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declining: the school passes it on to the student."),
    )


class PlacementForm(StyledFormMixin, forms.Form):
    tutor = forms.ModelChoiceField(label=_("Tutor"), queryset=Tutor.objects.none())
    school_referent = forms.ModelChoiceField(
        label=_("School referent"), queryset=Person.objects.none(), required=False
    )
    start = forms.DateField(label=_("First day"), widget=DateInput())
    end = forms.DateField(label=_("Last day"), widget=DateInput())
    weekly_hours = forms.DecimalField(
        label=_("Weekly hours"),
        max_digits=4,
        decimal_places=1,
        initial=Decimal(35),
        help_text=_("At most %(max)s hours a week; spread over Monday to Friday.")
        % {"max": hours.MAX_WEEKLY_HOURS},
    )
    activities = forms.CharField(
        label=_("Activities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        offer = application.offer
        self.fields["tutor"].queryset = offer.site.tutors.select_related("person", "qualification")
        self.fields["school_referent"].queryset = offer.campaign.school.people.all()
        self.initial.setdefault("start", offer.period_start)
        self.initial.setdefault("end", offer.period_end)
        if offer.tutor_id:
            self.initial.setdefault("tutor", offer.tutor_id)


class AmendmentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ChangeKind.choices)
    on = forms.DateField(
        label=_("From"),
        widget=DateInput(),
        help_text=_("Interruption: its first day. Early end: the last day of presence."),
    )
    until = forms.DateField(
        label=_("Until"),
        widget=DateInput(),
        required=False,
        help_text=_("Extension: the new last day. Interruption: its last day."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


# --- Follow-up and tutor training (IN7, IN10) --------------------------------------------------


class VisitPlanForm(ServiceCheckedForm):
    class Meta:
        model = TrainerVisit
        fields = ["kind", "trainer", "planned_on", "notes"]
        widgets = {"planned_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = placement.campaign.school.people.all()
        self.fields["trainer"].help_text = _("A person of the school who follows the intern.")


class VisitRecordForm(ServiceCheckedForm):
    class Meta:
        model = TrainerVisit
        fields = ["kind", "held_on", "notes"]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].required = True
        self.fields["notes"].help_text = _("What was seen and said with the intern and the tutor.")


class EvaluationForm(StyledFormMixin, forms.Form):
    """One level and one comment per competence block worked on site, and the global appreciation."""

    def __init__(self, *args, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = list(blocks)
        for block in self.blocks:
            self.fields[f"level_{block.pk}"] = forms.ChoiceField(
                label=str(block), choices=Level.choices, widget=forms.RadioSelect
            )
            self.fields[f"comment_{block.pk}"] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": block.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["appreciation"] = forms.CharField(
            label=_("Global appreciation of the internship"), widget=forms.Textarea(attrs={"rows": 5})
        )

    def block_rows(self):
        return [(block, self[f"level_{block.pk}"], self[f"comment_{block.pk}"]) for block in self.blocks]

    def levels(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {b.pk: (data[f"level_{b.pk}"], data.get(f"comment_{b.pk}", "")) for b in self.blocks}


class TrainingSessionForm(ServiceCheckedForm):
    class Meta:
        model = TrainingSession
        fields = ["held_on", "place", "topic", "capacity"]
        widgets = {"held_on": DateInput()}


class AttendanceForm(StyledFormMixin, forms.Form):
    tutors = ModelMultipleChoiceField(
        label=_("Tutors and referents present"),
        queryset=Tutor.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, tutors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutors"].queryset = tutors
        self.fields["tutors"].label_from_instance = lambda t: (
            f"{t.person} – {t.site.unit.name} ({t.site.organisation.display_name})"
        )
