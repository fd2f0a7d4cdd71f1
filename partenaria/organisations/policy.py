"""The role x action matrix of the whole product: who may do what, in one table (DP1, trust item 4).

Each app keeps its own predicates in ``<app>/permissions.py`` (they read the user's memberships and
the object); this table is the single statement of the rule they implement. ``tests/test_policy.py``
draws (role, action, own or other partnership) and checks that the real predicate answers exactly as
:func:`allowed` says for the role held in the organisation named by ``Rule.of``, and never for an
object of another partnership. A change of who may do what is made here first, then in the
predicate; the test fails until both agree.

Reading is not in this table: it is the querysets' ``visible_to`` (404 for the wrong tenant).
Superusers, who operate the platform, may do everything and are not listed, except booking a room
or answering a European partner search in an organisation's name (:data:`SUPERUSER_EXCEPTIONS`): a
booking or an answer is made by a person of the organisation.
"""

from dataclasses import dataclass

from .models import Role

ALL_ROLES = frozenset(Role)
# Administrators and partnership officers run their organisation's partnerships.
MANAGERS = frozenset({Role.ADMIN, Role.PARTNERSHIP_OFFICER})
# A host organisation's HR and site referents answer the schools' campaigns with its managers.
HOST_SIDE = MANAGERS | {Role.HR, Role.HOST_REFERENT}
# Everyone but students sees the partnerships of their organisation (DP1).
PARTNERSHIP_READERS = ALL_ROLES - {Role.STUDENT}
# The employer's managers and human-resources service approve their agents' interventions (PD3).
EMPLOYER_APPROVERS = MANAGERS | {Role.HR}
# Everyone who works for a partner books its rooms; students and viewers do not.
BOOKERS = ALL_ROLES - {Role.STUDENT, Role.VIEWER}


@dataclass(frozen=True)
class Rule:
    roles: frozenset
    # Whose role counts: the organisation in which the user must hold one of ``roles``.
    of: str
    predicate: str  # dotted path of the predicate that implements the rule, for the reader


