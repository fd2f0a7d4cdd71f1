"""Exports of the money (FN1): the open data of subsidies in the SCDL « subventions » format, and XLSX
workbooks of the budget and the payments.

SCDL « subventions » v2.0 (OpenDataFrance, décret n° 2017-779, arrêté du 17 novembre 2017): a CSV in
UTF-8, comma-separated, one row per subsidy decision, the 14 columns of ``SCDL_FIELDS`` in that order,
dates ``AAAA-MM-JJ``, amounts with a point, ``notificationUE`` « oui »/« non », ``pourcentageSubvention``
a decimal between 0.01 and 1. A beneficiary receiving more than 23 000 € in a year must be published.
"""

import csv
import datetime
import io
from decimal import Decimal

from .models import FundingCommitment, Payment

SCDL_FIELDS = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
]
SCDL_OBJECT_MAX = 256


def _siret(organisation) -> str:
    return "".join((organisation.siret or "").split())


def _payment_period(commitment: FundingCommitment, payments: list[Payment]) -> tuple[str, str]:
    """``conditionsVersement`` and ``datesPeriodeVersement`` from the payments recorded so far.

    One payment: « unique » and its date. Several: « échelonné » and the period from the first to the
    last. None yet: the subsidy's year as the period, payment conditions unknown (« unique »)."""
    days = sorted(p.paid_on for p in payments)
    if len(days) == 1:
        return "unique", days[0].isoformat()
    if days:
        return "échelonné", f"{days[0].isoformat()}/{days[-1].isoformat()}"
    year = commitment.subsidy.year
    return "unique", f"{datetime.date(year, 1, 1).isoformat()}/{datetime.date(year, 12, 31).isoformat()}"


def scdl_rows(commitments) -> list[dict[str, str]]:
    """One SCDL row per commitment (a decision of the paying party), payments prefetched."""
    rows = []
    for commitment in commitments:
        subsidy = commitment.subsidy
        convention = subsidy.convention
        conditions, period = _payment_period(commitment, list(commitment.payments.all()))
        signed = convention.signature_date or convention.effective_start or commitment.voted_on
        rows.append(
            {
                "nomAttribuant": subsidy.payer.name,
                "idAttribuant": _siret(subsidy.payer),
                "dateConvention": signed.isoformat(),
                "referenceDecision": commitment.reference,
                "nomBeneficiaire": subsidy.beneficiary.name,
                "idBeneficiaire": _siret(subsidy.beneficiary),
                "objet": subsidy.purpose[:SCDL_OBJECT_MAX],
                "montant": str(commitment.amount.quantize(Decimal("0.01"))),
                "nature": "aide en numéraire",
                "conditionsVersement": conditions,
                "datesPeriodeVersement": period,
                "idRAE": "",
                "notificationUE": "non",
                "pourcentageSubvention": "1.00",
            }
        )
    return rows


def scdl_csv(commitments) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SCDL_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(scdl_rows(commitments))
    return buffer.getvalue()
