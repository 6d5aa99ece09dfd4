"""`manage.py backup`: the database and the uploaded files, with a manifest of checksums (decision 19)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accord.core.backups import BackupError, create_backup, prune_backups


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into a new directory accord-<UTC time>/ under --output."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="Directory that receives the backup (default: var/backups).",
        )
        parser.add_argument("--keep", type=int, default=0, help="Then delete all but the KEEP newest backups there.")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")
        parser.add_argument("--media-root", default=None, help="Uploaded files (default: MEDIA_ROOT).")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        try:
            path = create_backup(output, using=options["database"], media_root=options["media_root"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
        if options["keep"] > 0:
            for old in prune_backups(output, options["keep"]):
                self.stderr.write(f"Deleted the old backup {old}")