POLICY: dict[str, Rule] = {
    # Organisations and their members (DP1).
    "organisations.create": Rule(
        frozenset({Role.ADMIN}), "any organisation", "organisations.permissions.can_create_organisation"
    ),
    "organisations.edit": Rule(
        MANAGERS, "the organisation", "organisations.permissions.can_edit_organisation"
    ),
    "organisations.see_members": Rule(
        MANAGERS, "the organisation", "organisations.permissions.can_see_members"
    ),
    "organisations.manage_members": Rule(
        frozenset({Role.ADMIN}), "the organisation", "organisations.permissions.can_manage_members"
    ),
    # Partnerships and conventions (CV1-CV9).
    "conventions.create_partnership": Rule(
        MANAGERS, "any organisation", "conventions.permissions.can_create_partnership"
    ),
    "conventions.manage_partnership": Rule(
        MANAGERS, "a member of the partnership", "conventions.permissions.can_manage_partnership"
    ),
    "conventions.edit_draft": Rule(
        MANAGERS, "a member of the partnership", "conventions.permissions.can_edit_convention"
    ),
    "conventions.change_status": Rule(
        MANAGERS, "a member of the partnership", "conventions.permissions.can_change_status"
    ),
    "conventions.denounce": Rule(
        MANAGERS, "a party to the convention", "conventions.permissions.can_denounce"
    ),
    "conventions.manage_disputes": Rule(
        MANAGERS, "a party to the convention", "conventions.permissions.can_manage_disputes"
    ),
    # Action plan (AP1, AP2), money (FN1-FN4), research (RS1-RS5).
    "actionplan.edit": Rule(
        MANAGERS, "a member of the partnership", "actionplan.permissions.can_edit_action_plan"
    ),
    "finance.record": Rule(MANAGERS, "a member of the partnership", "finance.permissions.can_record_money"),
    "finance.confirm_excess": Rule(MANAGERS, "the payer", "finance.permissions.can_confirm_excess"),
    "research.manage": Rule(
        MANAGERS, "a member of the partnership", "research.permissions.can_manage_research"
    ),
    "research.review_deliverable": Rule(
        MANAGERS, "a member other than the producer", "research.permissions.can_review_deliverable"
    ),
    "research.manage_study": Rule(
        MANAGERS, "a member of the partnership", "research.permissions.can_manage_study"
    ),
    # Events and news (EV1, EV3, EV4).
    "events.organise": Rule(MANAGERS, "the organiser", "events.permissions.can_organise_for"),
    "events.manage": Rule(
        MANAGERS, "the organiser or a member of its partnership", "events.permissions.can_manage_event"
    ),
    # Whoever sees the event (its partners' people); students do not see the partnership's events and
    # register through the event's public link instead.
    "events.register": Rule(
        PARTNERSHIP_READERS, "an organisation that sees the event", "events.permissions.can_register"
    ),
    # Internships (IN2-IN10) and the allocation assistant (IN9).
    "internships.manage_site": Rule(
        HOST_SIDE, "the site's organisation", "internships.permissions.can_manage_site"
    ),
    "internships.start_campaign": Rule(MANAGERS, "the school", "internships.permissions.can_start_campaign"),
    "internships.run_campaign": Rule(
        MANAGERS, "the campaign's school", "internships.permissions.can_run_campaign"
    ),
    "internships.answer_campaign": Rule(
        HOST_SIDE, "the campaign's host", "internships.permissions.can_answer_campaign"
    ),
    # Either side places: the school's managers or the host's people (the host side shown here).
    "internships.place": Rule(
        HOST_SIDE, "the campaign's host (or the school's managers)", "internships.permissions.can_place"
    ),
    "internships.follow": Rule(MANAGERS, "the campaign's school", "internships.permissions.can_follow"),
    "internships.organise_training": Rule(
        HOST_SIDE, "the organisation giving the training", "internships.permissions.can_organise_training"
    ),
    "allocation.allocate": Rule(MANAGERS, "the campaign's school", "allocation.permissions.can_allocate"),
    # Teaching cooperation (PD1-PD3): the school plans, asks and confirms; the employer decides.
    "teaching.plan": Rule(MANAGERS, "a school of the partnership", "teaching.permissions.can_plan"),
    "teaching.manage_intervention": Rule(
        MANAGERS, "the intervention's school", "teaching.permissions.can_manage_intervention"
    ),
    "teaching.decide": Rule(EMPLOYER_APPROVERS, "the agent's employer", "teaching.permissions.can_decide"),
    # Job offers (PD5), documentation centre (PD6), qualifications (PD7), speakers' charter (PD4).
    "teaching.publish_job_offer": Rule(
        EMPLOYER_APPROVERS, "an employer of the partnership", "teaching.permissions.can_publish_job_offer"
    ),
    "teaching.relay_job_offer": Rule(
        MANAGERS, "a school of the offer's partnership", "teaching.permissions.can_relay_job_offer"
    ),
    "teaching.register_documentation": Rule(
        EMPLOYER_APPROVERS, "the agent's employer", "teaching.permissions.can_register_agent"
    ),
    "teaching.manage_qualifications": Rule(
        MANAGERS, "a member of the partnership", "teaching.permissions.can_manage_qualifications"
    ),
    "teaching.assess_speakers": Rule(
        MANAGERS, "a school of the partnership", "teaching.permissions.can_assess_speakers"
    ),
    # Rooms (EV2, FN3).
    "rooms.manage": Rule(MANAGERS, "the owner", "rooms.permissions.can_manage_rooms"),
    "rooms.book": Rule(BOOKERS, "the booking organisation", "rooms.permissions.can_book_for"),
    "rooms.confirm_booking": Rule(MANAGERS, "the room's owner", "rooms.permissions.can_confirm_booking"),
    "rooms.cancel_booking": Rule(
        MANAGERS,
        "the room's owner or the booking organisation (and the person who booked)",
        "rooms.permissions.can_cancel_booking",
    ),
    # European projects (EU1-EU4, EU6).
    "europe.create_project": Rule(
        MANAGERS, "a member of the partnership", "europe.permissions.can_create_project"
    ),
    "europe.manage_project": Rule(
        MANAGERS, "the project's coordinator", "europe.permissions.can_manage_project"
    ),
    "europe.contribute": Rule(MANAGERS, "a member of the partnership", "europe.permissions.can_contribute"),
    "europe.delegate": Rule(
        MANAGERS, "the participant's organisation (or the coordinator)", "europe.permissions.can_delegate"
    ),
    # An answer commits the answering organisation (outside the partnership): only its own managers.
    "europe.answer_search": Rule(MANAGERS, "the answering organisation", "europe.permissions.can_answer_for"),
}

ACTIONS = tuple(POLICY)
SUPERUSER_EXCEPTIONS = frozenset({"rooms.book", "europe.answer_search"})


def allowed(role: str, action: str) -> bool:
    """Whether holding ``role`` in the organisation named by the action's rule permits ``action``."""
    return role in POLICY[action].roles
