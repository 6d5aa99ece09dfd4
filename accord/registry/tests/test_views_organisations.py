import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from accord.registry import services
from accord.registry.models import Organisation

from .factories import AffiliationFactory, CreneauFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_organisations_outside_the_region_are_404(estrie_client, monteregie):
    org = OrganisationFactory(region=monteregie)
    for name in ["organisation_detail", "organisation_edit", "organisation_history"]:
        assert estrie_client.get(reverse(f"registry_bo:{name}", args=[org.pk])).status_code == 404, name


def test_wrong_methods_are_405(estrie_client, estrie):
    assert estrie_client.post(reverse("registry_bo:organisation_list")).status_code == 405
    assert estrie_client.delete(reverse("registry_bo:organisation_create")).status_code == 405


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


def test_organisation_rows_escape_names(ministry_client, estrie):
    OrganisationFactory(name="<script>alert(1)</script> & fils", region=estrie)
    html = ministry_client.get(reverse("registry_bo:organisation_list")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; fils" in html


def test_the_list_total_follows_a_new_organisation_on_the_next_request(ministry_client, estrie, ministry_user):
    for _ in range(3):
        OrganisationFactory(region=estrie)
    listing = reverse("registry_bo:organisation_list")
    assert ministry_client.get(listing).context["table"].paginator.count == 3
    services.create_organisation(actor=ministry_user, data={"name": "Nouvelle", "kind": "other", "region": estrie})
    assert ministry_client.get(listing).context["table"].paginator.count == 4


def test_a_search_count_follows_a_new_match_on_the_next_request(ministry_client, estrie, ministry_user):
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


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("fr", "Une grande entreprise compte au moins 100 employés"),
        ("en", "A large enterprise has at least 100 employees"),
    ],
)
def test_a_small_business_is_not_a_large_enterprise(estrie_client, estrie, language, message):
    """Walkthrough B: "Small (5 to 99 employees)" and "Large enterprise: yes" were shown together."""
    with translation.override(language):
        address = reverse("registry_bo:organisation_create")
    data = {"name": "Meubles Orford", "kind": "enterprise", "region": estrie.pk, "is_large_enterprise": "on"}
    response = estrie_client.post(address, {**data, "size_band": "small"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Organisation.objects.exists()
    assert estrie_client.post(address, {**data, "size_band": "medium"}).status_code == 302


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
