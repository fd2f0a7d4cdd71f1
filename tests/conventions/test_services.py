"""Business acts on conventions (CV1-CV8): each one checked, audited, refused with a clear message."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from partenaria.conventions import services, terms
from partenaria.conventions.models import (
    AmendmentChange,
    ChangeKind,
    Convention,
    ConventionKind,
    Denunciation,
    NoticeForm,
    Partnership,
    StartMode,
)
from partenaria.conventions.statuses import Status
from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Role
from tests.factories import (
    ArticleFactory,
    ConventionFactory,
    OrganisationFactory,
    PartnershipFactory,
    officer_of,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def today():
    return timezone.localdate()


@pytest.fixture
def dept():
    return OrganisationFactory(departement=True)


@pytest.fixture
def school():
    return OrganisationFactory(school=True)


@pytest.fixture
def partnership(dept, school):
    return PartnershipFactory(members=[dept, school])


@pytest.fixture
def officer(dept):
    return officer_of(dept)


def events(action=None):
    qs = AuditEvent.objects.all()
    return qs.filter(action=action) if action else qs


# --- Partnerships --------------------------------------------------------------------------------


def test_an_officer_creates_a_partnership_between_own_organisation_and_a_school(officer, dept, school):
    partnership = services.partnership_create(
        by=officer, title="Askoria", organisations=[dept, school], lead=dept
    )
    assert set(partnership.organisations.all()) == {dept, school}
    assert events("partnership.created").get().actor == officer


def test_an_officer_cannot_create_a_partnership_between_two_other_organisations(officer, school):
    other = OrganisationFactory()
    with pytest.raises(ValidationError) as exc:
        services.partnership_create(by=officer, title="Strangers", organisations=[school, other])
    assert "Your own organisation" in exc.value.message_dict["organisations"][0]
    assert not Partnership.objects.exists()


def test_the_lead_must_be_one_of_the_partners(officer, dept, school):
    with pytest.raises(ValidationError) as exc:
        services.partnership_create(
            by=officer, title="X", organisations=[dept, school], lead=OrganisationFactory()
        )
    assert "lead" in exc.value.message_dict


# --- Creation and update -------------------------------------------------------------------------


def _party(org):
    return {
        "organisation": org,
        "designation": org.name,
        "representative_name": "",
        "capacity": "",
        "delegation": "",
    }


def test_a_party_twice_is_refused_and_nothing_is_saved(officer, partnership, dept):
    with pytest.raises(ValidationError) as exc:
        services.convention_create(
            by=officer,
            partnership=partnership,
            parties=[_party(dept), _party(dept)],
            title="Convention",
            start_mode=StartMode.FIXED,
            start_date=datetime.date(2022, 1, 1),
            term_months=36,
        )
    assert "twice" in exc.value.message_dict["parties"][0]
    assert not Convention.objects.exists()
    assert not events().exists()


def test_a_notice_longer_than_the_term_is_refused(officer, partnership, dept, school):
    with pytest.raises(ValidationError) as exc:
        services.convention_create(
            by=officer,
            partnership=partnership,
            parties=[_party(dept), _party(school)],
            title="Convention",
            start_date=datetime.date(2022, 1, 1),
            term_months=12,
            notice_months=12,
        )
    assert "notice_months" in exc.value.message_dict


def test_a_concurrent_update_is_refused_and_the_first_edit_is_kept(officer, partnership):
    convention = ConventionFactory(partnership=partnership, draft=True, title="Initial")
    first = Convention.objects.get(pk=convention.pk)
    second = Convention.objects.get(pk=convention.pk)
    services.convention_update(by=officer, convention=first, expected_version=1, data={"title": "First"})
    with pytest.raises(services.ConcurrentEditError):
        services.convention_update(
            by=officer, convention=second, expected_version=1, data={"title": "Second"}
        )
    convention.refresh_from_db()
    assert convention.title == "First"
    assert convention.version == 2
    assert events("convention.updated").count() == 1
    assert events("convention.updated").get().changes == {"title": ["Initial", "First"]}


# --- Transitions ---------------------------------------------------------------------------------


def test_a_draft_cannot_be_signed_and_the_message_says_why(officer, partnership):
    convention = ConventionFactory(partnership=partnership, draft=True)
    with pytest.raises(ValidationError) as exc:
        services.convention_sign(
            by=officer,
            convention=convention,
            signature_date=today(),
            signature_place="Rennes",
            originals_count=2,
        )
    assert "Draft" in exc.value.messages[0]
    assert "In approval" in exc.value.messages[0]
    assert Convention.objects.get(pk=convention.pk).status == Status.DRAFT


def test_a_draft_without_articles_cannot_be_submitted(officer, partnership):
    convention = ConventionFactory(partnership=partnership, draft=True)
    with pytest.raises(ValidationError, match="article"):
        services.convention_submit(by=officer, convention=convention)


def test_submit_then_return_to_draft_each_write_one_event(officer, partnership):
    convention = ConventionFactory(partnership=partnership, draft=True)
    ArticleFactory(convention=convention)
    services.convention_submit(by=officer, convention=convention)
    assert Convention.objects.get(pk=convention.pk).status == Status.IN_APPROVAL
    services.convention_return_to_draft(by=officer, convention=convention)
    assert Convention.objects.get(pk=convention.pk).status == Status.DRAFT
    assert [e.action for e in events().order_by("id")] == ["convention.submit", "convention.return_to_draft"]
    assert all(e.actor == officer for e in events())


def test_an_active_convention_cannot_be_returned_to_draft(officer, partnership):
    convention = ConventionFactory(partnership=partnership)
    with pytest.raises(ValidationError, match="not possible"):
        services.convention_return_to_draft(by=officer, convention=convention)
    assert not events().exists()


# --- Signature -----------------------------------------------------------------------------------


def test_signing_a_convention_whose_start_has_come_makes_it_active(officer, partnership):
    convention = ConventionFactory(
        partnership=partnership,
        status=Status.IN_APPROVAL,
        signature_date=None,
        start_mode=StartMode.SIGNATURE,
        start_date=None,
    )
    signed = services.convention_sign(
        by=officer,
        convention=convention,
        signature_date=today() - DAY,
        signature_place="Colmar",
        originals_count=2,
    )
    # The returned object says the truth (it used to stay "signed" while the database said "active").
    assert signed.status == Status.ACTIVE
    assert Convention.objects.get(pk=convention.pk).status == Status.ACTIVE
    assert signed.end_date == terms.term_end(today() - DAY, 36)
    assert events("convention.sign").count() == 1
    assert events("convention.sign").get().actor == officer
    assert events("convention.activate").get().actor is None


def test_signing_a_convention_that_starts_later_leaves_it_signed(officer, partnership):
    convention = ConventionFactory(
        partnership=partnership,
        status=Status.IN_APPROVAL,
        signature_date=None,
        start_date=today() + 30 * DAY,
    )
    signed = services.convention_sign(
        by=officer, convention=convention, signature_date=today(), signature_place="Dijon", originals_count=4
    )
    assert signed.status == Status.SIGNED
    assert signed.originals_count == 4


def test_a_signature_in_the_future_is_refused(officer, partnership):
    convention = ConventionFactory(partnership=partnership, status=Status.IN_APPROVAL, signature_date=None)
    with pytest.raises(ValidationError) as exc:
        services.convention_sign(
            by=officer,
            convention=convention,
            signature_date=today() + DAY,
            signature_place="X",
            originals_count=1,
        )
    assert "signature_date" in exc.value.message_dict
    assert not events().exists()


def test_askoria_amendment_signature_reactivates_the_expired_convention_it_extends(officer, partnership):
    # 2022-2024 convention expired on 31 December; the 2025 amendment extends it by one year [000].
    year = today().year
    parent = ConventionFactory(
        partnership=partnership,
        status=Status.EXPIRED,
        start_date=datetime.date(year - 3, 1, 1),
        term_months=36,
    )
    amendment = ConventionFactory(
        partnership=partnership,
        kind=ConventionKind.AMENDMENT,
        parent=parent,
        status=Status.IN_APPROVAL,
        start_mode=StartMode.SIGNATURE,
        start_date=None,
        term_months=12,
        title=f"Avenant {year}",
    )
    AmendmentChange.objects.create(amendment=amendment, kind=ChangeKind.TERM_EXTENSION, months=12)
    services.convention_sign(
        by=officer, convention=amendment, signature_date=today(), signature_place="Rennes", originals_count=2
    )
    parent = Convention.objects.with_extensions().get(pk=parent.pk)
    assert parent.status == Status.ACTIVE
    assert parent.end_date == datetime.date(year, 12, 31)
    assert events("convention.amended").get().target_id == parent.pk


# --- Denunciation --------------------------------------------------------------------------------


def test_a_notice_received_in_time_ends_the_convention_at_the_end_of_the_current_term(
    officer, partnership, dept
):
    # Haut-Rhin: three years, tacit renewal, four months' notice by registered letter [004].
    convention = ConventionFactory(partnership=partnership, tacit_renewal_4_months=True)
    convention = Convention.objects.with_extensions().get(pk=convention.pk)
    end = convention.end_date
    assert today() <= convention.notice_deadline
    denunciation = services.convention_denounce(
        by=officer,
        convention=convention,
        party=dept,
        form=NoticeForm.REGISTERED_LETTER,
        sent_on=today() - 3 * DAY,
        received_on=today(),
    )
    assert denunciation.takes_effect_on == end
    convention = Convention.objects.get(pk=convention.pk)
    assert convention.status == Status.DENOUNCED
    assert convention.schedule(today()).final_end == end
    assert events("convention.denounce").count() == 1


def _late_convention(partnership):
    """A tacitly renewed convention whose current term ends in 30 days: the notice deadline has passed."""
    start = terms.add_months_clamped(today() + 30 * DAY, -36)
    return ConventionFactory(partnership=partnership, tacit_renewal_4_months=True, start_date=start)


def test_a_late_notice_is_refused_and_the_message_gives_the_next_date(officer, partnership, dept):
    convention = _late_convention(partnership)
    rules = convention.term_rules()
    next_end = terms.period(rules, 1).end
    with pytest.raises(ValidationError) as exc:
        services.convention_denounce(
            by=officer,
            convention=convention,
            party=dept,
            form=NoticeForm.REGISTERED_LETTER,
            sent_on=today() - DAY,
            received_on=today(),
        )
    message = exc.value.message_dict["received_on"][0]
    assert str(next_end.year) in message
    assert not Denunciation.objects.exists()
    assert Convention.objects.get(pk=convention.pk).status == Status.ACTIVE


def test_a_late_notice_accepted_for_the_next_term(officer, partnership, dept):
    convention = _late_convention(partnership)
    next_end = terms.period(convention.term_rules(), 1).end
    denunciation = services.convention_denounce(
        by=officer,
        convention=convention,
        party=dept,
        form=NoticeForm.REGISTERED_LETTER,
        sent_on=today() - DAY,
        received_on=today(),
        accept_next_term=True,
    )
    assert denunciation.takes_effect_on == next_end
    assert events("convention.denounce").get().changes["takes_effect_on"] == next_end.isoformat()


def test_only_a_party_denounces_and_in_the_required_form(officer, partnership):
    convention = ConventionFactory(partnership=partnership, tacit_renewal_4_months=True)
    with pytest.raises(ValidationError) as exc:
        services.convention_denounce(
            by=officer,
            convention=convention,
            party=OrganisationFactory(),
            form=NoticeForm.SIMPLE_LETTER,
            sent_on=today(),
            received_on=today(),
        )
    assert set(exc.value.message_dict) == {"party", "form"}


def test_supersede_needs_a_successor_of_the_same_partnership(officer, partnership):
    old = ConventionFactory(partnership=partnership, expired=True)
    stranger = ConventionFactory()
    with pytest.raises(ValidationError):
        services.convention_supersede(by=officer, convention=old, successor=stranger)
    successor = ConventionFactory(partnership=partnership)
    services.convention_supersede(by=officer, convention=old, successor=successor)
    assert Convention.objects.get(pk=old.pk).status == Status.SUPERSEDED
    assert events("convention.supersede").count() == 1


def test_a_viewer_membership_does_not_count_as_own_organisation(dept, school):
    viewer = officer_of(dept, role=Role.VIEWER)
    with pytest.raises(ValidationError):
        services.partnership_create(by=viewer, title="X", organisations=[dept, school])


def test_a_late_notice_in_the_last_allowed_term_confirms_its_end_instead_of_naming_a_term_that_never_comes(
    officer, partnership, dept
):
    start = terms.add_months_clamped(today() + 30 * DAY, -72)
    convention = ConventionFactory(
        partnership=partnership, tacit_renewal_4_months=True, start_date=start, max_renewals=1
    )
    last_end = terms.period(convention.term_rules(), 1).end
    assert convention.schedule(today()).final_end == last_end
    denunciation = services.convention_denounce(
        by=officer,
        convention=convention,
        party=dept,
        form=NoticeForm.REGISTERED_LETTER,
        sent_on=today() - DAY,
        received_on=today(),
    )
    assert denunciation.takes_effect_on == last_end
