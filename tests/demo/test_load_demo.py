"""The demo data set: the partnerships of the five source documents, loaded through the services."""

import datetime
import io

import pytest
from django.core.management import call_command

from partenaria.accounts.models import User
from partenaria.conventions.content_services import next_occurrence
from partenaria.conventions.models import (
    ApprovalStep,
    Commitment,
    Convention,
    ConventionKind,
    MemberStatus,
    NoticeForm,
    Partnership,
    Party,
)
from partenaria.conventions.statuses import Status
from partenaria.core.audit import history_for
from partenaria.core.models import AuditEvent
from partenaria.demo import data, loader
from partenaria.organisations.models import Membership, Organisation, Person, Role, Unit

from .conftest import TODAY

D = datetime.date

# People named in the source documents: none may appear in the product (issue 2, item 12).
SEED_PERSON_NAMES = [
    "Chenut",
    "Vivier",
    "Courteille",
    "Rebsamen",
    "Blin",
    "Ropers",
    "Buttner",
    "Lorrain",
    "Lorin-Etuy",
    "Marques-Boeuf",
    "Carpentier",
    "Cheviron",
    "Carre",
    "Berthier",
    "Hoareau",
    "Larue",
    "Féret",
    "Courtigné",
    "Komokoli",
    "Guiblin",
]


def askoria_lineage():
    return list(
        Convention.objects.with_extensions()
        .filter(partnership__title=loader.ASKORIA_PARTNERSHIP)
        .order_by("start_date", "pk")
    )


def test_demo_loads_on_an_empty_database_and_prints_the_logins(demo):
    assert Partnership.objects.count() == 4
    assert Organisation.objects.count() == len(data.ORGANISATIONS) == 11
    assert Convention.objects.count() == 9
    assert "Demo loaded" in demo
    for account in data.ACCOUNTS:
        assert account.email in demo
    assert data.SUPERUSER_EMAIL in demo
    assert data.PASSWORD in demo


def test_loading_again_changes_nothing_and_only_prints_the_logins(demo):
    counts = (Convention.objects.count(), AuditEvent.objects.count(), User.objects.count())
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert "claire.lemoine@ille-et-vilaine.demo" in out.getvalue()
    assert (Convention.objects.count(), AuditEvent.objects.count(), User.objects.count()) == counts


def test_reset_deletes_and_loads_again(demo):
    before = set(Convention.objects.values_list("pk", flat=True))
    events = AuditEvent.objects.count()
    call_command("load_demo", "--reset", stdout=io.StringIO())
    after = set(Convention.objects.values_list("pk", flat=True))
    assert len(after) == 9 and not before & after
    assert AuditEvent.objects.count() == events
    assert User.objects.filter(email=data.SUPERUSER_EMAIL, is_superuser=True).count() == 1


def test_a_failure_half_way_leaves_nothing(demo, monkeypatch):
    loader.reset()
    assert not Organisation.objects.exists()

    def broken(demo):
        raise RuntimeError("injected")

    monkeypatch.setattr(loader, "_erasmus", broken)
    with pytest.raises(RuntimeError):
        call_command("load_demo", stdout=io.StringIO())
    assert not Organisation.objects.exists()
    assert not Convention.objects.exists()
    assert not User.objects.exists()


def test_askoria_lineage_has_six_conventions_in_order(demo):
    lineage = askoria_lineage()
    assert [(c.kind, c.effective_start.year) for c in lineage] == [
        (ConventionKind.FRAMEWORK, 2012),
        (ConventionKind.FRAMEWORK, 2015),
        (ConventionKind.FRAMEWORK, 2018),
        (ConventionKind.FRAMEWORK, 2022),
        (ConventionKind.AMENDMENT, 2025),
        (ConventionKind.FRAMEWORK, 2026),
    ]
    assert [c.status for c in lineage] == [
        Status.SUPERSEDED,
        Status.SUPERSEDED,
        Status.SUPERSEDED,
        Status.EXPIRED,
        Status.EXPIRED,  # an amendment ends with the convention it amends
        Status.IN_APPROVAL,
    ]
    c2022, amendment = lineage[3], lineage[4]
    assert amendment.parent == c2022
    assert all(c.dates_are_illustrative for c in lineage)
    assert all(c.synthesis for c in lineage[:4])
    assert "Gouvernance territoriale du social" in lineage[2].synthesis


