"""Input checks shared by every form, serializer and service."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

NUL_MESSAGE = _("This text contains an invisible control character (NUL) that cannot be saved.")


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
