"""The créneaux' member enterprises by year joined, counted from the memberships (standing.restate_all
and selectors.members_by_year, with the models of this migration)."""

from django.db import migrations
from django.db.models import Count, Value
from django.db.models.functions import Coalesce, ExtractYear


def count(apps, schema_editor):
    Membership = apps.get_model("registry", "Membership")
    MemberYear = apps.get_model("registry", "MemberYear")
    rows = (
        Membership.objects.filter(organisation__kind="enterprise", organisation__is_published=True)
        .order_by()
        .annotate(joined=Coalesce(ExtractYear("joined_on"), Value(0)))
        .values_list("creneau_id", "joined")
        .annotate(n=Count("pk"))
    )
    MemberYear.objects.bulk_create(
        [MemberYear(creneau_id=creneau_id, year=year, enterprises=n) for creneau_id, year, n in rows],
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0017_member_years")]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
