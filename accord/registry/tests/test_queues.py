"""The work queues' contract (registry.queues) and the words of their age."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.utils import translation

from accord.registry import queues
from accord.registry.templatetags.work_queues import queue_age

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
