"""The privacy officer (Law 25): their role, their powers, and the access log's page."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import IntegrityError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accord.accounts import policies, selectors, services
from accord.accounts.models import AuthToken, Role, RoleAssignment
from accord.core.models import AccessAction, PersonalDataAccess

from .factories import UserFactory

pytestmark = pytest.mark.django_db

LOG = reverse("privacy:access_log")


def log_entry(user, action=AccessAction.VIEW, *, days_ago=0, subject_id=1, rows=1):
    return PersonalDataAccess.objects.create(
        user=user,
        action=action,
        what=f"/gestion/personnes/{subject_id}/",
        subject_type="registry.person",
        subject_id=subject_id,
        rows=rows,
        at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_the_ministry_grants_the_privacy_officer_role_without_a_region(ministry_user, estrie):
    user = UserFactory()
    assignment = services.grant_role(user, actor=ministry_user, role=Role.PRIVACY_OFFICER, region=estrie)
    assert assignment.region is None
    assert policies.scope_for(user).privacy_officer


def test_a_privacy_officer_role_with_a_region_is_refused_by_the_database(estrie):
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=UserFactory(), role=Role.PRIVACY_OFFICER, region=estrie)


def test_the_privacy_officer_opens_the_back_office_without_the_ministry_powers(privacy_officer):
    scope = policies.scope_for(privacy_officer)
    assert policies.can_access_backoffice(privacy_officer)
    assert policies.can_oversee_privacy(privacy_officer)
    assert not scope.program_wide and not scope.is_staff
    assert not policies.can_manage_users(privacy_officer)


def test_an_ended_privacy_officer_role_gives_nothing(ministry_user):
    user = UserFactory()
    assignment = services.grant_role(user, actor=ministry_user, role=Role.PRIVACY_OFFICER)
    services.end_role(assignment, actor=ministry_user)
    assert not policies.can_oversee_privacy(user)
    assert not policies.can_access_backoffice(user)


@override_settings(ACCORD_REQUIRE_SECOND_FACTOR=True)
def test_the_privacy_officer_signs_in_with_a_second_factor(privacy_officer):
    assert policies.requires_second_factor(privacy_officer)


def test_only_the_privacy_officer_and_the_ministry_oversee_privacy(ministry_user, estrie_user, outsider):
    assert policies.can_oversee_privacy(ministry_user)
    assert not policies.can_oversee_privacy(estrie_user)
    assert not policies.can_oversee_privacy(outsider)


# --- The access log's page -----------------------------------------------------------------


def test_the_privacy_officer_reads_the_access_log(privacy_client, estrie_user):
    log_entry(estrie_user, subject_id=42)
    response = privacy_client.get(LOG)
    assert response.status_code == 200
    assert [row.record.subject_id for row in response.context["table"].paginated_rows] == [42]
    assert "estrie@example.org" in response.content.decode()


def test_the_ministry_reads_the_access_log(ministry_client):
    assert ministry_client.get(LOG).status_code == 200


def test_the_access_log_is_refused_to_others(estrie_client, outsider_client, client, privacy_client):
    assert estrie_client.get(LOG).status_code == 403
    assert outsider_client.get(LOG).status_code == 403
    assert client.get(LOG).status_code == 302
    assert privacy_client.post(LOG).status_code == 405


def test_the_access_log_filters_by_who_what_whom_and_when(privacy_client, estrie_user, ministry_user):
    log_entry(estrie_user, AccessAction.VIEW, subject_id=1, days_ago=10)
    log_entry(ministry_user, AccessAction.EXPORT, subject_id=2)
    log_entry(ministry_user, AccessAction.LIST_EXPORT, subject_id=None, rows=30)

    def subjects(**params):
        rows = privacy_client.get(LOG, params).context["table"].paginated_rows
        return sorted(str(row.record.subject_id) for row in rows)

    assert subjects(user="estrie") == ["1"]
    assert subjects(action="export") == ["2"]
    assert subjects(subject_id=2) == ["2"]
    since = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert subjects(since=since) == ["2", "None"]


def test_the_access_log_is_paginated(privacy_client, estrie_user, settings):
    settings.ACCORD_PAGE_SIZE = 5
    for n in range(12):
        log_entry(estrie_user, subject_id=n)
    response = privacy_client.get(LOG)
    assert len(response.context["table"].page.object_list) == 5
    assert response.context["table"].paginator.count == 12


def test_the_access_log_query_count_does_not_grow(privacy_client, estrie_user, django_assert_num_queries):
    for n in range(30):
        log_entry(estrie_user, subject_id=n)
    # session user, roles, count, page (with its users)
    with django_assert_num_queries(4):
        privacy_client.get(LOG)


def test_the_users_list_export_is_logged(ministry_client, ministry_user):
    UserFactory()
    assert ministry_client.get(reverse("accounts_bo:user_list") + "?_export=xlsx").status_code == 200
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.action, entry.rows) == (ministry_user, AccessAction.LIST_EXPORT, 2)


def test_the_account_export_never_holds_a_token_digest():
    user = UserFactory()
    services.create_api_token(user, actor=user)
    data = selectors.account_personal_data(user)
    assert set(data) == {"account", "roles", "second_factor_events", "api_tokens", "history", "role_history"}
    assert [set(token) for token in data["api_tokens"]] == [{"created", "expiry"}]


# --- Retention of sessions and tokens ----------------------------------------------------------


def test_expired_api_tokens_are_deleted_and_live_ones_kept():
    user = UserFactory()
    expired, _ = services.create_api_token(user, actor=user)
    live, _ = services.create_api_token(user, actor=user)
    AuthToken.objects.filter(pk=expired.pk).update(expiry=timezone.now() - datetime.timedelta(minutes=1))
    assert services.purge_expired_api_tokens(timezone.localdate(), dry_run=True) == 1
    assert AuthToken.objects.count() == 2
    assert services.purge_expired_api_tokens(timezone.localdate()) == 1
    assert list(AuthToken.objects.values_list("pk", flat=True)) == [live.pk]


def test_expired_sessions_are_deleted_and_live_ones_kept():
    Session.objects.create(session_key="old", session_data="", expire_date=timezone.now() - datetime.timedelta(1))
    Session.objects.create(session_key="new", session_data="", expire_date=timezone.now() + datetime.timedelta(1))
    assert services.purge_expired_sessions(timezone.localdate(), dry_run=True) == 1
    assert services.purge_expired_sessions(timezone.localdate()) == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]
