"""The second step of signing in: a code from an authenticator app, or adding one first.

After a right password, whoever has an authenticator app, or must have one
(`policies.requires_second_factor`), is not signed in yet: the session only remembers who
typed the password (for a few minutes) and where they were going. The code page then signs
them in; the enrolment page first adds the app. Wrong codes count as failed sign-ins for
django-axes (the same lock-out as wrong passwords) and make the device wait longer
(django-otp's throttling). A user signed in before their account required a second factor
reaches these pages through `SecondFactorMiddleware` and stays signed in.
"""

from __future__ import annotations

import datetime
from base64 import b32encode
from typing import Any

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.models import Device

from accord.core.forms import apply_service_errors

from .. import policies, selectors, services
from ..forms import SecondFactorEnrolForm, SecondFactorSignInForm
from ..models import User

PENDING_KEY = "accord_second_factor_pending"


def second_factor_exempt(view: Any) -> Any:
    """Mark a view that a user still owing a second factor may open (SecondFactorMiddleware)."""
    view.second_factor_exempt = True
    return view


def begin(request: HttpRequest, user: User, *, next_url: str) -> HttpResponse:
    """After a right password: remember who is signing in, and ask for the code or the enrolment."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,  # type: ignore[attr-defined]
        "since": timezone.now().isoformat(),
        "next": next_url,
    }
    if selectors.has_second_factor(user):
        return redirect("accounts:second_factor")
    return redirect("accounts:second_factor_enrol")


def _pending_user(request: HttpRequest) -> User | None:
    """Who typed their password in this session a moment ago, if not too long ago."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    since = datetime.datetime.fromisoformat(pending["since"])
    if timezone.now() - since > settings.ACCORD_SECOND_FACTOR_TIMEOUT:
        del request.session[PENDING_KEY]
        return None
    return User.objects.filter(pk=pending["user"], is_active=True).first()


def subject(request: HttpRequest) -> tuple[User | None, bool]:
    """The user this step is for, and whether they still have to be signed in (pending)."""
    if request.user.is_authenticated:
        return request.user, False  # type: ignore[return-value]
    return _pending_user(request), True


def next_url(request: HttpRequest, pending: bool) -> str:
    candidate = request.session.get(PENDING_KEY, {}).get("next") if pending else request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return str(candidate)
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def sign_in(request: HttpRequest, user: User, device: Device, *, pending: bool) -> str:
    """Sign the user in (if only their password was known), mark the session verified by
    this device, and return where to go next."""
    target = next_url(request, pending)
    if pending:
        backend = request.session.pop(PENDING_KEY)["backend"]
        auth_login(request, user, backend=backend)  # a new session key; axes forgets past failures
    else:
        request.session.cycle_key()
    otp_login(request, device)
    return target


def _complete(request: HttpRequest, user: User, device: Device, *, pending: bool) -> HttpResponse:
    return redirect(sign_in(request, user, device, pending=pending))


@second_factor_exempt
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The code page: the second step of signing in for whoever has an authenticator app."""
    user, pending = subject(request)
    if user is None:
        return redirect("accounts:login")
    if not pending and _verified(request):
        return redirect(next_url(request, pending))
    if not selectors.has_second_factor(user):
        return redirect(_with_next("accounts:second_factor_enrol", request, pending))
    credentials = {settings.AXES_USERNAME_FORM_FIELD: user.email}
    form = SecondFactorSignInForm(request.POST or None)
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, credentials):
            return get_lockout_response(request, credentials=credentials)
        if form.is_valid():
            device = services.verify_second_factor(user, form.cleaned_data["code"])
            if device is not None:
                return _complete(request, user, device, pending=pending)
            form.add_error("code", _("This code is not right, or it was already used. Type the current code."))
        # Every refused code counts as a failed sign-in: the same lock-out as wrong passwords.
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    context = {
        "form": form,
        "has_app": selectors.authenticator_apps(user).exists(),
        "webauthn_config": security_key_config(request) if selectors.security_keys(user).exists() else None,
    }
    return render(request, "registration/second_factor.html", context, status=400 if form.errors else 200)


def security_key_config(request: HttpRequest) -> dict[str, str | None]:
    """What django-otp-webauthn's scripts read from the page (a JSON script element, so no
    inline script): our own addresses of the ceremonies and the CSRF token."""
    return {
        "beginRegistrationUrl": reverse("accounts:security_key_register_begin"),
        "completeRegistrationUrl": reverse("accounts:security_key_register_complete"),
        "beginAuthenticationUrl": reverse("accounts:security_key_sign_in_begin"),
        "completeAuthenticationUrl": reverse("accounts:security_key_sign_in_complete"),
        "autocompleteLoginFieldSelector": None,
        "nextFieldSelector": "input[name='next']",
        "csrfToken": get_token(request),
    }


@second_factor_exempt
@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: its QR code and its secret in text, then a first code to confirm.

    Reached while signing in (an account that requires a second factor and has none) or
    from the account page. Whoever already has one must give its code first: a password
    alone never adds a new second factor.
    """
    user, pending = subject(request)
    if user is None:
        return redirect("accounts:login")
    if selectors.has_second_factor(user) and (pending or not _verified(request)):
        return redirect(_with_next("accounts:second_factor", request, pending))
    device = services.start_totp_enrolment(user, actor=user)
    form = SecondFactorEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_totp_device(
                device, actor=user, code=form.cleaned_data["code"], name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Your authenticator app is added: you will give one of its codes at each sign-in.")
            )
            if not pending and _verified(request):
                return redirect("accounts:account")
            return _complete(request, user, device, pending=pending)
    context = {
        "form": form,
        "required": policies.requires_second_factor(user),
        "secret": _grouped(b32encode(device.bin_key).decode()),
        "qr_code": _qr_svg(device.config_url),
        "pending": pending,
    }
    return render(request, "accounts/second_factor_enrol.html", context, status=400 if form.errors else 200)


def _verified(request: HttpRequest) -> bool:
    """Signed in with a second factor in this session (django-otp's middleware tells)."""
    return bool(request.user.is_verified())  # type: ignore[union-attr]


def _with_next(name: str, request: HttpRequest, pending: bool) -> str:
    url = resolve_url(name)
    if not pending and request.GET.get("next"):
        url = f"{url}?{urlencode({'next': request.GET['next']})}"
    return url


def _grouped(secret: str) -> str:
    """The secret in groups of four letters, easier to read aloud and to type."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _qr_svg(data: str) -> str:
    """The otpauth:// address as an inline SVG QR code (no image library needed)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return mark_safe(image.to_string(encoding="unicode"))  # qrcode's own markup: no user text in it
