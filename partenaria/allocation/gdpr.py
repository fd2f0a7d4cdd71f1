"""Processings of the allocation assistant (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare


def _delete_past_campaigns(*, today, dry_run):
    """The wishes, locks and runs of campaigns whose school year ended more than the period ago are
    deleted, then the students' profiles left without a wish and unchanged for the period."""
    from django.db import transaction

    from partenaria.allocation.models import Lock, Run, StudentProfile, Wish
    from partenaria.core import audit, privacy
    from partenaria.internships.gdpr import last_school_year_ended_before

    limit = privacy.retention_cutoff(today, "allocation")
    year = last_school_year_ended_before(limit)
    groups = [model.objects.filter(campaign__school_year__lte=year) for model in (Wish, Lock, Run)]
    profiles = StudentProfile.objects.filter(updated_at__lt=privacy.aware(limit)).exclude(
        student__in=Wish.objects.filter(campaign__school_year__gt=year).values("student")
    )
    if dry_run:
        return sum(rows.count() for rows in groups) + profiles.count()
    count = 0
    with transaction.atomic(durable=True):
        for rows in [*groups, profiles]:
            count += rows.delete()[1].get(rows.model._meta.label, 0)
        if count:
            audit.log_action(
                actor=None,
                action="privacy.retention_applied",
                target=privacy.ContentType.objects.get_for_model(Run),
                changes={"model": "allocation", "count": count, "deleted": True},
            )
    return count


declare(
    Processing(
        key="allocation",
        name="Allocation of internship places",
        purpose="Propose to the school's placement office an assignment of its students to the offers "
        "of a campaign that places the most students, respects their wishes and shortens travel; the "
        "host sites' referents still decide on each application (IN9).",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["students of the school"],
        categories=[
            "ranked wishes",
            "home town and its coordinates (the town, not the address)",
            "means of transport",
            "periods available",
            "the proposals and their explanations",
        ],
        recipients=["the school's placement office"],
        retention="deleted one year after the end of the campaign's school year "
        "(PARTENARIA_RETENTION_DAYS allocation, proposed); accepted proposals live on as applications "
        "(internships processing)",
        models=["allocation.StudentProfile", "allocation.Wish", "allocation.Lock", "allocation.Run"],
        retention_rules=[
            RetentionRule(model="allocation.Run", apply=_delete_past_campaigns, setting="allocation")
        ],
    )
)
