"""Processings of the teaching cooperation (register of art. 30, see partenaria/core/gdpr.py)."""

from partenaria.core.gdpr import LegalBasis, Processing, declare

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
        "partnership's records (proposed: 5 years after the school year)",
        models=["teaching.Intervention", "teaching.Programme"],
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
        retention="while the access is open, then 1 year after its withdrawal (proposed)",
        models=["teaching.DocumentationAccess"],
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
        retention="while the agent intervenes under the partnership, then deleted at the end of the "
        "convention (proposed)",
        models=["teaching.Speaker", "teaching.SpeakerCompetence"],
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
        retention="2 years after the closing date of the offer (proposed)",
        models=["teaching.JobOffer"],
    )
)
