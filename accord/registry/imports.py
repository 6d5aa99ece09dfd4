"""The import service: organisations and people from CSV or Excel, all or nothing.

Each row is checked with the same form as the back office and saved with the same
services, so an import obeys exactly the rules of a manual entry, including the user's
scope. It therefore sits above forms and services (an input, like a page) and below the
views: it is not in `services`, which may not import forms.

The preview runs every check without saving; the confirmation checks again and saves
inside one transaction that is rolled back if any row fails.

Rows are matched to existing records: organisations by NEQ, or by name and region when
there is no NEQ; people by email. A matched record is updated, any other row creates one.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.core.text import normalize

from . import policies, services
from .forms import OrganisationForm, PersonForm, model_data
from .models import (
    Creneau,
    ImportBatch,
    ImportKind,
    ImportStatus,
    Language,
    Organisation,
    OrganisationKind,
    Person,
    Region,
    SizeBand,
    TransformationLevel,
)
from .validators import normalize_neq

# Accepted column names, French and English; compared without accents, case or punctuation.
ORGANISATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nom", "raison sociale"),
    "kind": ("kind", "type", "genre"),
    "region": ("region", "code region", "region code"),
    "city": ("city", "ville", "municipalite"),
    "website": ("website", "site web", "site internet", "site"),
    "description": ("description",),
    "street_address": ("street address", "address", "adresse"),
    "postal_code": ("postal code", "code postal"),
    "email": ("email", "courriel", "e mail"),
    "phone": ("phone", "telephone"),
    "neq": ("neq",),
    "size_band": ("size", "size band", "taille"),
    "is_leader": ("leader", "leader enterprise", "entreprise leader"),
    "is_large_enterprise": ("large enterprise", "grande entreprise"),
    "transformation_level": ("transformation", "transformation level", "niveau de transformation"),
    "creneaux": ("creneaux", "creneau", "clusters"),
}
PERSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "first_name": ("first name", "prenom"),
    "last_name": ("last name", "nom", "nom de famille"),
    "email": ("email", "courriel", "e mail"),
    "phone": ("phone", "telephone"),
    "preferred_language": ("preferred language", "language", "langue", "langue preferee"),
    "region": ("region", "code region"),
    "organisation": ("organisation", "organization", "entreprise", "organisme"),
    "job_title": ("job title", "title", "titre", "fonction", "poste"),
}
REQUIRED_COLUMNS = {ImportKind.ORGANISATIONS: ("name", "kind"), ImportKind.PEOPLE: ("first_name", "last_name")}

TRUE_WORDS = frozenset({"oui", "o", "yes", "y", "1", "true", "vrai", "x"})
FALSE_WORDS = frozenset({"non", "n", "no", "0", "false", "faux", ""})


class ImportFileError(Exception):
    """The file cannot be read as a table (wrong format, no header, too many rows)."""


@dataclass
class RowResult:
    """What happens (or would happen) to one row of the file."""

    number: int
    label: str
    action: str = "create"  # create | update | error
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# --- Reading -------------------------------------------------------------------------------


def check_bounds(content: bytes, file_name: str) -> None:
    """Refuse, before any parsing, a file too large to import.

    An .xlsx is a zip of XML: a few compressed megabytes can declare gigabytes of XML, which
    openpyxl would parse for minutes before the row count refused it. The zip's central
    directory gives every entry's uncompressed size without inflating anything, and Python's
    zipfile never inflates an entry past the size it declares, so the sum is a true bound.
    """
    max_bytes = settings.ACCORD_IMPORT_MAX_BYTES
    if len(content) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)s MB; split it in several imports.") % {"size": f"{max_bytes / 2**20:g}"}
        )
    if not file_name.lower().endswith(".xlsx"):
        return
    try:
        entries = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    if len(entries) > settings.ACCORD_IMPORT_XLSX_MAX_ENTRIES:
        raise ImportFileError(
            _("The workbook holds %(count)s parts, more than a table to import needs; save only the table in it.")
            % {"count": f"{len(entries):,}"}
        )
    max_uncompressed = settings.ACCORD_IMPORT_XLSX_MAX_UNCOMPRESSED
    if sum(entry.file_size for entry in entries) > max_uncompressed:
        raise ImportFileError(
            _("Once opened, the workbook would take more than %(size)s MB; split it in several imports.")
            % {"size": f"{max_uncompressed / 2**20:g}"}
        )


def read_table(content: bytes, file_name: str) -> list[dict[str, str]]:
    """The rows of a CSV or XLSX file as dicts keyed by normalised column names.

    Reading stops at the first row past the limit, so a long file costs no more than a full one.
    """
    check_bounds(content, file_name)
    max_rows = settings.ACCORD_IMPORT_MAX_ROWS
    lines = _read_xlsx(content) if file_name.lower().endswith(".xlsx") else _read_csv(content)
    rows: list[list[str]] = []
    for line in lines:
        if not any(cell.strip() for cell in line):
            continue
        if len(rows) > max_rows:  # the header and max_rows rows are in: this one is too many
            raise ImportFileError(_("The file has more than %(max)s rows; split it.") % {"max": f"{max_rows:,}"})
        rows.append(line)
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header = [normalize(h) for h in rows[0]]
    return [dict(zip(header, (cell.strip() for cell in row), strict=False)) for row in rows[1:]]


def _read_csv(content: bytes) -> Iterator[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The file is not readable text; save it as CSV UTF-8.")) from exc
    if "\x00" in text:
        raise ImportFileError(_("The file contains NUL characters; save it again as CSV UTF-8."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    return (list(row) for row in csv.reader(io.StringIO(text), dialect))


def _read_xlsx(content: bytes) -> Iterator[list[str]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors for a damaged file
        raise ImportFileError(_("The file is not a readable Excel workbook (.xlsx).")) from exc
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield ["" if v is None else str(v).replace("\x00", "") for v in row]
    finally:
        workbook.close()


def _column_map(header_keys: Iterable[str], columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Which normalised file column feeds which field."""
    present = set(header_keys)
    mapping = {}
    for field_name, aliases in columns.items():
        for alias in aliases:
            if alias in present:
                mapping[field_name] = alias
                break
    return mapping


