import re

import pytest
from django.core import mail
from django.urls import reverse

from .factories import PASSWORD

pytestmark = pytest.mark.django_db


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
