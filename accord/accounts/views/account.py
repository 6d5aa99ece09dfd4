"""The signed-in user's own account: their details and their API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.core.steps import button_step, refused

from .. import policies, services


def _account_page(request: HttpRequest, **extra: Any) -> HttpResponse:
    context = {"tokens": policies.visible_api_tokens(request.user).order_by("-created"), **extra}
    response = render(request, "accounts/account.html", context)
    # The page may carry a token shown once: no cache may keep it.
    add_never_cache_headers(response)
    return response


@require_GET
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _account_page(request)


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    """Issue a token and show it on this answer only: it is stored hashed and never shown again."""
    user: Any = request.user  # signed in (login_required)
    try:
        token, key = services.create_api_token(user, actor=user)
    except ValidationError as exc:
        return refused(request, exc, reverse("accounts:account"))
    return _account_page(request, new_token=key, new_token_expiry=token.expiry)


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_key: str) -> HttpResponse:
    token = get_object_or_404(policies.visible_api_tokens(request.user).select_related("user"), token_key=token_key)

    def revoke() -> str:
        services.revoke_api_token(token, actor=request.user)
        return _("The API token was revoked: it no longer works.")

    return button_step(request, revoke, back=reverse("accounts:account"))
