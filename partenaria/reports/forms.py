"""Forms of the progress reports (AP3): shapes only; the rules live in ``services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Article, Convention
from partenaria.core.forms import DateInput, StyledFormMixin

from .models import ProgressReport, ReportRule


class ReportRuleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReportRule
        fields = ["lead_months", "quarter", "article"]

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.filter(convention=convention)
        self.fields["article"].empty_label = _("None")


class ForewordForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["foreword"]
        widgets = {"foreword": forms.Textarea(attrs={"rows": 5})}


class SendForm(StyledFormMixin, forms.Form):
    sent_on = forms.DateField(label=_("Sent to the partners on"), widget=DateInput())
