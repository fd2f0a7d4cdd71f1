"""The convention and the amendment as documents (CV10, from CV1-CV4, CV6, CV7).

Everything is read from the model: parties with their representative, capacity and delegation;
the blocks of content with their commitments; the term, renewal and notice in words from
``Convention.effective_start``, ``end_date``, ``current_schedule``, ``notice_deadline``; the
signature « Fait à Dijon, en quatre exemplaires, le 27 juin 2022 ». No date is computed here.
"""

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partenaria.conventions import content_services as cs
from partenaria.conventions.models import ArticleKind, ChangeKind, Convention, ConventionKind, NoticeForm
from partenaria.documents.blocks import (
    BulletList,
    DocumentSpec,
    Heading,
    Logo,
    Paragraph,
    Signatory,
    SignatureBlock,
    Table,
)
from partenaria.documents.wording import day_text, duration_text, number_words, period_text

from .base import DocumentBuilder, register

BLANK = "……"


def notice_form_words(form: str) -> str:
    return {
        NoticeForm.REGISTERED_LETTER: _("registered letter with acknowledgment of receipt"),
        NoticeForm.SIMPLE_LETTER: _("simple letter"),
        NoticeForm.EMAIL: _("e-mail"),
    }.get(form, "")


def parties_of(convention: Convention):
    return list(
        convention.parties.select_related("organisation", "representative").order_by("position", "pk")
    )


def parties_blocks(parties) -> list:
    """« Entre » and, for each party, who represents it, in which capacity, by which delegation."""
    blocks: list = [Heading(_("Between the undersigned"))]
    for index, party in enumerate(parties):
        organisation = party.organisation
        address = ", ".join(
            part
            for part in (organisation.street, f"{organisation.postcode} {organisation.city}".strip())
            if part
        )
        blocks.append(Paragraph(f"{organisation.name}{', ' + address if address else ''}", strong=True))
        facts = []
        if party.signatory or party.capacity:
            who = ", ".join(part for part in (party.signatory, party.capacity) if part)
            facts.append(_("Represented by: %(who)s") % {"who": who})
        if party.delegation:
            facts.append(_("Delegation: %(delegation)s") % {"delegation": party.delegation})
        if party.authorised_by:
            facts.append(_("Authorised by: %(authority)s") % {"authority": party.authorised_by})
        if party.designation:
            facts.append(_("Hereinafter « %(designation)s »") % {"designation": party.designation})
        if facts:
            blocks.append(BulletList(tuple(facts)))
        if index < len(parties) - 1:
            blocks.append(Paragraph(_("and"), emphasis=True))
    blocks.append(Paragraph(_("The following has been agreed:")))
    return blocks


def approval_blocks(convention: Convention) -> list:
    steps = list(
        convention.approval_steps.select_related("organisation").order_by(
            F("date").asc(nulls_last=True), "pk"
        )
    )
    if not steps:
        return []
    rows = tuple(
        (
            step.get_kind_display(),
            step.organisation.name,
            step.reference or "—",
            day_text(step.date) or "—",
            step.outcome or "—",
        )
        for step in steps
    )
    return [
        Heading(_("Approval")),
        Table((_("Step"), _("Body"), _("Reference"), _("Date"), _("Decision")), rows),
    ]


def content_blocks(convention: Convention) -> list:
    """Preamble, context, stakes, orientations, articles with their commitments, annexes (CV6)."""
    blocks: list = []
    for article in cs.convention_articles(convention):
        heading = article.heading
        if article.kind == ArticleKind.ANNEX and article.number:
            # « Annexe 1 – Profils formations et métiers »: the annex's number is its name.
            heading = f"{article.number} – {article.title}" if article.title else article.number
        blocks.append(Heading(heading))
        if article.body.strip():
            blocks.append(Paragraph(article.body))
        if article.commitments:
            blocks.append(BulletList(tuple(c.sentence for c in article.commitments), title=_("Commitments:")))
    return blocks


