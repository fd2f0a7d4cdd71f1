"""Processings of the internships app (register of art. 30, see partenaria/core/gdpr.py)."""

import datetime

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare


def last_school_year_ended_before(day: datetime.date) -> int:
    """The last school year (named by its first year: 2024 for 2024-2025) whose end, 31 August, is
    before ``day``."""
    return day.year - 1 if day > datetime.date(day.year, 8, 31) else day.year - 2


def _erase_former_students(*, today, dry_run):
    """Students whose last placement's school year ended more than the period ago (or, with no
    placement, whose file is unchanged since) are anonymised with their placements, applications,
    visits and evaluations: the statistics stay (how many, where, when), the names go."""
    from django.db.models import Max, Q

    from partenaria.core import privacy
    from partenaria.internships.models import Student

    limit = privacy.retention_cutoff(today, "students")
    students = (
        Student.objects.exclude(privacy.is_erased())
        .annotate(last_year=Max("placements__school_year"))
        .filter(
            Q(last_year__lte=last_school_year_ended_before(limit))
            | Q(last_year__isnull=True, updated_at__lt=privacy.aware(limit))
        )
        .order_by("pk")
    )
    return privacy.retention_erase(students, dry_run=dry_run, kind="root")


declare(
    Processing(
        key="internships",
        name="Internship placements of social-work students",
        purpose="Collect the host sites' offers, transmit the applications centralised by the school, "
        "place students, draw up the internship agreements and compute the gratification (IN1-IN8, "
        "Code de l'éducation L124-1 and following).",
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data_subjects=["students", "tutors and site managers", "school referents", "HR contacts"],
        categories=[
            "identity (name)",
            "contact details",
            "diploma, school year and applications",
            "internship periods, hours and gratification",
        ],
        recipients=["the school", "the host site and its tutor", "the authority's HR department"],
        retention="students and their placements anonymised 5 years after the end of the school year "
        "of their last placement (PARTENARIA_RETENTION_DAYS students, proposed): statistics kept, names "
        "gone; host-site contacts while they hold the role (directory rule)",
        models=[
            "internships.Student",
            "internships.Application",
            "internships.Placement",
            "internships.Tutor",
            "internships.HostSite",
            "internships.SectorContact",
            "internships.Campaign",
            "internships.Offer",
        ],
        retention_rules=[
            RetentionRule(model="internships.Student", apply=_erase_former_students, setting="students")
        ],
    )
)

declare(
    Processing(
        key="internship_follow_up",
        name="Follow-up of internships and training of tutors",
        purpose="The school's trainer visits, the tutor's evaluation of the intern filled through an "
        "expiring link, and the tutor-training sessions with their attendance (IN7, IN10).",
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data_subjects=["students", "tutors", "the school's trainers"],
        categories=[
            "identity (name)",
            "notes of the visits",
            "evaluation of the competences worked on site",
            "attendance at tutor-training sessions",
        ],
        recipients=["the school", "the host site and its tutor", "the student"],
        retention="with the student's placement (students rule); evaluation links never used deleted "
        "30 days after they expired (PARTENARIA_RETENTION_DAYS evaluation_links, proposed); a tutor's "
        "training attendance while they are a tutor",
        models=[
            "internships.TrainerVisit",
            "internships.TutorEvaluation",
            "internships.TrainingAttendance",
        ],
        # The trainer's notes and the tutor's appreciation speak of the student by name.
        cleared_on_erasure=["internships.TrainerVisit.notes", "internships.TutorEvaluation.appreciation"],
        retention_rules=[
            RetentionRule(
                model="internships.TutorEvaluation",
                setting="evaluation_links",
                date_field="expires_at",
                pending={"submitted_at__isnull": True},
                delete=True,
            )
        ],
    )
)
