from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.formats import number_format
from hypothesis import given
from hypothesis import strategies as st

from accord.core.money import format_grouped, format_money

AMOUNTS = st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (Decimal("4000000"), "fr", "4\u00a0000\u00a0000,00\u00a0$"),
        (Decimal("4000000"), "en", "$4,000,000.00"),
        (Decimal("4800000.5"), "fr", "4\u00a0800\u00a0000,50\u00a0$"),
        (Decimal("-1234.567"), "en", "-$1,234.57"),
        (Decimal("-1234.567"), "fr", "-1\u00a0234,57\u00a0$"),
        (0, "fr", "0,00\u00a0$"),
        (Decimal("999.995"), "en", "$1,000.00"),
        (None, "fr", ""),
        ("", "en", ""),
    ],
)
def test_money_in_quebec_french_and_english(value, language, expected):
    assert format_money(value, language) == expected


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (Decimal("73600000"), "en", "$73,600,000"),
        (Decimal("73600000.49"), "fr", "73\u00a0600\u00a0000\u00a0$"),
        (Decimal("-1234.6"), "en", "-$1,235"),
        (None, "en", ""),
    ],
)
def test_whole_dollars_for_the_dashboard_cards(value, language, expected):
    assert format_money(value, language, cents=False) == expected


def test_english_canadian_amounts_read_dollars_not_ca_dollars():
    assert "CA" not in format_money(Decimal("73600000"), "en")


def test_money_follows_the_active_language():
    with translation.override("en"):
        assert format_money(Decimal("12.5")) == "$12.50"
    with translation.override("fr"):
        assert format_money(Decimal("12.5")) == "12,50\u00a0$"


@given(AMOUNTS, st.sampled_from(["fr", "en"]))
def test_money_writes_the_digits_django_writes(value, language):
    amount = value.quantize(Decimal("0.01"))
    with translation.override(language):
        digits = number_format(abs(amount), 2, use_l10n=True, force_grouping=True)
    text = format_money(value, language)
    assert digits in text
    assert text.startswith("-") == (amount < 0)


@given(AMOUNTS, st.sampled_from(["fr", "en"]))
def test_grouped_numbers_are_written_as_django_writes_them(value, language):
    with translation.override(language):
        expected = number_format(value, use_l10n=True, force_grouping=True)
    assert format_grouped(value, language) == expected


def test_grouped_numbers_follow_the_active_language():
    with translation.override("en"):
        assert format_grouped(Decimal("1250.5")) == "1,250.5"
    with translation.override("fr"):
        assert format_grouped(Decimal("-1250.5")) == "-1\u00a0250,5"
