"""The work queues' contract (registry.queues) and the words of their age, on the pages and in the digest."""

import datetime
import html

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory
from accord.registry import queues
from accord.registry.tasks import email_digests
from accord.registry.templatetags.work_queues import queue_age, queue_ahead, queue_count

DAY = datetime.date(2026, 3, 10)


def items(n):
    return [queues.Item(f"Item {i}", f"/{i}/", DAY - datetime.timedelta(days=i)) for i in range(n)]


def test_a_queue_from_a_list_counts_dates_and_orders_its_items_oldest_first():
    queue = queues.from_list("k", "Title", items(4))
    assert (queue.count, queue.oldest) == (4, DAY - datetime.timedelta(days=3))
    assert [i.subject for i in queue.first(2)] == ["Item 3", "Item 2"]


def test_an_empty_queue_reads_nothing():
    def never(offset, limit):
        raise AssertionError("an empty queue reads no item")

    assert queues.Queue("k", "T", 0, None, never).first() == []


def test_a_queue_pages_through_its_items():
    page = Paginator(queues.Listing(queues.from_list("k", "T", items(5))), 2).get_page(3)
    assert [i.subject for i in page.object_list] == ["Item 0"]
    assert page.paginator.num_pages == 3


def test_providers_are_read_in_order_and_empty_queues_left_out(monkeypatch):
    monkeypatch.setattr(queues, "_PROVIDERS", {})
    queues.register("b", lambda user, on: [queues.from_list("late", "Late", items(1), order=2)])
    queues.register(
        "a", lambda user, on: [queues.from_list("none", "None", []), queues.from_list("first", "F", items(2), order=1)]
    )
    assert [q.key for q in queues.for_user(None, DAY)] == ["first", "late"]
    assert [q.key for q in queues.for_user(None, DAY, empty=True)] == ["first", "late", "none"]


@pytest.mark.parametrize(
    ("since", "english", "french"),
    [
        (DAY, "since today", "depuis aujourd'hui"),
        (DAY - datetime.timedelta(days=1), "since 1 day", "depuis 1 jour"),
        (DAY - datetime.timedelta(days=12), "since 12 days", "depuis 12 jours"),
        (DAY + datetime.timedelta(days=20), "in 20 days", "dans 20 jours"),
        (None, "", ""),
    ],
)
def test_the_age_of_a_queue_is_said_with_plurals_in_both_languages(since, english, french):
    with translation.override("en"):
        assert queue_age(since, DAY) == english
    with translation.override("fr"):
        assert queue_age(since, DAY) == french


# --- A queue whose dates are ahead names its soonest item, not its oldest -------------------------


@pytest.mark.parametrize(
    ("day", "ahead"),
    [(DAY + datetime.timedelta(days=39), True), (DAY, False), (DAY - datetime.timedelta(days=3), False), (None, False)],
)
def test_a_queue_date_is_ahead_only_after_today(day, ahead):
    assert queue_ahead(day, DAY) is ahead


@pytest.fixture
def two_queues(monkeypatch):
    """Late reports, waiting for three days; mandates ending, the first one in 39 days."""
    monkeypatch.setattr(queues, "_PROVIDERS", {})

    def provider(user, on):
        late = [queues.Item("Rapport", "/r/", on - datetime.timedelta(days=3))]
        ending = [
            queues.Item("Mandat A", "/a/", on + datetime.timedelta(days=39)),
            queues.Item("Mandat B", "/b/", on + datetime.timedelta(days=60)),
        ]
        return [queues.from_list("late", "Late", late, order=1), queues.from_list("ending", "Ending", ending, order=2)]

    queues.register("t", provider)


