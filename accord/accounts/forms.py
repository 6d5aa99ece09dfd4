"""Sign-in, password reset and user-management forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from accord.core import tasks

from .models import Role, User


class EmailAuthenticationForm(AuthenticationForm):
    """Django's sign-in form with an email field (the field keeps the name "username")."""

    username = forms.EmailField(
        label=_("Email address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    # Django's message builds "un %(username)s" from the field's name, which gave French readers
    # "Saisissez un adresse courriel": a whole sentence of our own, so each language agrees.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Enter a correct email address and password. Note that the password is case-sensitive."),
    }

    def clean_username(self) -> str:
        return User.objects.normalize_email(self.cleaned_data.get("username"))


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset email through Celery once the request's transaction commits."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        transaction.on_commit(
            lambda: tasks.send_email.delay(subject=subject, body=body, to=[to_email], from_email=from_email)
        )

    def get_users(self, email: str) -> Any:
        return super().get_users(User.objects.normalize_email(email))


class UserCreateForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "preferred_language"]


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Region"), queryset=None, required=False, help_text=_("For regional office staff.")
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Accounts sits below the registry: reach the Region model through the app registry.
        self.fields["region"].queryset = apps.get_model("registry", "Region").objects.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.REGIONAL_OFFICE and not data.get("region"):
            self.add_error("region", _("Choose the region of this regional office."))
        return data


class SecondFactorCodeForm(forms.Form):
    """The six-digit code of an authenticator app (spaces allowed, as apps show "123 456")."""

    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=16,
        error_messages={"invalid": _("Type the six digits the app shows.")},
        help_text=_("Six digits; a new code appears every 30 seconds."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class SecondFactorSignInForm(forms.Form):
    """At sign-in: the six digits of an authenticator app, or one of the backup codes (eight letters and digits)."""

    code = forms.RegexField(
        label=_("Code from your authenticator app, or a backup code"),
        regex=r"^\s*(\d{3}\s?\d{3}|[A-Za-z2-7]{4}\s?[A-Za-z2-7]{4})\s*$",
        max_length=16,
        error_messages={"invalid": _("Type the six digits the app shows, or one of your backup codes.")},
        help_text=_("Six digits; a new code appears every 30 seconds. A backup code has eight characters."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false", "autocapitalize": "none"}
        ),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


class SecurityKeyNameForm(forms.Form):
    """The name of a security key, to tell one's keys apart."""

    name = forms.CharField(
        label=_("Name of this key"),
        max_length=64,
        required=False,
        help_text=_("For example “Blue key” or “Laptop”."),
    )


class SecondFactorResetForm(forms.Form):
    """Resetting someone's second factor says why (kept in their account's history and emailed to them)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("For example “Phone lost, identity checked by phone on December 5”. The account's owner reads it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SecondFactorEnrolForm(SecondFactorCodeForm):
    """Confirms a new authenticator app with its first code, and names it if the user wishes."""

    name = forms.CharField(
        label=_("Name of this device (optional)"),
        max_length=64,
        required=False,
        help_text=_("For example “Claire's phone”, to tell your devices apart."),
    )


class SecondFactorRemoveForm(forms.Form):
    """Removing a second factor asks for the password again."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
