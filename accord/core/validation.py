"""Input checks shared by every form, serializer and service."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

NUL_MESSAGE = _("This text contains an invisible control character (NUL) that cannot be saved.")
LINE_BREAK_MESSAGE = _("This text must fit on one line: remove the line breaks.")
LINE_BREAKS = ("\r", "\n")


def contains_nul(value: Any) -> bool:
    return isinstance(value, str) and "\x00" in value


def reject_nul(value: Any) -> None:
    """Validator: PostgreSQL cannot store NUL in text, so refuse it with a clear message."""
    if contains_nul(value):
        raise ValidationError(NUL_MESSAGE, code="nul_character")


def reject_nul_characters(instance: models.Model) -> None:
    """Refuse to save a row whose text fields contain NUL, naming each field at fault."""
    errors = {
        f.name: [NUL_MESSAGE]
        for f in instance._meta.concrete_fields
        if contains_nul(getattr(instance, f.attname, None))
    }
    if errors:
        raise ValidationError(errors)


def contains_line_break(value: Any) -> bool:
    return isinstance(value, str) and any(c in value for c in LINE_BREAKS)


def reject_line_breaks(value: Any) -> None:
    """Validator of single-line text (titles, names): a CR or LF there ends up in an email header.

    Django refuses to send a message whose subject holds a line break, after the commit: the
    meeting would say its notice went out when it did not. Refused at the door instead.
    """
    if contains_line_break(value):
        raise ValidationError(LINE_BREAK_MESSAGE, code="line_break")


def reject_line_breaks_in_fields(instance: models.Model, only: Iterable[str] | None = None) -> None:
    """Refuse to save a row whose single-line fields (CharField, not TextField) hold CR or LF.

    `only`: the fields being changed (a row written before this rule can still change status).
    """
    names = set(only) if only is not None else None
    errors = {
        f.name: [LINE_BREAK_MESSAGE]
        for f in instance._meta.concrete_fields
        if isinstance(f, models.CharField)
        and (names is None or f.name in names)
        and contains_line_break(getattr(instance, f.attname, None))
    }
    if errors:
        raise ValidationError(errors)
