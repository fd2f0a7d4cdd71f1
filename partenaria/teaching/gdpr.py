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