def term_blocks(convention: Convention) -> list:
    """Term, renewal and notice in words, from the model's derived dates (CV2, CV3, CV8)."""
    sentences = [
        _("This convention is concluded for a term of %(duration)s.")
        % {"duration": duration_text(convention.term_months)}
    ]
    schedule = convention.current_schedule
    if schedule is None:
        sentences.append(_("It takes effect on the date of its signature."))
    elif schedule.current.index == 0:
        sentences.append(
            _("It runs %(period)s.") % {"period": period_text(schedule.current.start, convention.end_date)}
        )
    else:
        sentences.append(
            _("It first took effect on %(start)s; renewed tacitly, it now runs %(period)s.")
            % {
                "start": day_text(convention.effective_start),
                "period": period_text(schedule.current.start, convention.end_date),
            }
        )
    if convention.extension_months:
        sentences.append(
            _("Its term was extended by %(duration)s by amendment.")
            % {"duration": duration_text(convention.extension_months)}
        )
    form = notice_form_words(convention.notice_form)
    notice = duration_text(convention.notice_months) if convention.notice_months else ""
    if convention.tacit_renewal:
        if form and notice:
            renewal = _(
                "It is renewed tacitly for the same period unless denounced by %(form)s, with a notice "
                "period of %(notice)s."
            ) % {"form": form, "notice": notice}
        elif notice:
            renewal = _(
                "It is renewed tacitly for the same period unless denounced with a notice period of %(notice)s."
            ) % {"notice": notice}
        elif form:
            renewal = _("It is renewed tacitly for the same period unless denounced by %(form)s.") % {
                "form": form
            }
        else:
            renewal = _("It is renewed tacitly for the same period unless denounced.")
        if convention.max_renewals is not None:
            renewal += " " + ngettext(
                "It may be renewed %(n)s time.",
                "It may be renewed up to %(n)s times.",
                convention.max_renewals,
            ) % {"n": convention.max_renewals}
        sentences.append(renewal)
        if convention.notice_deadline:
            deadline = _(
                "To stop it at the end of the current period, the notice must be received by %(date)s."
            ) % {"date": day_text(convention.notice_deadline)}
            if convention.notice_send_by:
                deadline += " " + _("Send the registered letter by %(date)s.") % {
                    "date": day_text(convention.notice_send_by)
                }
            sentences.append(deadline)
    else:
        sentences.append(_("It is not renewed tacitly."))
        if form:
            sentences.append(
                (
                    _("Each party may denounce it by %(form)s, with a notice period of %(notice)s.")
                    if notice
                    else _("Each party may denounce it by %(form)s.")
                )
                % {"form": form, "notice": notice}
            )
    denunciation = convention.accepted_denunciation()
    if denunciation is not None:
        sentences.append(
            _("Denounced by %(party)s (notice received on %(received)s), it ends on %(date)s.")
            % {
                "party": denunciation.party.name,
                "received": day_text(denunciation.received_on),
                "date": day_text(denunciation.takes_effect_on),
            }
        )
    return [Heading(_("Term, renewal and notice")), Paragraph("\n\n".join(sentences))]


def signature_statement(convention: Convention) -> str:
    """« Fait à Dijon, en quatre exemplaires, le 27 juin 2022 », blanks where nothing is recorded yet."""
    place = _("Done at %(place)s") % {"place": convention.signature_place or BLANK}
    count = convention.originals_count
    originals = (
        ngettext("in %(words)s original", "in %(words)s originals", count) % {"words": number_words(count)}
        if count
        else _("in %(words)s originals") % {"words": BLANK}
    )
    date = _("on %(date)s") % {"date": day_text(convention.signature_date) or BLANK}
    return f"{place}, {originals}, {date}"


def signature_block(convention: Convention, parties) -> SignatureBlock:
    signatories = tuple(
        Signatory(
            on_behalf_of=_("For %(party)s,") % {"party": party.designation or party.organisation.name},
            lines=tuple(line for line in (party.capacity, party.delegation) if line),
            name=party.signatory,
        )
        for party in parties
    )
    return SignatureBlock(signature_statement(convention), signatories)


