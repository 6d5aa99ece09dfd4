"""The import service: organisations and people from CSV or Excel, all or nothing.

Each row is checked with the same form as the back office and saved with the same
services, so an import obeys exactly the rules of a manual entry, including the user's
scope. It therefore sits above forms and services (an input, like a page) and below the
views: it is not in `services`, which may not import forms.

The preview runs every check without saving; the confirmation checks again and saves only
if every row is still valid. Both run as background tasks with their progress on the batch
(decision 26). Rows are checked against tables read once per file (no query per row). New
organisations are written in bulk, unpublished until a person publishes them; people are
written row by row through the services, a chunk of rows per transaction.

Rows are matched to existing records: organisations by NEQ, or by name and region when
there is no NEQ; people by email. A matched record is updated (or left alone when the row
changes nothing: Accord's own export imports back as "unchanged"), any other row creates one.
Every value is accepted as its code or its label, in French or English, and every refusal
lists the accepted values.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import construct_instance
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
    "creneaux": ("creneaux", "creneau", "niches", "niche", "clusters"),
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

# Progress is recorded every PROGRESS_EVERY rows checked; rows are saved WRITE_CHUNK per transaction.
PROGRESS_EVERY = 250
WRITE_CHUNK = 500

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
    """Codes and labels in both languages, normalised, mapped to the code.

    A label's words before its parenthesis count too: "Petite" or "Small" for
    "Petite (5 à 99 employés)".
    """
    lookup = {normalize(code): code for code in choices.values}
    for language in ("fr", "en"):
        with translation.override(language):
            for code, label in choices.choices:
                lookup.setdefault(normalize(str(label)), code)
                short = normalize(str(label).split("(")[0])
                if short:
                    lookup.setdefault(short, code)
    return lookup


def _accepted(values: Iterable[str]) -> str:
    return "; ".join(str(v) for v in values)


def _parse_bool(value: str) -> bool:
    word = normalize(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(
        _("“%(value)s” is not yes or no. Accepted values: %(values)s.")
        % {"value": value, "values": _accepted(("oui", "non", "yes", "no", "1", "0", "x", _("empty")))}
    )


class _Lookups:
    """Every table a row is checked against, read once per import: no query per row.

    Regions (by code, name or "05 – Estrie"), créneaux (by code or name), the regions the
    user manages, choice labels, and the existing records the file's rows may match.
    """

    def __init__(self, actor: Any) -> None:
        regions = list(Region.objects.order_by("code"))
        self.region_objects = {r.pk: r for r in regions}
        self.regions: dict[str, int] = {}
        for region in regions:
            for key in (region.code, region.name, str(region)):
                self.regions[normalize(key)] = region.pk
        self.manageable_region_ids = set(policies.manageable_regions(actor).values_list("pk", flat=True))
        self.program_wide = policies.can_create_organisation(actor, None)
        creneaux = list(Creneau.objects.only("pk", "slug", "name_fr", "name_en", "ended_on").order_by("slug"))
        self.creneau_objects = {c.pk: c for c in creneaux}
        self.creneaux: dict[str, int] = {}
        for c in creneaux:
            for key in (c.slug, c.name_fr, c.name_en):
                if key:
                    self.creneaux.setdefault(normalize(key), c.pk)
        self.active_creneau_ids = {c.pk for c in creneaux if c.ended_on is None}
        self.kinds = _choice_lookup(OrganisationKind)
        self.sizes = _choice_lookup(SizeBand)
        self.levels = _choice_lookup(TransformationLevel)
        self.languages = _choice_lookup(Language)
        self.languages.update({"francais": "fr", "french": "fr", "anglais": "en", "english": "en"})

    def region_list(self, pks: Iterable[int] | None = None) -> str:
        wanted = self.region_objects.keys() if pks is None else pks
        return _accepted(sorted(str(self.region_objects[pk]) for pk in wanted))

    def region(self, value: str) -> int | None:
        if not value:
            return None
        key = normalize(value)
        if key.isdigit() and len(key) == 1:
            key = f"0{key}"
        if key not in self.regions:
            raise ValueError(
                _("Unknown region “%(value)s”. Accepted values (code, name or both): %(values)s.")
                % {"value": value, "values": self.region_list()}
            )
        return self.regions[key]

    @staticmethod
    def choice(table: dict[str, str], choices: Any, value: str, label: str) -> str:
        if not value:
            return ""
        key = normalize(value)
        if key not in table:
            raise ValueError(
                _(
                    "“%(value)s” is not a valid value for %(label)s. "
                    "Accepted values: %(values)s (or their codes: %(codes)s)."
                )
                % {
                    "value": value,
                    "label": label,
                    "values": _accepted(str(lbl) for _code, lbl in choices.choices),
                    "codes": ", ".join(choices.values),
                }
            )
        return table[key]

    def creneau_ids(self, value: str) -> tuple[list[int], list[str]]:
        """The créneaux a cell names, separated by semicolons, bars or commas (Accord's export).

        A name may hold a comma itself: the longest run of comma-separated parts that names
        a créneau wins.
        """
        found: list[int] = []
        unknown: list[str] = []
        if not value.strip():
            return found, unknown
        for part in value.replace("|", ";").split(";"):
            pieces = [p.strip() for p in part.split(",")]
            i = 0
            while i < len(pieces):
                for j in range(len(pieces), i, -1):
                    pk = self.creneaux.get(normalize(", ".join(pieces[i:j])))
                    if pk is not None:
                        found.append(pk)
                        i = j
                        break
                else:
                    if pieces[i]:
                        unknown.append(pieces[i])
                    i += 1
        return found, unknown

    def creneau_codes(self) -> str:
        return ", ".join(sorted(self.creneau_objects[pk].slug for pk in self.active_creneau_ids))


class _PreloadedChoiceField(forms.Field):
    """A ModelChoiceField over objects read once for the whole file (no query per row).

    A value outside them is refused with the accepted values when given (`accepted`), else
    with the ModelChoiceField's own message.
    """

    default_error_messages = {"invalid_choice": forms.ModelChoiceField.default_error_messages["invalid_choice"]}

    def __init__(self, *, objects: dict[int, Any], accepted: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.objects = objects
        self.accepted = accepted

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        found = self.objects.get(value)
        if found is None:
            if self.accepted is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            raise ValidationError(
                _("This value is outside your regions. Accepted values: %(values)s.") % {"values": self.accepted}
            )
        return found


class _PreloadedMultipleChoiceField(forms.Field):
    def __init__(self, *, objects: dict[int, Any], accepted: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.objects = objects
        self.accepted = accepted

    def to_python(self, value: Any) -> list[Any]:
        chosen = []
        for pk in value or []:
            if pk not in self.objects:
                raise ValidationError(_("Unknown niche. Accepted values: %(values)s.") % {"values": self.accepted})
            chosen.append(self.objects[pk])
        return chosen


class _PostCleanWithoutQueries:
    """ModelForm._post_clean, less the queries: the import's forms check the region with a
    field over the preloaded regions, unique values against records read once for the whole
    file, and leave the database's constraints to the database."""

    def _post_clean(self) -> None:
        form: Any = self
        exclude = form._get_validation_exclusions() | {"region"}
        try:
            form.instance = construct_instance(form, form.instance, form._meta.fields, form._meta.exclude)
        except ValidationError as exc:
            form._update_errors(exc)
        try:
            form.instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            form._update_errors(exc)


class _ImportedOrganisationForm(_PostCleanWithoutQueries, OrganisationForm):
    """The back office's form, its region and créneaux read from the import's lookups.

    Validation is the form's except for the checks that would query the database for every
    row: the region and créneau choices come from the lookups, the NEQ's uniqueness from the
    NEQs read once (`_Lookups`), and the model's constraints, which its `clean` and the
    field choices already express, are enforced by the database when saved. Made once per
    file by `_imported_form_class`, so each row's form copies plain fields only.
    """

    lookups: _Lookups

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # OrganisationForm gives the region field its queryset: the preloaded field ignores it.
        self.fields["region"].required = not self.lookups.program_wide

    def clean_creneaux(self) -> list[Creneau]:
        # Keeping a membership of an ended créneau is not joining it: allowed, as on the form.
        kept = {c.pk for c in self.initial.get("creneaux", [])}
        chosen = self.cleaned_data.get("creneaux") or []
        for creneau in chosen:
            if creneau.pk not in self.lookups.active_creneau_ids and creneau.pk not in kept:
                raise ValidationError(
                    _("This niche has ended and takes no new members. Accepted values: %(values)s.")
                    % {"values": self.lookups.creneau_codes()}
                )
        return list(chosen)


def _imported_form_class(lookups: _Lookups) -> type[_ImportedOrganisationForm]:
    """The import's form for one file: its region and créneau fields hold the lookups' objects."""
    base = OrganisationForm.base_fields
    region = _PreloadedChoiceField(
        objects={pk: lookups.region_objects[pk] for pk in lookups.manageable_region_ids},
        accepted=lookups.region_list(lookups.manageable_region_ids),
        label=base["region"].label,
    )
    creneaux = _PreloadedMultipleChoiceField(
        objects=lookups.creneau_objects, accepted=lookups.creneau_codes(), required=False, label=base["creneaux"].label
    )
    attrs = {"region": region, "creneaux": creneaux, "lookups": lookups, "__module__": __name__}
    return type("ImportedOrganisationForm", (_ImportedOrganisationForm,), attrs)


# --- Organisations -------------------------------------------------------------------------

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "region",
    "city",
    "website",
    "description",
    "street_address",
    "postal_code",
    "email",
    "phone",
    "neq",
    "size_band",
    "is_leader",
    "is_large_enterprise",
    "transformation_level",
)


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
        ("kind", lambda v: lk.choice(lk.kinds, OrganisationKind, v, _("kind"))),
        ("size_band", lambda v: lk.choice(lk.sizes, SizeBand, v, _("size"))),
        ("transformation_level", lambda v: lk.choice(lk.levels, TransformationLevel, v, _("transformation level"))),
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
    creneau_ids, unknown = lk.creneau_ids(get("creneaux"))
    for value in unknown:
        errors.append(
            _("Unknown niche “%(value)s”. Accepted values (name or code): %(values)s.")
            % {"value": value, "values": lk.creneau_codes()}
        )
    data["creneaux"] = creneau_ids
    return data, errors


