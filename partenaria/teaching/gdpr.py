"""Processings of the teaching cooperation (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, RetentionRule, declare


def _erase_former_speakers_at_school(*, today, dry_run):
    """Agents whose last intervention at the school is more than the period old, holding no active
    role and named by no other record, are erased: the interventions stay, nameless."""
    from django.db.models import Q

    from partenaria.core import privacy
    from partenaria.organisations.gdpr import unlinked, without_role
    from partenaria.teaching.models import Intervention

    limit = privacy.retention_cutoff(today, "teaching")
    recent = Intervention.objects.filter(Q(starts_on__gte=limit) | Q(ends_on__gte=limit))
    people = (
        without_role(today)
        .filter(pk__in=Intervention.objects.exclude(agent=None).values("agent"))
        .exclude(pk__in=recent.exclude(agent=None).values("agent"))
    )
    people = unlinked(people, ignoring=("teaching.Intervention",))
    return privacy.retention_erase(people, dry_run=dry_run, kind="person")


declare(
    Processing(
        key="teaching",
        name="Interventions of the authority's agents at the school",
        purpose="Plan the agents' pedagogical participation (teaching, juries, selection, promotion of the "
        "jobs...), obtain the employer's approval the HR rules require (leave or head of service's "
        "approval) and send the annual provisional programme to the referents (PD1-PD3).",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["agents of the authority who intervene", "the school's and the employer's officers"],
        categories=[
            "identity of the agent (person of the organisation)",
            "dates, duration and pay of the intervention",
            "the employer's decision, its author and comment",
            "who asked, sent or confirmed (account)",
        ],
        recipients=["the school's managers", "the employer's managers and human-resources service"],
        retention="the convention's duration, then the school year's programme is archived with the "
        "partnership's records; the agents who hold no other role are anonymised 5 years after their "
        "last intervention (PARTENARIA_RETENTION_DAYS teaching, proposed)",
        models=["teaching.Intervention", "teaching.Programme"],
        retention_rules=[
            RetentionRule(
                model="teaching.Intervention", apply=_erase_former_speakers_at_school, setting="teaching"
            )
        ],
        cleared_on_erasure=["teaching.Intervention.decision_note", "teaching.Intervention.cancel_reason"],
    )
)

declare(
    Processing(
        key="teaching_documentation",
        name="Agents' registrations at the school's documentation centre",
        purpose="Give each agent of the authority access to the school's documentation centre and keep "
        "the version and date of the rules they accepted (PD6).",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["agents of the authority registered at the documentation centre"],
        categories=[
            "identity of the agent (person of the organisation)",
            "dates of registration and withdrawal",
            "version of the rules accepted and date of acceptance",
        ],
        recipients=[
            "the school's documentation centre",
            "the employer's managers and human-resources service",
        ],
        retention="while the access is open, then 1 year after its withdrawal (PARTENARIA_RETENTION_DAYS "
        "teaching_documentation, proposed), then deleted",
        models=["teaching.DocumentationAccess"],
        retention_rules=[
            RetentionRule(
                model="teaching.DocumentationAccess",
                date_field="withdrawn_on",
                delete=True,
                setting="teaching_documentation",
            )
        ],
    )
)

declare(
    Processing(
        key="teaching_speakers",
        name="Occasional speakers' charter and pedagogical competences",
        purpose="Analyse the pedagogical competences of the agents who intervene at the school against "
        "the diplomas' competence frameworks, under the occasional speakers' charter (PD4).",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["agents of the authority who intervene at the school"],
        categories=[
            "identity of the agent",
            "charter signed (version, date)",
            "competence blocks, level and comment of the analysis",
        ],
        recipients=["the school's managers", "the employer's managers"],
        retention="while the agent intervenes under the partnership; deleted with its analysis 3 years "
        "after its last change (PARTENARIA_RETENTION_DAYS teaching_speakers, proposed)",
        models=["teaching.Speaker", "teaching.SpeakerCompetence"],
        retention_rules=[
            RetentionRule(
                model="teaching.Speaker", date_field="updated_at", delete=True, setting="teaching_speakers"
            )
        ],
        cleared_on_erasure=["teaching.SpeakerCompetence.note"],
    )
)

declare(
    Processing(
        key="teaching_job_offers",
        name="Job offers relayed to new graduates",
        purpose="Hand the authority's job offers to the school and record how it relayed them (PD5); "
        "only the accounts of the officers who acted are kept, never the graduates'.",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["officers who published or relayed an offer"],
        categories=["account of the officer who published or relayed"],
        recipients=["the school's managers", "the employer's managers and human-resources service"],
        retention="2 years after the closing date of the offer (PARTENARIA_RETENTION_DAYS "
        "teaching_job_offers, proposed), then deleted; an offer without a closing date stays until "
        "the accounts of its officers are closed",
        models=["teaching.JobOffer"],
        retention_rules=[
            RetentionRule(
                model="teaching.JobOffer", date_field="closes_on", delete=True, setting="teaching_job_offers"
            )
        ],
    )
)
