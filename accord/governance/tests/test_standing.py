"""The committees' standings (standing.py): stored for a day, read by the oversight queues, kept by the
services in the transaction of each change, so that a stored row always says what checking the
committee live says."""

import datetime

import pytest
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory
from accord.governance import selectors, services, standing
from accord.governance.models import Committee, CommitteeStanding
from accord.registry import services as registry_services
from accord.registry.tests.factories import PersonFactory

from .conftest import in_session
from .factories import BylawsFactory
from .test_selectors import DAYS, _database_queues, _python_queues, many_committees  # noqa: F401  (a fixture)
from .test_services import adopt

pytestmark = pytest.mark.django_db


def _row(committee):
    found = CommitteeStanding.objects.filter(committee=committee).first()
    return None if found is None else (found.day, found.failed, found.report_due)


def _live(committee):
    today = timezone.localdate()
    return (today, *selectors.committee_standings([committee.pk], today).get(committee.pk, (0, None)))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_stored_standings_give_the_queues_the_checks_give_on_every_day(many_committees, ministry_user, language):  # noqa: F811
    with translation.override(language):
        for on in DAYS:
            CommitteeStanding.objects.all().delete()  # the task never stores an earlier day over a later one
            assert standing.state_all(on) == Committee.objects.active().count()
            assert CommitteeStanding.objects.filter(day=on).count() == Committee.objects.active().count()
            python, database = _python_queues(Committee.objects.all(), on), _database_queues(ministry_user, on)
            for key in ("compliance", "reports_late"):
                expected, found = python[key], database[key]
                assert (found.count, found.oldest) == (expected.count, expected.oldest), (on, key)
                assert found.items(0, 1000) == expected.items(0, 1000), (on, key)
    # The queues read the rows of the day: a row says a committee fails nothing, and it is not listed.
    on = DAYS[0]
    CommitteeStanding.objects.all().delete()
    standing.state_all(on)
    failing = _python_queues(Committee.objects.all(), on)["compliance"].count
    assert failing > 1
    first = selectors.oversight(None, on).first["compliance"][0]
    CommitteeStanding.objects.filter(committee_id=first.pk).update(failed=0)
    assert selectors.oversight(None, on).failing == failing - 1
    # Without a row for the day, a committee is checked live.
    CommitteeStanding.objects.filter(committee_id=first.pk).delete()
    assert selectors.oversight(None, on).failing == failing


def test_the_daily_task_keeps_a_row_a_service_stored_for_the_day(many_committees):  # noqa: F811
    today = timezone.localdate()
    committees = list(Committee.objects.active().order_by("pk")[:2])
    standing.state_all(today - datetime.timedelta(days=1))
    CommitteeStanding.objects.filter(committee=committees[0]).update(day=today, failed=63)
    standing.state_all(today)
    assert _row(committees[0])[:2] == (today, 63)  # stored by a service after the task's reading
    assert _row(committees[1]) == _live(committees[1])


def test_the_oversight_reads_the_stored_rows_in_one_query(many_committees, django_assert_num_queries):  # noqa: F811
    on = DAYS[0]
    standing.state_all(on)
    with django_assert_num_queries(1):
        selectors.oversight(None, on)


@pytest.fixture
def bound(committee, members):
    """Bylaws in force asking for a business majority, a leader enterprise among the seats, a meeting a
    year and the coordinator's report every six months; two members from research; no leader yet, no
    meeting held, no report: the committee fails three checks (leaders, meetings, report: 2 + 16 + 32)."""
    BylawsFactory(
        committee=committee,
        adopted_on=datetime.date(2024, 1, 1),
        business_majority=True,
        min_leader_enterprises=1,
        min_meetings_per_year=1,
        coordinator_report_months=6,
    )
    for name in ("chloe", "denis"):
        members[name].constituency = "research"
        members[name].save()
    standing.state_all()
    return committee


def test_every_service_that_changes_what_the_checks_read_stores_the_standing_again(
    bound, members, estrie_user, ministry_user
):
    committee, today = bound, timezone.localdate()
    assert _row(committee) == _live(committee) and _row(committee)[1] == 2 + 16 + 32

    # The registry tells governance an organisation holding a seat became a leader enterprise.
    registry_services.update_organisation(members["alice"].organisation, actor=ministry_user, data={"is_leader": True})
    assert _row(committee) == _live(committee) and _row(committee)[1] == 16 + 32

    # A meeting held.
    in_session(committee, estrie_user)
    assert _row(committee) == _live(committee) and _row(committee)[1] == 32

    # The coordinator's report.
    coordinator = members["coordinator"]
    services.submit_report(
        committee,
        actor=UserFactory(person=coordinator.person),
        coordinator=coordinator,
        period_start=today - datetime.timedelta(days=180),
        period_end=today,
        activities="Trois visites d'entreprises.",
    )
    assert _row(committee) == _live(committee) and _row(committee)[1] == 0

    # New bylaws adopted, asking for three meetings a year (the adoption's meeting makes two).
    draft = services.draft_bylaws(
        committee,
        actor=estrie_user,
        data={
            "quorum_rule": "majority",
            "business_majority": True,
            "min_leader_enterprises": 1,
            "min_meetings_per_year": 3,
            "coordinator_report_months": 6,
        },
    )
    adopt(committee, estrie_user, members, draft)
    assert _row(committee) == _live(committee) and _row(committee)[1] == 16

    # Two business seats end: two business members out of four voting is no majority.
    for name in ("president", "bruno"):
        services.end_mandate(
            members[name], actor=estrie_user, ends_on=today - datetime.timedelta(days=1), reason="Départ"
        )
    assert _row(committee) == _live(committee) and _row(committee)[1] == 1 + 16

    # A business member seated: three out of five.
    services.start_mandate(
        committee,
        actor=estrie_user,
        person=PersonFactory(region=committee.creneau.regions.first()),
        role="member",
        starts_on=today,
        constituency="business",
    )
    assert _row(committee) == _live(committee) and _row(committee)[1] == 16

    # A research member proposed by an officer counts once the office approves the seat: three out of six.
    secretary = UserFactory(person=members["secretary"].person)
    proposed = services.start_mandate(
        committee,
        actor=secretary,
        person=PersonFactory(region=committee.creneau.regions.first()),
        role="member",
        starts_on=today,
        constituency="research",
    )
    assert proposed.approval == "pending" and _row(committee)[1] == 16
    services.approve_mandate(proposed, actor=estrie_user)
    assert _row(committee) == _live(committee) and _row(committee)[1] == 1 + 16

    # Dissolved: no longer overseen, its row goes.
    services.update_committee(committee, actor=ministry_user, data={"dissolved_on": today})
    assert _row(committee) is None


def test_the_daily_task_stores_every_active_committees_standing_just_after_midnight(bound, settings):
    from celery.schedules import crontab

    from accord.governance import tasks

    CommitteeStanding.objects.all().delete()
    assert tasks.state_committees() == Committee.objects.active().count() == 1
    assert _row(bound) == _live(bound)
    assert settings.CELERY_BEAT_SCHEDULE["state-committees"] == {
        "task": "accord.governance.tasks.state_committees",
        "schedule": crontab(hour=0, minute=5),
    }
