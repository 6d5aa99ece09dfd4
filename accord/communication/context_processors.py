"""What the navigation needs to know about the user's part in news and success stories."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import policies


def communication(request: HttpRequest) -> dict[str, Any]:
    """Lazy: no query unless a template asks."""
    user = getattr(request, "user", None)
    return {
        "can_access_communication": SimpleLazyObject(lambda: policies.can_access_communication(user)),
        "can_access_communication_plans": SimpleLazyObject(lambda: policies.can_access_communication_plans(user)),
        # The members' area (decision 52): the ministry, and the members of a créneau.
        "can_read_member_information": SimpleLazyObject(lambda: policies.can_read_member_information(user)),
    }
