"""The signed-in user's own account: who they are, their second factors, their API tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.models import Device
from django_otp_webauthn.models import WebAuthnCredential

from accord.core.forms import apply_service_errors
from accord.core.steps import button_step, refused

from .. import policies, selectors, services
from ..forms import SecondFactorRemoveForm
from . import second_factor


def _account_page(request: HttpRequest, **extra: Any) -> HttpResponse:
    user: Any = request.user
    apps, keys = list(selectors.authenticator_apps(user)), list(selectors.security_keys(user))
    context = {
        "apps": apps,
        "keys": keys,
        "backup_codes_left": selectors.backup_codes_left(user) if apps or keys else 0,
        "webauthn_config": second_factor.security_key_config(request),
        "required": policies.requires_second_factor(user),
        "tokens": policies.visible_api_tokens(request.user).order_by("-created"),
        **extra,
    }
    response = render(request, "accounts/account.html", context)
    # The page may carry a token or backup codes shown once: no cache may keep it.
    add_never_cache_headers(response)
    return response


@require_GET
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """My account: my authenticator apps (added, removed), my API tokens, my password."""
    return _account_page(request)


@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def second_factor_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of my authenticator apps, typing my password again (404 for anyone else's)."""
    return _remove(request, get_object_or_404(selectors.authenticator_apps(request.user), pk=pk))  # type: ignore[arg-type]


@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def security_key_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one of my security keys, typing my password again (404 for anyone else's)."""
    return _remove(request, get_object_or_404(selectors.security_keys(request.user), pk=pk))  # type: ignore[arg-type]


def _remove(request: HttpRequest, device: Device) -> HttpResponse:
    is_key = isinstance(device, WebAuthnCredential)
    form = SecondFactorRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_second_factor(device, actor=request.user, password=form.cleaned_data["password"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("The security key is removed.") if is_key else _("The authenticator app is removed.")
            )
            return redirect("accounts:account")
    return render(
        request,
        "accounts/second_factor_remove.html",
        {"device": device, "is_key": is_key, "form": form, "required": policies.requires_second_factor(request.user)},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def backup_codes_generate(request: HttpRequest) -> HttpResponse:
    """Generate ten backup codes (replacing earlier ones) and show them on this answer only.

    Only from a session that passed the second factor: a password alone never gets a way
    around it.
    """
    user: Any = request.user
    if not user.is_verified():
        return refused(
            request,
            ValidationError(_("Sign in with your second factor before generating backup codes.")),
            reverse("accounts:account"),
        )
    try:
        codes = services.generate_backup_codes(user, actor=user)
    except ValidationError as exc:
        return refused(request, exc, reverse("accounts:account"))
    return _account_page(request, new_backup_codes=[f"{code[:4]} {code[4:]}" for code in codes])


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    """Issue a token and show it on this answer only: it is stored hashed and never shown again.

    An account with a second factor gets one only from a session that passed it.
    """
    user: Any = request.user  # signed in (login_required)
    if (policies.requires_second_factor(user) or selectors.has_second_factor(user)) and not user.is_verified():
        return refused(
            request,
            ValidationError(_("Sign in with your second factor before creating an API token.")),
            reverse("accounts:account"),
        )
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
