"""How a figure of an indicator is written: dollars as money, a percentage with its sign, else a number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils import translation
from django.utils.translation import gettext
from django.utils.safestring import SafeString, mark_safe

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
    """The chart and its data table (its text alternative) as one block of HTML.

    Written here rather than in a template: a bilan draws a chart per indicator, a hundred or more,
    and the template engine resolved some forty variables and tags for each, two thirds of the page's
    time. The indicator's name is escaped; every other value is a figure (`_written`: nothing to
    escape), an integer, or a text of our catalogue."""
    name = escape(line.name)
    language = translation.get_language()
    head = (
        f'<thead><tr><th scope="col">{escape(gettext("Year"))}</th>'
        f"<th scope=\"col\">{_SWATCH.format(COLOURS['target'])} {escape(gettext('Target'))}</th>"
        f"<th scope=\"col\">{_SWATCH.format(COLOURS['figure'])} {escape(gettext('Figure'))}</th></tr></thead>"
    )
    body = "".join(
        f'<tr><th scope="row">{int(year.year)}</th><td>{_written(year.target, line.unit, language) or "–"}</td>'
        f'<td>{_written(year.figure, line.unit, language) or "–"}</td></tr>'
        for year in line.years
    )
    caption = gettext("%(indicator)s: target and figure by year") % {"indicator": name}
    table_caption = gettext("%(indicator)s: the chart's data") % {"indicator": name}
    return mark_safe(  # noqa: S308 - escaped above
        f'<figure class="bilan-chart"><figcaption>{caption}</figcaption>{_svg(rows, height)}'
        f'<table class="data-table chart-table"><caption>{table_caption}</caption>{head}<tbody>{body}</tbody>'
        "</table></figure>"
    )


#: A legend's colour swatch in the data table's head, hidden from assistive technology.
_SWATCH = '<svg aria-hidden="true" focusable="false" width="10" height="10"><rect width="10" height="10" fill="{}"/></svg>'


def _svg(rows: list[dict[str, Any]], height: int) -> SafeString:
    """The chart's drawing, hidden from assistive technology (its data table is its text alternative).

    Written here rather than in the template: a bilan draws a chart per indicator, and a template
    resolves a dozen variables per year of each. Every number is an integer (`int()` below), so the
    markup holds nothing to escape; the coordinates are never localised."""
    bars = []
    for row in rows:
        bars.append(f'<text x="0" y="{int(row["label_y"])}" font-size="8" fill="#223654">{int(row["year"])}</text>')
        for key, y in (("target", row["top"]), ("figure", row["figure_y"])):
            if row[key] is not None:
                bars.append(
                    f'<rect x="{LABEL}" y="{int(y)}" width="{int(row[key])}" height="{BAR}" fill="{COLOURS[key]}"/>'
                )
    return mark_safe(  # noqa: S308 - integers and this module's constants only
        f'<svg aria-hidden="true" focusable="false" viewBox="0 0 {WIDTH} {int(height)}" width="{WIDTH}" '
        f'height="{int(height)}">{"".join(bars)}</svg>'
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
    badge = format_html(
        '<span class="badge verdict-{}">{}</span>', comparison.verdict, labels.get(comparison.verdict, gettext("Behind"))
    )
    if comparison.reached is None:
        return badge
    share = gettext("%(share)s of the target") % {"share": figure(comparison.reached, "percent")}
    return format_html("{} {}", badge, share)

