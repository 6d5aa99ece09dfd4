import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from accord.accounts.models import User
from accord.registry.models import Affiliation, ImportBatch, ImportStatus, Organisation, Person

from .factories import CreneauFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

ORG_CSV = (
    "Nom;Type;Région;Ville;NEQ;Leader;Créneaux\n"
    "Meubles Orford;entreprise;05;Magog;1143281018;oui;bois-estrie\n"
    "Cégep de Sherbrooke;Cégep ou université;5;Sherbrooke;;non;\n"
)


def upload(client, content, name="organisations.csv", kind="organisations"):
    """Upload a file; the check task queued after the commit runs (inline, as in the embedded default)."""
    file = SimpleUploadedFile(name, content if isinstance(content, bytes) else content.encode())
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("registry_bo:import_new"), {"kind": kind, "file": file})


def confirm(client, batch):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("registry_bo:import_confirm", args=[batch.pk]))


@pytest.fixture
def bois(estrie):
    return CreneauFactory(slug="bois-estrie", name_fr="Bois d'apparence", regions=[estrie])


def test_preview_saves_nothing_then_confirm_creates_every_row(estrie_client, estrie, bois, estrie_user):
    response = upload(estrie_client, ORG_CSV)
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert (batch.row_count, batch.created_count, batch.error_count) == (2, 2, 0)
    assert not Organisation.objects.exists()

    preview = estrie_client.get(reverse("registry_bo:import_detail", args=[batch.pk]))
    assert [r["action"] for r in preview.context["page"]] == ["create", "create"]

    confirm(estrie_client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    meubles = Organisation.objects.get(neq="1143281018")
    assert (meubles.is_leader, list(meubles.creneaux.all()), meubles.region) == (True, [bois], estrie)
    cegep = Organisation.objects.get(name="Cégep de Sherbrooke")
    assert cegep.kind == "college_university"
    record = meubles.history.get()
    assert record.history_user == estrie_user
    assert record.history_change_reason.startswith("Import")


def test_one_invalid_row_means_nothing_is_saved(estrie_client, estrie, bois):
    content = ORG_CSV + "Sans type;;05;;;;\nMauvais NEQ;entreprise;05;;12;;\n"
    upload(estrie_client, content)
    batch = ImportBatch.objects.get()
    assert batch.error_count == 2
    detail = estrie_client.get(reverse("registry_bo:import_detail", args=[batch.pk]))
    errors = {r["number"]: r["errors"] for r in detail.context["page"] if r["errors"]}
    assert set(errors) == {4, 5}
    assert any("NEQ" in e for e in errors[5])
    assert "Confirmer l’importation" not in detail.content.decode()

    response = confirm(estrie_client, batch)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED  # refused: a file with errors cannot be confirmed
    assert not Organisation.objects.exists()


def test_rows_outside_the_region_are_errors(estrie_client, estrie, monteregie):
    upload(estrie_client, "Nom,Type,Région\nGranby Métal,entreprise,16\n")
    batch = ImportBatch.objects.get()
    assert batch.error_count == 1
    assert not Organisation.objects.exists()


def test_existing_organisation_is_updated_by_neq(estrie_client, estrie):
    org = OrganisationFactory(region=estrie, neq="1143281018", name="Ancien nom", city="Magog")
    upload(estrie_client, "name,kind,region,neq,city\nNouveau nom,enterprise,05,1143-281-018,Sherbrooke\n")
    batch = ImportBatch.objects.get()
    assert batch.updated_count == 1
    confirm(estrie_client, batch)
    org.refresh_from_db()
    assert (org.name, org.city) == ("Nouveau nom", "Sherbrooke")
    assert Organisation.objects.count() == 1


def test_duplicate_rows_in_one_file_are_errors(estrie_client, estrie):
    upload(estrie_client, "name,kind,region,neq\nA,enterprise,05,1143281018\nB,enterprise,05,1143281018\n")
    assert ImportBatch.objects.get().error_count == 1


def test_xlsx_people_import_links_people_to_their_organisation(estrie_client, estrie):
    org = OrganisationFactory(region=estrie, neq="2243281018", name="Atelier Magog")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Prénom", "Nom", "Courriel", "Langue", "Région", "Organisation", "Fonction"])
    sheet.append(["Marie", "Côté", "Marie.Cote@Example.org", "anglais", "05", "2243281018", "Présidente"])
    sheet.append(["Luc", "Roy", "", "", "05", "Atelier Magog", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)

    upload(estrie_client, buffer.getvalue(), name="personnes.xlsx", kind="people")
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.error_count) == (2, 0)
    confirm(estrie_client, batch)

    marie = Person.objects.get(email="marie.cote@example.org")
    assert marie.preferred_language == "en"
    assert [(a.organisation, a.job_title) for a in marie.affiliations.all()] == [(org, "Présidente")]
    assert Person.objects.get(last_name="Roy").organisations.get() == org


def test_existing_person_is_updated_by_email(estrie_client, estrie):
    person = PersonFactory(region=estrie, email="marie@example.org", phone="1")
    upload(
        estrie_client,
        "first name,last name,email,phone,region\nMarie,Tremblay,MARIE@example.org,819 555-1234,05\n",
        kind="people",
    )
    batch = ImportBatch.objects.get()
    assert batch.updated_count == 1
    confirm(estrie_client, batch)
    person.refresh_from_db()
    assert person.phone == "819 555-1234"


def test_unreadable_and_incomplete_files_are_refused_with_a_message(estrie_client, estrie):
    response = upload(estrie_client, b"\x00\x01\x02", name="broken.xlsx")
    assert response.status_code == 400
    assert response.context["form"].errors["file"]
    response = upload(estrie_client, "Ville\nMagog\n")
    assert response.status_code == 400
    assert not Organisation.objects.exists()
    response = upload(estrie_client, "x", name="notes.txt")
    assert response.status_code == 400


def test_only_the_uploader_sees_and_confirms_an_import(client, estrie, estrie_user, ministry_user):
    client.force_login(estrie_user)
    upload(client, "name,kind,region\nA,enterprise,05\n")
    batch = ImportBatch.objects.get()
    client.force_login(ministry_user)
    assert client.get(reverse("registry_bo:import_detail", args=[batch.pk])).status_code == 404
    assert confirm(client, batch).status_code == 404
    assert not Organisation.objects.exists()


def test_confirming_twice_does_not_import_twice(estrie_client, estrie):
    upload(estrie_client, "name,kind,region\nA,enterprise,05\n")
    batch = ImportBatch.objects.get()
    confirm(estrie_client, batch)
    confirm(estrie_client, batch)
    assert Organisation.objects.count() == 1


def test_import_list_query_count(estrie_client, estrie_user, django_assert_num_queries):
    for n in range(5):
        ImportBatch.objects.create(kind="organisations", file_name=f"{n}.csv", content=b"", uploaded_by=estrie_user)
    # user, roles, the user's imports
    with django_assert_num_queries(3):
        response = estrie_client.get(reverse("registry_bo:import_list"))
    assert len(response.context["batches"]) == 5


def test_an_import_is_typed_by_its_content_not_its_name(estrie_client, estrie):
    response = upload(estrie_client, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100, name="organisations.csv")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "Le contenu de «\u00a0organisations.csv\u00a0» n’est pas un fichier CSV, quoi qu’en dise son nom. "
        "Enregistrez-le de nouveau dans ce format ou choisissez un autre fichier."
    ]
    response = upload(estrie_client, b"%PDF-1.4 plan", name="organisations.xlsx")
    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_a_workbook_bomb_is_refused_on_the_page_and_leaves_no_trace(estrie_client, estrie):
    from .test_imports import sheet, workbook_with_sheet

    row = b'<row><c t="inlineStr"><is><t>Meubles Orford</t></is></c></row>'
    response = upload(estrie_client, workbook_with_sheet(sheet(row * 500_000)), name="organisations.xlsx")
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == [
        "Une fois ouvert, le classeur occuperait plus de 20\u00a0Mo; répartissez-le en plusieurs importations."
    ]
    assert not ImportBatch.objects.exists()


