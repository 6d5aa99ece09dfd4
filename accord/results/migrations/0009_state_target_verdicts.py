"""The verdicts of the common indicators' targets set before they were kept (standing.restate_all and
selectors.target_verdicts, with the models of this migration; measures.py compares)."""

from django.db import migrations
from django.db.models import Count, OuterRef, Subquery, Sum

from accord.results import measures


def state(apps, schema_editor):
    IndicatorTarget = apps.get_model("results", "IndicatorTarget")
    IndicatorValue = apps.get_model("results", "IndicatorValue")
    approved = IndicatorValue.objects.filter(
        status="approved", creneau_id=OuterRef("plan__creneau_id"), indicator_id=OuterRef("indicator_id")
    ).order_by()
    since_first = approved.filter(year__gte=OuterRef("plan__first_year"), year__lte=OuterRef("year")).values(
        "indicator_id"
    )
    rows = (
        IndicatorTarget.objects.filter(indicator__plan__isnull=True)
        .order_by()
        .annotate(
            approved=Subquery(approved.filter(year=OuterRef("year")).values("value")[:1]),
            running=Subquery(since_first.annotate(total=Sum("value")).values("total")[:1]),
            counted=Subquery(since_first.annotate(n=Count("pk")).values("n")[:1]),
        )
        .values_list(
            "pk",
            "year",
            "value",
            "approved",
            "running",
            "counted",
            "plan__first_year",
            "indicator__cumulative",
            "indicator__direction",
        )
    )
    by_verdict = {}
    for pk, year, target, value, running, counted, first_year, cumulative, direction in rows.iterator():
        figure = measures.running_figure(running, counted, first_year, year) if cumulative else value
        comparison = measures.compare(figure, target, direction)
        by_verdict.setdefault(comparison.verdict.value if comparison is not None else "unknown", []).append(pk)
    for verdict, ids in by_verdict.items():
        for start in range(0, len(ids), 5000):
            IndicatorTarget.objects.filter(pk__in=ids[start : start + 5000]).update(verdict=verdict)


class Migration(migrations.Migration):
    dependencies = [("results", "0008_target_verdicts")]

    operations = [migrations.RunPython(state, migrations.RunPython.noop)]
