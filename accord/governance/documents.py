"""The printable documents of a committee: notice, agenda, minutes and bylaws, as PDF (WeasyPrint)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from accord.core.links import site_url

from .models import Bylaws, Meeting


def file_name(kind: str, meeting: Meeting, suffix: str = "", *, extension: str = "pdf") -> str:
    """An ASCII name people recognise in their downloads: avis-cc-meuble-05-2026-03-14.pdf."""
    day = f"{timezone.localtime(meeting.starts_at):%Y-%m-%d}"
    return f"{slugify(f'{kind} {meeting.committee.code} {day} {suffix}')}.{extension}"


def render_pdf(template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """A template as PDF bytes; without a request (a task), links resolve against SITE_URL."""
    from weasyprint import HTML  # noqa: PLC0415  heavy import, only when a PDF is asked for

    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else site_url("/")
    return HTML(string=html, base_url=base_url).write_pdf()  # type: ignore[no-any-return]


def pdf_response(request: HttpRequest, template_name: str, context: dict[str, Any], *, filename: str) -> HttpResponse:
    """Render a template to PDF, shown in the browser rather than downloaded."""
    response = HttpResponse(render_pdf(template_name, context, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


BYLAWS_TEMPLATE = "governance/pdf/bylaws.html"


def bylaws_file_name(kind: str, bylaws: Bylaws) -> str:
    """reglement-cc-meuble-05-v3.pdf: `kind` is the translated word for bylaws."""
    return f"{slugify(f'{kind} {bylaws.committee.code} v{bylaws.version}')}.pdf"


def bylaws_context(bylaws: Bylaws) -> dict[str, Any]:
    """What the bylaws' PDF shows: the page and the email attachment render the same document."""
    return {"bylaws": bylaws, "committee": bylaws.committee}
