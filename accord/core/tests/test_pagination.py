import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from accord.core.pagination import CachedCountPaginator

pytestmark = pytest.mark.django_db


def test_the_total_is_read_from_the_cache_under_its_key(django_assert_num_queries):
    # Any model will do; the core depends on no domain app.
    for n in range(7):
        Group.objects.create(name=f"{n:02d}")
    groups = Group.objects.order_by("name")
    assert CachedCountPaginator(groups, 3, count_key="test:groups:v1").count == 7
    Group.objects.create(name="99")
    with django_assert_num_queries(1):  # the page only
        page = CachedCountPaginator(groups, 3, count_key="test:groups:v1").page(3)
        assert page.paginator.count == 7
        assert [g.name for g in page] == ["06"]
    # A new key (the data's version changed) counts again.
    assert CachedCountPaginator(groups, 3, count_key="test:groups:v2").count == 8
    assert cache.get("test:groups:v2") == 8
