"""Business acts on the content of a convention: articles, commitments, parties, approval steps,
amendments (CV1, CV4, CV6, CV7).

Each write is one transaction with its audit event on the convention, and checks who may act:
the view has already fetched the convention through ``visible_to`` (404 for another tenant), so a
refusal here is a 403 (``PermissionDenied``). Invalid input raises ``ValidationError`` keyed by field.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.core.audit import diff, log_action, register_verbs, snapshot, stored
from partenaria.core.templatetags.partenaria import format_money, longdate

from . import services, terms
from .models import (
    FREQUENCY_MONTHS,
    VOTE_KINDS,
    AmendmentChange,
    ApprovalStep,
    Article,
    ArticleKind,
    ChangeKind,
    Commitment,
    Convention,
    ConventionKind,
    Frequency,
    Party,
    approval_order_errors,
)
from .permissions import can_edit_convention, can_manage_partnership
from .statuses import EDITABLE, Status

register_verbs(
    {
        "convention.article_added": gettext_lazy("added an article"),
        "convention.article_changed": gettext_lazy("changed an article"),
        "convention.article_deleted": gettext_lazy("deleted an article"),
        "convention.commitment_added": gettext_lazy("added a commitment"),
        "convention.commitment_changed": gettext_lazy("changed a commitment"),
        "convention.commitment_fulfilled": gettext_lazy("marked a commitment fulfilled"),
        "convention.approval_step_added": gettext_lazy("recorded an approval step"),
        "convention.approval_step_changed": gettext_lazy("changed an approval step"),
        "convention.party_changed": gettext_lazy("changed the parties"),
        "convention.amendment_created": gettext_lazy("drafted an amendment"),
    }
)

# Order in which the blocks of a convention are read (CV6).
KIND_ORDER = [
    ArticleKind.PREAMBLE,
    ArticleKind.CONTEXT,
    ArticleKind.STAKES,
    ArticleKind.ORIENTATIONS,
    ArticleKind.ARTICLE,
    ArticleKind.ANNEX,
]
KIND_RANK = {kind.value: rank for rank, kind in enumerate(KIND_ORDER)}
# Amendments whose changes apply to their parent: signed ones (same set as Convention.with_extensions).
APPLIED_AMENDMENT_STATUSES = [Status.SIGNED, Status.ACTIVE, Status.RENEWED, Status.EXPIRED]
# Commitments keep being followed (marked fulfilled) while the convention binds its parties.
FULFILMENT_STATUSES = EDITABLE | {Status.SIGNED, Status.ACTIVE, Status.RENEWED}
# A parent convention can be amended once signed, including after expiry (the 2025 Askoria amendment).
AMENDABLE_STATUSES = {Status.SIGNED, Status.ACTIVE, Status.RENEWED, Status.EXPIRED, Status.DENOUNCED}


# --- Permissions --------------------------------------------------------------------------------


def can_fulfil_commitments(user, convention: Convention) -> bool:
    # Following commitments feeds the deadlines, so it goes on after the signature.
    return convention.status in FULFILMENT_STATUSES and can_manage_partnership(user, convention.partnership)


def can_draft_amendment(user, convention: Convention) -> bool:
    # A signed (or ended) convention changes through an amendment, never an amendment of an amendment.
    return (
        convention.kind != ConventionKind.AMENDMENT
        and convention.status in AMENDABLE_STATUSES
        and can_manage_partnership(user, convention.partnership)
    )


def _require_edit(by, convention: Convention) -> None:
    if not can_edit_convention(by, convention):
        raise PermissionDenied(
            _(
                "Only a manager of a party may change a convention, and only while it is a draft or in approval."
            )
        )


# --- Reading: commitments and effective content ------------------------------------------------


def next_occurrence(commitment: Commitment) -> datetime.date | None:
    """The first occurrence not yet fulfilled: the due date, or the next one of the rhythm."""
    if commitment.due_date is None:
        return None
    months = FREQUENCY_MONTHS.get(commitment.frequency)
    done = commitment.fulfilled_until
    if not months:
        return None if done and done >= commitment.due_date else commitment.due_date
    if done is None or done < commitment.due_date:
        return commitment.due_date
    step = 0
    occurrence = commitment.due_date
    while occurrence <= done:
        step += 1
        occurrence = terms.add_months_clamped(commitment.due_date, step * months)
    return occurrence


def commitment_sentence(commitment: Commitment) -> str:
    """« Le Département owes the progress report to Askoria, by 1 December 2025 » (CV6)."""
    debtor = commitment.debtor.display_name
    creditor = commitment.creditor.display_name if commitment.creditor_id else _("the other parties")
    text = _("%(debtor)s owes %(what)s to %(creditor)s") % {
        "debtor": debtor,
        "what": commitment.description,
        "creditor": creditor,
    }
    if commitment.due_date is None:
        return text
    if commitment.frequency == Frequency.ONCE:
        when = _("by %(date)s") % {"date": longdate(commitment.due_date)}
    else:
        when = _("%(rhythm)s from %(date)s") % {
            "rhythm": commitment.get_frequency_display().lower(),
            "date": longdate(commitment.due_date),
        }
    return f"{text}, {when}"


def _decorate_commitment(commitment: Commitment) -> Commitment:
    commitment.sentence = commitment_sentence(commitment)
    commitment.open_occurrence = next_occurrence(commitment)
    return commitment


@dataclass
class EffectiveArticle:
    """One block of the content as it applies today, with the amendments that made it so (CV4)."""

    kind: str
    number: str
    title: str
    body: str
    article: Article | None = None
    commitments: list[Commitment] = field(default_factory=list)
    modified_by: list[Convention] = field(default_factory=list)
    added_by: Convention | None = None
    can_move_up: bool = False
    can_move_down: bool = False

    @property
    def pk(self) -> int | None:
        return self.article.pk if self.article else None

    @property
    def is_article(self) -> bool:
        return self.kind == ArticleKind.ARTICLE

    @property
    def kind_label(self) -> str:
        return str(ArticleKind(self.kind).label)

    @property
    def heading(self) -> str:
        if self.kind == ArticleKind.ARTICLE:
            label = _("Article %(number)s") % {"number": self.number} if self.number else _("Article")
            return f"{label} – {self.title}" if self.title else label
        return f"{self.kind_label} – {self.title}" if self.title else self.kind_label


def _sorted_articles(articles) -> list[Article]:
    return sorted(articles, key=lambda a: (KIND_RANK.get(a.kind, 99), a.position, a.pk))


def _wrap(article: Article) -> EffectiveArticle:
    return EffectiveArticle(
        kind=article.kind,
        number=article.number,
        title=article.title,
        body=article.body,
        article=article,
        commitments=[_decorate_commitment(c) for c in article.commitments.all()],
    )


def _articles_queryset():
    return Article.objects.prefetch_related(
        Prefetch(
            "commitments",
            queryset=Commitment.objects.select_related("debtor", "creditor").order_by("due_date", "pk"),
        )
    )


def convention_articles(convention: Convention) -> list[EffectiveArticle]:
    """The convention's own blocks in reading order, each with its commitments."""
    blocks = [_wrap(a) for a in _sorted_articles(_articles_queryset().filter(convention=convention))]
    for index, block in enumerate(blocks):
        # Move buttons are offered only where a move is possible (within the same kind).
        block.can_move_up = index > 0 and blocks[index - 1].kind == block.kind
        block.can_move_down = index + 1 < len(blocks) and blocks[index + 1].kind == block.kind
    return blocks


