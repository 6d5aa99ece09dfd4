"""Validators for registry identifiers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The Registraire des entreprises does not publish a check-digit algorithm for the NEQ;
# what is public is its shape: ten digits whose first two give the kind of registrant.
NEQ_PREFIXES = ("11", "22", "33", "88")
_SEPARATORS = re.compile(r"[\s.-]")


def normalize_neq(value: str | None) -> str | None:
    """Drop spaces, dots and dashes people type in an NEQ; empty becomes None."""
    if value is None:
        return None
    cleaned = _SEPARATORS.sub("", str(value))
    return cleaned or None


def validate_neq(value: str | None) -> None:
    """A Québec enterprise number: 10 digits starting with 11, 22, 33 or 88."""
    if value in (None, ""):
        return
    text = str(value)
    if not (len(text) == 10 and text.isdigit()):
        raise ValidationError(_("An NEQ has exactly 10 digits, for example 1143281018."), code="neq_format")
    if not text.startswith(NEQ_PREFIXES):
        raise ValidationError(_("An NEQ starts with 11, 22, 33 or 88."), code="neq_prefix")
