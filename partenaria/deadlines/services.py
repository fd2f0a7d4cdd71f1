"""Acts on deadlines: renewing the secret of the private calendar feed."""

from django.db import transaction

from partenaria.accounts.models import new_calendar_token
from partenaria.core.audit import log_action


@transaction.atomic
def calendar_token_regenerate(*, by) -> str:
    """Give ``by`` a new calendar feed address; the old one stops working at once (404)."""
    by.calendar_token = new_calendar_token()
    by.save(update_fields=["calendar_token"])
    log_action(actor=by, action="account.calendar_token_regenerated", target=by)
    return by.calendar_token
