from django import forms

from partenaria.core.forms import FastSelect


class PickForm(forms.Form):
    partnership = forms.TypedChoiceField(
        choices=[("", "Tous"), (1, "Askoria & <Département>"), (2, "ISSM")],
        coerce=int,
        required=False,
        widget=FastSelect,
    )


def test_the_fast_select_renders_like_a_select_escaped_with_the_choice_selected():
    html = str(PickForm({"partnership": "2"})["partnership"])
    assert html.startswith('<select id="id_partnership" name="partnership"')
    assert '<option value="2" selected>ISSM</option>' in html
    assert '<option value="1">Askoria &amp; &lt;Département&gt;</option>' in html
    assert '<option value="" selected>' not in html
