import pytest
from django.urls import reverse

from .factories import AffiliationFactory, CreneauFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


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
