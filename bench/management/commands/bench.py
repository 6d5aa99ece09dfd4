"""`make bench`: generate (or reuse) each scale's data, time the key pages, print and save the table.

Run with config.settings.bench: `manage.py bench --settings=config.settings.bench --scale demo
--scale national`. Each scale has its own database (see bench.databases); the
results go to stdout and to var/bench/latest.json.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import json
import time
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from bench import databases, generate, measure, similar
from bench.databases import BenchError

DEFAULT_SCALES = ["demo", "national"]


class Command(BaseCommand):
    help = "Time the key pages at several data scales (synthetic data, one database per scale)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            action="append",
            choices=generate.SCALE_NAMES,
            help="A scale to measure; repeat for several (default: demo and national).",
        )
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per page (default 30).")
        parser.add_argument("--warmup", type=int, default=5, help="Untimed requests first (default 5).")
        parser.add_argument(
            "--similar",
            type=int,
            action="append",
            help="A size of the similar projects' benchmark (decision 56); repeat for several (default: 1,000,"
            " 10,000 and 100,000; 0 to skip it).",
        )
        parser.add_argument(
            "--regenerate", action="store_true", help="Rebuild the scales' databases even if their data is current."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scales = list(dict.fromkeys(options["scale"] or DEFAULT_SCALES))
        if options["runs"] < 1 or options["warmup"] < 0:
            raise CommandError("--runs must be at least 1 and --warmup at least 0.")
        directory = Path(settings.VAR_DIR) / "bench"
        directory.mkdir(parents=True, exist_ok=True)
        # Captured before the first switch: every bench database derives from the user's settings.
        base = copy.deepcopy(settings.DATABASES[DEFAULT_DB_ALIAS])
        try:
            vendor = databases.vendor_of(base)
            rows: list[measure.Row] = []
            preparations: dict[str, dict[str, Any]] = {}
            targets: dict[str, dict[str, Any]] = {}
            version = ""
            for scale in scales:
                config = databases.bench_database(base, scale, directory)
                preparations[scale] = self._prepare(scale, config, directory, regenerate=options["regenerate"])
                scale_targets = measure.find_targets()
                targets[scale] = dataclasses.asdict(scale_targets)
                self.stdout.write(f"{scale}: measuring {options['runs']} runs per page…")
                rows += measure.measure_scale(
                    scale, runs=options["runs"], warmup=options["warmup"], targets=scale_targets
                )
                version = databases.database_version()
            sizes = tuple(size for size in (options["similar"] or similar.SIZES) if size > 0)
            similar_rows = similar.run(sizes, log=self.stdout.write) if sizes else []
        except BenchError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            connections.close_all()
        self._report(rows, vendor=vendor, version=version, runs=options["runs"], warmup=options["warmup"])
        if similar_rows:
            self.stdout.write("")
            self.stdout.write("Similar projects (decision 56): recall@10 by strength, build, memory and latency:")
            self.stdout.write(similar.format_rows(similar_rows))
        results = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": {"vendor": vendor, "version": version},
            "django": django.get_version(),
            "runs": options["runs"],
            "warmup": options["warmup"],
            "target_ratio": measure.TARGET_RATIO,
            "stretch_ratio": measure.STRETCH_RATIO,
            "generation": preparations,
            "targets": targets,
            "rows": rows,
            "similar_projects": similar_rows,
        }
        output = directory / "latest.json"
        output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.stdout.write(f"Results written to {output}")

    def _prepare(self, scale: str, config: dict[str, Any], directory: Path, *, regenerate: bool) -> dict[str, Any]:
        """Make the scale's database current and active: reuse its data or generate it again."""
        key = databases.database_key(config)
        marker = databases.read_marker(directory, key)
        if (
            marker is not None
            and not regenerate
            and marker.get("scale") == scale
            and marker.get("version") == generate.GENERATOR_VERSION
        ):
            databases.create_database(config)
            databases.activate(config)
            self._migrate()
            # The marker could outlive its data (a database dropped by hand): check the rows are there.
            if generate.row_counts() == marker.get("counts"):
                self.stdout.write(f"{scale}: reusing the data generated on {marker['generated_at']} ({key})")
                additions = self._add(scale, marker.get("additions") or {})
                if additions != marker.get("additions"):
                    marker = {**marker, "additions": additions}
                    databases.write_marker(directory, key, marker)
                return {**marker, "reused": True}
            self.stdout.write(f"{scale}: the data no longer matches its marker, generating it again")
        # Generation always starts from an empty database; the marker is forgotten first, so
        # an interrupted run is never mistaken for a complete one.
        databases.write_marker(directory, key, None)
        databases.drop_database(config)
        databases.create_database(config)
        databases.activate(config)
        self._migrate()
        self.stdout.write(f"{scale}: generating the data ({key})…")
        start = time.perf_counter()
        counts = generate.populate(scale, log=lambda message: self.stdout.write(f"  {message}"))
        additions = self._add(scale, {})
        seconds = round(time.perf_counter() - start, 1)
        self.stdout.write(
            f"{scale}: generated in {seconds} s: " + ", ".join(f"{n:,} {name}" for name, n in counts.items())
        )
        entry = {
            "scale": scale,
            "version": generate.GENERATOR_VERSION,
            "counts": counts,
            "additions": additions,
            "generation_seconds": seconds,
            "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        }
        databases.write_marker(directory, key, entry)
        return {**entry, "reused": False}

    def _add(self, scale: str, done: dict[str, Any]) -> dict[str, Any]:
        """The additions this database lacks (generate.ADDITIONS); fresh planner statistics after writing."""
        additions = generate.add(
            generate.SYNTHETIC_SCALES.get(scale), done, log=lambda message: self.stdout.write(f"  {message}")
        )
        if additions != done:
            databases.analyze()
        return additions

    def _migrate(self) -> None:
        call_command("migrate", interactive=False, verbosity=0)

    def _report(self, rows: list[measure.Row], *, vendor: str, version: str, runs: int, warmup: int) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"Median server time over {runs} requests ({warmup} warm-up), {vendor} {version}, "
            f"ratio to the trivial page of the same scale:"
        )
        self.stdout.write(measure.format_table(rows))
        for warning in measure.query_count_warnings(rows):
            self.stdout.write(self.style.WARNING(warning))
        for row in measure.over_target(rows):
            self.stdout.write(
                self.style.WARNING(
                    f"Over target: {row['page']} at {row['scale']} takes {row['ratio']:.1f}× the trivial page "
                    f"(target {measure.TARGET_RATIO:g}×)."
                )
            )
        if stretch := measure.over_target(rows, measure.STRETCH_RATIO):
            self.stdout.write(
                f"Over the stretch target ({measure.STRETCH_RATIO:g}×): "
                + ", ".join(f"{row['page']} at {row['scale']} {row['ratio']:.1f}×" for row in stretch)
                + "."
            )
