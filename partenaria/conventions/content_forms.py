"""Forms editing the content of a convention (CV1, CV4, CV6, CV7).

They parse and check the shape of the input; the business rules live in ``content_services`` and
their ``ValidationError`` is put back onto the fields by ``core.forms.add_service_errors``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from partenaria.core.forms import DateInput, StyledFormMixin
from partenaria.organisations.models import Organisation

from .models import (
    AmendmentChange,
    ApprovalStep,
    Article,
    ArticleKind,
    ChangeKind,
    Commitment,
    Convention,
    Party,
    StartMode,
)


class ArticleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Article
        fields = ["kind", "number", "title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"number": _("Only for articles, e.g. 3 or 3.1.")}


class CommitmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["debtor", "description", "creditor", "frequency", "due_date"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        parties = Organisation.objects.filter(convention_parties__convention=convention).order_by(
            "convention_parties__position"
        )
        self.fields["debtor"].queryset = parties
        self.fields["creditor"].queryset = parties
        self.fields["creditor"].empty_label = _("The other parties")
        self.fields["debtor"].label_from_instance = self.fields["creditor"].label_from_instance = lambda o: (
            o.display_name
        )


class PartyForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Party
        fields = [
            "organisation",
            "designation",
            "representative_name",
            "capacity",
            "delegation",
            "authorised_by",
        ]

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership_members__partnership_id=convention.partnership_id
        ).order_by("name")

    def validate_unique(self):
        # "Already a party" is decided by the service, with its own message next to the field.
        pass


class ApprovalStepForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ApprovalStep
        fields = [
            "organisation",
            "kind",
            "reference",
            "instructing_service",
            "consulted_service",
            "date",
            "outcome",
        ]
        widgets = {"date": DateInput()}

    def __init__(self, *args, convention: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership_members__partnership_id=convention.partnership_id
        ).order_by("name")


class AmendmentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    start_mode = forms.ChoiceField(label=_("Start"), choices=StartMode.choices, initial=StartMode.SIGNATURE)
    start_date = forms.DateField(
        label=_("Start date"),
        required=False,
        widget=DateInput(),
        help_text=_("When the start is a fixed date."),
    )
    term_months = forms.IntegerField(label=_("Term (months)"), min_value=1, max_value=600, initial=12)

    def clean(self):
        data = super().clean()
        if data.get("start_mode") == StartMode.FIXED and not data.get("start_date"):
            self.add_error("start_date", _("Give the start date, or choose a start on the signature date."))
        return data


class ChangeForm(StyledFormMixin, forms.ModelForm):
    """One thing an amendment changes, checked according to its kind."""

    class Meta:
        model = AmendmentChange
        fields = ["kind", "months", "article", "number", "title", "new_text", "amount", "description"]
        widgets = {"new_text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "kind": _("Leave empty to skip this line."),
            "months": _("For a term extension."),
            "article": _("For a modified article."),
            "number": _("For an added or renumbered article."),
            "amount": _("For a changed amount."),
        }

    def __init__(self, *args, parent: Convention, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["article"].queryset = Article.objects.filter(
            convention=parent, kind=ArticleKind.ARTICLE
        ).order_by("position", "pk")
        self.fields["kind"].choices = [("", "---------"), *ChangeKind.choices]
        self.fields["kind"].required = False

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            if self.has_changed():
                self.add_error("kind", _("Choose what this line changes."))
            return data
        if kind == ChangeKind.TERM_EXTENSION and not (data.get("months") or 0) >= 1:
            self.add_error("months", _("An extension adds at least one month."))
        if kind == ChangeKind.ARTICLE_MODIFIED:
            if not data.get("article"):
                self.add_error("article", _("Choose the article of the amended convention that changes."))
            if not (data.get("new_text") or "").strip() and not (data.get("title") or "").strip():
                self.add_error("new_text", _("Give the new text of the article."))
        if kind == ChangeKind.ARTICLE_ADDED and not (data.get("new_text") or "").strip():
            self.add_error("new_text", _("Give the text of the added article."))
        if kind == ChangeKind.AMOUNT_CHANGED and data.get("amount") is None:
            self.add_error("amount", _("Give the new amount."))
        if data.get("amount") is not None and data["amount"] < 0:
            self.add_error("amount", _("An amount cannot be negative."))
        if kind == ChangeKind.OTHER and not (data.get("description") or "").strip():
            self.add_error("description", _("Describe the change."))
        return data

    def _post_clean(self):
        # The model constraints are checked by the service; keep the per-kind messages above.
        pass

    def change_data(self) -> dict:
        data = self.cleaned_data
        kind = data["kind"]
        return {
            "kind": kind,
            "months": data.get("months") if kind == ChangeKind.TERM_EXTENSION else None,
            "article": data.get("article") if kind == ChangeKind.ARTICLE_MODIFIED else None,
            "number": data.get("number") or "",
            "title": data.get("title") or "",
            "new_text": data.get("new_text") or "",
            "amount": data.get("amount"),
            "description": data.get("description") or "",
        }


class BaseChangeFormSet(forms.BaseFormSet):
    def __init__(self, *args, parent: Convention, **kwargs):
        self.parent = parent
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "parent": self.parent}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            use_required_attribute=False,
            parent=self.parent,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        if any(self.errors):
            return
        if not self.changes():
            raise ValidationError(_("Say what the amendment changes: fill in at least one line."))

    def changes(self) -> list[dict]:
        return [f.change_data() for f in self.forms if f.cleaned_data.get("kind")]


ChangeFormSet = forms.formset_factory(
    ChangeForm, formset=BaseChangeFormSet, extra=3, max_num=20, absolute_max=20
)
