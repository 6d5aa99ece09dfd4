"""The program's project history (decision 55): upload a file, see what each row would do, confirm.

The ministry's pages (policies.can_import_projects; 403 for the rest of the program's readers).
Uploading checks every row and writes nothing but the import's record, which keeps the file
until it is confirmed: the confirmation checks the same bytes again and writes them all or
nothing (funding.imports). Large files go through `manage.py import_projects`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import imports, policies
from ..forms import HistoryImportForm
from ..models import ProjectImport, ProjectImportStatus
from . import GET_OR_POST, program_required

#: Rows of the preview per page.
PAGE_SIZE = 100
#: The latest imports listed on the upload page.
LATEST = 20


def _require_importer(request: HttpRequest) -> None:
    if not policies.can_import_projects(request.user):
        raise PermissionDenied(_("Only the ministry imports the program's history."))


@GET_OR_POST
@program_required
def history_import(request: HttpRequest) -> HttpResponse:
    """The upload form, and the latest imports (who, when, which file, what they did)."""
    _require_importer(request)
    form = HistoryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            record = imports.preview_import(actor=request.user, file_name=uploaded.name, content=uploaded.read())
        except imports.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("funding:history_import_detail", pk=record.pk)
    context = {
        "form": form,
        "imports": policies.visible_project_imports(request.user).select_related("uploaded_by")[:LATEST],
        "columns": imports.COLUMNS,
        "required": imports.REQUIRED,
        "preview_rows": imports.PREVIEW_ROWS,
    }
    return render(request, "funding/imports/history_import.html", context, status=400 if form.is_bound else 200)


def _record(request: HttpRequest, pk: int) -> ProjectImport:
    record = get_object_or_404(policies.visible_project_imports(request.user).select_related("uploaded_by"), pk=pk)
    return record  # type: ignore[no-any-return]


@require_GET
@program_required
def history_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An import: its counts, and each row's outcome (new, update, refused and why), refusals first."""
    record = _record(request, pk)  # the ministry's imports: a 404 for anyone else
    rows = sorted(record.results, key=lambda row: not row["errors"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"record": record, "page": page, "preview_rows": imports.PREVIEW_ROWS}
    return render(request, "funding/imports/history_import_detail.html", context)


@require_POST
@program_required
def history_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Write the checked file, all or nothing."""
    record = _record(request, pk)
    try:
        record = imports.confirm_import(record, actor=request.user)
    except (ValidationError, imports.ImportFileError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("funding:history_import_detail", pk=record.pk)
    if record.status == ProjectImportStatus.APPLIED:
        messages.success(
            request,
            _("Import finished: %(created)s new projects, %(updated)s updated.")
            % {"created": record.created_count, "updated": record.updated_count},
        )
    else:
        messages.error(request, record.message or _("Nothing was saved: some rows are not valid any more."))
    return redirect("funding:history_import_detail", pk=record.pk)
