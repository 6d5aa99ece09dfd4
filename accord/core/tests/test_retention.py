"""Retention rules (Law 25): the table, the access log's rule, the task, the beat schedule and the command."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from accord.core import access_log, retention, services, tasks
from accord.core.models import AccessAction, IdempotencyKey, PersonalDataAccess

pytestmark = pytest.mark.django_db


def entry(days_ago):
    return PersonalDataAccess.objects.create(
        action=AccessAction.VIEW, what="/gestion/personnes/1/", at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def test_every_kind_of_data_has_a_rule_with_a_period_and_a_legal_basis():
    rules = {rule.key: rule for rule in retention.rules()}
    assert set(rules) == {
        "access_log",
        "closed_project_documents",
        "email_deliveries",
        "event_registrations",
        "expired_api_tokens",
        "expired_sessions",
        "idempotency_keys",
        "inactive_people",
        "newsletter_pending",
        "newsletter_unsubscribed",
        "value_reminders",
    }
    for rule in rules.values():
        assert str(rule.basis) and str(rule.data)
        assert rule.outcome in (retention.Outcome.DELETED, retention.Outcome.ANONYMISED)
    assert rules["inactive_people"].outcome == retention.Outcome.ANONYMISED


def test_access_log_entries_past_two_years_are_deleted_and_the_others_kept():
    old = entry(days_ago=2 * 365 + 5)
    kept = entry(days_ago=2 * 365 - 5)
    today = timezone.localdate()
    assert access_log.purge_access_log(today, dry_run=True) == 1
    assert PersonalDataAccess.objects.filter(pk=old.pk).exists()
    assert access_log.purge_access_log(today) == 1
    assert list(PersonalDataAccess.objects.values_list("pk", flat=True)) == [kept.pk]


def test_submission_keys_past_thirty_days_are_deleted_and_the_others_kept():
    user = get_user_model().objects.create_user(email="cles@example.org", password="x")
    old = IdempotencyKey.objects.create(key="a", user=user, scope="registry.organisation")
    kept = IdempotencyKey.objects.create(key="b", user=user, scope="registry.organisation")
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    IdempotencyKey.objects.filter(pk=kept.pk).update(created_at=timezone.now() - datetime.timedelta(days=29))
    today = timezone.localdate()
    assert services.purge_idempotency_keys(today, dry_run=True) == 1
    assert services.purge_idempotency_keys(today) == 1
    assert list(IdempotencyKey.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_task_applies_every_rule():
    entry(days_ago=3 * 365)
    counts = tasks.apply_retention.delay().get()
    assert counts["access_log"] == 1
    assert set(counts) == {rule.key for rule in retention.rules()}
    assert not PersonalDataAccess.objects.exists()


def test_the_task_runs_every_day():
    schedule = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    assert schedule == {"task": "accord.core.tasks.apply_retention", "schedule": 24 * 3600}


def test_the_command_dry_run_prints_counts_and_changes_nothing():
    entry(days_ago=3 * 365)
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "access_log: 1 would be deleted" in out.getvalue()
    assert PersonalDataAccess.objects.count() == 1
    call_command("apply_retention", stdout=StringIO())
    assert not PersonalDataAccess.objects.exists()


def test_the_cutoff_is_the_first_day_kept():
    cutoff = retention.cutoff(datetime.date(2026, 12, 5), retention.years(2))
    assert cutoff.date() == datetime.date(2024, 12, 5)
