"""The demo's campaign for the allocation assistant: IRTESS de Bourgogne -> Dijon Métropole (IN9)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from partenaria.allocation import problem, solver
from partenaria.allocation.models import Run, Wish
from partenaria.internships.models import Application, Campaign
from partenaria.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_the_demo_shows_a_shortage_of_places_and_the_assistants_proposals(client):
    call_command("load_demo", verbosity=0)
    campaign = Campaign.objects.get(school__short_name="IRTESS", host__name="Dijon Métropole")
    assert Wish.objects.filter(campaign=campaign).values("student").distinct().count() == 40
    run = Run.objects.get(campaign=campaign)
    built = problem.build(campaign)
    assert sum(o.places for o in built.offers) < len(built.students)  # the shortage [000]
    proposals = {e["student"]: e["offer"] for e in run.results["explanations"] if e["offer"]}
    assert run.summary["placed"] == len(proposals) > 20
    assert solver.check(built, proposals) == []
    assert not Application.objects.filter(offer__campaign=campaign).exists()  # nothing accepted
    officer = (
        Membership.objects.filter(organisation=campaign.school, role=Role.PARTNERSHIP_OFFICER).first().user
    )
    client.force_login(officer)
    page = client.get(reverse("allocation:assistant", args=[campaign.pk])).content.decode()
    assert "Dernières propositions" in page and "Toutes les places ont été prises" in page
