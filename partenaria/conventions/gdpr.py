"""The processing of partnership management (register of art. 30, see partenaria/core/gdpr.py).

One purpose, served by the models of several apps: conventions, governance, action plan, documents,
reports, money and reminders all name the people who sign, sit, act or record.
"""

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare

declare(
    Processing(
        key="partnerships",
        name="Management of partnership conventions",
        purpose="Prepare, approve, sign and follow the conventions between public authorities and "
        "social-work schools: representatives and signatories, committees and their members, actions "
        "and their owners, generated documents, payments, reminders (CV, GV, AP, FN).",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["elected members, agents and staff of the partner organisations"],
        categories=[
            "identity (name, title)",
            "role in a committee or an action",
            "acts recorded and their date",
        ],
        recipients=[
            "the officers of the parties of the partnership",
            "the public bodies that approve the conventions (reports to the assembly)",
        ],
        retention="the partnership's duration, then 10 years (proposed), then the public archives' rules "
        "(Code du patrimoine)",
        models=[
            "conventions.Party",
            "conventions.Denunciation",
            "conventions.Dispute",
            "conventions.DisputeStep",
            "governance.Seat",
            "governance.Action",
            "actionplan.Action",
            "actionplan.ProgressNote",
            "documents.GeneratedDocument",
            "reports.ProgressReport",
            "finance.Payment",
            "deadlines.ReminderSent",
        ],
        retention_rules=[
            RetentionRule(
                model="conventions.Party",
                kept_by_law="records of public bodies: kept as public archives, sorted and transferred "
                "under the archives' rules (Code du patrimoine L211-4 and L212-2), never deleted by the "
                "application; a person who asks is erased by name (privacy.person_anonymise)",
            )
        ],
    )
)
