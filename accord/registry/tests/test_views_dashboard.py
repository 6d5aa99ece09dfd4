import pytest
from django.urls import reverse

from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db


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


def test_dashboard_names_what_the_user_manages_and_counts_no_registry_rows(estrie_client, estrie, monteregie):
    OrganisationFactory(region=estrie)
    OrganisationFactory(region=monteregie)
    response = estrie_client.get(reverse("registry_bo:dashboard"))
    assert "Estrie" in response.content.decode() and "Montérégie" not in response.content.decode()
    # Organisations and people are counted on their lists, not on every sign-in (a million rows).
    assert "organisation_count" not in response.context and "person_count" not in response.context
    assert reverse("registry_bo:organisation_list") in response.content.decode()
