"""Access to the governance area: staff and committee members."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from .policies import can_access_governance


def governance_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Anonymous visitors sign in; signed-in users who are neither staff nor committee members get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_access_governance(request.user):
            raise PermissionDenied(
                _("The governance area is for committee members and ministry and regional-office staff.")
            )
        return view(request, *args, **kwargs)

    return wrapper
