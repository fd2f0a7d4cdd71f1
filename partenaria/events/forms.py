"""Forms of the events pages (EV1, EV3, EV4). Rules live in the services; the forms parse and label."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Partnership
from partenaria.core.forms import DateInput, StyledFormMixin

from .models import Audience, Event, EventSession, NewsItem, Quota, RegistrationStatus


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class EventForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "partnership",
            "starts_at",
            "ends_at",
            "place",
            "capacity",
            "registration_closes_on",
            "is_public",
            "description",
            "dates_are_illustrative",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_closes_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organiser, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.of_organisation(organiser).order_by("title")

    def _post_clean(self):
        # The service validates the instance (with its own rules) once: no second full_clean here.
        pass


class CapitalisedLabelsMixin:
    """Labels begin with a capital letter, as a model form's do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.label = capfirst(field.label)


class QuotaForm(CapitalisedLabelsMixin, StyledFormMixin, forms.Form):
    audience = forms.ChoiceField(label=_("audience"))
    places = forms.IntegerField(label=_("places reserved"), min_value=1, required=False)
    open_to_public = forms.BooleanField(
        label=_("open to the public link"),
        required=False,
        help_text=_("Outsiders registering through the public link may take these places."),
    )

    def __init__(self, *args, quota: Quota | None = None, **kwargs):
        kwargs.setdefault("edits", quota)
        super().__init__(*args, **kwargs)
        if quota is not None:
            self.fields["audience"].choices = [(quota.audience, quota.get_audience_display())]
            self.fields["audience"].initial = quota.audience
            self.fields["places"].initial = quota.places
            self.fields["open_to_public"].initial = quota.open_to_public
            if quota.audience == Audience.GENERAL:
                del self.fields["places"]
        else:
            self.fields["audience"].choices = [c for c in Audience.choices if c[0] != Audience.GENERAL]
            self.fields["places"].required = True


class SessionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = EventSession
        fields = ["title", "format", "starts_at", "ends_at", "room", "facilitators", "description"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def _post_clean(self):
        pass


class RegistrationForm(CapitalisedLabelsMixin, StyledFormMixin, forms.Form):
    """A person registers, for themself or for someone of their organisation (EV1)."""

    quota = forms.ModelChoiceField(label=_("places"), queryset=Quota.objects.none(), empty_label=None)
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    email = forms.EmailField(label=_("e-mail address"))
    # Required by the service, which says why in French; a form refusal would say less.
    consent = forms.BooleanField(label=_("I have read the data notice and agree to it"), required=False)

    def __init__(self, *args, quotas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quota"].queryset = quotas
        self.fields["quota"].label_from_instance = self.quota_label

    @staticmethod
    def quota_label(quota):
        if quota.free:
            return _("%(audience)s – %(free)s places left") % {
                "audience": quota.get_audience_display(),
                "free": quota.free,
            }
        return _("%(audience)s – full, waiting list") % {"audience": quota.get_audience_display()}


class PublicRegistrationForm(RegistrationForm):
    organisation_name = forms.CharField(label=_("organisation or school"), max_length=200, required=False)


class CheckInForm(forms.Form):
    present = forms.BooleanField(required=False)


class NewsForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["kind", "title", "summary", "source", "link", "published_on", "event"]
        widgets = {"published_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, publisher, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(organiser=publisher).order_by("-starts_at")

    def _post_clean(self):
        pass


class RegistrationFilterForm(CapitalisedLabelsMixin, StyledFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All")), *RegistrationStatus.choices]
    )
