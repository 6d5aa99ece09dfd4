"""The program's project history: past years' projects from CSV, Excel or JSON Lines, all or nothing.

The ministry kept its files in spreadsheets, one project a row. Each row is checked against
tables read once for the whole file (regions, créneaux, carriers, periods, the references
already in Accord): no query per row. Every row is checked before anything is written; one
refused row and nothing is. The rows are then written in bulk, in one transaction, with their
history (simple_history's bulk utilities: who, when, and the import as the reason) and an
audit record (ProjectImport: who, when, which file, how many new and updated projects).

The rows are not checked by the draft's form: a closed file of 2012 has no budget lines nor a
fund guide to satisfy. They are checked against the model's own limits (lengths, amounts) and
the registry's tables, as the registry's import checks its rows (decision 55).

What the model needs and the file does not say (decision 55):
- the period is the program's period covering 1 July of the year (the ministry creates the
  past periods first, in the program's settings); the project runs from 1 January to
  31 December of the year;
- the aid granted is also the aid requested (the files keep only what was granted), and is
  dated 1 January of the year;
- the carrier is an organisation of the registry, found by NEQ or by name: a carrier the
  registry does not know is refused (the registry's own import creates organisations first);
- a project of the history has a final status (granted, agreement signed, final report,
  closed, refused, withdrawn): nothing of the past waits for a committee.

A reference already in Accord is updated when it was imported (a corrected file imported
again), and refused when it belongs to a project made in Accord.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, cast

import openpyxl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accord.core import public
from accord.core.services import actor_or_none, delete_with_history
from accord.core.text import normalize
from accord.registry.models import Creneau, Organisation, Region
from accord.registry.validators import normalize_neq

from . import policies, services
from .forms import HISTORY_MAX_BYTES
from .models import ProgramPeriod, Project, ProjectCreneau, ProjectImport, ProjectImportStatus, ProjectStatus

#: The largest file the page and the API take; the command reads files of any size.
MAX_UPLOAD_BYTES = HISTORY_MAX_BYTES
#: Once opened, an uploaded workbook may not exceed this (a small zip can declare gigabytes of XML).
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
#: A file of up to this many rows gets a row-by-row preview; a larger one its refusals only.
PREVIEW_ROWS = 500
#: Rows written per statement.
CHUNK = 1000
#: The summary's longest accepted text (a page of text; the similar search's own limit).
SUMMARY_MAX = 20_000
FIRST_YEAR = 1990
#: The model's limits the rows are checked against.
REFERENCE_MAX = Project._meta.get_field("number").max_length or 40
TITLE_MAX = Project._meta.get_field("title").max_length or 200

# Accepted column names, compared without accents, case or punctuation.
COLUMNS: dict[str, tuple[str, ...]] = {
    "reference": ("reference", "numero", "no dossier", "dossier", "number", "file number"),
    "title": ("title", "titre"),
    "summary": ("summary", "resume", "description"),
    "region": ("region", "code region"),
    "creneaux": ("creneaux", "creneau", "niches", "niche"),
    "year": ("year", "annee"),
    "carrier": ("carrier", "porteur", "promoteur", "organisation", "organization"),
    "status": ("status", "statut", "etat"),
    "aid": ("aid", "aide", "aide fsdce", "aide accordee", "aid granted", "montant"),
}
REQUIRED = ("reference", "title", "summary", "region", "year", "carrier", "status")

#: The statuses a project of the past may have, and those among them that received the aid.
HISTORY_STATUSES = (
    ProjectStatus.GRANTED,
    ProjectStatus.AGREEMENT_SIGNED,
    ProjectStatus.FINAL_REPORT,
    ProjectStatus.CLOSED,
    ProjectStatus.REFUSED,
    ProjectStatus.WITHDRAWN,
)
AIDED = frozenset(HISTORY_STATUSES[:4])
#: The words the program's spreadsheets use besides Accord's labels.
STATUS_WORDS = {
    # Accord's French labels, so the French files read the same whatever the catalogue.
    "accorde": ProjectStatus.GRANTED,
    "convention signee": ProjectStatus.AGREEMENT_SIGNED,
    "rapport final depose": ProjectStatus.FINAL_REPORT,
    "refuse": ProjectStatus.REFUSED,
    "retire": ProjectStatus.WITHDRAWN,
    "accepte": ProjectStatus.GRANTED,
    "octroye": ProjectStatus.GRANTED,
    "approuve": ProjectStatus.GRANTED,
    "termine": ProjectStatus.CLOSED,
    "complete": ProjectStatus.CLOSED,
    "clos": ProjectStatus.CLOSED,
    "cloture": ProjectStatus.CLOSED,
    "ferme": ProjectStatus.CLOSED,
    "rejete": ProjectStatus.REFUSED,
    "abandonne": ProjectStatus.WITHDRAWN,
    "annule": ProjectStatus.WITHDRAWN,
}

Progress = Callable[[str, int, int], None]
#: Two bytes that only UTF-8 writes (an accented letter): a file holding them is UTF-8.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


class ImportFileError(Exception):
    """The file cannot be read as a table of projects (format, size, missing columns)."""


@dataclass
class RowResult:
    """What happens (or would happen) to one row: new, update, or refused with its reasons."""

    number: int
    reference: str
    title: str
    action: str = "create"  # create | update | error
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "reference": self.reference,
            "title": self.title,
            "action": self.action,
            "errors": self.errors,
        }


@dataclass
class _Planned:
    """A valid row: the project's values, its créneaux, the imported project it updates if any."""

    values: dict[str, Any]
    creneaux: list[int]
    existing: int | None


