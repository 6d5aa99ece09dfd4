"""The whole demo, loaded once for the tests of this package.

Loading it takes a while (the governance demo holds meetings and decides resolutions through the
services), so every app's demo tests live here and share one load: the `demo` fixture, scoped to
this package, loads it twice (the second load must change nothing) inside a transaction rolled
back when the package's last test is done. The modules are one xdist group, so one worker loads it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction


def counts() -> dict[str, int]:
    """Rows of every model of Accord, historical records included."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("accord.") and not model._meta.proxy
    }


@dataclass
class Loaded:
    output: str
    first: dict[str, int]
    second: dict[str, int]


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", stdout=out)
        first = counts()
        call_command("load_demo", stdout=out)
        yield Loaded(output=out.getvalue(), first=first, second=counts())
        transaction.set_rollback(True)  # nothing of it outlives this package
