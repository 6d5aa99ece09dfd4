"""Versioned caching: families, bumps, and the process's memo of versioned values."""

import pytest
from django.core.cache import cache as shared

from accord.core import cache


@pytest.mark.django_db
def test_a_bump_gives_the_family_a_new_version():
    before = cache.version("essai")
    assert cache.version("essai") == before
    cache.bump("essai")
    assert cache.version("essai") != before
    assert cache.versions(["essai"]) == {"essai": cache.version("essai")}


def test_versioned_values_are_kept_in_the_process_and_in_the_shared_cache():
    cache.set_many_versioned({"essai:1": {"figures": 1}}, timeout=60)
    assert shared.get("essai:1") == {"figures": 1}
    # The process reads its memo, not the shared cache (which another process may have filled).
    shared.delete("essai:1")
    assert cache.get_many_versioned(["essai:1", "essai:2"]) == {"essai:1": {"figures": 1}}
    # What the shared cache holds is remembered on first read.
    shared.set("essai:2", {"figures": 2})
    assert cache.get_many_versioned(["essai:2"]) == {"essai:2": {"figures": 2}}
    shared.delete("essai:2")
    assert cache.get_many_versioned(["essai:2"]) == {"essai:2": {"figures": 2}}


def test_the_memo_is_bounded_and_forgets_the_least_recently_used(monkeypatch):
    monkeypatch.setattr(cache, "LOCAL_ENTRIES", 2)
    cache.set_many_versioned({"a": 1, "b": 2}, timeout=60)
    cache.get_many_versioned(["a"])  # "a" was used last: "b" goes first
    cache.set_many_versioned({"c": 3}, timeout=60)
    shared.clear()
    assert cache.get_many_versioned(["a", "b", "c"]) == {"a": 1, "c": 3}


@pytest.fixture(autouse=True)
def _forget():
    yield
    cache.forget_local()
