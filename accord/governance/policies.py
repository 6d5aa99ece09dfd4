"""Who may see and do what in governance.

Powers come from two sources, checked together:
- staff roles (accounts): the ministry everywhere, a regional office for the committees
  of its region (regional committee, niche committees of its niches and their executive
  and work committees, interregional committees that include it);
- current mandates: a member sees their committees; presidents, co-presidents and
  secretaries run meetings and keep the minutes; the coordinator convenes, reports and
  prepares the agenda.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.core.access import Area
from accord.registry.models import Affiliation, CreneauRegion, Organisation, Person

from .models import (
    OFFICER_ROLES,
    Committee,
    CommitteeKind,
    CommitteeQuerySet,
    Mandate,
    MandateRole,
    Meeting,
    Minutes,
    MinutesStatus,
    Resolution,
)

_CACHE_ATTR = "_accord_committee_roles"


def committee_roles(user: Any) -> dict[int, frozenset[str]]:
    """The roles of the user's current mandates, by committee id (one query per request)."""
    if user is None or not user.is_authenticated or not getattr(user, "person_id", None):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[int, set[str]] = {}
    for committee_id, role in (
        Mandate.objects.current().filter(person_id=user.person_id).values_list("committee_id", "role")
    ):
        roles.setdefault(committee_id, set()).add(role)
    frozen = {committee_id: frozenset(values) for committee_id, values in roles.items()}
    setattr(user, _CACHE_ATTR, frozen)
    return frozen


_NICHE_CACHE_ATTR = "_accord_niche_roles"


