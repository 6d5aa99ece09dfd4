"""Comparisons to targets: verdicts, gaps, shares reached and running totals; the dashboards' running
figures, shares, figures per member, medians and ranks (pure; property tests)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from accord.results.measures import (
    Verdict,
    compare,
    figures,
    median,
    per_member,
    ranks,
    reached,
    running_figure,
    running_totals,
    share,
)

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


# --- Dashboards and benchmarking (decision 38) -------------------------------------------------


def test_the_databases_running_total_counts_only_without_a_gap():
    # 2024 to 2026: three years, each with an approved value.
    assert running_figure(Decimal(30), 3, 2024, 2026) == Decimal(30)
    # One year without: unknown, as running_totals says.
    assert running_figure(Decimal(20), 2, 2024, 2026) is None
    assert running_totals({2024: Decimal(10), 2026: Decimal(10)}, [2024, 2025, 2026])[2026] is None
    assert running_figure(None, 0, 2024, 2026) is None
    assert running_figure(Decimal(5), 1, 2024, 2023) is None


@given(st.dictionaries(st.integers(2020, 2026), POSITIVE), st.integers(2020, 2026))
def test_the_databases_running_total_agrees_with_the_pure_one(approved, year):
    years = list(range(2020, year + 1))
    in_range = {y: v for y, v in approved.items() if y <= year}
    total = sum(in_range.values(), Decimal(0)) if in_range else None
    assert running_figure(total, len(in_range), 2020, year) == running_totals(approved, years)[year]


def test_a_figure_per_member_never_divides_by_zero():
    assert per_member(Decimal(100), 8) == Decimal("12.50")
    assert per_member(Decimal(100), 3) == Decimal("33.33")
    assert per_member(Decimal(100), 0) is None
    assert per_member(Decimal(100), None) is None
    assert per_member(None, 5) is None


def test_the_share_of_an_empty_whole_is_none():
    assert share(1, 3) == Decimal("33.3")
    assert share(2, 3) == Decimal("66.7")
    assert share(0, 0) is None


def test_the_median_of_the_known_figures():
    assert median([Decimal(3), None, Decimal(1), Decimal(2)]) == Decimal(2)
    assert median([Decimal(4), Decimal(1), Decimal(2), Decimal(3)]) == Decimal("2.5")
    assert median([None, None]) is None


def test_ranks_put_the_best_first_share_ties_and_skip_the_unknown():
    values = [Decimal(5), None, Decimal(9), Decimal(5), Decimal(1)]
    assert ranks(values, "increase") == [2, None, 1, 2, 4]
    assert ranks(values, "decrease") == [2, None, 4, 2, 1]
    assert ranks([], "increase") == []


@given(st.lists(st.one_of(st.none(), FIGURE), max_size=30), DIRECTION)
def test_a_better_figure_never_has_a_worse_rank(values, direction):
    ranked = ranks(values, direction)
    known = [(v, r) for v, r in zip(values, ranked, strict=True) if v is not None]
    assert all(r is None for v, r in zip(values, ranked, strict=True) if v is None)
    for value, rank in known:
        for other, other_rank in known:
            better = other > value if direction == "increase" else other < value
            if better:
                assert other_rank < rank
            if other == value:
                assert other_rank == rank
    if known:
        assert min(r for _v, r in known) == 1
