"""Amounts of money as Québec readers expect them: 4 000 000,00 $ in French, CA$4,000,000.00 in English."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format


def format_money(value: Decimal | int | None, language: str | None = None) -> str:
    """Dollars and cents in the active (or given) language; an empty string for no amount."""
    if value is None or value == "":
        return ""
    language = (language or translation.get_language() or "fr")[:2]
    amount = Decimal(value).quantize(Decimal("0.01"))
    negative = amount < 0
    with translation.override(language):
        digits = number_format(abs(amount), 2, use_l10n=True, force_grouping=True)
    text = f"CA${digits}" if language == "en" else f"{digits}\u00a0$"
    return f"-{text}" if negative else text
