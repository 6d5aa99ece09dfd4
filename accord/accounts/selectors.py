"""Reads of the accounts pages that take more than one queryset."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.core.history import HistoryEntry, history_entries

from .models import RoleAssignment, SecondFactorEvent, User


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
            subject=event.device_name or _("Authenticator app"),
            reason="",
        )
        for event in events
    )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def second_factor_devices(user: User) -> QuerySet[TOTPDevice]:
    """The user's confirmed authenticator apps, oldest first (one query)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("created_at", "pk")


def has_second_factor(user: User) -> bool:
    """Whether the user has a confirmed authenticator app (and so gives a code at sign-in)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def _role_subject(record: Any, names: dict[Any, str]) -> str:
    return _("Role") if record.instance_type is RoleAssignment else ""
