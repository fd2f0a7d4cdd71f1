"""Forms of the governance pages (GV1-GV5). They parse the input and offer only the parties and
people of the partnership; the rules live in the models' ``clean`` and in ``services``."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partenaria.core.forms import DateInput, ModelMultipleChoiceField, StyledFormMixin
from partenaria.organisations.models import Organisation, Person

from .models import (
    Action,
    AttendanceStatus,
    Body,
    BodyKind,
    CompositionRule,
    MeetingStatus,
    Representation,
    Seat,
    SeatKind,
)


def party_queryset(partnership):
    return Organisation.objects.filter(partnership_members__partnership=partnership).order_by("name")


def people_queryset(partnership):
    return (
        Person.objects.filter(organisation__partnership_members__partnership=partnership)
        .select_related("organisation")
        .order_by("organisation__name", "last_name", "first_name")
    )


def _person_label(person) -> str:
    title = f", {person.job_title}" if person.job_title else ""
    return f"{person.first_name} {person.last_name}{title} ({person.organisation.display_name})"


class _PartiesMixin:
    """Offer the partnership's parties (display names) in the organisation fields."""

    party_fields: tuple[str, ...] = ()

    def limit_parties(self, partnership):
        for name in self.party_fields:
            field = self.fields[name]
            field.queryset = party_queryset(partnership)
            field.label_from_instance = lambda o: o.display_name


class BodyForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "kind",
            "name",
            "mission",
            "convention",
            "established_on",
            "meetings_per_year",
            "rhythm_text",
            "is_active",
        ]
        widgets = {"mission": forms.Textarea(attrs={"rows": 4}), "established_on": DateInput()}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.fields["convention"].queryset = partnership.conventions.order_by("start_date", "pk")
        self.fields["convention"].empty_label = _("No convention")
        self.fields["meetings_per_year"].widget.attrs.update(min=1, max=12)


class RuleForm(_PartiesMixin, StyledFormMixin, forms.ModelForm):
    party_fields = ("organisation",)

    class Meta:
        model = CompositionRule
        fields = ["role", "organisation", "min_count", "max_count", "may_be_represented"]
        help_texts = {"role": _("« Conseiller départemental », « Personne qualifiée de l'ISSM »")}

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.limit_parties(body.partnership)


class SeatForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Seat
        fields = [
            "person",
            "rule",
            "kind",
            "substitute_for",
            "starts_on",
            "ends_on",
            "designated_by",
            "designated_on",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "designated_on": DateInput()}

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.fields["person"].queryset = people_queryset(body.partnership)
        self.fields["person"].label_from_instance = _person_label
        self.fields["rule"].queryset = body.rules.select_related("organisation")
        self.fields["rule"].empty_label = _("No role of the rule")
        titulars = body.seats.filter(kind=SeatKind.TITULAR).select_related("person")
        if self.instance.pk:
            titulars = titulars.exclude(pk=self.instance.pk)
        self.fields["substitute_for"].queryset = titulars
        self.fields["substitute_for"].label_from_instance = lambda seat: str(seat.person)
        self.fields["substitute_for"].empty_label = _("Not a substitute")

    def validate_unique(self):
        # "Twice in the same body" is checked by the model over periods, with its own message.
        pass


