"""The fund's PDFs (WeasyPrint): the project sheet the ministry reviews, and the agreement."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify
from django.utils.translation import pgettext

from accord.governance.documents import pdf_response

from . import selectors
from .models import Agreement, Project


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


def agreement_file_name(project: Project) -> str:
    """convention-fsdce-05-2025-0001.pdf (agreement-… in English)."""
    kind = pgettext("file name", "agreement")
    return f"{slugify(f'{kind} {project.number}')}.pdf"


AGREEMENT_TEMPLATE = "funding/pdf/agreement.html"


def agreement_context(agreement: Agreement) -> dict[str, Any]:
    """What the agreement's PDF shows (an agreement read by selectors.agreement_terms)."""
    project = agreement.project
    return {
        "project": project,
        "agreement": agreement,
        "signed": project.agreement_signed_on is not None,
        "instalments": list(agreement.instalments.all()),  # type: ignore[attr-defined]
        "reporting_dates": list(agreement.reporting_dates.all()),  # type: ignore[attr-defined]
    }


def agreement_pdf(request: HttpRequest, agreement: Agreement) -> HttpResponse:
    """The agreement generated from its terms, in the active language: a draft until it is
    signed, the signed agreement's text after (the terms are then frozen)."""
    return pdf_response(
        request, AGREEMENT_TEMPLATE, agreement_context(agreement), filename=agreement_file_name(agreement.project)
    )
