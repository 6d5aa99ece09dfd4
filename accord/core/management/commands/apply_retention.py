"""`python manage.py apply_retention [--dry-run]`: apply the retention rules now (decision 18)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accord.core import retention


class Command(BaseCommand):
    help = "Delete or anonymise the data past its retention period; --dry-run prints the counts only."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would change, change nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        counts = retention.apply_all(dry_run=dry_run)
        by_key = {rule.key: rule for rule in retention.rules()}
        for key, count in counts.items():
            rule = by_key[key]
            verb = "would be" if dry_run else "were"
            self.stdout.write(f"{key}: {count} {verb} {rule.outcome}")
