"""Values due (decision 39): the daily reminders (once when due, once when overdue, to the créneau's
reporters of the day, in their language), the marks on the créneau's table and the work queue."""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accord.accounts.tests.factories import UserFactory, grant
from accord.core import retention
from accord.governance.models import Mandate, MandateRole
from accord.planning import services as plans
from accord.planning.tests.conftest import make_plan
from accord.registry import queues
from accord.registry.tests.factories import CreneauFactory
from accord.results import selectors, services, tasks
from accord.results.models import Bilan, Indicator, ValueReminder

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
DUE = datetime.date(YEAR + 1, 3, 31)  # this year's values
DUE_SOON = DUE - datetime.timedelta(days=26)
OVERDUE = DUE + datetime.timedelta(days=1)


def on(day: datetime.date) -> Any:
    """Noon that day in Québec (time_machine moves the clock, the database and all)."""
    return time_machine.travel(timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))))


@pytest.fixture
def owed(people: dict[str, Any]) -> SimpleNamespace:
    """The niche's plan of last year to next, adopted early last year; a common indicator and one of the
    plan's own, both defined before the plan (so every year of the plan owes both)."""
    plan = make_plan(people, YEAR - 1, YEAR + 1)
    plans.adopt_plan(plan, actor=people["ministry"], adopted_on=datetime.date(YEAR - 1, 1, 10))
    jobs = services.define_indicator(
        actor=people["ministry"], data={"code": "emplois", "name_fr": "Emplois créés", "name_en": "Jobs created"}
    )
    members = services.define_indicator(
        actor=people["coordinator"],
        plan=plan,
        data={"code": "membres", "name_fr": "Entreprises membres", "name_en": "Member enterprises"},
    )
    long_ago = timezone.make_aware(datetime.datetime(YEAR - 2, 1, 1, 12))
    Indicator.objects.update(created_at=long_ago)
    jobs.refresh_from_db()
    members.refresh_from_db()
    people["coordinator"].preferred_language = "en"
    people["coordinator"].save()
    return SimpleNamespace(plan=plan, jobs=jobs, members=members)


def draft(people: dict[str, Any], indicator: Any, year: int = YEAR) -> Any:
    return services.report_value(people["creneau"], indicator, actor=people["coordinator"], year=year, value=Decimal(7))


def by_address() -> dict[str, Any]:
    return {message.to[0]: message for message in mail.outbox}


def test_the_reporters_are_told_once_when_due_and_once_when_overdue_in_their_language(people, owed):
    draft(people, owed.members)
    with on(DUE_SOON):
        assert tasks.remind_values_due() == 2
        assert tasks.remind_values_due() == 0  # the same values, the same step: never twice
    sent = by_address()
    # The coordinator (current mandate) and the niche's regional office; not the ministry, the member,
    # nor Montérégie's office.
    assert set(sent) == {"coordo@example.org", "estrie@example.org"}
    english, french = sent["coordo@example.org"], sent["estrie@example.org"]
    assert english.subject == f"Accord: indicator values of {YEAR} due by March 31, {YEAR + 1}"
    assert "- Jobs created\n" in english.body and "- Member enterprises (Draft)\n" in english.body
    assert f"http://testserver/en/gestion/indicateurs/creneaux/{people['creneau'].pk}/" in english.body
    assert french.subject == f"Accord : valeurs d'indicateurs de {YEAR} à remettre au plus tard le 31 mars {YEAR + 1}"
    assert "- Emplois créés\n" in french.body and "- Entreprises membres (Brouillon)\n" in french.body
    assert f"http://testserver/gestion/indicateurs/creneaux/{people['creneau'].pk}/" in french.body
    reminders = ValueReminder.objects.filter(step="due")
    assert {(r.indicator_id, r.year, r.due_on) for r in reminders} == {
        (owed.jobs.pk, YEAR, DUE),
        (owed.members.pk, YEAR, DUE),
    }
    assert {u.email for u in reminders[0].sent_to.all()} == {"coordo@example.org", "estrie@example.org"}

    mail.outbox.clear()
    services.submit_value(owed.members.values.get(), actor=people["coordinator"])
    with on(OVERDUE):
        assert tasks.remind_values_due() == 2
        assert tasks.remind_values_due() == 0
    sent = by_address()
    assert "Jobs created" in sent["coordo@example.org"].body
    assert "Member enterprises" not in sent["coordo@example.org"].body  # submitted: no longer owed
    assert "overdue since March 31" in sent["coordo@example.org"].subject
    assert "en retard depuis le 31 mars" in sent["estrie@example.org"].subject
    assert list(ValueReminder.objects.filter(step="overdue").values_list("indicator_id", flat=True)) == [owed.jobs.pk]


