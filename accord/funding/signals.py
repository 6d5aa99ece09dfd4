"""Cache invalidation for the fund's pages.

- The dashboard's figures (family FUNDING) change with any project, envelope or ledger row.
- A project's page keeps its file (facts, budget, guide check, instalments, documents,
  timeline) under the project's own family, bumped by the project and every row of its file.
- What a project page shows of the program (the period, the guide, a delegation) is under
  PROGRAM, which changes rarely.
- The dashboard's figures are computed per region and period, each under its region's family
  (bumped by the region's projects, their niches, costs and ledger rows), and under FUNDING
  for what every region shares (periods, envelopes, weights).
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_save

from accord.core import cache

from . import models
from .workflow import EDITABLE

FUNDING = "funding"
PROGRAM = "funding-program"

_SHARED: tuple[type[Any], ...] = (models.ProgramPeriod, models.Envelope, models.EquityWeight)
_IN_A_REGION: tuple[type[Any], ...] = (models.Project, models.ProjectCreneau, models.ProjectCost, models.LedgerEntry)
_PROGRAM: tuple[type[Any], ...] = (models.ProgramPeriod, models.FundGuide, models.Delegation)
_PROJECT_FILE: tuple[type[Any], ...] = (
    models.ProjectCreneau,
    models.ProjectPartner,
    models.ProjectCost,
    models.ProjectFunding,
    models.ProjectDocument,
    models.GrantSignature,
    models.Disbursement,
    models.ProjectEvent,
)
_PROJECT_PAGE: tuple[type[Any], ...] = (models.Project, *_PROJECT_FILE)


def project_family(project_id: int) -> str:
    """The cache family of one project's page."""
    return f"funding-project-{project_id}"


def region_family(region_id: int) -> str:
    """The cache family of the dashboard's figures for one region."""
    return f"funding-region-{region_id}"


def _bump(**kwargs: Any) -> None:
    cache.bump(FUNDING)


def _bump_program(**kwargs: Any) -> None:
    cache.bump(PROGRAM)


def _bump_project(instance: Any, **kwargs: Any) -> None:
    project_id = instance.pk if isinstance(instance, models.Project) else instance.project_id
    if project_id is not None:
        cache.bump(project_family(project_id))


def _bump_region(instance: Any, **kwargs: Any) -> None:
    project = instance if isinstance(instance, models.Project) else instance.project
    if project.region_id is not None:
        cache.bump(region_family(project.region_id))


def _bump_former_region(instance: models.Project, **kwargs: Any) -> None:
    """A draft may move to another region: the region it leaves changes too."""
    if instance.pk is None or instance.status not in EDITABLE:
        return
    former = models.Project.objects.filter(pk=instance.pk).values_list("region_id", flat=True).first()
    if former is not None and former != instance.region_id:
        cache.bump(region_family(former))


def connect() -> None:
    cache.on_change(_SHARED, _bump, "funding-cache")
    cache.on_change(_IN_A_REGION, _bump_region, "funding-region")
    pre_save.connect(_bump_former_region, sender=models.Project, dispatch_uid="funding-region-former")
    cache.on_change(_PROGRAM, _bump_program, "funding-program")
    cache.on_change(_PROJECT_PAGE, _bump_project, "funding-project")
