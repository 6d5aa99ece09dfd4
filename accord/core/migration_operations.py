"""Migration operations that only mean something on PostgreSQL.

SQLite is the embedded default and has no trigram indexes; PostgreSQL is production.
These operations change nothing in Django's model state, so `makemigrations --check`
stays clean on both databases.
"""

from __future__ import annotations

from typing import Any

from django.db.migrations.operations.base import Operation

from .collation import COLLATION, POSTGRESQL_LOCALE


class CreateTrigramIndex(Operation):
    """A GIN trigram index on one text column, so `LIKE '%term%'` searches use an index."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str, field_name: str, index_name: str) -> None:
        self.model_name = model_name
        self.field_name = field_name
        self.index_name = index_name

    def state_forwards(self, app_label: str, state: Any) -> None:
        """Nothing: the index lives outside Django's model state."""

    def _table_and_column(self, app_label: str, state: Any) -> tuple[str, str]:
        model = state.apps.get_model(app_label, self.model_name)
        return model._meta.db_table, model._meta.get_field(self.field_name).column

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        table, column = self._table_and_column(app_label, to_state)
        quote = schema_editor.quote_name
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(self.index_name)} ON {quote(table)} "
            f"USING gin ({quote(column)} gin_trgm_ops)"
        )

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.index_name)}")

    def describe(self) -> str:
        return f"Create trigram index {self.index_name} on {self.model_name}.{self.field_name} (PostgreSQL only)"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (
            self.__class__.__qualname__,
            [],
            {"model_name": self.model_name, "field_name": self.field_name, "index_name": self.index_name},
        )


class SearchStatistics(Operation):
    """A finer sample of a search column's values, so the planner estimates `LIKE '%term%'` well.

    With the default sample, PostgreSQL guessed several times too many matches for a word
    found in one organisation in four hundred, and walked the name index in order, filtering
    row by row (12 ms), rather than read the few matches from the trigram index and sort
    them (1 ms). A larger statistics target for the column fixes the guess; ANALYZE applies it.
    """

    reversible = True
    reduces_to_sql = True
    TARGET = 1000

    def __init__(self, model_name: str, field_name: str) -> None:
        self.model_name = model_name
        self.field_name = field_name

    def state_forwards(self, app_label: str, state: Any) -> None:
        """Nothing: statistics live outside Django's model state."""

    def _set(self, app_label: str, schema_editor: Any, state: Any, target: int) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = state.apps.get_model(app_label, self.model_name)
        table = schema_editor.quote_name(model._meta.db_table)
        column = schema_editor.quote_name(model._meta.get_field(self.field_name).column)
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {target}")
        schema_editor.execute(f"ANALYZE {table} ({column})")

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._set(app_label, schema_editor, to_state, self.TARGET)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._set(app_label, schema_editor, from_state, -1)  # back to the server's default

    def describe(self) -> str:
        return f"Finer statistics on {self.model_name}.{self.field_name} (PostgreSQL only)"

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [], {"model_name": self.model_name, "field_name": self.field_name})


class CreateFrenchCollation(Operation):
    """The ICU collation `accord_fr` that name columns declare (see accord.core.collation).

    SQLite gets the same name as a Python function on each connection, so nothing is created there.
    """

    reversible = True
    reduces_to_sql = True

    def state_forwards(self, app_label: str, state: Any) -> None:
        """Nothing: the collation lives outside Django's model state."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(
            f"CREATE COLLATION IF NOT EXISTS {schema_editor.quote_name(COLLATION)} "
            f"(provider = icu, locale = '{POSTGRESQL_LOCALE}')"
        )

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"DROP COLLATION IF EXISTS {schema_editor.quote_name(COLLATION)}")

    def describe(self) -> str:
        return "Create the French ICU collation for names (PostgreSQL only)"
