"""The printable documents of a committee: notice, agenda, minutes and bylaws, as PDF (WeasyPrint)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

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


#: How much of a document the pack reads at a time while streaming it.
PACK_CHUNK = 64 * 1024


class _Sink(io.RawIOBase):
    """Where the zip writer puts its bytes until the response takes them (not seekable: data descriptors)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def zip_stream(entries: Iterable[tuple[str, Callable[[], IO[bytes]]]]) -> Iterator[bytes]:
    """A zip archive of `entries` (name, a function opening the file), yielded as it is written.

    Each file is opened only when its turn comes and copied in chunks: the whole pack is never
    held in memory, and the first bytes leave before the last document is read.
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, opener in entries:
            with opener() as source, archive.open(name, "w") as target:
                while chunk := source.read(PACK_CHUNK):
                    target.write(chunk)
                    if data := sink.take():
                        yield data
            if data := sink.take():
                yield data
    yield sink.take()
