"""The evaluation meeting of a host-site convention as a deadline (IN3), the year's counts in the
progress report (AP3 from IN8), the campaign block of the dashboard (ux.md)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partenaria.conventions.models import ConventionKind
from partenaria.deadlines import engine
from partenaria.documents.blocks import Paragraph
from partenaria.internships.deadlines import EVALUATION_KIND
from partenaria.internships.report import internships_section
from partenaria.reports.sections import ReportContext
from tests.factories import ConventionFactory

from .factories import internship_world, place

pytestmark = pytest.mark.django_db


def _with_host_site_convention(world):
    convention = ConventionFactory(partnership=world.campaign.partnership, kind=ConventionKind.HOST_SITE)
    world.site.convention = convention
    world.site.save()
    return convention


def _evaluations(world, today):
    partnerships = engine.partnerships_of(world.host_hr, world.campaign.host)
    found = engine.collect(partnerships, today=today, until=today + datetime.timedelta(days=5 * 366))
    return [d for d in found if d.kind == EVALUATION_KIND]


def test_a_host_site_owes_an_evaluation_meeting_before_its_convention_renews():
    world = internship_world()
    convention = _with_host_site_convention(world)
    (deadline,) = _evaluations(world, datetime.date.today())
    assert deadline.date == convention.end_date
    assert deadline.url == world.site.get_absolute_url()


def test_an_evaluation_held_during_the_convention_settles_it():
    world = internship_world()
    convention = _with_host_site_convention(world)
    world.site.evaluation_held_on = convention.effective_start + datetime.timedelta(days=400)
    world.site.save()
    assert _evaluations(world, datetime.date.today()) == []


def test_the_report_counts_long_and_gratified_internships_of_the_year():
    world = internship_world(headcount=100)
    place(world, weeks=12)  # 420 h: long, gratified
    place(world, weeks=10, weekly=Decimal(28))  # 280 h: long, not gratified
    convention = ConventionFactory(partnership=world.campaign.partnership)
    blocks = internships_section(
        ReportContext(convention=convention, partnership=world.campaign.partnership, year=2026)
    )
    assert isinstance(blocks[0], Paragraph)
    assert blocks[0].text == "2 stages en 2026, dont 2 stages longs et 1 gratifiés."
    empty = internships_section(
        ReportContext(convention=convention, partnership=world.campaign.partnership, year=2025)
    )
    assert "Aucun stage" in empty[0].text


def test_the_dashboard_shows_the_current_campaign_progress(client, settings):
    world = internship_world()
    place(world)
    client.force_login(world.school_officer)
    # The factories' campaign is for 2026-2027: the dashboard of a day in that school year shows it.
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=datetime.date(2026, 11, 23)):
        page = client.get(reverse("dashboard:home")).content.decode()
    assert world.campaign.get_absolute_url() in page
    assert "Places demandées, proposées et pourvues par diplôme" in page