def test_the_2025_amendment_extends_the_2022_2024_convention_to_the_end_of_2025(demo):
    c2022 = Convention.objects.get(title="Convention de partenariat 2022-2024")
    assert c2022.start_date == D(2022, 1, 1) and c2022.term_months == 36
    assert not c2022.tacit_renewal
    assert c2022.end_date == D(2025, 12, 31)
    amendment = c2022.amendments.get()
    changes = {c.kind: c for c in amendment.changes.all()}
    assert changes["term_extension"].months == 12
    contribution = amendment.changes.get(amount__isnull=False)
    assert contribution.amount == 5000
    synthesis = Commitment.objects.get(convention=amendment, debtor__name="Askoria", due_date=D(2025, 12, 1))
    assert "synthèse" in synthesis.description
    assert synthesis.fulfilled_until == D(2025, 12, 1)  # shared in time: nothing late in 2026
    bodies = " ".join(amendment.articles.values_list("body", flat=True))
    assert "6 réservations de salles" in bodies
    assert "logos" in bodies
    assert "4e trimestre" in bodies


def test_askoria_2022_approval_goes_from_the_assembly_to_the_commission_permanente(demo):
    c2022 = Convention.objects.get(title="Convention de partenariat 2022-2024")
    steps = list(c2022.approval_steps.values_list("kind", flat=True))
    assert steps == ["report", "assembly_vote", "permanent_commission_vote"]
    assert "55 000 €" in c2022.articles.get(number="5").body
    assert c2022.commitments.filter(frequency="yearly", description__contains="comité de pilotage").exists()


def test_the_audit_trail_is_the_one_of_the_services(demo):
    c2022 = Convention.objects.get(title="Convention de partenariat 2022-2024")
    officer = User.objects.get(email="claire.lemoine@ille-et-vilaine.demo")
    actions = set(history_for(c2022).values_list("action", flat=True))
    assert {"convention.created", "convention.submit", "convention.sign", "convention.amended"} <= actions
    assert history_for(c2022).filter(action="convention.sign", actor=officer).exists()


def test_haut_rhin_convention_is_renewed_with_a_coming_last_day_to_denounce(demo):
    today = TODAY
    convention = Convention.objects.with_extensions().get(partnership__title=loader.HAUT_RHIN_PARTNERSHIP)
    assert convention.status == Status.RENEWED
    assert convention.tacit_renewal and convention.notice_months == 4 and convention.term_months == 36
    assert convention.notice_form == NoticeForm.REGISTERED_LETTER
    assert today < convention.notice_deadline <= today + datetime.timedelta(days=183)
    assert convention.notice_send_by < convention.notice_deadline
    report = ApprovalStep.objects.get(convention=convention, kind="report")
    assert report.reference == "CP-2010-9-4-3"
    assert report.instructing_service == "Direction Développement Social des Territoires"
    assert convention.articles.filter(kind="article").count() == 8
    # The steering committee's rhythm is carried by the body (tests/demo/test_governance_demo.py),
    # not by a twice-yearly commitment any more: the obligation is listed once.
    assert not convention.commitments.filter(frequency="twice_yearly").exists()
    information = convention.commitments.get(frequency="yearly")
    assert next_occurrence(information) == D(2027, 9, 28)
    assert "1993" in convention.articles.get(number="3").body


def test_dijon_framework_convention_has_four_parties_and_a_host_site_convention(demo):
    partnership = Partnership.objects.get(title=loader.DIJON_PARTNERSHIP)
    framework = partnership.conventions.get(kind=ConventionKind.FRAMEWORK)
    assert framework.parties.count() == 4
    assert (framework.signature_date, framework.signature_place, framework.originals_count) == (
        D(2022, 6, 27),
        "Dijon",
        4,
    )
    assert framework.end_date == D(2025, 6, 26)  # 3 years from the signature
    assert not framework.tacit_renewal and framework.notice_form == NoticeForm.SIMPLE_LETTER
    ccas = framework.parties.get(organisation__name="CCAS de Dijon")
    assert "par délégation, le Vice-Président" in ccas.delegation
    assert framework.commitments.filter(debtor__short_name="IRTESS", frequency="yearly").count() == 2
    host_site = partnership.conventions.get(kind=ConventionKind.HOST_SITE)
    assert host_site.term_months == 60
    assert set(host_site.parties.values_list("organisation__name", flat=True)) == {
        "Ville de Dijon",
        "IRTESS de Bourgogne",
    }
    assert host_site.status == Status.ACTIVE