class _Existing:
    """The organisations a file's rows may match, read in a few queries for the whole file."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        neqs = {d["neq"] for d in rows if d.get("neq")}
        by_name_regions = {d["region"] for d in rows if not d.get("neq") and d.get("region") and d.get("name")}
        records = Organisation.objects.select_related("region").prefetch_related("creneaux")
        self.by_neq: dict[str, Organisation] = {}
        for chunk in _chunks(sorted(neqs), 500):
            self.by_neq.update((o.neq, o) for o in records.filter(neq__in=chunk) if o.neq)
        self.by_name: dict[tuple[str, int], Organisation] = {}
        if by_name_regions:
            names = {normalize(d["name"]) for d in rows if not d.get("neq") and d.get("region")}
            candidates = Organisation.objects.filter(region_id__in=by_name_regions).values_list(
                "pk", "name", "region_id"
            )
            pks = [pk for pk, name, _region in candidates if normalize(name) in names]
            for o in records.filter(pk__in=pks):
                self.by_name.setdefault((normalize(o.name), o.region_id), o)  # type: ignore[arg-type]

    def find(self, data: dict[str, Any]) -> Organisation | None:
        if data.get("neq"):
            return self.by_neq.get(data["neq"])
        if data.get("name") and data.get("region"):
            return self.by_name.get((normalize(data["name"]), data["region"]))
        return None


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Planned:
    """A valid row: what to write for it."""

    result: RowResult
    values: dict[str, Any]
    creneaux: list[Creneau]
    existing: Organisation | None


def _snapshot(organisation: Organisation) -> dict[str, Any]:
    values = {name: getattr(organisation, name) for name in ORGANISATION_FIELDS if name != "region"}
    values["region"] = organisation.region_id
    values["creneaux"] = {c.pk for c in organisation.creneaux.all()}
    return values


def _keep_absent_columns(data: dict[str, Any], before: dict[str, Any], cols: dict[str, str]) -> None:
    """A column the file does not have leaves the record's value as it is (an export has fewer columns)."""
    for name in (*ORGANISATION_FIELDS, "creneaux"):
        if name in cols:
            continue
        value = before[name]
        if name == "creneaux":
            data[name] = sorted(value)
        elif isinstance(value, bool):
            data.pop(name, None)
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value


