"""The contract of what each app holds about a person (Law 25: access, anonymisation).

The registry knows people; governance (mandates, attendance, votes) and the fund (projects
drafted, documents filed) know more about them, but the registry cannot import them. Each app
registers a `PersonalDataSource` once, at start-up (its AppConfig.ready()), with:

- `export(person)`: everything it holds about the person, as JSON-ready values (strings,
  numbers, lists, dicts), for the person's export;
- `holds(person, today)`: the legal holds it knows of, each a plain-language reason why the
  person cannot be anonymised yet (an open project, a current mandate, a retention period);
- `anonymise(person, *, actor, reason)`: replace what it holds that names the person, its
  history versions included, inside the anonymisation's transaction. The person's record is
  anonymised first; `person.former_email` keeps the address it had, for a source whose rows name
  people by their address (the events' registrations).

The registry registers its own source and the accounts' (accounts sit below the registry).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Model, QuerySet


def _no_holds(person: Any, today: datetime.date) -> list[str]:
    return []


def _nothing_to_anonymise(person: Any, *, actor: Any, reason: str) -> None:
    return None


@dataclass(frozen=True)
class PersonalDataSource:
    """What one app holds about a person, and how to export and anonymise it."""

    key: str
    label: Any
    export: Callable[[Any], dict[str, Any]]
    holds: Callable[[Any, datetime.date], list[str]] = field(default=_no_holds)
    anonymise: Callable[..., None] = field(default=_nothing_to_anonymise)
    order: int = 100


_SOURCES: dict[str, PersonalDataSource] = {}


def register(source: PersonalDataSource) -> None:
    """Declare what an app holds about people (called from an AppConfig.ready())."""
    _SOURCES[source.key] = source


def sources() -> list[PersonalDataSource]:
    """Every registered source, the registry's first."""
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


# --- Helpers the sources share -------------------------------------------------------------


def plain(value: Any) -> Any:
    """A value JSON can hold: dates in ISO 8601, decimals as text, lazy strings resolved."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def rows(queryset: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    """The rows' fields (lookups across relations allowed), as plain values."""
    return [plain(row) for row in queryset.values(*fields)]


def history_rows(history: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    """Every history version (django-simple-history) with who, when, what kind of change and why."""
    base = ("history_id", "history_date", "history_type", "history_user__email", "history_change_reason")
    return rows(history.order_by("history_date", "history_id"), *base, *fields)


def instance_fields(instance: Model, names: Iterable[str]) -> dict[str, Any]:
    return {name: plain(getattr(instance, name)) for name in names}
