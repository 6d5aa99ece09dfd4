import io
import time
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from accord.registry import imports
from accord.registry.models import ImportBatch

pytestmark = pytest.mark.django_db


def test_read_table_accepts_comma_semicolon_and_windows_encoding():
    assert imports.read_table(b"Nom,Ville\nA,B\n", "f.csv") == [{"nom": "A", "ville": "B"}]
    assert imports.read_table("Nom;Ville\nÉ;Q\n".encode("cp1252"), "f.csv") == [{"nom": "É", "ville": "Q"}]


def test_outsiders_cannot_import(outsider):
    with pytest.raises(PermissionDenied):
        imports.start_import(
            actor=outsider, kind="organisations", file_name="a.csv", content=b"name,kind\nA,enterprise\n"
        )


# --- Bounds, checked before anything is parsed ----------------------------------------------------


def workbook_with_sheet(sheet_xml: bytes, *, extra_entries: int = 0) -> bytes:
    """A real workbook whose first sheet is replaced by `sheet_xml` (compressed, as Excel does)."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Nom", "Type"])
    source = io.BytesIO()
    workbook.save(source)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source.getvalue())) as original,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as crafted,
    ):
        for entry in original.infolist():
            data = sheet_xml if entry.filename == "xl/worksheets/sheet1.xml" else original.read(entry)
            crafted.writestr(entry.filename, data)
        for number in range(extra_entries):
            crafted.writestr(f"xl/media/image{number}.png", b"")
    return out.getvalue()


def sheet(rows: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + rows
        + b"</sheetData></worksheet>"
    )


def refusal(content: bytes, name: str, *, importer) -> str:
    with pytest.raises(imports.ImportFileError) as refused, translation.override("en"):
        imports.start_import(actor=importer, kind="organisations", file_name=name, content=content)
    assert not ImportBatch.objects.exists()  # a refused file changes nothing
    return str(refused.value)


@pytest.fixture
def importer(estrie_user):
    return estrie_user


def test_a_workbook_that_would_inflate_past_the_limit_is_refused_before_parsing(importer):
    """A 2 MB workbook used to cost half a minute of parsing before its row count refused it."""
    row = b'<row><c t="inlineStr"><is><t>Meubles Orford</t></is></c><c t="inlineStr"><is><t>x</t></is></c></row>'
    bomb = workbook_with_sheet(sheet(row * 300_000))  # 30 MB of XML in a few hundred kilobytes
    assert len(bomb) < 1024 * 1024
    started = time.process_time()
    message = refusal(bomb, "organisations.xlsx", importer=importer)
    assert time.process_time() - started < 1
    assert message == "Once opened, the workbook would take more than 20 MB; split it in several imports."


def test_a_workbook_with_too_many_parts_is_refused(importer, settings):
    content = workbook_with_sheet(sheet(b""), extra_entries=settings.ACCORD_IMPORT_XLSX_MAX_ENTRIES)
    message = refusal(content, "organisations.xlsx", importer=importer)
    assert message.startswith("The workbook holds ")
    assert message.endswith(" parts, more than a table to import needs; save only the table in it.")


def test_a_file_over_the_size_limit_is_refused(importer, settings):
    settings.ACCORD_IMPORT_MAX_BYTES = 1024 * 1024
    content = b"name,kind\n" + b"Meubles Orford,enterprise\n" * 50_000
    message = refusal(content, "organisations.csv", importer=importer)
    assert message == "The file is larger than 1 MB; split it in several imports."


@pytest.mark.parametrize("name", ["organisations.csv", "organisations.xlsx"])
def test_rows_past_the_limit_are_refused(settings, name):
    settings.ACCORD_IMPORT_MAX_ROWS = 3
    rows = [["Nom", "Type"]] + [[f"Organisation {n}", "entreprise"] for n in range(4)]
    if name.endswith(".csv"):
        content = "\n".join(",".join(row) for row in rows).encode()
    else:
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    with pytest.raises(imports.ImportFileError) as refused, translation.override("en"):
        imports.read_table(content, name)
    assert str(refused.value) == "The file has more than 3 rows; split it."
    settings.ACCORD_IMPORT_MAX_ROWS = 4
    assert len(imports.read_table(content, name)) == 4


def test_a_workbook_that_is_not_a_zip_is_refused(importer):
    message = refusal(b"%PDF-1.4 not a workbook", "organisations.xlsx", importer=importer)
    assert message == "The file is not a readable Excel workbook (.xlsx)."
