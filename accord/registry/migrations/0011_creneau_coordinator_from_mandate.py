"""The créneau's coordinator becomes the holder of the coordinator mandate on its niche committee
(decision 23): the field is no longer edited in the registry, and existing rows are set from the
mandates in force today. A coordinator recorded in the registry without a mandate is cleared; the
créneau's history keeps the former value."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone


def reconcile(apps, schema_editor):
    Creneau = apps.get_model("registry", "Creneau")
    Mandate = apps.get_model("governance", "Mandate")
    today = timezone.localdate()
    holders = {}
    current = (
        Mandate.objects.filter(role="coordinator", committee__kind="creneau", approval="approved", starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("starts_on", "pk")  # the latest started last: it wins
    )
    for creneau_id, person_id in current.values_list("committee__creneau_id", "person_id"):
        holders[creneau_id] = person_id
    for creneau_id, coordinator_id in Creneau.objects.values_list("pk", "coordinator_id"):
        if holders.get(creneau_id) != coordinator_id:
            Creneau.objects.filter(pk=creneau_id).update(coordinator_id=holders.get(creneau_id))


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0010_creneau_region_revision"),
        # Reads the mandates (the reconciliation only: the registry's code never imports governance).
        ("governance", "0010_committee_minutes_revision"),
    ]

    operations = [
        migrations.AlterField(
            model_name="creneau",
            name="coordinator",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                help_text="The holder of the coordinator mandate on the niche committee.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="coordinated_creneaux",
                to="registry.person",
                verbose_name="coordinator",
            ),
        ),
        migrations.AlterField(
            model_name="historicalcreneau",
            name="coordinator",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                help_text="The holder of the coordinator mandate on the niche committee.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="registry.person",
                verbose_name="coordinator",
            ),
        ),
        migrations.RunPython(reconcile, migrations.RunPython.noop),
    ]