def test_confirming_a_stored_file_that_no_longer_reads_is_a_message_not_a_500(estrie_client, estrie_user):
    batch = ImportBatch.objects.create(
        kind="organisations", file_name="a.csv", content=b"x", uploaded_by=estrie_user, status=ImportStatus.PREVIEWED
    )
    confirm(estrie_client, batch)
    response = estrie_client.get(reverse("registry_bo:import_detail", args=[batch.pk]))
    assert response.status_code == 200
    batch.refresh_from_db()
    assert batch.status == ImportStatus.REJECTED
    assert "name / nom" in response.content.decode()  # the missing columns, named
    assert not Organisation.objects.exists()


# --- Background jobs, preview pages, templates, accepted values, publication (decision 26) ---


def test_accords_own_export_imports_back_with_no_error_and_no_change(estrie_client, estrie, bois):
    meubles = OrganisationFactory(
        region=estrie, name="Meubles Orford", kind="enterprise", neq="1143281018", size_band="small", is_leader=True
    )
    meubles.creneaux.add(bois)
    OrganisationFactory(region=estrie, name="Cégep de Sherbrooke", kind="college_university", neq=None)
    export = estrie_client.get(reverse("registry_bo:organisation_list"), {"_export": "csv"}).content
    assert "05 – Estrie".encode() in export

    upload(estrie_client, export, name="export.csv")
    batch = ImportBatch.objects.latest("pk")
    assert (batch.status, batch.error_count, batch.unchanged_count) == (ImportStatus.PREVIEWED, 0, 2), batch.results


