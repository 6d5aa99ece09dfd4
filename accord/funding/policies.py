"""Who may see and do what with the fund.

- the ministry: everything; it alone sets up the program, analyses, grants and pays;
- a regional office: its region's projects and envelopes; it advises carriers, returns a
  project for changes and may draft one with a carrier;
- members of a regional committee: their region's projects once submitted; members of a
  niche committee: their niches' projects once submitted; the coordinator of a niche drafts
  with the carriers of its niches, and sees their drafts;
- a carrier: the people affiliated with the organisation that carries a project see and
  edit it.
Access follows today's facts only (roles, mandates, affiliations): having drafted a project
grants nothing by itself, so a former employee or a former office agent loses it.
Committee decisions are not actions here: they are resolutions adopted in meetings.

Which step of a project needs which power is the workflow's table (workflow.STEPS); whether
the user holds that power is answered here, for the pages, the API and the services alike.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.core.access import Area
from accord.governance.models import Committee, CommitteeKind, MandateRole
from accord.governance.policies import committee_roles
from accord.registry.models import Affiliation, Organisation

from . import workflow
from .models import (
    Audience,
    Delegation,
    Envelope,
    EventKind,
    Project,
    ProjectEvent,
    ProjectImport,
    ProjectStatus,
)
from .workflow import STEPS, Power, is_open

_CACHE_ATTR = "_accord_funding_reach"


class Reach:
    """What a user's mandates and affiliations open in the fund (computed once per request)."""

    def __init__(self, user: Any) -> None:
        roles = committee_roles(user)
        committees = (
            list(Committee.objects.filter(pk__in=list(roles)).values("pk", "kind", "region_id", "creneau_id"))
            if roles
            else []
        )
        self.regions = {c["region_id"] for c in committees if c["kind"] == CommitteeKind.REGIONAL and c["region_id"]}
        self.creneaux = {c["creneau_id"] for c in committees if c["creneau_id"]}
        self.coordinated = {
            c["creneau_id"] for c in committees if c["creneau_id"] and MandateRole.COORDINATOR in roles.get(c["pk"], ())
        }
        person_id = getattr(user, "person_id", None)
        self.organisations = (
            set(Affiliation.objects.filter(person_id=person_id).values_list("organisation_id", flat=True))
            if person_id
            else set()
        )


def reach(user: Any) -> Reach:
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = Reach(user)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _signed_in(user: Any) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def visible_projects(user: Any) -> Any:
    """The projects the user may open; any other is answered as if it did not exist."""
    if not _signed_in(user):
        return Project.objects.none()
    scope = scope_for(user)
    if scope.program_wide:
        return Project.objects.all()
    mine = reach(user)
    seen: list[Q] = []
    if scope.region_ids:
        seen.append(Q(region_id__in=scope.region_ids))
    if mine.organisations:
        seen.append(Q(carrier_id__in=mine.organisations))
    if mine.coordinated:
        seen.append(Q(pk__in=_in_niches(mine.coordinated)))
    # Committee members see a project once it has been submitted to them, not the drafts.
    decided_on: list[Q] = []
    if mine.regions:
        decided_on.append(Q(region_id__in=mine.regions))
    if niches := mine.creneaux - mine.coordinated:
        decided_on.append(Q(pk__in=_in_niches(niches)))
    if decided_on:
        seen.append(reduce(operator.or_, decided_on) & _submitted())
    return Project.objects.filter(reduce(operator.or_, seen)) if seen else Project.objects.none()


def published_projects() -> Any:
    """The projects on the public site, for everyone (decision 54): published by the ministry and
    granted; one withdrawn after its publication leaves the site, refused ones never reach it."""
    return Project.objects.filter(published_at__isnull=False, status__in=workflow.PUBLIC)


def _in_niches(creneaux: set[int]) -> Any:
    return Project.creneaux.through.objects.filter(creneau_id__in=creneaux).values("project_id")


def _submitted() -> Q:
    """Projects that have reached the committees: past the draft, and not withdrawn before submission."""
    ever_submitted = ProjectEvent.objects.filter(project=OuterRef("pk"), action=EventKind.SUBMIT)
    return ~Q(status=ProjectStatus.DRAFT) & (~Q(status=ProjectStatus.WITHDRAWN) | Q(Exists(ever_submitted)))


def visible_envelopes(user: Any) -> Any:
    """Envelopes: the ministry's all; an office's and a regional committee member's, their region's."""
    if not _signed_in(user):
        return Envelope.objects.none()
    scope = scope_for(user)
    if scope.program_wide:
        return Envelope.objects.all()
    return Envelope.objects.filter(region_id__in=scope.region_ids | reach(user).regions)


def can_view_program(user: Any) -> bool:
    """The program's pages (envelopes, guide, delegations): staff and regional committee members."""
    return _signed_in(user) and (scope_for(user).is_staff or bool(reach(user).regions))


def visible_delegations(user: Any) -> Any:
    """The ministry sees every delegation; the others, those to the regions whose envelopes they see."""
    if not _signed_in(user):
        return Delegation.objects.none()
    scope = scope_for(user)
    if scope.program_wide:
        return Delegation.objects.all()
    return Delegation.objects.filter(region_id__in=scope.region_ids | reach(user).regions)


def can_access_funding(user: Any) -> bool:
    """Whether the fund has anything for the user (a menu entry, the project list)."""
    if not _signed_in(user):
        return False
    if scope_for(user).is_staff:
        return True
    mine = reach(user)
    return bool(mine.regions or mine.creneaux or mine.organisations)


#: The projects and their pipeline: carriers, committee members and staff (pages and API).
FUNDING = Area(
    can_access_funding,
    _("The fund's pages are for carriers, committee members and ministry and regional-office staff."),
)

