"""Processings of the internships app (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, declare

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
        retention="the end of the student's training, then 5 years (proposed); host-site contacts while "
        "they hold the role",
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
        retention="the end of the student's training, then 5 years (proposed); a tutor's training "
        "attendance while they are a tutor",
        models=[
            "internships.TrainerVisit",
            "internships.TutorEvaluation",
            "internships.TrainingAttendance",
        ],
        # The trainer's notes and the tutor's appreciation speak of the student by name.
        cleared_on_erasure=["internships.TrainerVisit.notes", "internships.TutorEvaluation.appreciation"],
    )
)
