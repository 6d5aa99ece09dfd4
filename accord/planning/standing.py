"""The plans keep their weighted progress (Plan.kept_progress): stored by the services, read by the
results' dashboards.

The program's dashboard shows, for each créneau, how far its plan of the year has come, in bands.
Rolling up the actions of every plan chosen when the page is shown (Σ(weight × progress) and
Σ(weight) over the actions that count, joined through their objectives and axes) cost the ministry's
page 50 ms at the international scale (3,000 plans). A plan's progress changes only when one of its
actions does, so each service that changes them stores the plan's progress again, in its own
transaction, after the change, with the plan locked (the amendment to decision 45):

- an action is added (`services.add_action`), changed (`services.update_action`: its status, the
  progress entered, its weight) or removed (`services.remove_action`);
- an objective or an axis is removed with its actions (`services.remove_objective`,
  `services.remove_axis`).

Nothing else changes it: adding or changing an axis or an objective moves no action between plans,
and a plan is created without actions (no figure). The kept progress is computed by the same query
whether stored or shown (`selectors.plan_progress`, `progress.mean` for the division), so the kept
and the live readings cannot disagree. Planning's own pages still roll the figures up live: they show
the axes', the objectives' and the budgets too, from one query over one plan's actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from . import selectors
from .models import Plan

#: Plans read and stored at a time by `restate_all`.
BATCH = 2_000


def _progress(plan_ids: Sequence[int]) -> dict[int, Decimal | None]:
    """These plans' progress as the roll-up computes it (None for a plan with no action that counts)."""
    figures = selectors.plan_progress(Plan.objects.filter(pk__in=list(plan_ids)))
    return {pk: figures[pk].progress if pk in figures else None for pk in plan_ids}


def restate(plan_id: int) -> None:
    """Store again the plan's kept progress, in the caller's transaction, which holds the plan's lock:
    called by every service that changes the plan's actions, after the change."""
    with transaction.atomic():
        Plan.objects.filter(pk=plan_id).update(kept_progress=_progress([plan_id])[plan_id])


def restate_all() -> int:
    """Compute and store every plan's kept progress again, a batch at a time: for data written without
    the services (the bench's synthetic plans). Returns the number of plans read."""
    ids = list(Plan.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            found = _progress(ids[start : start + BATCH])
            rows = [Plan(pk=pk, kept_progress=progress) for pk, progress in found.items()]
            Plan.objects.bulk_update(rows, ["kept_progress"], batch_size=500)
    return len(ids)
