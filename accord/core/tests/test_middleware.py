"""Addresses that no view should ever see."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    [
        "/regions/%00/",
        "/en/regions/%00/",
        "/regions/05%00/",
        "/organisations/?q=%00",
        "/organisations/?q=bois%00",
        "/creneaux/?category=%00",
        "/api/v1/organisations/?search=%00",
        "/api/v1/regions/?code=%00",
    ],
)
def test_a_nul_character_in_the_address_is_a_bad_request_not_a_crash(client, address):
    """PostgreSQL refuses NUL in text: such an address used to reach the database and answer 500."""
    response = client.get(address)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
    assert "Demande invalide" in response.content.decode()


def test_a_nul_character_in_a_signed_in_page_is_refused_too(client, django_user_model):
    user = django_user_model.objects.create_user(email="agent@example.org", password="x")
    client.force_login(user)
    assert client.get("/gestion/regions/%00/").status_code == 400
    assert client.get("/gestion/organisations/?q=%00").status_code == 400


def test_addresses_without_nul_are_untouched(client):
    assert client.get("/organisations/?q=bois").status_code == 200
    assert client.get("/regions/%2500/").status_code == 404  # an escaped percent sign is no NUL


def test_the_favicon_is_served_where_browsers_ask_for_it(client):
    """Walkthrough A: every page logged a 404 for /favicon.ico."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
    assert 'rel="icon"' in client.get("/").content.decode()