def test_labels_and_codes_are_accepted_in_french_and_english(estrie_client, estrie, bois):
    content = (
        "Nom;Type;Région;Taille;Créneaux\n"
        "A;Entreprise;05 – Estrie;Petite;Bois d'apparence\n"
        "B;enterprise;Estrie;Small;bois-estrie\n"
        "C;Enterprise;5;medium (100 to 499 employees);\n"
    )
    upload(estrie_client, content)
    batch = ImportBatch.objects.get()
    assert (batch.created_count, batch.error_count) == (3, 0), batch.results


def test_a_refused_value_lists_the_accepted_values(estrie_client, estrie):
    upload(estrie_client, "Nom;Type;Région;Taille;Leader\nA;Entreprise;Atlantide;Énorme;peut-être\n")
    errors = ImportBatch.objects.get().results[0]["errors"]
    assert any("Atlantide" in e and "05 – Estrie" in e for e in errors), errors
    assert any("Énorme" in e and "Petite (5 à 99 employés)" in e and "small" in e for e in errors), errors
    assert any("peut-être" in e and "oui" in e for e in errors), errors


def test_a_small_business_marked_large_is_refused_on_its_row(estrie_client, estrie):
    """The database would refuse it too, but mid-import: the row's check says it first."""
    upload(estrie_client, "Nom;Type;Région;Taille;Grande entreprise\nA;Entreprise;05;Petite;oui\n")
    errors = ImportBatch.objects.get().results[0]["errors"]
    assert any("Une grande entreprise compte au moins 100 employés" in e for e in errors), errors


def test_imported_organisations_stay_off_the_public_site_until_published(client, estrie_client, estrie, estrie_user):
    upload(estrie_client, "name,kind,region\nAtelier Caché,enterprise,05\n")
    batch = ImportBatch.objects.get()
    confirm(estrie_client, batch)
    org = Organisation.objects.get()
    assert (org.is_published, org.import_batch) == (False, batch)
    assert client.get(reverse("registry:organisation_detail", args=[org.slug])).status_code == 404
    assert "Atelier Caché" not in client.get(reverse("registry:organisation_list")).content.decode()
    detail = estrie_client.get(reverse("registry_bo:import_detail", args=[batch.pk]))
    assert detail.context["waiting_count"] == 1

    response = estrie_client.post(reverse("registry_bo:import_publish", args=[batch.pk]))
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.is_published
    latest = org.history.first()
    assert (latest.history_user, latest.is_published) == (estrie_user, True)
    assert latest.history_change_reason.startswith("Publi")
    assert client.get(reverse("registry:organisation_detail", args=[org.slug])).status_code == 200


