"""Link the existing projects to the plan action their former axis names, where exactly one does.

For each project with a former axis and no plan action: the plans (draft or adopted) of its
niches whose years meet the project's; among their actions, the one `axis_match.matching_action`
finds. The text stays (former_axis); the link is recorded in the project's history with its
reason. Backwards, nothing is undone: the links are kept (the field goes with 0018).
"""

from collections import defaultdict

from django.db import migrations
from django.utils import timezone

from accord.funding.axis_match import Candidate, matching_action

# The history's reasons are free text, shown as written: in both languages.
REASON = "Lié depuis l'ancien axe (texte) / migrated from the former axis text"


def candidates_by_plan(Action, plan_ids):
    by_plan = defaultdict(list)
    rows = Action.objects.filter(objective__axis__plan_id__in=plan_ids).values(
        "pk",
        "title",
        "status",
        "objective__axis_id",
        "objective__axis__kind",
        "objective__axis__name_fr",
        "objective__axis__name_en",
        "objective__axis__plan_id",
    )
    for row in rows:
        by_plan[row["objective__axis__plan_id"]].append(
            Candidate(
                action_id=row["pk"],
                title=row["title"],
                axis_id=row["objective__axis_id"],
                axis_kind=row["objective__axis__kind"],
                axis_name_fr=row["objective__axis__name_fr"],
                axis_name_en=row["objective__axis__name_en"],
                cancelled=row["status"] == "cancelled",
            )
        )
    return by_plan


def link_former_axes(apps, schema_editor):
    Project = apps.get_model("funding", "Project")
    ProjectCreneau = apps.get_model("funding", "ProjectCreneau")
    HistoricalProject = apps.get_model("funding", "HistoricalProject")
    Plan = apps.get_model("planning", "Plan")
    Action = apps.get_model("planning", "Action")

    plans = list(Plan.objects.values("pk", "creneau_id", "first_year", "last_year"))
    if not plans:
        return
    candidates = candidates_by_plan(Action, [plan["pk"] for plan in plans])
    plans_by_niche = defaultdict(list)
    for plan in plans:
        plans_by_niche[plan["creneau_id"]].append(plan)
    projects = Project.objects.filter(plan_action__isnull=True).exclude(former_axis="")
    niches = defaultdict(set)
    for link in ProjectCreneau.objects.filter(project__in=projects).values("project_id", "creneau_id"):
        niches[link["project_id"]].add(link["creneau_id"])
    tracked = [f for f in HistoricalProject._meta.fields if not f.name.startswith("history_")]
    now = timezone.now()
    for project in projects.order_by("pk").iterator():
        first, last = project.starts_on.year, project.ends_on.year
        found = [
            candidate
            for niche in sorted(niches[project.pk])
            for plan in plans_by_niche[niche]
            if plan["first_year"] <= last and plan["last_year"] >= first
            for candidate in candidates[plan["pk"]]
        ]
        action_id = matching_action(project.former_axis, found)
        if action_id is None:
            continue
        project.plan_action_id = action_id
        project.save(update_fields=["plan_action"])
        # Historical models carry no history manager inside a migration: the version is written here.
        HistoricalProject.objects.create(
            **{f.attname: getattr(project, f.attname) for f in tracked},
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
            history_user=None,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0018_plan_action"),
        ("planning", "0001_plans_axes_objectives_actions"),
    ]

    operations = [migrations.RunPython(link_former_axes, migrations.RunPython.noop)]