def test_nothing_is_reminded_of_submitted_or_approved_values(people, owed):
    value = draft(people, owed.jobs)
    services.submit_value(value, actor=people["coordinator"])
    services.approve_value(value, actor=people["ministry"])
    services.submit_value(draft(people, owed.members), actor=people["coordinator"])
    for day in (DUE_SOON, OVERDUE):
        with on(day):
            assert tasks.remind_values_due() == 0
    assert mail.outbox == [] and not ValueReminder.objects.exists()


def test_nothing_goes_to_people_whose_mandate_or_role_ended(people, owed):
    Mandate.objects.filter(role=MandateRole.COORDINATOR).update(ends_on=DUE_SOON - datetime.timedelta(days=1))
    former = UserFactory(email="ancien@example.org")
    grant(former, "regional_office", people["creneau"].regions.get(), ends_on=DUE_SOON - datetime.timedelta(days=1))
    with on(DUE_SOON):
        assert tasks.remind_values_due() == 1
    assert [m.to for m in mail.outbox] == [["estrie@example.org"]]
    assert {u.email for r in ValueReminder.objects.all() for u in r.sent_to.all()} == {"estrie@example.org"}


def test_a_value_nobody_answers_for_is_reminded_once_someone_does(people, owed):
    Mandate.objects.filter(role=MandateRole.COORDINATOR).update(ends_on=DUE_SOON - datetime.timedelta(days=1))
    people["office_in"].role_assignments.update(ends_on=DUE_SOON - datetime.timedelta(days=1))
    with on(DUE_SOON):
        assert tasks.remind_values_due() == 0
    assert not ValueReminder.objects.exists()
    newcomer = UserFactory(email="nouvelle@example.org")
    grant(newcomer, "regional_office", people["creneau"].regions.get(), starts_on=DUE_SOON)
    with on(DUE_SOON + datetime.timedelta(days=1)):
        assert tasks.remind_values_due() == 1
    assert [m.to for m in mail.outbox] == [["nouvelle@example.org"]]


def test_the_reminders_run_every_morning():
    schedule = settings.CELERY_BEAT_SCHEDULE["remind-values-due"]
    assert schedule["task"] == tasks.remind_values_due.name == "accord.results.tasks.remind_values_due"
    assert schedule["schedule"].hour == {7}


def test_the_table_marks_the_values_owed_and_not_submitted(people, owed):
    submitted = draft(people, owed.jobs, YEAR - 1)
    services.submit_value(submitted, actor=people["coordinator"])
    draft(people, owed.members, YEAR - 1)
    table = selectors.indicator_table(people["creneau"], on=DUE_SOON)
    marks = {
        (line.indicator.code, cell.year): cell.deadline.step if cell.deadline else None
        for line in table.lines
        for cell in line.cells
    }
    assert marks == {
        ("emplois", YEAR - 1): None,  # submitted
        ("emplois", YEAR): "due",
        ("emplois", YEAR + 1): None,  # not due yet
        ("membres", YEAR - 1): "overdue",  # a draft, past its day
        ("membres", YEAR): "due",
        ("membres", YEAR + 1): None,
    }
    # A draft plan's years owe nothing: the plan is not the niche's commitment yet.
    other = CreneauFactory(slug="bois", regions=[people["creneau"].regions.get()])
    make_plan({"creneau": other, "ministry": people["ministry"]}, YEAR - 1, YEAR + 1)
    lines = selectors.indicator_table(other, on=DUE_SOON).lines
    assert all(cell.deadline is None for line in lines for cell in line.cells)


def test_the_niches_page_says_due_and_overdue(client, people, owed):
    url = reverse("results:creneau_indicators", args=[people["creneau"].pk])
    with on(DUE_SOON):
        client.force_login(people["member"])  # a session of that day
        page = client.get(url).content.decode()
    assert page.count('class="badge deadline-overdue"') == 2  # last year's two values
    assert page.count('class="badge deadline-due"') == 2
    assert f"En retard depuis le 31 mars {YEAR}" in page and f"À remettre au plus tard le 31 mars {YEAR + 1}" in page


def _queue(user: Any, day: datetime.date) -> Any:
    return {q.key: q for q in queues.for_user(user, day, empty=True)}.get("values_to_report")


