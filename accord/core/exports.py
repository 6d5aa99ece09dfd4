"""CSV and Excel export of any django-tables2 table, with the rows the user filtered."""

from __future__ import annotations

import unicodedata
from typing import Any

import tablib
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

EXPORT_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
EXPORT_PARAM = "_export"

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(value: Any) -> Any:
    """The cell with a leading apostrophe when a spreadsheet could read it as a formula.

    Spreadsheets fold look-alikes into the ASCII sign (the full-width `＝`, the small `﹦`) and
    some trim leading spaces before parsing, so the test is made on the NFKC form of the text,
    past its leading white space, as well as on the text itself.
    """
    if not isinstance(value, str):
        return value
    folded = unicodedata.normalize("NFKC", value).lstrip()
    if value.startswith(_FORMULA_PREFIXES) or folded.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def table_dataset(table: Any, *, exclude: tuple[str, ...] = ("actions",)) -> tablib.Dataset:
    """Every row of the table (not only the current page), formulas neutralised."""
    rows = iter(table.as_values(exclude_columns=exclude))
    headers = [str(h) for h in next(rows)]
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([_neutralise(v) for v in row])
    return dataset


def wants_export(request: HttpRequest) -> bool:
    """Whether the request asks for a file rather than a page."""
    return request.GET.get(EXPORT_PARAM) in EXPORT_FORMATS


def export_response(request: HttpRequest, table: Any, basename: str) -> HttpResponse | None:
    """The export the request asks for with ?_export=csv|xlsx, or None for a normal page."""
    if not wants_export(request):
        return None
    return export_file(request, table, basename)


def export_file(request: HttpRequest, table: Any, basename: str) -> HttpResponse:
    """Every row of the table as the file asked for with ?_export=csv|xlsx (check wants_export first).

    The table may hold a queryset or a plain list (of dicts or objects): a page written by
    its own template exports through a table built for the file alone.
    """
    fmt = request.GET[EXPORT_PARAM]
    dataset = table_dataset(table)
    content = dataset.export(fmt)
    if fmt == "csv":
        # A byte-order mark lets Excel open UTF-8 CSV with accents intact.
        content = "\ufeff" + content
    response = HttpResponse(content, content_type=EXPORT_FORMATS[fmt])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.{fmt}"'
    return response