def _changes(before: dict[str, Any], values: dict[str, Any], creneaux: list[Creneau]) -> bool:
    for name, value in values.items():
        old = before.get(name)
        new = value.pk if name == "region" and value is not None else value
        if (old or None) != (new or None):
            return True
    return before["creneaux"] != {c.pk for c in creneaux}


def _plan_organisations(
    rows: list[dict[str, str]], cols: dict[str, str], *, actor: Any, progress: Callable[[int], None]
) -> tuple[list[RowResult], list[_Planned]]:
    """Check every row without writing anything: no query per row (see _Lookups and _Existing)."""
    lk = _Lookups(actor)
    form_class = _imported_form_class(lk)
    parsed = [_organisation_form_data(row, cols, lk) for row in rows]
    existing_records = _Existing([data for data, _errors in parsed])
    taken_neqs = _NeqOwners({data["neq"] for data, _errors in parsed if data.get("neq")})
    results: list[RowResult] = []
    planned: list[_Planned] = []
    seen_keys: dict[str, int] = {}
    for index, (data, errors) in enumerate(parsed, start=2):
        result = RowResult(number=index, label=data.get("name") or _("(no name)"))
        results.append(result)
        key = data["neq"] or f"{normalize(data.get('name', ''))}|{data.get('region')}"
        if key in seen_keys:
            errors.append(_("Same organisation as row %(row)s.") % {"row": seen_keys[key]})
        seen_keys[key] = index
        existing = existing_records.find(data)
        before = _snapshot(existing) if existing is not None else None
        if before is not None:
            _keep_absent_columns(data, before, cols)
        if existing is not None:
            result.action = "update"
            if not policies.can_edit_organisation(actor, existing):
                errors.append(_("“%(name)s” exists outside your region; you may not change it.") % {"name": existing})
        elif data.get("neq") and taken_neqs.get(data["neq"]) is not None:
            errors.append(_("Another organisation already has this NEQ."))
        form = form_class(data=data, instance=existing, user=actor)
        if not form.is_valid():
            errors.extend(_form_errors(form))
        if errors:
            result.action, result.errors = "error", errors
        else:
            values = model_data(form)
            creneaux = list(form.cleaned_data["creneaux"])
            if before is not None and not _changes(before, values, creneaux):
                result.action = "unchanged"
            else:
                planned.append(_Planned(result, values, creneaux, existing))
        if (index - 1) % PROGRESS_EVERY == 0:
            progress(index - 1)
    return results, planned


