import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts import services
from accord.accounts.models import SecondFactorEvent, User
from accord.accounts.policies import scope_for

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_ministry_opens_an_account_and_an_invitation_is_sent(
    ministry_user, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://accord.example"
    with django_capture_on_commit_callbacks(execute=True):
        user = services.create_user(actor=ministry_user, email="New@Example.org", first_name="Nadia")
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


class TestSecondFactors:
    def test_a_wrong_confirmation_code_changes_nothing_but_the_failure_count(self, outsider):
        device = services.start_totp_enrolment(outsider, actor=outsider)
        assert services.start_totp_enrolment(outsider, actor=outsider) == device, "the same secret"
        with pytest.raises(ValidationError):
            services.confirm_totp_device(device, actor=outsider, code="not-a-code")
        device.refresh_from_db()
        assert not device.confirmed
        assert device.throttling_failure_count == 1, "committed although the confirmation was refused"
        assert not SecondFactorEvent.objects.exists()

    def test_only_the_owner_adds_or_removes_a_second_factor(self, outsider, ministry_user):
        device = services.start_totp_enrolment(outsider, actor=outsider)
        with pytest.raises(PermissionDenied):
            services.start_totp_enrolment(outsider, actor=ministry_user)
        with pytest.raises(PermissionDenied):
            services.confirm_totp_device(device, actor=ministry_user, code="123456")
        device.confirmed = True
        device.save()
        with pytest.raises(PermissionDenied):
            services.remove_second_factor(device, actor=ministry_user, password=PASSWORD)
        with pytest.raises(ValidationError):
            services.remove_second_factor(device, actor=outsider, password="wrong")
        assert TOTPDevice.objects.filter(pk=device.pk).exists()