#: The program (dashboard, envelopes, periods, the guide, delegations): staff and regional committees.
PROGRAM = Area(
    can_view_program,
    _("The program's pages are for the ministry, the regional offices and the regional committees."),
)


def can_search_similar(user: Any) -> bool:
    """Searching similar projects from free text (decision 56): ministry and regional-office staff."""
    return _signed_in(user) and scope_for(user).is_staff


#: The similar projects' search from free text, page and API: staff (decision 56). A carrier and a
#: committee see similar projects on the project they draft or decide on, under FUNDING.
SIMILAR = Area(
    can_search_similar,
    _("Searching similar projects from free text is for ministry and regional-office staff."),
)


def can_manage_program(user: Any) -> bool:
    """Periods, envelopes, the fund guide and delegations: the ministry."""
    return scope_for(user).program_wide


def can_grant(user: Any) -> bool:
    """Analyse, grant, refuse, sign agreements, pay instalments, close: the ministry."""
    return scope_for(user).program_wide


def carriers_for(user: Any) -> Any:
    """The organisations the user may draft a project for."""
    scope = scope_for(user)
    if scope.program_wide:
        return Organisation.objects.all()
    mine = reach(user)
    condition = Q(pk__in=mine.organisations)
    if scope.region_ids:
        condition |= Q(region_id__in=scope.region_ids)
    if mine.coordinated:
        condition |= Q(creneaux__in=mine.coordinated)
    return Organisation.objects.filter(condition).distinct()


def can_create_project(user: Any, carrier: Organisation | None = None) -> bool:
    """A carrier's people, the coordinator of one of its niches, staff covering its region."""
    if not _signed_in(user):
        return False
    if carrier is None:
        mine = reach(user)
        return scope_for(user).is_staff or bool(mine.organisations or mine.coordinated)
    return carriers_for(user).filter(pk=carrier.pk).exists()


def _is_carrier(user: Any, project: Project) -> bool:
    """Affiliated with the carrying organisation today (having drafted the project is not enough)."""
    return project.carrier_id in reach(user).organisations


def can_edit_project(user: Any, project: Project) -> bool:
    """Write the project, submit it, claim instalments, report: the carrier's side (and staff in scope)."""
    if not _signed_in(user):
        return False
    scope = scope_for(user)
    if scope.covers_region(project.region_id) or _is_carrier(user, project):
        return True
    coordinated = reach(user).coordinated
    return bool(coordinated) and project.creneau_links.filter(creneau_id__in=coordinated).exists()  # type: ignore[attr-defined]


def reader_audience(user: Any, project: Project) -> str | None:
    """The widest audience the user reads on a project they see (None for someone signed out).

    The carrier's people read what is addressed to the carrier, even when they also sit on a
    committee: they are recused from deciding on their own project, so they are told nothing
    internal. Staff covering the project's region read everything. Anyone else who sees the
    project sees it through a committee (a member, a coordinator): the committees' audience.
    No query beyond the user's reach, which is computed once per request.
    """
    if not _signed_in(user):
        return None
    if _is_carrier(user, project):
        return Audience.CARRIER
    if scope_for(user).covers_region(project.region_id):
        return Audience.MINISTRY
    return Audience.COMMITTEE


def list_reader(user: Any) -> str:
    """The audience in whose words a list of projects names their statuses: the staff's words
    for staff, the others' for everyone else (a list mixes projects; no status is told apart
    from another outside the ministry but those workflow.CARRIER_STATUS merges)."""
    return Audience.MINISTRY if _signed_in(user) and scope_for(user).is_staff else Audience.COMMITTEE


def document_audiences(user: Any, project: Project) -> list[str]:
    """The audiences the user may give a document they file: up to their own (a carrier's are the carrier's)."""
    reader = reader_audience(user, project)
    return [audience for audience in Audience.values if workflow.shown_to(audience, reader)]


def can_review(user: Any, project: Project) -> bool:
    """Return a project for changes: the ministry, the regional office of its region."""
    return _signed_in(user) and scope_for(user).covers_region(project.region_id)


def _holds(user: Any, project: Project, power: Power) -> bool:
    if power is Power.EDIT:
        return can_edit_project(user, project)
    if power is Power.REVIEW:
        return can_review(user, project)
    return can_grant(user)


def powers(user: Any, project: Project) -> frozenset[Power]:
    """What the user's roles allow on the project, whatever its status."""
    return frozenset(power for power in Power if _holds(user, project, power))


def may_take(user: Any, project: Project, step: str) -> bool:
    """Whether the user's powers allow the step on the project (a 403 otherwise), whatever its status.

    No one takes any step on a project imported from the program's history: it is read-only.
    """
    if project.imported_at is not None:
        return False
    return any(_holds(user, project, power) for power in STEPS[step].powers)


def open_steps(user: Any, project: Project) -> dict[str, bool]:
    """Each step: whether the user may take it on the project now (the page's buttons and forms)."""
    if project.imported_at is not None:  # read-only: the page offers no step (may_take refuses them all)
        return dict.fromkeys(STEPS, False)
    mine = powers(user, project)
    return {name: bool(step.powers & mine) and is_open(name, project.status) for name, step in STEPS.items()}


# --- The program's history (decision 55) -------------------------------------------------------


def can_import_projects(user: Any) -> bool:
    """Import the projects of the program's past years: the ministry, which holds the program's files."""
    return _signed_in(user) and scope_for(user).program_wide


def visible_project_imports(user: Any) -> Any:
    """The imports of the program's history: the ministry's, all of them (an audit); nobody else's."""
    return ProjectImport.objects.all() if can_import_projects(user) else ProjectImport.objects.none()