class _NeqOwners(dict[str, int]):
    """Which existing organisation holds each of the file's NEQs (one query per 500 NEQs)."""

    def __init__(self, neqs: set[str]) -> None:
        super().__init__()
        for chunk in _chunks(sorted(neqs), 500):
            self.update(Organisation.objects.filter(neq__in=chunk).values_list("neq", "pk"))


def _write_organisations(
    planned: list[_Planned], *, actor: Any, reason: str, batch: ImportBatch, progress: Callable[[int], None]
) -> None:
    """Save the planned rows, WRITE_CHUNK rows per transaction, counting progress after each."""
    done = 0
    for chunk in _chunks(planned, WRITE_CHUNK):
        with transaction.atomic():
            creates = [(p.values, p.creneaux) for p in chunk if p.existing is None]
            if creates:
                services.import_organisations(creates, actor=actor, reason=reason, import_batch=batch)
            for p in chunk:
                if p.existing is not None:
                    services.update_organisation(
                        p.existing, actor=actor, data=p.values, creneaux=p.creneaux, reason=reason
                    )
        # Counted once the chunk is committed: the progress shows rows saved for good.
        done += len(chunk)
        progress(done)


# --- People --------------------------------------------------------------------------------


class _ImportedPersonForm(_PostCleanWithoutQueries, PersonForm):
    """The back office's person form, its region read from the import's lookups.

    Validation is the form's except for the checks that would query the database for every
    row: the region's choices come from the lookups, with the form's own refusal; the email's
    uniqueness from the people read once (`_People`). A row whose email is a person's updates
    that person and a second row with the same email is refused, so the form's uniqueness
    query could never fail here; the database's unique constraint refuses an email someone
    saves meanwhile. Made once per file by `_imported_person_form_class`.
    """