# --- Value parsing -------------------------------------------------------------------------


def _choice_lookup(choices: Any) -> dict[str, str]:
    """Codes and labels in both languages, normalised, mapped to the code."""
    lookup = {normalize(code): code for code in choices.values}
    for language in ("fr", "en"):
        with translation.override(language):
            for code, label in choices.choices:
                lookup.setdefault(normalize(str(label)), code)
    return lookup


def _parse_bool(value: str) -> bool:
    word = normalize(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("“%(value)s” is not yes or no.") % {"value": value})


class _Lookups:
    """Tables loaded once per import: regions, créneaux, choice labels."""

    def __init__(self) -> None:
        self.regions: dict[str, int] = {}
        for region in Region.objects.all():
            self.regions[normalize(region.code)] = region.pk
            self.regions[normalize(region.name)] = region.pk
        self._creneaux: dict[str, int] | None = None
        self.kinds = _choice_lookup(OrganisationKind)
        self.sizes = _choice_lookup(SizeBand)
        self.levels = _choice_lookup(TransformationLevel)
        self.languages = _choice_lookup(Language)
        self.languages.update({"francais": "fr", "french": "fr", "anglais": "en", "english": "en"})

    @property
    def creneaux(self) -> dict[str, int]:
        if self._creneaux is None:
            self._creneaux = {}
            for c in Creneau.objects.only("pk", "slug", "name_fr", "name_en"):
                for key in (c.slug, c.name_fr, c.name_en):
                    if key:
                        self._creneaux[normalize(key)] = c.pk
        return self._creneaux

    def region(self, value: str) -> int | None:
        if not value:
            return None
        key = normalize(value)
        if key.isdigit() and len(key) == 1:
            key = f"0{key}"
        if key not in self.regions:
            raise ValueError(_("Unknown region “%(value)s”.") % {"value": value})
        return self.regions[key]

    @staticmethod
    def choice(table: dict[str, str], value: str, label: str) -> str:
        if not value:
            return ""
        key = normalize(value)
        if key not in table:
            raise ValueError(_("“%(value)s” is not a valid value for %(label)s.") % {"value": value, "label": label})
        return table[key]


# --- Organisations -------------------------------------------------------------------------


def _organisation_form_data(
    row: dict[str, str], cols: dict[str, str], lk: _Lookups
) -> tuple[dict[str, Any], list[str]]:
    """Turn a file row into OrganisationForm data, collecting value errors."""
    errors: list[str] = []
    data: dict[str, Any] = {}

    def get(name: str) -> str:
        return row.get(cols[name], "") if name in cols else ""

    for name in ("name", "city", "website", "description", "street_address", "postal_code", "email", "phone"):
        data[name] = get(name)
    data["neq"] = normalize_neq(get("neq")) or ""
    parsers: list[tuple[str, Callable[[str], Any]]] = [
        ("kind", lambda v: lk.choice(lk.kinds, v, _("kind"))),
        ("size_band", lambda v: lk.choice(lk.sizes, v, _("size"))),
        ("transformation_level", lambda v: lk.choice(lk.levels, v, _("transformation level"))),
        ("region", lk.region),
        ("is_leader", _parse_bool),
        ("is_large_enterprise", _parse_bool),
    ]
    for name, parse in parsers:
        try:
            value = parse(get(name))
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = value
    creneau_ids = []
    for part in get("creneaux").replace("|", ";").split(";"):
        if part.strip():
            pk = lk.creneaux.get(normalize(part))
            if pk is None:
                errors.append(_("Unknown niche “%(value)s”.") % {"value": part.strip()})
            else:
                creneau_ids.append(pk)
    data["creneaux"] = creneau_ids
    return data, errors


