"""Demo money (FN1, FN2, FN4), played through ``finance.services``.

- Askoria: 55 000 € a year for 2022, 2023 and 2024 [001], each committed by a vote of the permanent
  commission and paid in two instalments; the vote references, dates and instalments are
  illustrative. The 5 000 € contribution of the 2025 amendment, about 50 % of Askoria's costs, paid
  once on the synthesis shared by 1 December 2025 [000]: accepted, then paid (illustrative date and
  reference).
- Haut-Rhin: the premises made available to the ISSM in Mulhouse since 1993 under their own
  convention [004], valued in kind for 2024 to 2026 (illustrative value).
"""

import datetime
from decimal import Decimal

from partenaria.conventions.models import Convention, ConventionKind, Partnership
from partenaria.finance import services
from partenaria.research.models import Deliverable

from . import research

D = datetime.date


def load(demo) -> None:
    # The 5 000 € contribution is conditioned on a research deliverable (FN2): research comes first.
    research.load(demo)
    _askoria(demo)
    _haut_rhin(demo)


def _askoria(demo) -> None:
    from .loader import ASKORIA_PARTNERSHIP

    partnership = Partnership.objects.get(title=ASKORIA_PARTNERSHIP)
    dept, school = demo.orgs["ille-et-vilaine"], demo.orgs["askoria"]
    claire = demo.officer("ille-et-vilaine")
    convention = Convention.objects.get(partnership=partnership, title="Convention de partenariat 2022-2024")
    for year in (2022, 2023, 2024):
        subsidy = services.subsidy_plan(
            by=claire,
            convention=convention,
            data={
                "payer": dept,
                "beneficiary": school,
                "year": year,
                "forecast": Decimal("55000.00"),
                "purpose": "Convention de partenariat Département – Askoria : recherches-actions, coopérations "
                "pédagogiques et stratégiques",
            },
        )
        commitment = services.commitment_add(
            by=claire,
            convention=convention,
            data={
                "subsidy": subsidy,
                "reference": f"CP-{year}-03-illustratif",
                "voted_on": D(year, 3, 14),
                "amount": Decimal("55000.00"),
            },
        )
        instalments = [(D(year, 4, 15), Decimal("38500.00")), (D(year, 11, 18), Decimal("16500.00"))]
        for number, (paid_on, amount) in enumerate(instalments, start=1):
            services.payment_record(
                by=claire,
                convention=convention,
                data={
                    "commitment": commitment,
                    "paid_on": paid_on,
                    "reference": f"MAND-{year}-{number:02d}-illustratif",
                    "amount": amount,
                },
            )

    amendment = Convention.objects.get(partnership=partnership, kind=ConventionKind.AMENDMENT)
    synthesis = Deliverable.objects.get(project__convention=amendment, kind="synthesis")
    contribution = services.conditional_add(
        by=claire,
        convention=amendment,
        data={
            "payer": dept,
            "beneficiary": school,
            "purpose": "Contribution forfaitaire au projet de recherche exploratoire",
            "amount": Decimal("5000.00"),
            "deliverable": synthesis,
            "due_by": D(2025, 12, 1),
            "cost_share": Decimal("50.00"),
        },
    )
    services.conditional_pay(
        by=claire,
        contribution=contribution,
        data={"paid_on": D(2025, 12, 17), "payment_reference": "MAND-2025-12-illustratif"},
    )


def _haut_rhin(demo) -> None:
    from .loader import HAUT_RHIN_PARTNERSHIP

    dept, school = demo.orgs["haut-rhin"], demo.orgs["issm"]
    convention = Convention.objects.filter(partnership__title=HAUT_RHIN_PARTNERSHIP).order_by("pk").first()
    officer = demo.officer("haut-rhin")
    for year in (2024, 2025, 2026):
        services.in_kind_add(
            by=officer,
            convention=convention,
            data={
                "provider": dept,
                "beneficiary": school,
                "kind": "premises",
                "description": "Locaux mis à disposition à Mulhouse (convention spécifique depuis 1993)",
                "since": D(1993, 1, 1),
                "year": year,
                "value": Decimal("36000.00"),
                "is_illustrative": True,
            },
        )


def reset(partnerships) -> None:
    """Delete the demo's money and research before its conventions: both protect what they point at."""
    from django.contrib.contenttypes.models import ContentType

    from partenaria.core.models import AuditEvent
    from partenaria.finance.models import ConditionalContribution, InKindContribution, Payment, Subsidy
    from partenaria.research.models import ResearchProject, StudyRequest

    Payment.objects.filter(commitment__subsidy__convention__partnership__in=partnerships).delete()
    subsidies = Subsidy.objects.filter(convention__partnership__in=partnerships)
    for subsidy in subsidies:
        subsidy.commitments.all().delete()
    subsidies.delete()
    ConditionalContribution.objects.filter(convention__partnership__in=partnerships).delete()
    InKindContribution.objects.filter(convention__partnership__in=partnerships).delete()
    for model in (ResearchProject, StudyRequest):
        rows = model.objects.filter(partnership__in=partnerships)
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=list(rows.values_list("pk", flat=True)),
        ).delete()
        rows.delete()
