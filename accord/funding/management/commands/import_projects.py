"""`manage.py import_projects FILE [--actor EMAIL]`: import the program's project history (decision 55).

For files too large for the page: any size, CSV, Excel or JSON Lines, all or nothing. The
progress is printed as the rows are checked and written; a refused file prints its refused
rows and writes nothing. The import is recorded (ProjectImport) with the actor, who must be
one of the ministry's; without --actor it is recorded as the system's.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from accord.accounts.models import User
from accord.funding import imports, policies
from accord.funding.models import ProjectImportStatus

#: The refused rows printed before "and N more".
SHOWN = 50


class Command(BaseCommand):
    help = "Import the program's past projects from a CSV, Excel (.xlsx) or JSON Lines file, all or nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--actor", default="", help="The email of the ministry's account the import is made by.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["actor"]:
            actor = User.objects.filter(email=User.objects.normalize_email(options["actor"])).first()
            if actor is None:
                raise CommandError(f"No account has the email address {options['actor']!r}.")
            if not policies.can_import_projects(actor):
                raise CommandError(f"{actor.email} may not import the program's history (the ministry's staff may).")
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        started = time.monotonic()

        def progress(stage: str, done: int, total: int) -> None:
            words = {
                "read": "rows read",
                "check": "rows checked",
                "write": "projects written",
                "pair": "projects compared with the program's (similar projects)",
            }[stage]
            self.stdout.write(f"{done:,} / {total:,} {words} ({time.monotonic() - started:.1f} s)")

        language = imports.language_of(actor) if actor is not None else settings.LANGUAGE_CODE
        with translation.override(language):
            try:
                record = imports.import_file(
                    actor=actor, file_name=path.name, content=content, max_bytes=None, progress=progress
                )
            except imports.ImportFileError as exc:
                raise CommandError(str(exc)) from exc
        if record.status != ProjectImportStatus.APPLIED:
            for result in record.results[:SHOWN]:
                for error in result["errors"]:
                    self.stderr.write(f"Row {result['number']} ({result['reference']}): {error}")
            if record.error_count > SHOWN:
                self.stderr.write(f"… and {record.error_count - SHOWN:,} more refused rows.")
            if record.message:
                self.stderr.write(record.message)
            raise CommandError(
                f"Nothing was imported: {record.error_count:,} of {record.row_count:,} rows are refused."
            )
        self.stdout.write(
            f"Imported {path.name} (import no. {record.pk}): {record.created_count:,} new projects, "
            f"{record.updated_count:,} updated, in {time.monotonic() - started:.1f} s."
        )
