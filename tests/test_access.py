"""Default deny and tenant isolation over every route (trust.md 1-3, issue 2 item 9).

Every URL pattern of the product must be declared below, in exactly one family:
- PUBLIC: reachable without an account;
- OBJECT_ROUTES: routes aimed at one object, each with how to build its kwargs for partnership B's
  objects; a user of partnership A gets 404 on each of them, GET and POST, and B is unchanged;
- OWN_ROUTES: routes without an object in the URL (lists, exports, dashboards): A's answer never
  contains B's canary string;
- admin and API routes are checked by their own tests (tests/organisations, tests/api).
A new route that is not declared makes test_every_route_is_declared fail.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partenaria.actionplan.models import Action, Axis, Indicator, IndicatorValue, ProgressNote
from partenaria.conventions.models import (
    AmendmentChange,
    ApprovalStep,
    ChangeKind,
    Convention,
    ConventionKind,
    Denunciation,
    Dispute,
    DisputeStep,
    NoticeForm,
    Partnership,
)
from partenaria.core.models import AuditEvent
from partenaria.documents.models import GeneratedDocument
from partenaria.organisations.models import Membership, Organisation, Person, Role, Unit
from partenaria.reports.models import ProgressReport, ReportRule
from tests.actionplan.factories import b_action_plan
from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    ConventionFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    UnitFactory,
    officer_of,
)
from tests.internships.factories import internship_models, world_b_internships
from tests.teaching.factories import teaching_models, world_b_teaching

CANARY = "CANARY-B"

PUBLIC = {
    "core:accessibility",
    "core:legal",
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "set_language",
}

# Reachable without a session, guarded by a secret in the URL instead.
TOKEN_ROUTES = {
    "deadlines:feed": lambda w: {"token": "not-a-real-token-" + "x" * 20},
    # Events (EV1, EV4): a public registration link shows its one event, a cancellation link its one
    # registration, the feeds their owner's events and news; a guessed token finds nothing.
    "events:public_register": lambda w: {"token": "not-a-real-token-" + "x" * 20},
    "events:cancel": lambda w: {"token": "not-a-real-token-" + "x" * 20},
    "events:feed_news": lambda w: {"token": "not-a-real-token-" + "x" * 20},
    "events:feed_ics": lambda w: {"token": "not-a-real-token-" + "x" * 20},
    "internships:evaluation_fill": lambda w: {"token": "not-a-real-token:" + "x" * 27},
}


def b_deadline_key(w):
    from partenaria.deadlines import engine

    today = datetime.date.today()
    deadlines = engine.for_user(w.officer, today=today, until=today + datetime.timedelta(days=3 * 365))
    return {"key": deadlines[0].key}


# name -> kwargs pointing at B's objects (w is the world of partnership B). Acts are aimed at objects
# in a state where they would succeed, so that a missing check would show as a change in B's data.
OBJECT_ROUTES = {
    # partnerships and conventions
    "conventions:partnership_detail": lambda w: {"pk": w.partnership.pk},
    "conventions:convention_create": lambda w: {"pk": w.partnership.pk},
    "conventions:convention_detail": lambda w: {"pk": w.convention.pk},
    "conventions:convention_edit": lambda w: {"pk": w.draft.pk},
    "conventions:convention_submit": lambda w: {"pk": w.draft.pk},
    "conventions:convention_return_to_draft": lambda w: {"pk": w.in_approval.pk},
    "conventions:convention_sign": lambda w: {"pk": w.in_approval.pk},
    "conventions:convention_supersede": lambda w: {"pk": w.convention.pk},
    "conventions:convention_denounce": lambda w: {"pk": w.convention.pk},
    # content of a convention
    "conventions:content_tab": lambda w: {"pk": w.draft.pk},
    "conventions:parties_tab": lambda w: {"pk": w.draft.pk},
    "conventions:approval_tab": lambda w: {"pk": w.draft.pk},
    "conventions:amendments_tab": lambda w: {"pk": w.convention.pk},
    "conventions:article_add": lambda w: {"pk": w.draft.pk},
    "conventions:article_detail": lambda w: {"pk": w.draft.pk, "article_pk": w.article.pk},
    "conventions:article_edit": lambda w: {"pk": w.draft.pk, "article_pk": w.article.pk},
    "conventions:article_delete": lambda w: {"pk": w.draft.pk, "article_pk": w.article.pk},
    "conventions:article_move": lambda w: {"pk": w.draft.pk, "article_pk": w.article.pk},
    "conventions:commitment_add": lambda w: {"pk": w.draft.pk, "article_pk": w.article.pk},
    "conventions:commitment_edit": lambda w: {"pk": w.draft.pk, "commitment_pk": w.commitment.pk},
    "conventions:commitment_delete": lambda w: {"pk": w.draft.pk, "commitment_pk": w.commitment.pk},
    "conventions:commitment_fulfil": lambda w: {
        "pk": w.convention.pk,
        "commitment_pk": w.signed_commitment.pk,
    },
    "conventions:party_add": lambda w: {"pk": w.draft.pk},
    "conventions:party_edit": lambda w: {"pk": w.draft.pk, "party_pk": w.party.pk},
    "conventions:party_delete": lambda w: {"pk": w.draft.pk, "party_pk": w.party.pk},
    "conventions:approval_step_add": lambda w: {"pk": w.draft.pk},
    "conventions:approval_step_edit": lambda w: {"pk": w.draft.pk, "step_pk": w.step.pk},
    "conventions:approval_step_delete": lambda w: {"pk": w.draft.pk, "step_pk": w.step.pk},
    "conventions:amendment_draft": lambda w: {"pk": w.convention.pk},
    # disputes (CV9)
    "conventions:dispute_open": lambda w: {"pk": w.convention.pk},
    "conventions:dispute_detail": lambda w: {"pk": w.convention.pk, "dispute_pk": w.dispute.pk},
    "conventions:dispute_edit": lambda w: {"pk": w.convention.pk, "dispute_pk": w.dispute.pk},
    "conventions:dispute_step_add": lambda w: {"pk": w.convention.pk, "dispute_pk": w.dispute.pk},
    "conventions:dispute_close": lambda w: {"pk": w.convention.pk, "dispute_pk": w.dispute.pk},
    # generated documents (CV10)
    "documents:generate": lambda w: {"kind": "convention", "target_pk": w.convention.pk, "fmt": "docx"},
    "documents:download": lambda w: {"pk": w.document.pk},
    # organisations
    "organisations:detail": lambda w: {"pk": w.organisation.pk},
    "organisations:edit": lambda w: {"pk": w.organisation.pk},
    "organisations:logo": lambda w: {"pk": w.organisation.pk},
    "organisations:unit_create": lambda w: {"pk": w.organisation.pk},
    "organisations:unit_edit": lambda w: {"pk": w.organisation.pk, "unit_pk": w.unit.pk},
    "organisations:unit_delete": lambda w: {"pk": w.organisation.pk, "unit_pk": w.unit.pk},
    "organisations:person_create": lambda w: {"pk": w.organisation.pk},
    "organisations:person_edit": lambda w: {"pk": w.organisation.pk, "person_pk": w.person.pk},
    "core:person_data_export": lambda w: {"pk": w.organisation.pk, "person_pk": w.person.pk, "fmt": "json"},
    "core:person_erase": lambda w: {"pk": w.organisation.pk, "person_pk": w.person.pk},
    "research:research_export_xlsx": lambda w: {"pk": w.partnership.pk},
    "organisations:members": lambda w: {"pk": w.organisation.pk},
    "organisations:member_invite": lambda w: {"pk": w.organisation.pk},
    "organisations:member_role": lambda w: {"pk": w.organisation.pk, "membership_pk": w.membership.pk},
    "organisations:member_deactivate": lambda w: {"pk": w.organisation.pk, "membership_pk": w.membership.pk},
    # deadlines
    "deadlines:ics": b_deadline_key,
    # progress reports
    "reports:convention": lambda w: {"pk": w.convention.pk},
    "reports:rule_edit": lambda w: {"pk": w.convention.pk},
    "reports:detail": lambda w: {"pk": w.convention.pk, "year": w.report.year},
    "reports:open": lambda w: {"pk": w.convention.pk, "year": w.report.year - 1},
    "reports:foreword": lambda w: {"pk": w.convention.pk, "year": w.report.year},
    "reports:send": lambda w: {"pk": w.convention.pk, "year": w.report.year},
    # action plan and indicators
    "actionplan:plan": lambda w: {"pk": w.convention.pk},
    "actionplan:axis_add": lambda w: {"pk": w.convention.pk},
    "actionplan:axis_edit": lambda w: {"pk": w.convention.pk, "axis_pk": w.plan.axis.pk},
    "actionplan:axis_delete": lambda w: {"pk": w.convention.pk, "axis_pk": w.plan.empty_axis.pk},
    "actionplan:axis_move": lambda w: {"pk": w.convention.pk, "axis_pk": w.plan.empty_axis.pk},
    "actionplan:action_add": lambda w: {"pk": w.convention.pk, "axis_pk": w.plan.axis.pk},
    "actionplan:action_edit": lambda w: {"pk": w.convention.pk, "action_pk": w.plan.action.pk},
    "actionplan:action_delete": lambda w: {"pk": w.convention.pk, "action_pk": w.plan.action.pk},
    "actionplan:note_add": lambda w: {"pk": w.convention.pk, "action_pk": w.plan.action.pk},
    "actionplan:note_edit": lambda w: {"pk": w.convention.pk, "note_pk": w.plan.note.pk},
    "actionplan:indicators": lambda w: {"pk": w.convention.pk},
    "actionplan:indicator_add": lambda w: {"pk": w.convention.pk},
    "actionplan:indicator_edit": lambda w: {"pk": w.convention.pk, "indicator_pk": w.plan.indicator.pk},
    "actionplan:indicator_delete": lambda w: {"pk": w.convention.pk, "indicator_pk": w.plan.indicator.pk},
    "actionplan:value_add": lambda w: {"pk": w.convention.pk, "indicator_pk": w.plan.indicator.pk},
    "actionplan:value_edit": lambda w: {"pk": w.convention.pk, "value_pk": w.plan.value.pk},
    "actionplan:value_delete": lambda w: {"pk": w.convention.pk, "value_pk": w.plan.value.pk},
    # governance
    "governance:partnership_bodies": lambda w: {"pk": w.partnership.pk},
    "governance:body_create": lambda w: {"pk": w.partnership.pk},
    "governance:representation_add": lambda w: {"pk": w.partnership.pk},
    "governance:representation_edit": lambda w: {"pk": w.gov.representation.pk},
    "governance:body_detail": lambda w: {"pk": w.gov.body.pk},
    "governance:body_edit": lambda w: {"pk": w.gov.body.pk},
    "governance:commitment_take_over": lambda w: {"pk": w.gov.body.pk},
    "governance:rule_add": lambda w: {"pk": w.gov.body.pk},
    "governance:rule_edit": lambda w: {"pk": w.gov.rule.pk},
    "governance:rule_delete": lambda w: {"pk": w.gov.rule.pk},
    "governance:seat_add": lambda w: {"pk": w.gov.body.pk},
    "governance:seat_edit": lambda w: {"pk": w.gov.seat.pk},
    "governance:meeting_create": lambda w: {"pk": w.gov.body.pk},
    "governance:meeting_detail": lambda w: {"pk": w.gov.meeting.pk},
    "governance:meeting_edit": lambda w: {"pk": w.gov.meeting.pk},
    "governance:meeting_ics": lambda w: {"pk": w.gov.meeting.pk},
    "governance:meeting_invite": lambda w: {"pk": w.gov.meeting.pk},
    "governance:meeting_attendance": lambda w: {"pk": w.gov.meeting.pk},
    "governance:meeting_minutes": lambda w: {"pk": w.gov.meeting.pk},
    "governance:decision_add": lambda w: {"pk": w.gov.meeting.pk},
    "governance:action_add": lambda w: {"pk": w.gov.meeting.pk},
    "governance:action_done": lambda w: {"pk": w.gov.action.pk},
    # internships
    "internships:site_list": lambda w: {"org_pk": w.organisation.pk},
    "internships:site_create": lambda w: {"org_pk": w.organisation.pk},
    "internships:site_detail": lambda w: {"site_pk": w.stages.site.pk},
    "internships:site_edit": lambda w: {"site_pk": w.stages.site.pk},
    "internships:site_diploma": lambda w: {"site_pk": w.stages.site.pk},
    "internships:tutor_add": lambda w: {"site_pk": w.stages.site.pk},
    "internships:contact_add": lambda w: {"site_pk": w.stages.site.pk},
    "internships:campaign_detail": lambda w: {"campaign_pk": w.stages.campaign.pk},
    "internships:request_add": lambda w: {"campaign_pk": w.stages.campaign.pk},
    "internships:offer_add": lambda w: {"campaign_pk": w.stages.campaign.pk},
    "internships:student_add": lambda w: {"campaign_pk": w.stages.campaign.pk},
    "internships:application_add": lambda w: {"campaign_pk": w.stages.campaign.pk},
    "internships:application_decide": lambda w: {"application_pk": w.stages.transmitted.pk},
    "internships:placement_create": lambda w: {"application_pk": w.stages.accepted.pk},
    "internships:placement_detail": lambda w: {"placement_pk": w.stages.placement.pk},
    "internships:placement_amend": lambda w: {"placement_pk": w.stages.placement.pk},
    "internships:visit_plan": lambda w: {"placement_pk": w.stages.placement.pk},
    "internships:visit_record": lambda w: {"visit_pk": w.stages.visit.pk},
    "internships:evaluation_send": lambda w: {"placement_pk": w.stages.placement.pk},
    "internships:evaluation_detail": lambda w: {"evaluation_pk": w.stages.evaluation.pk},
    "internships:training_detail": lambda w: {"session_pk": w.stages.session.pk},
    # research (RS1-RS5)
    "research:project_add": lambda w: {"pk": w.partnership.pk},
    "research:project_detail": lambda w: {"pk": w.research.project.pk},
    "research:project_edit": lambda w: {"pk": w.research.project.pk},
    "research:project_move": lambda w: {"pk": w.research.project.pk},
    "research:team_add": lambda w: {"pk": w.research.project.pk},
    "research:target_add": lambda w: {"pk": w.research.project.pk},
    "research:target_edit": lambda w: {"pk": w.research.project.pk, "target_pk": w.research.target.pk},
    "research:deliverable_add": lambda w: {"pk": w.research.project.pk},
    "research:deliverable_edit": lambda w: {
        "pk": w.research.project.pk,
        "deliverable_pk": w.research.deliverable.pk,
    },
    "research:deliverable_submit": lambda w: {
        "pk": w.research.project.pk,
        "deliverable_pk": w.research.deliverable.pk,
    },
    "research:deliverable_file": lambda w: {
        "pk": w.research.project.pk,
        "deliverable_pk": w.research.deliverable.pk,
    },
    "research:deliverable_review": lambda w: {
        "pk": w.research.project.pk,
        "deliverable_pk": w.research.deliverable.pk,
    },
    "research:valorisation_add": lambda w: {"pk": w.research.project.pk},
    "research:funder_add": lambda w: {"pk": w.research.project.pk},
    "research:funder_edit": lambda w: {"pk": w.research.project.pk, "funder_pk": w.research.funder.pk},
    "research:study_add": lambda w: {"pk": w.partnership.pk},
    "research:study_detail": lambda w: {"pk": w.research.study.pk},
    "research:study_move": lambda w: {"pk": w.research.study.pk, "move": "quote"},
    # money (FN1, FN2, FN4)
    "finance:convention": lambda w: {"pk": w.convention.pk},
    "finance:subsidy_add": lambda w: {"pk": w.convention.pk},
    "finance:commitment_add": lambda w: {"pk": w.convention.pk},
    "finance:payment_add": lambda w: {"pk": w.convention.pk},
    "finance:conditional_add": lambda w: {"pk": w.convention.pk},
    "finance:conditional_pay": lambda w: {
        "pk": w.convention.pk,
        "contribution_pk": w.research.contribution.pk,
    },
    "finance:in_kind_add": lambda w: {"pk": w.convention.pk},
    # teaching cooperation (PD1-PD3)
    "teaching:intervention_create": lambda w: {"pk": w.partnership.pk},
    "teaching:intervention_detail": lambda w: {"pk": w.teaching.planned.pk},
    "teaching:intervention_edit": lambda w: {"pk": w.teaching.planned.pk},
    "teaching:intervention_request": lambda w: {"pk": w.teaching.planned.pk},
    "teaching:intervention_decide": lambda w: {"pk": w.teaching.requested.pk},
    "teaching:intervention_confirm": lambda w: {"pk": w.teaching.approved.pk},
    "teaching:intervention_cancel": lambda w: {"pk": w.teaching.planned.pk},
    "teaching:programme_duty": lambda w: {"pk": w.convention.pk},
    "teaching:job_offer_create": lambda w: {"pk": w.partnership.pk},
    "teaching:job_offer_relay": lambda w: {"pk": w.teaching.offer.pk},
    "teaching:documentation_register": lambda w: {"pk": w.partnership.pk},
    "teaching:documentation_withdraw": lambda w: {"pk": w.teaching.access.pk},
    "teaching:qualification_create": lambda w: {"pk": w.partnership.pk},
    "teaching:qualification_status": lambda w: {"pk": w.teaching.action.pk},
    "teaching:speaker_create": lambda w: {"pk": w.partnership.pk},
    "teaching:speaker_detail": lambda w: {"pk": w.teaching.speaker.pk},
    "teaching:programme": lambda w: {
        "partnership_pk": w.partnership.pk,
        "year": w.teaching.programme.school_year,
    },
    "teaching:programme_send": lambda w: {
        "partnership_pk": w.partnership.pk,
        "year": w.teaching.programme.school_year,
    },
    # rooms (EV2, FN3)
    "rooms:organisation": lambda w: {"org_pk": w.organisation.pk},
    "rooms:room_create": lambda w: {"org_pk": w.organisation.pk},
    "rooms:quota_add": lambda w: {"org_pk": w.organisation.pk},
    "rooms:room_detail": lambda w: {"pk": w.rooms.room.pk},
    "rooms:room_edit": lambda w: {"pk": w.rooms.room.pk},
    "rooms:book": lambda w: {"pk": w.rooms.room.pk},
    "rooms:book_preview": lambda w: {"pk": w.rooms.room.pk},
    "rooms:booking_detail": lambda w: {"pk": w.rooms.booking.pk},
    "rooms:booking_confirm": lambda w: {"pk": w.rooms.booking.pk},
    "rooms:booking_cancel": lambda w: {"pk": w.rooms.booking.pk},
    # European projects (EU1-EU4, EU6). B's partner search is closed: a published one is read by every
    # organisation, which tests/europe/test_views.py checks (its content only, never the partnership's).
    "europe:project_create": lambda w: {"partnership_pk": w.partnership.pk},
    "europe:project_detail": lambda w: {"pk": w.europe.project.pk},
    "europe:project_edit": lambda w: {"pk": w.europe.project.pk},
    "europe:partner_edit": lambda w: {"pk": w.europe.project.pk, "org_pk": w.school.pk},
    "europe:search_edit": lambda w: {"pk": w.europe.project.pk},
    "europe:search_detail": lambda w: {"pk": w.europe.search.pk},
    "europe:search_publish": lambda w: {"pk": w.europe.search.pk},
    "europe:search_close": lambda w: {"pk": w.europe.search.pk},
    "europe:answer_decide": lambda w: {"pk": w.europe.answer.pk},
    "europe:mobility_add": lambda w: {"pk": w.europe.project.pk},
    "europe:mobility_detail": lambda w: {"pk": w.europe.mobility.pk},
    "europe:participant_remove": lambda w: {
        "pk": w.europe.mobility.pk,
        "participant_pk": w.europe.participant.pk,
    },
    "europe:deliverables": lambda w: {"pk": w.europe.project.pk},
    "europe:job_profile_add": lambda w: {"pk": w.europe.project.pk},
    "europe:training_add": lambda w: {"pk": w.europe.project.pk},
    "europe:deliverables_export": lambda w: {"pk": w.europe.project.pk},
    # events (EV1, EV3)
    "events:detail": lambda w: {"pk": w.events.event.pk},
    "events:edit": lambda w: {"pk": w.events.event.pk},
    "events:quota_add": lambda w: {"pk": w.events.event.pk},
    "events:quota_edit": lambda w: {"pk": w.events.event.pk, "quota_pk": w.events.quota.pk},
    "events:session_add": lambda w: {"pk": w.events.event.pk},
    "events:ics": lambda w: {"pk": w.events.event.pk},
    "events:register": lambda w: {"pk": w.events.event.pk},
    "events:registrations": lambda w: {"pk": w.events.event.pk},
    "events:attendance_xlsx": lambda w: {"pk": w.events.event.pk},
    "events:attendance_pdf": lambda w: {"pk": w.events.event.pk},
    "events:check_in": lambda w: {"pk": w.events.event.pk, "registration_pk": w.events.registration.pk},
    "events:registration_cancel": lambda w: {
        "pk": w.events.event.pk,
        "registration_pk": w.events.registration.pk,
    },
    # the allocation assistant (IN9)
    "allocation:assistant": lambda w: {"campaign_pk": w.stages.campaign.pk},
    "allocation:run": lambda w: {"campaign_pk": w.stages.campaign.pk},
    "allocation:accept": lambda w: {"campaign_pk": w.stages.campaign.pk},
    "allocation:export_problem": lambda w: {"campaign_pk": w.stages.campaign.pk},
    "allocation:export_result": lambda w: {"campaign_pk": w.stages.campaign.pk},
    "allocation:student_wishes": lambda w: {
        "campaign_pk": w.stages.campaign.pk,
        "student_pk": w.stages.transmitted.student.pk,
    },
    "allocation:site_location": lambda w: {"campaign_pk": w.stages.campaign.pk, "site_pk": w.stages.site.pk},
    "allocation:lock": lambda w: {
        "campaign_pk": w.stages.campaign.pk,
        "student_pk": w.stages.transmitted.student.pk,
    },
    "allocation:unlock": lambda w: {
        "campaign_pk": w.stages.campaign.pk,
        "student_pk": w.stages.transmitted.student.pk,
    },
}

OWN_ROUTES = {
    "dashboard:home",
    "organisations:list",
    "organisations:create",
    "conventions:partnership_list",
    "conventions:partnership_create",
    "conventions:convention_list",
    "conventions:convention_export_csv",
    "conventions:convention_export_xlsx",
    "deadlines:list",
    "deadlines:export",
    "deadlines:regenerate_token",
    "actionplan:action_list",
    "actionplan:action_export_csv",
    "actionplan:action_export_xlsx",
    "governance:body_list",
    "governance:body_export_csv",
    "governance:body_export_xlsx",
    "accounts:logout",
    "accounts:switch_organisation",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:account",
    "accounts:my_data",
    "accounts:my_data_json",
    "accounts:my_data_zip",
    "accounts:erasure_request",
    "core:erasure_requests",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "accounts:two_factor_disable",
    "accounts:recovery_codes_renew",
    "internships:index",
    "internships:my_records",
    "internships:placement_list",
    "internships:campaign_create",
    "internships:training_list",
    "internships:training_create",
    "internships:export_placements",
    "internships:export_gratifications",
    "internships:export_statistics",
    "research:project_list",
    "research:study_list",
    "finance:overview",
    "finance:scdl_export",
    "finance:budget_export",
    "finance:payments_export",
    "rooms:index",
    "rooms:my_bookings",
    "rooms:billing",
    "rooms:billing_export",
    "teaching:index",
    "teaching:job_offers",
    "teaching:documentation",
    "teaching:qualifications",
    "teaching:speakers",
    "events:list",
    "events:create",
    "events:news",
    "events:news_add",
    "europe:index",
}
# Own routes that act on the person's own data only (POST); reading them is not meaningful.
OWN_ACTS = {
    "accounts:logout",
    "accounts:switch_organisation",
    "deadlines:regenerate_token",
    "accounts:erasure_request",
    # POST only, or a redirect once the second factor is given.
    "accounts:recovery_codes_renew",
    "accounts:two_factor_verify",
}


def iter_routes(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from iter_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, str(pattern.pattern)


def is_checked_elsewhere(name):
    return name is not None and (name.startswith("admin:") or name.startswith("api-1:"))


def test_every_route_is_declared():
    undeclared = sorted(
        f"{name} ({route})"
        for name, route in iter_routes()
        if not is_checked_elsewhere(name)
        and name not in PUBLIC | set(OBJECT_ROUTES) | OWN_ROUTES | set(TOKEN_ROUTES)
    )
    assert not undeclared, "Routes without an access rule in tests/test_access.py: " + ", ".join(undeclared)


def build_world_b():
    """Partnership B with one object of every kind, its titles carrying the canary."""
    # Organisation names are public reference data (a partnership is started by picking a new partner
    # among all organisations): the canary goes into what is private to B.
    dept, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    partnership = PartnershipFactory(members=[dept, school], title=f"Partenariat {CANARY}")
    convention = ConventionFactory(
        partnership=partnership, title=f"Convention {CANARY}", tacit_renewal_4_months=True
    )
    draft = ConventionFactory(partnership=partnership, title=f"Brouillon {CANARY}", draft=True)
    in_approval = ConventionFactory(partnership=partnership, title=f"En approbation {CANARY}", draft=True)
    ArticleFactory(convention=in_approval)
    in_approval.status = "in_approval"
    in_approval.save()
    article = ArticleFactory(convention=draft, title=f"Article {CANARY}")
    signed_article = ArticleFactory(convention=convention, title=f"Article signé {CANARY}")
    commitment = CommitmentFactory(convention=draft, article=article, description=f"Engagement {CANARY}")
    signed_commitment = CommitmentFactory(convention=convention, article=signed_article)
    step = ApprovalStep.objects.create(
        convention=draft, organisation=dept, kind="report", reference=f"CP-{CANARY}"
    )
    amendment = ConventionFactory(
        partnership=partnership,
        kind=ConventionKind.AMENDMENT,
        parent=convention,
        title=f"Avenant {CANARY}",
        draft=True,
    )
    change = AmendmentChange.objects.create(amendment=amendment, kind=ChangeKind.TERM_EXTENSION, months=12)
    denunciation = Denunciation.objects.create(
        convention=convention,
        party=dept,
        form=NoticeForm.REGISTERED_LETTER,
        sent_on=datetime.date(2020, 1, 2),
        received_on=datetime.date(2020, 1, 5),
        takes_effect_on=datetime.date(2030, 1, 1),
        is_accepted=False,
    )
    ReportRule.objects.create(convention=convention, lead_months=1, quarter=4)
    report = ProgressReport.objects.create(
        convention=convention, year=datetime.date.today().year, foreword=f"Avant-propos {CANARY}"
    )
    unit = UnitFactory(organisation=dept, name=f"Direction {CANARY}")
    person = PersonFactory(organisation=dept, unit=unit, last_name=CANARY)
    officer = officer_of(dept, role=Role.ADMIN, last_name=CANARY)
    dispute = Dispute.objects.create(
        convention=convention,
        opened_on=convention.signature_date,
        raised_by=dept,
        subject=f"Différend {CANARY}",
    )
    document = GeneratedDocument(
        partnership=partnership,
        target_type=ContentType.objects.get_for_model(Convention),
        target_id=convention.pk,
        kind="convention",
        fmt="docx",
        version=1,
        title=convention.title,
        sha256="0" * 64,
        size=len(CANARY),
    )
    document.file.save("b.docx", ContentFile(CANARY.encode()), save=True)
    plan = b_action_plan(convention, CANARY)
    gov = build_governance_b(partnership, dept, person)
    stages = world_b_internships(partnership=partnership, host=dept, school=school, unit=unit, canary=CANARY)
    build_allocation_b(stages)
    research = build_research_b(convention, dept, school)
    rooms = build_rooms_b(convention, dept, school)
    events = build_events_b(partnership, dept, school)
    europe = build_europe_b(partnership, dept, school, person)
    teaching = world_b_teaching(
        partnership=partnership,
        convention=convention,
        host=dept,
        school=school,
        site=stages.site,
        canary=CANARY,
    )
    return SimpleNamespace(
        europe=europe,
        teaching=teaching,
        rooms=rooms,
        events=events,
        plan=plan,
        gov=gov,
        stages=stages,
        research=research,
        organisation=dept,
        school=school,
        partnership=partnership,
        convention=convention,
        draft=draft,
        in_approval=in_approval,
        article=article,
        signed_article=signed_article,
        commitment=commitment,
        signed_commitment=signed_commitment,
        party=draft.parties.first(),
        step=step,
        amendment=amendment,
        change=change,
        denunciation=denunciation,
        report=report,
        unit=unit,
        person=person,
        officer=officer,
        membership=Membership.objects.get(user=officer),
        dispute=dispute,
        document=document,
    )


def build_governance_b(partnership, dept, person):
    """B's bodies, seats, meetings and representations (GV1-GV5), in a state where acts would succeed."""
    from partenaria.governance.models import Action, Body, CompositionRule, Meeting, Representation, Seat

    body = Body.objects.create(partnership=partnership, kind="steering_committee", name=f"Comité {CANARY}")
    rule = CompositionRule.objects.create(body=body, role=f"Élu {CANARY}", organisation=dept)
    person.email = "canary-b@example.test"
    person.save()
    seat = Seat.objects.create(body=body, person=person, rule=rule)
    starts = datetime.datetime(2030, 3, 1, 14, tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(body=body, starts_at=starts, place=f"Salle {CANARY}")
    action = Action.objects.create(
        meeting=meeting, text=f"Action {CANARY}", owner_organisation=dept, due_on=starts.date()
    )
    representation = Representation.objects.create(
        partnership=partnership,
        host=dept,
        represented=partnership.members.exclude(organisation=dept).get().organisation,
        body_name=f"Assemblée {CANARY}",
    )
    return SimpleNamespace(
        body=body, rule=rule, seat=seat, meeting=meeting, action=action, representation=representation
    )


def governance_models():
    from partenaria.governance import models as governance

    return [
        governance.Body,
        governance.CompositionRule,
        governance.Seat,
        governance.Meeting,
        governance.AgendaItem,
        governance.Attendance,
        governance.Decision,
        governance.Action,
        governance.Representation,
    ]


def build_research_b(convention, dept, school):
    """B's research with a submitted deliverable (a file), a target, a funder, a study request, and money."""
    from decimal import Decimal

    from django.core.files.base import ContentFile

    from partenaria.finance.models import ConditionalContribution, FundingCommitment, Subsidy
    from partenaria.research.models import (
        Deliverable,
        FunderApplication,
        MethodTarget,
        ResearchProject,
        StudyRequest,
    )

    project = ResearchProject.objects.create(
        partnership=convention.partnership,
        convention=convention,
        title=f"Recherche {CANARY}",
        status="running",
    )
    deliverable = Deliverable.objects.create(
        project=project,
        kind="synthesis",
        title=f"Synthèse {CANARY}",
        due_date=convention.start_date + datetime.timedelta(days=300),
        responsible=school,
        status="submitted",
        file_name="synthese.pdf",
        content_type="application/pdf",
    )
    deliverable.file.save("x.pdf", ContentFile(f"%PDF-1.7 {CANARY}".encode()), save=True)
    subsidy = Subsidy.objects.create(
        convention=convention,
        payer=dept,
        beneficiary=school,
        year=convention.start_date.year,
        forecast=Decimal("55000"),
        purpose=f"Subvention {CANARY}",
    )
    FundingCommitment.objects.create(
        subsidy=subsidy, reference=f"CP-{CANARY}", voted_on=convention.start_date, amount=Decimal("55000")
    )
    return SimpleNamespace(
        project=project,
        deliverable=deliverable,
        target=MethodTarget.objects.create(project=project, category=CANARY, planned_min=20, planned_max=25),
        funder=FunderApplication.objects.create(project=project, funder=f"Financeur {CANARY}"),
        study=StudyRequest.objects.create(
            partnership=convention.partnership,
            requester=dept,
            provider=school,
            kind="diagnosis",
            subject=f"Étude {CANARY}",
            requested_on=convention.start_date,
        ),
        contribution=ConditionalContribution.objects.create(
            convention=convention,
            payer=dept,
            beneficiary=school,
            purpose=f"Contribution {CANARY}",
            amount=Decimal("5000"),
            deliverable=deliverable,
            due_by=deliverable.due_date,
        ),
    )


def build_rooms_b(convention, dept, school):
    """A room of B's Département, the quota B's convention grants, and a billed booking of the school
    still to be confirmed (so that a confirmation or a cancellation would succeed)."""
    from partenaria.rooms.models import Booking, InvoiceLine, RoomQuota
    from tests.rooms.factories import RoomFactory, next_weekday

    room = RoomFactory(owner=dept, name=f"Salle {CANARY}")
    RoomQuota.objects.create(convention=convention, owner=dept, free_per_year=0)
    day = next_weekday(2, weeks=2)
    tz = datetime.timezone(datetime.timedelta(hours=1))
    booking = Booking.objects.create(
        room=room,
        convention=convention,
        organisation=school,
        booked_by=officer_of(school),
        start=datetime.datetime.combine(day, datetime.time(9), tz),
        end=datetime.datetime.combine(day, datetime.time(11), tz),
        purpose=f"Réunion {CANARY}",
        attendees=10,
        is_free=False,
        year_start=convention.start_date,
        year_end=convention.start_date.replace(year=convention.start_date.year + 1),
    )
    InvoiceLine.objects.create(
        booking=booking,
        owner=dept,
        customer=school,
        convention=convention,
        day=day,
        minutes=120,
        pricing_unit="booking",
        unit_price=room.price,
        quantity=1,
        amount=room.price,
    )
    return SimpleNamespace(room=room, booking=booking)


def rooms_models():
    from partenaria.rooms import models as rooms

    return [rooms.Room, rooms.RoomQuota, rooms.Booking, rooms.InvoiceLine]


def research_models():
    from partenaria.finance import models as finance
    from partenaria.research import models as research

    return [
        research.ResearchProject,
        research.TeamMember,
        research.MethodTarget,
        research.Deliverable,
        research.ValorisationAction,
        research.FunderApplication,
        research.StudyRequest,
        finance.Subsidy,
        finance.FundingCommitment,
        finance.Payment,
        finance.ConditionalContribution,
        finance.InKindContribution,
    ]


def build_events_b(partnership, dept, school):
    """B's event open to outsiders, with a student quota, a session, a registration, and B's news."""
    from partenaria.events.models import NewsItem
    from tests.events.factories import EventFactory, quota

    event = EventFactory(
        partnership=partnership,
        organiser=dept,
        title=f"Séminaire {CANARY}",
        place=f"Salle {CANARY}",
        public=True,
        quotas={"students": 50},
    )
    event.sessions.create(
        title=f"Atelier {CANARY}", format="world_cafe", starts_at=event.starts_at, ends_at=event.ends_at
    )
    registration = event.registrations.create(
        quota=quota(event),
        status="confirmed",
        first_name="Inscrite",
        last_name=CANARY,
        email="canary-registrant@example.test",
        consent_at=event.created_at,
    )
    quota(event).__class__.objects.filter(pk=registration.quota_id).update(taken=1)
    NewsItem.objects.create(
        publisher=school,
        kind="publication",
        title=f"Actualité {CANARY}",
        summary=CANARY,
        published_on=event.starts_at.date(),
    )
    return SimpleNamespace(event=event, quota=quota(event, "students"), registration=registration)


def events_models():
    from partenaria.events import models as events

    return [events.Event, events.Quota, events.EventSession, events.Registration, events.NewsItem]


def build_europe_b(partnership, dept, school, person):
    """B as a European project coordinated by its Département: the sheet, a closed partner search with
    an answer still to decide, a mobility in the school's country with the Département's person in its
    delegation, a job profile and a training proposal; the canary in what is private to B."""
    from partenaria.conventions.models import PartnershipMember
    from partenaria.europe.models import (
        Delegation,
        EuropeanProject,
        JobProfile,
        Mobility,
        Participant,
        PartnerSearch,
        SearchAnswer,
        TrainingProposal,
    )

    partnership.kind = "european"
    partnership.save(update_fields=["kind"])
    school.country = "Italie"
    school.save(update_fields=["country"])
    project = EuropeanProject.objects.create(
        partnership=partnership,
        coordinator=dept,
        programme=f"Erasmus+ {CANARY}",
        call_deadline=datetime.date.today() + datetime.timedelta(days=40),
        objective=f"Objectif {CANARY}",
        contact=person,
    )
    search = PartnerSearch.objects.create(
        project=project,
        summary=f"Recherche {CANARY}",
        countries=["BE"],
        partner_types=["training"],
        status="closed",
        published_on=datetime.date.today(),
    )
    outsider = OrganisationFactory(country="Belgique", kind="foreign_body")
    answer = SearchAnswer.objects.create(
        search=search, organisation=outsider, partner_type="training", message=f"Réponse {CANARY}"
    )
    mobility = Mobility.objects.create(
        project=project, host=school, host_country="Italie", starts_on=datetime.date(2030, 5, 6)
    )
    delegation = Delegation.objects.create(mobility=mobility, country=dept.country, size=1)
    participant = Participant.objects.create(delegation=delegation, person=person)
    profile = JobProfile.objects.create(
        project=project, family=f"Famille {CANARY}", title="Éducateur", missions="M"
    )
    TrainingProposal.objects.create(
        project=project, kind="initial", title=f"Proposition {CANARY}", proposal="P"
    )
    assert PartnershipMember.objects.filter(partnership=partnership).count() == 2
    return SimpleNamespace(
        project=project,
        search=search,
        answer=answer,
        mobility=mobility,
        participant=participant,
        profile=profile,
    )


def europe_models():
    from partenaria.europe import models as europe

    return [
        europe.EuropeanProject,
        europe.ProjectPartner,
        europe.PartnerSearch,
        europe.SearchAnswer,
        europe.Mobility,
        europe.Delegation,
        europe.Participant,
        europe.JobProfile,
        europe.TrainingProposal,
    ]


def build_allocation_b(stages):
    """B's wishes, lock and run of the allocation assistant (IN9), the canary in the run's results."""
    from partenaria.allocation.models import Lock, Run, Wish

    student = stages.transmitted.student
    Wish.objects.create(student=student, offer=stages.offer, campaign=stages.campaign, rank=1)
    Lock.objects.create(campaign=stages.campaign, student=student, offer=stages.offer)
    Run.objects.create(campaign=stages.campaign, summary={"placed": 1}, results={"note": CANARY})


def allocation_models():
    from partenaria.allocation import models as allocation

    return [
        allocation.StudentProfile,
        allocation.SiteLocation,
        allocation.Wish,
        allocation.Lock,
        allocation.Run,
    ]


def fingerprint():
    """Everything a request could have changed, to compare before and after the walk."""
    models = [
        Organisation,
        Unit,
        Person,
        Membership,
        Partnership,
        Convention,
        ApprovalStep,
        AmendmentChange,
        Denunciation,
        ReportRule,
        ProgressReport,
        Dispute,
        DisputeStep,
        GeneratedDocument,
        Axis,
        Action,
        ProgressNote,
        Indicator,
        IndicatorValue,
        *governance_models(),
        *internship_models(),
        *research_models(),
        *rooms_models(),
        *events_models(),
        *europe_models(),
        *allocation_models(),
        *teaching_models(),
    ]
    state = {m.__name__: sorted(map(repr, m.objects.values_list())) for m in models}
    state["audit"] = AuditEvent.objects.count()
    return state


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # B's generated document
    dept_a, school_a = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    partnership_a = PartnershipFactory(members=[dept_a, school_a], title="Partenariat A")
    convention_a = ConventionFactory(partnership=partnership_a, title="Convention A")
    draft_a = ConventionFactory(partnership=partnership_a, title="Brouillon A", draft=True)
    user_a = officer_of(dept_a, role=Role.ADMIN)
    return SimpleNamespace(
        a=user_a, a_organisation=dept_a, a_convention=convention_a, a_draft=draft_a, b=build_world_b()
    )


@pytest.mark.django_db
def test_anonymous_requests_go_to_the_login_page(client, world):
    for name, builder in [(n, None) for n in OWN_ROUTES] + list(OBJECT_ROUTES.items()):
        url = reverse(name, kwargs=builder(world.b) if builder else None)
        response = client.get(url)
        assert response.status_code in (302, 405), (name, response.status_code)
        if response.status_code == 302:
            assert response.url.startswith(reverse("accounts:login")), (name, response.url)


def assert_refused(client, name, url):
    for method in ("get", "post"):
        response = getattr(client, method)(url, headers={"hx-request": "true"} if method == "get" else {})
        assert response.status_code in (404, 405), f"{method.upper()} {name} {url}: {response.status_code}"
        assert CANARY not in response.content.decode(errors="replace"), (name, method)


@pytest.mark.django_db
def test_a_user_of_another_partnership_gets_404_on_every_object_route(client, world):
    client.force_login(world.a)
    before = fingerprint()
    for name, builder in OBJECT_ROUTES.items():
        assert_refused(client, name, reverse(name, kwargs=builder(world.b)))
    assert fingerprint() == before, "a request of A changed B's data"


@pytest.mark.django_db
def test_an_object_of_another_partnership_cannot_be_reached_through_ones_own(client, world):
    """A's own convention or organisation in the URL, B's article, step, unit... after it: 404."""
    client.force_login(world.a)
    before = fingerprint()
    mixed = 0
    for name, builder in OBJECT_ROUTES.items():
        kwargs = builder(world.b)
        if "pk" not in kwargs or len(kwargs) < 2:
            continue
        if name.startswith("organisations:"):
            kwargs["pk"] = world.a_organisation.pk
        elif kwargs["pk"] == world.b.draft.pk:
            kwargs["pk"] = world.a_draft.pk
        else:
            kwargs["pk"] = world.a_convention.pk
        assert_refused(client, name, reverse(name, kwargs=kwargs))
        mixed += 1
    assert mixed >= 15
    assert fingerprint() == before, "a request of A changed B's data"


@pytest.mark.django_db
def test_lists_and_exports_never_show_another_partnership(client, world):
    client.force_login(world.a)
    for name in sorted(OWN_ROUTES - OWN_ACTS):
        response = client.get(reverse(name))
        assert response.status_code == 200, (name, response.status_code)
        assert CANARY not in readable_text(response), name


def readable_text(response) -> str:
    """The response as text; an XLSX workbook (a zip) by the values of its cells."""
    if response.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ):
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(value) for sheet in book for row in sheet.iter_rows(values_only=True) for value in row
        )
    return response.content.decode(errors="replace")