class MeetingForm(StyledFormMixin, forms.Form):
    """A date and two times rather than datetimes: what a person types in a native picker."""

    date = forms.DateField(label=_("date"), widget=DateInput())
    start_time = forms.TimeField(
        label=_("start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("end time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label=_("place"), max_length=300, required=False)
    convened_by = forms.ModelChoiceField(
        label=_("convened by"), queryset=Organisation.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("status"), choices=MeetingStatus.choices, initial=MeetingStatus.PLANNED
    )
    agenda = forms.CharField(
        label=_("agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One item per line, in order."),
    )

    # Where the service's errors on the model's fields go in this form.
    # The start is refused for its day (before the body existed), so its error sits by the date.
    FIELD_FOR = {"starts_at": "date", "ends_at": "end_time"}
    # What another person's save of the meeting would change under this form (trust 22).
    STORED_FIELDS = ["starts_at", "ends_at", "place", "convened_by", "status"]

    def __init__(self, *args, body, meeting=None, **kwargs):
        if meeting is not None and "initial" not in kwargs:
            starts = timezone.localtime(meeting.starts_at)
            ends = timezone.localtime(meeting.ends_at) if meeting.ends_at else None
            kwargs["initial"] = {
                "date": starts.date(),
                "start_time": starts.time(),
                "end_time": ends.time() if ends else None,
                "place": meeting.place,
                "convened_by": meeting.convened_by_id,
                "status": meeting.status,
                "agenda": "\n".join(item.title for item in meeting.agenda_items.all()),
            }
        kwargs.setdefault("edits", meeting)
        super().__init__(*args, **kwargs)
        self.fields["convened_by"].queryset = party_queryset(body.partnership)
        self.fields["convened_by"].label_from_instance = lambda o: o.display_name
        self.fields["convened_by"].empty_label = _("Either party")

    def model_data(self) -> dict:
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        starts = datetime.datetime.combine(data["date"], data["start_time"], tzinfo=zone)
        ends = (
            datetime.datetime.combine(data["date"], data["end_time"], tzinfo=zone)
            if data.get("end_time")
            else None
        )
        return {
            "starts_at": starts,
            "ends_at": ends,
            "place": data["place"],
            "convened_by": data["convened_by"],
            "status": data["status"],
        }

    def agenda_lines(self) -> list[str]:
        return self.cleaned_data["agenda"].splitlines()


class MinutesForm(StyledFormMixin, forms.Form):
    minutes = forms.CharField(
        label=_("minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Plain text, or simple formatting: paragraphs, bold, italics, lists, links. Anything else is removed."
        ),
    )


class DecisionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("decision"), widget=forms.Textarea(attrs={"rows": 3}))


class ActionForm(_PartiesMixin, StyledFormMixin, forms.ModelForm):
    party_fields = ("owner_organisation",)

    class Meta:
        model = Action
        fields = ["text", "owner_organisation", "owner_person", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.limit_parties(meeting.body.partnership)
        self.fields["owner_person"].queryset = people_queryset(meeting.body.partnership)
        self.fields["owner_person"].label_from_instance = _person_label


class AttendanceForm(StyledFormMixin, forms.Form):
    """One choice per titular seat; « replaced » only where a substitute is paired."""

    def __init__(self, *args, titulars, paired, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats = titulars
        for seat in titulars:
            choices = [("", _("Not recorded"))] + [
                (value, label)
                for value, label in AttendanceStatus.choices
                if value != AttendanceStatus.REPLACED or seat.pk in paired
            ]
            substitute = paired.get(seat.pk)
            label = f"{seat.person}" + (f" – {seat.role_label}" if seat.role_label else "")
            help_text = _("Substitute: %(name)s") % {"name": substitute.person} if substitute else ""
            self.fields[f"seat_{seat.pk}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=current.get(seat.pk, ""),
                help_text=help_text,
            )

    def statuses(self) -> dict[int, str]:
        return {seat.pk: self.cleaned_data.get(f"seat_{seat.pk}", "") for seat in self.seats}


class RepresentationForm(_PartiesMixin, StyledFormMixin, forms.ModelForm):
    party_fields = ("host", "represented")

    class Meta:
        model = Representation
        fields = [
            "host",
            "body_name",
            "represented",
            "mode",
            "seats_count",
            "people",
            "since",
            "until",
            "source",
        ]
        widgets = {"since": DateInput(), "until": DateInput(), "people": forms.CheckboxSelectMultiple}
        field_classes = {"people": ModelMultipleChoiceField}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        self.limit_parties(partnership)
        self.fields["people"].queryset = people_queryset(partnership)
        self.fields["people"].label_from_instance = _person_label


class BodyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    partnership = forms.ModelChoiceField(label=_("Partnership"), queryset=None, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *BodyKind.choices], required=False
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("All")),
            ("behind", _("Behind its rhythm")),
            ("incomplete", _("Incomplete composition")),
        ],
    )

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        self.fields["partnership"].empty_label = _("All partnerships")
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )
