"""Conventions and partnerships in the API, with the same visibility rules as the pages (CV, DP1).

Reading goes through ``visible_to(user)``: another tenant's id answers 404. Creating goes through
``services.partnership_create`` and ``services.convention_create``; what they refuse comes back as a
400 with a message per field.
"""

import datetime
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from partenaria.accounts.api import MAX_ID, ErrorOut, Id, Pagination, Text, ValidationErrorOut
from partenaria.organisations.api import visible_organisations

from . import services, terms
from .models import (
    Convention,
    ConventionKind,
    Denunciation,
    NoticeForm,
    Partnership,
    PartnershipMember,
    Party,
    StartMode,
)
from .permissions import can_manage_partnership, managed_organisation_ids
from .statuses import Status as ConventionStatus

# Years a start date may fall in: beyond them the computed dates would leave the calendar.
FIRST_START, LAST_START = 1900, 2200
# Months and counts are small integers in the database.
SMALL_INT_MAX = 32767

# --- Schemas -------------------------------------------------------------------------------------


class ConventionOut(Schema):
    id: int
    title: str
    reference: str
    kind: str
    status: str
    partnership: int
    parent: int | None = Field(None, description="Id of the amended convention, for an amendment.")
    parties: list[str] = Field(..., description="Names of the organisations that sign it, in order.")
    party_ids: list[int] = Field(..., description="Ids of those organisations, in the same order.")
    start_date: datetime.date | None = Field(
        None, description="Effective start: the fixed start date, or the signature date."
    )
    term_months: int
    end_date: datetime.date | None = Field(None, description="End of the current term.")
    tacit_renewal: bool
    max_renewals: int | None
    notice_months: int
    notice_form: str
    notice_deadline: datetime.date | None = Field(
        None,
        description="Last day for a notice to be received to stop the convention at the end of the term.",
    )
    signature_date: datetime.date | None

    @staticmethod
    def resolve_partnership(obj) -> int:
        return obj.partnership_id

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id

    @staticmethod
    def resolve_parties(obj) -> list[str]:
        return [party.organisation.name for party in obj.parties.all()]

    @staticmethod
    def resolve_party_ids(obj) -> list[int]:
        return [party.organisation_id for party in obj.parties.all()]

    @staticmethod
    def resolve_start_date(obj):
        return obj.effective_start

    @staticmethod
    def resolve_end_date(obj):
        return obj.end_date

    @staticmethod
    def resolve_notice_deadline(obj):
        return obj.notice_deadline


class ArticleOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    body: str
    position: int


class ConventionDetailOut(ConventionOut):
    articles: list[ArticleOut]

    @staticmethod
    def resolve_articles(obj):
        return list(obj.articles.all())


class ConventionIn(Schema):
    title: Text = Field(..., max_length=300)
    partnership: Id | None = Field(
        None,
        description=(
            "Partnership that holds the convention. When absent, the visible partnership binding exactly "
            "the parties is used, or a new one is created."
        ),
    )
    parties: list[Id] = Field(..., max_length=50, description="Ids of the organisations that sign, in order.")
    kind: Text = Field(ConventionKind.FRAMEWORK, description="framework, host_site or other.")
    reference: Text = Field("", max_length=100)
    start_mode: Text | None = Field(
        None, description="fixed (on start_date) or signature. Default: fixed when start_date is given."
    )
    start_date: datetime.date | None = None
    term_months: int | None = Field(
        None, le=SMALL_INT_MAX, description="Length of the term in months. Give it or end_date."
    )
    end_date: datetime.date | None = Field(
        None, description="Last day of the term, instead of term_months (a whole number of months)."
    )
    tacit_renewal: bool = False
    max_renewals: int | None = Field(None, le=SMALL_INT_MAX)
    notice_months: int = Field(0, le=SMALL_INT_MAX)
    notice_form: Text = NoticeForm.NONE


class MemberOut(Schema):
    organisation: int
    name: str
    status: str

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.organisation.name


class PartnershipOut(Schema):
    id: int
    title: str
    kind: str
    lead: int | None
    members: list[MemberOut]
    conventions: list[int]

    @staticmethod
    def resolve_lead(obj) -> int | None:
        return obj.lead_id

    @staticmethod
    def resolve_members(obj):
        return list(obj.members.all())

    @staticmethod
    def resolve_conventions(obj) -> list[int]:
        return [convention.pk for convention in obj.conventions.all()]