def _imported_person_form_class(lookups: _Lookups) -> type[_ImportedPersonForm]:
    """The import's person form for one file: its region field holds the lookups' regions."""
    region = _PreloadedChoiceField(
        objects={pk: lookups.region_objects[pk] for pk in lookups.manageable_region_ids},
        label=PersonForm.base_fields["region"].label,
    )
    return type("ImportedPersonForm", (_ImportedPersonForm,), {"region": region, "__module__": __name__})


class _People:
    """The people a file's rows may match (by email) and whether the user may change each,
    read in a few queries for the whole file."""

    def __init__(self, emails: set[str], actor: Any) -> None:
        self.by_email: dict[str, Person] = {}
        for chunk in _chunks(sorted(e for e in emails if e), 500):
            self.by_email.update((p.email, p) for p in Person.objects.filter(email__in=chunk) if p.email)
        self.editable = policies.editable_people(actor, self.by_email.values())


class _NamedOrganisations:
    """The organisations a file's rows name, read in a few queries for the whole file.

    A value names an organisation as the back office's lookup did row by row: its NEQ first,
    then its exact name (accents, case and punctuation aside), when only one organisation
    bears it.
    """

    def __init__(self, values: set[str]) -> None:
        neqs = {neq for neq in (self._neq(v) for v in values) if neq}
        self.by_neq: dict[str, Organisation] = {}
        for chunk in _chunks(sorted(neqs), 500):
            self.by_neq.update((o.neq, o) for o in Organisation.objects.filter(neq__in=chunk) if o.neq)
        names = {normalize(v) for v in values if self._neq(v) not in self.by_neq} - {""}
        self.by_name: dict[str, list[Organisation]] = {}
        if not names:
            return
        # Names are compared normalised, which no index serves: the registry's names are read
        # once (a column of a few megabytes at the largest scale), then only the matches whole.
        pks = [
            pk
            for pk, name in Organisation.objects.values_list("pk", "name").iterator(chunk_size=5000)
            if normalize(name) in names
        ]
        for chunk in _chunks(pks, 500):
            for organisation in Organisation.objects.filter(pk__in=chunk).order_by("pk"):
                self.by_name.setdefault(normalize(organisation.name), []).append(organisation)

    @staticmethod
    def _neq(value: str) -> str | None:
        neq = normalize_neq(value)
        return neq if neq and neq.isdigit() else None

    def find(self, value: str) -> Organisation | None:
        neq = self._neq(value)
        if neq in self.by_neq:
            return self.by_neq[neq]
        matches = self.by_name.get(normalize(value), [])
        return matches[0] if len(matches) == 1 else None


@dataclass
class _PlannedPerson:
    """A valid row of people: what to write for it."""

    result: RowResult
    values: dict[str, Any]
    existing: Person | None
    organisation: Organisation | None
    job_title: str


