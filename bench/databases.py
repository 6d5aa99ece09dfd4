"""One database per bench scale, so `make bench` never touches the user's own data.

SQLite (the default): var/bench/<scale>.sqlite3. PostgreSQL (DATABASE_URL set): a database
named <dbname>_bench_<scale> on the same server, created through the maintenance database.
A marker file (var/bench/generated.json, keyed by database) records which scale and
generator version each database holds, so a later run reuses data that took minutes to make.
"""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connection, connections
from psycopg import sql

MARKER_FILE = "generated.json"
MAINTENANCE_DATABASE = "postgres"


class BenchError(Exception):
    """The bench cannot run or its measurement would be meaningless."""


def vendor_of(config: dict[str, Any]) -> str:
    """ "sqlite" or "postgresql": the two databases Accord supports."""
    engine = str(config.get("ENGINE", ""))
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise BenchError(f"The bench runs on SQLite or PostgreSQL, not on {engine!r}.")


def bench_database(base: dict[str, Any], scale: str, directory: Path) -> dict[str, Any]:
    """The settings of the scale's own database, on the same engine and server as `base`."""
    config = copy.deepcopy(base)
    if vendor_of(base) == "sqlite":
        config["NAME"] = str(directory / f"{scale}.sqlite3")
    else:
        config["NAME"] = f"{base['NAME']}_bench_{scale}"
    return config


def database_key(config: dict[str, Any]) -> str:
    """Names one database in the marker file: the file for SQLite, server and name for PostgreSQL."""
    if vendor_of(config) == "sqlite":
        return f"sqlite:{Path(config['NAME']).resolve()}"
    return f"postgresql://{config.get('HOST') or 'localhost'}:{config.get('PORT') or 5432}/{config['NAME']}"


def activate(config: dict[str, Any]) -> None:
    """Point the default alias at `config`; the next query opens a connection there.

    The connection handler caches both the configured settings and the connection object,
    so both are dropped. Content types are cached per alias, not per database: their ids
    differ from one bench database to the next.
    """
    connections.close_all()
    settings.DATABASES[DEFAULT_DB_ALIAS] = config
    connections.__dict__.pop("settings", None)
    with contextlib.suppress(AttributeError):  # no connection was opened yet
        del connections[DEFAULT_DB_ALIAS]
    ContentType.objects.clear_cache()


def create_database(config: dict[str, Any]) -> None:
    """Create the database if it does not exist yet (a SQLite file is created on first use)."""
    if vendor_of(config) == "sqlite":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        return
    with _maintenance_connection(config) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def drop_database(config: dict[str, Any]) -> None:
    """Delete the database and everything in it; nothing else is ever dropped."""
    connections.close_all()
    if vendor_of(config) == "sqlite":
        path = Path(config["NAME"])
        # WAL mode keeps two companion files next to the database.
        for candidate in (path, path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")):
            candidate.unlink(missing_ok=True)
        return
    with _maintenance_connection(config) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))


def _maintenance_connection(config: dict[str, Any]) -> psycopg.Connection[Any]:
    """A connection to the server's maintenance database: a database cannot create or drop itself."""
    options = config.get("OPTIONS") or {}
    return psycopg.connect(
        dbname=MAINTENANCE_DATABASE,
        host=config.get("HOST") or None,
        port=str(config["PORT"]) if config.get("PORT") else None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        sslmode=options.get("sslmode"),
        autocommit=True,
    )


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, as autovacuum would in production.

    Without them PostgreSQL and SQLite plan the first queries on a freshly loaded table
    as if it were empty. VACUUM also sets PostgreSQL's visibility map (index-only scans).
    """
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def database_version() -> str:
    """The server's version, e.g. "15.2" or "3.40.1", for the results' metadata."""
    return ".".join(str(part) for part in connection.get_database_version())


def read_marker(directory: Path, key: str) -> dict[str, Any] | None:
    """What the marker file says this database holds, or None."""
    path = directory / MARKER_FILE
    if not path.exists():
        return None
    entry = json.loads(path.read_text(encoding="utf-8")).get(key)
    return entry if isinstance(entry, dict) else None


def write_marker(directory: Path, key: str, entry: dict[str, Any] | None) -> None:
    """Record (or, with None, forget) what this database holds."""
    path = directory / MARKER_FILE
    markers = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    if entry is None:
        markers.pop(key, None)
    else:
        markers[key] = entry
    directory.mkdir(parents=True, exist_ok=True)
    # Write then rename: an interrupted run never leaves a half-written marker file.
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(markers, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)
