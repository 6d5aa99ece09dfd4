"""The log of access to personal information (Law 25): one INSERT per page, export or API read.

Every app that shows people calls `record_access` where it shows them; the privacy officer
reads the log in the back office (accounts' privacy pages).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.http import HttpRequest

from . import retention
from .models import AccessAction, PersonalDataAccess
from .services import actor_or_none

#: Access-log entries are kept two years: long enough to answer a complaint to the
#: Commission d'accès à l'information about who consulted a file.
ACCESS_LOG_PERIOD = retention.years(2)

__all__ = ["AccessAction", "record_access"]


def record_access(
    request: HttpRequest | Any,
    action: str,
    *,
    subject: Model | None = None,
    rows: int = 1,
    what: str = "",
) -> PersonalDataAccess:
    """Append who (the request's user), when, what (the address asked for) and how many rows."""
    path = what or request.get_full_path()
    return PersonalDataAccess.objects.create(
        user=actor_or_none(getattr(request, "user", None)),
        action=action,
        what=path[:500],
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=subject.pk if subject is not None else None,
        rows=rows,
    )


def purge_access_log(today: Any, *, dry_run: bool = False) -> int:
    """Retention rule `access_log`: entries older than their period are deleted."""
    old = PersonalDataAccess.objects.filter(at__lt=retention.cutoff(today, ACCESS_LOG_PERIOD))
    return retention.delete(old, dry_run=dry_run)
