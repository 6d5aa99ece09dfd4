"""The public investment the existing projects expected, from what they filed (decision 40).

Before investment was split, a project gave one expected investment, kept as its private
investment (0020 only relabels that column: nothing moves). Its public investment is known from its
file: the FSDCE aid requested plus the other public aid of its financing plan. Each project whose
figure that makes other than 0 gets it, with a version in its history giving the reason. The
reported figures are not touched: a final report submitted before gave no public investment (None).
Backwards, nothing is undone: the column goes with 0020.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

# The history's reasons are free text, shown as written: in both languages.
REASON = (
    "Investissement public prévu repris du dossier (aide demandée et autres aides publiques) / "
    "public investment expected taken from the file (aid requested and other public aid)"
)


def public_investment_expected(apps, schema_editor):
    Project = apps.get_model("funding", "Project")
    ProjectFunding = apps.get_model("funding", "ProjectFunding")
    HistoricalProject = apps.get_model("funding", "HistoricalProject")

    other_public = defaultdict(Decimal)
    for line in ProjectFunding.objects.filter(source="public").values("project_id", "amount"):
        other_public[line["project_id"]] += line["amount"]
    tracked = [f for f in HistoricalProject._meta.fields if not f.name.startswith("history_")]
    now = timezone.now()
    projects = Project.objects.filter(expected_public_investment=0).order_by("pk")
    for project in projects.iterator():
        public = project.requested_amount + other_public[project.pk]
        if public <= 0:
            continue
        project.expected_public_investment = public
        project.save(update_fields=["expected_public_investment"])
        # Historical models carry no history manager inside a migration: the version is written here.
        HistoricalProject.objects.create(
            **{f.attname: getattr(project, f.attname) for f in tracked},
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
            history_user=None,
        )


class Migration(migrations.Migration):
    dependencies = [("funding", "0020_impact_figures")]

    operations = [migrations.RunPython(public_investment_expected, migrations.RunPython.noop)]
