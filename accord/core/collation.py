"""French ordering of names: "Éolien" sorts with E, "Albany" before "AMETVS".

Byte order puts every accented capital after "Z" and every capital before "a". Names are
ordered by one collation, `accord_fr`, named on their columns (`db_collation=COLLATION`) so
that every `order_by("name")`, the model's default ordering and the indexes behind paginated
lists follow it without each query having to ask:

- on PostgreSQL it is an ICU collation for Canadian French (created by core's migration
  `0006_french_collation`): letters first, then accents, then case;
- on SQLite (the embedded default, which has no ICU) it is a Python function registered on
  every connection, comparing the same way with `sort_key`.

`sort_key` also orders lists that are sorted in Python.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from django.db import connections
from django.db.backends.signals import connection_created

COLLATION = "accord_fr"
# Deterministic (two different names never compare equal), so uniqueness, equality and LIKE
# behave as before; only the order changes.
POSTGRESQL_LOCALE = "fr-CA"

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


@lru_cache(maxsize=8192)
def sort_key(text: str) -> tuple[str, str, str, str]:
    """A key ordering text as a French reader expects: letters, then accents, then case.

    Each level breaks the ties of the one before it; the text itself breaks the last tie, so
    two different names never compare equal (the database's uniqueness relies on it).
    """
    text = text or ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    # Lower case before upper case at the last level, as ICU does ("eolien" < "Eolien").
    return letters, decomposed.casefold(), text.swapcase(), text


def compare(left: str | None, right: str | None) -> int:
    """SQLite's collation callback: negative, zero or positive, like `cmp`."""
    a, b = sort_key(left or ""), sort_key(right or "")
    return (a > b) - (a < b)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give each new SQLite connection the `accord_fr` collation its name columns declare."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)


def connect() -> None:
    """Called once at start-up (CoreConfig.ready)."""
    connection_created.connect(register_sqlite_collation, dispatch_uid="accord_fr_collation")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:  # opened before start-up finished
            register_sqlite_collation(None, connection)
