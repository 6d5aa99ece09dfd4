"""Imports of organisations or people from a file: upload, progress, preview, confirmation, publication.

imports.py does the work, in background tasks; these views start the steps and show the
batch: its progress while a step runs (polled with htmx, or reloaded without JavaScript),
then its rows, page by page, errors first.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.views import backoffice_required
from accord.core.htmx import render_page

from .. import imports, policies, selectors
from ..forms import ImportUploadForm
from ..models import ImportBatch, ImportKind, ImportStatus

PREVIEW_PAGE_SIZE = 50
RUNNING = (ImportStatus.CHECKING, ImportStatus.APPLYING)


@require_GET
@backoffice_required
def import_list(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/bo/import_list.html", {"batches": selectors.latest_imports(request.user, 50)})


@require_http_methods(["GET", "POST"])
@backoffice_required
def import_new(request: HttpRequest) -> HttpResponse:
    if not policies.can_import(request.user):
        raise PermissionDenied
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            batch = imports.start_import(
                actor=request.user, kind=form.cleaned_data["kind"], file_name=uploaded.name, content=uploaded.read()
            )
        except imports.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("registry_bo:import_detail", pk=batch.pk)
    context = {
        "form": form,
        "organisation_columns": imports.ORGANISATION_COLUMNS,
        "person_columns": imports.PERSON_COLUMNS,
    }
    return render(request, "registry/bo/import_new.html", context, status=400 if form.is_bound else 200)


@require_GET
@backoffice_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """A CSV file to fill in: the columns in the reader's language and one example row."""
    if not policies.can_import(request.user):
        raise PermissionDenied
    if kind not in ImportKind.values:
        raise Http404
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in imports.template_rows(kind):
        writer.writerow(row)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="accord-{kind}.csv"'
    return response


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(policies.visible_import_batches(request.user), pk=pk)


@require_GET
@backoffice_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    running = batch.status in RUNNING
    if running and request.GET.get("poll") and getattr(request, "htmx", None):
        return render_page(
            request, "registry/bo/import_detail.html", {"batch": batch, "running": True}, partial="progress"
        )
    if not running and request.GET.get("poll") and getattr(request, "htmx", None):
        # The step is over: the whole page changes (its rows, its actions).
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    show_errors = request.GET.get("show") == "errors"
    rows = [row for row in batch.results if row["errors"]] if show_errors else _errors_first(batch.results)
    page = Paginator(rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "batch": batch,
        "running": running,
        "page": page,
        "show_errors": show_errors,
        "waiting_count": batch.organisations.filter(is_published=False).count()
        if batch.status in (ImportStatus.APPLIED, ImportStatus.FAILED)
        else 0,  # type: ignore[attr-defined]
        "refresh_seconds": 2 if running else None,
    }
    return render(request, "registry/bo/import_detail.html", context)


def _errors_first(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: not row["errors"])


@require_POST
@backoffice_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        imports.confirm_import(batch, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry_bo:import_detail", pk=batch.pk)
    batch.refresh_from_db()
    if batch.status == ImportStatus.APPLIED:
        messages.success(
            request,
            _("Import finished. Created: %(created)s; updated: %(updated)s.")
            % {"created": batch.created_count, "updated": batch.updated_count},
        )
    elif batch.status == ImportStatus.REJECTED:
        messages.error(request, _("Nothing was saved: some rows are not valid any more."))
    return redirect("registry_bo:import_detail", pk=batch.pk)


@require_POST
@backoffice_required
def import_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Put on the public site the organisations the import created."""
    batch = _batch(request, pk)
    count = imports.publish_batch(batch, actor=request.user)
    messages.success(
        request,
        ngettext("%(count)s organisation published.", "%(count)s organisations published.", count) % {"count": count},
    )
    return redirect("registry_bo:import_detail", pk=batch.pk)
