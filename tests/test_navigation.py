import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_only_the_most_precise_navigation_entry_is_current(client, two_partnerships):
    client.force_login(two_partnerships["a"]["officer"])
    convention = two_partnerships["a"]["convention"]
    html = client.get(reverse("conventions:convention_detail", args=[convention.pk])).content.decode()
    nav = html[html.index('class="main-nav"') : html.index("</nav>")]
    assert nav.count('aria-current="page"') == 1
    current = nav[: nav.index('aria-current="page"')].rsplit("href=", 1)[1]
    assert reverse("conventions:convention_list") in current


@pytest.mark.django_db
def test_a_refused_act_and_an_unknown_page_answer_in_french_within_the_layout(client, two_partnerships):
    from partenaria.organisations.models import Role
    from tests.factories import officer_of

    viewer = officer_of(two_partnerships["a"]["orgs"][0], role=Role.VIEWER)
    client.force_login(viewer)
    convention = two_partnerships["a"]["convention"]
    refused = client.post(reverse("conventions:convention_supersede", args=[convention.pk]))
    assert refused.status_code == 403
    assert "Vous n'êtes pas autorisé" in refused.content.decode()
    missing = client.get("/partenariats/conventions/999999/")
    assert missing.status_code == 404
    assert "Page introuvable" in missing.content.decode()
