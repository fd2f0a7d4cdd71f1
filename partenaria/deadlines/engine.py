"""Every date that matters, computed from the conventions and listed in one place (CV2, CV3, AP4).

Deadlines are never stored: they are derived on demand from what the conventions say, through the
date arithmetic of ``conventions/terms.py`` (the only module that adds months to dates).

A *source* is a callable ``source(partnerships, today, until)`` returning deadlines for the given
partnerships (a queryset). This module registers the conventions' source; later domains
(governance, research, money) call :func:`register_source` from their ``AppConfig.ready`` and their
deadlines appear on the Échéances page, the dashboard, the calendar feed and the reminders at once.

Rules:
- only conventions in force or in approval produce deadlines (a draft binds no one, an expired
  convention has nothing left to do);
- future items are listed from ``today`` up to ``until``; past items only when late, that is an
  occurrence of a commitment not fulfilled (``fulfilled_until`` before it);
- the number of queries does not depend on the number of conventions.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.conventions import terms
from partenaria.conventions.models import (
    FREQUENCY_MONTHS,
    Commitment,
    Convention,
    ConventionKind,
    Denunciation,
    NoticeForm,
    Partnership,
    Party,
)
from partenaria.conventions.statuses import IN_FORCE, Status

# Statuses whose conventions produce deadlines.
DEADLINE_STATUSES = sorted(IN_FORCE | {Status.IN_APPROVAL})


class Kind:
    TERM_END = "term_end"
    NOTICE_SEND_BY = "notice_send_by"
    NOTICE = "notice"
    RENEWAL = "renewal"
    EXPIRY = "expiry"
    COMMITMENT = "commitment"


# Kind code -> label; other domains add theirs with register_source(..., kinds={...}).
KIND_LABELS: dict[str, object] = {
    Kind.NOTICE_SEND_BY: gettext_lazy("Send the registered letter of notice by"),
    Kind.NOTICE: gettext_lazy("Last day for a notice to be received"),
    Kind.TERM_END: gettext_lazy("End of the current term"),
    Kind.RENEWAL: gettext_lazy("Tacit renewal"),
    Kind.EXPIRY: gettext_lazy("Expiry"),
    Kind.COMMITMENT: gettext_lazy("Commitment due"),
}
# Order of items falling on the same day: what must be done first comes first.
KIND_ORDER = {kind: position for position, kind in enumerate(KIND_LABELS)}


@dataclass(frozen=True, eq=False)
class Deadline:
    date: datetime.date
    kind: str
    label: str
    key: str  # stable across days: "convention:12:notice:2024-08-31"
    convention: Convention | None = None
    partnership: Partnership | None = None
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    is_late: bool = False
    reason: str = ""
    url: str = ""

    @property
    def convention_id(self) -> int | None:
        return self.convention.pk if self.convention else None

    @property
    def partnership_id(self) -> int | None:
        return self.partnership.pk if self.partnership else None

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))

    @property
    def title(self) -> str:
        """One line for a calendar or an e-mail: what, about which convention."""
        about = (
            self.convention.title if self.convention else (self.partnership.title if self.partnership else "")
        )
        return f"{self.label} – {about}" if about else self.label

    def sort_key(self):
        # Late items first (oldest first), then the soonest.
        return (not self.is_late, self.date, KIND_ORDER.get(self.kind, 99), self.key)


Source = Callable[[QuerySet, datetime.date, datetime.date], Iterable[Deadline]]
_SOURCES: list[Source] = []


def register_source(source: Source, *, kinds: dict[str, object] | None = None) -> Source:
    """Add a source of deadlines (usable as a decorator). Registering twice has no effect."""
    if kinds:
        for code, label in kinds.items():
            KIND_LABELS.setdefault(code, label)
            KIND_ORDER.setdefault(code, len(KIND_ORDER))
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def sources() -> list[Source]:
    return list(_SOURCES)


def collect(partnerships: QuerySet, *, today: datetime.date, until: datetime.date) -> list[Deadline]:
    """Deadlines of ``partnerships`` from ``today`` to ``until``, plus the late ones, sorted."""
    items: list[Deadline] = []
    for source in _SOURCES:
        items.extend(source(partnerships, today, until))
    return sorted(items, key=Deadline.sort_key)


# --- Conventions ---------------------------------------------------------------------------------


def conventions_for_deadlines(partnerships: QuerySet) -> list[Convention]:
    """Conventions that produce deadlines, with what the engine reads attached (4 queries).

    The parties, accepted denunciations and commitments are read with one plain query each and
    put in each convention's prefetch cache (``convention.parties.all()`` etc. read no query):
    ``prefetch_related`` would clone a queryset per convention and per relation, which costs more
    than the queries themselves at national scale. The lists are plain lists, not querysets.
    """
    conventions = list(
        Convention.objects.filter(partnership__in=partnerships.values("pk"), status__in=DEADLINE_STATUSES)
        .with_extensions()
        .select_related("partnership")
        .order_by("pk")
    )
    if not conventions:
        return conventions
    ids = [convention.pk for convention in conventions]
    parties = _by_convention(Party.objects.filter(convention_id__in=ids).order_by("position", "pk"))
    denunciations = _by_convention(
        Denunciation.objects.filter(convention_id__in=ids, is_accepted=True).order_by("received_on")
    )
    commitments = _by_convention(Commitment.objects.filter(convention_id__in=ids).order_by("due_date", "pk"))
    for convention in conventions:
        convention._prefetched_objects_cache = {
            "parties": parties.get(convention.pk, []),
            "denunciations": denunciations.get(convention.pk, []),
            "commitments": commitments.get(convention.pk, []),
        }
    return conventions


def _by_convention(queryset: QuerySet) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for obj in queryset:
        grouped.setdefault(obj.convention_id, []).append(obj)
    return grouped


_URL_MARKER = 2147483647


def convention_url_pattern() -> str:
    """The URL of a convention with ``{pk}`` in place of its key: one reverse() for all of them."""
    return reverse("conventions:convention_detail", args=[_URL_MARKER]).replace(str(_URL_MARKER), "{pk}")


@register_source
def convention_source(partnerships: QuerySet, today: datetime.date, until: datetime.date):
    url_pattern = convention_url_pattern()
    for convention in conventions_for_deadlines(partnerships):
        yield from convention_deadlines(convention, today=today, until=until, url_pattern=url_pattern)


def convention_deadlines(
    convention: Convention, *, today: datetime.date, until: datetime.date, url_pattern: str | None = None
) -> Iterator[Deadline]:
    """Term dates and commitments of one convention (its parties and commitments prefetched)."""
    schedule = convention.schedule(today)
    parties = frozenset(party.organisation_id for party in convention.parties.all())
    url = url_pattern.format(pk=convention.pk) if url_pattern else convention.get_absolute_url()

    def make(kind: str, date: datetime.date) -> Deadline:
        return Deadline(
            date=date,
            kind=kind,
            label=str(KIND_LABELS[kind]),
            key=f"convention:{convention.pk}:{kind}:{date.isoformat()}",
            convention=convention,
            partnership=convention.partnership,
            organisation_ids=parties,
            url=url,
        )

    if schedule is not None and convention.kind != ConventionKind.AMENDMENT:
        for kind, date in term_dates(convention, schedule):
            if today <= date <= until:
                yield make(kind, date)

    final_end = schedule.final_end if schedule is not None else None
    for commitment in convention.commitments.all():
        yield from commitment_deadlines(
            commitment,
            convention=convention,
            parties=parties,
            today=today,
            until=until if final_end is None else min(until, final_end),
            url=url,
            current_term_start=schedule.current.start if schedule is not None else None,
        )


def term_dates(convention: Convention, schedule: terms.Schedule) -> list[tuple[str, datetime.date]]:
    """(kind, date) of the end of term, notice, sending date, renewal and expiry of a schedule."""
    dates: list[tuple[str, datetime.date]] = []
    if schedule.next_renewal is not None:
        if convention.notice_months > 0 and schedule.notice_deadline is not None:
            if convention.notice_form == NoticeForm.REGISTERED_LETTER:
                send_by = terms.recommended_sending_date(
                    schedule.notice_deadline, settings.PARTENARIA_REGISTERED_LETTER_DAYS
                )
                dates.append((Kind.NOTICE_SEND_BY, send_by))
            dates.append((Kind.NOTICE, schedule.notice_deadline))
        dates.append((Kind.TERM_END, schedule.current.end))
        dates.append((Kind.RENEWAL, schedule.next_renewal))
        if schedule.final_end is not None and schedule.final_end != schedule.current.end:
            dates.append((Kind.EXPIRY, schedule.final_end))
    elif schedule.final_end is not None:
        dates.append((Kind.EXPIRY, schedule.final_end))
    return dates


def commitment_occurrences(commitment: Commitment, *, until: datetime.date) -> Iterator[datetime.date]:
    """Dates on which a commitment falls due, from its first due date up to ``until``.

    Each occurrence is computed from the first one (never chained), so a monthly commitment due
    on the 31st falls on the last day of shorter months and comes back to the 31st afterwards.
    """
    if commitment.due_date is None:
        return
    step = FREQUENCY_MONTHS.get(commitment.frequency)
    if step is None:
        if commitment.due_date <= until:
            yield commitment.due_date
        return
    index = 0
    while (occurrence := terms.add_months_clamped(commitment.due_date, index * step)) <= until:
        yield occurrence
        index += 1


def commitment_deadlines(
    commitment: Commitment,
    *,
    convention: Convention,
    parties: frozenset[int],
    today: datetime.date,
    until: datetime.date,
    url: str,
    current_term_start: datetime.date | None = None,
) -> Iterator[Deadline]:
    """Upcoming occurrences of a commitment, and one late item for those past and not fulfilled.

    A recurring commitment is late only for the occurrences of the current term: a tacit renewal
    means the parties carried on, so the meetings of a term that ended long ago are not "late"
    (a commitment due once stays late until it is marked as fulfilled).
    """
    recurring = commitment.frequency in FREQUENCY_MONTHS
    concerned = frozenset({commitment.debtor_id, commitment.creditor_id} - {None}) or parties
    if commitment.creditor_id is None:
        concerned = concerned | parties
    fulfilled = commitment.fulfilled_until
    late: list[datetime.date] = []
    upcoming: list[datetime.date] = []
    for occurrence in commitment_occurrences(commitment, until=until):
        if fulfilled is not None and occurrence <= fulfilled:
            continue
        if recurring and current_term_start is not None and occurrence < min(current_term_start, today):
            continue
        (late if occurrence < today else upcoming).append(occurrence)

    def make(date: datetime.date, is_late: bool = False, reason: str = "") -> Deadline:
        return Deadline(
            date=date,
            kind=Kind.COMMITMENT,
            label=commitment.description,
            key=f"convention:{convention.pk}:commitment:{commitment.pk}:{date.isoformat()}",
            convention=convention,
            partnership=convention.partnership,
            organisation_ids=concerned,
            is_late=is_late,
            reason=reason,
            url=url,
        )

    if late:
        if len(late) == 1:
            reason = _("Due on %(date)s and not marked as fulfilled.") % {"date": _format(late[0])}
        else:
            reason = _("%(count)s occurrences not fulfilled since %(date)s.") % {
                "count": len(late),
                "date": _format(late[0]),
            }
        yield make(late[0], is_late=True, reason=reason)
    for occurrence in upcoming:
        yield make(occurrence)


def _format(date: datetime.date) -> str:
    from partenaria.core.templatetags.partenaria import longdate

    return longdate(date)


# --- Who sees what -------------------------------------------------------------------------------


def partnerships_of(user, organisation=None) -> QuerySet:
    """Partnerships ``user`` may see, restricted to those ``organisation`` is a member of."""
    partnerships = Partnership.objects.visible_to(user)
    if organisation is not None:
        partnerships = partnerships.filter(members__organisation=organisation)
    return partnerships


def for_user(
    user, *, today: datetime.date, until: datetime.date, organisation=None, partnership_id=None
) -> list[Deadline]:
    partnerships = partnerships_of(user, organisation)
    if partnership_id is not None:
        partnerships = partnerships.filter(pk=partnership_id)
    return collect(partnerships, today=today, until=until)


def find(user, key: str, *, today: datetime.date, until: datetime.date) -> Deadline | None:
    """The deadline with ``key`` among those ``user`` may see, or None."""
    partnerships = partnerships_of(user)
    parts = key.split(":")
    if len(parts) >= 2 and parts[0] == "convention":
        if not parts[1].isdigit():
            return None
        partnerships = partnerships.filter(conventions__pk=int(parts[1]))
    for deadline in collect(partnerships, today=today, until=until):
        if deadline.key == key:
            return deadline
    return None