def _existing_organisation(data: dict[str, Any]) -> Organisation | None:
    if data.get("neq"):
        return Organisation.objects.filter(neq=data["neq"]).first()
    if data.get("name") and data.get("region"):
        key = normalize(data["name"])
        for candidate in Organisation.objects.filter(region_id=data["region"]).search(data["name"]):
            if normalize(candidate.name) == key:
                return candidate
    return None


def _process_organisations(
    rows: list[dict[str, str]], cols: dict[str, str], *, actor: Any, commit: bool, reason: str
) -> list[RowResult]:
    lk = _Lookups()
    results: list[RowResult] = []
    seen_keys: dict[str, int] = {}
    for index, row in enumerate(rows, start=2):
        data, errors = _organisation_form_data(row, cols, lk)
        result = RowResult(number=index, label=data.get("name") or _("(no name)"))
        results.append(result)
        key = data["neq"] or f"{normalize(data.get('name', ''))}|{data.get('region')}"
        if key in seen_keys:
            errors.append(_("Same organisation as row %(row)s.") % {"row": seen_keys[key]})
        seen_keys[key] = index
        existing = _existing_organisation(data)
        if existing is not None:
            result.action = "update"
            if not policies.can_edit_organisation(actor, existing):
                errors.append(_("“%(name)s” exists outside your region; you may not change it.") % {"name": existing})
        form = OrganisationForm(data=data, instance=existing, user=actor)
        if not form.is_valid():
            errors.extend(_form_errors(form))
        if errors:
            result.action, result.errors = "error", errors
            continue
        if commit:
            try:
                values = model_data(form)
                creneaux = form.cleaned_data["creneaux"]
                if existing is None:
                    services.create_organisation(actor=actor, data=values, creneaux=creneaux, reason=reason)
                else:
                    services.update_organisation(existing, actor=actor, data=values, creneaux=creneaux, reason=reason)
            except (ValidationError, PermissionDenied) as exc:
                result.action, result.errors = "error", _exception_messages(exc)
    return results


# --- People --------------------------------------------------------------------------------


def _process_people(
    rows: list[dict[str, str]], cols: dict[str, str], *, actor: Any, commit: bool, reason: str
) -> list[RowResult]:
    lk = _Lookups()
    results: list[RowResult] = []
    seen_emails: dict[str, int] = {}
    for index, row in enumerate(rows, start=2):

        def get(name: str, row: dict[str, str] = row) -> str:
            return row.get(cols[name], "") if name in cols else ""

        errors: list[str] = []
        data: dict[str, Any] = {name: get(name) for name in ("first_name", "last_name", "email", "phone")}
        data["email"] = data["email"].lower()
        try:
            data["preferred_language"] = lk.choice(lk.languages, get("preferred_language"), _("language")) or "fr"
        except ValueError as exc:
            errors.append(str(exc))
        try:
            region = lk.region(get("region"))
            if region is not None:
                data["region"] = region
        except ValueError as exc:
            errors.append(str(exc))
        result = RowResult(number=index, label=f"{data['first_name']} {data['last_name']}".strip() or _("(no name)"))
        results.append(result)
        organisation = None
        if get("organisation"):
            organisation = _find_organisation(get("organisation"))
            if organisation is None:
                errors.append(
                    _("Unknown organisation “%(value)s” (give its NEQ or exact name).") % {"value": get("organisation")}
                )
            elif not policies.can_edit_organisation(actor, organisation):
                errors.append(_("“%(name)s” is outside your region.") % {"name": organisation})
        if data["email"]:
            if data["email"] in seen_emails:
                errors.append(_("Same email as row %(row)s.") % {"row": seen_emails[data["email"]]})
            seen_emails[data["email"]] = index
        existing = Person.objects.filter(email=data["email"]).first() if data["email"] else None
        if existing is not None:
            result.action = "update"
            if not policies.can_edit_person(actor, existing):
                errors.append(_("“%(name)s” exists outside your region; you may not change it.") % {"name": existing})
        form = PersonForm(data=data, instance=existing, user=actor)
        if not form.is_valid():
            errors.extend(_form_errors(form))
        if errors:
            result.action, result.errors = "error", errors
            continue
        if commit:
            try:
                values = model_data(form)
                if existing is None:
                    person = services.create_person(actor=actor, data=values, reason=reason)
                else:
                    services.update_person(existing, actor=actor, data=values, reason=reason)
                    person = existing
                if organisation is not None:
                    services.add_affiliation(
                        person, organisation, actor=actor, job_title=get("job_title"), reason=reason
                    )
            except (ValidationError, PermissionDenied) as exc:
                result.action, result.errors = "error", _exception_messages(exc)
    return results