def test_the_values_to_report_are_the_coordinators_and_the_regional_offices_work(people, owed):
    draft(people, owed.members)
    queue = _queue(people["coordinator"], DUE_SOON)
    assert queue.count == 4 and queue.oldest == datetime.date(YEAR, 3, 31)  # last year's, overdue, first
    items = queue.items(0, 10)
    assert [item.subject for item in items][:2] == [
        f"{people['creneau'].name} – Emplois créés {YEAR - 1}",
        f"{people['creneau'].name} – Entreprises membres {YEAR - 1}",
    ]
    value = owed.members.values.get()
    (mine,) = [item for item in items if item.url == value.get_absolute_url()]
    assert mine.detail == f"À remettre au plus tard le 31 mars {YEAR + 1}; Brouillon"
    assert _queue(people["office_in"], DUE_SOON).count == 4
    assert _queue(people["office_out"], DUE_SOON).count == 0
    for nobody in ("ministry", "member", "stranger"):
        assert _queue(people[nobody], DUE_SOON) is None


def test_the_queue_reads_a_fixed_number_of_queries(people, owed):
    def count() -> int:
        user = type(people["office_in"]).objects.get(pk=people["office_in"].pk)  # nothing cached
        with CaptureQueriesContext(connection) as queries:
            _queue(user, DUE_SOON).items(0, 50)
        return len(queries)

    few = count()
    for code in ("a", "b", "c"):
        services.define_indicator(actor=people["ministry"], data={"code": code, "name_fr": code})
    Indicator.objects.update(created_at=timezone.make_aware(datetime.datetime(YEAR - 2, 1, 1, 12)))
    other = CreneauFactory(slug="bois", regions=[people["creneau"].regions.get()])
    plan = make_plan({"creneau": other, "ministry": people["ministry"]}, YEAR - 1, YEAR + 1)
    plans.adopt_plan(plan, actor=people["ministry"], adopted_on=datetime.date(YEAR - 1, 1, 10))
    assert _queue(people["office_in"], DUE_SOON).count == 4 + 2 * 3 + 2 * 4
    assert count() == few


def test_the_record_of_a_reminder_is_deleted_two_years_on_and_nobody_is_emailed_again(people, owed):
    with on(DUE_SOON):
        tasks.remind_values_due()
    with on(OVERDUE):
        tasks.remind_values_due()
    assert ValueReminder.objects.count() == 4
    rule = next(rule for rule in retention.rules() if rule.key == "value_reminders")
    # Within the period, the records stay (a dry run counts nothing either).
    assert rule.apply(OVERDUE + datetime.timedelta(days=700), dry_run=True) == 0
    later = OVERDUE + datetime.timedelta(days=731)
    assert rule.apply(later, dry_run=True) == 4
    assert ValueReminder.objects.count() == 4
    assert retention.apply_all(today=later)["value_reminders"] == 4
    assert not ValueReminder.objects.exists()
    # The year reminded is long past the reporting year: its values stay owed on the pages, no email.
    mail.outbox.clear()
    with on(later):
        assert tasks.remind_values_due() == 0
    assert mail.outbox == []


def test_a_bilan_waits_for_the_coordinator_and_the_office_once_its_years_values_are_due(people, owed):
    def bilans(user: Any, day: datetime.date) -> Any:
        return {q.key: q for q in queues.for_user(user, day, empty=True)}.get("bilans_to_write")

    # Before 31 March, the year before last is the one expected: the plan did not cover it.
    assert bilans(people["coordinator"], datetime.date(YEAR, 3, 30)).count == 0
    # From 31 March, last year's bilan is expected: not started.
    queue = bilans(people["coordinator"], datetime.date(YEAR, 3, 31))
    (item,) = queue.items(0, 10)
    assert item.subject == f"{people['creneau'].name} – bilan annuel {YEAR - 1}"
    assert item.url == reverse("results:bilan_detail", args=[people["creneau"].pk, YEAR - 1])
    assert (item.since, item.detail) == (datetime.date(YEAR, 3, 31), "Non commencé")
    assert bilans(people["office_in"], datetime.date(YEAR, 3, 31)).count == 1
    # Neither the ministry (it answers for no niche), the member, nor another region's office.
    for who in ("ministry", "member", "office_out"):
        queue = bilans(people[who], datetime.date(YEAR, 3, 31))
        assert queue is None or queue.count == 0
    # Started, it is still owed, in draft; before the committee, it no longer waits for them.
    bilan = services.write_bilan(
        people["creneau"], actor=people["coordinator"], year=YEAR - 1, data={"highlights_fr": "Une année."}
    )
    (item,) = bilans(people["coordinator"], datetime.date(YEAR, 4, 1)).items(0, 10)
    assert item.detail == "Brouillon"
    Bilan.objects.filter(pk=bilan.pk).update(status="submitted")
    assert bilans(people["coordinator"], datetime.date(YEAR, 4, 1)).count == 0
