"""Imports of organisations or people from a file: upload, preview, confirmation (imports.py does the work)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.accounts.views import backoffice_required

from .. import imports, policies, selectors
from ..forms import ImportUploadForm
from ..models import ImportBatch, ImportStatus


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
            batch, _results = imports.start_import(
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


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    return get_object_or_404(policies.visible_import_batches(request.user), pk=pk)


@require_GET
@backoffice_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    results = None
    if batch.status == ImportStatus.PREVIEWED:
        try:
            results = imports.preview_import(batch, actor=request.user)
        except imports.ImportFileError as exc:
            messages.error(request, str(exc))
    return render(request, "registry/bo/import_detail.html", {"batch": batch, "results": results})


@require_POST
@backoffice_required
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        saved, results = imports.confirm_import(batch, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("registry_bo:import_detail", pk=batch.pk)
    except imports.ImportFileError as exc:
        # A stored file that no longer reads (its columns changed since the preview): say so.
        messages.error(request, str(exc))
        return redirect("registry_bo:import_detail", pk=batch.pk)
    batch.refresh_from_db()
    if saved:
        messages.success(
            request,
            _("Import finished. Created: %(created)s; updated: %(updated)s.")
            % {"created": batch.created_count, "updated": batch.updated_count},
        )
        return redirect("registry_bo:import_detail", pk=batch.pk)
    messages.error(request, _("Nothing was saved: some rows are not valid any more."))
    return render(request, "registry/bo/import_detail.html", {"batch": batch, "results": results}, status=400)
