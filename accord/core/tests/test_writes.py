"""Writes safe to repeat (decision 15): single-line text, safe email subjects, the form mixins."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from accord.core.forms import RevisionMixin, SubmissionTokenMixin, refuse_line_breaks
from accord.core.text import header_text
from accord.core.validation import reject_line_breaks

# Any text but NUL (refused at the door: RejectNulMiddleware and the NUL validators).
TEXT = st.text(st.characters(blacklist_characters="\x00"), max_size=60)


@pytest.mark.parametrize("value", ["a\nb", "a\r\nb", "a\rb", "Titre\r\nBcc: x@example.org"])
def test_single_line_text_refuses_cr_and_lf(value):
    with pytest.raises(ValidationError) as refused:
        reject_line_breaks(value)
    assert refused.value.code == "line_break"


def test_single_line_text_keeps_other_spaces():
    reject_line_breaks("Avis de convocation\u00a0: réunion\td'automne")


@given(TEXT)
def test_a_subject_never_holds_a_line_break(value):
    subject = header_text(value)
    assert "\r" not in subject and "\n" not in subject
    if not any(c in value for c in "\r\n\u2028\u2029\x85"):
        assert subject == value.strip()


class Sample(SubmissionTokenMixin, RevisionMixin, forms.Form):
    title = forms.CharField()
    text = forms.CharField(widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_line_breaks(self)


def test_each_drawn_form_has_its_own_token():
    assert Sample()["submission_token"].value() != Sample()["submission_token"].value()


def test_only_a_token_of_ours_is_used():
    assert Sample({"submission_token": "a" * 32}).submission_token == "a" * 32
    assert Sample({"submission_token": "x' OR 1=1"}).submission_token is None
    assert Sample({}).submission_token is None


def test_one_line_inputs_refuse_line_breaks_and_text_areas_keep_them():
    form = Sample({"title": "A\nB", "text": "Ligne 1\nLigne 2", "revision": "3"})
    assert not form.is_valid()
    assert list(form.errors) == ["title"]
    form = Sample({"title": "A", "text": "Ligne 1\nLigne 2", "revision": "3"})
    assert form.is_valid()
    assert form.revision == 3
