"""Uploaded files: no public URL, typed by their content."""

import importlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import clear_url_caches
from django.utils import translation

from accord.core import files

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/v1/projects/')</script></body></html>"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Nom", "Type"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def docx_like() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.django_db
def test_uploaded_files_have_no_public_url_even_in_debug(tmp_path):
    """Under `make run` (DEBUG on), /media/ used to serve business plans to anyone who guessed the path."""
    (tmp_path / "funding" / "1").mkdir(parents=True)
    (tmp_path / "funding" / "1" / "plan.pdf").write_bytes(PDF)
    try:
        with override_settings(DEBUG=True, MEDIA_ROOT=tmp_path):
            clear_url_caches()
            importlib.reload(importlib.import_module("config.urls"))
            assert Client().get("/media/funding/1/plan.pdf").status_code == 404
    finally:
        clear_url_caches()
        importlib.reload(importlib.import_module("config.urls"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", PDF),
        ("budget.xlsx", xlsx_bytes()),
        ("lettre.docx", docx_like()),
        ("ancien.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("notes.txt", "Réunion du 5 décembre\n".encode()),
        ("liste.csv", "Nom;Ville\nÉrablière;Sherbrooke\n".encode("cp1252")),
    ],
    # Named by the file: an Office file's bytes hold the time it was made, and xdist's workers
    # must collect the same test ids.
    ids=["pdf", "xlsx", "docx", "doc", "txt", "csv"],
)
def test_a_document_whose_content_is_what_its_name_says_is_accepted(name, content):
    uploaded = upload(name, content)
    assert files.check_document(uploaded) is uploaded
    assert uploaded.read() == content  # read from the start by whoever saves it


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("plan.pdf", EXE, "PDF"),
        ("plan.pdf", HTML, "PDF"),
        ("plan.pdf", b"", "PDF"),
        ("budget.xlsx", PDF, "Office"),
        ("notes.txt", EXE, "text"),
        ("liste.csv", HTML, "text"),
        ("liste.csv", PDF, "text"),
        ("lettre.odt", docx_like(), "OpenDocument"),
    ],
    ids=[
        "exe-as-pdf",
        "html-as-pdf",
        "empty-pdf",
        "pdf-as-xlsx",
        "exe-as-txt",
        "html-as-csv",
        "pdf-as-csv",
        "docx-as-odt",
    ],
)
def test_a_document_whose_content_is_not_what_its_name_says_is_refused(name, content, kind):
    with pytest.raises(ValidationError) as refused:
        files.check_document(upload(name, content))
    assert refused.value.code == "file_content"
    with translation.override("en"):
        assert refused.value.messages == [
            f"The content of “{name}” is not a {kind} file, whatever its name says. "
            "Save it again in that format, or choose another file."
        ]


def test_the_refusal_is_in_french_too():
    with pytest.raises(ValidationError) as refused, translation.override("fr"):
        files.check_document(upload("plan.pdf", EXE))
    with translation.override("fr"):
        assert "n’est pas un fichier PDF" in refused.value.messages[0]


def test_a_name_without_an_accepted_extension_is_refused_by_name():
    with pytest.raises(ValidationError) as refused:
        files.check_document(upload("outil.exe", EXE))
    assert refused.value.code == "file_type"
    with translation.override("en"):
        assert ".pdf" in refused.value.messages[0]


def test_a_document_over_the_limit_is_refused():
    with pytest.raises(ValidationError) as refused:
        files.check_upload(upload("plan.pdf", PDF + b"x" * 2**21), kinds=[files.PDF], max_bytes=2**21)
    with translation.override("en"):
        assert refused.value.messages == ["The file is larger than 2 MB."]


def test_a_stored_name_keeps_the_users_name_behind_a_random_folder():
    first, second = files.unguessable_path("funding/7", "plan.pdf"), files.unguessable_path("funding/7", "plan.pdf")
    assert first != second
    assert first.startswith("funding/7/")
    assert first.endswith("/plan.pdf")
