"""Who owes a second factor reaches only the pages that let them give it.

A user signed in without a code (their account came to require a second factor while they
were signed in: a new role, the setting turned on) is sent to the code page, or to the
enrolment page if they have no authenticator app yet, from every page but those marked
`second_factor_exempt` (the code, enrolment and sign-out pages, the language switch, the
health check). The API answers 403. Sign-in itself never lets such a user in without the
code (views/second_factor.py): this is the net under it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.i18n import set_language

from accord.core.views import health

from . import policies, selectors

_ALWAYS_OPEN = {set_language, health}


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return None
        if _exempt(view_func) or not policies.requires_second_factor(user):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("Sign in with your second factor first.")}, status=403)
        target = "accounts:second_factor" if selectors.has_second_factor(user) else "accounts:second_factor_enrol"  # type: ignore[arg-type]
        return redirect_to_login(request.get_full_path(), reverse(target))


def _exempt(view_func: Any) -> bool:
    if view_func in _ALWAYS_OPEN or getattr(view_func, "second_factor_exempt", False):
        return True
    return bool(getattr(getattr(view_func, "view_class", None), "second_factor_exempt", False))
