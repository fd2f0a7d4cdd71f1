"""Form helpers shared by every app: Bootstrap classes and accessible error wiring (trust 31, RGAA)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models as django_models
from django.forms.utils import flatatt
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from partenaria.core import stored_state
from partenaria.core.text import clean_text

# Dates a person can mean in this product. Outside this range a typing slip (year 1, year 9999) would
# reach the date arithmetic of terms and notices, which overflows near the end of Python's calendar.
PLAUSIBLE_YEARS = (1900, 2999)


def validate_plausible_date(value) -> None:
    """Refuse a date or a moment outside ``PLAUSIBLE_YEARS`` with a message next to the field."""
    if value is not None and not PLAUSIBLE_YEARS[0] <= value.year <= PLAUSIBLE_YEARS[1]:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s."),
            code="implausible_date",
            params={"first": PLAUSIBLE_YEARS[0], "last": PLAUSIBLE_YEARS[1]},
        )


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing a posted id the database cannot hold instead of crashing on it.

    Django checks each value by building a lazy query that is never run, so an integer beyond 64 bits
    only fails when the ``__in`` query runs (OverflowError on SQLite, an error on PostgreSQL too)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk" and isinstance(
            self.queryset.model._meta.pk, django_models.AutoField | django_models.BigAutoField
        ):
            for pk in value:
                try:
                    valid = -(2**63) <= int(str(pk).strip()) < 2**63
                except ValueError:
                    valid = True  # left to Django, which refuses it with its own message
                if not valid:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)


class StyledFormMixin:
    """Give widgets Bootstrap classes, and mark invalid fields so screen readers announce them."""

    def __init__(self, *args, edits=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The record this form edits, for the check that nobody saved it meanwhile (trust 22): a
        # model form's saved instance, or the record a plain form is given (``edits=``).
        instance = getattr(self, "instance", None)
        if edits is None and instance is not None and instance.pk is not None and not instance._state.adding:
            edits = instance
        self.edits = edits
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple) and not isinstance(
                widget, forms.CheckboxSelectMultiple
            ):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = ""
            else:
                css = "form-control"
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(validate_plausible_date)
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            help_id = f"id_{self.add_prefix(name)}-help"
            if field.help_text:
                widget.attrs["aria-describedby"] = help_id

    def _clean_fields(self):
        super()._clean_fields()
        # Control characters pasted with a text go before anything uses it (core/text.py).
        for name, value in self.cleaned_data.items():
            if isinstance(value, str):
                self.cleaned_data[name] = clean_text(value)

    def full_clean(self):
        super().full_clean()
        self.mark_invalid_fields()
        if self.edits is not None:
            posted = self.data.get(self.add_prefix(stored_state.FIELD), "")
            stored_state.arm(self.edits, self.stored_fields(), posted)

    def stored_fields(self):
        """The record's fields this form edits; a plain form whose fields are not the model's names
        them in ``STORED_FIELDS``."""
        return getattr(self, "STORED_FIELDS", None) or list(self.fields)

    @cached_property
    def stored_state(self) -> str:
        """The fingerprint of the edited record when this form was first shown (core.stored_state)."""
        if self.edits is None:
            return ""
        posted = self.data.get(self.add_prefix(stored_state.FIELD), "") if self.is_bound else ""
        if posted:
            return str(posted)[:64]
        current = stored_state.stored(type(self.edits), self.edits.pk)
        return stored_state.fingerprint(current, self.stored_fields()) if current is not None else ""

    def mark_invalid_fields(self):
        """Flag each field in error for screen readers; again after a service's refusal is added."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if widget.attrs.get("aria-invalid") == "true":
                    continue
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                error_id = f"id_{self.add_prefix(name)}-error"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class FastSelect(forms.Select):
    """A single select rendered in Python.

    Django renders each option through its own template, which costs milliseconds per hundred
    options: lists filtered by partnership offer hundreds of them at national scale (bench/RESULTS.md).
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = "" if value is None else str(value)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (str(option), mark_safe(" selected") if str(option) == selected else "", label)
                for option, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal next to the field it concerns, or at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
    if isinstance(form, StyledFormMixin):
        form.mark_invalid_fields()


def act_and_redirect(
    request,
    form: forms.BaseForm,
    act: Callable[[], Any],
    *,
    success: str,
    to: Callable[[Any], Any],
    on_error: Callable[[forms.BaseForm, ValidationError], None] = add_service_errors,
):
    """The usual act of a form page: on a valid POST, run ``act`` (one service call), say ``success``
    and redirect to ``to(result)``; a refusal of the service goes onto the form. None otherwise: the
    caller renders the page again, with what the person typed."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act()
    except ValidationError as exc:
        on_error(form, exc)
        return None
    messages.success(request, success)
    return redirect(to(result))
