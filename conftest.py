"""The test databases are built from the models, not by replaying every migration (decision 42).

Replaying the 119 migrations renders Django's model state some 31,000 times: 60 to 90 s of CPU for
each xdist worker and each database, about a minute and a half of every `make test`. The models
are what the migrations build (CI's `makemigrations --check` holds them together), so the tables
are created from the models in one pass, as `migrate --run-syncdb` does. What the migrations do
outside the model state is then done too, so the schema is the one production has:

- the French collation the name columns declare, created before the tables (PostgreSQL);
- the trigram indexes and the finer search statistics (PostgreSQL);
- every migration recorded as applied, so a `migrate` in a test finds nothing to do.

Data migrations only transform rows that exist, and a test database starts empty: the one seed
(core 0001, the public version's row) is not needed, since `core.public.bump` upserts it.
`accord/core/tests/test_test_databases.py` fails when a migration brings an operation this file
does not know how to do, and CI still applies every migration from zero on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

from accord.core.migration_operations import CreateFrenchCollation, CreateTrigramIndex, SearchStatistics

#: Operations outside Django's model state, done again on a database built from the models.
REPLAYED = (CreateTrigramIndex, SearchStatistics)


class _NoMigrations:
    """MIGRATION_MODULES for every app: none, so `migrate` creates the tables from the models."""

    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


def _ordered(loader: MigrationLoader) -> list[tuple[str, str]]:
    """Every migration, in an order `migrate` could apply them."""
    seen: dict[tuple[str, str], None] = {}
    for leaf in sorted(loader.graph.leaf_nodes()):
        for node in loader.graph.forwards_plan(leaf):
            seen.setdefault(node, None)
    return list(seen)


def _create_collation(using: str, **kwargs: Any) -> None:
    from django.db import connections  # noqa: PLC0415

    with connections[using].schema_editor() as editor:
        CreateFrenchCollation().database_forwards("core", editor, None, None)


@contextmanager
def tables_from_models() -> Iterator[None]:
    """While it lasts, `migrate` creates the tables from the models (the collation first)."""
    from django.db.models.signals import pre_migrate  # noqa: PLC0415

    pre_migrate.connect(_create_collation, dispatch_uid="tests-french-collation")
    try:
        with override_settings(MIGRATION_MODULES=_NoMigrations()):
            yield
    finally:
        pre_migrate.disconnect(dispatch_uid="tests-french-collation")


def finish(connection: Any) -> None:
    """Do what the migrations do outside the model state, and record them all as applied."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    nodes = _ordered(loader)
    # The models are the migrations' final state: the operations read their tables and columns there.
    state = SimpleNamespace(apps=apps)
    with connection.schema_editor() as editor:
        for app_label, name in nodes:
            for operation in loader.graph.nodes[app_label, name].operations:
                if isinstance(operation, REPLAYED):
                    operation.database_forwards(app_label, editor, state, state)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    # A squashed migration is applied when the ones it replaces are, as `migrate` records it.
    applied = [*nodes, *(old for key in nodes for old in loader.graph.nodes[key].replaces)]
    recorder.Migration.objects.bulk_create(recorder.Migration(app=app, name=name) for app, name in applied)


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: Any,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """pytest-django's own, with the tables created from the models (see above)."""
    from django.db import connections  # noqa: PLC0415
    from django.test.utils import setup_databases, teardown_databases  # noqa: PLC0415
    from pytest_django.fixtures import _get_databases_for_setup  # noqa: PLC0415

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    with django_db_blocker.unblock():
        with tables_from_models():
            # Django takes any collection of aliases; its stubs say a mapping.
            config = setup_databases(
                verbosity=0,
                interactive=False,
                aliases=aliases,  # type: ignore[arg-type]
                serialized_aliases=serialized_aliases,
            )
        for alias in aliases:
            finish(connections[alias])
    yield
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=0)
