"""The common indicators' targets keep their verdict (IndicatorTarget.verdict): stored by the services,
counted by the dashboards.

The program's dashboard counts, for each common indicator, how many créneaux meet, near or miss their
target of the year. Comparing each target to its figure when the page is shown (the approved value
of the year, or for a cumulative indicator the running total since the plan's first year) cost the
ministry's page 1.4 s at the international scale (27,000 targets, three correlated subqueries each).
A target's verdict changes only when one of its facts does, so each service that changes one stores
the verdicts it touches again, in its own transaction (decision 45):

- a target is set or changed (`services.set_target`);
- a value of a common indicator is approved (`services.approve_value`): the targets of that
  indicator in the créneau's plans, from the value's year on (a running total counts it in the
  later years too). Approved values never change again, and the meaning of an indicator (its
  direction, whether it adds up) is fixed once it has values;
- a plan's first year changes (planning tells it through `planning.watchers`): the running totals
  start from it.

The verdicts are computed by the same query whether stored or checked (`selectors.target_verdicts`),
so the stored and the live readings cannot disagree. A plan's own indicators are compared on their
créneau's pages only, live: their targets keep no verdict (blank).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import QuerySet

from accord.planning.models import Plan

from . import selectors
from .models import IndicatorTarget, IndicatorValue

#: Targets read and stored at a time by `restate_all`.
BATCH = 5_000


def _kept(targets: QuerySet[IndicatorTarget]) -> QuerySet[IndicatorTarget]:
    return targets.filter(indicator__plan__isnull=True)


def _store(targets: QuerySet[IndicatorTarget]) -> int:
    """Compute these targets' verdicts and store them (one UPDATE per verdict)."""
    found = selectors.target_verdicts(targets)
    by_verdict: dict[str, list[int]] = defaultdict(list)
    for pk, verdict in found.items():
        by_verdict[verdict].append(pk)
    for verdict, ids in by_verdict.items():
        IndicatorTarget.objects.filter(pk__in=ids).update(verdict=verdict)
    return len(found)


def restate(targets: QuerySet[IndicatorTarget]) -> None:
    """Store again the verdicts of these targets (those of common indicators), in the caller's
    transaction, which holds the lock of their plans: called by every service that changes what
    they depend on, after the change."""
    with transaction.atomic():
        _store(_kept(targets))


def restate_value(value: IndicatorValue) -> None:
    """Store again the verdicts an approved value counts in: its indicator's targets in its créneau's
    plans, from its year on. The créneau's plans are locked first, as set_target and planning lock
    them: of two changes at once, the one that stores last computes after the other's commit."""
    with transaction.atomic():
        list(Plan.objects.select_for_update().filter(creneau_id=value.creneau_id).order_by("pk").values_list("pk"))
        restate(
            IndicatorTarget.objects.filter(
                plan__creneau_id=value.creneau_id, indicator_id=value.indicator_id, year__gte=value.year
            )
        )


def restate_plan(plan_id: int) -> None:
    """Store again the verdicts of a plan's targets: its first year changed (planning.watchers, in the
    transaction of the change, which holds the plan's lock)."""
    restate(IndicatorTarget.objects.filter(plan_id=plan_id))


def restate_all() -> int:
    """Compute and store every kept verdict again, a batch at a time: for data written without the
    services (the bench's synthetic data, the migration that added the verdicts). Returns the
    number of targets read."""
    ids = list(_kept(IndicatorTarget.objects.all()).order_by("pk").values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            done += _store(IndicatorTarget.objects.filter(pk__in=ids[start : start + BATCH]))
    return done
