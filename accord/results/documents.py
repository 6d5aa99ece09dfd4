"""Generated files of the results: a bilan as PDF (WeasyPrint), in the reader's language, from the same
report the page shows; marked as a draft until the committee adopts it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.text import slugify

from accord.governance.documents import render_pdf

from .models import Bilan
from .report import Report

BILAN_TEMPLATE = "results/pdf/bilan.html"


def bilan_file_name(result: Report) -> str:
    """bilan-meuble-2025.pdf"""
    return f"{slugify(f'bilan {result.slug} {result.year}')}.pdf"


def bilan_pdf(result: Report, bilan: Bilan | None, *, request: HttpRequest | None = None) -> bytes:
    """The bilan as PDF bytes: the generated figures and the narrative."""
    context: dict[str, Any] = {"report": result, "bilan": bilan, "adopted": result.frozen}
    return render_pdf(BILAN_TEMPLATE, context, request=request)
