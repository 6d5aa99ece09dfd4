"""How a figure of an indicator is written: dollars as money, a percentage with its sign, else a number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats

from accord.core.money import format_money

register = template.Library()


@register.filter
def figure(value: Any, unit: str = "") -> str:
    """4 000 000,00 $ / 12,5 % / 1 250 in French; $4,000,000.00 / 12.5 % / 1,250 in English; empty for None."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if unit == "dollars":
        return format_money(value)
    exact = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    shown = formats.number_format(exact, use_l10n=True, force_grouping=True)
    return f"{shown} %" if unit == "percent" else shown
