"""The progress of the plans written before it was kept (standing.restate_all and selectors.plan_progress,
with the models of this migration; progress.mean divides and rounds)."""

from django.db import migrations
from django.db.models import Case, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from accord.planning.progress import DEFAULT_PROGRESS, mean

AMOUNT = DecimalField(max_digits=20, decimal_places=2)


def state(apps, schema_editor):
    Action = apps.get_model("planning", "Action")
    Plan = apps.get_model("planning", "Plan")
    progress = Coalesce(
        F("progress"),
        Case(*(When(status=status, then=Value(value)) for status, value in DEFAULT_PROGRESS.items()), default=Value(0)),
    )
    counts = ~Q(status="cancelled")
    rows = (
        Action.objects.order_by()
        .values("objective__axis__plan_id")
        .annotate(
            weighted=Sum(F("weight") * progress, filter=counts, output_field=AMOUNT),
            weights=Sum("weight", filter=counts, output_field=AMOUNT),
        )
        .values_list("objective__axis__plan_id", "weighted", "weights")
    )
    by_progress = {}
    for plan_id, weighted, weights in rows.iterator():
        found = mean(weighted or 0, weights or 0)
        if found is not None:
            by_progress.setdefault(found, []).append(plan_id)
    for found, ids in by_progress.items():
        for start in range(0, len(ids), 5000):
            Plan.objects.filter(pk__in=ids[start : start + 5000]).update(kept_progress=found)


class Migration(migrations.Migration):
    dependencies = [("planning", "0003_plan_kept_progress")]

    operations = [migrations.RunPython(state, migrations.RunPython.noop)]
