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


#: The chart's geometry (SVG user units): a bar's thickness, the gap inside a year and between years.
BAR, PAIR_GAP, YEAR_GAP, WIDTH, LABEL = 8, 2, 8, 300, 40


@register.simple_tag
def indicator_chart(line: Any) -> dict[str, Any]:
    """The bars of an indicator's years: the target and the figure, scaled to the largest (a chart
    drawn beside its data table, which is its text alternative)."""
    years = [y for y in line.years if y.target is not None or y.figure is not None]
    largest = max([abs(Decimal(v)) for y in years for v in (y.target, y.figure) if v is not None] or [Decimal(1)])
    largest = largest or Decimal(1)
    rows = []
    span = WIDTH - LABEL
    for index, year in enumerate(years):
        top = index * (2 * BAR + PAIR_GAP + YEAR_GAP)
        rows.append(
            {
                "year": year.year,
                "top": top,
                "label_y": top + BAR + PAIR_GAP // 2 + 3,
                "figure_y": top + BAR + PAIR_GAP,
                "target": int(abs(Decimal(year.target)) * span / largest) if year.target is not None else None,
                "figure": int(abs(Decimal(year.figure)) * span / largest) if year.figure is not None else None,
            }
        )
    height = max(len(years) * (2 * BAR + PAIR_GAP + YEAR_GAP), 1)
    return {"rows": rows, "height": height, "width": WIDTH, "left": LABEL, "bar": BAR}


@register.filter
def status_label(status: str, kind: str = "project") -> str:
    """A status code of a frozen report, in the reader's language."""
    from accord.events.models import EventAudience, EventKind, EventStatus  # noqa: PLC0415
    from accord.funding.models import ProjectStatus  # noqa: PLC0415
    from accord.planning.models import PlanStatus  # noqa: PLC0415

    choices = {
        "project": ProjectStatus,
        "plan": PlanStatus,
        "event": EventStatus,
        "event_kind": EventKind,
        "event_audience": EventAudience,
    }[kind]
    return str(dict(choices.choices).get(status, status))


@register.filter
def unit_label(unit: str) -> str:
    """A unit code of a frozen report, in the reader's language."""
    from accord.results.models import Unit  # noqa: PLC0415

    return str(dict(Unit.choices).get(unit, unit))
