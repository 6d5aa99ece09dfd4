"""The bilan's charts and verdict badges, drawn by the `results` template tags (decision 47): the
markup the templates wrote before, the indicator's name escaped, figures in the reader's language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from accord.results import measures, report
from accord.results.templatetags.results import figure, indicator_chart, verdict


def line(name: str = "Emplois", unit: str = "count", **kwargs) -> report.IndicatorLine:
    years = kwargs.pop(
        "years",
        (
            report.YearFigure(2024, Decimal("1000"), Decimal("1250.5")),
            report.YearFigure(2025, Decimal("2000"), None),
            report.YearFigure(2026, None, None),
        ),
    )
    return report.IndicatorLine(name_fr=name, name_en=name, unit=unit, years=years, **kwargs)


def test_the_chart_draws_a_bar_for_each_known_target_and_figure_scaled_to_the_largest():
    chart = indicator_chart(line())
    # 2026 has neither: no row. The largest (2 000) spans the 260 units right of the labels.
    assert [(row["year"], row["target"], row["figure"]) for row in chart["rows"]] == [
        (2024, 130, 162),
        (2025, 260, None),
    ]
    svg = str(chart["figure"])
    assert svg.count("<rect x=") == 3 and 'width="260"' in svg and 'aria-hidden="true"' in svg


def test_the_data_table_writes_every_year_in_the_readers_language():
    with translation.override("fr"):
        french = str(indicator_chart(line())["figure"])
    with translation.override("en"):
        english = str(indicator_chart(line())["figure"])
    assert "<td>1\u00a0250,5</td>" in french and "cible et donnée par année" in french
    assert "<td>1,250.5</td>" in english and "Emplois: target and figure by year" in english
    # A year with neither is still a row of the table, written "–".
    assert '<th scope="row">2026</th><td>–</td><td>–</td>' in english


def test_an_indicators_name_is_escaped_in_the_chart():
    hostile = '<script>alert("x")</script>'
    with translation.override("en"):
        html = str(indicator_chart(line(name=hostile))["figure"])
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_a_chart_with_no_target_and_no_figure_draws_nothing():
    empty = line(years=(report.YearFigure(2025, None, None),))
    assert indicator_chart(empty)["rows"] == [] and indicator_chart(empty)["figure"] == ""


@pytest.mark.parametrize(
    ("figure_", "target", "expected"),
    [
        (Decimal("12"), Decimal("10"), ('verdict-met">Target met</span>', "120 % of the target")),
        (Decimal("95"), Decimal("100"), ('verdict-on_track">On track</span>', "95 % of the target")),
        (Decimal("50"), Decimal("100"), ('verdict-behind">Behind</span>', "50 % of the target")),
    ],
)
def test_the_verdict_badge_names_the_verdict_and_the_share_reached(figure_, target, expected):
    with translation.override("en"):
        html = str(verdict(measures.compare(figure_, target, "increase")))
    assert all(part in html for part in expected)


def test_no_comparison_no_badge_and_the_tag_works_in_a_template():
    assert verdict(None) == ""
    rendered = Template("{% load results %}{% verdict comparison %}").render(
        Context({"comparison": measures.compare(Decimal(5), Decimal(4), "decrease")})
    )
    with translation.override("fr"):
        french = Template("{% load results %}{% verdict comparison %}").render(
            Context({"comparison": measures.compare(Decimal(5), Decimal(4), "decrease")})
        )
    # Lower is better: 5 against 4 is short by a quarter of the target.
    assert "verdict-behind" in rendered and "En retard" in french


def test_figures_follow_the_unit():
    with translation.override("en"):
        assert figure(Decimal("4000000"), "dollars") == "$4,000,000.00"
        assert figure(Decimal("12.50"), "percent") == "12.5 %"
        assert figure(Decimal("1250.00")) == "1,250"
        assert figure(None) == ""
