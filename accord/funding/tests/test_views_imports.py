"""The program's history's page and API (decision 55): the ministry uploads, previews row by row,
confirms; everyone else is refused (403 in the program's area, 404 for an import, 405 for the
wrong method); the preview's queries do not grow with its rows; an imported project's page says
so and offers no step."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accord.funding import imports
from accord.funding.models import Project, ProjectImport, ProjectImportStatus

from .conftest import client_for, queries, text
from .history_files import as_csv, as_jsonl, prepare, row

pytestmark = pytest.mark.django_db

API = "/api/v1/projects/import/"


@pytest.fixture
def history(world: Any) -> Any:
    return prepare(world)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def page_address() -> str:
    """The page in English (the autouse fixture makes reverse() give the /en/ addresses)."""
    return reverse("funding:history_import")


def upload(client: Client, rows: list[dict[str, str]], name: str = "historique.csv") -> Any:
    return client.post(page_address(), {"file": SimpleUploadedFile(name, as_csv(rows), content_type="text/csv")})


def english_client(user: Any) -> Client:
    return client_for(user)


# --- The page -------------------------------------------------------------------------------------


def test_the_ministry_uploads_previews_and_confirms(history):
    ministry = english_client(history.ministry)
    assert ministry.get(page_address()).status_code == 200
    response = upload(ministry, [row(), row(reference="ACC-2")])
    record = ProjectImport.objects.get()
    assert response.status_code == 302 and response.url == record.get_absolute_url()
    assert not Project.objects.exists()
    page = text(ministry.get(record.get_absolute_url()))
    assert "ACC-2010-001" in page and "ACC-2" in page
    confirmed = ministry.post(reverse("funding:history_import_confirm", args=[record.pk]))
    assert confirmed.status_code == 302
    record.refresh_from_db()
    assert record.status == ProjectImportStatus.APPLIED
    assert Project.objects.filter(imported_at__isnull=False).count() == 2
    assert record.file_name in text(ministry.get(page_address()))  # the latest imports


def test_a_refused_row_is_shown_with_its_number_and_nothing_can_be_confirmed(history):
    ministry = english_client(history.ministry)
    upload(ministry, [row(), row(reference="ACC-2", region="Atlantide")])
    record = ProjectImport.objects.get()
    assert record.status == ProjectImportStatus.REJECTED
    page = text(ministry.get(record.get_absolute_url()))
    assert "Unknown region “Atlantide”" in page
    assert "Confirm the import" not in page
    ministry.post(reverse("funding:history_import_confirm", args=[record.pk]))
    assert not Project.objects.exists()


def test_a_file_of_another_kind_is_refused_on_the_form(history):
    ministry = english_client(history.ministry)
    pdf = SimpleUploadedFile("h.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = ministry.post(page_address(), {"file": pdf})
    assert response.status_code == 400
    assert "Choose a file of one of these types: .csv, .xlsx, .jsonl, .ndjson." in text(response)
    no_columns = SimpleUploadedFile("h.csv", b"titre\nA\n", content_type="text/csv")
    response = ministry.post(page_address(), {"file": no_columns})
    assert response.status_code == 400
    assert "Required columns are missing" in text(response)
    assert not ProjectImport.objects.exists()


def test_who_may_import(history, office, carrier, client):
    record = ProjectImport.objects.create(file_name="h.csv", uploaded_by=history.ministry)
    detail = record.get_absolute_url()
    confirm = reverse("funding:history_import_confirm", args=[record.pk])
    assert office.get(page_address()).status_code == 403  # the program's pages, not the ministry's import
    assert office.get(detail).status_code == 404
    assert office.post(confirm).status_code == 404
    assert carrier.get(page_address()).status_code == 403  # not in the program's area
    assert client.get(page_address()).status_code == 302  # to sign in
    ministry = client_for(history.ministry)
    assert ministry.get(confirm).status_code == 405
    assert ministry.post(detail).status_code == 405


def test_the_preview_queries_do_not_grow_with_its_rows(history, django_assert_max_num_queries):
    ministry = english_client(history.ministry)
    small = imports.preview_import(actor=history.ministry, file_name="a.csv", content=as_csv([row()]))
    rows = [row(reference=f"R-{i}") for i in range(imports.PREVIEW_ROWS)]
    large = imports.preview_import(actor=history.ministry, file_name="b.csv", content=as_csv(rows))
    few = len(queries(ministry, small.get_absolute_url()))
    with django_assert_max_num_queries(few):
        response = ministry.get(large.get_absolute_url())
    assert response.status_code == 200
    assert few <= 12


def test_the_upload_pages_queries_do_not_grow_with_the_imports(history, django_assert_max_num_queries):
    ministry = english_client(history.ministry)
    ProjectImport.objects.create(file_name="a.csv", uploaded_by=history.ministry)
    few = len(queries(ministry, page_address()))
    for name in ("b.csv", "c.xlsx", "d.jsonl"):
        ProjectImport.objects.create(file_name=name, uploaded_by=history.office)
    with django_assert_max_num_queries(few):
        page = text(ministry.get(page_address()))
    assert "d.jsonl" in page and "c.xlsx" in page


def test_an_imported_project_says_so_and_offers_no_step(history):
    imports.import_file(actor=history.ministry, file_name="h.csv", content=as_csv([row(status="Accordé")]))
    project = Project.objects.get()
    ministry = english_client(history.ministry)
    page = text(ministry.get(project.get_absolute_url()))
    assert "Imported from the program's history" in page
    assert reverse("funding:project_edit", args=[project.pk]) not in page
    assert reverse("funding:project_publish", args=[project.pk]) not in page
    assert ministry.get(reverse("funding:project_edit", args=[project.pk])).status_code == 403
    assert ministry.post(reverse("funding:project_close", args=[project.pk])).status_code == 403


# --- The API ----------------------------------------------------------------------------------------


def api_post(client: Client, content: bytes, name: str = "h.jsonl") -> Any:
    return client.post(API, {"file": SimpleUploadedFile(name, content)}, HTTP_ACCEPT_LANGUAGE="en")


def test_the_api_imports_then_updates(history):
    ministry = client_for(history.ministry)
    response = api_post(ministry, as_jsonl([row(), row(reference="ACC-2")]))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["rows"], body["created"], body["updated"]) == ("applied", 2, 2, 0)
    response = api_post(ministry, as_jsonl([row(title="Corrigé")]))
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["updated"]) == (0, 1)
    assert Project.objects.get(number="ACC-2010-001").title == "Corrigé"


def test_the_api_answers_the_refusals_and_writes_nothing(history):
    ministry = client_for(history.ministry)
    response = api_post(ministry, as_jsonl([row(), row(reference="ACC-2", year="dix")]))
    assert response.status_code == 400
    body = response.json()
    assert body["refused_count"] == 1
    assert body["refused"] == [
        {
            "row": 2,
            "reference": "ACC-2",
            "errors": [
                f"“dix” is not a year of the program: write a year from 1990 to {imports.timezone.localdate().year}."
            ],
        }
    ]
    assert not Project.objects.exists()
    response = api_post(ministry, b"%PDF-1.4", name="h.pdf")
    assert response.status_code == 400 and "file" in response.json()
    response = ministry.post(API, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400


def test_the_api_is_the_ministrys(history, office, client):
    assert api_post(office, as_jsonl([row()])).status_code == 403
    assert api_post(client, as_jsonl([row()])).status_code == 403
    assert client_for(history.ministry).get(API).status_code == 405
    assert not Project.objects.exists()


def test_the_api_refuses_a_file_over_10_mb(history):
    big = as_csv([row()]) + b"#" * imports.MAX_UPLOAD_BYTES
    response = api_post(client_for(history.ministry), big, name="h.csv")
    assert response.status_code == 400
    assert "The file is larger than 10 MB." in response.json()["file"][0]
