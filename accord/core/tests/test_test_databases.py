"""The test databases are built from the models (decision 42, the root conftest.py): this holds that
nothing the migrations do is missing from them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython, RunSQL

import conftest
from accord.core.migration_operations import CreateFrenchCollation, CreateTrigramIndex

# The migrations that change rows, not the schema: a test database starts empty, so they have nothing
# to do there. A new one goes here once it is known to need nothing in an empty database.
ROWS_ONLY = {
    ("accounts", "0006_drop_drf_authtoken"),  # a table of a package no longer installed
    ("communication", "0002_publication_search_text"),
    ("core", "0001_public_version"),  # the row core.public.bump upserts anyway
    ("funding", "0004_envelope_figures"),
    ("funding", "0006_niche_figures"),
    ("funding", "0010_audiences"),
    ("funding", "0013_disbursement_partial_payment"),
    ("funding", "0019_link_former_axes"),
    ("funding", "0021_expected_public_investment"),
    ("funding", "0022_status_entered_at"),
    ("governance", "0011_chair_sign_off_delegation"),
    ("planning", "0004_state_plan_progress"),
    ("registry", "0011_creneau_coordinator_from_mandate"),
    ("registry", "0013_large_enterprise_size"),
    ("registry", "0018_count_member_years"),
    ("results", "0004_bilans_presented_for_information"),
    ("results", "0006_count_common_totals"),
    ("results", "0009_state_target_verdicts"),
}


APPS = {"accounts", "communication", "core", "events", "funding", "governance", "planning", "registry", "results"}


def _operations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in conftest._ordered(loader):
        if key[0] not in APPS:
            continue
        for operation in loader.graph.nodes[key].operations:
            yield key, operation


def test_every_operation_of_the_migrations_is_in_the_models_or_done_again():
    unknown = []
    for key, operation in _operations():
        module = type(operation).__module__
        if isinstance(operation, RunPython | RunSQL):
            if key not in ROWS_ONLY:
                unknown.append((key, type(operation).__name__))
        elif isinstance(operation, (CreateFrenchCollation, *conftest.REPLAYED)):
            continue
        elif not module.startswith("django.db.migrations.operations"):
            unknown.append((key, type(operation).__name__))
    assert unknown == []


@pytest.mark.django_db
def test_every_migration_is_recorded_as_applied():
    loader = MigrationLoader(connection)
    assert loader.graph.leaf_nodes()
    assert set(loader.graph.nodes) <= set(loader.applied_migrations)


@pytest.mark.django_db
@pytest.mark.postgres
def test_the_trigram_indexes_and_the_collation_are_there_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    expected = {op.index_name for _key, op in _operations() if isinstance(op, CreateTrigramIndex)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = ANY(%s)", [list(expected)])
        found = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = 'accord_fr'")
        collation = cursor.fetchone()
    assert len(expected) == 7  # the partner offers' (registry 0019) is the seventh
    assert found == expected
    assert collation == (1,)
