"""Uploaded files: where they are stored, what they may be, and how they are served.

Files are never served from a public URL. A download view finds the document through the
owning object's policy (out of scope: 404), then answers with `download_response`, which
streams the file or, in production, hands it to the web server (`ACCORD_SENDFILE`).
Uploads are typed by their content, not by the name the user's computer gave them.
"""

from __future__ import annotations

import mimetypes
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

SENDFILE_MODES = ("", "x-accel-redirect", "x-sendfile")

# --- Storage names ------------------------------------------------------------------------------


def unguessable_path(folder: str, filename: str) -> str:
    """`folder/<random>/filename`: nobody can guess where a file is, and its name stays the user's.

    The random part is a folder rather than a prefix so that downloads keep the original name
    (`download_name`) without a second column to hold it.
    """
    return f"{folder.rstrip('/')}/{secrets.token_urlsafe(12)}/{filename}"


def download_name(field_file: FieldFile) -> str:
    """The name a download is saved under: the uploaded file's, without the storage folders."""
    return PurePosixPath(field_file.name or "").name


# --- What a file is, by its content ---------------------------------------------------------


@dataclass(frozen=True)
class FileKind:
    """One kind of document we accept: the extensions it may have and what its content must be."""

    label: Any  # a name, or a lazy translation for a generic one ("text")
    extensions: tuple[str, ...]
    # What `filetype` may recognise in the content; an empty tuple means plain text.
    detected: tuple[str, ...]


_OLE = ("doc", "xls", "ppt")  # Office 97-2003 files share one container: filetype tells them apart only loosely
_OOXML = ("docx", "xlsx", "pptx", "zip")  # a zip whose first entries filetype does not know is still Office's
_ODF = ("odt", "ods", "odp")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

PDF = FileKind("PDF", (".pdf",), ("pdf",))
OFFICE_97 = FileKind("Office 97-2003", (".doc", ".xls", ".ppt"), _OLE)
OFFICE_XML = FileKind("Office", (".docx", ".xlsx", ".pptx"), _OOXML)
OPEN_DOCUMENT = FileKind("OpenDocument", (".odt", ".ods", ".odp"), _ODF)
TEXT = FileKind(_("text"), (".txt", ".csv"), ())
XLSX = FileKind("Excel", (".xlsx",), _OOXML)
CSV = FileKind("CSV", (".csv",), ())

DOCUMENT_KINDS = (PDF, OFFICE_97, OFFICE_XML, OPEN_DOCUMENT, TEXT)
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024

# How much of the file is read to recognise it (filetype reads as much from a path).
_HEAD_BYTES = 8192
# Markup at the start of a "text" file: a page a browser would run, not a note or a table.
_MARKUP_STARTS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<svg", b"<?xml", b"<iframe")


def _head(uploaded: Any) -> bytes:
    uploaded.seek(0)
    head = bytes(uploaded.read(_HEAD_BYTES))
    uploaded.seek(0)
    return head


def detected_type(head: bytes) -> str | None:
    """The type the content shows (`pdf`, `docx`, `exe`, `ole`…), or None for what has no signature."""
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.extension)
    if head.startswith(_OLE_MAGIC):
        return "ole"
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return not start.startswith(_MARKUP_STARTS)


def content_matches(kind: FileKind, head: bytes) -> bool:
    """Whether the first bytes of a file are what a file of this kind starts with."""
    found = detected_type(head)
    if not kind.detected:
        return found is None and _looks_like_text(head)
    return found in kind.detected or (found == "ole" and kind.detected == _OLE)


def check_upload(uploaded: Any, *, kinds: Iterable[FileKind], max_bytes: int) -> Any:
    """Refuse an upload whose name, content or size is not one of `kinds`; return it unchanged.

    The name must have one of the kinds' extensions, and the content must be of that kind: a
    page or a program renamed `.pdf` is refused, whatever its name says.
    """
    kinds = tuple(kinds)
    suffix = PurePosixPath(uploaded.name or "").suffix.lower()
    kind = next((k for k in kinds if suffix in k.extensions), None)
    if kind is None:
        allowed = ", ".join(ext for k in kinds for ext in k.extensions)
        raise ValidationError(
            _("Choose a file of one of these types: %(types)s."), code="file_type", params={"types": allowed}
        )
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s MB."),
            code="file_size",
            params={"size": f"{max_bytes / 1024 / 1024:g}"},
        )
    if not content_matches(kind, _head(uploaded)):
        raise ValidationError(
            _(
                "The content of “%(name)s” is not a %(kind)s file, whatever its name says. "
                "Save it again in that format, or choose another file."
            ),
            code="file_content",
            params={"name": PurePosixPath(uploaded.name).name, "kind": kind.label},
        )
    return uploaded


def check_document(uploaded: Any) -> Any:
    """A document filed with a project or an agenda item: PDF, office formats or text, 20 MB at most."""
    return check_upload(uploaded, kinds=DOCUMENT_KINDS, max_bytes=DOCUMENT_MAX_BYTES)


# --- Downloads ------------------------------------------------------------------------------------


def download_response(field_file: FieldFile) -> HttpResponseBase:
    """The file as a download, for a view that has already checked the policy.

    With `ACCORD_SENDFILE` empty, Django streams the file. In production the web server sends
    it: nginx after `X-Accel-Redirect` to an internal location (`ACCORD_SENDFILE_PREFIX`) that
    maps to MEDIA_ROOT, Apache or lighttpd after `X-Sendfile` with its path on disk. Either way
    the browser saves it (never displays it in our origin), and no shared cache keeps it.
    """
    name, stored = download_name(field_file), str(field_file.name)
    mode = settings.ACCORD_SENDFILE
    response: HttpResponseBase
    if not mode:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError as exc:
            raise Http404(_("This document is no longer available.")) from exc
        response = FileResponse(handle, as_attachment=True, filename=name)
    else:
        if not field_file.storage.exists(stored):
            raise Http404(_("This document is no longer available."))
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = HttpResponse(content_type=content_type)
        if mode == "x-accel-redirect":
            response["X-Accel-Redirect"] = settings.ACCORD_SENDFILE_PREFIX.rstrip("/") + "/" + quote(stored)
        else:
            response["X-Sendfile"] = str(field_file.path)
        response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response