def test_erasmus_project_is_led_by_isere_with_pending_and_to_confirm_partners(demo):
    partnership = Partnership.objects.get(title=loader.ERASMUS_PARTNERSHIP)
    assert partnership.kind == "european"
    assert partnership.lead.name == "Département de l'Isère"
    statuses = dict(partnership.members.values_list("organisation__name", "status"))
    assert statuses == {
        "Département de l'Isère": MemberStatus.CONFIRMED,
        "Département de la Loire-Atlantique": MemberStatus.PENDING,
        "Région autonome Vallée d'Aoste": MemberStatus.TO_CONFIRM,
    }
    assert "KA204" in partnership.description
    assert not partnership.conventions.exists()


def test_organisations_carry_the_addresses_and_units_of_the_sources(demo):
    irtess = Organisation.objects.get(short_name="IRTESS")
    assert (irtess.siret, irtess.street, irtess.postcode, irtess.kind) == (
        "41047508100015",
        "2 rue du Professeur Marion",
        "21000",
        "school",
    )
    assert Organisation.objects.get(name="Département du Haut-Rhin").postcode == "68006"
    aoste = Organisation.objects.get(name="Région autonome Vallée d'Aoste")
    assert aoste.kind == "foreign_body" and aoste.country == "Italie"
    petite_enfance = Unit.objects.get(
        organisation__name="Ville de Dijon", name="Direction de la petite enfance"
    )
    assert set(petite_enfance.children.values_list("name", flat=True)) == {"Secteur Nord", "Secteur Sud"}
    assert Unit.objects.filter(
        organisation__name="Département du Haut-Rhin", name="Service d'Expertises en Travail Social"
    ).exists()


def test_no_person_of_the_source_documents_appears(demo):
    texts = []
    for user in User.objects.all():
        texts += [user.first_name, user.last_name, user.email]
    for person in Person.objects.all():
        texts += [person.first_name, person.last_name, person.email, person.phone]
    for party in Party.objects.all():
        texts += [party.representative_name, party.capacity, party.delegation]
    haystack = " ".join(texts).lower()
    for name in SEED_PERSON_NAMES:
        assert name.lower() not in haystack, name
    assert not any(user.email.endswith((".fr", ".com")) for user in User.objects.all())


def test_every_demo_password_is_partenaria_demo(demo):
    users = list(User.objects.all())
    assert len(users) == len(data.ACCOUNTS) + 1
    # Every account shares one hash (hashing costs a second each): checking one checks them all.
    assert len({user.password for user in users}) == 1
    assert users[0].check_password("partenaria-demo")
    admin = User.objects.get(email="admin@partenaria.demo")
    assert admin.is_superuser and admin.is_staff


def test_one_partnership_officer_per_organisation_who_sees_only_their_partnerships(demo):
    for organisation in Organisation.objects.all():
        officers = Membership.objects.filter(organisation=organisation, role=Role.PARTNERSHIP_OFFICER)
        assert officers.count() == 1, organisation
    weber = User.objects.get(email="caroline.weber@haut-rhin.demo")
    assert list(Partnership.objects.visible_to(weber).values_list("title", flat=True)) == [
        loader.HAUT_RHIN_PARTNERSHIP
    ]
    roux = User.objects.get(email="amelie.roux@ville-dijon.demo")
    assert set(Convention.objects.visible_to(roux).values_list("partnership__title", flat=True)) == {
        loader.DIJON_PARTNERSHIP
    }


# --- Generated documents and disputes (CV10, CV9) -------------------------------------------------


def dijon_framework():
    return Convention.objects.get(partnership__title=loader.DIJON_PARTNERSHIP, kind=ConventionKind.FRAMEWORK)


def test_every_demo_organisation_but_the_ccas_de_dijon_has_an_invented_logo(demo):
    from partenaria.documents.builders.convention import CONVENTION
    from partenaria.documents.services import missing_logos

    organisations = Organisation.objects.filter(name__in=[o.name for o in data.ORGANISATIONS])
    assert sorted(organisations.filter(logo="").values_list("name", flat=True)) == ["CCAS de Dijon"]
    assert [o.name for o in missing_logos(builder=CONVENTION, target=dijon_framework())] == ["CCAS de Dijon"]


