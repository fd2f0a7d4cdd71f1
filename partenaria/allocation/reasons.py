"""The words of each outcome of a wish, for the pages (the JSON format keeps the codes) (IN9)."""

from django.utils.translation import gettext as _

from . import solver


def outcome_text(code: str, detail: dict | None = None) -> str:
    detail = detail or {}
    texts = {
        solver.OBTAINED: _("Wish obtained."),
        solver.NOT_NEEDED: _("A better-ranked wish was obtained."),
        solver.LOCKED_ELSEWHERE: _("A person locked the student on another offer."),
        solver.TAKEN: _("All places were taken by students with better claims."),
        solver.UNKNOWN_OFFER: _("This offer is no longer open in the campaign."),
        solver.DIPLOMA: _("This offer is for another diploma."),
        solver.TUTOR_QUALIFICATION: _("The offer has no tutor holding its diploma."),
        solver.PERIOD: _("The offer's dates fall outside the student's availability."),
        solver.HOURS_CAP: _(
            "More than 6 months (924 h) in the same host this school year: the student already has "
            "%(before)s h there and this internship counts %(hours)s h."
        )
        % {"before": detail.get("before", "?"), "hours": detail.get("hours", "?")},
        solver.WAITING_PERIOD: _("Waiting period on this post after the previous internship."),
        solver.TUTOR_FULL: _("The tutor already supervises 3 interns at the same time over these dates."),
        solver.SITE_FULL: _(
            "The site already hosts as many interns at once as its headcount allows (%(cap)s)."
        )
        % {"cap": detail.get("cap", "?")},
    }
    return texts.get(code, code)


def lock_refusal_text(code: str, detail: dict | None = None) -> str:
    """Why a lock or a change by hand is refused: the rule, or the offer's places already locked."""
    if code == solver.TAKEN:
        return _("Every place of this offer is already locked for other students.")
    return outcome_text(code, detail)
