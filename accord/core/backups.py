"""Backups: the database and the uploaded files in one directory, with a manifest (decision 19).

A backup is a directory `accord-<UTC time>/` holding
- `database.dump` (PostgreSQL: `pg_dump --format=custom`) or `database.sqlite3` (SQLite's
  online backup API, a consistent copy while the site runs);
- `media.tar` (every file under MEDIA_ROOT);
- `manifest.json`: the SHA-256 and size of both files, every table's row count and a SHA-256
  of its rows (read in primary-key order), and the SHA-256 of each uploaded file.

A restore checks every checksum of the manifest before it touches anything, so a truncated or
altered backup is refused whole; then it replaces the database and the files, and counts and
hashes the restored tables against the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
FORMAT_VERSION = 1
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made or a backup that must not be restored; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- What the database holds: rows per table and a checksum per table ---------------------


def _canonical(value: Any) -> str:
    """One spelling per value, whatever the driver returns (bytes, memoryview, dates, decimals)."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return "b:" + value.hex()
    if isinstance(value, datetime):
        return "t:" + value.isoformat()
    if isinstance(value, Decimal):
        return "d:" + format(value.normalize(), "f")
    if isinstance(value, dict | list):
        return "j:" + json.dumps(value, sort_keys=True, default=str)
    return f"{type(value).__name__}:{value}"