def effective_articles(convention: Convention) -> list[EffectiveArticle]:
    """The content in force: the convention's articles with the changes of its signed amendments (CV4).

    A modified article takes the new number, title and text of the last amendment changing it and
    lists every amendment that did; an added article comes after the articles and before the
    annexes, marked with the amendment that added it. Draft amendments change nothing.
    """
    blocks = convention_articles(convention)
    if convention.kind == ConventionKind.AMENDMENT:
        return blocks
    amendments = list(
        convention.amendments.filter(status__in=APPLIED_AMENDMENT_STATUSES)
        .order_by(models.F("signature_date").asc(nulls_last=True), "pk")
        .prefetch_related(Prefetch("changes", queryset=AmendmentChange.objects.order_by("pk")))
    )
    by_article = {b.pk: b for b in blocks}
    added: list[EffectiveArticle] = []
    for amendment in amendments:
        for change in amendment.changes.all():
            if change.kind == ChangeKind.ARTICLE_MODIFIED and change.article_id in by_article:
                block = by_article[change.article_id]
                block.number = change.number or block.number
                block.title = change.title or block.title
                block.body = change.new_text or block.body
                if amendment not in block.modified_by:
                    block.modified_by.append(amendment)
            elif change.kind == ChangeKind.ARTICLE_ADDED:
                added.append(
                    EffectiveArticle(
                        kind=ArticleKind.ARTICLE,
                        number=change.number,
                        title=change.title,
                        body=change.new_text,
                        added_by=amendment,
                    )
                )
    if not added:
        return blocks
    annex_rank = KIND_RANK[ArticleKind.ANNEX]
    split = next((i for i, b in enumerate(blocks) if KIND_RANK.get(b.kind, 99) >= annex_rank), len(blocks))
    return blocks[:split] + added + blocks[split:]


