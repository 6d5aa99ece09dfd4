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
from accord.planning import policies as planning
from accord.registry.models import Creneau, CreneauRegion, Membership, Region

from .models import Briefing, BriefingQuerySet, CommunicationPlan, Publication, PublicationQuerySet


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


# --- Members-only information (decision 52) ----------------------------------------------------------
#
# - Read (the members' area, its files, the API): the members of a créneau it targets, as the events'
#   members-only events count them (planning.policies.member_creneaux: people affiliated with a member
#   organisation, the créneau's committee, the regional office of one of its regions), and the ministry;
#   published only. Everyone else gets a 404, on its page as on its file: its address says nothing.
# - Write (the back office): whoever writes news for every créneau it targets (writable_creneaux: the
#   ministry, a regional office for its regions' créneaux, a coordinator for theirs). An editor who
#   covers only some of its créneaux reads it in the back office and may not change it (403).


_AREA_ATTR = "_accord_members_area"


def can_read_member_information(user: Any) -> bool:
    """Whether the user has a members' area: staff (the ministry, the regional offices), the members of
    a niche committee, and people affiliated with a member organisation of a créneau.

    The menu asks it on every page: staff and committee members cost no query beyond what the page
    already reads (scope_for, niche_roles), others one EXISTS, never the list of their créneaux."""
    if user is None or not user.is_authenticated:
        return False
    scope = scope_for(user)
    if scope.is_staff or niche_roles(user):
        return True
    cached = getattr(user, _AREA_ATTR, None)
    if cached is None:
        # Once per request (kept on the user object): the gate and the menu both ask.
        person_id: int | None = getattr(user, "person_id", None)
        cached = (
            person_id is not None
            and Membership.objects.filter(organisation__affiliations__person_id=person_id).exists()
        )
        setattr(user, _AREA_ATTR, cached)
    return bool(cached)


#: The members' area's gate, for its list.
MEMBERS = Area(
    can_read_member_information,
    _(
        "Members-only information is for the members of the niches it targets: people of a member "
        "organisation, the niche committees, and ministry and regional-office staff."
    ),
)


def _targeting(creneaux: Any) -> Any:
    """The briefings that target one of these créneaux (a subquery: no duplicate rows, no DISTINCT)."""
    return Briefing.creneaux.through.objects.filter(creneau_id__in=creneaux).values("briefing_id")


def readable_briefings(user: Any) -> BriefingQuerySet:
    """The published members-only information the user may read (404 for the others): the ministry
    all; anyone else what targets one of the créneaux they are a member of; anonymous, nothing."""
    if user is None or not user.is_authenticated:
        return Briefing.objects.none()
    found = Briefing.objects.published()
    if scope_for(user).program_wide:
        return found
    return found.filter(pk__in=_targeting(list(planning.member_creneaux(user))))


def visible_briefings(user: Any) -> BriefingQuerySet:
    """The members-only information the user sees in the back office, whatever its status (404 for the
    others): what targets one of the créneaux they write for."""
    if scope_for(user).program_wide:
        return Briefing.objects.all()
    return Briefing.objects.filter(pk__in=_targeting(writable_creneaux(user).values("pk")))


def covers_creneaux(user: Any, creneaux: Any) -> bool:
    """Whether the user writes for every one of these créneaux (and there is at least one)."""
    pks = {creneau.pk for creneau in creneaux}
    if not pks:
        return False
    if scope_for(user).program_wide:
        return True
    return writable_creneaux(user).filter(pk__in=pks).count() == len(pks)


def can_edit_briefing(user: Any, briefing: Briefing) -> bool:
    """Change, publish or withdraw it, and see who downloaded its document: whoever writes for every
    créneau it targets (today's roles and mandates; its author has no power of their own)."""
    if scope_for(user).program_wide:
        return True
    if not can_access_communication(user):
        return False
    return not briefing.creneaux.exclude(pk__in=writable_creneaux(user).values("pk")).exists()
