"""The program's totals of common indicators, counted from the values approved before they were kept
(services.count_common_totals, with the models of this migration)."""

from django.db import migrations
from django.db.models import Count, Sum


def count(apps, schema_editor):
    IndicatorValue = apps.get_model("results", "IndicatorValue")
    CommonTotal = apps.get_model("results", "CommonTotal")
    rows = (
        IndicatorValue.objects.filter(status="approved", indicator__plan__isnull=True)
        .order_by()
        .values("indicator_id", "year")
        .annotate(total=Sum("value"), count=Count("pk"))
    )
    CommonTotal.objects.bulk_create([CommonTotal(**row) for row in rows], batch_size=1000)
    ProgramYear = apps.get_model("results", "ProgramYear")
    years = (
        IndicatorValue.objects.filter(status="approved", indicator__plan__isnull=True)
        .order_by()
        .values("year")
        .annotate(creneaux=Count("creneau_id", distinct=True))
    )
    ProgramYear.objects.bulk_create([ProgramYear(**row) for row in years])


class Migration(migrations.Migration):
    dependencies = [("results", "0005_common_totals")]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
