"""Who may write news and success stories (from today's roles and mandates, decision 13).

- The public reads what is published (`published_publications`): no account needed.
- Editors, in the back office: the ministry for everything; a regional office for its regions'
  publications (a publication of one of its regions, or of a niche of its regions that names no
  region); the coordinator of a niche committee (current mandate) for their niche's. Who wrote a
  publication gives no power over it: only today's roles and mandates do.
- An editor sees in the back office what concerns their regions and niches (`visible_publications`)
  and changes what they cover (`can_edit_publication`): an office reads a story of a niche of its
  region told for the niche's other region, and may not change it (403).
- Program-wide news (no niche, no region) is the ministry's.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.core.access import Area
from accord.governance.models import MandateRole
from accord.governance.policies import niche_roles
from accord.registry.models import Creneau, CreneauRegion, Region

from .models import CommunicationPlan, Publication, PublicationQuerySet


def coordinated_creneaux(user: Any) -> frozenset[int]:
    """The niches whose committee the user coordinates today (governance's niche roles: one query per
    request, shared with the plans' and the results' menus)."""
    return frozenset(pk for pk, held in niche_roles(user).items() if MandateRole.COORDINATOR in held)


def can_access_communication(user: Any) -> bool:
    """Ministry and regional-office staff, and the coordinators of niche committees, write news and stories."""
    return scope_for(user).is_staff or bool(coordinated_creneaux(user))


#: The communication area's gate, for its pages.
COMMUNICATION = Area(
    can_access_communication,
    _("News and success stories are written by niche coordinators and by ministry and regional-office staff."),
)


def published_publications(now: datetime.datetime) -> PublicationQuerySet:
    """What the public reads: published by now, scheduled ones whose moment has come included."""
    return Publication.objects.published(now)


def visible_publications(user: Any) -> PublicationQuerySet:
    """The publications the user sees in the back office (404 for the others): the ministry all; an
    office those of its regions and of its regions' niches; a coordinator their niches'."""
    scope = scope_for(user)
    if scope.program_wide:
        return Publication.objects.all()
    condition = Q(creneau_id__in=list(coordinated_creneaux(user)))
    if scope.region_ids:
        regions = list(scope.region_ids)
        condition |= Q(region_id__in=regions) | Q(
            creneau_id__in=CreneauRegion.objects.filter(region_id__in=regions).values("creneau_id")
        )
    return Publication.objects.filter(condition)


def covers(user: Any, creneau: Creneau | None, region: Region | None) -> bool:
    """Whether the user writes a publication of this niche and region: the ministry any; the
    coordinator their niche's; an office its region's, or when no region is named, its regions' niches'."""
    scope = scope_for(user)
    if scope.program_wide:
        return True
    if creneau is not None and creneau.pk in coordinated_creneaux(user):
        return True
    if not scope.region_ids:
        return False
    if region is not None:
        return region.pk in scope.region_ids
    if creneau is not None:
        return CreneauRegion.objects.filter(creneau_id=creneau.pk, region_id__in=scope.region_ids).exists()
    return False


def can_edit_publication(user: Any, publication: Publication) -> bool:
    """Change, preview, publish, schedule or withdraw this publication: whoever covers its niche and region."""
    return covers(user, publication.creneau, publication.region)


def writable_creneaux(user: Any) -> Any:
    """The niches a publication of the user may name (the form's choices; the service checks `covers`)."""
    scope = scope_for(user)
    if scope.program_wide:
        return Creneau.objects.all()
    condition = Q(pk__in=list(coordinated_creneaux(user)))
    if scope.region_ids:
        condition |= Q(pk__in=CreneauRegion.objects.filter(region_id__in=list(scope.region_ids)).values("creneau_id"))
    return Creneau.objects.filter(condition)


def writable_regions(user: Any) -> Any:
    """The regions a publication of the user may name: an office's own, a coordinator's niches'."""
    scope = scope_for(user)
    if scope.program_wide:
        return Region.objects.all()
    condition = Q(pk__in=list(scope.region_ids)) | Q(
        pk__in=CreneauRegion.objects.filter(creneau_id__in=list(coordinated_creneaux(user))).values("region_id")
    )
    return Region.objects.filter(condition)


# --- Regional communication plans (decision 51) ----------------------------------------------------


def can_access_communication_plans(user: Any) -> bool:
    """The ministry and the regional offices: the plans are the regions' (niche coordinators have none)."""
    scope = scope_for(user)
    return scope.program_wide or bool(scope.region_ids)


def visible_communication_plans(user: Any) -> QuerySet[CommunicationPlan]:
    """The ministry sees every region's plans; an office its regions' (404 for the others)."""
    scope = scope_for(user)
    if scope.program_wide:
        return CommunicationPlan.objects.all()
    return CommunicationPlan.objects.filter(region_id__in=list(scope.region_ids))


def kept_regions(user: Any) -> QuerySet[Region]:
    """The regions whose communication plans the user keeps: their own office's."""
    return Region.objects.filter(pk__in=list(scope_for(user).region_ids))


def can_keep_communication_plan(user: Any, region: Region) -> bool:
    """The region's own office keeps its plan and its activities; the ministry reads it (the seed asks
    each region for its strategy, with a budget granted to it)."""
    return region.pk in scope_for(user).region_ids


#: The communication plans' gate, for their pages.
COMMUNICATION_PLANS = Area(
    can_access_communication_plans,
    _("The regions' communication plans are kept by their regional offices and read by the ministry."),
)