def test_publishing_is_for_the_uploader_only_and_by_post(client, estrie_client, estrie, ministry_user):
    upload(estrie_client, "name,kind,region\nAtelier Caché,enterprise,05\n")
    batch = ImportBatch.objects.get()
    confirm(estrie_client, batch)
    url = reverse("registry_bo:import_publish", args=[batch.pk])
    assert estrie_client.get(url).status_code == 405
    assert client.post(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(ministry_user)
    assert client.post(url).status_code == 404  # another person's import
    assert not Organisation.objects.get().is_published


def test_the_preview_is_paginated_with_errors_first(estrie_client, estrie):
    lines = ["name,kind,region"] + [f"Org {n},enterprise,05" for n in range(120)] + ["Sans type,,05"]
    upload(estrie_client, "\n".join(lines) + "\n")
    batch = ImportBatch.objects.get()
    page = estrie_client.get(reverse("registry_bo:import_detail", args=[batch.pk])).context["page"]
    assert (len(page), page.paginator.num_pages) == (50, 3)
    assert page[0]["errors"] and page[0]["label"] == "Sans type"
    only_errors = estrie_client.get(reverse("registry_bo:import_detail", args=[batch.pk]), {"show": "errors"})
    assert [r["label"] for r in only_errors.context["page"]] == ["Sans type"]


def test_a_running_import_shows_its_progress_and_polls(estrie_client, estrie_user):
    batch = ImportBatch.objects.create(
        kind="organisations", file_name="a.csv", content=b"x", uploaded_by=estrie_user, row_count=3000, progress=750
    )
    response = estrie_client.get(reverse("registry_bo:import_detail", args=[batch.pk]))
    html = response.content.decode()
    assert '<progress id="import-progress-bar" max="3000" value="750">' in html
    assert 'http-equiv="refresh"' in html  # without JavaScript, the page reloads itself
    poll = estrie_client.get(
        reverse("registry_bo:import_detail", args=[batch.pk]), {"poll": 1}, headers={"HX-Request": "true"}
    )
    assert "<html" not in poll.content.decode() and 'value="750"' in poll.content.decode()
    batch.status = ImportStatus.PREVIEWED
    batch.save()
    done = estrie_client.get(
        reverse("registry_bo:import_detail", args=[batch.pk]), {"poll": 1}, headers={"HX-Request": "true"}
    )
    assert done.headers["HX-Refresh"] == "true"


def test_checking_a_file_makes_no_query_per_row(estrie, estrie_user, bois, django_assert_max_num_queries):
    from accord.registry import imports

    def check(count):
        lines = ["Nom;Type;Région;NEQ;Créneaux"]
        lines += [f"E{n};Entreprise;05;{1100000000 + n};bois-estrie" for n in range(count)]
        rows = imports.read_table("\n".join(lines).encode(), "a.csv")
        cols = imports._column_map(rows[0].keys(), imports.ORGANISATION_COLUMNS)
        return imports._plan_organisations(rows, cols, actor=estrie_user, progress=lambda done: None)

    with django_assert_max_num_queries(12):
        results, planned = check(300)
    assert len(planned) == 300 and all(r.ok for r in results)


@pytest.mark.parametrize("kind", ["organisations", "people"])
def test_the_template_imports_back_its_columns(estrie_client, estrie, kind):
    response = estrie_client.get(reverse("registry_bo:import_template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="accord-{kind}.csv"'
    from accord.registry import imports

    rows = imports.read_table(response.content, "t.csv")
    columns = imports.ORGANISATION_COLUMNS if kind == "organisations" else imports.PERSON_COLUMNS
    assert set(imports._column_map(rows[0].keys(), columns)) == set(columns)


def test_the_template_needs_the_power_to_import(client, outsider_client):
    url = reverse("registry_bo:import_template", args=["organisations"])
    assert client.get(url).status_code == 302
    assert outsider_client.get(url).status_code == 403


def test_one_unpublished_organisation_is_published_from_its_page(
    client, estrie_client, estrie, monteregie, estrie_user
):
    org = OrganisationFactory(region=estrie, is_published=False)
    detail = estrie_client.get(reverse("registry_bo:organisation_detail", args=[org.pk]))
    assert "Pas encore sur le site public" in detail.content.decode()
    url = reverse("registry_bo:organisation_publish", args=[org.pk])
    assert estrie_client.get(url).status_code == 405
    assert client.post(url).status_code == 302 and not Organisation.objects.get(pk=org.pk).is_published
    elsewhere = OrganisationFactory(region=monteregie, is_published=False)
    assert estrie_client.post(reverse("registry_bo:organisation_publish", args=[elsewhere.pk])).status_code == 404

    assert estrie_client.post(url).status_code == 302
    org.refresh_from_db()
    assert org.is_published and org.history.first().history_user == estrie_user
    assert not Organisation.objects.get(pk=elsewhere.pk).is_published


# --- People --------------------------------------------------------------------------------


def plan_people(actor, lines):
    from accord.registry import imports

    rows = imports.read_table("\n".join(lines).encode(), "people.csv")
    cols = imports._column_map(rows[0].keys(), imports.PERSON_COLUMNS)
    return imports._plan_people(rows, cols, actor=actor, progress=lambda done: None)


def test_checking_people_makes_no_query_per_row(estrie, estrie_user):
    OrganisationFactory(region=estrie, neq="1143281018", name="Atelier Magog")
    OrganisationFactory(region=estrie, name="Bois Franc inc.")
    for n in range(50):
        PersonFactory(region=estrie, email=f"known{n}@example.org")

    def check(count):
        lines = ["Prénom;Nom;Courriel;Région;Organisation"]
        for n in range(count):
            email = f"known{n}" if n % 2 else f"new{n}"
            organisation = ("1143-281-018", "atelier magog", "BOIS FRANC INC", "")[n % 4]
            lines.append(f"P{n};N{n};{email}@example.org;05;{organisation}")
        actor = User.objects.get(pk=estrie_user.pk)  # its scope read again, as in a task
        with CaptureQueriesContext(connection) as queries:
            results, planned = plan_people(actor, lines)
        assert len(planned) == count and {r.action for r in results} == {"create", "update"}
        assert {p.organisation.name for p in planned if p.organisation} == {"Atelier Magog", "Bois Franc inc."}
        return len(queries)

    assert check(5) == check(50) <= 10


def test_saving_people_costs_the_same_per_chunk_and_reads_nothing_per_row(estrie, estrie_user, monkeypatch):
    from accord.registry import imports

    monkeypatch.setattr(imports, "WRITE_CHUNK", 5)
    OrganisationFactory(region=estrie, neq="1143281018")

    def write(first, count):
        lines = ["Prénom;Nom;Courriel;Région;Organisation;Fonction"]
        lines += [f"P{n};N{n};p{n}@example.org;05;1143281018;DG" for n in range(first, first + count)]
        results, planned = plan_people(estrie_user, lines)
        saved = []
        with CaptureQueriesContext(connection) as queries:
            imports._write_people(planned, actor=estrie_user, reason="Import no. 1", progress=saved.append)
        assert all(r.ok for r in results) and saved == list(range(5, count + 1, 5))
        return [q["sql"] for q in queries]

    one_chunk, two_chunks = write(0, 5), write(5, 10)
    assert len(two_chunks) == 2 * len(one_chunk)
    assert not [sql for sql in two_chunks if sql.startswith("SELECT")]
    assert Affiliation.objects.filter(job_title="DG").count() == Person.objects.count() == 15
    who_and_why = {(estrie_user.pk, "Import no. 1")}
    assert set(Person.history.values_list("history_user", "history_change_reason")) == who_and_why
    assert set(Affiliation.history.values_list("history_user", "history_change_reason")) == who_and_why
    assert Affiliation.history.count() == 15


def test_a_person_tied_to_an_organisation_outside_the_region_is_refused_on_its_row(estrie_client, estrie, monteregie):
    granby = OrganisationFactory(region=monteregie, neq="2243281018", name="Granby Métal")
    upload(
        estrie_client,
        "Prénom,Nom,Courriel,Région,Organisation\nMarie,Côté,marie@example.org,05,2243281018\n"
        "Luc,Roy,luc@example.org,05,\n",
        kind="people",
    )
    batch = ImportBatch.objects.get()
    assert (batch.error_count, batch.created_count) == (1, 1)
    assert batch.results[0]["errors"] == [gettext("“%(name)s” is outside your region.") % {"name": granby}]
    assert confirm(estrie_client, batch).status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED and not Person.objects.exists()


def test_an_email_twice_in_a_file_is_refused_on_its_second_row(estrie_client, estrie):
    upload(
        estrie_client,
        "Prénom,Nom,Courriel,Région\nMarie,Côté,marie@example.org,05\nMarie,Côté-Roy,MARIE@Example.org,05\n",
        kind="people",
    )
    batch = ImportBatch.objects.get()
    assert [r["errors"] for r in batch.results] == [[], [gettext("Same email as row %(row)s.") % {"row": 2}]]


def test_an_email_taken_after_the_check_is_refused_on_its_row_and_the_others_are_saved(estrie, estrie_user):
    from accord.registry import imports

    lines = ["Prénom;Nom;Courriel;Région", "Marie;Côté;marie@example.org;05", "Luc;Roy;luc@example.org;05"]
    results, planned = plan_people(estrie_user, lines)
    PersonFactory(email="marie@example.org")  # saved by someone else between the check and the write
    imports._write_people(planned, actor=estrie_user, reason="Import", progress=lambda done: None)
    assert [(r.action, r.errors) for r in results] == [
        ("error", [gettext("Another person already has this email address.")]),
        ("create", []),
    ]
    assert Person.objects.get(email="luc@example.org").history.get().history_user == estrie_user