def _plan_people(
    rows: list[dict[str, str]], cols: dict[str, str], *, actor: Any, progress: Callable[[int], None]
) -> tuple[list[RowResult], list[_PlannedPerson]]:
    """Check every row of people without writing anything: no query per row (see _People and
    _NamedOrganisations); the refusals are those of the back office's form and lookup."""
    lk = _Lookups(actor)
    form_class = _imported_person_form_class(lk)

    def cell(row: dict[str, str], name: str) -> str:
        return row.get(cols[name], "") if name in cols else ""

    people = _People({cell(row, "email").lower() for row in rows}, actor)
    organisations = _NamedOrganisations({value for row in rows if (value := cell(row, "organisation"))})
    results: list[RowResult] = []
    planned: list[_PlannedPerson] = []
    seen_emails: dict[str, int] = {}
    for index, row in enumerate(rows, start=2):
        errors: list[str] = []
        data: dict[str, Any] = {name: cell(row, name) for name in ("first_name", "last_name", "email", "phone")}
        data["email"] = data["email"].lower()
        try:
            data["preferred_language"] = (
                lk.choice(lk.languages, Language, cell(row, "preferred_language"), _("language")) or "fr"
            )
        except ValueError as exc:
            errors.append(str(exc))
        try:
            region = lk.region(cell(row, "region"))
            if region is not None:
                data["region"] = region
        except ValueError as exc:
            errors.append(str(exc))
        result = RowResult(number=index, label=f"{data['first_name']} {data['last_name']}".strip() or _("(no name)"))
        results.append(result)
        organisation = None
        if value := cell(row, "organisation"):
            organisation = organisations.find(value)
            if organisation is None:
                errors.append(_("Unknown organisation “%(value)s” (give its NEQ or exact name).") % {"value": value})
            elif not policies.can_edit_organisation(actor, organisation):
                errors.append(_("“%(name)s” is outside your region.") % {"name": organisation})
        if data["email"]:
            if data["email"] in seen_emails:
                errors.append(_("Same email as row %(row)s.") % {"row": seen_emails[data["email"]]})
            seen_emails[data["email"]] = index
        existing = people.by_email.get(data["email"]) if data["email"] else None
        if existing is not None:
            result.action = "update"
            if existing.pk not in people.editable:
                errors.append(_("“%(name)s” exists outside your region; you may not change it.") % {"name": existing})
        form = form_class(data=data, instance=existing, user=actor)
        if not form.is_valid():
            errors.extend(_form_errors(form))
        if errors:
            result.action, result.errors = "error", errors
        else:
            planned.append(_PlannedPerson(result, model_data(form), existing, organisation, cell(row, "job_title")))
        if (index - 1) % PROGRESS_EVERY == 0:
            progress(index - 1)
    return results, planned


def _write_people(planned: list[_PlannedPerson], *, actor: Any, reason: str, progress: Callable[[int], None]) -> None:
    """Save the planned rows, WRITE_CHUNK rows per transaction, counting progress after each.

    Each row goes through the services (history with who and why), each call in its own
    savepoint: a row the services refuse (powers changed, an email taken meanwhile) is an
    error on its row and the chunk's other rows are saved, as when each row was its own
    transaction.
    """
    done = 0
    for chunk in _chunks(planned, WRITE_CHUNK):
        with transaction.atomic():
            for p in chunk:
                try:
                    _write_person(p, actor=actor, reason=reason)
                except (ValidationError, PermissionDenied) as exc:
                    p.result.action, p.result.errors = "error", _exception_messages(exc)
        # Counted once the chunk is committed: the progress shows rows saved for good.
        done += len(chunk)
        progress(done)


def _write_person(p: _PlannedPerson, *, actor: Any, reason: str) -> None:
    if p.existing is None:
        try:
            person = services.create_person(actor=actor, data=p.values, reason=reason, checked=True)
        except IntegrityError as exc:
            # The check found no one with this email: someone saved one meanwhile.
            raise _refused_by_database(Person(**p.values), exc) from exc
    else:
        services.update_person(p.existing, actor=actor, data=p.values, reason=reason)
        person = p.existing
    if p.organisation is not None:
        services.add_affiliation(
            person, p.organisation, actor=actor, job_title=p.job_title, reason=reason, new_person=p.existing is None
        )


def _refused_by_database(instance: Any, exc: IntegrityError) -> ValidationError:
    """The model's own message for a row its database constraints refused (asked only then)."""
    try:
        instance.validate_constraints()
    except ValidationError as error:
        return error
    return ValidationError(str(exc))


# --- Template ------------------------------------------------------------------------------