@pytest.mark.django_db
def test_a_calendar_feed_needs_its_secret_token(client, world):
    for name, builder in TOKEN_ROUTES.items():
        assert client.get(reverse(name, kwargs=builder(world.b))).status_code == 404


@pytest.mark.django_db
def test_switching_to_an_organisation_one_does_not_belong_to_is_refused(client, world):
    client.force_login(world.a)
    response = client.post(reverse("accounts:switch_organisation"), {"organisation": world.b.organisation.pk})
    assert response.status_code == 404


@pytest.mark.django_db
def test_logout_is_a_post(client, world):
    client.force_login(world.a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 302


@pytest.mark.django_db
def test_feeds_of_a_never_carry_b_and_b_s_public_link_shows_only_its_event(client, world):
    """Events (EV1, EV4): A's private feeds hold nothing of B; B's public registration link shows B's
    event, never its registrants, its other events or its partnership."""
    from tests.events.factories import EventFactory

    for name in ("events:feed_ics", "events:feed_news"):
        response = client.get(reverse(name, kwargs={"token": world.a.calendar_token}))
        assert response.status_code == 200, name
        assert CANARY not in response.content.decode(), name
    other = EventFactory(partnership=world.b.partnership, organiser=world.b.organisation, title="Autre-B")
    page = client.get(world.b.events.event.public_url()).content.decode()
    assert world.b.events.event.title in page
    assert (
        "canary-registrant" not in page and other.title not in page and world.b.partnership.title not in page
    )
