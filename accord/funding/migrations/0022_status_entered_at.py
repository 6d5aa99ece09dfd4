"""When each project entered its status, kept on the project (decision 28, amendment of 2026-12-07).

The work queues read "waiting since" from the events (the latest one leading to the status, else the
project's last change), one subquery per project waiting: linear in the projects of a status. The
services now keep the moment on the project as they take each step; the existing projects get it
from their events by the same rule. Not in the history: it is read from the steps, which are.
"""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def from_the_events(apps, schema_editor):
    Project = apps.get_model("funding", "Project")
    ProjectEvent = apps.get_model("funding", "ProjectEvent")
    latest = (
        ProjectEvent.objects.filter(project=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    Project.objects.update(status_entered_at=Coalesce(Subquery(latest), F("updated_at")))


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0021_expected_public_investment"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="status_entered_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, editable=False, verbose_name="in this status since"
            ),
        ),
        migrations.RunPython(from_the_events, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["status", "status_entered_at"], name="funding_project_waiting"),
        ),
    ]