def in_language(language, name):
    with translation.override(language):
        return reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "oldest", "soonest"),
    [
        ("fr", "le plus ancien : depuis 3 jours", "prochaine échéance : dans 39 jours"),
        ("en", "oldest: since 3 days", "soonest: in 39 days"),
    ],
)
def test_the_home_page_says_soonest_for_a_queue_whose_dates_are_ahead(
    estrie_client, two_queues, language, oldest, soonest
):
    page = html.unescape(estrie_client.get(in_language(language, "registry_bo:dashboard")).content.decode())
    assert oldest in page and soonest in page
    assert page.count(oldest.split(":")[0]) == 1  # "oldest" only for the late reports


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "oldest", "soonest"),
    [
        ("fr", "1 élément, le plus ancien d'abord", "2 éléments, l'échéance la plus proche d'abord"),
        ("en", "1 item, the oldest first", "2 items, the soonest first"),
    ],
)
def test_the_notification_centre_lists_a_queue_ahead_soonest_first(
    estrie_client, two_queues, language, oldest, soonest
):
    address = in_language(language, "registry_bo:work_centre")
    late = html.unescape(estrie_client.get(address, {"queue": "late"}).content.decode())
    ending = html.unescape(estrie_client.get(address, {"queue": "ending"}).content.decode())
    assert oldest in late and soonest not in late
    assert soonest in ending and oldest not in ending
    assert "— dans 39 jours" in ending if language == "fr" else "— in 39 days" in ending


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "oldest", "soonest"),
    [
        ("fr", "Late: 1 (le plus ancien : depuis 3 jours)", "Ending: 2 (prochaine échéance : dans 39 jours)"),
        ("en", "Late: 1 (oldest: since 3 days)", "Ending: 2 (soonest: in 39 days)"),
    ],
)
def test_the_daily_digest_says_soonest_for_a_queue_whose_dates_are_ahead(two_queues, language, oldest, soonest):
    UserFactory(email="digest@example.org", queue_digest=True, preferred_language=language)
    assert email_digests() == 1
    [message] = mail.outbox
    assert oldest in message.body and soonest in message.body


@pytest.fixture
def long_queue(monkeypatch):
    """A queue over the users (dated by their joining), counted up to 2 of the 4 there are."""
    monkeypatch.setattr(queues, "_PROVIDERS", {})
    monkeypatch.setattr(queues, "COUNT_CAP", 2)
    for days in (5, 40, 2, 9):
        UserFactory(date_joined=timezone.now() - datetime.timedelta(days=days))

    def provider(user, on):
        rows = get_user_model().objects.filter(email__endswith="@example.org") if user else get_user_model().objects
        return [
            queues.from_queryset(
                "users",
                "Users",
                rows.all(),
                since="date_joined",
                item=lambda u: queues.Item(u.email, "/u/", queues.as_date(u.date_joined)),
            )
        ]

    queues.register("t", provider)


@pytest.mark.django_db
def test_a_queue_over_rows_counts_up_to_its_cap_and_still_dates_its_oldest_item(long_queue):
    [queue] = queues.for_user(None, DAY)
    total = get_user_model().objects.count()
    assert total > 2
    assert (queue.count, queue.more) == (2, True)
    # Beyond the first two read: the user who joined 40 days ago, dated as the queue dates (not by UTC).
    oldest = get_user_model().objects.order_by("date_joined").first()
    assert queue.oldest == queues.as_date(oldest.date_joined)
    assert queue.oldest < timezone.localdate() - datetime.timedelta(days=30)
    assert queue_count(queue) == "2+"
    assert (queue.in_full().count, queue.in_full().more) == (total, False)


@pytest.mark.django_db
def test_a_queue_under_its_cap_is_counted_exactly(monkeypatch, long_queue):
    monkeypatch.setattr(queues, "COUNT_CAP", 1000)
    [queue] = queues.for_user(None, DAY)
    assert (queue.count, queue.more) == (get_user_model().objects.count(), False)
    assert queue.in_full() is queue


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "more"), [("fr", "Tous les éléments de « Users » (2+)"), ("en", "All items of “Users” (2+)")]
)
def test_the_home_page_says_more_and_the_centre_counts_the_queue_it_lists(estrie_client, long_queue, language, more):
    home = html.unescape(estrie_client.get(in_language(language, "registry_bo:dashboard")).content.decode())
    assert '<span class="stat">2+</span>' in home and more in home
    total = get_user_model().objects.count()
    centre = html.unescape(
        estrie_client.get(in_language(language, "registry_bo:work_centre"), {"queue": "users"}).content.decode()
    )
    assert f"Users ({total})" in centre


def test_a_capped_count_reads_in_the_readers_number_format():
    queue = queues.Queue("k", "T", 1000, None, lambda offset, limit: [], more=True)
    with translation.override("fr"):
        assert queue_count(queue) == "1\xa0000+"
    with translation.override("en"):
        assert queue_count(queue) == "1,000+"
