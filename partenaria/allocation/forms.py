"""Forms of the allocation assistant (IN9): ranked wishes, a student's profile, a change by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partenaria.core.forms import DateInput, StyledFormMixin
from partenaria.internships.models import Offer

from .models import SiteLocation, StudentProfile

WISH_FIELDS = 5


def _offer_label(offer: Offer) -> str:
    return f"{offer.site} – {offer.post} ({offer.period_start:%d/%m/%Y}–{offer.period_end:%d/%m/%Y})"


class WishesForm(StyledFormMixin, forms.Form):
    """Up to five ranked offers of the student's diploma; a blank rank is skipped."""

    def __init__(self, *args, offers, initial_offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = {str(o.pk): o for o in offers}
        choices = [("", "—"), *((str(o.pk), _offer_label(o)) for o in offers)]
        initial = list(initial_offers)
        for rank in range(1, WISH_FIELDS + 1):
            self.fields[f"wish_{rank}"] = forms.ChoiceField(
                label=_("Wish %(rank)s") % {"rank": rank},
                choices=choices,
                required=False,
                initial=str(initial[rank - 1]) if rank <= len(initial) else "",
            )
        for name in self.fields:
            self.fields[name].widget.attrs.setdefault("class", "form-select")

    def clean(self):
        data = super().clean()
        chosen = [data.get(f"wish_{rank}") for rank in range(1, WISH_FIELDS + 1)]
        picked = [c for c in chosen if c]
        if len(set(picked)) != len(picked):
            raise forms.ValidationError(_("The same offer appears twice: each wish is a different offer."))
        data["wishes"] = [self.offers[c] for c in picked]
        return data


class ProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = StudentProfile
        fields = ["home_town", "latitude", "longitude", "transport", "available_from", "available_until"]
        widgets = {"available_from": DateInput(), "available_until": DateInput()}
        help_texts = {
            "latitude": _("In decimal degrees, e.g. 47.322 for Dijon; leave empty if unknown."),
            "available_from": _("Leave both dates empty when the student is free all year."),
        }


class LockForm(StyledFormMixin, forms.Form):
    offer = forms.ChoiceField(label=_("Offer"))

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.offers = {str(o.pk): o for o in offers}
        self.fields["offer"].choices = [("", "—"), *((str(o.pk), _offer_label(o)) for o in offers)]
        self.fields["offer"].widget.attrs["class"] = "form-select"

    def clean_offer(self):
        return self.offers[self.cleaned_data["offer"]]


class SiteLocationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SiteLocation
        fields = ["town", "latitude", "longitude"]
        help_texts = {"latitude": _("In decimal degrees, e.g. 47.322 for Dijon.")}