def template_rows(kind: str) -> list[list[str]]:
    """The header (in the reader's language, every name one the import accepts) and one example row."""
    region = Region.objects.order_by("code").first()
    region_label = str(region) if region else "05 – Estrie"
    if kind == ImportKind.PEOPLE:
        header = [_("First name"), _("Last name"), _("Email"), _("Phone"), _("Language"), _("Region")]
        header += [_("Organisation"), _("Job title")]
        example = ["Marie", "Tremblay", "marie.tremblay@example.org", "819 555-0100", "Français", region_label]
        example += ["1143281018", _("President")]
        return [[str(h) for h in header], example]
    creneau = Creneau.objects.active().order_by("slug").values_list("slug", flat=True).first() or ""
    header = [_("Name"), _("Kind"), _("Region"), _("City"), _("Website"), _("Description"), _("Address")]
    header += [_("Postal code"), _("Email"), _("Phone"), _("NEQ"), _("Size"), _("Leader"), _("Large enterprise")]
    header += [_("Transformation level"), _("Niches")]
    example = [_("Example Furniture Inc."), str(OrganisationKind.ENTERPRISE.label), region_label, "Sherbrooke"]
    example += ["https://example.org", "", "123, rue King Ouest", "J1H 1P9", "info@example.org", "819 555-0100"]
    example += ["1143281018", str(SizeBand.SMALL.label), str(_("Yes")), str(_("No"))]
    example += [str(TransformationLevel.SECOND.label), creneau]
    return [[str(h) for h in header], example]


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
#
# Checking and saving run as Celery tasks (accord.registry.tasks), queued once the upload or
# the confirmation is committed; inline in the embedded default. The page polls the batch's
# status and progress.


def _columns(batch: ImportBatch, rows: list[dict[str, str]]) -> dict[str, str]:
    columns = ORGANISATION_COLUMNS if batch.kind == ImportKind.ORGANISATIONS else PERSON_COLUMNS
    cols = _column_map(rows[0].keys() if rows else [], columns)
    missing = [name for name in REQUIRED_COLUMNS[ImportKind(batch.kind)] if name not in cols]
    if missing:
        names = ", ".join(" / ".join(columns[m][:2]) for m in missing)
        raise ImportFileError(_("Required columns are missing: %(names)s.") % {"names": names})
    return cols


def _reason(batch: ImportBatch) -> str:
    return _("Import of %(file)s (no. %(id)s)") % {"file": batch.file_name, "id": batch.pk}


def _progress_of(batch: ImportBatch) -> Callable[[int], None]:
    """Record how many rows the running step has done (visible at once: no transaction spans it)."""

    def record(done: int) -> None:
        ImportBatch.objects.filter(pk=batch.pk).update(progress=done)

    return record


def start_import(*, actor: Any, kind: str, file_name: str, content: bytes) -> ImportBatch:
    """Keep the uploaded file and queue the check of every row; nothing else is saved."""
    if not policies.can_import(actor):
        raise PermissionDenied(_("You may not import records."))
    if kind not in ImportKind.values:
        raise ValidationError(_("Choose what the file contains."))
    batch = ImportBatch(kind=kind, file_name=file_name[:255], content=content, uploaded_by=actor)
    # Reading the table takes milliseconds, checking its rows seconds: a file that is not a
    # table, or lacks a required column, is refused here and leaves no trace.
    rows = read_table(content, file_name)
    _columns(batch, rows)
    batch.row_count = len(rows)
    batch.status = ImportStatus.CHECKING
    batch.save(force_insert=True)
    from . import tasks  # noqa: PLC0415  tasks call this module back

    transaction.on_commit(lambda: tasks.check_import.delay(batch.pk))
    return batch


def check_batch(batch: ImportBatch) -> None:
    """The check step: every row read and checked, nothing saved, the outcome kept on the batch."""
    actor = batch.uploaded_by
    progress = _progress_of(batch)
    with translation.override(getattr(actor, "preferred_language", None) or settings.LANGUAGE_CODE):
        try:
            rows = read_table(bytes(batch.content), batch.file_name)
            cols = _columns(batch, rows)
            batch.row_count = len(rows)
            batch.save(update_fields=["row_count"])
            if batch.kind == ImportKind.ORGANISATIONS:
                results, _planned = _plan_organisations(rows, cols, actor=actor, progress=progress)
            else:
                results, _planned_people = _plan_people(rows, cols, actor=actor, progress=progress)
        except ImportFileError as exc:
            batch.message = str(exc)
            _finish(batch, [], ImportStatus.REJECTED)
            return
    batch.status = ImportStatus.PREVIEWED
    _record(batch, results)


