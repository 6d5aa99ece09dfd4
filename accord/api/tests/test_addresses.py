"""Addresses of the API as a new user types them: a malformed id is no such record (404),
never a query that fails (500)."""

from __future__ import annotations

import re

import pytest
from django.urls import URLResolver, get_resolver
from django.utils import translation
from rest_framework.exceptions import NotFound
from rest_framework.test import APIClient

from accord.accounts.tests.factories import UserFactory, grant

#: Every named group of an API address that names a record by its number.
ID_GROUP = re.compile(r"\(\?P<(?P<name>\w*pk|disbursement)>(?P<pattern>[^)]*)\)")


def _api_routes() -> list[str]:
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return [route for route in walk(get_resolver().url_patterns) if route.startswith("api/v1/")]


def test_every_id_in_an_api_address_takes_digits_only():
    routes = [route for route in _api_routes() if ID_GROUP.search(route)]
    assert routes, "the walk found no address with an id"
    loose = [route for route in routes for m in ID_GROUP.finditer(route) if m.group("pattern") != "[0-9]+"]
    assert not loose


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/organisations/null,null/",
        "/api/v1/envelopes/null,null/",
        "/api/v1/meetings/null,null/",
        "/api/v1/meetings/null,null/attendance/",
        "/api/v1/resolutions/null,null/",
        "/api/v1/projects/null,null/",
        "/api/v1/projects/null,null/claim/",
        "/api/v1/projects/1/disbursements/null,null/decide/",
        "/api/v1/projects/-1/",
        "/api/v1/projects/1.5/",
    ],
)
def test_a_malformed_id_is_no_such_record(address):
    """Found by a new user: `/api/v1/organisations/null,null/` was said to answer 500."""
    ministry = UserFactory()
    grant(ministry, "ministry")
    client = APIClient()
    client.force_authenticate(ministry)
    assert client.get(address).status_code == 404
    assert client.post(address, {}, format="json").status_code == 404


@pytest.mark.django_db
def test_the_docs_tell_how_to_send_the_token():
    """Walkthrough H: the description read `send "Authorization: Token ".`, its placeholder lost as an HTML tag."""
    schema = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    assert "`Authorization: Token YOUR_TOKEN`" in schema["info"]["description"]
    assert "<token>" not in schema["info"]["description"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_an_unknown_api_address_answers_in_json(client, language):
    response = client.get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    # The words of the API's own 404s (Django REST framework's), in the caller's language.
    with translation.override(language):
        assert response.json() == {"detail": str(NotFound.default_detail)}
    assert response.json()["detail"] == ("Non trouvé." if language == "fr" else "Not found.")


@pytest.mark.django_db
def test_an_unknown_page_is_still_a_page(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
