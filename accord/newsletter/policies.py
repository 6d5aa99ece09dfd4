"""Who composes and sends the newsletter, and what the public reads of it (decision 49).

- The public subscribes, confirms and unsubscribes with the tokens of its emails (no account), and
  reads the archive of the issues sent (`sent_issues`).
- Editors, in the back office, are communication's (`accord/communication/policies.py`): the ministry
  writes to the whole program; a regional office to the subscribers of its regions (an issue whose
  audience names only its regions); the coordinator of a niche committee to their niche's (an issue
  whose audience names only their niches). An issue with no niche and no region goes to everyone:
  the ministry's.
- An editor sees the issues whose audience names one of their regions or niches
  (`visible_issues`, 404 outside) and changes and sends those they cover whole (`can_edit_issue`, 403).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from accord.accounts.policies import scope_for
from accord.communication.policies import COMMUNICATION, coordinated_creneaux, writable_creneaux, writable_regions
from accord.registry.models import Region

from .models import Issue, IssueStatus

#: The back office's gate: communication's editors.
NEWSLETTER = COMMUNICATION


def sent_issues() -> Any:
    """The public archive: the issues sent (or being sent), latest first."""
    return Issue.objects.filter(status__in=[IssueStatus.SENDING, IssueStatus.SENT]).exclude(sent_at=None)


def visible_issues(user: Any) -> Any:
    """The issues the user sees in the back office: the ministry all; an office those whose audience
    names one of its regions; a coordinator those naming their niche."""
    scope = scope_for(user)
    if scope.program_wide:
        return Issue.objects.all()
    condition = Q(creneaux__in=list(coordinated_creneaux(user))) | Q(regions__in=list(scope.region_ids))
    return Issue.objects.filter(pk__in=Issue.objects.filter(condition).values("pk"))


def covers_audience(user: Any, creneau_ids: Iterable[int], region_ids: Iterable[int]) -> bool:
    """Whether the user writes to this audience: the ministry to any; a coordinator when every niche
    named is theirs and no region is named; an office when every region named is its own (niches,
    if named, then narrow its regions' subscribers). Nobody but the ministry writes to everyone."""
    scope = scope_for(user)
    if scope.program_wide:
        return True
    creneaux, regions = set(creneau_ids), set(region_ids)
    if not creneaux and not regions:
        return False
    if regions:
        return regions <= set(scope.region_ids)
    return creneaux <= set(coordinated_creneaux(user))


def can_edit_issue(user: Any, issue: Issue) -> bool:
    """Change, preview or send the issue: whoever covers its whole audience."""
    creneaux = [c.pk for c in issue.creneaux.all()]
    regions = [r.pk for r in issue.regions.all()]
    return covers_audience(user, creneaux, regions)


def audience_creneaux(user: Any) -> Any:
    """The niches an issue of the user may name (the form's choices; the service checks the whole)."""
    return writable_creneaux(user)


def audience_regions(user: Any) -> Any:
    """The regions an issue of the user may name: the ministry any; an office its own."""
    scope = scope_for(user)
    if scope.program_wide:
        return writable_regions(user)
    return Region.objects.filter(pk__in=list(scope.region_ids))