# --- Queries -------------------------------------------------------------------------------------


def _conventions(user):
    # Only what ConventionOut reads: no partnership or parent rows, party organisations' names only.
    return (
        Convention.objects.visible_to(user)
        .with_extensions()
        .prefetch_related(
            models.Prefetch(
                "parties",
                queryset=Party.objects.select_related("organisation")
                .only("convention_id", "organisation_id", "position", "organisation__name")
                .order_by("position", "pk"),
            ),
            models.Prefetch("denunciations", queryset=Denunciation.objects.filter(is_accepted=True)),
        )
    )


def _partnerships(user):
    return Partnership.objects.visible_to(user).prefetch_related(
        models.Prefetch(
            "members",
            queryset=PartnershipMember.objects.select_related("organisation").order_by(
                "organisation__name", "pk"
            ),
        ),
        models.Prefetch("conventions", queryset=Convention.objects.only("pk", "partnership_id")),
    )


# --- Conventions ---------------------------------------------------------------------------------

router = Router(tags=["conventions"])


@router.get("/", response=list[ConventionOut], summary="List conventions")
@paginate(Pagination)
def convention_list(
    request,
    status: Text | None = None,
    partnership: int | None = Query(None, ge=1, le=MAX_ID),
):
    """Conventions of the partnerships the user's organisations are party to, with their computed dates."""
    conventions = _conventions(request.user)
    if status:
        conventions = conventions.filter(status=status)
    if partnership is not None:
        conventions = conventions.filter(partnership_id=partnership)
    return conventions.order_by("partnership_id", "start_date", "pk")


@router.get("/{convention_id}", response={200: ConventionDetailOut, 404: ErrorOut}, summary="One convention")
def convention_detail(request, convention_id: int = Path(..., ge=1, le=MAX_ID)):
    """A convention with its articles."""
    return get_object_or_404(_conventions(request.user).prefetch_related("articles"), pk=convention_id)


def _resolve_parties(user, ids: list[int], errors: dict[str, list[str]]):
    """The visible organisations behind ``ids``, in order; adds what is wrong to ``errors``."""
    found = {o.pk: o for o in visible_organisations(user).filter(pk__in=set(ids))}
    unknown = [str(pk) for pk in dict.fromkeys(ids) if pk not in found]
    if unknown:
        errors.setdefault("parties", []).append(
            _("Unknown organisation: %(ids)s.") % {"ids": ", ".join(unknown)}
        )
    if any(count > 1 for count in Counter(ids).values()):
        errors.setdefault("parties", []).append(_("An organisation appears twice among the parties."))
    if len(set(ids)) < 2:
        errors.setdefault("parties", []).append(_("A convention binds at least two parties."))
    return [found[pk] for pk in dict.fromkeys(ids) if pk in found], not unknown


def _partnership_for(user, organisations) -> Partnership | None:
    """The visible partnership whose members are exactly ``organisations``, or None."""
    wanted = {o.pk for o in organisations}
    candidates = _partnerships(user).filter(members__organisation__in=wanted).distinct()
    matching = [p for p in candidates if {m.organisation_id for m in p.members.all()} == wanted]
    if len(matching) > 1:
        raise ValidationError(
            {
                "partnership": _(
                    "Several partnerships bind these organisations: say which one holds the convention."
                )
            }
        )
    return matching[0] if matching else None


