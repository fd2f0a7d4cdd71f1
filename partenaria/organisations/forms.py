"""Forms of the organisation pages. They validate input; the services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partenaria.core.forms import StyledFormMixin

from .models import Organisation, Person, Role, Unit
from .validators import validate_logo


class LogoField(forms.ImageField):
    """An image field that checks the size first and answers with our own words (trust 12)."""

    default_error_messages = {
        "invalid_image": _("The logo must be an image (PNG, JPEG, GIF or WebP)."),
    }

    def to_python(self, data):
        if data and hasattr(data, "size"):
            validate_logo(data)  # size, then what Pillow recognises
        return super().to_python(data)


class OrganisationForm(StyledFormMixin, forms.ModelForm):
    logo = LogoField(
        label=_("logo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        help_text=Organisation._meta.get_field("logo").help_text,
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "kind",
            "siret",
            "street",
            "postcode",
            "city",
            "country",
            "website",
            "recruitment_url",
            "logo",
        ]


class UnitForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(organisation=self.instance.organisation)
        if self.instance.pk:
            units = units.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = units.order_by("name")
        self.fields["parent"].empty_label = _("(top of the organisation)")


class PersonForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["first_name", "last_name", "job_title", "unit", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=self.instance.organisation).order_by(
            "name"
        )


class InviteForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        help_text=_("Only used when the person has no account yet."),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RoleForm(StyledFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
