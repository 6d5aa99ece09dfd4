"""Backups (decision 19): what a backup holds, a restore into another database that counts and
hashes every table, and the refusal of a backup whose checksums are wrong."""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.utils import timezone

from accord.core.backups import (
    MANIFEST,
    BackupError,
    create_backup,
    prune_backups,
    restore_backup,
    table_summary,
    verify_backup,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    (root / "projects" / "2026").mkdir(parents=True)
    (root / "projects" / "2026" / "plan.pdf").write_bytes(b"%PDF-1.7 business plan\x00\xff")
    (root / "agenda.txt").write_text("Ordre du jour : point 1, adoption", encoding="utf-8")
    return root


@pytest.fixture
def rows() -> None:
    users = get_user_model().objects
    users.create_user(email="eve@example.org", password="x", first_name="Ève", last_name="Gagné")
    users.create_user(email="luc@example.org", password="x", first_name="Luc", last_name="Tremblay")
    Session.objects.create(session_key="k" * 32, session_data="données", expire_date=timezone.now())


@pytest.fixture
def target(tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """A connection to another, empty database of the same engine (not an alias of the settings)."""
    alias = f"restored_{uuid.uuid4().hex[:8]}"
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        settings_dict["NAME"] = f"{connection.settings_dict['NAME']}_{alias}"[:63]
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    else:
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
        settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "NAME": settings_dict["NAME"]}
    # Known to the handler but not to the settings: Django's tests allow such a connection.
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = wrapper
    yield wrapper
    wrapper.close()
    del connections[alias]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}"')


def test_a_backup_holds_the_database_the_files_and_a_manifest_of_checksums(tmp_path, media, rows):
    path = create_backup(tmp_path / "backups", media_root=media)
    manifest = json.loads((path / MANIFEST).read_text())
    database = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    assert sorted(p.name for p in path.iterdir()) == sorted([database, "media.tar", MANIFEST])
    assert set(manifest["files"]) == {database, "media.tar"}
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())
    assert set(manifest["media"]) == {"agenda.txt", "projects/2026/plan.pdf"}
    users_table = get_user_model()._meta.db_table
    assert manifest["tables"][users_table]["rows"] == 2
    assert manifest["tables"]["django_session"]["rows"] == 1
    assert manifest["tables"] == table_summary(connection)


def test_a_restore_into_another_database_gives_the_same_rows_and_files(tmp_path, media, rows, target):
    path = create_backup(tmp_path / "backups", media_root=media)
    restored_media = tmp_path / "restored-media"
    (restored_media / "old").mkdir(parents=True)
    (restored_media / "old" / "stale.txt").write_text("not in the backup")

    restore_backup(path, using=target, media_root=restored_media)

    source, copy = table_summary(connection), table_summary(target)
    assert copy == source  # every table: the same row count and the same checksum
    users_table = get_user_model()._meta.db_table
    assert copy[users_table]["rows"] == 2 and copy["django_session"]["rows"] == 1
    with target.cursor() as cursor:
        cursor.execute(f"SELECT first_name FROM {users_table} ORDER BY email")  # noqa: S608
        assert [r[0] for r in cursor.fetchall()] == ["Ève", "Luc"]
    files = sorted(p.relative_to(restored_media).as_posix() for p in restored_media.rglob("*") if p.is_file())
    assert files == ["agenda.txt", "projects/2026/plan.pdf"]
    assert (restored_media / "projects/2026/plan.pdf").read_bytes() == b"%PDF-1.7 business plan\x00\xff"


def test_a_corrupted_backup_is_refused_before_anything_changes(tmp_path, media, rows, target):
    path = create_backup(tmp_path / "backups", media_root=media)
    database = next(p for p in path.iterdir() if p.name.startswith("database."))
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    (restored_media / "kept.txt").write_text("still here")
    before = table_summary(target)

    with pytest.raises(BackupError, match=rf"checksum of {re.escape(database.name)} does not match"):
        restore_backup(path, using=target, media_root=restored_media)

    assert table_summary(target) == before
    assert [p.name for p in restored_media.iterdir()] == ["kept.txt"]


def test_a_tampered_file_archive_or_a_missing_file_is_refused(tmp_path, media, rows):
    path = create_backup(tmp_path / "backups", media_root=media)
    copy = tmp_path / "copy"
    shutil.copytree(path, copy)
    with (copy / "media.tar").open("ab") as archive:
        archive.write(b"\0" * 512)
    with pytest.raises(BackupError, match=r"checksum of media\.tar"):
        verify_backup(copy)
    (copy / "media.tar").unlink()
    with pytest.raises(BackupError, match=r"incomplete: media\.tar is missing"):
        restore_backup(copy, media_root=tmp_path / "elsewhere")
    (copy / MANIFEST).write_text("{not json")
    with pytest.raises(BackupError, match="corrupted"):
        verify_backup(copy)
    with pytest.raises(BackupError, match=r"manifest\.json is missing"):
        verify_backup(tmp_path)


def test_the_restore_command_checks_first_and_refuses_with_the_reason(tmp_path, media, rows, capsys):
    path = create_backup(tmp_path / "backups", media_root=media)
    call_command("restore", str(path), "--check")
    assert "checksums match" in capsys.readouterr().err
    (path / "media.tar").write_bytes(b"truncated")
    before = table_summary(connection)
    with pytest.raises(CommandError, match=r"Refused: The backup is corrupted: the checksum of media\.tar"):
        call_command("restore", str(path), "--noinput")
    assert table_summary(connection) == before


def test_the_backup_command_keeps_the_newest(tmp_path, media):
    output = tmp_path / "backups"
    for _ in range(3):
        call_command("backup", "--output", str(output), "--media-root", str(media), "--keep", "2")
    kept = sorted(output.iterdir())
    assert len(kept) == 2 and all((p / MANIFEST).is_file() for p in kept)
    assert prune_backups(output, 5) == []
