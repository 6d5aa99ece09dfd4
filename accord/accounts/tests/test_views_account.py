"""The account page: one's own API tokens, created (shown once) and revoked."""

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from accord.accounts import services

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ACCOUNT = reverse("accounts:account")
CREATE = reverse("accounts:token_create")


def works(token):
    return APIClient().get("/api/v1/committees/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(ACCOUNT).status_code == 302
    assert client.post(CREATE).status_code == 302
    assert not AuthToken.objects.exists()


def test_wrong_methods(estrie_client):
    assert estrie_client.post(ACCOUNT).status_code == 405
    assert estrie_client.get(CREATE).status_code == 405


def test_a_created_token_is_shown_once_and_works(estrie_client, estrie_user):
    response = estrie_client.post(CREATE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = re.search(r'<code class="token" id="new-token">(\w+)</code>', response.content.decode()).group(1)
    assert works(token)
    page = estrie_client.get(ACCOUNT).content.decode()
    assert token[:15] in page and token not in page


def test_the_page_lists_only_ones_own_tokens(estrie_client, estrie_user, ministry_user):
    mine, _ = services.create_api_token(estrie_user, actor=estrie_user)
    theirs, _ = services.create_api_token(ministry_user, actor=ministry_user)
    services.create_api_token(estrie_user, actor=estrie_user)
    response = estrie_client.get(ACCOUNT)
    assert [t.token_key for t in response.context["tokens"]].count(mine.token_key) == 1
    assert theirs.token_key not in response.content.decode()
    assert len(response.context["tokens"]) == 2


def test_revoking_a_token_ends_it(estrie_client, estrie_user):
    instance, token = services.create_api_token(estrie_user, actor=estrie_user)
    response = estrie_client.post(reverse("accounts:token_revoke", args=[instance.token_key]))
    assert response.status_code == 302
    assert not works(token)


def test_someone_elses_token_is_not_found(ministry_client, estrie_user):
    instance, token = services.create_api_token(estrie_user, actor=estrie_user)
    response = ministry_client.post(reverse("accounts:token_revoke", args=[instance.token_key]))
    assert response.status_code == 404
    assert works(token)


def test_changing_ones_password_on_the_page_ends_the_tokens(client, estrie_user):
    _, token = services.create_api_token(estrie_user, actor=estrie_user)
    client.force_login(estrie_user)
    new = "un-nouveau-mot-de-passe-solide"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert not works(token)


def test_the_command_prints_a_working_token(estrie_user, capsys):
    call_command("create_api_token", "Estrie@Example.org")
    out = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\w{64}", out)
    assert works(out)
    assert AuthToken.history.get(token_key=out[:15]).history_change_reason == "manage.py create_api_token"


def test_the_command_refuses_an_unknown_email(db):
    with pytest.raises(CommandError, match=r"nobody@example\.org"):
        call_command("create_api_token", "nobody@example.org")


def test_a_password_reset_through_the_link_ends_the_tokens(client, estrie_user, django_capture_on_commit_callbacks):
    _, token = services.create_api_token(estrie_user, actor=estrie_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "estrie@example.org"})
    link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    new = "un-nouveau-mot-de-passe-solide"
    client.post(form.request["PATH_INFO"], {"new_password1": new, "new_password2": new})
    assert not works(token)


def test_a_password_set_in_the_technical_admin_ends_the_tokens(client, estrie_user):
    _, token = services.create_api_token(estrie_user, actor=estrie_user)
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    client.force_login(admin)
    new = "un-nouveau-mot-de-passe-solide"
    response = client.post(
        reverse("admin:auth_user_password_change", args=[estrie_user.pk]),
        {"password1": new, "password2": new, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert not works(token)
    record = AuthToken.history.filter(token_key=token[:15]).latest()
    assert record.history_type == "-" and record.history_user is None
