"""Security keys and passkeys (WebAuthn) as a second factor, with django-otp-webauthn.

The library's four JSON views run the two ceremonies (register a key, sign in with it);
these subclasses fit them to our sign-in: a key is a second factor only (never instead of
the password), the user signing in is the one whose password was just typed (the pending
sign-in, views/second_factor.py), a refused key counts as a failed sign-in for
django-axes like a wrong code, and adding a key is recorded in the account's history.
Its scripts are static files, configured through a JSON script element (no inline script).
"""

from __future__ import annotations

import json
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp_webauthn import exceptions
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from accord.core.forms import apply_service_errors

from .. import policies, selectors, services
from ..forms import SecurityKeyNameForm
from ..models import User
from . import second_factor


class LockedOut(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_code = "locked_out"
    default_detail = gettext_lazy("Too many failed sign-ins: try again later.")


# The library's refusals in our words and languages (it has no French): shown by its scripts.
_REFUSALS = {
    "malformed_request": gettext_lazy("The browser's answer could not be read. Try again."),
    "invalid_state": gettext_lazy("This step expired or was already used. Try again."),
    "unprocessable_request": gettext_lazy("This key's answer could not be verified. Try again."),
    "passwordless_login_disabled": gettext_lazy("Type your email address and password first."),
    "user_disabled": gettext_lazy("This account is inactive."),
    "credential_disabled": gettext_lazy("This security key is not accepted."),
    "credential_not_found": gettext_lazy("This security key is not one of your account's. Was it removed?"),
    "credential_user_mismatch": gettext_lazy("This security key is not one of your account's."),
    "not_authenticated": gettext_lazy("Sign in first."),
    "user_not_verified": gettext_lazy("Sign in with your second factor before adding a security key."),
}


class _InOurWords:
    def handle_exception(self, exc: Exception) -> HttpResponse:
        if isinstance(exc, exceptions.OTPWebAuthnApiError) and exc.code in _REFUSALS:
            exc.detail = _REFUSALS[exc.code]
        return super().handle_exception(exc)  # type: ignore[misc]


class SecurityKeyRegistrationBegin(_InOurWords, BeginCredentialRegistrationView):
    """Options to register a new key, for the signed-in owner (verified, if they have a second factor)."""

    def check_can_register(self) -> None:
        user = self.request.user
        if not policies.can_manage_second_factors(user, user):
            raise exceptions.NotAuthenticated()


class SecurityKeyRegistrationComplete(_InOurWords, CompleteCredentialRegistrationView):
    """Checks and saves the new key (the library), then records it in the account's history."""

    def check_can_register(self) -> None:
        user = self.request.user
        if not policies.can_manage_second_factors(user, user):
            raise exceptions.NotAuthenticated()

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(*args, **kwargs)
        device = selectors.security_keys(self.request.user).get(pk=json.loads(response.content)["id"])  # type: ignore[arg-type]
        services.record_security_key(device, actor=self.request.user)
        return response


class _SignInWithKey:
    """The user of a sign-in with a key: signed in already (owing the second factor), or pending."""

    second_factor_exempt = True
    request: HttpRequest

    def get_user(self) -> User | None:
        return second_factor.subject(self.request)[0]

    def check_can_authenticate(self) -> None:
        user = self.get_user()
        if user is None:
            raise exceptions.PasswordlessLoginDisabled()
        if not AxesProxyHandler.is_allowed(self.request, _credentials(user)):
            raise LockedOut()


class SecurityKeySignInBegin(_SignInWithKey, _InOurWords, BeginCredentialAuthenticationView):
    """Options to sign in with one of the keys of the user whose password was just typed."""


class SecurityKeySignInComplete(_SignInWithKey, _InOurWords, CompleteCredentialAuthenticationView):
    """Checks the key's signature (the library), then signs the user in as a right code would."""

    def complete_auth(self, device: Any) -> None:
        pending = second_factor.subject(self.request)[1]
        self.success_url = second_factor.sign_in(self.request, device.user, device, pending=pending)

    def get_success_url(self) -> str:
        return self.success_url

    def handle_exception(self, exc: Exception) -> HttpResponse:
        user = self.get_user() if hasattr(self, "request") else None
        if user is not None and isinstance(exc, exceptions.OTPWebAuthnApiError) and not isinstance(exc, LockedOut):
            # A refused key is a failed sign-in: the same lock-out as wrong passwords and codes.
            user_login_failed.send(sender=__name__, credentials=_credentials(user), request=self.request)
        return super().handle_exception(exc)


def _credentials(user: User) -> dict[str, str]:
    return {settings.AXES_USERNAME_FORM_FIELD: user.email}


@login_required
@require_http_methods(["GET", "POST"])
def security_key_name(request: HttpRequest, pk: int) -> HttpResponse:
    """Name one of my security keys (shown right after adding it); 404 for anyone else's."""
    device = get_object_or_404(selectors.security_keys(request.user), pk=pk)  # type: ignore[arg-type]
    form = SecurityKeyNameForm(request.POST or None, initial={"name": device.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_security_key(device, actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your security key is saved: you may use it at each sign-in."))
            return redirect("accounts:account")
    return render(
        request, "accounts/security_key_name.html", {"device": device, "form": form}, status=400 if form.errors else 200
    )
