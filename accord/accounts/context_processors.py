"""What the navigation needs to know about the signed-in user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import policies


def powers(request: HttpRequest) -> dict[str, Any]:
    """Lazy flags: no query runs unless a template asks."""
    user = getattr(request, "user", None)
    return {
        "can_access_backoffice": SimpleLazyObject(lambda: policies.can_access_backoffice(user)),
        "can_manage_users": SimpleLazyObject(lambda: policies.can_manage_users(user)),
        "can_oversee_privacy": SimpleLazyObject(lambda: policies.can_oversee_privacy(user)),
    }
