"""How a créneau's figures compare to its targets: pure functions over values, no database.

- A year's **figure** is its approved value, or for a cumulative indicator the running total of
  the approved values from the plan's first year to that year (unknown as soon as one of those
  years has no approved value: a gap is not a zero).
- The figure **meets** the target when it reaches it in the indicator's direction (at least the
  target when higher is better, at most when lower is better). Short of it by no more than
  ON_TRACK_TOLERANCE of the target, it is **on track**; further off, **behind**.
- The **gap** is how far past the target the figure is in the good direction (negative: short).
- The **share reached** is figure ÷ target (higher is better) or target ÷ figure (lower is
  better), in percent to a tenth, rounded half up; undefined when the divisor is not positive.
  It is at least 100 when the target is met.

For the dashboards (decision 38), over the database's aggregates: a cumulative figure from a sum and
a count of years (`running_figure`), shares of a whole, a figure **per member enterprise** (none for a
size of zero), the **median** and the **ranks** of the créneaux compared.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .models import Direction

ON_TRACK_TOLERANCE = Decimal("0.10")
TENTH = Decimal("0.1")


class Verdict(StrEnum):
    MET = "met"
    ON_TRACK = "on_track"
    BEHIND = "behind"


@dataclass(frozen=True)
class Comparison:
    """A figure against its target: the verdict, the gap and the share of the target reached."""

    verdict: Verdict
    gap: Decimal
    reached: Decimal | None


def _signed(direction: str, value: Decimal) -> Decimal:
    # Lower is better is higher is better on the opposite figures.
    return value if direction == Direction.INCREASE else -value


def compare(figure: Decimal | None, target: Decimal | None, direction: str) -> Comparison | None:
    """The comparison of a year's figure to its target; None when either is unknown."""
    if figure is None or target is None:
        return None
    gap = _signed(direction, figure) - _signed(direction, target)
    if gap >= 0:
        verdict = Verdict.MET
    elif -gap <= abs(target) * ON_TRACK_TOLERANCE:
        verdict = Verdict.ON_TRACK
    else:
        verdict = Verdict.BEHIND
    return Comparison(verdict, gap, reached(figure, target, direction))


def reached(figure: Decimal, target: Decimal, direction: str) -> Decimal | None:
    """The share of the target reached, in percent to a tenth; None when it means nothing."""
    numerator, divisor = (figure, target) if direction == Direction.INCREASE else (target, figure)
    if divisor <= 0 or numerator < 0:
        return None
    return (numerator * 100 / divisor).quantize(TENTH, rounding=ROUND_HALF_UP)


def running_totals(approved: Mapping[int, Decimal], years: Iterable[int]) -> dict[int, Decimal | None]:
    """Each year's running total of the approved values from the first of `years` (in order);
    None from the first year without an approved value on."""
    totals: dict[int, Decimal | None] = {}
    total: Decimal | None = Decimal(0)
    for year in sorted(years):
        if total is not None:
            total = total + approved[year] if year in approved else None
        totals[year] = total
    return totals


def figures(
    approved: Mapping[int, Decimal], years: Iterable[int], *, cumulative: bool, first_year: int | None = None
) -> dict[int, Decimal | None]:
    """The figure of each year: the approved value, or for a cumulative indicator the running
    total from `first_year` (the plan's; years before it stand on their own)."""
    years = sorted(years)
    if not cumulative:
        return {year: approved.get(year) for year in years}
    start = years[0] if first_year is None else first_year
    result: dict[int, Decimal | None] = {year: approved.get(year) for year in years if year < start}
    result.update(running_totals(approved, [year for year in years if year >= start]))
    return result


# --- Dashboards and benchmarking (decision 38) -------------------------------------------------

HUNDREDTH = Decimal("0.01")


def running_figure(total: Decimal | None, years_counted: int | None, first_year: int, year: int) -> Decimal | None:
    """A cumulative indicator's figure of `year` from the database's aggregate of the approved values
    from `first_year` to `year` (their sum and how many years have one): the running total, unknown
    when one of those years has no approved value (a gap is not a zero, as `running_totals`)."""
    if total is None or year < first_year or years_counted != year - first_year + 1:
        return None
    return total


def share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent, to a tenth, rounded half up; None when the whole is empty."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / whole).quantize(TENTH, rounding=ROUND_HALF_UP)


def per_member(value: Decimal | None, size: int | None) -> Decimal | None:
    """A figure per member enterprise, to the hundredth, rounded half up; None when the figure is
    unknown or the créneau has no member enterprise (never a division by zero)."""
    if value is None or not size or size <= 0:
        return None
    return (Decimal(value) / size).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def median(values: Iterable[Decimal | None]) -> Decimal | None:
    """The median of the known figures (the mean of the two middle ones for an even count); None without any."""
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    middle = len(known) // 2
    if len(known) % 2:
        return known[middle]
    return (known[middle - 1] + known[middle]) / 2


def ranks(values: Sequence[Decimal | None], direction: str) -> list[int | None]:
    """Each figure's rank among the known ones, the best first in the indicator's direction (the
    highest when higher is better); equal figures share a rank and the next rank skips (1, 2, 2, 4);
    an unknown figure has none."""
    known = sorted(_signed(direction, v) for v in values if v is not None)
    # The rank is one more than the number of figures better than this one.
    return [None if v is None else 1 + len(known) - bisect_right(known, _signed(direction, v)) for v in values]
