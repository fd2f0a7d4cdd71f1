"""Formatting of dates and money the French way (ux.md), usable in every template."""

import datetime
from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()
NARROW_NBSP = "\u202f"


def format_money(value) -> str:
    """55000 -> "55 000,00 €" with narrow no-break spaces (French), "€55,000.00" style in English."""
    if value is None or value == "":
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    text = formats.number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    text = text.replace("\xa0", NARROW_NBSP).replace(" ", NARROW_NBSP)
    return f"{text}{NARROW_NBSP}€"


@register.filter
def money(value):
    return format_money(value)


@register.filter
def longdate(value):
    """23 novembre 2026."""
    if not value:
        return ""
    return formats.date_format(value, "j F Y")


@register.filter
def weekdate(value):
    """lundi 23 novembre 2026: for deadlines."""
    if not value:
        return ""
    return formats.date_format(value, "l j F Y")


@register.filter
def days_from_today(value):
    if not value:
        return None
    return (value - timezone.localdate()).days


@register.simple_tag
def period(start, end):
    """du 1er janvier 2022 au 31 décembre 2024."""
    if not start and not end:
        return ""
    if start and not end:
        return _("from %(start)s") % {"start": longdate(start)}
    return _("from %(start)s to %(end)s") % {"start": longdate(start), "end": longdate(end)}


STATUS_BADGES = {
    "draft": "text-bg-secondary",
    "in_approval": "text-bg-info",
    "signed": "text-bg-primary",
    "active": "text-bg-success",
    "renewed": "text-bg-success",
    "denounced": "text-bg-warning",
    "expired": "text-bg-dark",
    "superseded": "text-bg-light border",
}


@register.simple_tag
def status_badge(obj):
    css = STATUS_BADGES.get(obj.status, "text-bg-secondary")
    return format_html('<span class="badge {}">{}</span>', css, obj.get_status_display())


@register.filter
def isodate(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""


@register.simple_tag
def submission_field(form=None):
    """The hidden token that makes a second POST of the same form harmless (core.once, trust 23);
    given the form of an edit, also the fingerprint of the record as stored when the form was shown,
    which refuses a save over someone else's (core.stored_state, trust 22)."""
    from partenaria.core import stored_state
    from partenaria.core.once import FIELD, new_token

    html = format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
    state = getattr(form, "stored_state", "")
    if state:
        name = form.add_prefix(stored_state.FIELD)
        html += format_html('<input type="hidden" name="{}" value="{}">', name, state)
    return html


@register.filter
def fields_in_error(form):
    """The visible fields of ``form`` that carry an error, for the summary at the top of the form."""
    return [field for field in form.visible_fields() if field.errors] if form else []
