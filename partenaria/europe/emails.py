"""E-mails of the partner search (EU2): an answer received (to the coordinator's managers), an answer
decided (to the person who answered). Built and sent after commit, in the product's language."""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from partenaria.organisations.models import MANAGER_ROLES, Membership


def _site() -> str:
    return settings.PARTENARIA_SITE_URL.rstrip("/")


def answer_received(answer) -> EmailMessage | None:
    project = answer.search.project
    recipients = sorted(
        set(
            Membership.objects.active()
            .filter(organisation_id=project.coordinator_id, role__in=MANAGER_ROLES)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    if not recipients:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("%(organisation)s answers your partner search") % {"organisation": answer.organisation}
        body = render_to_string(
            "europe/email_answer_received.txt",
            {"answer": answer, "project": project, "url": _site() + project.get_absolute_url()},
        )
    return EmailMessage(subject=subject[:200], body=body, to=recipients)


def answer_decided(answer) -> EmailMessage | None:
    person = answer.answered_by
    if person is None or not person.email:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your answer to the partner search: %(title)s") % {"title": answer.search.project.title}
        body = render_to_string(
            "europe/email_answer_decided.txt",
            {
                "answer": answer,
                "project": answer.search.project,
                "url": _site() + answer.search.get_absolute_url(),
            },
        )
    return EmailMessage(subject=subject[:200], body=body, to=[person.email])


def send(messages) -> None:
    mailers.default.send_messages([m for m in messages if m is not None])
