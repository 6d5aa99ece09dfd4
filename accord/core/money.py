"""Amounts of money as Québec readers expect them: 4 000 000,00 $ in French, $4,000,000.00 in English.

English-Canadian readers write "$": every amount here is in Canadian dollars, so "$" only adds
width (it overflowed the dashboard's cards).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

CENT = Decimal("0.01")
DOLLAR = Decimal("1")
# Python writes 4,000,000.00; French swaps in a no-break space and a decimal comma. The same
# result as Django's number_format in each language (a test compares them), without
# activating the language for every amount: a dashboard shows hundreds of them.
_FRENCH = str.maketrans({",": "\u00a0", ".": ","})


def format_money(value: Decimal | int | None, language: str | None = None, *, cents: bool = True) -> str:
    """Dollars and cents in the active (or given) language; an empty string for no amount.

    Without `cents`, whole dollars (rounded): the dashboard's cards, where 14 digits do not fit.
    """
    if value is None or value == "":
        return ""
    language = (language or translation.get_language() or "fr")[:2]
    amount = Decimal(value).quantize(CENT if cents else DOLLAR)
    digits = format_grouped(abs(amount), language)  # the quantum keeps the cents, or none
    text = f"${digits}" if language == "en" else f"{digits}\u00a0$"
    return f"-{text}" if amount < 0 else text


def format_grouped(value: Decimal, language: str | None = None) -> str:
    """A number with its thousands grouped, as Django's number_format(force_grouping=True) writes it in
    the active (or given) language (a test compares them): 1\u00a0250,5 in French, 1,250.5 in English.
    Every digit of `value` is kept. A bilan writes two thousand of them: this skips the format lookups."""
    language = (language or translation.get_language() or "fr")[:2]
    text = f"{value:,f}"
    return text if language == "en" else text.translate(_FRENCH)
