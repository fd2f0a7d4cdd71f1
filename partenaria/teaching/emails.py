"""E-mails of the teaching cooperation, built after commit from the data as committed (PD2, PD3)."""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from partenaria.organisations.models import Membership

from .permissions import APPROVER_ROLES


def _site() -> str:
    return settings.PARTENARIA_SITE_URL.rstrip("/")


def _message(*, subject: str, template: str, context: dict, to: list[str]) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, context)
    return EmailMessage(subject=subject[:200], body=body, to=to)


def approver_emails(organisation_id: int) -> list[str]:
    """Who decides for the employer: its human-resources service and its managers (PD3)."""
    return sorted(
        set(
            Membership.objects.active()
            .filter(organisation_id=organisation_id, role__in=APPROVER_ROLES)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def send_approval_request(pk: int) -> None:
    from .models import Intervention

    intervention = Intervention.objects.select_related("agent__organisation", "school").get(pk=pk)
    to = approver_emails(intervention.agent.organisation_id)
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Approval asked: %(agent)s at %(school)s") % {
            "agent": intervention.agent,
            "school": intervention.school.display_name,
        }
    context = {"intervention": intervention, "url": _site() + intervention.get_absolute_url()}
    mailers.default.send_messages(
        [_message(subject=subject, template="teaching/email_approval_request.txt", context=context, to=to)]
    )


def send_decision(pk: int) -> None:
    from .models import Intervention

    intervention = Intervention.objects.select_related("agent", "school", "requested_by").get(pk=pk)
    to = sorted({e for e in [getattr(intervention.requested_by, "email", ""), intervention.agent.email] if e})
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(decision)s: %(theme)s") % {
            "decision": intervention.get_decision_display(),
            "theme": intervention.theme,
        }
    context = {"intervention": intervention, "url": _site() + intervention.get_absolute_url()}
    mailers.default.send_messages(
        [_message(subject=subject, template="teaching/email_decision.txt", context=context, to=to)]
    )


def send_programme(pk: int, to: list[str]) -> None:
    """One message per referent (their addresses are not shown to each other)."""
    from .models import Intervention, Programme
    from .rules import school_year_label

    programme = Programme.objects.select_related("partnership").get(pk=pk)
    interventions = (
        Intervention.objects.filter(partnership=programme.partnership, school_year=programme.school_year)
        .live()
        .select_related("agent", "school")
        .order_by("starts_on", "pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Provisional programme %(year)s – %(partnership)s") % {
            "year": school_year_label(programme.school_year),
            "partnership": programme.partnership.title,
        }
    context = {
        "programme": programme,
        "year": school_year_label(programme.school_year),
        "interventions": interventions,
        "url": _site() + programme.get_absolute_url(),
    }
    mailers.default.send_messages(
        [
            _message(subject=subject, template="teaching/email_programme.txt", context=context, to=[address])
            for address in to
        ]
    )
