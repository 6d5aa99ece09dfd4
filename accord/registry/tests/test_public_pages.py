"""Whole public pages (accord.core.public): kept under one version, answered conditionally, never stale.

Each kind of change the public site shows is made through its service, and the page that
shows it is right on the next request, though the page was served from the cache before.
"""

import datetime

import pytest
from django.urls import reverse

from accord.core import public
from accord.registry import services

from .factories import CreneauFactory, OrganisationFactory, PersonFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gaspesie():
    return RegionFactory(code="11", name="Gaspésie–Îles-de-la-Madeleine")


@pytest.fixture
def eolien(gaspesie):
    return CreneauFactory(slug="eolien", name_fr="Éolien", name_en="Wind energy", regions=[gaspesie])


def served_whole(client, address):
    """Ask twice: the second answer must come from the cache (one query: the version)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(address)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(address).content.decode()
    assert len(queries) == 1, [q["sql"] for q in queries.captured_queries]
    return page


def test_a_page_answers_a_conditional_request_with_304(client, eolien):
    first = client.get(eolien.get_absolute_url())
    assert first["ETag"] and "no-cache" in first["Cache-Control"] and "public" in first["Cache-Control"]
    again = client.get(eolien.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    # Another language, another address, or htmx's fragment: another tag.
    assert client.get("/en" + eolien.get_absolute_url())["ETag"] != first["ETag"]
    assert client.get(reverse("registry:creneau_list"))["ETag"] != first["ETag"]
    fragment = client.get(reverse("registry:creneau_list"), HTTP_HX_REQUEST="true")
    assert fragment["ETag"] != client.get(reverse("registry:creneau_list"))["ETag"]
    assert not fragment.content.decode().lstrip().startswith("<!doctype")


def test_a_change_changes_the_tag(client, eolien, ministry_user):
    tag = client.get(eolien.get_absolute_url())["ETag"]
    services.update_creneau(eolien, actor=ministry_user, data={"name_fr": "Filière éolienne"})
    response = client.get(eolien.get_absolute_url(), HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 200 and "Filière éolienne" in response.content.decode()


@pytest.fixture
def release(settings):
    """The release named by the deployment, read again by the test (release() is read once per process)."""
    public.release.cache_clear()
    yield settings
    public.release.cache_clear()


def test_a_new_release_changes_the_tag_and_the_page_kept(client, eolien, release):
    release.ACCORD_RELEASE = "2026.12.1"
    tag = client.get(eolien.get_absolute_url())["ETag"]
    # A deployment changes the pages without any write: what the previous release kept is not served.
    release.ACCORD_RELEASE = "2026.12.2"
    public.release.cache_clear()
    response = client.get(eolien.get_absolute_url(), HTTP_IF_NONE_MATCH=tag)
    assert response.status_code == 200 and response["ETag"] != tag


def test_without_a_name_the_release_is_the_digest_of_what_draws_the_pages(release, tmp_path):
    release.ACCORD_RELEASE = ""
    release.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>Avant</p>")
    before = public.release()
    assert public.release() == before  # the same in every request of the process
    page.write_text("<p>Après</p>")
    public.release.cache_clear()
    assert public.release() != before


def test_signed_in_readers_get_their_own_page(client, estrie_client, eolien):
    assert client.get("/")["ETag"]
    response = estrie_client.get("/")
    # Rendered for them (their menu, their sign-out form), and never kept for anyone else.
    assert not response.has_header("ETag") and response.context is not None
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "csrfmiddlewaretoken" not in client.get("/").content.decode()


def test_a_change_moves_the_version(eolien, ministry_user):
    before = public.version()
    services.update_creneau(eolien, actor=ministry_user, data={"name_en": "Wind"})
    assert public.version() == before + 1


def test_a_refused_change_leaves_the_version(client, eolien, outsider):
    before = public.version()
    with pytest.raises(Exception):  # noqa: B017, PT011  the policy refuses it, whatever its class
        services.update_creneau(eolien, actor=outsider, data={"name_fr": "Rien"})
    assert public.version() == before


# --- One per kind of change ----------------------------------------------------------------


def test_the_home_page_follows_a_new_creneau(client, gaspesie, eolien, ministry_user):
    assert "1 créneau" in served_whole(client, "/")
    services.create_creneau(
        actor=ministry_user,
        data={"name_fr": "Tourbe", "category": "leader", "recognition_stage": "recognised"},
        regions=[gaspesie],
    )
    assert "2 créneaux" in client.get("/").content.decode()


def test_the_region_page_follows_a_renamed_region_and_its_resource_status(client, gaspesie, eolien, ministry_user):
    address = reverse("registry:region_detail", args=["11"])
    page = served_whole(client, address)
    assert "Gaspésie" in page
    services.update_region(gaspesie, actor=ministry_user, data={"name": "Gaspésie et Îles"})
    assert "Gaspésie et Îles" in client.get(address).content.decode()
    assert "région ressource" not in served_whole(client, "/")
    services.add_resource_status(gaspesie, actor=ministry_user, valid_from=datetime.date(2008, 1, 1))
    assert "région ressource" in client.get("/").content.decode()


def test_the_region_page_follows_a_creneau_moved_to_it(client, gaspesie, eolien, ministry_user):
    estrie = RegionFactory(code="05", name="Estrie")
    address = reverse("registry:region_detail", args=["05"])
    assert "Éolien" not in served_whole(client, address)
    services.set_creneau_regions(eolien, [gaspesie, estrie], actor=ministry_user)
    assert "Éolien" in client.get(address).content.decode()


def test_the_fiche_follows_a_new_member_and_a_renamed_coordinator(client, gaspesie, eolien, ministry_user):
    coordinator = PersonFactory(first_name="Annie", last_name="Côté")
    services.record_coordinator(eolien, coordinator, actor=ministry_user)
    served_whole(client, eolien.get_absolute_url())
    organisation = OrganisationFactory(name="Pales du Golfe", region=gaspesie)
    services.set_memberships(organisation, [eolien], actor=ministry_user)
    services.update_person(coordinator, actor=ministry_user, data={"last_name": "Côté-Leblanc"})
    page = client.get(eolien.get_absolute_url()).content.decode()
    assert "Pales du Golfe" in page and "Annie Côté-Leblanc" in page


def test_the_directory_and_search_follow_a_new_organisation(client, gaspesie, ministry_user):
    directory = reverse("registry:organisation_list")
    search = reverse("registry:search") + "?q=golfe"
    assert "Pales du Golfe" not in served_whole(client, directory)
    assert "Pales du Golfe" not in served_whole(client, search)
    created = services.create_organisation(
        actor=ministry_user, data={"name": "Pales du Golfe", "kind": "enterprise", "region": gaspesie}
    )
    assert "Pales du Golfe" in client.get(directory).content.decode()
    assert "Pales du Golfe" in client.get(search).content.decode()
    served_whole(client, created.get_absolute_url())
    services.update_organisation(created, actor=ministry_user, data={"city": "Matane"})
    assert "Matane" in client.get(created.get_absolute_url()).content.decode()


def test_the_fiche_flags_a_missing_coordinator_to_staff_only(client, ministry_client, eolien):
    """Visitors read that no coordinator is recorded; staff who edit the niche see the flag (decision 23)."""
    address = eolien.get_absolute_url()
    public_page = served_whole(client, address)
    assert "Non précisé" in public_page and "badge missing" not in public_page
    assert '<span class="badge missing">Aucun coordonnateur</span>' in ministry_client.get(address).content.decode()
