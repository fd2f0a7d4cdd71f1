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
