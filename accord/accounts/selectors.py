"""Reads of the accounts pages that take more than one queryset."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accord.core.history import HistoryEntry, history_entries

from .models import AuthToken, RoleAssignment, SecondFactorEvent, User


def account_history(user: User) -> list[HistoryEntry]:
    """The changes to an account, its roles and its second factors, newest first, with who made them and why."""
    entries = history_entries(
        RoleAssignment.history.filter(user_id=user.pk).select_related("history_user"),
        User.history.filter(id=user.pk).select_related("history_user"),
        subject_of=_role_subject,
    )
    events = SecondFactorEvent.objects.filter(user_id=user.pk).select_related("actor")
    entries.extend(
        HistoryEntry(
            when=event.at,
            who=event.actor,
            action=event.kind,
            action_label=event.get_kind_display(),
            subject=event.device_name or _("Second factor"),
            reason=event.reason,
        )
        for event in events
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def authenticator_apps(user: User) -> QuerySet[TOTPDevice]:
    """The user's confirmed authenticator apps, oldest first (one query)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("created_at", "pk")


def security_keys(user: User) -> QuerySet[WebAuthnCredential]:
    """The user's security keys and passkeys (WebAuthn), oldest first (one query)."""
    return WebAuthnCredential.objects.devices_for_user(user, confirmed=True).order_by("created_at", "pk")


def second_factor_devices(user: User) -> list[Device]:
    """Every authenticator app and security key of the user, oldest first (two queries).

    Backup codes are not among them: they stand in for a lost device, never alone.
    """
    devices: list[Device] = [*authenticator_apps(user), *security_keys(user)]
    return sorted(devices, key=lambda d: (d.created_at is None, d.created_at))  # type: ignore[attr-defined]


def has_second_factor(user: User) -> bool:
    """Whether the user has an authenticator app or a security key (and so must use one at sign-in)."""
    return authenticator_apps(user).exists() or security_keys(user).exists()


def backup_codes_left(user: User) -> int:
    """How many unused backup codes the user holds (one query)."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _role_subject(record: Any, names: dict[Any, str]) -> str:
    return _("Role") if record.instance_type is RoleAssignment else ""


def account_personal_data(user: User) -> dict[str, Any]:
    """What accounts hold about a person through their account (Law 25 export): the account,
    its roles, second-factor events, API tokens (dates only: never a digest) and history."""

    def plain_rows(queryset: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
        return [{k: _plain(v) for k, v in row.items()} for row in queryset.values(*fields)]

    history_base = ("history_id", "history_date", "history_type", "history_user__email", "history_change_reason")
    return {
        "account": plain_rows(
            User.objects.filter(pk=user.pk),
            "id",
            "email",
            "first_name",
            "last_name",
            "preferred_language",
            "is_active",
            "date_joined",
            "last_login",
        )[0],
        "roles": plain_rows(
            RoleAssignment.objects.filter(user=user).order_by("starts_on", "pk"),
            "role",
            "region__code",
            "starts_on",
            "ends_on",
            "granted_by__email",
            "note",
        ),
        "second_factor_events": plain_rows(
            SecondFactorEvent.objects.filter(user=user).order_by("at", "pk"), "kind", "device_name", "at"
        ),
        "api_tokens": plain_rows(AuthToken.objects.filter(user=user).order_by("created"), "created", "expiry"),
        "history": plain_rows(
            User.history.filter(id=user.pk).order_by("history_date", "history_id"),
            *history_base,
            "email",
            "first_name",
            "last_name",
            "preferred_language",
            "is_active",
        ),
        "role_history": plain_rows(
            RoleAssignment.history.filter(user_id=user.pk).order_by("history_date", "history_id"),
            *history_base,
            "role",
            "region_id",
            "starts_on",
            "ends_on",
            "note",
        ),
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