def change_summary(change: AmendmentChange) -> str:
    """« Term extended by 12 months », « Article 3 modified », « Amount changed to 5 000,00 € »."""
    article_number = change.number or (change.article.number if change.article_id else "")
    if change.kind == ChangeKind.TERM_EXTENSION:
        text = _("Term extended by %(months)s months") % {"months": change.months}
    elif change.kind == ChangeKind.ARTICLE_MODIFIED:
        text = _("Article %(number)s modified") % {"number": article_number} if article_number else ""
        text = text or _("Article « %(title)s » modified") % {"title": change.title or change.article}
    elif change.kind == ChangeKind.ARTICLE_ADDED:
        text = _("Article %(number)s added") % {"number": article_number} if article_number else ""
        text = text or _("Article « %(title)s » added") % {"title": change.title}
    elif change.kind == ChangeKind.AMOUNT_CHANGED:
        text = _("Amount changed to %(amount)s") % {"amount": format_money(change.amount)}
    else:
        text = change.description or change.get_kind_display()
    if change.description and change.kind != ChangeKind.OTHER:
        text = f"{text} ({change.description})"
    return text


def amendments_with_changes(convention: Convention) -> list[Convention]:
    """The amendments of a parent, each with ``summaries`` of what it changes."""
    amendments = list(
        convention.amendments.order_by(
            models.F("signature_date").asc(nulls_last=True), "pk"
        ).prefetch_related(
            Prefetch("changes", queryset=AmendmentChange.objects.select_related("article").order_by("pk"))
        )
    )
    for amendment in amendments:
        amendment.summaries = [change_summary(c) for c in amendment.changes.all()]
    return amendments


def own_change_summaries(amendment: Convention) -> list[str]:
    return [change_summary(c) for c in amendment.changes.select_related("article").order_by("pk")]


# --- Articles -----------------------------------------------------------------------------------

ARTICLE_FIELDS = ["kind", "number", "title", "body"]


def _check_article(article: Article) -> None:
    errors = {}
    if not article.title.strip() and not article.body.strip():
        errors["body"] = [_("Write a title or a text.")]
    if article.kind == ArticleKind.ARTICLE and not article.number.strip():
        errors["number"] = [_("Give the number of the article.")]
    if errors:
        raise ValidationError(errors)
    article.full_clean()


@transaction.atomic
def article_add(
    *, by, convention: Convention, kind: str, number: str = "", title: str = "", body: str = ""
) -> Article:
    """Add a block of content at the end of its kind (CV6); only while the convention is editable."""
    _require_edit(by, convention)
    last = convention.articles.aggregate(last=Max("position"))["last"]
    article = Article(
        convention=convention,
        kind=kind,
        number=number.strip(),
        title=title.strip(),
        body=body,
        position=(last or 0) + 1,
    )
    _check_article(article)
    article.save()
    log_action(
        actor=by,
        action="convention.article_added",
        target=convention,
        changes={"article": str(article)},
    )
    return article


