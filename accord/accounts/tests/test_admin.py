"""The technical admin's forms render: widgets that exist only as Django templates (the admin's
related-object and raw-id widgets, contrib.auth's password hash) answered 500 under Jinja2."""

import pytest
from django.test import Client
from django.urls import reverse

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(UserFactory(email="technique@example.org", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("name", ["admin:auth_group_add", "admin:knox_authtoken_add", "admin:otp_totp_totpdevice_add"])
def test_the_admin_add_forms_render(admin_client_, name):
    response = admin_client_.get(reverse(name))
    assert response.status_code == 200
    assert b"related-widget-wrapper" in response.content or b"vForeignKeyRawIdAdminField" in response.content


def test_the_admin_user_form_shows_the_password_hash_widget(admin_client_):
    user = UserFactory(email="someone@example.org")
    response = admin_client_.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert response.status_code == 200
    assert b"algorithm" in response.content  # the read-only password hash summary
