from django import forms
from django.utils.translation import gettext_lazy as _

from partenaria.core.forms import FastSelect, StyledFormMixin

from . import engine

HORIZONS = [(30, _("30 days")), (90, _("90 days")), (365, _("1 year"))]
DEFAULT_HORIZON = 365


class DeadlineFilterForm(StyledFormMixin, forms.Form):
    """Filters of the Échéances page, kept in the URL. Unknown values are ignored, never a 500."""

    horizon = forms.TypedChoiceField(
        label=_("Within"), choices=HORIZONS, coerce=int, required=False, empty_value=DEFAULT_HORIZON
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    partnership = forms.TypedChoiceField(
        label=_("Partnership"), coerce=int, required=False, empty_value=None, widget=FastSelect
    )

    def __init__(self, *args, partnerships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (code, label) for code, label in engine.KIND_LABELS.items()
        ]
        self.fields["partnership"].choices = [("", _("All partnerships"))] + [
            (p.pk, p.title) for p in partnerships
        ]

    def filters(self) -> dict:
        """The valid filters; a wrong value falls back to its default."""
        values = {"horizon": DEFAULT_HORIZON, "kind": "", "partnership": None}
        if self.is_bound:
            self.is_valid()
            for name in values:
                if name not in self.errors and self.cleaned_data.get(name) not in (None, ""):
                    values[name] = self.cleaned_data[name]
        return values