@dataclass
class Check:
    """Every row's outcome, and what to write when none is refused."""

    results: list[RowResult]
    planned: list[_Planned]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.results if not r.ok]

    def count(self, action: str) -> int:
        return sum(1 for r in self.results if r.action == action)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


# --- Reading -------------------------------------------------------------------------------


def read_rows(content: bytes, file_name: str, *, max_bytes: int | None = MAX_UPLOAD_BYTES) -> list[tuple[int, dict]]:
    """The file's rows as (row number, {column: text}), its columns named as COLUMNS names them.

    The row number is the one the reader sees: the spreadsheet's row (the header is row 1),
    the JSON Lines file's line. Empty rows are skipped.
    """
    if max_bytes is not None and len(content) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)s MB; import it with the command, or split it.")
            % {"size": f"{max_bytes / 2**20:g}"}
        )
    kind = _kind(content, file_name)
    if kind == "jsonl":
        rows = list(_read_jsonl(content))
    else:
        lines = _read_xlsx(content, bounded=max_bytes is not None) if kind == "xlsx" else _read_csv(content)
        rows = _with_header(lines)
    if not rows:
        raise ImportFileError(_("The file holds no project."))
    present = set().union(*(row.keys() for _number, row in rows))
    missing = [name for name in REQUIRED if name not in present]
    if missing:
        raise ImportFileError(_("Required columns are missing: %(names)s.") % {"names": ", ".join(missing)})
    return rows


def _kind(content: bytes, file_name: str) -> str:
    name = file_name.lower()
    if name.endswith(".xlsx") or content[:4] == b"PK\x03\x04":
        return "xlsx"
    if name.endswith((".jsonl", ".ndjson", ".json")) or content.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] == b"{":
        return "jsonl"
    return "csv"


def _column(header: str) -> str | None:
    key = normalize(header)
    for name, aliases in COLUMNS.items():
        if key in aliases:
            return name
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a year or an amount Excel holds as 2012.0
    return str(value).strip()


def _with_header(lines: Iterable[tuple[int, list[str]]]) -> list[tuple[int, dict]]:
    rows: list[tuple[int, dict]] = []
    columns: list[str | None] | None = None
    for number, line in lines:
        if not any(cell for cell in line):
            continue
        if columns is None:
            columns = [_column(h) for h in line]
            continue
        rows.append((number, {name: cell for name, cell in zip(columns, line, strict=False) if name}))
    return rows


