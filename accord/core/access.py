"""The one access decorator of the back office's areas (registry, governance, fund).

Anonymous visitors are sent to sign in; signed-in users for whom the area's policy says no
get a 403 with the reason. What a user may then see inside the area is the views' business
(policies' querysets: out of scope is a 404).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

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
