"""Comparisons to targets: verdicts, gaps, shares reached and running totals (pure; property tests)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from accord.results.measures import Verdict, compare, figures, reached, running_totals

FIGURE = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2)
POSITIVE = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000"), places=2)
DIRECTION = st.sampled_from(["increase", "decrease"])
RANK = {Verdict.BEHIND: 0, Verdict.ON_TRACK: 1, Verdict.MET: 2}


def test_the_verdicts_on_examples():
    assert compare(Decimal(100), Decimal(100), "increase").verdict == Verdict.MET
    assert compare(Decimal(95), Decimal(100), "increase").verdict == Verdict.ON_TRACK
    assert compare(Decimal(89), Decimal(100), "increase").verdict == Verdict.BEHIND
    assert compare(Decimal(105), Decimal(100), "decrease").verdict == Verdict.ON_TRACK
    assert compare(Decimal(80), Decimal(100), "decrease").verdict == Verdict.MET
    comparison = compare(Decimal(75), Decimal(100), "increase")
    assert (comparison.gap, comparison.reached) == (Decimal(-25), Decimal("75.0"))
    assert reached(Decimal(80), Decimal(100), "decrease") == Decimal("125.0")


def test_nothing_to_compare_without_a_figure_or_a_target():
    assert compare(None, Decimal(1), "increase") is None
    assert compare(Decimal(1), None, "increase") is None


@given(FIGURE, FIGURE, DIRECTION)
def test_the_target_is_met_exactly_when_the_gap_is_not_negative(figure, target, direction):
    comparison = compare(figure, target, direction)
    assert (comparison.verdict == Verdict.MET) == (comparison.gap >= 0)
    assert comparison.gap == (figure - target if direction == "increase" else target - figure)


@given(FIGURE, FIGURE, POSITIVE, DIRECTION)
def test_a_better_figure_never_gets_a_worse_verdict(figure, target, step, direction):
    better = figure + step if direction == "increase" else figure - step
    assert RANK[compare(better, target, direction).verdict] >= RANK[compare(figure, target, direction).verdict]


@given(FIGURE, FIGURE)
def test_lower_is_better_is_higher_is_better_on_the_opposite_figures(figure, target):
    assert compare(figure, target, "decrease").verdict == compare(-figure, -target, "increase").verdict


@given(POSITIVE, POSITIVE, DIRECTION)
def test_the_share_reached_is_at_least_100_when_met_and_at_most_100_when_not(figure, target, direction):
    comparison = compare(figure, target, direction)
    assert comparison.reached is not None
    if comparison.verdict == Verdict.MET:
        assert comparison.reached >= 100
    else:
        assert comparison.reached <= 100


@given(st.dictionaries(st.integers(2020, 2030), POSITIVE), st.integers(2020, 2025), st.integers(0, 5))
def test_a_running_total_adds_the_approved_values_and_stops_at_the_first_gap(approved, first, length):
    years = list(range(first, first + length + 1))
    totals = running_totals(approved, years)
    for year in years:
        before = years[: years.index(year) + 1]
        if all(y in approved for y in before):
            assert totals[year] == sum((approved[y] for y in before), Decimal(0))
        else:
            assert totals[year] is None
    known = [totals[y] for y in years if totals[y] is not None]
    assert known == sorted(known)  # positive values: a running total never falls


def test_figures_of_a_cumulative_indicator_start_at_the_plans_first_year():
    approved = {2023: Decimal(5), 2024: Decimal(10), 2025: Decimal(20)}
    shown = figures(approved, [2023, 2024, 2025, 2026], cumulative=True, first_year=2024)
    assert shown == {2023: Decimal(5), 2024: Decimal(10), 2025: Decimal(30), 2026: None}
    assert figures(approved, [2024, 2025], cumulative=False) == {2024: Decimal(10), 2025: Decimal(20)}
