"""Reads of the accounts pages that take more than one queryset."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accord.core.history import HistoryEntry, history_entries

from .models import RoleAssignment, User


def account_history(user: User) -> list[HistoryEntry]:
    """The changes to an account and to its roles, newest first, with who made them and why."""
    return history_entries(
        RoleAssignment.history.filter(user_id=user.pk).select_related("history_user"),
        User.history.filter(id=user.pk).select_related("history_user"),
        subject_of=_role_subject,
    )


def _role_subject(record: Any, names: dict[Any, str]) -> str:
    return _("Role") if record.instance_type is RoleAssignment else ""