def test_the_dijon_convention_as_a_docx_shows_three_logos_and_its_signature(demo):
    import docx
    from django.utils import translation
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    from partenaria.documents.builders import collect_logos
    from partenaria.documents.builders.convention import CONVENTION
    from partenaria.documents.renderers import render

    convention = dijon_framework()
    logos, _missing = collect_logos(CONVENTION.organisations(convention))
    with translation.override("fr"):
        opened = docx.Document(io.BytesIO(render(CONVENTION.build(convention, logos), "docx")))
    header = opened.sections[0].header
    assert sum(1 for rel in header.part.rels.values() if rel.reltype == RT.IMAGE) == 3
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "Article 7 – Règlement amiable" in text
    assert "Annexe 1 – Profils formations et métiers" in text
    assert "Fait à Dijon, en quatre exemplaires, le 27 juin 2022" in text


def test_the_dijon_convention_has_one_illustrative_dispute_settled_amicably(demo):
    from partenaria.conventions.models import DisputeOutcome

    disputes = list(dijon_framework().disputes.all())
    assert len(disputes) == 1
    dispute = disputes[0]
    assert dispute.outcome == DisputeOutcome.SETTLED and dispute.dates_are_illustrative
    assert dispute.raised_by.name == "Ville de Dijon"
    assert [s.kind for s in dispute.steps.all()] == ["letter", "meeting", "proposal"]
    assert dispute.opened_on < dispute.steps.first().date and dispute.closed_on >= dispute.steps.last().date
    actions = {e.action for e in history_for(dijon_framework())}
    assert {"convention.dispute_opened", "convention.dispute_closed"} <= actions


def test_askoria_2025_amendment_has_its_four_axes_with_one_late_action(demo, today):
    from partenaria.actionplan.models import Action
    from partenaria.actionplan.selectors import plan_axes

    amendment = Convention.objects.get(
        partnership__title=loader.ASKORIA_PARTNERSHIP, kind=ConventionKind.AMENDMENT
    )
    axes, progress = plan_axes(amendment, today=today)
    assert [a.title[:3] for a in axes] == ["3.1", "3.2", "3.3", "3.4"]
    assert all(a.article and a.article.number == "1" for a in axes)
    actions = [action for axis in axes for action in axis.action_list]
    late = [a.title for a in actions if a.late]
    assert late == ["Faire approuver la convention 2026-2028 par la Commission permanente"]
    assert {a.owner.short_name or a.owner.name for a in actions} >= {"Askoria"}
    assert any(a.status == "abandoned" for a in actions) and 0 < progress < 100
    assert Action.objects.filter(axis__convention=amendment, notes__isnull=False).distinct().count() >= 8


def test_askoria_indicators_run_from_2022_to_2025_with_the_figures_of_the_amendment(demo):
    from partenaria.actionplan.models import IndicatorValue

    convention = Convention.objects.get(title="Convention de partenariat 2022-2024")
    values = IndicatorValue.objects.filter(indicator__convention=convention)
    assert set(values.values_list("year", flat=True)) == {2022, 2023, 2024, 2025}
    internships = values.get(indicator__name__startswith="Stages longs", year=2025)
    assert internships.target == 19 and "Avenant 2025" in internships.comment
    assert values.get(indicator__name="dont stages gratifiés", year=2025).target == 15
    assert values.get(indicator__name__contains="socio-sport", year=2025).target == 50
    # What the sources do not give is flagged.
    assert values.filter(is_illustrative=True).exists()
    assert not values.filter(is_illustrative=False).exclude(comment__icontains="avenant").exists()


def test_haut_rhin_plan_follows_the_three_domains_of_article_one(demo, today):
    from partenaria.actionplan.selectors import plan_axes

    convention = Convention.objects.get(partnership__title=loader.HAUT_RHIN_PARTNERSHIP)
    axes, _progress = plan_axes(convention, today=today)
    assert len(axes) == 3 and all(axis.action_list for axis in axes)
    assert all(a.due_date <= convention.end_date for axis in axes for a in axis.action_list if a.due_date)


