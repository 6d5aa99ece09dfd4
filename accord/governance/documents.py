"""The printable documents of a meeting: notice, agenda and minutes, as PDF (WeasyPrint)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from .models import Meeting


def file_name(kind: str, meeting: Meeting, suffix: str = "", *, extension: str = "pdf") -> str:
    """An ASCII name people recognise in their downloads: avis-cc-meuble-05-2026-03-14.pdf."""
    day = f"{timezone.localtime(meeting.starts_at):%Y-%m-%d}"
    return f"{slugify(f'{kind} {meeting.committee.code} {day} {suffix}')}.{extension}"


def pdf_response(request: HttpRequest, template_name: str, context: dict[str, Any], *, filename: str) -> HttpResponse:
    """Render a template to PDF, shown in the browser rather than downloaded."""
    from weasyprint import HTML  # noqa: PLC0415  heavy import, only when a PDF is asked for

    html = render_to_string(template_name, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