def _find_organisation(value: str) -> Organisation | None:
    neq = normalize_neq(value)
    if neq and neq.isdigit():
        found = Organisation.objects.filter(neq=neq).first()
        if found:
            return found
    key = normalize(value)
    matches = [o for o in Organisation.objects.search(value)[:20] if normalize(o.name) == key]
    return matches[0] if len(matches) == 1 else None


# --- Errors --------------------------------------------------------------------------------


def _form_errors(form: Any) -> list[str]:
    messages = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.append(f"{label} : {error}" if label else str(error))
    return messages


def _exception_messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        return [str(m) for m in exc.messages]
    return [str(exc) or _("Not allowed.")]


# --- Entry points --------------------------------------------------------------------------


def _process(batch: ImportBatch, *, actor: Any, commit: bool) -> list[RowResult]:
    rows = read_table(bytes(batch.content), batch.file_name)
    columns = ORGANISATION_COLUMNS if batch.kind == ImportKind.ORGANISATIONS else PERSON_COLUMNS
    cols = _column_map(rows[0].keys() if rows else [], columns)
    missing = [name for name in REQUIRED_COLUMNS[ImportKind(batch.kind)] if name not in cols]
    if missing:
        names = ", ".join(" / ".join(columns[m][:2]) for m in missing)
        raise ImportFileError(_("Required columns are missing: %(names)s.") % {"names": names})
    reason = _("Import of %(file)s (no. %(id)s)") % {"file": batch.file_name, "id": batch.pk}
    process = _process_organisations if batch.kind == ImportKind.ORGANISATIONS else _process_people
    return process(rows, cols, actor=actor, commit=commit, reason=reason)


def start_import(*, actor: Any, kind: str, file_name: str, content: bytes) -> tuple[ImportBatch, list[RowResult]]:
    """Keep the uploaded file and check every row without saving anything else."""
    if not policies.can_import(actor):
        raise PermissionDenied(_("You may not import records."))
    check_bounds(content, file_name)  # a file refused for its size leaves no trace
    batch = ImportBatch.objects.create(kind=kind, file_name=file_name[:255], content=content, uploaded_by=actor)
    try:
        results = _process(batch, actor=actor, commit=False)
    except ImportFileError:
        batch.status = ImportStatus.REJECTED
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "finished_at"])
        raise
    _record_counts(batch, results)
    return batch, results


def preview_import(batch: ImportBatch, *, actor: Any) -> list[RowResult]:
    """Check the rows of a kept file again, without saving."""
    return _process(batch, actor=actor, commit=False)


class _Rollback(Exception):
    def __init__(self, results: list[RowResult]) -> None:
        self.results = results


def confirm_import(batch: ImportBatch, *, actor: Any) -> tuple[bool, list[RowResult]]:
    """Save every row, or none: returns (saved, results)."""
    if batch.uploaded_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the person who uploaded the file may confirm it."))
    if batch.status != ImportStatus.PREVIEWED:
        raise ValidationError(_("This import is already finished."))
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status != ImportStatus.PREVIEWED:
                raise ValidationError(_("This import is already finished."))
            results = _process(batch, actor=actor, commit=True)
            if any(not r.ok for r in results):
                raise _Rollback(results)
    except _Rollback as rollback:
        _finish(batch, rollback.results, ImportStatus.REJECTED)
        return False, rollback.results
    _finish(batch, results, ImportStatus.APPLIED)
    return True, results


def _record_counts(batch: ImportBatch, results: list[RowResult]) -> None:
    batch.row_count = len(results)
    batch.error_count = sum(1 for r in results if not r.ok)
    batch.created_count = sum(1 for r in results if r.action == "create")
    batch.updated_count = sum(1 for r in results if r.action == "update")
    batch.save(update_fields=["row_count", "error_count", "created_count", "updated_count"])


def _finish(batch: ImportBatch, results: list[RowResult], status: str) -> None:
    batch.status = status
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "finished_at"])
    _record_counts(batch, results)
