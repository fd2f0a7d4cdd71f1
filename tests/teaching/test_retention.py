"""Retention of the teaching cooperation's personal data (trust 14): each rule with an expired and a
recent canary, through `manage.py apply_retention`'s service (see tests/core/test_retention.py)."""

import datetime

from partenaria.teaching.models import DocumentationAccess, Intervention, JobOffer, Speaker
from tests.core.test_retention import LONG_AGO, backdate, check_rule
from tests.factories import PersonFactory
from tests.teaching.factories import InterventionFactory


def test_agents_are_anonymised_five_years_after_their_last_intervention_the_intervention_kept(db):
    old = InterventionFactory(starts_on=datetime.date(2016, 11, 14), school_year=2016)
    recent = InterventionFactory(starts_on=datetime.date(2025, 11, 14), school_year=2025)
    Intervention.objects.filter(pk=old.pk).update(theme="Jury du DEES 2017")
    for agent, name in ((old.agent, "Canariformatrice"), (recent.agent, "Canarijure")):
        type(agent).objects.filter(pk=agent.pk).update(last_name=name, updated_at=LONG_AGO)

    check_rule(("teaching", "teaching.Intervention"), gone="Canariformatrice", kept="Canarijure")
    assert Intervention.objects.get(pk=old.pk).theme == "Jury du DEES 2017"  # the history stays


def test_documentation_centre_registrations_are_deleted_a_year_after_their_withdrawal(db):
    ended, still = InterventionFactory(), InterventionFactory()
    common = {"rules_version": "Règlement 2019", "registered_on": datetime.date(2019, 9, 2)}
    common["rules_accepted_on"] = common["registered_on"]
    for intervention, withdrawn, version in (
        (ended, datetime.date(2021, 6, 30), "Canariretrait"),
        (still, datetime.date(2026, 6, 30), "Canarirecent"),
    ):
        DocumentationAccess.objects.create(
            partnership=intervention.partnership,
            school=intervention.school,
            agent=intervention.agent,
            withdrawn_on=withdrawn,
            **{**common, "rules_version": version},
        )

    check_rule(
        ("teaching_documentation", "teaching.DocumentationAccess"), gone="Canariretrait", kept="Canarirecent"
    )


def test_speakers_records_are_deleted_three_years_after_their_last_change(db):
    intervention = InterventionFactory()
    for version, when in (("Charte Canariancienne", LONG_AGO), ("Charte Canarisignee", None)):
        speaker = Speaker.objects.create(
            partnership=intervention.partnership,
            school=intervention.school,
            agent=PersonFactory(organisation=intervention.agent.organisation),
            charter_version=version,
            charter_signed_on=datetime.date(2015, 1, 5),
        )
        if when:
            backdate(speaker, updated_at=when)

    check_rule(("teaching_speakers", "teaching.Speaker"), gone="Canariancienne", kept="Canarisignee")


def test_job_offers_are_deleted_two_years_after_their_closing_date(db):
    intervention = InterventionFactory()
    for title, closes in (
        ("Canari assistant social 2022", datetime.date(2022, 3, 31)),
        ("Canari éducateur", datetime.date(2026, 1, 31)),
    ):
        JobOffer.objects.create(
            partnership=intervention.partnership,
            employer=intervention.agent.organisation,
            title=title,
            closes_on=closes,
        )

    check_rule(
        ("teaching_job_offers", "teaching.JobOffer"),
        gone="Canari assistant social 2022",
        kept="Canari éducateur",
    )
