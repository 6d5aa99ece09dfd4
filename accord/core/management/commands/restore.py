"""`manage.py restore PATH`: check a backup's checksums, then replace the database and the uploaded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from accord.core.backups import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup`: every checksum is checked before anything changes."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="The backup's directory (accord-<UTC time>/).")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--check", action="store_true", help="Only verify the checksums; change nothing.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")
        parser.add_argument("--media-root", default=None, help="Uploaded files (default: MEDIA_ROOT).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            backup = verify_backup(path)
        except BackupError as exc:
            raise CommandError(f"Refused: {exc}") from exc
        tables = backup.manifest["tables"]
        self.stderr.write(
            f"{path}: checksums match ({len(tables)} tables, {sum(t['rows'] for t in tables.values())} rows, "
            f"{len(backup.manifest['media'])} files, made {backup.manifest['created_at']})."
        )
        if options["check"]:
            return
        name = connections[options["database"]].settings_dict["NAME"]
        if options["interactive"]:
            answer = input(f"This replaces every row of the database {name} and every uploaded file. Type 'yes': ")
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore_backup(path, using=options["database"], media_root=options["media_root"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {path} into {name}; the row counts and checksums of every table match.")