def test_internships_of_the_demo_give_19_long_of_which_15_gratified_in_2025(demo):
    from partenaria.internships import selectors
    from partenaria.internships.models import Campaign, HostSite, SectorContact

    askoria = Campaign.objects.get(school__name="Askoria", school_year=2024)
    counts = selectors.year_counts(askoria.host_id, 2024)
    assert (counts.placements, counts.long, counts.gratified) == (19, 19, 15)
    assert set(counts.by_diploma) == {"ASS", "ES", "CESF"}
    # Dijon: the sites qualifiants of the Ville de Dijon, the North and South sector coordinators.
    early = HostSite.objects.get(unit__name="Direction de la petite enfance")
    roles = set(SectorContact.objects.filter(site=early).values_list("role", flat=True))
    assert roles == {"Coordinatrice secteur Nord", "Coordinatrice secteur Sud"}
    social = HostSite.objects.get(unit__name="Direction action sociale")
    assert social.convention.kind == ConventionKind.HOST_SITE
    irtess = Campaign.objects.get(school__short_name="IRTESS", host__name="Ville de Dijon")
    assert irtess.placements.count() == 2 and irtess.offers.count() == 3
    assert Campaign.objects.filter(school__short_name="ISSM", host__short_name="Haut-Rhin").exists()


def test_an_askoria_intern_is_followed_up_and_the_departement_trained_its_tutors(demo):
    from partenaria.internships.models import Placement, TrainingSession, Tutor

    followed = Placement.objects.get(visits__isnull=False)
    assert followed.campaign.school.name == "Askoria"
    visit = followed.visits.get()
    assert (visit.kind, visit.held_on) == ("on_site", datetime.date(2025, 2, 12))
    evaluation = followed.evaluations.get()
    assert evaluation.submitted_at is not None and evaluation.appreciation
    assert evaluation.lines.count() > 0
    session = TrainingSession.objects.get(organiser__short_name="Ille-et-Vilaine")
    assert session.attendances.count() == 5
    trained = Tutor.objects.with_training().filter(site__organisation=session.organiser)
    assert sum(t.trained_on == session.held_on for t in trained) == 5
    assert any(t.trained_on is None for t in trained)  # flagged on the site page


def test_askoria_research_has_its_four_topics_targets_and_the_2025_exploratory_research(demo):
    from partenaria.research.models import ResearchProject

    projects = ResearchProject.objects.filter(partnership__title=loader.ASKORIA_PARTNERSHIP)
    framed = projects.filter(convention__title="Convention de partenariat 2022-2024")
    assert framed.count() == 4
    assert projects.filter(status="closed").exclude(synthesis="").count() == 2
    targets = {t.category: (t.planned_min, t.planned_max) for p in framed for t in p.targets.all()}
    assert targets["Entretiens croisés jeunes/parents/professionnels"] == (20, 25)
    assert targets["Entretiens biographiques"] == (25, 30)
    exploratory = projects.get(title__startswith="Vulnérabilités et transition écologique")
    synthesis = exploratory.deliverables.get(kind="synthesis")
    assert synthesis.due_date == datetime.date(2025, 12, 1) and synthesis.status == "accepted"
    assert exploratory.deliverables.filter(kind="literature_review", status="accepted").exists()
    assert {"Région", "État", "ADEME", "MIRE/INTS/CNAF", "FAS", "TiLab"} <= set(
        exploratory.funders.values_list("funder", flat=True)
    )


def test_askoria_money_is_55000_a_year_and_the_5000_paid_after_the_synthesis(demo):
    from decimal import Decimal

    from partenaria.finance.models import ConditionalContribution, Subsidy
    from partenaria.finance.selectors import money_by_convention

    convention = Convention.objects.get(
        partnership__title=loader.ASKORIA_PARTNERSHIP, title="Convention de partenariat 2022-2024"
    )
    lines = money_by_convention([convention.pk])[convention.pk]
    assert [(line.year, line.forecast, line.paid) for line in lines] == [
        (year, Decimal("55000.00"), Decimal("55000.00")) for year in (2022, 2023, 2024)
    ]
    assert Subsidy.objects.filter(convention=convention).count() == 3
    contribution = ConditionalContribution.objects.get(amount=Decimal("5000.00"))
    assert contribution.cost_share == Decimal("50.00")
    assert contribution.paid_on > contribution.deliverable.reviewed_on


def test_haut_rhin_premises_are_valued_in_kind_and_dijon_asked_for_a_study(demo):
    from partenaria.finance.models import InKindContribution
    from partenaria.research.models import StudyRequest

    premises = InKindContribution.objects.filter(convention__partnership__title=loader.HAUT_RHIN_PARTNERSHIP)
    assert premises.count() == 3 and all(p.since.year == 1993 and p.is_illustrative for p in premises)
    study = StudyRequest.objects.get(partnership__title=loader.DIJON_PARTNERSHIP)
    assert study.kind == "diagnosis" and study.status == "accepted"
