"""The printable documents of a committee: notice, agenda, minutes and bylaws, as PDF (WeasyPrint),
and a meeting's pack (its documents as one zip). The pages, the API and the emails share them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import pgettext

from accord.core.links import site_url

from . import selectors
from .models import AgendaDocument, Bylaws, Meeting, Minutes


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


MINUTES_TEMPLATE = "governance/pdf/minutes.html"


def minutes_file_name(minutes: Minutes) -> str:
    """minutes-cc-meuble-05-2026-03-14-v2.pdf, in the language of the request."""
    return file_name(pgettext("file name", "minutes"), minutes.meeting, f"v{minutes.version}")


def minutes_context(asked: Minutes) -> dict[str, Any]:
    """What the minutes' PDF shows: text, attendance, resolutions and their tallies (the page, the pack, the email)."""
    record = selectors.meeting_record(asked.meeting)
    meeting = record.meeting
    minutes = next(m for m in record.minutes if m.pk == asked.pk)
    return {
        "minutes": minutes,
        "meeting": meeting,
        "committee": meeting.committee,
        "items": record.items,
        "members": (members := record.sitting.member_rows()),
        "chair": next((r["mandate"] for r in members if r["mandate"].pk == meeting.chaired_by_id), None),
        "quorum": record.sitting.quorum(),
        "resolutions": record.resolutions,
    }


def minutes_pdf(minutes: Minutes) -> bytes:
    """The minutes as PDF bytes, links against SITE_URL (the pack and the email)."""
    return render_pdf(MINUTES_TEMPLATE, minutes_context(minutes))


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


Opener = Callable[[], IO[bytes]]


def pack_entries(meeting: Meeting) -> list[tuple[str, Opener]]:
    """The files of the meeting's pack, in order, each with a function that opens it when its turn comes.

    The agenda as PDF, each item's documents prefixed with the item's number (names kept
    unique), and the latest minutes as PDF. `meeting` comes with its agenda
    (selectors.meetings_with_agenda, without documents).
    """
    documents, minutes = selectors.meeting_pack(meeting)
    agenda_context = {"meeting": meeting, "committee": meeting.committee, "items": meeting.items.all()}  # type: ignore[attr-defined]
    entries: list[tuple[str, Opener]] = [
        (
            file_name(pgettext("file name", "agenda"), meeting),
            lambda: io.BytesIO(render_pdf("governance/pdf/agenda.html", agenda_context)),
        )
    ]
    taken = {entries[0][0]}
    for document in documents:
        name = _unique(f"{document.item.position:02d}-{_base_name(document.file.name)}", taken)
        entries.append((name, _stored(document)))
    if minutes is not None:
        entries.append((minutes_file_name(minutes), lambda: io.BytesIO(minutes_pdf(minutes))))
    return entries


def pack_response(meeting: Meeting) -> StreamingHttpResponse:
    """The meeting's pack as a zip download, streamed while it is written (the page and the API answer this)."""
    response = StreamingHttpResponse(zip_stream(pack_entries(meeting)), content_type="application/zip")
    name = file_name(pgettext("file name", "documents"), meeting, extension="zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Committee documents: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _stored(document: AgendaDocument) -> Opener:
    def opener() -> IO[bytes]:
        document.file.open("rb")
        return document.file  # type: ignore[return-value]

    return opener


def _base_name(path: str) -> str:
    return path.rsplit("/", 1)[-1] or "document"


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        stem, dot, extension = name.rpartition(".")
        candidate = f"{stem}-{n}.{extension}" if dot else f"{name}-{n}"
        n += 1
    taken.add(candidate)
    return candidate