@transaction.atomic
def article_change(*, by, article: Article, data: Mapping[str, Any]) -> Article:
    """Change an article's kind, number, title or text (CV6)."""
    _require_edit(by, article.convention)
    before = stored(article, ARTICLE_FIELDS)
    for name, value in data.items():
        if name not in ARTICLE_FIELDS:
            raise ValueError(f"{name} is not an editable field")
        setattr(article, name, value.strip() if name in ("number", "title") else value)
    _check_article(article)
    article.save()
    changes = diff(before, snapshot(article, ARTICLE_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="convention.article_changed",
            target=article.convention,
            changes={"article": str(article), **changes},
        )
    return article


@transaction.atomic
def article_delete(*, by, article: Article) -> None:
    """Delete an article with its commitments; refused when an amendment refers to it (CV4)."""
    convention = article.convention
    _require_edit(by, convention)
    if article.amended_by.exists():
        raise ValidationError(_("An amendment changes this article: it cannot be deleted."))
    label = str(article)
    commitments = [c.description for c in article.commitments.all()]
    article.commitments.all().delete()
    article.delete()
    log_action(
        actor=by,
        action="convention.article_deleted",
        target=convention,
        changes={"article": label, "commitments": commitments},
    )


@transaction.atomic
def article_move(*, by, article: Article, direction: str) -> Article:
    """Move an article one place up or down among the blocks of the same kind."""
    convention = article.convention
    _require_edit(by, convention)
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move the article up or down."))
    siblings = _sorted_articles(convention.articles.select_for_update().filter(kind=article.kind))
    index = next(i for i, a in enumerate(siblings) if a.pk == article.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return article
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Renumber the kind from its current first position so that equal positions cannot stall a move.
    start = min(a.position for a in siblings)
    for offset, sibling in enumerate(siblings):
        sibling.position = start + offset
    Article.objects.bulk_update(siblings, ["position"])
    log_action(
        actor=by,
        action="convention.article_changed",
        target=convention,
        changes={"article": str(article), "moved": direction},
    )
    article.refresh_from_db(fields=["position"])
    return article


# --- Commitments --------------------------------------------------------------------------------

COMMITMENT_FIELDS = ["debtor_id", "creditor_id", "description", "frequency", "due_date"]


def _check_commitment(commitment: Commitment) -> None:
    errors: dict[str, list[str]] = {}
    party_ids = set(commitment.convention.parties.values_list("organisation_id", flat=True))
    if commitment.debtor_id not in party_ids:
        errors["debtor"] = [_("The party that owes must be a party to the convention.")]
    if commitment.creditor_id is not None:
        if commitment.creditor_id not in party_ids:
            errors["creditor"] = [_("The party owed must be a party to the convention.")]
        elif commitment.creditor_id == commitment.debtor_id:
            errors["creditor"] = [_("A party does not owe something to itself.")]
    if commitment.frequency != Frequency.ONCE and commitment.due_date is None:
        errors["due_date"] = [_("Give the date of the first occurrence of a recurring commitment.")]
    if not commitment.description.strip():
        errors["description"] = [_("Say what is owed.")]
    if errors:
        raise ValidationError(errors)
    commitment.full_clean()


def _commitment_from(commitment: Commitment, data: Mapping[str, Any]) -> None:
    for name in ("debtor", "creditor", "description", "frequency", "due_date"):
        if name in data:
            setattr(commitment, name, data[name])


@transaction.atomic
def commitment_add(*, by, article: Article, data: Mapping[str, Any]) -> Commitment:
    """Attach a commitment to an article: who owes what to whom, by when or how often (CV6)."""
    convention = article.convention
    _require_edit(by, convention)
    commitment = Commitment(convention=convention, article=article)
    _commitment_from(commitment, data)
    _check_commitment(commitment)
    commitment.save()
    log_action(
        actor=by,
        action="convention.commitment_added",
        target=convention,
        changes={"article": str(article), "commitment": commitment_sentence(commitment)},
    )
    return commitment


@transaction.atomic
def commitment_change(*, by, commitment: Commitment, data: Mapping[str, Any]) -> Commitment:
    convention = commitment.convention
    _require_edit(by, convention)
    before = stored(commitment, COMMITMENT_FIELDS)
    _commitment_from(commitment, data)
    _check_commitment(commitment)
    commitment.save()
    changes = diff(before, snapshot(commitment, COMMITMENT_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="convention.commitment_changed",
            target=convention,
            changes={"commitment": commitment_sentence(commitment), **changes},
        )
    return commitment


@transaction.atomic
def commitment_delete(*, by, commitment: Commitment) -> None:
    convention = commitment.convention
    _require_edit(by, convention)
    sentence = commitment_sentence(commitment)
    commitment.delete()
    log_action(
        actor=by,
        action="convention.commitment_changed",
        target=convention,
        changes={"deleted": sentence},
    )


@transaction.atomic
def commitment_fulfil(*, by, commitment: Commitment) -> Commitment:
    """Mark the next open occurrence fulfilled (``fulfilled_until`` = its date); feeds the deadlines."""
    convention = commitment.convention
    if not can_fulfil_commitments(by, convention):
        raise PermissionDenied(_("Only a manager of a party may follow the commitments of this convention."))
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    occurrence = next_occurrence(commitment)
    if occurrence is None:
        if commitment.due_date is None:
            raise ValidationError(_("This commitment has no date: give it one before following it."))
        raise ValidationError(_("This commitment is already fulfilled."))
    before = commitment.fulfilled_until
    commitment.fulfilled_until = occurrence
    commitment.save(update_fields=["fulfilled_until"])
    log_action(
        actor=by,
        action="convention.commitment_fulfilled",
        target=convention,
        changes={"commitment": commitment.description, "fulfilled_until": [before, occurrence]},
    )
    return commitment


# --- Parties ------------------------------------------------------------------------------------

PARTY_FIELDS = [
    "organisation_id",
    "designation",
    "representative_name",
    "capacity",
    "delegation",
    "authorised_by",
]


def _check_party(party: Party) -> None:
    errors: dict[str, list[str]] = {}
    convention = party.convention
    others = Party.objects.filter(convention=convention, organisation_id=party.organisation_id)
    if party.pk:
        others = others.exclude(pk=party.pk)
    if others.exists():
        errors["organisation"] = [_("This organisation is already a party to the convention.")]
    elif not convention.partnership.members.filter(organisation_id=party.organisation_id).exists():
        errors["organisation"] = [_("This organisation is not a member of the partnership.")]
    if errors:
        raise ValidationError(errors)
    party.full_clean(validate_constraints=False)


def _party_from(party: Party, data: Mapping[str, Any]) -> None:
    for name in (
        "organisation",
        "designation",
        "representative_name",
        "capacity",
        "delegation",
        "authorised_by",
    ):
        if name in data:
            value = data[name]
            setattr(party, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def party_add(*, by, convention: Convention, data: Mapping[str, Any]) -> Party:
    """Add a signing party with its representative and delegation (CV1); an organisation signs once."""
    _require_edit(by, convention)
    last = convention.parties.aggregate(last=Max("position"))["last"]
    party = Party(convention=convention, position=(last or 0) + 1)
    _party_from(party, data)
    _check_party(party)
    party.save()
    log_action(
        actor=by,
        action="convention.party_changed",
        target=convention,
        changes={"added": str(party.organisation), "delegation": party.delegation},
    )
    return party


@transaction.atomic
def party_change(*, by, party: Party, data: Mapping[str, Any]) -> Party:
    convention = party.convention
    _require_edit(by, convention)
    before = snapshot(party, PARTY_FIELDS)
    _party_from(party, data)
    _check_party(party)
    party.save()
    changes = diff(before, snapshot(party, PARTY_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="convention.party_changed",
            target=convention,
            changes={"party": str(party.organisation), **changes},
        )
    return party


@transaction.atomic
def party_remove(*, by, party: Party) -> None:
    """Remove a party; a convention keeps at least two, and a party owing commitments stays."""
    convention = party.convention
    _require_edit(by, convention)
    if convention.parties.count() <= 2:
        raise ValidationError(_("A convention binds at least two parties: add the other one first."))
    if convention.commitments.filter(
        models.Q(debtor_id=party.organisation_id) | models.Q(creditor_id=party.organisation_id)
    ).exists():
        raise ValidationError(_("This party has commitments in the articles: change them first."))
    name = str(party.organisation)
    party.delete()
    log_action(actor=by, action="convention.party_changed", target=convention, changes={"removed": name})


# --- Approval steps -----------------------------------------------------------------------------

STEP_FIELDS = [
    "organisation_id",
    "kind",
    "reference",
    "instructing_service",
    "consulted_service",
    "date",
    "outcome",
]


def _check_step(step: ApprovalStep) -> None:
    errors: dict[str, list[str]] = {}
    if not step.convention.partnership.members.filter(organisation_id=step.organisation_id).exists():
        errors["organisation"] = [_("This body is not a member of the partnership.")]
    if step.kind in VOTE_KINDS and step.date and step.date > timezone.localdate():
        errors["date"] = [_("A vote is recorded once it has taken place: its date cannot be in the future.")]
    elif order := approval_order_errors(step.convention.approval_steps.all(), step):
        errors["date"] = order
    if errors:
        raise ValidationError(errors)
    step.full_clean()


def _step_from(step: ApprovalStep, data: Mapping[str, Any]) -> None:
    for name in (
        "organisation",
        "kind",
        "reference",
        "instructing_service",
        "consulted_service",
        "date",
        "outcome",
    ):
        if name in data:
            value = data[name]
            setattr(step, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def approval_step_add(*, by, convention: Convention, data: Mapping[str, Any]) -> ApprovalStep:
    """Record a step of a public body's approval: report, vote, deliberation, signature (CV7)."""
    _require_edit(by, convention)
    step = ApprovalStep(convention=convention)
    _step_from(step, data)
    _check_step(step)
    step.save()
    log_action(
        actor=by,
        action="convention.approval_step_added",
        target=convention,
        changes={"step": str(step), "body": str(step.organisation), "date": step.date},
    )
    return step


@transaction.atomic
def approval_step_change(*, by, step: ApprovalStep, data: Mapping[str, Any]) -> ApprovalStep:
    convention = step.convention
    _require_edit(by, convention)
    before = snapshot(step, STEP_FIELDS)
    _step_from(step, data)
    _check_step(step)
    step.save()
    changes = diff(before, snapshot(step, STEP_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="convention.approval_step_changed",
            target=convention,
            changes={"step": str(step), **changes},
        )
    return step


@transaction.atomic
def approval_step_delete(*, by, step: ApprovalStep) -> None:
    convention = step.convention
    _require_edit(by, convention)
    label = f"{step} – {step.organisation}"
    step.delete()
    log_action(
        actor=by, action="convention.approval_step_changed", target=convention, changes={"deleted": label}
    )


# --- Amendments ---------------------------------------------------------------------------------


def _check_changes(parent: Convention, changes: list[Mapping[str, Any]]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not changes:
        errors["changes"] = [_("Say what the amendment changes.")]
    for change in changes:
        kind = change.get("kind")
        if kind == ChangeKind.TERM_EXTENSION and not (change.get("months") or 0) >= 1:
            errors.setdefault("changes", []).append(_("An extension adds at least one month."))
        article = change.get("article")
        if kind == ChangeKind.ARTICLE_MODIFIED and (article is None or article.convention_id != parent.pk):
            errors.setdefault("changes", []).append(_("Choose the article of the amended convention."))
        amount = change.get("amount")
        if amount is not None and Decimal(amount) < 0:
            errors.setdefault("changes", []).append(_("An amount cannot be negative."))
    return errors


@transaction.atomic
def amendment_draft(*, by, parent: Convention, changes: list[Mapping[str, Any]], **fields: Any) -> Convention:
    """Draft an amendment of a signed convention stating what it changes (CV4).

    The parties are copied from the parent by ``services.amendment_create``; the changes apply to the
    parent's effective term and content once the amendment is signed.
    """
    if not can_draft_amendment(by, parent):
        raise PermissionDenied(_("Only a manager of a party may amend this convention, once it is signed."))
    errors = _check_changes(parent, changes)
    if errors:
        raise ValidationError(errors)
    amendment = services.amendment_create(by=by, parent=parent, changes=list(changes), **fields)
    log_action(
        actor=by,
        action="convention.amendment_created",
        target=parent,
        changes={"amendment": amendment.title, "changes": own_change_summaries(amendment)},
    )
    return amendment
