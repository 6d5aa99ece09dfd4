import pytest
from django.urls import reverse

from .factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    url = reverse("accounts_bo:user_list")
    assert client.get(url)["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_user_management_is_for_the_ministry(ministry_client, estrie_client, outsider_client, estrie_user):
    assert ministry_client.get(reverse("accounts_bo:user_list")).status_code == 200
    assert estrie_client.get(reverse("accounts_bo:user_list")).status_code == 403
    assert estrie_client.get(reverse("accounts_bo:user_detail", args=[estrie_user.pk])).status_code == 403
    assert outsider_client.get(reverse("accounts_bo:user_list")).status_code == 403


def test_user_list_query_count(ministry_client, estrie, django_assert_num_queries):
    for _ in range(10):
        grant(UserFactory(), "regional_office", estrie)
    # user, roles, count, page, role assignments of the page (with regions)
    with django_assert_num_queries(6):
        ministry_client.get(reverse("accounts_bo:user_list"))


def test_open_an_account_through_the_page(ministry_client, estrie_user):
    url = reverse("accounts_bo:user_create")
    response = ministry_client.post(url, {"email": "ESTRIE@example.org", "preferred_language": "fr"})
    assert response.status_code == 400  # the address has an account already
    assert response.context["form"].errors["email"]
    response = ministry_client.post(url, {"email": "new@example.org", "preferred_language": "fr"})
    assert response.status_code == 302


def test_grant_a_role_through_the_page(ministry_client, estrie):
    user = UserFactory()
    url = reverse("accounts_bo:role_grant", args=[user.pk])
    response = ministry_client.post(url, {"role": "regional_office"})
    assert response.status_code == 400  # a regional office needs its region
    assert not user.role_assignments.exists()
    ministry_client.post(url, {"role": "regional_office", "region": estrie.pk, "note": "Nouvelle conseillère"})
    assert user.role_assignments.get().region == estrie


def test_end_a_role_through_the_page(ministry_client, ministry_user, estrie):
    user = UserFactory()
    assignment = grant(user, "regional_office", estrie)
    detail = reverse("accounts_bo:user_detail", args=[user.pk])
    response = ministry_client.post(reverse("accounts_bo:role_end", args=[user.pk, assignment.pk]), follow=True)
    assert response.redirect_chain == [(detail, 302)]
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
    assignment.refresh_from_db()
    assert assignment.ends_on is not None
    # Refused by the service: the reason comes back as a message, nothing changes.
    own = ministry_user.role_assignments.get()
    refused = ministry_client.post(reverse("accounts_bo:role_end", args=[ministry_user.pk, own.pk]), follow=True)
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    own.refresh_from_db()
    assert own.ends_on is None
