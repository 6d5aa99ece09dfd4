"""Display labels of choice fields, translated once per language."""

from __future__ import annotations

from typing import Any

from django.utils import translation

_LABELS: dict[tuple[str, str, str], dict[Any, str]] = {}


def choice_label(obj: Any, field_name: str) -> str:
    """The display label of a choice field's value, from a per-language table built once.

    Model.get_FOO_display() rebuilds the choices and translates them on every call,
    which adds up in long lists.
    """
    if obj is None:
        return ""
    key = (obj._meta.label, field_name, translation.get_language() or "")
    labels = _LABELS.get(key)
    if labels is None:
        field = obj._meta.get_field(field_name)
        labels = _LABELS[key] = {value: str(text) for value, text in field.flatchoices}
    value = getattr(obj, field_name)
    return labels.get(value, "" if value in (None, "") else str(value))
