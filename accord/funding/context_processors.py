"""What the navigation needs to know about the user's part in the fund."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import policies


def funding(request: HttpRequest) -> dict[str, Any]:
    """Lazy: no query unless a template asks."""
    user = getattr(request, "user", None)
    return {
        "can_access_funding": SimpleLazyObject(lambda: policies.can_access_funding(user)),
        "can_view_program": SimpleLazyObject(lambda: policies.can_view_program(user)),
        "can_manage_program": SimpleLazyObject(lambda: policies.can_manage_program(user)),
    }