def niche_roles(user: Any) -> dict[int, frozenset[str]]:
    """The user's roles today on niche committees, by créneau id (one query per request, none without a
    mandate): what the plans, the results and communication read of a niche's committee."""
    roles = committee_roles(user)
    if not roles:
        return {}
    cached = getattr(user, _NICHE_CACHE_ATTR, None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    by_creneau: dict[int, set[str]] = {}
    for pk, creneau_id in Committee.objects.filter(pk__in=list(roles), kind=CommitteeKind.CRENEAU).values_list(
        "pk", "creneau_id"
    ):
        by_creneau.setdefault(creneau_id, set()).update(roles[pk])
    frozen = {creneau_id: frozenset(held) for creneau_id, held in by_creneau.items()}
    setattr(user, _NICHE_CACHE_ATTR, frozen)  # once per request, as committee_roles
    return frozen


def region_filter(region_ids: Iterable[int]) -> Q:
    """Committees a regional office supports."""
    return (
        Q(region_id__in=region_ids)
        | Q(creneau__regions__in=region_ids)
        | Q(parent__region_id__in=region_ids)
        | Q(parent__creneau__regions__in=region_ids)
        | Q(regions__in=region_ids)
    )


def visible_committees(user: Any) -> CommitteeQuerySet:
    """Committees the user may open: the ministry's all, an office's region's, a member's own."""
    scope = scope_for(user)
    if scope.program_wide:
        return Committee.objects.all()
    condition = Q(pk__in=list(committee_roles(user)))
    if scope.region_ids:
        ids = Committee.objects.filter(region_filter(scope.region_ids)).values("pk")
        condition |= Q(pk__in=ids)
    return Committee.objects.filter(condition)


def forward_targets(user: Any, committee: Committee) -> CommitteeQuerySet:
    """The committees a decision of `committee` may be forwarded to by `user`.

    The ones the user sees, and always the bodies above the committee: its parent and the
    regional committee of each of its regions (a niche committee's president need not sit
    on the regional committee to send it a project).
    """
    regions: set[int] = set()
    if committee.region_id:
        regions.add(committee.region_id)
    if committee.creneau_id:
        regions |= set(committee.creneau.region_links.values_list("region_id", flat=True))  # type: ignore[union-attr]
    regions |= set(committee.regions.values_list("pk", flat=True))
    above = Q(kind=CommitteeKind.REGIONAL, region_id__in=regions)
    if committee.parent_id:
        above |= Q(pk=committee.parent_id)
    return (
        Committee.objects.active()
        .filter(Q(pk__in=visible_committees(user).values("pk")) | above)
        .exclude(pk=committee.pk)
    )


def can_access_governance(user: Any) -> bool:
    """Staff and committee members have a governance area."""
    return scope_for(user).is_staff or bool(committee_roles(user))


#: The governance area's gate, for its pages and its API.
GOVERNANCE = Area(
    can_access_governance,
    _("The governance area is for committee members and ministry and regional-office staff."),
)


def _staff_covers(user: Any, committee: Committee) -> bool:
    scope = scope_for(user)
    if scope.program_wide:
        return True
    if not scope.region_ids:
        return False
    return Committee.objects.filter(region_filter(scope.region_ids), pk=committee.pk).exists()


def _has_role(user: Any, committee: Committee, roles: frozenset[str] | set[str]) -> bool:
    return bool(committee_roles(user).get(committee.pk, frozenset()) & set(roles))


def can_create_committee(user: Any, *, region_id: int | None = None) -> bool:
    """The ministry anywhere; a regional office for its region."""
    scope = scope_for(user)
    return scope.program_wide or (region_id is not None and region_id in scope.region_ids)


def can_manage_committee(user: Any, committee: Committee) -> bool:
    """Change the committee, its mandates and its bylaws: staff in scope and the committee's officers."""
    return _has_role(user, committee, OFFICER_ROLES) or _staff_covers(user, committee)


def can_acknowledge_bylaws(user: Any, committee: Committee) -> bool:
    """A member holding a current mandate acknowledges the committee's bylaws, for themselves only."""
    return committee.pk in committee_roles(user)


def can_approve_seat(user: Any, committee: Committee) -> bool:
    """Approve or decline a seat the committee's officers proposed: staff covering the committee.

    A seat opens the committee's files (the projects it decides on, the agenda's documents),
    so the officers alone cannot widen who reads them.
    """
    return _staff_covers(user, committee)


def can_override_bylaws(user: Any, committee: Committee) -> bool:
    """Seat a member against a binding rule of the committee's bylaws, with a recorded reason: the ministry.

    The regional office approves seats but does not waive the rules a committee gave itself;
    the ministry, which runs the program, may (a vacancy that cannot wait for the next term).
    """
    return scope_for(user).program_wide


def committee_bounds(committee: Committee) -> tuple[set[int], set[int]]:
    """The regions and the niches a committee works for, its parent's included."""
    regions: set[int] = set()
    creneaux: set[int] = set()
    for body in filter(None, (committee, committee.parent)):
        if body.region_id:
            regions.add(body.region_id)
        if body.creneau_id:
            creneaux.add(body.creneau_id)
            regions |= set(CreneauRegion.objects.filter(creneau_id=body.creneau_id).values_list("region_id", flat=True))
        if body.pk:
            regions |= set(body.regions.values_list("pk", flat=True))
            creneaux |= set(body.creneaux.values_list("pk", flat=True))
    return regions, creneaux


def seatable_people(committee: Committee) -> Any:
    """Who may be seated: the people of the committee's regions and of its niches' organisations.

    A person belongs to a region by their own region or by an organisation of that region
    they are affiliated with today; to a niche by an organisation that is a member of it.
    """
    regions, creneaux = committee_bounds(committee)
    ties = Affiliation.objects.filter(person=OuterRef("pk")).filter(
        Q(organisation__region_id__in=regions) | Q(organisation__creneaux__in=creneaux)
    )
    return Person.objects.filter(Q(region_id__in=regions) | Q(Exists(ties)))


def representable_organisations(person: Any) -> Any:
    """Whom a seated person may represent: one of the organisations they are affiliated with today."""
    return Organisation.objects.filter(affiliations__person=person)


def can_convene(user: Any, committee: Committee) -> bool:
    """Plan and convene meetings: officers, the coordinator, staff in scope."""
    return _has_role(user, committee, {*OFFICER_ROLES, MandateRole.COORDINATOR}) or _staff_covers(user, committee)


def can_run_meeting(user: Any, meeting: Meeting) -> bool:
    """Open and close the meeting, record attendance, resolutions and votes, write the minutes."""
    return _has_role(user, meeting.committee, OFFICER_ROLES) or _staff_covers(user, meeting.committee)


def can_declare_interest(user: Any, mandate: Mandate) -> bool:
    """A member declares their own interest; whoever runs the meeting may record it for them."""
    own = getattr(user, "person_id", None) is not None and user.person_id == mandate.person_id
    return own or _has_role(user, mandate.committee, OFFICER_ROLES) or _staff_covers(user, mandate.committee)


def can_sign_off(user: Any, resolution: Resolution) -> bool:
    """The member who chaired confirms a decision recorded by someone else; nobody else can."""
    person_id = getattr(user, "person_id", None)
    return person_id is not None and resolution.chaired_by is not None and resolution.chaired_by.person_id == person_id


def minutes_signatures(user: Any, minutes: Minutes) -> set[str]:
    """What the user signs on approved minutes: "chair" (who chaired the meeting, or a president
    when nobody was named) and "secretary" (the committee's secretary today)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return set()
    meeting = minutes.meeting
    roles: set[str] = set()
    if meeting.chaired_by is not None:
        if meeting.chaired_by.person_id == person_id:
            roles.add("chair")
    elif (
        meeting.committee.mandates.current()
        .filter(person_id=person_id, role__in=[MandateRole.PRESIDENT, MandateRole.CO_PRESIDENT])
        .exists()
    ):
        roles.add("chair")
    if meeting.committee.mandates.current().filter(person_id=person_id, role=MandateRole.SECRETARY).exists():
        roles.add("secretary")
    return roles


def can_report(user: Any, committee: Committee) -> bool:
    """The coordinator reports to the committee; staff in scope may record a report for them."""
    return _has_role(user, committee, {MandateRole.COORDINATOR}) or _staff_covers(user, committee)


def visible_meetings(user: Any) -> Any:
    """Meetings of the committees the user may open."""
    if scope_for(user).program_wide:
        return Meeting.objects.all()  # no pointless "committee in (every committee)" subquery
    return Meeting.objects.filter(committee__in=visible_committees(user))


def visible_minutes(user: Any) -> Any:
    """Every version of the minutes of the meetings the user may open."""
    return Minutes.objects.filter(meeting__in=visible_meetings(user))


def visible_resolutions(user: Any) -> Any:
    """Resolutions of the committees the user may open."""
    if scope_for(user).program_wide:
        return Resolution.objects.all()
    return Resolution.objects.filter(committee__in=visible_committees(user))


#: Why someone who sees a meeting may not answer its notice (the page and the API say the same).
NO_SEAT = _("You hold no seat on this committee on the day of the meeting.")


def can_answer_notice(user: Any, mandate: Mandate) -> bool:
    """A member answers the notice for their own seat only (through the email's signed link, or signed in)."""
    person_id = getattr(user, "person_id", None)
    return bool(getattr(user, "is_authenticated", False) and person_id and person_id == mandate.person_id)


def can_comment_minutes(user: Any, minutes: Minutes) -> bool:
    """Circulated minutes are commented by the committee's members of today and by staff covering it.

    Closed once the minutes are approved (or while still a draft nobody was sent).
    """
    if minutes.status != MinutesStatus.CIRCULATED:
        return False
    committee = minutes.meeting.committee
    return committee.pk in committee_roles(user) or _staff_covers(user, committee)


def can_invite_members(user: Any, committee: Committee) -> bool:
    """Staff covering the committee invite its members to Accord (an account each, a password they choose)."""
    return _staff_covers(user, committee)
