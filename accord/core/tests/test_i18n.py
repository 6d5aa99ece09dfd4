"""Text the system writes, stored as a key and parameters and read in the reader's language;
Canadian dates; French elision."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext_lazy

from accord.core.i18n import elides, in_french, message, register_choices, register_messages, render_message


class Colour(models.TextChoices):
    # Labels Django's own catalogue translates, so the test needs no entry of ours.
    YES = "yes", gettext_lazy("Yes")
    NO = "no", gettext_lazy("No")


register_messages(
    {
        "test.closing": gettext_lazy("Unspent at closing"),
        "test.proof": gettext_lazy("Proof: %(claim)s"),
        "test.outer": "%(inner)s / %(answer)s / %(amount)s / %(day)s",
    }
)
register_choices("test.colour", Colour)


def test_a_stored_message_reads_in_the_active_language():
    stored = message("test.closing")
    assert stored == {"key": "test.closing", "params": {}}
    with translation.override("fr"):
        assert render_message(stored) == "Non dépensé à la fermeture"
    with translation.override("en"):
        assert render_message(stored) == "Unspent at closing"


def test_free_text_parameters_stay_as_typed_and_the_frame_is_translated():
    stored = message("test.proof", claim="Facture 12 – étude")
    with translation.override("en"):
        assert render_message(stored) == "Proof: Facture 12 – étude"
    assert in_french(stored).endswith("Facture 12 – étude")
    assert in_french(stored) != "Proof: Facture 12 – étude"


def test_amounts_dates_choices_and_nested_messages_follow_the_reader():
    stored = message(
        "test.outer",
        inner=message("test.closing"),
        answer=Colour.YES,
        amount=Decimal("73600000"),
        day=datetime.date(2025, 10, 31),
    )
    with translation.override("en"):
        assert render_message(stored) == "Unspent at closing / Yes / $73,600,000.00 / October 31, 2025"
    with translation.override("fr"):
        assert render_message(stored) == (
            "Non dépensé à la fermeture / Oui / 73\u00a0600\u00a0000,00\u00a0$ / 31 octobre 2025"
        )


def test_rows_without_a_message_keep_their_free_text():
    assert render_message({}, "Raison tapée par une personne") == "Raison tapée par une personne"
    assert render_message(None, "") == ""
    # A key no longer registered (a message removed since) falls back on the words stored beside it.
    assert render_message({"key": "test.gone", "params": {}}, "Ancien texte") == "Ancien texte"


def test_an_unknown_key_or_unregistered_choices_are_refused_at_write_time():
    with pytest.raises(KeyError):
        message("test.never_registered")

    class Other(models.TextChoices):
        A = "a", "A"

    with pytest.raises(KeyError):
        message("test.proof", claim=Other.A)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ("31 octobre 2025", "2025-10-31", "2025-10-31 15:30")),
        ("en", ("October 31, 2025", "2025-10-31", "2025-10-31 15:30")),
    ],
)
def test_canadian_dates_in_both_languages_never_month_first(language, expected):
    moment = datetime.datetime(2025, 10, 31, 15, 30)
    with translation.override(language):
        shown = tuple(
            formats.date_format(moment, name) for name in ("DATE_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT")
        )
        assert shown == expected
        assert "10/31" not in formats.date_format(moment, "SHORT_DATE_FORMAT")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_date_fields_read_iso_dates_and_refuse_ambiguous_slashes_in_english(language):
    field = forms.DateField()
    with translation.override(language):
        assert field.clean("2025-10-31") == datetime.date(2025, 10, 31)
    with translation.override("en"), pytest.raises(forms.ValidationError):
        field.clean("10/31/2025")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Émilie Côté", True), ("Anne Ouellet", True), ("Yves Roy", True), ("Hélène Roy", False), ("Luc Roy", False)],
)
def test_french_elides_before_a_vowel(name, expected):
    assert elides(name) is expected
