"""What the navigation needs to know about the user's part in the plans."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import policies


def planning(request: HttpRequest) -> dict[str, Any]:
    """Lazy: no query unless a template asks."""
    user = getattr(request, "user", None)
    return {"can_access_planning": SimpleLazyObject(lambda: policies.can_access_planning(user))}
