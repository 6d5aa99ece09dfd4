import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accord.accounts import services
from accord.accounts.models import RoleAssignment, User
from accord.accounts.policies import can_access_backoffice, scope_for

from .factories import PASSWORD, UserFactory, grant

pytestmark = pytest.mark.django_db


# --- Model and constraints -----------------------------------------------------------------


def test_emails_are_stored_in_lower_case_and_unique():
    user = User.objects.create_user("Marie@Example.ORG", "x")
    assert user.email == "marie@example.org"
    assert User.objects.get_by_natural_key("MARIE@example.org") == user
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Other@Example.org")


def test_role_scope_must_match_the_role(estrie):
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role="regional_office", region=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role="ministry", region=estrie)


# --- Scope ---------------------------------------------------------------------------------


def test_scope_follows_current_roles_only(estrie, monteregie):
    user = UserFactory()
    grant(user, "regional_office", estrie)
    grant(user, "regional_office", monteregie, starts_on=datetime.date(2000, 1, 1), ends_on=datetime.date(2001, 1, 1))
    grant(user, "ministry", starts_on=datetime.date.today() + datetime.timedelta(days=3))
    scope = scope_for(user)
    assert (scope.program_wide, scope.region_ids) == (False, frozenset({estrie.pk}))


def test_scope_is_computed_with_one_query_per_request(estrie_user, django_assert_num_queries):
    with django_assert_num_queries(1):
        scope_for(estrie_user)
        scope_for(estrie_user)


def test_anonymous_inactive_and_superusers(rf, estrie):
    from django.contrib.auth.models import AnonymousUser

    assert not can_access_backoffice(AnonymousUser())
    inactive = UserFactory(is_active=False)
    grant(inactive, "ministry")
    assert not can_access_backoffice(inactive)
    assert scope_for(UserFactory(is_superuser=True)).program_wide


# --- Services ------------------------------------------------------------------------------


def test_ministry_opens_an_account_and_an_invitation_is_sent(ministry_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = services.create_user(
            actor=ministry_user, email="New@Example.org", first_name="Nadia", base_url="https://accord.example"
        )
    assert user.email == "new@example.org" and not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.org"]
    assert re.search(r"https://accord\.example/compte/mot-de-passe/nouveau/\S+/\S+/", message.body)
    assert user.history.get().history_user == ministry_user


def test_only_the_ministry_opens_accounts_and_grants_roles(estrie_user, estrie):
    with pytest.raises(PermissionDenied):
        services.create_user(actor=estrie_user, email="x@example.org")
    with pytest.raises(PermissionDenied):
        services.grant_role(estrie_user, actor=estrie_user, role="ministry")
    assert not User.objects.filter(email="x@example.org").exists()


def test_grant_and_end_a_role(ministry_user, estrie):
    user = UserFactory()
    assignment = services.grant_role(user, actor=ministry_user, role="regional_office", region=estrie, note="Arrivée")
    assert scope_for(user).region_ids == frozenset({estrie.pk})
    with pytest.raises(ValidationError):
        services.grant_role(user, actor=ministry_user, role="regional_office", region=estrie)
    services.end_role(assignment, actor=ministry_user, reason="Départ")
    assert not scope_for(User.objects.get(pk=user.pk)).is_staff
    assignment.refresh_from_db()
    assert assignment.ends_on == datetime.date.today()
    assert [r.history_type for r in assignment.history.order_by("history_date")] == ["+", "~"]


def test_a_minister_cannot_end_their_own_ministry_role(ministry_user):
    assignment = ministry_user.role_assignments.get()
    with pytest.raises(ValidationError):
        services.end_role(assignment, actor=ministry_user)


# --- Sign-in, throttling, password reset ---------------------------------------------------


def test_sign_in_with_email_and_password(client, estrie_user):
    response = client.post(reverse("accounts:login"), {"username": "Estrie@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("landing")


def test_wrong_password_shows_a_french_message(client, estrie_user):
    response = client.post(reverse("accounts:login"), {"username": "estrie@example.org", "password": "wrong"})
    assert response.status_code == 200
    assert "Saisissez" in response.content.decode()


def test_repeated_failures_lock_the_address_out(client, estrie_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "estrie@example.org", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "estrie@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sign_out_is_post_only(client, estrie_user):
    client.force_login(estrie_user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_email_is_queued_and_the_link_works(client, estrie_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "ESTRIE@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    new_password = "un-nouveau-mot-de-passe-solide"
    client.post(form_page.request["PATH_INFO"], {"new_password1": new_password, "new_password2": new_password})
    estrie_user.refresh_from_db()
    assert estrie_user.check_password(new_password)


def test_password_reset_for_an_unknown_address_sends_nothing(client):
    client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert mail.outbox == []


# --- Back office -----------------------------------------------------------------------------


def test_user_management_is_for_the_ministry(ministry_client, estrie_client, estrie_user):
    assert ministry_client.get(reverse("accounts_bo:user_list")).status_code == 200
    assert estrie_client.get(reverse("accounts_bo:user_list")).status_code == 403
    assert estrie_client.get(reverse("accounts_bo:user_detail", args=[estrie_user.pk])).status_code == 403


def test_user_list_query_count(ministry_client, estrie, django_assert_num_queries):
    for _ in range(10):
        grant(UserFactory(), "regional_office", estrie)
    # user, roles, count, page, role assignments of the page (with regions)
    with django_assert_num_queries(6):
        ministry_client.get(reverse("accounts_bo:user_list"))


def test_grant_a_role_through_the_page(ministry_client, estrie):
    user = UserFactory()
    url = reverse("accounts_bo:role_grant", args=[user.pk])
    response = ministry_client.post(url, {"role": "regional_office"})
    assert response.status_code == 400  # a regional office needs its region
    assert not user.role_assignments.exists()
    ministry_client.post(url, {"role": "regional_office", "region": estrie.pk, "note": "Nouvelle conseillère"})
    assert user.role_assignments.get().region == estrie
