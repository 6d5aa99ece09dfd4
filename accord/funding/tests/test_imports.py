"""The program's project history (decision 55): three formats, all or nothing, re-import updates,
every refusal with its row and its words, history and audit kept, imported projects read-only."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from accord.funding import imports, policies, services
from accord.funding.imports import ImportFileError
from accord.funding.models import (
    Project,
    ProjectCreneau,
    ProjectImport,
    ProjectImportStatus,
    ProjectStatus,
    SimilarPair,
)
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory

from .conftest import draft
from .history_files import HEADER, as_csv, as_jsonl, as_xlsx, prepare, row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def history(world: Any) -> Any:
    return prepare(world)


def load(world: Any, rows: list[dict[str, str]], name: str = "historique.csv", **kwargs: Any) -> ProjectImport:
    return imports.import_file(actor=world.ministry, file_name=name, content=as_csv(rows, **kwargs))


def refusals(record: ProjectImport) -> list[str]:
    return [error for r in record.results for error in r["errors"]]


# --- The three formats -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("historique.csv", as_csv),
        ("historique-bom.csv", lambda rows: as_csv(rows, delimiter=";", bom=True)),
        ("historique.xlsx", as_xlsx),
        ("historique.jsonl", as_jsonl),
    ],
)
def test_each_format_imports_the_projects_as_read_only_projects_of_the_registry(history, name, encode):
    rows = [row(), row(reference="ACC-2015-002", year="2015", region="Estrie", status="refusé", aid="", creneaux="")]
    record = imports.import_file(actor=history.ministry, file_name=name, content=encode(rows))
    assert record.status == ProjectImportStatus.APPLIED, record.results
    assert (record.created_count, record.updated_count, record.row_count) == (2, 0, 2)
    first = Project.objects.get(number="ACC-2010-001")
    assert first.imported_at is not None
    assert first.carrier == history.carrier
    assert first.region == history.region
    assert first.period.code == "2008-2013"
    assert (first.starts_on, first.ends_on) == (datetime.date(2010, 1, 1), datetime.date(2010, 12, 31))
    assert first.status == ProjectStatus.CLOSED
    assert first.granted_amount == Decimal("45000.00") == first.requested_amount
    assert first.granted_at.year == 2010
    assert list(first.creneaux.all()) == [history.creneau]
    assert "main d oeuvre" in first.search_text  # found by the search like any project
    assert first.updated_at is not None and first.updated_at >= record.uploaded_at
    second = Project.objects.get(number="ACC-2015-002")
    assert (second.status, second.granted_amount, second.granted_at) == (ProjectStatus.REFUSED, None, None)
    assert second.period.code == "2013-2018"


def test_the_history_and_the_audit_say_who_when_and_which_file(history):
    record = load(history, [row()])
    project = Project.objects.get(number="ACC-2010-001")
    entry = project.history.get()
    assert entry.history_user == history.ministry
    assert "historique.csv" in entry.history_change_reason
    assert ProjectCreneau.history.filter(project_id=project.pk).count() == 1
    assert record.uploaded_by == history.ministry
    assert record.applied_at is not None
    assert record.content == b""  # the file is not kept once imported


# --- All or nothing ------------------------------------------------------------------------


def test_one_refused_row_and_nothing_is_written(history):
    record = load(history, [row(), row(reference="ACC-2010-002", region="00")])
    assert record.status == ProjectImportStatus.REJECTED
    assert record.error_count == 1
    assert not Project.objects.exists()
    assert record.results[1]["number"] == 3  # the spreadsheet's row: the header is row 1
    assert record.results[0]["action"] == "create"


def test_a_re_import_updates_the_imported_project_instead_of_duplicating_it(history):
    other = CreneauFactory(slug="bois", name_fr="Bois d'œuvre")
    load(history, [row()])
    project = Project.objects.get()
    before = project.updated_at
    record = load(
        history,
        [row(title="Étude corrigée", aid="50000", creneaux="Bois d'oeuvre", year="2011", status="Accordé")],
    )
    assert (record.created_count, record.updated_count) == (0, 1)
    project.refresh_from_db()
    assert project.title == "Étude corrigée"
    assert project.granted_amount == Decimal("50000")
    assert project.status == ProjectStatus.GRANTED
    assert project.starts_on.year == 2011
    assert list(project.creneaux.all()) == [other]
    assert project.updated_at > before
    assert "corrigee" in project.search_text
    assert project.history.count() == 2
    assert project.history.first().history_type == "~"
    assert ProjectCreneau.history.filter(project_id=project.pk, history_type="-").count() == 1
    assert Project.objects.count() == 1


def test_a_reference_of_a_project_made_in_accord_is_refused(history):
    mine = draft(history)
    record = load(history, [row(reference=mine.number)])
    assert record.status == ProjectImportStatus.REJECTED
    assert refusals(record) == [
        f"The reference {mine.number} belongs to a project made in Accord; an import cannot change it."
    ]
    mine.refresh_from_db()
    assert mine.imported_at is None


# --- Every refusal, with its words -------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"region": "Laurentides du Nord"}, "Unknown region “Laurentides du Nord”. Accepted values (code or name): "),
        ({"creneaux": "meuble; espace"}, "Unknown niche “espace”. Accepted values (name or code): meuble"),
        ({"title": ""}, "Title: missing."),
        ({"summary": ""}, "Summary: missing."),
        ({"reference": ""}, "Reference: missing."),
        ({"region": ""}, "Region: missing."),
        ({"carrier": ""}, "Carrier: missing."),
        ({"status": ""}, "Status: missing."),
        ({"year": ""}, "Year: missing."),
        ({"year": "20x0"}, "“20x0” is not a year of the program: write a year from 1990 to "),
        ({"year": "1985"}, "“1985” is not a year of the program"),
        ({"year": "2001"}, "No program period covers 2001: the ministry creates it first in the program's settings."),
        ({"aid": "beaucoup"}, "“beaucoup” is not an amount (write for example 125000 or 125 000,50)."),
        ({"aid": "-5"}, "“-5” is not an amount of aid: it must be zero or more."),
        ({"aid": "10.005"}, "“10.005” has more than two decimals."),
        ({"aid": "1e15"}, "“1e15” is too large for an aid of the fund."),
        ({"status": "refused", "aid": "100"}, "A project refused received no aid: leave the aid empty or write 0."),
        ({"status": "submitted"}, "“submitted” is not a status of a past project. Accepted values: Granted (granted)"),
        ({"carrier": "Inconnue inc."}, "Unknown carrier “Inconnue inc.”: give its NEQ or its name as in the registry"),
        ({"title": "T\x00itre"}, "Title: the text contains a NUL character; remove it."),
        ({"region": "0\x005"}, "Region: the text contains a NUL character; remove it."),
        ({"aid": "1\x00"}, "Aid: the text contains a NUL character; remove it."),
        ({"title": "x" * 201}, "Title: 201 characters, more than the 200 allowed."),
        ({"summary": "x" * 20_001}, "Summary: 20,001 characters, more than the 20,000 allowed."),
        ({"reference": "R" * 41}, "Reference: 41 characters, more than the 40 allowed."),
    ],
)
def test_each_malformed_row_is_refused_with_its_row_number_and_a_plain_message(history, values, message):
    with translation.override("en"):
        record = load(history, [row(reference="ACC-OK"), row(**values)])
    assert record.status == ProjectImportStatus.REJECTED
    assert not Project.objects.exists()
    refused = [r for r in record.results if r["errors"]]
    assert [r["number"] for r in refused] == [3]
    assert any(error.startswith(message) for error in refused[0]["errors"]), refused[0]["errors"]
    assert len(refused[0]["errors"]) == 1  # one message for one fault


def test_a_duplicate_reference_inside_the_file_names_the_first_row(history):
    record = load(history, [row(), row(title="Autre")])
    assert refusals(record) == ["Same reference as row 2."]


def test_a_name_shared_by_two_organisations_asks_for_the_neq(history):
    OrganisationFactory(name="Atelier Dupuis", region=history.region)
    OrganisationFactory(name="Atelier Dupuis", region=history.region)
    record = load(history, [row(carrier="atelier dupuis")])
    assert refusals(record) == ["Several organisations are named “atelier dupuis”: give the carrier's NEQ."]


def test_the_carrier_is_found_by_its_name_accents_and_case_aside(history):
    load(history, [row(carrier="MEUBLES BOREAL INC")])
    assert Project.objects.get().carrier == history.carrier


def test_the_messages_are_in_the_users_language(history):
    with translation.override("fr"):
        record = load(history, [row(region="Atlantide")])
    assert refusals(record)[0].startswith("Région inconnue «\u00a0Atlantide\u00a0»")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "vide.csv", "The file holds no project."),
        (b"titre,region\nA,05\n", "x.csv", "Required columns are missing: reference, summary, year, carrier, status."),
        (b'{"reference": 1}\n[1, 2]\n', "x.jsonl", "Line 2 is not a JSON object"),
        (b"PK\x03\x04 broken", "x.xlsx", "The file is not a readable Excel workbook (.xlsx)."),
        ("reference\nRéf\n".encode() + b"\xff", "x.csv", "The file is not valid UTF-8 (at byte 15)"),
        (b"x" * (imports.MAX_UPLOAD_BYTES + 1), "x.csv", "The file is larger than 10 MB"),
    ],
)
def test_a_file_that_is_not_a_table_of_projects_is_refused_and_leaves_no_trace(history, content, name, message):
    with translation.override("en"), pytest.raises(ImportFileError) as refused:
        imports.import_file(actor=history.ministry, file_name=name, content=content)
    assert str(refused.value).startswith(message)
    assert not ProjectImport.objects.exists()


def test_a_windows_csv_reads_with_its_accents(history):
    content = as_csv([row(title="Étude régionale")]).decode().encode("cp1252")
    record = imports.import_file(actor=history.ministry, file_name="h.csv", content=content)
    assert record.status == ProjectImportStatus.APPLIED, record.results
    assert Project.objects.get().title == "Étude régionale"


def test_only_the_ministry_imports(history):
    with pytest.raises(PermissionDenied):
        imports.import_file(actor=history.office, file_name="h.csv", content=as_csv([row()]))
    assert not Project.objects.exists()


# --- Read-only ---------------------------------------------------------------------------------


def test_an_imported_project_is_read_only_for_every_step_and_everyone(history):
    load(history, [row(status="Accordé")])
    project = Project.objects.get()
    assert not any(policies.open_steps(history.ministry, project).values())
    assert not policies.may_take(history.ministry, project, "close")
    message = "This project comes from the program's history: it is read-only."
    with translation.override("en"):
        for call in (
            lambda: services.close_project(project, actor=history.ministry),
            lambda: services.withdraw_project(project, actor=history.ministry, reason="x"),
            lambda: services.refuse_project(project, actor=history.ministry, reason="x"),
            lambda: services.publish_project(project, actor=history.ministry, summary="Résumé"),
        ):
            with pytest.raises(PermissionDenied) as refused:
                call()
            assert str(refused.value).startswith(message)
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED


def test_imported_projects_are_visible_under_the_same_powers(history, monteregie):
    load(history, [row(), row(reference="ACC-16", region="16")])
    office = set(policies.visible_projects(history.office).values_list("number", flat=True))
    assert office == {"ACC-2010-001"}  # Estrie's office: its region's, not Montérégie's
    carrier = set(policies.visible_projects(history.carrier_user).values_list("number", flat=True))
    assert carrier == {"ACC-2010-001", "ACC-16"}  # both carried by its organisation


# --- The preview and the confirmation ------------------------------------------------------------


def test_the_preview_writes_nothing_and_the_confirmation_writes_what_was_checked(history):
    record = imports.preview_import(actor=history.ministry, file_name="h.csv", content=as_csv([row()]))
    assert record.status == ProjectImportStatus.PREVIEWED
    assert not Project.objects.exists()
    assert record.results == [
        {"number": 2, "reference": "ACC-2010-001", "title": row()["title"], "action": "create", "errors": []}
    ]
    imports.confirm_import(record, actor=history.ministry)
    record.refresh_from_db()
    assert record.status == ProjectImportStatus.APPLIED
    assert Project.objects.get().imported_at is not None
    with pytest.raises(Exception, match="already finished"):
        imports.confirm_import(record, actor=history.ministry)


def test_the_confirmation_checks_again(history):
    record = imports.preview_import(actor=history.ministry, file_name="h.csv", content=as_csv([row()]))
    history.carrier.neq = None
    history.carrier.name = "Renommée"
    history.carrier.save()
    imports.confirm_import(record, actor=history.ministry)
    record.refresh_from_db()
    assert record.status == ProjectImportStatus.REJECTED
    assert not Project.objects.exists()


def test_a_large_file_keeps_its_refusals_only(history, settings):
    rows = [row(reference=f"R-{i}") for i in range(imports.PREVIEW_ROWS + 1)] + [row(reference="R-bad", year="x")]
    record = load(history, rows)
    assert record.row_count == imports.PREVIEW_ROWS + 2
    assert [r["reference"] for r in record.results] == ["R-bad"]


# --- The command ---------------------------------------------------------------------------------


def test_the_command_imports_a_file_and_prints_its_progress(history, tmp_path):
    path = tmp_path / "historique.jsonl"
    path.write_bytes(as_jsonl([row(), row(reference="ACC-2")]))
    out = io.StringIO()
    call_command("import_projects", str(path), "--actor", history.ministry.email, stdout=out)
    assert Project.objects.filter(imported_at__isnull=False).count() == 2
    printed = out.getvalue()
    assert "2 / 2 rows read" in printed
    assert "2 new projects, 0 updated" in printed
    assert ProjectImport.objects.get().uploaded_by == history.ministry


def test_the_command_writes_nothing_when_a_row_is_refused(history, tmp_path):
    path = tmp_path / "historique.csv"
    path.write_bytes(as_csv([row(), row(reference="ACC-2", region="Atlantide")]))
    with translation.override("en"), pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_projects", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Project.objects.exists()


def test_the_command_refuses_an_actor_who_may_not_import(history, tmp_path):
    path = tmp_path / "historique.csv"
    path.write_bytes(as_csv([row()]))
    with pytest.raises(CommandError):
        call_command("import_projects", str(path), "--actor", history.office.email, stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_projects", str(path), "--actor", "personne@example.org", stdout=io.StringIO())
    assert not Project.objects.exists()


def test_generated_rows_load(history):
    OrganisationFactory.create_batch(3, neq=None)
    rows = list(imports.sample_rows(40))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    record = imports.import_file(actor=None, file_name="gen.csv", content=buffer.getvalue().encode(), max_bytes=None)
    assert record.status == ProjectImportStatus.APPLIED, record.results
    assert record.created_count == 40
    assert Project.objects.filter(imported_at__lte=timezone.now()).count() == 40


def test_an_imported_project_is_paired_with_the_very_similar_projects_of_the_program(history):
    mine = draft(history, title="Étude de la main-d'œuvre du meuble en Estrie")
    Project.objects.filter(pk=mine.pk).update(summary=row()["summary"])
    load(history, [row(title="Étude de la main-d'œuvre du meuble en Estrie")])
    imported = Project.objects.get(number="ACC-2010-001")
    assert SimilarPair.objects.filter(project=imported, other=mine).exists()
