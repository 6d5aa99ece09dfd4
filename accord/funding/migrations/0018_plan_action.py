"""A project names the plan action it serves; the axis typed before is kept as the former axis (decision 35)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0017_work_queue_indexes"),
        ("planning", "0001_plans_axes_objectives_actions"),
    ]

    operations = [
        # Renamed, not replaced: the text typed stays in the row and in its history.
        migrations.RenameField(model_name="project", old_name="action_plan_axis", new_name="former_axis"),
        migrations.RenameField(model_name="historicalproject", old_name="action_plan_axis", new_name="former_axis"),
        migrations.AlterField(
            model_name="project",
            name="former_axis",
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name="former axis (text)"),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="former_axis",
            field=models.CharField(blank=True, editable=False, max_length=200, verbose_name="former axis (text)"),
        ),
        migrations.AddField(
            model_name="historicalproject",
            name="plan_action",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The action of the niche's plan the project serves.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="planning.action",
                verbose_name="plan action",
            ),
        ),
        migrations.AddField(
            model_name="project",
            name="plan_action",
            field=models.ForeignKey(
                blank=True,
                help_text="The action of the niche's plan the project serves.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="planning.action",
                verbose_name="plan action",
            ),
        ),
    ]