def _decode(content: bytes) -> str:
    """UTF-8, or Windows' own encoding (Excel's older "CSV"); a damaged UTF-8 file is refused, not
    read as Windows text: its accents would be imported as "Ã©"."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _UTF8_SEQUENCE.search(content):
            raise ImportFileError(
                _("The file is not valid UTF-8 (at byte %(position)s); save it again as CSV UTF-8.")
                % {"position": f"{exc.start:,}"}
            ) from exc
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The file is not readable text; save it as CSV UTF-8.")) from exc


def _read_csv(content: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(content)
    first = text.split("\n", 1)[0]
    # The header decides: Excel in French saves "CSV" with semicolons, elsewhere with commas.
    delimiter = max((",", ";", "\t"), key=first.count)
    for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
        yield number, [cell.strip() for cell in row]


def _read_xlsx(content: bytes, *, bounded: bool) -> Iterator[tuple[int, list[str]]]:
    try:
        if bounded:
            entries = zipfile.ZipFile(io.BytesIO(content)).infolist()
            if sum(entry.file_size for entry in entries) > MAX_XLSX_UNCOMPRESSED:
                raise ImportFileError(
                    _("Once opened, the workbook would take more than %(size)s MB; split it in several imports.")
                    % {"size": f"{MAX_XLSX_UNCOMPRESSED / 2**20:g}"}
                )
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many kinds of errors for a damaged file
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    try:
        for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, [_cell(v) for v in row]
    finally:
        workbook.close()


def _read_jsonl(content: bytes) -> Iterator[tuple[int, dict]]:
    text = _decode(content)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            raise ImportFileError(
                _("Line %(number)s is not a JSON object; each line of a JSON Lines file holds one project.")
                % {"number": number}
            )
        row: dict[str, str] = {}
        for key, value in record.items():
            name = _column(str(key))
            if name:
                row[name] = "; ".join(_cell(v) for v in value) if isinstance(value, list) else _cell(value)
        yield number, row


# --- Checking ------------------------------------------------------------------------------


class _Lookups:
    """Every table a row is checked against, read once per file: no query per row."""

    def __init__(self, rows: list[tuple[int, dict]]) -> None:
        self.regions: dict[str, int] = {}
        self.region_names: list[str] = []
        for region in Region.objects.order_by("code"):
            self.region_names.append(str(region))
            for key in (region.code, region.name, str(region)):
                self.regions[normalize(key)] = region.pk
        self.creneaux: dict[str, int] = {}
        slugs = []
        for pk, slug, name_fr, name_en in Creneau.objects.values_list("pk", "slug", "name_fr", "name_en"):
            slugs.append(slug)
            for key in (slug, name_fr, name_en):
                if key:
                    self.creneaux.setdefault(normalize(key), pk)
        self.creneau_codes = ", ".join(sorted(slugs))
        self.by_neq: dict[str, int] = {}
        self.by_name: dict[str, list[int]] = {}
        for pk, neq, name in Organisation.objects.values_list("pk", "neq", "name").iterator(chunk_size=5000):
            if neq:
                self.by_neq[neq] = pk
            self.by_name.setdefault(normalize(name), []).append(pk)
        self.periods = list(ProgramPeriod.objects.order_by("-starts_on").values_list("pk", "starts_on", "ends_on"))
        self.statuses = _status_lookup()
        references = sorted({row.get("reference", "") for _number, row in rows} - {""})
        self.projects: dict[str, tuple[int, bool]] = {}
        for start in range(0, len(references), 900):
            found = Project.objects.filter(number__in=references[start : start + 900])
            for pk, number, imported_at in found.values_list("pk", "number", "imported_at"):
                self.projects[number] = (pk, imported_at is not None)
        self._normalized: dict[str, str] = {}

    def key(self, value: str) -> str:
        """normalize(), remembered: a file names the same few regions and statuses again and again."""
        found = self._normalized.get(value)
        if found is None:
            found = self._normalized[value] = normalize(value)
        return found

    def period(self, year: int) -> int | None:
        middle = datetime.date(year, 7, 1)
        for pk, starts_on, ends_on in self.periods:  # the latest first
            if starts_on <= middle <= ends_on:
                return pk
        return None


def _status_lookup() -> dict[str, str]:
    """Codes, and labels in French and English, normalised, mapped to the status."""
    lookup: dict[str, str] = {normalize(code): code for code in HISTORY_STATUSES}
    for language in ("fr", "en"):
        with translation.override(language):
            for code in HISTORY_STATUSES:
                lookup.setdefault(normalize(str(ProjectStatus(code).label)), code)
    for word, code in STATUS_WORDS.items():
        lookup.setdefault(word, code)
    return lookup


def _status_labels() -> str:
    return "; ".join(f"{ProjectStatus(code).label} ({code})" for code in HISTORY_STATUSES)


def _amount(value: str) -> Decimal:
    """12 345,67 $ or 12345.67: French and English ways of writing an amount."""
    text = value.replace("$", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(",", "")  # 12,345.67
    text = text.replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(
            _("“%(value)s” is not an amount (write for example 125000 or 125 000,50).") % {"value": value}
        ) from exc
    if not amount.is_finite() or amount < 0:
        raise ValueError(_("“%(value)s” is not an amount of aid: it must be zero or more.") % {"value": value})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("“%(value)s” has more than two decimals.") % {"value": value})
    if amount >= Decimal("1e12"):
        raise ValueError(_("“%(value)s” is too large for an aid of the fund.") % {"value": value})
    return amount.quantize(Decimal("0.01"))


def _text(errors: list[str], row: dict, name: str, label: str, max_length: int) -> str:
    value = row.get(name, "")
    if "\x00" in value:
        errors.append(_("%(label)s: the text contains a NUL character; remove it.") % {"label": label})
        return ""
    if len(value) > max_length:
        errors.append(
            _("%(label)s: %(length)s characters, more than the %(max)s allowed.")
            % {"label": label, "length": f"{len(value):,}", "max": f"{max_length:,}"}
        )
    return value


def _check_row(number: int, row: dict, lk: _Lookups, seen: dict[str, int]) -> tuple[RowResult, _Planned | None]:
    errors: list[str] = []
    reference = _text(errors, row, "reference", _("Reference"), REFERENCE_MAX)
    title = _text(errors, row, "title", _("Title"), TITLE_MAX)
    summary = _text(errors, row, "summary", _("Summary"), SUMMARY_MAX)
    result = RowResult(number=number, reference=reference[:40], title=title[:200])
    for name, label, value in (("reference", _("Reference"), reference), ("title", _("Title"), title)):
        if not value and "\x00" not in row.get(name, ""):
            errors.append(_("%(label)s: missing.") % {"label": label})
    if not summary and "\x00" not in row.get("summary", ""):
        errors.append(_("%(label)s: missing.") % {"label": _("Summary")})
    labels = {"region": _("Region"), "creneaux": _("Niches"), "year": _("Year"), "carrier": _("Carrier")}
    labels |= {"status": _("Status"), "aid": _("Aid")}
    nul = {name for name in labels if "\x00" in row.get(name, "")}
    for name in sorted(nul):
        errors.append(_("%(label)s: the text contains a NUL character; remove it.") % {"label": labels[name]})
    values: dict[str, Any] = {"number": reference, "title": title, "summary": summary}

    # The reference: once in the file; in Accord, only as a project imported before.
    existing = None
    if reference:
        if reference in seen:
            errors.append(_("Same reference as row %(row)s.") % {"row": seen[reference]})
        else:
            seen[reference] = number
        known = lk.projects.get(reference)
        if known is not None:
            existing, imported = known
            if imported:
                result.action = "update"
            else:
                errors.append(
                    _("The reference %(reference)s belongs to a project made in Accord; an import cannot change it.")
                    % {"reference": reference}
                )

    region_value = row.get("region", "")
    region_key = lk.key(region_value)
    if region_key.isdigit() and len(region_key) == 1:
        region_key = f"0{region_key}"
    if "region" in nul:
        pass
    elif not region_value:
        errors.append(_("%(label)s: missing.") % {"label": _("Region")})
    elif region_key not in lk.regions:
        errors.append(
            _("Unknown region “%(value)s”. Accepted values (code or name): %(values)s.")
            % {"value": region_value, "values": "; ".join(lk.region_names)}
        )
    else:
        values["region_id"] = lk.regions[region_key]

    creneaux: list[int] = []
    for part in ("" if "creneaux" in nul else row.get("creneaux", "")).replace("|", ";").split(";"):
        if not part.strip():
            continue
        pk = lk.creneaux.get(lk.key(part))
        if pk is None:
            errors.append(
                _("Unknown niche “%(value)s”. Accepted values (name or code): %(values)s.")
                % {"value": part.strip(), "values": lk.creneau_codes}
            )
        elif pk not in creneaux:
            creneaux.append(pk)

    year_value = row.get("year", "")
    today = timezone.localdate()
    if "year" in nul:
        pass
    elif not year_value:
        errors.append(_("%(label)s: missing.") % {"label": _("Year")})
    elif not (year_value.isdigit() and FIRST_YEAR <= int(year_value) <= today.year):
        errors.append(
            _("“%(value)s” is not a year of the program: write a year from %(first)s to %(last)s.")
            % {"value": year_value, "first": FIRST_YEAR, "last": today.year}
        )
    else:
        year = int(year_value)
        values["starts_on"] = datetime.date(year, 1, 1)
        values["ends_on"] = datetime.date(year, 12, 31)
        period = lk.period(year)
        if period is None:
            errors.append(
                _("No program period covers %(year)s: the ministry creates it first in the program's settings.")
                % {"year": year}
            )
        values["period_id"] = period

    carrier_value = row.get("carrier", "")
    if "carrier" in nul:
        pass
    elif not carrier_value:
        errors.append(_("%(label)s: missing.") % {"label": _("Carrier")})
    else:
        neq = normalize_neq(carrier_value) or ""
        carrier = lk.by_neq.get(neq) if neq.isdigit() else None
        if carrier is None:
            named = lk.by_name.get(lk.key(carrier_value), [])
            if len(named) > 1:
                errors.append(
                    _("Several organisations are named “%(value)s”: give the carrier's NEQ.") % {"value": carrier_value}
                )
            elif named:
                carrier = named[0]
            else:
                errors.append(
                    _(
                        "Unknown carrier “%(value)s”: give its NEQ or its name as in the registry "
                        "(import the organisations first)."
                    )
                    % {"value": carrier_value}
                )
        values["carrier_id"] = carrier

    status_value = row.get("status", "")
    status = lk.statuses.get(lk.key(status_value)) if status_value else None
    if "status" in nul:
        status = None
    elif not status_value:
        errors.append(_("%(label)s: missing.") % {"label": _("Status")})
    elif status is None:
        errors.append(
            _("“%(value)s” is not a status of a past project. Accepted values: %(values)s.")
            % {"value": status_value, "values": _status_labels()}
        )
    values["status"] = status

    aid = None
    if (aid_value := row.get("aid", "")) and "aid" not in nul:
        try:
            aid = _amount(aid_value)
        except ValueError as exc:
            errors.append(str(exc))
        else:
            if aid and status is not None and status not in AIDED:
                errors.append(
                    _("A project %(status)s received no aid: leave the aid empty or write 0.")
                    % {"status": ProjectStatus(status).label.lower()}
                )
    values["requested_amount"] = aid or Decimal("0.00")
    values["granted_amount"] = aid if aid else None

    if errors:
        result.action, result.errors = "error", errors
        return result, None
    return result, _Planned(values=values, creneaux=creneaux, existing=existing)


def check_rows(rows: list[tuple[int, dict]], *, progress: Progress = _no_progress) -> Check:
    """Every row checked, nothing written."""
    lk = _Lookups(rows)
    seen: dict[str, int] = {}
    results: list[RowResult] = []
    planned: list[_Planned] = []
    for index, (number, row) in enumerate(rows, start=1):
        result, plan = _check_row(number, row, lk, seen)
        results.append(result)
        if plan is not None:
            planned.append(plan)
        if index % 10_000 == 0:
            progress("check", index, len(rows))
    if len(rows) % 10_000:
        progress("check", len(rows), len(rows))
    return Check(results, planned)


# --- Writing -------------------------------------------------------------------------------

#: The fields an import sets, on a new project and again on an updated one.
WRITTEN = (
    "title",
    "summary",
    "region_id",
    "period_id",
    "carrier_id",
    "starts_on",
    "ends_on",
    "requested_amount",
    "status",
    "granted_amount",
    "granted_at",
)


def _granted_at(values: dict[str, Any]) -> datetime.datetime | None:
    if values["granted_amount"] is None:
        return None
    start = values["starts_on"]
    return timezone.make_aware(datetime.datetime(start.year, start.month, start.day, 12))


def _write(check: Check, *, actor: Any, record: ProjectImport, progress: Progress = _no_progress) -> tuple[int, int]:
    """Write the checked rows (the caller holds the transaction): new projects, then updates,
    then their créneaux; every row with its history. Returns (created, updated)."""
    user = actor_or_none(actor)
    now = timezone.now()
    reason = (
        _("Import of the program's history: %(file)s (no. %(id)s)") % {"file": record.file_name, "id": record.pk}
    )[:100]
    history = {"default_user": user, "default_change_reason": reason, "default_date": now}
    new = [p for p in check.planned if p.existing is None]
    updates = {p.existing: p for p in check.planned if p.existing is not None}
    total = len(check.planned)
    done = 0
    links: list[ProjectCreneau] = []
    created_projects: list[Project] = []
    updated_projects: list[Project] = []
    for start in range(0, len(new), CHUNK):
        chunk = new[start : start + CHUNK]
        projects = []
        for plan in chunk:
            values = {**plan.values, "granted_at": _granted_at(plan.values)}
            project = Project(
                imported_at=now,
                status_entered_at=now,
                created_by=user,
                created_at=now,
                updated_at=now,
                **values,
            )
            project.search_text = project.build_search_text()
            projects.append(project)
        created = bulk_create_with_history(projects, Project, batch_size=CHUNK, **history)
        created_projects.extend(created)
        for project, plan in zip(created, chunk, strict=True):
            links.extend(ProjectCreneau(project_id=project.pk, creneau_id=c) for c in plan.creneaux)
        done += len(chunk)
        progress("write", done, total)
    pks = sorted(updates)
    removed: list[ProjectCreneau] = []
    # The dashboard's figures of every region and period the rows touch, before and after (a handful).
    touched = {(p.values["region_id"], p.values["period_id"]) for p in check.planned}
    for start in range(0, len(pks), CHUNK):
        chunk_pks = pks[start : start + CHUNK]
        projects = list(Project.objects.filter(pk__in=chunk_pks))
        kept: dict[int, set[int]] = {}
        for link in ProjectCreneau.objects.filter(project_id__in=chunk_pks):
            wanted = updates[link.project_id].creneaux
            if link.creneau_id in wanted:
                kept.setdefault(link.project_id, set()).add(link.creneau_id)
            else:
                removed.append(link)
        for project in projects:
            touched.add((project.region_id, project.period_id))
            plan = updates[project.pk]
            values = {**plan.values, "granted_at": _granted_at(plan.values)}
            for name in WRITTEN:
                setattr(project, name, values[name])
            project.updated_at = now  # bulk_update leaves auto_now alone: the similar index syncs from it
            project.search_text = project.build_search_text()
            project.revision += 1
            links.extend(
                ProjectCreneau(project_id=project.pk, creneau_id=c)
                for c in plan.creneaux
                if c not in kept.get(project.pk, set())
            )
        fields = [name.removesuffix("_id") for name in WRITTEN] + ["updated_at", "search_text", "revision"]
        _update_with_history(projects, fields, **history)
        updated_projects.extend(projects)
        done += len(chunk_pks)
        progress("write", done, total)
    for link in removed:  # rare (a corrected file naming other créneaux): one by one, with history
        delete_with_history(link, actor=actor, reason=reason)
    bulk_create_with_history(links, ProjectCreneau, batch_size=CHUNK, **history)
    # The very similar projects of each written one, as the services pair a draft (decision 56).
    written = created_projects + updated_projects
    for start in range(0, len(written), CHUNK):
        services.pair_similar(written[start : start + CHUNK])
        progress("pair", min(start + CHUNK, len(written)), len(written))
    for region_id, period_id in sorted(touched):
        services.refresh_figures(region_id, period_id)
    public.bump()  # the program's public results count granted projects
    return len(new), len(updates)


def _update_with_history(projects: list[Project], fields: list[str], **history: Any) -> None:
    """simple_history's bulk_update_with_history, with one UPDATE a row sent in one batch.

    Django's bulk_update builds a CASE of every row's value for each column, in Python: 12 ms a
    row, 20 minutes for 100,000. One parameterised UPDATE run with executemany is the same write,
    a hundred times faster on SQLite and PostgreSQL alike. Values go through each field's own
    conversion for the database (dates, amounts, aware datetimes).
    """
    meta = Project._meta
    columns = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
    key = quote(meta.pk.column or "id")
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {key} = %s"  # noqa: S608
    rows = [
        [column.get_db_prep_save(getattr(project, column.attname), connection) for column in columns] + [project.pk]
        for project in projects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    Project.history.bulk_history_create(projects, batch_size=CHUNK, update=True, **history)  # type: ignore[attr-defined]


# --- Entry points --------------------------------------------------------------------------


def _results_kept(check: Check) -> list[dict[str, Any]]:
    """Every row of a small file (the preview); the refusals only of a large one."""
    rows = check.results if len(check.results) <= PREVIEW_ROWS else check.refused[:PREVIEW_ROWS]
    return [r.as_dict() for r in rows]


def _fill(record: ProjectImport, check: Check) -> None:
    record.row_count = len(check.results)
    record.error_count = len(check.refused)
    record.created_count = check.count("create")
    record.updated_count = check.count("update")
    record.results = _results_kept(check)


def _require_importer(actor: Any) -> None:
    if actor is not None and not policies.can_import_projects(actor):
        raise PermissionDenied(_("Only the ministry imports the program's history."))


def language_of(actor: Any) -> str:
    """The language an import's messages are written in: the actor's, else the active one."""
    return getattr(actor, "preferred_language", None) or translation.get_language() or settings.LANGUAGE_CODE


def preview_import(*, actor: Any, file_name: str, content: bytes) -> ProjectImport:
    """Check every row of an uploaded file and keep it for the confirmation; nothing else is written.

    A file that cannot be read raises ImportFileError and leaves no trace; a file with refused
    rows is recorded as refused, with its rows' reasons, and its content is not kept.
    """
    _require_importer(actor)
    check = check_rows(read_rows(content, file_name))
    record = ProjectImport(file_name=file_name[:255], uploaded_by=actor_or_none(actor))
    _fill(record, check)
    if check.ok:
        record.content = content
    else:
        record.status = ProjectImportStatus.REJECTED
    record.save(force_insert=True)
    return record


@transaction.atomic
def confirm_import(record: ProjectImport, *, actor: Any) -> ProjectImport:
    """Write a checked file: checked again (the registry may have changed), then all or nothing."""
    _require_importer(actor)
    locked = ProjectImport.objects.select_for_update().get(pk=record.pk)
    if locked.status != ProjectImportStatus.PREVIEWED:
        raise ValidationError(_("This import is already finished."))
    return _apply(locked, actor=actor, rows=read_rows(bytes(locked.content), locked.file_name, max_bytes=None))


def import_file(
    *,
    actor: Any,
    file_name: str,
    content: bytes,
    max_bytes: int | None = MAX_UPLOAD_BYTES,
    progress: Progress = _no_progress,
) -> ProjectImport:
    """Check and write a file in one go (the command, the API): all or nothing, always recorded.

    Raises ImportFileError, and records nothing, for a file that cannot be read.
    """
    _require_importer(actor)
    rows = read_rows(content, file_name, max_bytes=max_bytes)
    progress("read", len(rows), len(rows))
    with transaction.atomic():
        record = ProjectImport(file_name=file_name[:255], uploaded_by=actor_or_none(actor))
        record.save(force_insert=True)
        return _apply(record, actor=actor, rows=rows, progress=progress)


def _apply(
    record: ProjectImport, *, actor: Any, rows: list[tuple[int, dict]], progress: Progress = _no_progress
) -> ProjectImport:
    check = check_rows(rows, progress=progress)
    _fill(record, check)
    record.content = b""
    if not check.ok:
        record.status = ProjectImportStatus.REJECTED
        record.save()
        return record
    try:
        with transaction.atomic():
            created, updated = _write(check, actor=actor, record=record, progress=progress)
    except IntegrityError:
        # Another import or a new draft took a reference between the check and the write.
        record.status = ProjectImportStatus.REJECTED
        record.message = _("A reference of the file was taken meanwhile; nothing was saved. Import the file again.")
        record.save()
        return record
    record.created_count, record.updated_count = created, updated
    record.status = ProjectImportStatus.APPLIED
    record.applied_at = timezone.now()
    record.save()
    return record


def sample_rows(count: int, *, start: int = 1, seed: int = 0) -> Iterator[dict[str, Any]]:
    """`count` plausible rows of the program's history (the measure of a large import; the tests)."""
    regions = list(Region.objects.order_by("code").values_list("code", flat=True))
    creneaux = list(Creneau.objects.order_by("slug").values_list("slug", flat=True))
    carriers = list(Organisation.objects.exclude(neq=None).order_by("pk").values_list("neq", flat=True)[:500])
    lookups = _Lookups([])
    today = timezone.localdate()
    years = [y for y in range(FIRST_YEAR, today.year + 1) if lookups.period(y) is not None]
    kinds = ("Étude de main-d'œuvre", "Mission d'exportation", "Formation", "Banc d'essai", "Veille stratégique")
    topics = ("en aluminium", "pour le meuble", "en agroalimentaire", "en éolien", "en textile technique")
    statuses = ("closed", "Accordé", "refusé", "Convention signée")
    for i in range(start, start + count):
        n = i + seed
        status = statuses[n % len(statuses)]
        yield {
            "reference": f"HIST-{i:07d}",
            "title": f"{kinds[n % len(kinds)]} {topics[(n // 5) % len(topics)]} no {i}",
            "summary": f"Projet {i} du programme : {kinds[n % len(kinds)].lower()} {topics[(n // 7) % len(topics)]}.",
            "region": regions[n % len(regions)],
            "creneaux": creneaux[n % len(creneaux)] if creneaux else "",
            "year": str(years[n % len(years)]) if years else "",
            "carrier": carriers[n % len(carriers)] if carriers else "",
            "status": status,
            "aid": "" if status == "refusé" else f"{(n % 90 + 10) * 1000}.00",
        }
