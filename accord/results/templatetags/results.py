"""How a figure of an indicator is written: dollars as money, a percentage with its sign, else a number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from accord.core.money import format_grouped, format_money

register = template.Library()


@register.filter
def figure(value: Any, unit: str = "") -> str:
    """4 000 000,00 $ / 12,5 % / 1 250 in French; $4,000,000.00 / 12.5 % / 1,250 in English; empty for None."""
    return _written(value, unit, translation.get_language())


def _written(value: Any, unit: str, language: str | None) -> str:
    """`figure` in `language`: digits, separators, signs and units only, nothing HTML would read."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if unit == "dollars":
        return format_money(value, language)
    exact = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    shown = format_grouped(exact, language)
    return f"{shown} %" if unit == "percent" else shown


#: The chart's geometry (SVG user units): a bar's thickness, the gap inside a year and between years.
BAR, PAIR_GAP, YEAR_GAP, WIDTH, LABEL = 8, 2, 8, 300, 40
#: The bars' colours: the target in grey, the figure in the Québec blue (their legend is the table's head).
COLOURS = {"target": "#5b6b7f", "figure": "#095797"}


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
    return {"rows": rows, "height": height, "figure": _figure(line, rows, height) if rows else ""}


def _figure(line: Any, rows: list[dict[str, Any]], height: int) -> SafeString:
    """The chart and its data table (its text alternative) as one block of HTML, with Django's
    `format_html`, which escapes every value (the indicator's name among them).

    Drawn here rather than in a template: a bilan draws a chart per indicator, a hundred or more, and
    the template engine resolved some forty variables and tags for each, two thirds of the page's
    time (decision 47)."""
    language, unit = translation.get_language(), line.unit
    body = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
        (
            (year.year, _written(year.target, unit, language) or "–", _written(year.figure, unit, language) or "–")
            for year in line.years
        ),
    )
    return format_html(
        '<figure class="bilan-chart"><figcaption>{}</figcaption>{}<table class="data-table chart-table">'
        '<caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{} {}</th><th scope="col">{} {}</th>'
        "</tr></thead><tbody>{}</tbody></table></figure>",
        gettext("%(indicator)s: target and figure by year") % {"indicator": line.name},
        _svg(rows, height),
        gettext("%(indicator)s: the chart's data") % {"indicator": line.name},
        gettext("Year"),
        _SWATCHES["target"],
        gettext("Target"),
        _SWATCHES["figure"],
        gettext("Figure"),
        body,
    )


#: A legend's colour swatch in the data table's head, hidden from assistive technology.
_SWATCHES = {
    key: format_html(
        '<svg aria-hidden="true" focusable="false" width="10" height="10">'
        '<rect width="10" height="10" fill="{}"/></svg>',
        colour,
    )
    for key, colour in COLOURS.items()
}


#: A bar of each kind, with what every bar shares written in once: its left, thickness and colour.
_BARS = {
    key: f'<rect x="{LABEL}" y="{{}}" width="{{}}" height="{BAR}" fill="{colour}"/>' for key, colour in COLOURS.items()
}


def _svg(rows: list[dict[str, Any]], height: int) -> SafeString:
    """The chart's drawing, hidden from assistive technology (its data table is its text alternative):
    the years' labels, then the targets' bars, then the figures'. Its coordinates are integers, never
    localised (a thousands separator would break them)."""
    labels = format_html_join(
        "", '<text x="0" y="{}" font-size="8" fill="#223654">{}</text>', ((r["label_y"], r["year"]) for r in rows)
    )
    targets = format_html_join("", _BARS["target"], ((r["top"], r["target"]) for r in rows if r["target"] is not None))
    figures = format_html_join(
        "", _BARS["figure"], ((r["figure_y"], r["figure"]) for r in rows if r["figure"] is not None)
    )
    return format_html(
        '<svg aria-hidden="true" focusable="false" viewBox="0 0 {} {}" width="{}" height="{}">{}{}{}</svg>',
        WIDTH,
        height,
        WIDTH,
        height,
        labels,
        targets,
        figures,
    )


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


@register.simple_tag
def verdict(comparison: Any) -> str:
    """A figure's verdict against its target as a badge, with the share of the target reached; empty
    without a comparison. A tag rather than a partial: a bilan shows one per indicator."""
    if not comparison:
        return ""
    labels = {"met": gettext("Target met"), "on_track": gettext("On track")}
    label = labels.get(comparison.verdict, gettext("Behind"))
    badge = format_html('<span class="badge verdict-{}">{}</span>', comparison.verdict, label)
    if comparison.reached is None:
        return badge
    share = gettext("%(share)s of the target") % {"share": figure(comparison.reached, "percent")}
    return format_html("{} {}", badge, share)
