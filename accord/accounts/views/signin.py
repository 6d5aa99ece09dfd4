"""Sign-in, sign-out and password reset, on Django's own views with our forms and templates.

The password is the first step; whoever has or must have a second factor continues on
the code or enrolment page (second_factor.py) before being signed in.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy

from accord.core.ratelimit import allow, client_address

from .. import policies, selectors
from ..forms import EmailAuthenticationForm, QueuedPasswordResetForm
from ..models import User
from . import second_factor

logger = logging.getLogger(__name__)


class _OurSiteName:
    """Django's sign-in views put the server's host ("127.0.0.1:8000") in `site_name`, which the
    layout shows as the brand and in the title: the context processor's "Accord" stays."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.pop("site_name", None)
        context.pop("site", None)
        return context


class LoginView(_OurSiteName, auth_views.LoginView):
    second_factor_exempt = True
    form_class = EmailAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        """A right password signs in, unless a second factor is owed: then its page comes first."""
        user = form.get_user()
        if policies.requires_second_factor(user) or selectors.has_second_factor(user):
            return second_factor.begin(self.request, user, next_url=self.get_success_url())
        return super().form_valid(form)


class LogoutView(_OurSiteName, auth_views.LogoutView):
    """POST only (Django 5): a link cannot sign someone out."""

    second_factor_exempt = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        """Send the link, unless this address or this client asked too often in the last hour.

        Refused or not, the answer is the same page ("if an account exists, an email was
        sent"): it tells nothing of the account, and a loop cannot flood a mailbox.
        """
        email = User.objects.normalize_email(form.cleaned_data["email"])
        # Both counters count every request: no short-circuit.
        per_email = allow("password-reset-email", email, limit=settings.PASSWORD_RESET_LIMIT, period=3600)
        per_client = allow(
            "password-reset-client",
            client_address(self.request),
            limit=settings.PASSWORD_RESET_CLIENT_LIMIT,
            period=3600,
        )
        if not (per_email and per_client):
            logger.warning("Password reset refused: too many requests for one address or from one client.")
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")
