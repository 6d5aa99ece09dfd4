"""Migration operations that only mean something on PostgreSQL.

SQLite is the embedded default and has no trigram indexes; PostgreSQL is production.
These operations change nothing in Django's model state, so `makemigrations --check`
stays clean on both databases.
"""

from __future__ import annotations

from typing import Any

from django.db.migrations.operations.base import Operation


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
