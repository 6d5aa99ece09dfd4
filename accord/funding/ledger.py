"""What an envelope holds, and how it is shared between niches: the arithmetic, over values read
by the selectors (selectors.balances, selectors.equity). Pure: no database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from accord.core.money import CENT

from .models import ZERO
from .workflow import COMMITTED

ONE = Decimal("1")


@dataclass(frozen=True)
class Balance:
    """An envelope's figures. `available` is never typed in: it is the envelope minus commitments."""

    total: Decimal
    committed: Decimal
    disbursed: Decimal
    pipeline: Decimal

    @property
    def available(self) -> Decimal:
        return self.total - self.committed

    @property
    def forecast(self) -> Decimal:
        """What would be left if every project in the approval chain were granted as requested."""
        return self.available - self.pipeline


def total(balances: Iterable[Balance]) -> Balance:
    """The sum of the envelopes' balances."""
    balances = list(balances)
    return Balance(
        total=sum((balance.total for balance in balances), ZERO),
        committed=sum((balance.committed for balance in balances), ZERO),
        disbursed=sum((balance.disbursed for balance in balances), ZERO),
        pipeline=sum((balance.pipeline for balance in balances), ZERO),
    )


# --- Equity --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """A niche's part of an envelope against its fair share."""

    creneau_id: int
    name: str
    weight: Decimal
    target: Decimal
    committed: Decimal
    pipeline: Decimal
    margin: Decimal

    @property
    def ratio(self) -> Decimal | None:
        """Committed aid as a percentage of the target."""
        return (self.committed * 100 / self.target).quantize(Decimal("0.1")) if self.target else None

    @property
    def over_target(self) -> bool:
        return self.committed > self.target * (1 + self.margin / 100)

    def over_target_with(self, amount: Decimal) -> bool:
        """Whether granting `amount` more would take the niche above its target and margin."""
        return self.committed + amount > self.target * (1 + self.margin / 100)


def shares(
    *,
    amount: Decimal,
    margin: Decimal,
    niches: Sequence[tuple[int, str]],
    weights: Mapping[int, Decimal],
    held: Mapping[int, Decimal],
    links: Iterable[tuple[int, int, str, Decimal]],
) -> list[Share]:
    """Each niche's target (by weight, equal by default) of an envelope of `amount`, and what it has.

    `niches` are the region's (id, name); `held`, what each project holds on the ledger
    (commitments less releases); `links`, (project, niche, status, aid requested) of the
    projects granted or in the approval chain. A joint project's aid counts in equal parts
    for each of its niches.
    """
    total_weight = sum((weights.get(pk, ONE) for pk, _name in niches), Decimal("0"))
    committed_by: dict[int, Decimal] = defaultdict(lambda: ZERO)
    pipeline_by: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_project: dict[int, list[tuple[int, str, Decimal]]] = defaultdict(list)
    for project_id, creneau_id, status, requested in links:
        by_project[project_id].append((creneau_id, status, requested))
    for project_id, rows in by_project.items():
        for creneau_id, status, requested in rows:
            if status in COMMITTED:
                committed_by[creneau_id] += (held.get(project_id) or ZERO) / len(rows)
            else:
                pipeline_by[creneau_id] += requested / len(rows)
    result = []
    for pk, name in niches:
        weight = weights.get(pk, ONE)
        result.append(
            Share(
                creneau_id=pk,
                name=name,
                weight=weight,
                target=(amount * weight / total_weight).quantize(CENT) if total_weight else ZERO,
                committed=committed_by[pk].quantize(CENT),
                pipeline=pipeline_by[pk].quantize(CENT),
                margin=margin,
            )
        )
    return result


@dataclass(frozen=True)
class Excess:
    """A niche that a decision's `part` of the aid would take above its fair share plus the margin."""

    share: Share
    part: Decimal

    @property
    def reaching(self) -> Decimal:
        """What the niche would have committed with the decision."""
        return (self.share.committed + self.part).quantize(CENT)


def over_target(all_shares: Iterable[Share]) -> list[Share]:
    """The niches that have committed more than their fair share plus the margin."""
    return [share for share in all_shares if share.over_target]