@router.post(
    "/",
    response={201: ConventionDetailOut, 400: ValidationErrorOut, 403: ErrorOut},
    summary="Create a draft convention",
)
def convention_create(request, payload: ConventionIn):
    """Create a draft convention between existing organisations.

    The user must manage (administrator or partnership officer) one of the parties. Refusals come
    back as 400 with `detail` (the first message) and `errors` (messages per field).
    """
    user = request.user
    errors: dict[str, list[str]] = {}

    partnership = None
    if payload.partnership is not None:
        partnership = _partnerships(user).filter(pk=payload.partnership).first()
        if partnership is None:
            errors["partnership"] = [_("Unknown partnership.")]
    organisations, all_known = _resolve_parties(user, payload.parties, errors)

    # Acting needs a manager's role; asked only once the objects are known not to be another tenant's.
    if partnership is not None and not can_manage_partnership(user, partnership):
        raise PermissionDenied(_("Only an administrator or a partnership officer of a member can do this."))
    if (
        payload.partnership is None
        and all_known
        and not user.is_superuser
        and not {o.pk for o in organisations} & managed_organisation_ids(user)
    ):
        raise PermissionDenied(
            _(
                "Only an administrator or a partnership officer of one of the parties can create this convention."
            )
        )

    fields = payload.dict(
        include={"title", "kind", "reference", "start_date", "tacit_renewal", "max_renewals", "notice_months"}
    )
    fields["notice_form"] = payload.notice_form
    fields["start_mode"] = payload.start_mode or (
        StartMode.FIXED if payload.start_date is not None else StartMode.SIGNATURE
    )
    term_months = payload.term_months
    if payload.start_date is not None and not (FIRST_START <= payload.start_date.year <= LAST_START):
        errors.setdefault("start_date", []).append(
            _("Give a start date between %(first)s and %(last)s.")
            % {"first": FIRST_START, "last": LAST_START}
        )
    elif payload.end_date is not None:
        start = payload.start_date
        if start is not None and payload.end_date < start:
            errors.setdefault("end_date", []).append(_("The end date is before the start date."))
        elif start is None:
            errors.setdefault("end_date", []).append(_("An end date needs a fixed start date."))
        else:
            try:
                months = terms.months_for_end(start, payload.end_date)
            except (ValueError, OverflowError):  # an end in December 9999
                months = None
            if months is None:
                errors.setdefault("end_date", []).append(
                    _("The end date must close a whole number of months from the start, e.g. %(example)s.")
                    % {"example": terms.term_end(start, 12).isoformat()}  # start <= LAST_START: no overflow
                )
            elif term_months is not None and term_months != months:
                errors.setdefault("end_date", []).append(
                    _("The end date does not match the term of %(months)s months.") % {"months": term_months}
                )
            else:
                term_months = months
    if term_months is None:
        if "end_date" not in errors:
            errors.setdefault("term_months", []).append(_("Give the term in months, or the end date."))
    elif term_months < 1:
        errors.setdefault("term_months", []).append(_("The term lasts at least one month."))
    elif payload.start_date is not None and "start_date" not in errors:
        try:
            terms.term_end(payload.start_date, term_months)
        except (ValueError, OverflowError):
            errors.setdefault("term_months", []).append(_("The term is too long."))
    if payload.notice_months < 0:
        errors.setdefault("notice_months", []).append(_("The notice period cannot be negative."))
    if payload.max_renewals is not None and payload.max_renewals < 0:
        errors.setdefault("max_renewals", []).append(_("The number of renewals cannot be negative."))
    if payload.kind == ConventionKind.AMENDMENT:
        errors.setdefault("kind", []).append(
            _("An amendment is created from the convention it amends, not here.")
        )
    fields["term_months"] = term_months if term_months and term_months > 0 else 1

    # Check the convention's own fields now, so that every mistake is reported at once.
    draft = Convention(status=ConventionStatus.DRAFT, **fields)
    try:
        draft.full_clean(exclude=["partnership", "parent", "version"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field in errors and field in ("term_months", "notice_months", "max_renewals"):
                continue  # already said in plainer words
            if field == "notice_months" and ("term_months" in errors or "end_date" in errors):
                continue  # compared with a term that is not known
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    parties = [{"organisation": organisation} for organisation in organisations]
    with transaction.atomic():
        if partnership is None:
            partnership = _partnership_for(user, organisations)
        if partnership is None:
            try:
                partnership = services.partnership_create(
                    by=user,
                    title=" – ".join(o.display_name for o in organisations)[:250],
                    organisations=organisations,
                )
            except ValidationError as exc:
                raise ValidationError(
                    {("parties" if k == "organisations" else k): v for k, v in exc.message_dict.items()}
                ) from exc
        convention = services.convention_create(by=user, partnership=partnership, parties=parties, **fields)
    return Status(201, _conventions(user).prefetch_related("articles").get(pk=convention.pk))


# --- Partnerships --------------------------------------------------------------------------------

partnership_router = Router(tags=["partnerships"])


@partnership_router.get("/", response=list[PartnershipOut], summary="List partnerships")
@paginate(Pagination)
def partnership_list(request):
    """Partnerships the user's organisations are members of, with their members and conventions."""
    return _partnerships(request.user).order_by("title", "pk")


@partnership_router.get(
    "/{partnership_id}", response={200: PartnershipOut, 404: ErrorOut}, summary="One partnership"
)
def partnership_detail(request, partnership_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(_partnerships(request.user), pk=partnership_id)
