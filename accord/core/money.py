"""Amounts of money as Québec readers expect them: 4 000 000,00 $ in French, CA$4,000,000.00 in English."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

CENT = Decimal("0.01")
# Python writes 4,000,000.00; French swaps in a no-break space and a decimal comma. The same
# result as Django's number_format in each language (a test compares them), without
# activating the language for every amount: a dashboard shows hundreds of them.
_FRENCH = str.maketrans({",": "\u00a0", ".": ","})


def format_money(value: Decimal | int | None, language: str | None = None) -> str:
    """Dollars and cents in the active (or given) language; an empty string for no amount."""
    if value is None or value == "":
        return ""
    language = (language or translation.get_language() or "fr")[:2]
    amount = Decimal(value).quantize(CENT)
    digits = f"{abs(amount):,.2f}"
    text = f"CA${digits}" if language == "en" else f"{digits.translate(_FRENCH)}\u00a0$"
    return f"-{text}" if amount < 0 else text
