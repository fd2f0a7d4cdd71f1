"""The register of processing activities (GDPR art. 30, trust 13) is generated from the code, and a
model holding personal data cannot be added without its declaration."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models
from django.test.utils import isolate_apps

from partenaria.core import gdpr


def test_every_model_holding_personal_data_is_declared_in_a_processing():
    assert not gdpr.undeclared(), (
        "Declare these models in their app's gdpr.py (purpose, legal basis, categories, recipients, "
        f"retention): {gdpr.undeclared()}"
    )


def test_every_declaration_names_existing_models_and_says_everything_the_register_needs():
    for processing in gdpr.processings():
        for label in processing.models:
            assert apps.get_model(label), label
        for name in ("purpose", "legal_basis", "retention"):
            assert getattr(processing, name).strip(), (processing.key, name)
        assert processing.data_subjects and processing.categories and processing.recipients, processing.key
        assert processing.legal_basis in vars(gdpr.LegalBasis).values(), processing.key


@isolate_apps("tests")
def test_the_detector_finds_names_contacts_and_links_to_people():
    from partenaria.organisations.models import Person

    class Registration(models.Model):
        event_title = models.CharField(max_length=100)
        email = models.EmailField()
        person = models.ForeignKey(Person, on_delete=models.CASCADE)

        class Meta:
            app_label = "tests"

        def __str__(self):
            return self.email

    class Room(models.Model):
        name = models.CharField(max_length=100)
        capacity = models.PositiveIntegerField()

        class Meta:
            app_label = "tests"

        def __str__(self):
            return self.name

    assert gdpr.personal_fields(Registration) == ["email", "person"]
    assert gdpr.personal_fields(Room) == []


def test_the_register_has_a_section_per_processing_with_its_models(capsys):
    call_command("gdpr_register")
    text = capsys.readouterr().out
    assert text.startswith("# Register of processing activities (GDPR art. 30)")
    for processing in gdpr.processings():
        assert f"## {processing.name}" in text
        assert processing.retention in text
    assert "`internships.Student`: user, first_name, last_name, email" in text


def test_the_register_refuses_to_be_written_while_a_model_is_undeclared(monkeypatch):
    monkeypatch.setattr(gdpr, "undeclared", lambda: ["events.Registration"])
    with pytest.raises(CommandError, match=r"events\.Registration"):
        call_command("gdpr_register")
