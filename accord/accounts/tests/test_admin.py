"""The technical admin's forms render: widgets that exist only as Django templates (the admin's
related-object and raw-id widgets, contrib.auth's password hash) answered 500 under Jinja2."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_() -> Client:
    client = Client()
    client.force_login(UserFactory(email="technique@example.org", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("name", ["admin:auth_group_add", "admin:knox_authtoken_add"])
def test_the_admin_add_forms_render(admin_client_, name):
    response = admin_client_.get(reverse(name))
    assert response.status_code == 200
    assert b"related-widget-wrapper" in response.content or b"vForeignKeyRawIdAdminField" in response.content


def test_the_admin_user_form_shows_the_password_hash_widget(admin_client_):
    user = UserFactory(email="someone@example.org")
    response = admin_client_.get(reverse("admin:accounts_user_change", args=[user.pk]))
    assert response.status_code == 200
    assert b"algorithm" in response.content  # the read-only password hash summary


def test_second_factors_are_not_edited_in_the_admin(admin_client_):
    """Deleting someone's device there left no trace, and an authenticator app's secret showed."""
    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
    with pytest.raises(NoReverseMatch):
        reverse("admin:otp_totp_totpdevice_changelist")
    user = UserFactory(email="someone@example.org")
    page = admin_client_.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert reverse("accounts_bo:second_factor_reset", args=[user.pk]) in page
