import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts import services

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_with_email_and_password(client, estrie_user):
    response = client.post(reverse("accounts:login"), {"username": "Estrie@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("landing")


def test_wrong_password_shows_a_french_message(client, estrie_user):
    response = client.post(reverse("accounts:login"), {"username": "estrie@example.org", "password": "wrong"})
    assert response.status_code == 200
    # Django's sentence built "un adresse courriel" from the field's name: ours agrees.
    assert "Saisissez une adresse courriel et un mot de passe valides" in response.content.decode()


def test_wrong_password_in_english(client, estrie_user):
    with translation.override("en"):
        address = reverse("accounts:login")
    response = client.post(address, {"username": "estrie@example.org", "password": "wrong"})
    assert "Enter a correct email address and password." in response.content.decode()


@pytest.mark.parametrize(
    ("language", "title", "addressed"),
    [
        ("fr", "<title>Se connecter · Accord</title>", "les membres des comités et les porteurs de projets"),
        ("en", "<title>Sign in · Accord</title>", "committee members and project carriers"),
    ],
)
def test_the_sign_in_page_is_accords_and_speaks_to_everyone_who_signs_in(client, language, title, addressed):
    """Not the server's host and port ("testserver"), and not for ministry staff only."""
    with translation.override(language):
        address = reverse("accounts:login")
    html = client.get(address, HTTP_HOST="127.0.0.1:8101").content.decode()
    assert title in html
    assert 'class="brand" href' in html and "127.0.0.1:8101<small>" not in html
    assert addressed in html
    assert "réservé au personnel" not in html and "is for ministry and regional-office staff" not in html


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


def ask_reset(client, email, **extra):
    return client.post(reverse("accounts:password_reset"), {"email": email}, **extra)


def test_six_reset_requests_in_a_row_send_at_most_three_emails(
    client, estrie_user, settings, django_capture_on_commit_callbacks
):
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(6):
            answers.append(ask_reset(client, "estrie@example.org"))
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT == 3
    # Every answer is the same neutral page, sent or not: nothing tells the account apart.
    assert {(r.status_code, r["Location"]) for r in answers} == {(302, reverse("accounts:password_reset_done"))}


def test_an_hour_later_a_reset_can_be_asked_again(client, estrie_user, django_capture_on_commit_callbacks):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(4):
                ask_reset(client, "estrie@example.org")
        clock.shift(timedelta(hours=1, seconds=1))
        with django_capture_on_commit_callbacks(execute=True):
            ask_reset(client, "estrie@example.org")
    assert len(mail.outbox) == 4


def test_one_client_cannot_ask_resets_for_many_addresses(client, settings, django_capture_on_commit_callbacks):
    emails = [f"person{n}@example.org" for n in range(settings.PASSWORD_RESET_CLIENT_LIMIT + 2)]
    for email in emails:
        UserFactory(email=email)
    with django_capture_on_commit_callbacks(execute=True):
        for email in emails:
            # A new X-Forwarded-For each time: without a trusted proxy, it is ignored.
            ask_reset(client, email, HTTP_X_FORWARDED_FOR=email)
    assert len(mail.outbox) == settings.PASSWORD_RESET_CLIENT_LIMIT


def test_a_reset_link_is_refused_after_24_hours_with_a_clear_page(
    client, estrie_user, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            ask_reset(client, "estrie@example.org")
        link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body).group(1)
        clock.shift(timedelta(hours=23))
        assert client.get(link, follow=True).context["validlink"]
        clock.shift(timedelta(hours=2))
        page = client.get(link, follow=True)
    assert not page.context["validlink"]
    assert "est plus valide" in page.content.decode()


def test_an_invitation_link_is_refused_after_24_hours(ministry_user, client, django_capture_on_commit_callbacks):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=True):
            services.create_user(actor=ministry_user, email="nouvelle@example.org")
        link = re.search(r"http://testserver(/compte/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body).group(1)
        clock.shift(timedelta(hours=25))
        page = client.get(link, follow=True)
    assert not page.context["validlink"]
