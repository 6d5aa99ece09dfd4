"""How far along a plan is: pure arithmetic over values, no database.

An action's progress is the one entered by hand, else its status's default
(`DEFAULT_PROGRESS`); a cancelled action has none and counts for nothing. An objective's,
an axis's and a plan's progress is the weighted mean of their actions'
Σ(weight × progress) / Σ(weight), over the actions that count: weights add up across
levels, so a plan's figure is also its axes' figures weighted by their actions' weights.
The selectors compute the same sums in the database (`selectors.plan_figures`); a test
holds them to these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import ActionStatus

#: The progress a status stands for when nobody entered one. Cancelled: left out.
DEFAULT_PROGRESS: dict[str, int] = {
    ActionStatus.PLANNED: 0,
    ActionStatus.IN_PROGRESS: 50,
    ActionStatus.DELAYED: 25,
    ActionStatus.DONE: 100,
}

ZERO = Decimal("0")


def action_progress(status: str, override: int | None = None) -> int | None:
    """The action's progress in percent, or None for a cancelled action (it does not count)."""
    if status == ActionStatus.CANCELLED:
        return None
    if override is not None:
        return override
    return DEFAULT_PROGRESS[status]


@dataclass(frozen=True)
class Sums:
    """What a level's progress is computed from: Σ(weight × progress) and Σ(weight) of the actions that count."""

    weighted: Decimal = ZERO
    weights: Decimal = ZERO

    def __add__(self, other: Sums) -> Sums:
        return Sums(self.weighted + other.weighted, self.weights + other.weights)

    @property
    def progress(self) -> Decimal | None:
        """The weighted mean, in percent to one decimal; None when no action counts."""
        return mean(self.weighted, self.weights)


def mean(weighted: Decimal, weights: Decimal) -> Decimal | None:
    """Σ(weight × progress) / Σ(weight), rounded half up to a tenth; None without weight."""
    if not weights:
        return None
    return (Decimal(weighted) / Decimal(weights)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ActionValues:
    """An action as the roll-up sees it."""

    status: str
    weight: Decimal = Decimal("1")
    override: int | None = None


def sums(actions: Iterable[ActionValues]) -> Sums:
    """The sums of the actions that count (cancelled ones left out)."""
    total = Sums()
    for action in actions:
        value = action_progress(action.status, action.override)
        if value is not None:
            total += Sums(Decimal(action.weight) * value, Decimal(action.weight))
    return total


def roll_up(actions: Iterable[ActionValues]) -> Decimal | None:
    """The weighted progress of these actions (an objective's, an axis's or a plan's)."""
    return sums(actions).progress
