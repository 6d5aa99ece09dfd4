"""The one gate of each area of the back office (registry, governance, fund), for pages and API.

An area is its policy (`allowed(user)`) and the reason given to those it refuses. On the
pages, anonymous visitors are sent to sign in and signed-in users for whom the policy says no
get a 403 with the reason; the API answers 401 or 403 the same way. What a user may then see
inside the area is the views' business (policies' querysets: out of scope is a 404).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from rest_framework.permissions import BasePermission

View = Callable[..., HttpResponseBase]


def area_required(allowed: Callable[[Any], bool], refusal: Any) -> Callable[[View], View]:
    """A decorator: sign in first, then `allowed(user)` or a 403 saying `refusal`."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not allowed(request.user):
                raise PermissionDenied(str(refusal))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class Area:
    """An area of the back office: its policy, and the gates of its pages and its API."""

    def __init__(self, allowed: Callable[[Any], bool], refusal: Any) -> None:
        self.allowed = allowed
        self.refusal = refusal
        #: The pages' decorator.
        self.required = area_required(allowed, refusal)
        #: The API's permission class (DRF): the same policy, the same reason.
        self.permission: type[BasePermission] = type(
            "AreaPermission", (_AreaPermission,), {"area": self, "message": refusal}
        )


class _AreaPermission(BasePermission):
    area: Area

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and self.area.allowed(user))
