"""Helpers for bilingual content stored as `<field>_fr` / `<field>_en` columns."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils import translation

from .collation import COLLATION


def localized(obj: object, field: str, language: str | None = None) -> str:
    """The English value when English is active and filled in, otherwise the French one.

    French is the reference language: an English page never shows an empty name just
    because its translation is missing.
    """
    language = (language or translation.get_language() or "fr")[:2]
    if language == "en":
        value = getattr(obj, f"{field}_en", "") or ""
        if value:
            return str(value)
    return str(getattr(obj, f"{field}_fr", "") or "")


def localized_expression(field: str, language: str | None = None) -> Any:
    """The database's reading of `localized`: what a list sorts by in the reader's language.

    In French order (accord.core.collation): SQLite gives a function's result no collation.
    """
    language = (language or translation.get_language() or "fr")[:2]
    if language == "en":
        return Collate(Coalesce(NullIf(F(f"{field}_en"), Value("")), F(f"{field}_fr")), COLLATION)
    return F(f"{field}_fr")