def table_summary(connection: BaseDatabaseWrapper) -> dict[str, dict[str, Any]]:
    """Every table's row count and the SHA-256 of its rows, read in primary-key order.

    Comparing two summaries from the same engine tells whether two databases hold the same
    rows. The rows are streamed, so the memory used does not grow with the table.
    """
    summary: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        for table in tables:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            keys = connection.introspection.get_primary_key_columns(cursor, table) or columns
            quote = connection.ops.quote_name
            order = ", ".join(quote(k) for k in keys)
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {order}")  # noqa: S608 (names from introspection)
            digest = hashlib.sha256("\x1f".join(columns).encode())
            rows = 0
            while batch := cursor.fetchmany(2000):
                for row in batch:
                    digest.update(("\x1e" + "\x1f".join(_canonical(v) for v in row)).encode())
                rows += len(batch)
            summary[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return summary


# --- The database ----------------------------------------------------------------------------


def _pg_command(connection: BaseDatabaseWrapper, program: str) -> tuple[list[str], dict[str, str]]:
    """The PostgreSQL client's connection arguments, the password in the environment only."""
    params = connection.settings_dict
    command = [program, "--no-password"]
    if params.get("HOST"):
        command += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        command += ["--port", str(params["PORT"])]
    if params.get("USER"):
        command += ["--username", str(params["USER"])]
    environment = dict(os.environ)
    if params.get("PASSWORD"):
        environment["PGPASSWORD"] = str(params["PASSWORD"])
    return command, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client).")
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _database_file(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor == "postgresql":
        return "database.dump"
    if connection.vendor == "sqlite":
        return "database.sqlite3"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def dump_database(connection: BaseDatabaseWrapper, target: Path) -> None:
    if connection.vendor == "postgresql":
        command, environment = _pg_command(connection, "pg_dump")
        command += ["--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
        _run([*command, "--dbname", str(connection.settings_dict["NAME"])], environment)
        return
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def load_database(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Replace the database's contents with the dump's, in one transaction on PostgreSQL."""
    if connection.vendor == "postgresql":
        connection.close()  # pg_restore drops the tables this process may hold open
        command, environment = _pg_command(connection, "pg_restore")
        command += ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
        command += ["--exit-on-error", "--dbname", str(connection.settings_dict["NAME"]), str(source)]
        _run(command, environment)
        return
    connection.ensure_connection()
    origin = sqlite3.connect(source)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()


# --- Uploaded files --------------------------------------------------------------------------


def _media_files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def pack_media(root: Path, target: Path) -> dict[str, str]:
    """Tar every regular file under MEDIA_ROOT; answer their SHA-256 by relative path."""
    checksums: dict[str, str] = {}
    with tarfile.open(target, "w") as archive:
        for path in _media_files(root):
            name = path.relative_to(root).as_posix()
            archive.add(path, arcname=name, recursive=False)
            checksums[name] = sha256_of(path)
    return checksums


def stage_media(archive_path: Path, root: Path, expected: dict[str, str]) -> Path:
    """Unpack the archive beside MEDIA_ROOT and check every file against the manifest."""
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restoring-", dir=root.parent))
    try:
        with tarfile.open(archive_path) as archive:
            # The "data" filter refuses absolute paths, "..", links out of the tree and devices.
            archive.extractall(staging, filter="data")
        found = {p.relative_to(staging).as_posix(): sha256_of(p) for p in _media_files(staging)}
        if found != expected:
            raise BackupError("The uploaded files in media.tar do not match the manifest; nothing was changed.")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def swap_media(staging: Path, root: Path) -> None:
    """Replace MEDIA_ROOT's contents with the staged files (MEDIA_ROOT may be a mount: it stays)."""
    try:
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
        for child in staging.iterdir():
            shutil.move(str(child), root / child.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- Backup and restore ----------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    """A backup whose files all match its manifest."""

    path: Path
    manifest: dict[str, Any]


def _connection(using: str | BaseDatabaseWrapper) -> BaseDatabaseWrapper:
    return connections[using] if isinstance(using, str) else using


def create_backup(
    directory: Path, *, using: str | BaseDatabaseWrapper = "default", media_root: Path | None = None
) -> Path:
    """Write a new backup under `directory` and answer its path."""
    connection = _connection(using)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    now = datetime.now(UTC)
    directory.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=directory))
    try:
        database_file = _database_file(connection)
        # The summary is read first: a row written between it and the dump makes the restore's
        # comparison fail loudly rather than pass on a copy that differs from the manifest.
        tables = table_summary(connection)
        dump_database(connection, partial / database_file)
        media = pack_media(media_root, partial / MEDIA_ARCHIVE)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "engine": connection.vendor,
            "files": {
                name: {"sha256": sha256_of(partial / name), "size": (partial / name).stat().st_size}
                for name in (database_file, MEDIA_ARCHIVE)
            },
            "tables": tables,
            "media": media,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        final = directory / f"accord-{now:%Y%m%dT%H%M%S%fZ}"
        partial.rename(final)  # a backup appears whole or not at all
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def verify_backup(path: Path) -> Verified:
    """Check the manifest and the SHA-256 of every file it names; refuse with the reason."""
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{path} is not a backup: {MANIFEST} is missing.")
    try:
        manifest = json.loads(manifest_path.read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{manifest_path} is corrupted: {exc}.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"{manifest_path} is not a manifest of format {FORMAT_VERSION}.")
    for name, expected in manifest.get("files", {}).items():
        file = path / name
        if not file.is_file():
            raise BackupError(f"The backup is incomplete: {name} is missing.")
        if file.stat().st_size != expected["size"] or sha256_of(file) != expected["sha256"]:
            raise BackupError(f"The backup is corrupted: the checksum of {name} does not match the manifest.")
    return Verified(path=path, manifest=manifest)


def restore_backup(
    path: Path, *, using: str | BaseDatabaseWrapper = "default", media_root: Path | None = None
) -> dict[str, Any]:
    """Verify, then replace the database and the uploaded files; answer the restored tables' summary.

    Raises BackupError before any change when a checksum is wrong, and after the restore when
    the restored tables do not count and hash as the manifest says.
    """
    connection = _connection(using)
    backup = verify_backup(path)
    manifest = backup.manifest
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"This backup is of a {manifest['engine']} database; the target is {connection.vendor}.")
    database_file = _database_file(connection)
    if database_file not in manifest["files"]:
        raise BackupError(f"The manifest names no {database_file}.")
    root = Path(media_root or settings.MEDIA_ROOT)
    staging = stage_media(path / MEDIA_ARCHIVE, root, manifest["media"])
    try:
        load_database(connection, path / database_file)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_media(staging, root)
    restored = table_summary(connection)
    differences = sorted(
        table
        for table in set(restored) | set(manifest["tables"])
        if restored.get(table) != manifest["tables"].get(table)
    )
    if differences:
        raise BackupError(f"The restored tables differ from the manifest: {', '.join(differences)}.")
    return restored


def prune_backups(directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups of `directory`; answer what was deleted."""
    backups = sorted(p for p in directory.glob("accord-*") if (p / MANIFEST).is_file())
    doomed = backups[:-keep] if keep > 0 else []
    for old in doomed:
        shutil.rmtree(old)
    return doomed
