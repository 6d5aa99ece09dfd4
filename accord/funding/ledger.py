"""What an envelope holds, read from its ledger; and how it is shared between niches."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, Sum, Value, When

from .models import ZERO, EntryKind, Envelope, EquityWeight, LedgerEntry, Project, ProjectCreneau
from .workflow import COMMITTED, PIPELINE


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


_SIGNED = Case(
    When(kind=EntryKind.COMMITMENT, then=F("amount")),
    When(kind=EntryKind.RELEASE, then=-F("amount")),
    default=Value(ZERO),
    output_field=DecimalField(max_digits=14, decimal_places=2),
)


def committed(envelope_id: int) -> Decimal:
    """Commitments less releases: what the envelope has promised."""
    return LedgerEntry.objects.filter(envelope_id=envelope_id).aggregate(c=Sum(_SIGNED))["c"] or ZERO


def balances(
    envelopes: Iterable[Envelope], pipeline: dict[tuple[int, int], Decimal] | None = None
) -> dict[int, Balance]:
    """The balance of each envelope, in two queries whatever their number.

    `pipeline`, the aid requested in the approval chain by (region, period), saves the second
    when the caller has already summed it.
    """
    envelopes = list(envelopes)
    ids = [e.pk for e in envelopes]
    sums = {
        row["envelope_id"]: row
        for row in LedgerEntry.objects.filter(envelope_id__in=ids)
        .values("envelope_id")
        .annotate(committed=Sum(_SIGNED), disbursed=Sum("amount", filter=Q(kind=EntryKind.DISBURSEMENT)))
        .order_by()
    }
    if pipeline is None:
        pipeline = requested_in_pipeline(envelopes)
    return {
        e.pk: Balance(
            total=e.amount,
            committed=sums.get(e.pk, {}).get("committed") or ZERO,
            disbursed=sums.get(e.pk, {}).get("disbursed") or ZERO,
            pipeline=pipeline.get((e.region_id, e.period_id), ZERO),
        )
        for e in envelopes
    }


def requested_in_pipeline(envelopes: list[Envelope]) -> dict[tuple[int, int], Decimal]:
    """The aid asked by the projects in the approval chain, by region and period (one query)."""
    return {
        (row["region_id"], row["period_id"]): row["requested"] or ZERO
        for row in Project.objects.filter(
            status__in=PIPELINE,
            region_id__in={e.region_id for e in envelopes},
            period_id__in={e.period_id for e in envelopes},
        )
        .values("region_id", "period_id")
        .annotate(requested=Sum("requested_amount"))
    }


def balance(envelope: Envelope) -> Balance:
    return balances([envelope])[envelope.pk]


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


def equity(envelope: Envelope) -> list[Share]:
    """Each niche of the region: its target (by weight, equal by default) and what it has.

    A joint project's aid counts in equal parts for each of its niches.
    """
    creneaux = list(envelope.region.creneaux.active().order_by("name_fr").only("pk", "name_fr", "name_en"))  # type: ignore[attr-defined]
    weights = dict(EquityWeight.objects.filter(envelope=envelope).values_list("creneau_id", "weight"))
    total_weight = sum((weights.get(c.pk, Decimal("1")) for c in creneaux), Decimal("0"))
    committed_by: dict[int, Decimal] = defaultdict(lambda: ZERO)
    pipeline_by: dict[int, Decimal] = defaultdict(lambda: ZERO)
    # What each project holds on the ledger: commitments less releases (a closed project
    # gave its unspent aid back).
    held = dict(
        LedgerEntry.objects.filter(envelope=envelope)
        .values("project_id")
        .annotate(net=Sum(_SIGNED))
        .values_list("project_id", "net")
    )
    links = ProjectCreneau.objects.filter(
        project__region_id=envelope.region_id,
        project__period_id=envelope.period_id,
        project__status__in=COMMITTED | PIPELINE,
    ).values_list("project_id", "creneau_id", "project__status", "project__requested_amount")
    by_project: dict[int, list[tuple[int, str, Decimal]]] = defaultdict(list)
    for project_id, creneau_id, status, requested in links:
        by_project[project_id].append((creneau_id, status, requested))
    for project_id, rows in by_project.items():
        for creneau_id, status, requested in rows:
            if status in COMMITTED:
                committed_by[creneau_id] += (held.get(project_id) or ZERO) / len(rows)
            else:
                pipeline_by[creneau_id] += requested / len(rows)
    shares = []
    for creneau in creneaux:
        pk = creneau.pk
        weight = weights.get(pk, Decimal("1"))
        target = (envelope.amount * weight / total_weight).quantize(Decimal("0.01")) if total_weight else ZERO
        shares.append(
            Share(
                creneau_id=pk,
                name=creneau.name,
                weight=weight,
                target=target,
                committed=committed_by[pk].quantize(Decimal("0.01")),
                pipeline=pipeline_by[pk].quantize(Decimal("0.01")),
                margin=envelope.equity_margin,
            )
        )
    return shares
