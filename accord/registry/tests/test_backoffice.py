import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from accord.registry.models import ImportBatch, Organisation, Person, ResourceRegionStatus

from .factories import AffiliationFactory, CreneauFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


# --- Access: anonymous, no role, out of scope, wrong role, wrong method ---------------------


@pytest.mark.parametrize(
    "name",
    ["registry_bo:dashboard", "registry_bo:organisation_list", "registry_bo:person_list", "registry_bo:import_new"],
)
def test_anonymous_visitors_are_sent_to_sign_in(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.parametrize("name", ["registry_bo:dashboard", "registry_bo:organisation_list", "registry_bo:creneau_list"])
def test_signed_in_users_without_a_staff_role_get_403(outsider_client, name):
    assert outsider_client.get(reverse(name)).status_code == 403


def test_records_outside_the_region_are_404(estrie_client, monteregie):
    org = OrganisationFactory(region=monteregie)
    person = PersonFactory(region=monteregie)
    for url in [
        reverse("registry_bo:organisation_detail", args=[org.pk]),
        reverse("registry_bo:organisation_edit", args=[org.pk]),
        reverse("registry_bo:organisation_history", args=[org.pk]),
        reverse("registry_bo:person_detail", args=[person.pk]),
        reverse("registry_bo:region_detail", args=[monteregie.code]),
    ]:
        assert estrie_client.get(url).status_code == 404, url


def test_regional_office_may_not_do_ministry_actions(estrie_client, estrie):
    assert estrie_client.get(reverse("registry_bo:creneau_create")).status_code == 403
    assert estrie_client.get(reverse("registry_bo:region_edit", args=["05"])).status_code == 403
    response = estrie_client.post(reverse("registry_bo:resource_status_add", args=["05"]), {"valid_from": "2020-01-01"})
    assert response.status_code == 403
    assert not ResourceRegionStatus.objects.exists()


def test_wrong_methods_are_405(estrie_client, estrie):
    person = PersonFactory(region=estrie)
    assert estrie_client.post(reverse("registry_bo:organisation_list")).status_code == 405
    assert estrie_client.get(reverse("registry_bo:affiliation_add", args=[person.pk])).status_code == 405
    assert estrie_client.delete(reverse("registry_bo:organisation_create")).status_code == 405


# --- Organisation list ---------------------------------------------------------------------


def test_organisation_list_is_scoped_filtered_and_sorted(estrie_client, estrie, monteregie):
    OrganisationFactory(name="Bois Magog", region=estrie, kind="enterprise")
    OrganisationFactory(name="Atelier Sherbrooke", region=estrie, kind="enterprise")
    OrganisationFactory(name="Cégep de Sherbrooke", region=estrie, kind="college_university")
    OrganisationFactory(name="Granby Métal", region=monteregie)

    response = estrie_client.get(reverse("registry_bo:organisation_list"), {"kind": "enterprise", "sort": "-name"})

    names = [row.record.name for row in response.context["table"].paginated_rows]
    assert names == ["Bois Magog", "Atelier Sherbrooke"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_organisation_list_search_ignores_accents(estrie_client, estrie):
    OrganisationFactory(name="Cégep de Sherbrooke", region=estrie, kind="college_university")
    response = estrie_client.get(reverse("registry_bo:organisation_list"), {"q": "CEGEP"})
    assert [r.record.name for r in response.context["table"].paginated_rows] == ["Cégep de Sherbrooke"]


def test_organisation_list_query_count_does_not_grow(ministry_client, estrie, django_assert_num_queries):
    creneau = CreneauFactory(regions=[estrie])
    for _ in range(30):
        OrganisationFactory(region=estrie, creneaux=[creneau])
    # user, roles, the region filtered on, count, page, regions and créneaux of the page, the filter's regions
    with django_assert_num_queries(8):
        response = ministry_client.get(reverse("registry_bo:organisation_list"), {"region": "05", "q": "entreprise"})
    assert response.context["table"].paginator.count == 30


def test_organisation_list_htmx_returns_the_results_fragment(estrie_client, estrie):
    response = estrie_client.get(reverse("registry_bo:organisation_list"), HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<div id="results"')


def test_organisation_export_csv_has_every_filtered_row(estrie_client, estrie, settings):
    settings.ACCORD_PAGE_SIZE = 2
    for n in range(5):
        OrganisationFactory(name=f"=Entreprise {n}", region=estrie, neq=f"114328101{n}")
    response = estrie_client.get(reverse("registry_bo:organisation_list"), {"_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="organisations-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Nom", "Type"]
    assert len(rows) == 6
    # A formula-looking name is neutralised for spreadsheets.
    assert rows[1][0] == "'=Entreprise 0"


def test_organisation_export_xlsx_opens_in_a_spreadsheet(estrie_client, estrie):
    OrganisationFactory(name="Atelier Magog", region=estrie, is_leader=True)
    response = estrie_client.get(reverse("registry_bo:organisation_list"), {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[1][0] == "Atelier Magog"
    assert "Oui" in values[1]


# --- Organisation forms --------------------------------------------------------------------


def test_create_organisation_through_the_form(estrie_client, estrie):
    creneau = CreneauFactory(regions=[estrie])
    response = estrie_client.post(
        reverse("registry_bo:organisation_create"),
        {
            "name": "Meubles Orford",
            "kind": "enterprise",
            "region": estrie.pk,
            "neq": "1143 281 018",
            "creneaux": [creneau.pk],
        },
    )
    org = Organisation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry_bo:organisation_detail", args=[org.pk])
    assert (org.neq, list(org.creneaux.all())) == ("1143281018", [creneau])


def test_invalid_form_is_shown_again_with_french_messages_and_saves_nothing(estrie_client, estrie):
    response = estrie_client.post(
        reverse("registry_bo:organisation_create"),
        {"name": "", "kind": "research_centre", "region": estrie.pk, "neq": "99", "is_leader": "on"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ce champ est obligatoire." in html
    assert 'aria-invalid="true"' in html
    assert not Organisation.objects.exists()


def test_regional_office_cannot_pick_another_region_in_the_form(estrie_client, estrie, monteregie):
    response = estrie_client.post(
        reverse("registry_bo:organisation_create"), {"name": "X", "kind": "enterprise", "region": monteregie.pk}
    )
    assert response.status_code == 400
    assert not Organisation.objects.exists()


def test_edit_then_history_shows_who_what_and_why(estrie_client, estrie, estrie_user):
    org = OrganisationFactory(name="Atelier Magog", region=estrie, city="Magog")
    data = {
        "name": org.name,
        "kind": "enterprise",
        "region": estrie.pk,
        "city": "Sherbrooke",
        "email": org.email,
        "phone": org.phone,
        "reason": "Déménagement",
    }

    response = estrie_client.post(reverse("registry_bo:organisation_edit", args=[org.pk]), data)
    assert response.status_code == 302

    history = estrie_client.get(reverse("registry_bo:organisation_history", args=[org.pk]))
    entry = history.context["entries"][0]
    assert (entry.action, entry.who, entry.reason) == ("changed", estrie_user, "Déménagement")
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("Ville", "Magog", "Sherbrooke")]
    html = history.content.decode()
    assert "Magog" in html and "Sherbrooke" in html and "Daniel Estrie" in html


def test_organisation_detail_query_count(estrie_client, estrie, django_assert_num_queries):
    org = OrganisationFactory(region=estrie, creneaux=[CreneauFactory(regions=[estrie])])
    AffiliationFactory(organisation=org)
    with django_assert_num_queries(5):
        assert estrie_client.get(reverse("registry_bo:organisation_detail", args=[org.pk])).status_code == 200


# --- People --------------------------------------------------------------------------------


def test_person_list_shows_people_of_the_region_and_of_its_organisations(estrie_client, estrie, monteregie):
    own = PersonFactory(region=estrie, last_name="Gagnon")
    linked = PersonFactory(region=monteregie, last_name="Roy")
    AffiliationFactory(person=linked, organisation=OrganisationFactory(region=estrie))
    PersonFactory(region=monteregie, last_name="Côté")
    response = estrie_client.get(reverse("registry_bo:person_list"))
    assert {r.record for r in response.context["table"].paginated_rows} == {own, linked}


def test_person_list_query_count_does_not_grow(estrie_client, estrie, django_assert_num_queries):
    for _ in range(20):
        AffiliationFactory(person=PersonFactory(region=estrie), organisation=OrganisationFactory(region=estrie))
    # user, roles, regions of the filter (then cached), count, page, regions and affiliations of the page
    with django_assert_num_queries(7):
        estrie_client.get(reverse("registry_bo:person_list"))


def test_person_details_are_shown_in_the_back_office(estrie_client, estrie):
    person = PersonFactory(region=estrie, email="marie@example.org")
    assert (
        "marie@example.org"
        in estrie_client.get(reverse("registry_bo:person_detail", args=[person.pk])).content.decode()
    )


def test_link_and_unlink_a_person_and_an_organisation(estrie_client, estrie):
    person = PersonFactory(region=estrie)
    org = OrganisationFactory(name="Atelier Orford", region=estrie)
    found = estrie_client.get(reverse("registry_bo:person_detail", args=[person.pk]), {"organisation_q": "orford"})
    assert found.context["candidates"] == [org]

    estrie_client.post(
        reverse("registry_bo:affiliation_add", args=[person.pk]), {"organisation": org.pk, "job_title": "VP"}
    )
    affiliation = person.affiliations.get()
    assert (affiliation.organisation, affiliation.job_title) == (org, "VP")

    estrie_client.post(reverse("registry_bo:affiliation_remove", args=[person.pk, affiliation.pk]))
    assert not person.affiliations.exists()


def test_create_person_with_invalid_email_is_refused(estrie_client, estrie):
    response = estrie_client.post(
        reverse("registry_bo:person_create"),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "pas-un-courriel",
            "region": estrie.pk,
            "preferred_language": "fr",
        },
    )
    assert response.status_code == 400
    assert not Person.objects.exists()


# --- Créneaux and regions ------------------------------------------------------------------


def test_regional_office_edit_ignores_status_fields(estrie_client, estrie):
    creneau = CreneauFactory(regions=[estrie], category="emerging", name_fr="Bois")
    response = estrie_client.post(
        reverse("registry_bo:creneau_edit", args=[creneau.pk]),
        {
            "name_fr": "Bois d'apparence",
            "category": "leader",
            "recognition_stage": "recognised",
            "regions": [estrie.pk],
        },
    )
    assert response.status_code == 302
    creneau.refresh_from_db()
    assert (creneau.name_fr, creneau.category) == ("Bois d'apparence", "emerging")


def test_ministry_adds_and_closes_a_resource_region_period(ministry_client, estrie):
    url = reverse("registry_bo:resource_status_add", args=["05"])
    assert ministry_client.post(url, {"valid_from": "2008-01-01", "source": "Liste 2008"}).status_code == 302
    status = ResourceRegionStatus.objects.get()
    overlapping = ministry_client.post(url, {"valid_from": "2009-01-01"})
    assert overlapping.status_code == 400
    assert ResourceRegionStatus.objects.count() == 1
    ministry_client.post(reverse("registry_bo:resource_status_end", args=["05", status.pk]), {"valid_to": "2020-12-31"})
    status.refresh_from_db()
    assert str(status.valid_to) == "2020-12-31"
    history = ministry_client.get(reverse("registry_bo:region_history", args=["05"]))
    entries = [(e.action, e.subject) for e in history.context["entries"]]
    assert entries[:2] == [("changed", "Statut de région ressource"), ("created", "Statut de région ressource")]


def test_creneau_list_query_count(ministry_client, estrie, django_assert_num_queries):
    for _ in range(10):
        CreneauFactory(regions=[estrie])
    # user, roles, count, page, regions of the page, regions of the filter's select
    with django_assert_num_queries(6):
        ministry_client.get(reverse("registry_bo:creneau_list"))


def test_dashboard_counts_what_the_user_manages(estrie_client, estrie, monteregie):
    OrganisationFactory(region=estrie)
    OrganisationFactory(region=monteregie)
    response = estrie_client.get(reverse("registry_bo:dashboard"))
    assert response.context["organisation_count"] == 1


def test_region_list_query_count(ministry_client, estrie, monteregie, django_assert_num_queries):
    CreneauFactory(regions=[estrie])
    # user, roles, count, regions with status and créneau counts
    with django_assert_num_queries(4):
        response = ministry_client.get(reverse("registry_bo:region_list"))
    rows = [(r.record.code, r.record.creneau_count) for r in response.context["table"].paginated_rows]
    assert rows == [("05", 1), ("16", 0)]
    export = ministry_client.get(reverse("registry_bo:region_list"), {"_export": "csv"}).content.decode("utf-8-sig")
    assert export.splitlines()[1].startswith("05,Estrie,Non,1")


def test_import_list_query_count(estrie_client, estrie_user, django_assert_num_queries):
    for n in range(5):
        ImportBatch.objects.create(kind="organisations", file_name=f"{n}.csv", content=b"", uploaded_by=estrie_user)
    # user, roles, the user's imports
    with django_assert_num_queries(3):
        response = estrie_client.get(reverse("registry_bo:import_list"))
    assert len(response.context["batches"]) == 5


@pytest.mark.parametrize(
    "name",
    ["registry_bo:organisation_list", "registry_bo:person_list", "registry_bo:creneau_list", "registry_bo:region_list"],
)
def test_every_row_has_one_cell_per_column(ministry_client, estrie, name):
    creneau = CreneauFactory(regions=[estrie])
    AffiliationFactory(
        person=PersonFactory(region=estrie), organisation=OrganisationFactory(region=estrie, creneaux=[creneau])
    )
    html = ministry_client.get(reverse(name)).content.decode()
    header_cells = html.count('<th scope="col"')
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = [row for row in body.split("<tr") if row.strip()]
    assert rows
    assert all(row.count("<td") == header_cells for row in rows)


def test_organisation_rows_escape_names(ministry_client, estrie):
    OrganisationFactory(name="<script>alert(1)</script> & fils", region=estrie)
    html = ministry_client.get(reverse("registry_bo:organisation_list")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; fils" in html


def test_the_list_total_follows_a_new_organisation_on_the_next_request(ministry_client, estrie, ministry_user):
    from accord.registry import services

    for _ in range(3):
        OrganisationFactory(region=estrie)
    listing = reverse("registry_bo:organisation_list")
    assert ministry_client.get(listing).context["table"].paginator.count == 3
    services.create_organisation(actor=ministry_user, data={"name": "Nouvelle", "kind": "other", "region": estrie})
    assert ministry_client.get(listing).context["table"].paginator.count == 4


def test_the_people_total_follows_a_new_affiliation(estrie_client, estrie, monteregie, ministry_user):
    from accord.registry import services

    PersonFactory(region=estrie)
    outsider = PersonFactory(region=monteregie)
    organisation = OrganisationFactory(region=estrie)
    listing = reverse("registry_bo:person_list")
    assert estrie_client.get(listing).context["table"].paginator.count == 1
    # A person of another region joins an Estrie organisation: the office now manages them.
    services.add_affiliation(outsider, organisation, actor=ministry_user, reason="Nouvelle recrue")
    assert estrie_client.get(listing).context["table"].paginator.count == 2


def test_a_search_count_follows_a_new_match_on_the_next_request(ministry_client, estrie, ministry_user):
    from accord.registry import services

    for name in ("Atelier Sherbrooke", "Bois Sherbrooke", "Granby Métal"):
        OrganisationFactory(name=name, region=estrie, city="Magog")
    listing = reverse("registry_bo:organisation_list")
    assert ministry_client.get(listing, {"q": "sherbrooke"}).context["table"].paginator.count == 2
    assert ministry_client.get(listing, {"q": "sherbrooke", "sort": "-name"}).context["table"].paginator.count == 2
    services.create_organisation(
        actor=ministry_user, data={"name": "Cégep de Sherbrooke", "kind": "other", "region": estrie}
    )
    assert ministry_client.get(listing, {"q": "sherbrooke"}).context["table"].paginator.count == 3
    assert ministry_client.get(listing, {"q": "granby"}).context["table"].paginator.count == 1
