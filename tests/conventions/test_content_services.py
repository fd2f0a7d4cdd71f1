"""Content of a convention: articles, commitments, parties, approval steps, amendments (CV1, CV4, CV6, CV7)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from partenaria.conventions import content_services as cs
from partenaria.conventions import services
from partenaria.conventions.models import (
    ApprovalStep,
    ApprovalStepKind,
    Article,
    ArticleKind,
    ChangeKind,
    Commitment,
    Frequency,
    Party,
)
from partenaria.conventions.statuses import Status
from partenaria.core.audit import history_for
from partenaria.organisations.models import Role
from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    ConventionFactory,
    OrganisationFactory,
    PartnershipFactory,
    officer_of,
)

D = datetime.date
pytestmark = pytest.mark.django_db


# --- Situations --------------------------------------------------------------------------------


def askoria_2022_2024():
    """The expired 2022-2024 Ille-et-Vilaine / Askoria convention with its articles [000, 001]."""
    dept = OrganisationFactory(
        departement=True, name="Département d'Ille-et-Vilaine", short_name="Le Département"
    )
    school = OrganisationFactory(school=True, name="Askoria")
    partnership = PartnershipFactory(members=[dept, school], title="Ille-et-Vilaine – Askoria")
    convention = ConventionFactory(
        partnership=partnership,
        title="Convention de partenariat 2022-2024",
        status=Status.EXPIRED,
        start_date=D(2022, 1, 1),
        signature_date=D(2021, 12, 15),
        term_months=36,
    )
    preamble = ArticleFactory(
        convention=convention, kind=ArticleKind.PREAMBLE, number="", title="", body="Préambule", position=1
    )
    objet = ArticleFactory(convention=convention, number="1", title="Objet", position=2)
    suivi = ArticleFactory(
        convention=convention, number="3", title="Suivi et évaluation", body="Un comité annuel.", position=3
    )
    annex = ArticleFactory(
        convention=convention, kind=ArticleKind.ANNEX, number="", title="Annexe 1", position=4
    )
    return {
        "dept": dept,
        "school": school,
        "convention": convention,
        "officer": officer_of(dept),
        "preamble": preamble,
        "objet": objet,
        "suivi": suivi,
        "annex": annex,
    }


def haut_rhin_draft():
    """The Haut-Rhin / ISSM convention while it is being written [004]."""
    dept = OrganisationFactory(departement=True, name="Département du Haut-Rhin")
    school = OrganisationFactory(school=True, name="Institut Supérieur Social de Mulhouse", short_name="ISSM")
    partnership = PartnershipFactory(members=[dept, school], title="Haut-Rhin – ISSM")
    convention = ConventionFactory(partnership=partnership, draft=True, tacit_renewal_4_months=True)
    return {"dept": dept, "school": school, "convention": convention, "officer": officer_of(dept)}


def sign(convention, by, on=None):
    services.convention_submit(by=by, convention=convention)
    return services.convention_sign(
        by=by,
        convention=convention,
        signature_date=on or timezone.localdate(),
        signature_place="Rennes",
        originals_count=2,
    )


def askoria_2025_amendment(s):
    """The 2025 amendment: one more year, and the 5,000 EUR exploratory research contribution [000]."""
    amendment = cs.amendment_draft(
        by=s["officer"],
        parent=s["convention"],
        title="Avenant 2025",
        reference="AV-2025",
        start_mode="fixed",
        start_date=D(2025, 1, 1),
        term_months=12,
        changes=[
            {"kind": ChangeKind.TERM_EXTENSION, "months": 12},
            {
                "kind": ChangeKind.ARTICLE_ADDED,
                "number": "5",
                "title": "Contribution à la recherche exploratoire",
                "new_text": "Contribution forfaitaire de 5 000 € versée sur la base d'une synthèse.",
                "amount": Decimal("5000.00"),
            },
            {
                "kind": ChangeKind.ARTICLE_MODIFIED,
                "article": s["suivi"],
                "new_text": "État d'avancement au 4e trimestre, un mois avant le comité de pilotage.",
            },
        ],
    )
    ArticleFactory(convention=amendment, number="1", title="Orientations et objet de l'avenant")
    return amendment


# --- Effective content (CV4) -------------------------------------------------------------------


def test_askoria_2025_amendment_extends_the_term_and_adds_the_research_contribution_once_signed():
    s = askoria_2022_2024()
    amendment = askoria_2025_amendment(s)

    # A draft amendment changes nothing yet.
    draft_view = cs.effective_articles(s["convention"])
    assert [b.heading for b in draft_view] == [b.heading for b in cs.convention_articles(s["convention"])]
    assert not any(b.modified_by or b.added_by for b in draft_view)

    sign(amendment, s["officer"], on=D(2025, 2, 10))
    blocks = cs.effective_articles(s["convention"])

    assert [b.kind for b in blocks] == ["preamble", "article", "article", "article", "annex"]
    added = blocks[3]
    assert added.added_by == amendment and added.number == "5" and "5 000 €" in added.body
    modified = blocks[2]
    assert modified.article == s["suivi"] and modified.modified_by == [amendment]
    assert modified.body.startswith("État d'avancement") and modified.title == "Suivi et évaluation"
    assert blocks[1].modified_by == [] and blocks[1].added_by is None
    # The parent's own rows are untouched: the amendment is a separate act.
    s["suivi"].refresh_from_db()
    assert s["suivi"].body == "Un comité annuel."

    parent = type(s["convention"]).objects.with_extensions().get(pk=s["convention"].pk)
    assert parent.end_date == D(2025, 12, 31)


def test_two_signed_amendments_modifying_one_article_both_show_and_the_last_text_wins():
    s = askoria_2022_2024()
    first = cs.amendment_draft(
        by=s["officer"],
        parent=s["convention"],
        title="Avenant 1",
        term_months=12,
        changes=[{"kind": ChangeKind.ARTICLE_MODIFIED, "article": s["objet"], "new_text": "Texte 1"}],
    )
    second = cs.amendment_draft(
        by=s["officer"],
        parent=s["convention"],
        title="Avenant 2",
        term_months=12,
        changes=[{"kind": ChangeKind.ARTICLE_MODIFIED, "article": s["objet"], "new_text": "Texte 2"}],
    )
    for amendment, day in ((first, D(2025, 1, 5)), (second, D(2025, 3, 5))):
        ArticleFactory(convention=amendment)
        sign(amendment, s["officer"], on=day)
    block = next(b for b in cs.effective_articles(s["convention"]) if b.article == s["objet"])
    assert block.body == "Texte 2"
    assert block.modified_by == [first, second]


def test_an_amendment_shows_its_own_articles_not_its_parents():
    s = askoria_2022_2024()
    amendment = askoria_2025_amendment(s)
    assert [b.title for b in cs.effective_articles(amendment)] == ["Orientations et objet de l'avenant"]


def test_change_summaries_say_what_the_amendment_changes():
    s = askoria_2022_2024()
    amendment = askoria_2025_amendment(s)
    cs.amendment_draft(
        by=s["officer"],
        parent=s["convention"],
        title="Avenant financier",
        term_months=12,
        changes=[{"kind": ChangeKind.AMOUNT_CHANGED, "amount": Decimal("5000")}],
    )
    from django.utils import translation

    with translation.override("en"):
        assert cs.own_change_summaries(amendment) == [
            "Term extended by 12 months",
            "Article 5 added",
            "Article 3 modified",
        ]
        listed = cs.amendments_with_changes(s["convention"])
        assert listed[1].summaries == ["Amount changed to 5,000.00\u202f€"]


# --- Drafting amendments -----------------------------------------------------------------------


def test_drafting_an_amendment_copies_the_parties_and_is_audited_on_the_parent():
    s = askoria_2022_2024()
    Party.objects.filter(convention=s["convention"], organisation=s["dept"]).update(
        delegation="Pour le Président et par délégation, le Vice-Président"
    )
    amendment = askoria_2025_amendment(s)
    assert amendment.parent == s["convention"] and amendment.status == Status.DRAFT
    assert {p.organisation for p in amendment.parties.all()} == {s["dept"], s["school"]}
    assert amendment.parties.get(organisation=s["dept"]).delegation.startswith("Pour le Président")
    event = history_for(s["convention"]).get(action="convention.amendment_created")
    assert event.changes["amendment"] == "Avenant 2025" and len(event.changes["changes"]) == 3


@pytest.mark.parametrize(
    ("change", "message_part"),
    [
        ({"kind": ChangeKind.TERM_EXTENSION, "months": 0}, "month"),
        ({"kind": ChangeKind.ARTICLE_MODIFIED, "article": None, "new_text": "x"}, "article"),
        ({"kind": ChangeKind.AMOUNT_CHANGED, "amount": Decimal("-1")}, "negative"),
    ],
)
def test_an_amendment_change_is_checked_according_to_its_kind(change, message_part):
    s = askoria_2022_2024()
    with pytest.raises(ValidationError):
        cs.amendment_draft(
            by=s["officer"], parent=s["convention"], title="Avenant", term_months=12, changes=[change]
        )
    assert not s["convention"].amendments.exists()


def test_an_article_of_another_convention_cannot_be_modified_by_the_amendment():
    s = askoria_2022_2024()
    stranger = ArticleFactory()
    with pytest.raises(ValidationError):
        cs.amendment_draft(
            by=s["officer"],
            parent=s["convention"],
            title="Avenant",
            term_months=12,
            changes=[{"kind": ChangeKind.ARTICLE_MODIFIED, "article": stranger, "new_text": "x"}],
        )


def test_a_draft_is_not_amended_and_a_viewer_cannot_amend():
    h = haut_rhin_draft()
    with pytest.raises(PermissionDenied):
        cs.amendment_draft(
            by=h["officer"],
            parent=h["convention"],
            title="Avenant",
            term_months=12,
            changes=[{"kind": ChangeKind.TERM_EXTENSION, "months": 12}],
        )
    s = askoria_2022_2024()
    viewer = officer_of(s["dept"], role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        askoria_2025_amendment({**s, "officer": viewer})


# --- Articles and commitments (CV6) ------------------------------------------------------------


def test_haut_rhin_steering_committee_meets_at_least_twice_a_year():
    h = haut_rhin_draft()
    article = cs.article_add(
        by=h["officer"],
        convention=h["convention"],
        kind=ArticleKind.ARTICLE,
        number="6",
        title="Le comité de pilotage",
        body="Il se réunira au moins deux fois par an, à l'initiative de l'un ou l'autre des deux organismes.",
    )
    commitment = cs.commitment_add(
        by=h["officer"],
        article=article,
        data={
            "debtor": h["dept"],
            "creditor": None,
            "description": "réunir le comité de pilotage au moins deux fois par an",
            "frequency": Frequency.TWICE_YEARLY,
            "due_date": D(2026, 3, 1),
        },
    )
    from django.utils import translation

    with translation.override("en"):
        sentence = cs.commitment_sentence(commitment)
    assert sentence.startswith("Département du Haut-Rhin owes réunir le comité de pilotage")
    assert "to the other parties" in sentence and "twice a year from 1 March 2026" in sentence
    block = next(b for b in cs.effective_articles(h["convention"]) if b.article == article)
    assert block.commitments == [commitment]
    actions = list(history_for(h["convention"]).values_list("action", flat=True))
    assert "convention.article_added" in actions and "convention.commitment_added" in actions


def test_blocks_are_read_in_order_preamble_context_stakes_orientations_articles_annexes():
    h = haut_rhin_draft()
    by, c = h["officer"], h["convention"]
    cs.article_add(by=by, convention=c, kind=ArticleKind.ANNEX, title="Annexe")
    cs.article_add(by=by, convention=c, kind=ArticleKind.ARTICLE, number="1", title="Objet")
    cs.article_add(by=by, convention=c, kind=ArticleKind.STAKES, title="Enjeux")
    cs.article_add(by=by, convention=c, kind=ArticleKind.PREAMBLE, body="Vu le code de l'action sociale")
    cs.article_add(by=by, convention=c, kind=ArticleKind.ORIENTATIONS, title="Orientations")
    cs.article_add(by=by, convention=c, kind=ArticleKind.CONTEXT, title="Contexte")
    assert [b.kind for b in cs.effective_articles(c)] == [
        "preamble",
        "context",
        "stakes",
        "orientations",
        "article",
        "annex",
    ]


def test_moving_an_article_up_and_down_among_articles():
    h = haut_rhin_draft()
    by, c = h["officer"], h["convention"]
    one, _two, three = (
        cs.article_add(by=by, convention=c, kind="article", number=n, title=f"Article {n}") for n in "123"
    )
    cs.article_move(by=by, article=three, direction="up")
    assert [b.number for b in cs.effective_articles(c)] == ["1", "3", "2"]
    cs.article_move(by=by, article=one, direction="up")  # already first: nothing moves
    cs.article_move(by=by, article=one, direction="down")
    assert [b.number for b in cs.effective_articles(c)] == ["3", "1", "2"]


def test_an_article_needs_a_number_and_some_text():
    h = haut_rhin_draft()
    with pytest.raises(ValidationError) as exc:
        cs.article_add(
            by=h["officer"], convention=h["convention"], kind="article", number="", title="", body=""
        )
    assert set(exc.value.message_dict) == {"number", "body"}
    assert not Article.objects.filter(convention=h["convention"]).exists()


def test_changing_and_deleting_an_article_is_audited_and_takes_its_commitments():
    h = haut_rhin_draft()
    article = ArticleFactory(convention=h["convention"], number="2", title="Représentation")
    CommitmentFactory(convention=h["convention"], article=article)
    cs.article_change(by=h["officer"], article=article, data={"title": "Représentation au sein de l'ISSM"})
    event = history_for(h["convention"]).get(action="convention.article_changed")
    assert event.changes["title"] == ["Représentation", "Représentation au sein de l'ISSM"]
    cs.article_delete(by=h["officer"], article=article)
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Commitment.objects.filter(convention=h["convention"]).exists()
    assert history_for(h["convention"]).filter(action="convention.article_deleted").exists()


def test_a_signed_convention_is_not_edited_but_its_commitments_are_followed():
    s = askoria_2022_2024()
    convention = ConventionFactory(partnership=s["convention"].partnership, status=Status.ACTIVE)
    article = ArticleFactory(convention=convention)
    with pytest.raises(PermissionDenied):
        cs.article_change(by=s["officer"], article=article, data={"title": "x"})
    with pytest.raises(PermissionDenied):
        cs.article_add(by=s["officer"], convention=convention, kind="article", number="9", title="x")
    commitment = CommitmentFactory(
        convention=convention, article=article, frequency=Frequency.YEARLY, due_date=D(2025, 11, 30)
    )
    cs.commitment_fulfil(by=s["officer"], commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.fulfilled_until == D(2025, 11, 30)
    assert cs.next_occurrence(commitment) == D(2026, 11, 30)
    cs.commitment_fulfil(by=s["officer"], commitment=commitment)
    commitment.refresh_from_db()
    assert commitment.fulfilled_until == D(2026, 11, 30)
    assert history_for(convention).filter(action="convention.commitment_fulfilled").count() == 2


def test_a_one_off_commitment_is_fulfilled_once_and_a_viewer_cannot_mark_it():
    s = askoria_2022_2024()
    convention = ConventionFactory(partnership=s["convention"].partnership, status=Status.ACTIVE)
    commitment = CommitmentFactory(convention=convention, due_date=D(2025, 12, 1))
    viewer = officer_of(s["dept"], role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        cs.commitment_fulfil(by=viewer, commitment=commitment)
    cs.commitment_fulfil(by=s["officer"], commitment=commitment)
    with pytest.raises(ValidationError):
        cs.commitment_fulfil(by=s["officer"], commitment=commitment)
    # An expired convention's commitments are history: not followed any more.
    with pytest.raises(PermissionDenied):
        cs.commitment_fulfil(by=s["officer"], commitment=CommitmentFactory(convention=s["convention"]))


def test_a_commitment_is_owed_between_two_different_parties():
    h = haut_rhin_draft()
    article = ArticleFactory(convention=h["convention"])
    outsider = OrganisationFactory()
    data = {"description": "x", "frequency": Frequency.ONCE, "due_date": None}
    with pytest.raises(ValidationError) as exc:
        cs.commitment_add(
            by=h["officer"], article=article, data={**data, "debtor": h["dept"], "creditor": h["dept"]}
        )
    assert "creditor" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        cs.commitment_add(
            by=h["officer"], article=article, data={**data, "debtor": outsider, "creditor": None}
        )
    assert "debtor" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        cs.commitment_add(
            by=h["officer"],
            article=article,
            data={**data, "debtor": h["dept"], "creditor": None, "frequency": Frequency.YEARLY},
        )
    assert "due_date" in exc.value.message_dict


# --- Parties (CV1) -----------------------------------------------------------------------------


def test_a_party_with_its_delegation_and_an_organisation_signs_once():
    h = haut_rhin_draft()
    party = h["convention"].parties.get(organisation=h["dept"])
    cs.party_change(
        by=h["officer"],
        party=party,
        data={
            "designation": "Le Département",
            "capacity": "Le Président du Conseil départemental",
            "delegation": "Pour le Président et par délégation, le Vice-Président",
            "authorised_by": "Délibération de la Commission permanente",
        },
    )
    party.refresh_from_db()
    assert party.delegation == "Pour le Président et par délégation, le Vice-Président"
    assert history_for(h["convention"]).filter(action="convention.party_changed").exists()
    with pytest.raises(ValidationError) as exc:
        cs.party_add(by=h["officer"], convention=h["convention"], data={"organisation": h["school"]})
    assert "organisation" in exc.value.message_dict
    with pytest.raises(ValidationError):
        cs.party_add(
            by=h["officer"], convention=h["convention"], data={"organisation": OrganisationFactory()}
        )
    assert h["convention"].parties.count() == 2


def test_a_third_party_can_join_and_leave_but_two_remain():
    h = haut_rhin_draft()
    city = OrganisationFactory(name="Ville de Mulhouse")
    h["convention"].partnership.members.create(organisation=city)
    party = cs.party_add(by=h["officer"], convention=h["convention"], data={"organisation": city})
    cs.party_remove(by=h["officer"], party=party)
    with pytest.raises(ValidationError):
        cs.party_remove(by=h["officer"], party=h["convention"].parties.first())
    assert h["convention"].parties.count() == 2


# --- Approval (CV7) ----------------------------------------------------------------------------


def test_haut_rhin_approval_report_then_vote_of_the_commission_permanente():
    h = haut_rhin_draft()
    by, c = h["officer"], h["convention"]
    vote = cs.approval_step_add(
        by=by,
        convention=c,
        data={
            "organisation": h["dept"],
            "kind": ApprovalStepKind.PERMANENT_COMMISSION_VOTE,
            "date": D(2010, 9, 24),
            "outcome": "Adopté",
        },
    )
    report = cs.approval_step_add(
        by=by,
        convention=c,
        data={
            "organisation": h["dept"],
            "kind": ApprovalStepKind.REPORT,
            "reference": "CP-2010-9-4-3",
            "instructing_service": "Direction de l'action sociale",
            "consulted_service": "Direction des finances",
            # Recorded after the vote but dated before it: allowed.
            "date": D(2010, 9, 1),
        },
    )
    assert list(c.approval_steps.order_by("date", "pk")) == [report, vote]
    assert history_for(c).filter(action="convention.approval_step_added").count() == 2
    cs.approval_step_change(by=by, step=report, data={"reference": "CP-2010-9-4-4"})
    assert history_for(c).filter(action="convention.approval_step_changed").exists()


def test_a_vote_dated_in_the_future_is_refused_but_a_planned_signature_is_not():
    h = haut_rhin_draft()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        cs.approval_step_add(
            by=h["officer"],
            convention=h["convention"],
            data={"organisation": h["dept"], "kind": ApprovalStepKind.ASSEMBLY_VOTE, "date": tomorrow},
        )
    assert "date" in exc.value.message_dict
    cs.approval_step_add(
        by=h["officer"],
        convention=h["convention"],
        data={"organisation": h["dept"], "kind": ApprovalStepKind.SIGNATURE, "date": tomorrow},
    )
    assert ApprovalStep.objects.filter(convention=h["convention"]).count() == 1


def report_of(h, on, **extra):
    return cs.approval_step_add(
        by=h["officer"],
        convention=h["convention"],
        data={"organisation": h["dept"], "kind": ApprovalStepKind.REPORT, "date": on, **extra},
    )


def vote_of(h, on=None, kind=ApprovalStepKind.PERMANENT_COMMISSION_VOTE):
    return cs.approval_step_add(
        by=h["officer"],
        convention=h["convention"],
        data={"organisation": h["dept"], "kind": kind, "date": on, "outcome": "Adopté"},
    )


def test_a_vote_cannot_be_dated_before_the_report_it_decides_on():
    h = haut_rhin_draft()
    report_of(h, D(2012, 5, 4), reference="CP-2010-9-4-3")
    with pytest.raises(ValidationError) as exc:
        vote_of(h, D(2012, 4, 30))
    assert exc.value.message_dict["date"] == [
        "Le vote ne peut précéder le rapport sur lequel il se prononce (rapport du 4 mai 2012)."
    ]
    vote = vote_of(h, D(2012, 5, 25))
    # Moving the report after its vote is refused too, and the report keeps its date.
    report = h["convention"].approval_steps.get(kind=ApprovalStepKind.REPORT)
    with pytest.raises(ValidationError) as exc:
        cs.approval_step_change(by=h["officer"], step=report, data={"date": D(2012, 6, 1)})
    assert "date" in exc.value.message_dict
    report.refresh_from_db()
    assert report.date == D(2012, 5, 4)
    assert list(h["convention"].approval_steps.order_by("date")) == [report, vote]


def test_another_bodys_vote_is_not_held_to_this_bodys_report():
    h = haut_rhin_draft()
    report_of(h, D(2012, 5, 4))
    step = cs.approval_step_add(
        by=h["officer"],
        convention=h["convention"],
        data={
            "organisation": h["school"],
            "kind": ApprovalStepKind.BOARD_DELIBERATION,
            "date": D(2012, 3, 1),
        },
    )
    assert step.pk


def test_the_signature_waits_for_the_vote_on_the_report():
    h = haut_rhin_draft()
    ArticleFactory(convention=h["convention"])
    report_of(h, D(2012, 5, 4), reference="CP-2010-9-4-3")
    vote = vote_of(h, None)  # on the agenda of the Commission permanente, not voted yet
    services.convention_submit(by=h["officer"], convention=h["convention"])
    attempt = {"signature_place": "Colmar", "originals_count": 2}
    with pytest.raises(ValidationError) as exc:
        services.convention_sign(
            by=h["officer"], convention=h["convention"], signature_date=D(2012, 6, 18), **attempt
        )
    assert "Département du Haut-Rhin n'a pas voté sur son rapport à cette date" in exc.value.messages[0]
    h["convention"].refresh_from_db()
    assert h["convention"].status == Status.IN_APPROVAL
    assert h["convention"].signature_date is None
    # Voted after the day given for the signature: still refused; voted before it: signed.
    cs.approval_step_change(by=h["officer"], step=vote, data={"date": D(2012, 6, 20)})
    with pytest.raises(ValidationError):
        services.convention_sign(
            by=h["officer"], convention=h["convention"], signature_date=D(2012, 6, 18), **attempt
        )
    signed = services.convention_sign(
        by=h["officer"], convention=h["convention"], signature_date=D(2012, 6, 25), **attempt
    )
    assert signed.signature_date == D(2012, 6, 25)
    assert signed.status != Status.IN_APPROVAL


def test_a_party_without_a_report_signs_without_a_recorded_vote():
    h = haut_rhin_draft()
    ArticleFactory(convention=h["convention"])
    signed = sign(h["convention"], h["officer"], on=D(2012, 6, 18))
    assert signed.signature_date == D(2012, 6, 18)


def test_approval_steps_are_frozen_once_signed():
    s = askoria_2022_2024()
    with pytest.raises(PermissionDenied):
        cs.approval_step_add(
            by=s["officer"],
            convention=s["convention"],
            data={"organisation": s["dept"], "kind": ApprovalStepKind.REPORT, "date": D(2021, 11, 1)},
        )


def test_a_failure_in_the_audit_leaves_no_article(monkeypatch):
    h = haut_rhin_draft()

    def broken(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(cs, "log_action", broken)
    with pytest.raises(RuntimeError):
        cs.article_add(by=h["officer"], convention=h["convention"], kind="article", number="1", title="Objet")
    assert not Article.objects.filter(convention=h["convention"]).exists()
