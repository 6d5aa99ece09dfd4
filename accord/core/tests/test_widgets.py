from django import forms

from accord.core.widgets import FastSelect


class RegionForm(forms.Form):
    region = forms.ChoiceField(
        choices=[("", "Toutes"), ("05", "05 – Estrie"), ("16", "16 – Montérégie & <Co>")],
        widget=FastSelect,
        required=False,
        help_text="Aide",
    )


def test_fast_select_renders_like_a_select_with_the_value_selected_and_escaped():
    html = str(RegionForm(data={"region": "16"})["region"])
    assert html.startswith("<select ")
    for attribute in ('name="region"', 'id="id_region"', 'aria-describedby="id_region_helptext"'):
        assert attribute in html.split(">")[0]
    assert '<option value="16" selected>16 – Montérégie &amp; &lt;Co&gt;</option>' in html
    assert '<option value="05">05 – Estrie</option>' in html


def test_fast_select_marks_invalid_input():
    form = RegionForm(data={"region": "18"})
    assert not form.is_valid()
    assert 'aria-invalid="true"' in str(form["region"])
