"""A text pasted from Word or a PDF brings control characters; none of them may break a document or a
spreadsheet, and the line breaks they stand for are kept (core/text.py, core/spreadsheets.py)."""

import csv
import io

import pytest
from django import forms
from django.urls import reverse
from openpyxl import load_workbook

from partenaria.core.forms import StyledFormMixin
from partenaria.core.text import clean_text
from tests.factories import ConventionFactory

# Word's manual line break (vertical tab), a page break (form feed), a bell and an escape.
PASTED = "Comité de pilotage\x0bDeux réunions par an\x0cAnnexe\x07 financière\x1b"


def test_word_breaks_become_line_feeds_and_other_controls_are_removed():
    assert clean_text(PASTED) == "Comité de pilotage\nDeux réunions par an\nAnnexe financière"
    assert clean_text("Tabulation\tet\r\nretour") == "Tabulation\tet\r\nretour"
    assert clean_text("Accents é, tirets – et emoji \U0001f600") == "Accents é, tirets – et emoji \U0001f600"


class _Note(StyledFormMixin, forms.Form):
    text = forms.CharField(widget=forms.Textarea)


def test_a_form_keeps_the_pasted_text_without_its_control_characters():
    form = _Note({"text": PASTED})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["text"] == "Comité de pilotage\nDeux réunions par an\nAnnexe financière"


@pytest.mark.django_db
def test_the_exports_hold_a_title_with_control_characters_and_a_formula(client, two_partnerships):
    setting = two_partnerships
    ConventionFactory(partnership=setting["a"]["partnership"], title="=SOMME(A1)\x07 Annexe\x0bfinancière")
    client.force_login(setting["a"]["officer"])

    sheet = load_workbook(
        io.BytesIO(client.get(reverse("conventions:convention_export_xlsx")).content)
    ).active
    assert "'=SOMME(A1) Annexe\nfinancière" in {row[0] for row in sheet.values}

    text = client.get(reverse("conventions:convention_export_csv")).content.decode("utf-8-sig")
    titles = {row[0] for row in csv.reader(io.StringIO(text), delimiter=";")}
    assert "'=SOMME(A1) Annexe\nfinancière" in titles