def confirm_import(batch: ImportBatch, *, actor: Any) -> ImportBatch:
    """Queue the saving of a checked file; only its uploader may, once, and only without errors."""
    if batch.uploaded_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the person who uploaded the file may confirm it."))
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != ImportStatus.PREVIEWED:
            raise ValidationError(_("This import is already finished."))
        if locked.error_count:
            raise ValidationError(_("Correct the rows with errors and upload the file again."))
        locked.status = ImportStatus.APPLYING
        locked.progress = 0
        locked.save(update_fields=["status", "progress"])
        from . import tasks  # noqa: PLC0415  tasks call this module back

        transaction.on_commit(lambda: tasks.apply_import.delay(locked.pk))
    return locked


def apply_batch(batch: ImportBatch) -> None:
    """The saving step: every row checked again, then saved if all are still valid.

    Between the check and now someone may have changed the registry: a row no longer valid
    means nothing is saved (REJECTED, with the rows' problems). Rows are then saved in
    transactions of WRITE_CHUNK rows, each counting its progress; a write refused half-way
    (a NEQ taken meanwhile) stops the import (FAILED) with the rows saved before it, which
    stay unpublished (decision 26).
    """
    actor = batch.uploaded_by
    progress = _progress_of(batch)
    reason = _reason(batch)
    with translation.override(getattr(actor, "preferred_language", None) or settings.LANGUAGE_CODE):
        try:
            rows = read_table(bytes(batch.content), batch.file_name)
            cols = _columns(batch, rows)
        except ImportFileError as exc:
            batch.message = str(exc)
            _finish(batch, [], ImportStatus.REJECTED)
            return
        if batch.kind == ImportKind.ORGANISATIONS:
            results, planned = _plan_organisations(rows, cols, actor=actor, progress=lambda _done: None)
            if any(not r.ok for r in results):
                _finish(batch, results, ImportStatus.REJECTED)
                return
            try:
                _write_organisations(planned, actor=actor, reason=reason, batch=batch, progress=progress)
            except (ValidationError, PermissionDenied, IntegrityError) as exc:
                batch.message = " ".join(_exception_messages(exc))
                _finish(batch, results, ImportStatus.FAILED)
                return
        else:
            results, planned_people = _plan_people(rows, cols, actor=actor, progress=lambda _done: None)
            if any(not r.ok for r in results):
                _finish(batch, results, ImportStatus.REJECTED)
                return
            try:
                _write_people(planned_people, actor=actor, reason=reason, progress=progress)
            except IntegrityError as exc:  # a reference the database refused when a chunk committed
                batch.message = " ".join(_exception_messages(exc))
                _finish(batch, results, ImportStatus.FAILED)
                return
            if any(not r.ok for r in results):
                _finish(batch, results, ImportStatus.FAILED)
                return
    batch.progress = len(results)
    _finish(batch, results, ImportStatus.APPLIED)


def publish_batch(batch: ImportBatch, *, actor: Any) -> int:
    """Publish the organisations an import created and that still wait; returns how many.

    The uploader reviews their import (they alone see it); the service checks their powers
    over each organisation again.
    """
    if batch.uploaded_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Only the person who uploaded the file may publish its organisations."))
    waiting = list(batch.organisations.filter(is_published=False).only("pk"))  # type: ignore[attr-defined]
    reason = _("Published after the import of %(file)s (no. %(id)s)") % {"file": batch.file_name, "id": batch.pk}
    return services.publish_organisations(waiting, actor=actor, reason=reason)


def _record(batch: ImportBatch, results: list[RowResult]) -> None:
    batch.row_count = len(results)
    batch.error_count = sum(1 for r in results if not r.ok)
    batch.created_count = sum(1 for r in results if r.action == "create")
    batch.updated_count = sum(1 for r in results if r.action == "update")
    batch.unchanged_count = sum(1 for r in results if r.action == "unchanged")
    batch.results = [{"number": r.number, "label": r.label, "action": r.action, "errors": r.errors} for r in results]
    batch.save(
        update_fields=[
            "status",
            "row_count",
            "error_count",
            "created_count",
            "updated_count",
            "unchanged_count",
            "results",
            "message",
            "progress",
            "finished_at",
        ]
    )


def _finish(batch: ImportBatch, results: list[RowResult], status: str) -> None:
    batch.status = status
    batch.finished_at = timezone.now()
    if results:
        _record(batch, results)
    else:
        batch.save(update_fields=["status", "finished_at", "message"])