class ConventionBuilder(DocumentBuilder):
    kind = "convention"
    label = gettext_lazy("Convention")

    def targets(self, user):
        return (
            Convention.objects.visible_to(user)
            .exclude(kind=ConventionKind.AMENDMENT)
            .select_related("partnership", "parent")
        )

    def partnership(self, target):
        return target.partnership

    def organisations(self, target):
        return [party.organisation for party in parties_of(target)]

    def title(self, target):
        return target.title

    def back_url(self, target):
        return f"{target.get_absolute_url()}?tab=documents#tab-panel"

    def reference(self, convention: Convention) -> str:
        return convention.reference or convention.title

    def subtitle(self, convention: Convention) -> str:
        return f"{convention.get_kind_display()} · {convention.partnership.title}"

    def build(self, target: Convention, logos: list[Logo]) -> DocumentSpec:
        parties = parties_of(target)
        spec = DocumentSpec(
            title=target.title, reference=self.reference(target), subtitle=self.subtitle(target), logos=logos
        )
        spec.add(*parties_blocks(parties))
        spec.add(*approval_blocks(target))
        spec.add(*content_blocks(target))
        spec.add(*term_blocks(target))
        spec.add(*self.amendments_blocks(target))
        spec.add(signature_block(target, parties))
        return spec

    def amendments_blocks(self, convention: Convention) -> list:
        """Signed amendments, each with what it changes: the reader knows the text is not the last word."""
        applied = [
            a for a in cs.amendments_with_changes(convention) if a.status in cs.APPLIED_AMENDMENT_STATUSES
        ]
        if not applied:
            return []
        items = tuple(
            "{title}{signed} : {changes}".format(
                title=a.title,
                signed=(" (" + _("signed on %(date)s") % {"date": day_text(a.signature_date)} + ")")
                if a.signature_date
                else "",
                changes="; ".join(a.summaries) or "—",
            )
            for a in applied
        )
        return [Heading(_("Amendments")), BulletList(items)]


class AmendmentBuilder(ConventionBuilder):
    kind = "amendment"
    label = gettext_lazy("Amendment")

    def targets(self, user):
        return (
            Convention.objects.visible_to(user)
            .filter(kind=ConventionKind.AMENDMENT)
            .select_related("partnership", "parent")
        )

    def subtitle(self, amendment: Convention) -> str:
        parent = amendment.parent
        text = _("Amendment to « %(title)s »") % {"title": parent.title}
        return f"{text} ({parent.reference})" if parent.reference else text

    def build(self, target: Convention, logos: list[Logo]) -> DocumentSpec:
        parties = parties_of(target)
        spec = DocumentSpec(
            title=target.title, reference=self.reference(target), subtitle=self.subtitle(target), logos=logos
        )
        spec.add(*parties_blocks(parties))
        spec.add(*approval_blocks(target))
        spec.add(*self.changes_blocks(target))
        spec.add(*content_blocks(target))
        spec.add(Paragraph(_("The other provisions of the convention remain unchanged.")))
        spec.add(signature_block(target, parties))
        return spec

    def changes_blocks(self, amendment: Convention) -> list:
        """What the amendment changes in its parent (CV4), each change with its new text."""
        parent = amendment.parent
        applied = amendment.status in cs.APPLIED_AMENDMENT_STATUSES
        blocks: list = [Heading(_("What this amendment changes"))]
        changes = list(amendment.changes.select_related("article").order_by("pk"))
        if not changes:
            blocks.append(Paragraph(_("No change recorded."), emphasis=True))
        for change in changes:
            blocks.append(Heading(cs.change_summary(change), level=2))
            if change.kind == ChangeKind.TERM_EXTENSION:
                months = duration_text(change.months or 0)
                if applied:
                    text = _(
                        "The term of the convention is extended by %(duration)s: it now ends on %(date)s."
                    )
                else:
                    text = _(
                        "The term of the convention, which now ends on %(date)s, is extended by %(duration)s."
                    )
                blocks.append(Paragraph(text % {"duration": months, "date": day_text(parent.end_date)}))
            elif change.kind == ChangeKind.ARTICLE_MODIFIED and change.new_text:
                blocks.append(Paragraph(_("The article is replaced by the following:"), emphasis=True))
                blocks.append(Paragraph(change.new_text))
            elif change.kind == ChangeKind.ARTICLE_ADDED and change.new_text:
                blocks.append(Paragraph(_("The convention is completed by the following:"), emphasis=True))
                blocks.append(Paragraph(change.new_text))
        return blocks


CONVENTION = register(ConventionBuilder())
AMENDMENT = register(AmendmentBuilder())


def builder_for(convention: Convention) -> ConventionBuilder:
    return AMENDMENT if convention.kind == ConventionKind.AMENDMENT else CONVENTION
