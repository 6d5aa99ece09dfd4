"""Bilingual content: `<field>_fr` / `<field>_en` columns, and text the system writes (messages)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Choices, F, Value
from django.db.models.functions import Coalesce, Collate, NullIf
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from .collation import COLLATION
from .money import format_money
from .text import normalize


def elides(word: str) -> bool:
    """Whether French elides "de" or "le" before this word: "Présence d'Émilie", not "de Émilie".

    A vowel first, accents aside (the h is left alone: "de Hubert" is as right as "d'Hélène").
    Messages choose their variant with the context "before a vowel" (pgettext).
    """
    return normalize(word)[:1] in tuple("aeiouy")


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


# --- Text the system writes ------------------------------------------------------------------
# A note, a title or a summary that a service composes ("Unspent at closing", "Proof: …",
# "Anne Ouellet – Excused") is stored as a message key with its parameters, and rendered when
# read, in the reader's language. The stored free-text column keeps the French rendering, for
# exports, search and rows written before (decision 25). Parameters are JSON: text and numbers
# as they are; amounts, dates and choice labels as small tagged objects rendered in the
# reader's language too; a nested message as {"key", "params"}.

_MESSAGES: dict[str, Any] = {}
_CHOICES: dict[str, type[Choices]] = {}
_CHOICE_NAMES: dict[type[Choices], str] = {}


def system_text_field() -> models.JSONField[Any, Any]:
    """A message key and its parameters, beside the free-text column it renders (`message`)."""
    return models.JSONField(_("text written by the system"), default=dict, blank=True, editable=False)


def register_messages(templates: Mapping[str, Any]) -> None:
    """Declare the lazy gettext templates a service may store by key (apps' `ready()`)."""
    _MESSAGES.update(templates)


def register_choices(name: str, choices: type[Choices]) -> None:
    """Let a stored message name a label of these choices (rendered in the reader's language)."""
    _CHOICES[name] = choices
    _CHOICE_NAMES[choices] = name


def message(key: str, /, **params: Any) -> dict[str, Any]:
    """What a service stores for a text it composes: the key and its parameters, as JSON."""
    if key not in _MESSAGES:
        raise KeyError(f"No message registered under {key!r}.")
    return {"key": key, "params": {name: _stored_param(value) for name, value in params.items()}}


def format_number(value: Decimal) -> str:
    """A rate or a count in the active language, without useless decimals: 40, 12.5, 12,5 in French."""
    shown = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(shown, use_l10n=True)


def number(value: Decimal) -> dict[str, str]:
    """A number for a message (a rate: 40, 12.5), written in the reader's language when read."""
    return {"number": str(value)}


def _stored_param(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_stored_param(item) for item in value]
    if isinstance(value, Choices):
        name = _CHOICE_NAMES.get(type(value))
        if name is None:
            raise KeyError(f"{type(value).__name__} is not registered (register_choices).")
        return {"choice": name, "value": value.value}
    if isinstance(value, bool) or value is None or isinstance(value, int | float | dict):
        return value
    if isinstance(value, Decimal):
        return {"money": str(value)}
    if isinstance(value, datetime.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    return str(value)  # a name, a number, a model's __str__: the reader's words are not ours to translate


def render_message(stored: Mapping[str, Any] | None, fallback: str = "") -> str:
    """The stored message in the active language; `fallback` (the free text) for rows without one."""
    if not stored or stored.get("key") not in _MESSAGES:
        return fallback
    params = {name: _rendered_param(value) for name, value in (stored.get("params") or {}).items()}
    template = str(_MESSAGES[stored["key"]])
    return template % params if params else template


def _rendered_param(value: Any) -> Any:
    if isinstance(value, list):
        # Several sentences (each a message): one after the other.
        return " ".join(str(_rendered_param(item)) for item in value)
    if not isinstance(value, dict):
        return value
    if "key" in value:
        return render_message(value)
    if "choice" in value:
        choices = _CHOICES.get(value["choice"])
        try:
            return str(choices(value["value"]).label) if choices else value["value"]
        except ValueError:
            return value["value"]
    if "money" in value:
        return format_money(Decimal(value["money"]))
    if "number" in value:
        return format_number(Decimal(value["number"]))
    if "datetime" in value:
        return formats.date_format(
            timezone.localtime(datetime.datetime.fromisoformat(value["datetime"])), "SHORT_DATETIME_FORMAT"
        )
    if "date" in value:
        return formats.date_format(datetime.date.fromisoformat(value["date"]), "DATE_FORMAT")
    return value


def in_french(stored: Mapping[str, Any]) -> str:
    """The French rendering (the reference language), for the free-text column beside the message."""
    with translation.override("fr"):
        return render_message(stored)
