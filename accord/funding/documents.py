"""The project sheet as PDF (WeasyPrint): the file the ministry reviews."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import pgettext

from accord.governance.documents import pdf_response

from . import selectors
from .models import Project


def file_name(project: Project) -> str:
    """An ASCII name people recognise in their downloads: fiche-fsdce-05-2025-0001.pdf."""
    kind = pgettext("file name", "project sheet")
    return f"{slugify(f'{kind} {project.number}')}.pdf"


def project_pdf(request: HttpRequest, project: Project, *, reader: str | None) -> HttpResponse:
    """The project's sheet in the active language, shown in the browser (a project read through
    selectors.with_file), with what a reader of that audience reads (policies.reader_audience)."""
    return pdf_response(
        request,
        "funding/pdf/project.html",
        selectors.project_sheet(project, reader=reader),
        filename=file_name(project),
    )
