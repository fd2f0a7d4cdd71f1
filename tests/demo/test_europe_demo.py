"""The demo's European project (EU1-EU4, EU6): the Erasmus+ sheet of the Département de l'Isère [002]."""

from django.urls import reverse

from partenaria.accounts.models import User
from partenaria.europe import selectors
from partenaria.europe.models import AnswerStatus, EuropeanProject


def test_the_isere_s_sheet_carries_the_seed_s_programme_keywords_and_search(demo):
    project = EuropeanProject.objects.select_related("coordinator").get()
    assert project.programme.startswith("Erasmus+ KA204")
    assert project.call_deadline.isoformat().startswith("2020-03")
    assert project.keyword_list == ["métiers du social du futur", "inclusion", "prospective", "formation"]
    assert project.coordinator.name == "Département de l'Isère"
    assert project.search.countries == ["BE", "FI", "IE"] and project.search.is_published
    assert project.search.answers.get().status == AnswerStatus.SUBMITTED


def test_the_consortium_of_the_demo_misses_a_pair_in_italy_and_a_third_country(demo):
    project = EuropeanProject.objects.get()
    check = selectors.consortium(selectors.partners(project), confirmed_only=False)
    assert [c.country for c in check.countries] == ["France", "Italie"]
    assert not check.is_met and len(check.missing) == 2


def test_each_country_hosts_one_mobility_with_the_other_s_delegation(demo):
    mobilities, missing = selectors.mobility_plan(EuropeanProject.objects.get())
    assert [m.host_country for m in mobilities] == ["France", "Italie"]
    assert missing == []
    assert [d.size for m in mobilities for d in m.delegations.all()] == [2, 4]


def test_the_italian_partner_reads_the_sheet_in_english(client, demo):
    giulia = User.objects.get(last_name="Rossi")
    client.force_login(giulia)
    project = EuropeanProject.objects.get()
    page = client.get(project.get_absolute_url(), headers={"accept-language": "en"}).content.decode()
    assert "Call deadline" in page and "What is missing:" in page
    assert client.get(reverse("europe:deliverables_export", args=[project.pk])).status_code == 200
