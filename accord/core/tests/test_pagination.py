"""Paginators: the capped count of broad searches."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.core.pagination import CappedCountPaginator


@pytest.mark.django_db
def test_a_broad_search_counts_up_to_the_cap_and_says_so():
    rows = ContentType.objects.order_by("pk")
    total = rows.count()
    assert total > 12
    capped = CappedCountPaginator(rows, 5, cap=10)
    with CaptureQueriesContext(connection) as queries:
        assert capped.count == 10
    assert capped.capped and capped.num_pages == 2
    assert "LIMIT 11" in queries[0]["sql"]  # the database stops at the cap
    assert list(capped.page(2).object_list) == list(rows[5:10])


@pytest.mark.django_db
def test_a_narrow_search_gets_its_exact_count():
    rows = ContentType.objects.order_by("pk")
    exact = CappedCountPaginator(rows, 5, cap=10_000)
    assert exact.count == rows.count() and not exact.capped


def test_a_list_that_is_not_a_queryset_is_counted_by_its_length():
    paginator = CappedCountPaginator(list(range(30)), 10, cap=20)
    assert (paginator.count, paginator.capped) == (20, True)
