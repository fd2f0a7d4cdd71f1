"""The money pages and exports (FN1, FN2, FN4): refusals next to the fields, SCDL open data, XLSX."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partenaria.finance.exports import SCDL_FIELDS
from partenaria.finance.models import Payment
from partenaria.finance.report import money_section
from partenaria.reports.sections import ReportContext
from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory, officer_of

from .factories import CommitmentFactory, InKindFactory, SubsidyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def commitment():
    dept = OrganisationFactory(departement=True, siret="22350001800013")
    school = OrganisationFactory(school=True, siret="41047508100015")
    convention = ConventionFactory(partnership=PartnershipFactory(members=[dept, school]))
    return CommitmentFactory(subsidy=SubsidyFactory(convention=convention))


@pytest.fixture
def payer_client(client, commitment):
    client.force_login(officer_of(commitment.subsidy.payer))
    return client


def test_the_convention_money_page_shows_the_years_and_the_balance(payer_client, commitment):
    Payment.objects.create(
        commitment=commitment, paid_on=commitment.voted_on, reference="MAND-1", amount=Decimal("38500.00")
    )
    response = payer_client.get(reverse("finance:convention", args=[commitment.subsidy.convention_id]))
    content = response.content.decode().replace("\u202f", " ")
    assert response.status_code == 200
    assert "55 000,00" in content and "38 500,00" in content and "16 500,00" in content


def test_a_payment_before_its_vote_is_refused_next_to_its_date_and_nothing_is_saved(payer_client, commitment):
    response = payer_client.post(
        reverse("finance:payment_add", args=[commitment.subsidy.convention_id]),
        {
            "commitment": commitment.pk,
            "paid_on": (commitment.voted_on - datetime.timedelta(days=3)).isoformat(),
            "reference": "MAND-7",
            "amount": "1000",
        },
    )
    content = response.content.decode().replace("\u202f", " ")
    assert response.status_code == 200
    assert 'id="id_paid_on-error"' in content and "avant" in content
    assert 'value="MAND-7"' in content
    assert not Payment.objects.exists()


def test_a_negative_amount_is_refused_in_french(payer_client, commitment):
    response = payer_client.post(
        reverse("finance:payment_add", args=[commitment.subsidy.convention_id]),
        {
            "commitment": commitment.pk,
            "paid_on": commitment.voted_on.isoformat(),
            "reference": "M",
            "amount": "-5",
        },
    )
    assert 'id="id_amount-error"' in response.content.decode().replace("\u202f", " ")
    assert "supérieur à zéro" in response.content.decode().replace("\u202f", " ")
    assert not Payment.objects.exists()


def test_an_excess_is_recorded_when_the_payer_confirms_it(payer_client, commitment):
    url = reverse("finance:payment_add", args=[commitment.subsidy.convention_id])
    data = {
        "commitment": commitment.pk,
        "paid_on": commitment.voted_on.isoformat(),
        "reference": "M",
        "amount": "60000",
    }
    response = payer_client.post(url, data)
    assert 'id="id_amount-error"' in response.content.decode().replace("\u202f", " ")
    assert payer_client.post(url, {**data, "confirm_excess": "on"}).status_code == 302
    assert Payment.objects.get().excess_confirmed_by is not None


def _scdl(client, query=""):
    response = client.get(reverse("finance:scdl_export") + query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_the_scdl_export_has_the_schema_fields_and_formats(payer_client, commitment):
    Payment.objects.create(
        commitment=commitment,
        paid_on=datetime.date(commitment.subsidy.year, 4, 2),
        reference="A",
        amount=Decimal("30000"),
    )
    Payment.objects.create(
        commitment=commitment,
        paid_on=datetime.date(commitment.subsidy.year, 11, 2),
        reference="B",
        amount=Decimal("25000"),
    )
    response = payer_client.get(reverse("finance:scdl_export"))
    header = response.content.decode("utf-8").splitlines()[0]
    assert header.split(",") == SCDL_FIELDS
    assert len(SCDL_FIELDS) == 14
    [row] = _scdl(payer_client)
    assert re.fullmatch(r"\d{14}", row["idAttribuant"]) and re.fullmatch(r"\d{14}", row["idBeneficiaire"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["dateConvention"])
    assert re.fullmatch(r"\d+\.\d{2}", row["montant"]) and row["montant"] == "55000.00"
    assert row["nature"] in {"aide en numéraire", "aide en nature", "aide en numéraire;aide en nature"}
    assert row["conditionsVersement"] == "échelonné"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(/\d{4}-\d{2}-\d{2})?", row["datesPeriodeVersement"])
    assert row["notificationUE"] in {"oui", "non"}
    assert 0.01 <= float(row["pourcentageSubvention"]) <= 1
    assert len(row["objet"]) <= 256 and len(row["idRAE"]) <= 5
    assert row["referenceDecision"] == commitment.reference


def test_only_beneficiaries_above_23000_a_year_are_in_the_mandatory_export(payer_client, commitment):
    small = CommitmentFactory(
        subsidy=SubsidyFactory(convention=commitment.subsidy.convention, year=commitment.subsidy.year + 1),
        amount=Decimal("23000.00"),
    )
    references = [row["referenceDecision"] for row in _scdl(payer_client, "?obligatoires=1")]
    assert references == [commitment.reference]
    assert small.reference in [row["referenceDecision"] for row in _scdl(payer_client)]
    overview = payer_client.get(reverse("finance:overview")).content.decode().replace("\u202f", " ")
    assert "23 000" in overview


def test_the_budget_and_payments_workbooks_hold_the_figures(payer_client, commitment):
    InKindFactory(convention=commitment.subsidy.convention, year=commitment.subsidy.year)
    Payment.objects.create(
        commitment=commitment, paid_on=commitment.voted_on, reference="M-1", amount=Decimal("1000.50")
    )
    budget = load_workbook(io.BytesIO(payer_client.get(reverse("finance:budget_export")).content)).active
    rows = list(budget.iter_rows(values_only=True))
    assert rows[1][2] == commitment.subsidy.year and Decimal(str(rows[1][5])) == Decimal("1000.50")
    assert Decimal(str(rows[1][8])) == Decimal("12000")
    payments = load_workbook(io.BytesIO(payer_client.get(reverse("finance:payments_export")).content))
    rows = list(payments.worksheets[0].iter_rows(values_only=True))
    assert rows[1][7] == "M-1"


def test_the_overview_costs_the_same_number_of_queries_for_one_or_many_conventions(payer_client, commitment):
    url = reverse("finance:overview")
    payer_client.get(url)
    with CaptureQueriesContext(connection) as few:
        payer_client.get(url)
    partnership = commitment.subsidy.convention.partnership
    for _ in range(5):
        CommitmentFactory(subsidy=SubsidyFactory(convention=ConventionFactory(partnership=partnership)))
    with CaptureQueriesContext(connection) as many:
        response = payer_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.context["count"] == 6


def test_the_report_section_gives_the_money_of_the_year(commitment):
    convention = commitment.subsidy.convention
    blocks = money_section(
        ReportContext(convention=convention, partnership=convention.partnership, year=commitment.subsidy.year)
    )
    assert "55\u202f000,00" in blocks[0].rows[0][0]
    empty = money_section(ReportContext(convention=convention, partnership=convention.partnership, year=1999))
    assert len(empty) == 1


def test_the_dashboard_tells_what_the_payer_still_owes_and_the_beneficiary_awaits(client, commitment):
    Payment.objects.create(
        commitment=commitment, paid_on=commitment.voted_on, reference="M", amount=Decimal("38500")
    )
    Payment.objects.create(
        commitment=commitment, paid_on=commitment.voted_on, reference="N", amount=Decimal("1500")
    )
    client.force_login(officer_of(commitment.subsidy.payer))
    money = client.get(reverse("dashboard:home")).context["money"]
    assert money["to_pay"] == Decimal("15000.00") and money["to_receive"] == Decimal("0")
    client.force_login(officer_of(commitment.subsidy.beneficiary))
    response = client.get(reverse("dashboard:home"))
    assert response.context["money"]["to_receive"] == Decimal("15000.00")
    assert "15 000,00" in response.content.decode().replace("\u202f", " ")
