"""The cast of the results' tests: the plans' cast (a niche of Estrie with its committee's member
and coordinator, Estrie's and Montérégie's offices, the ministry, a stranger), a second ministry
account, a plan, a common indicator and one of the plan's own; values come from the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from accord.accounts.tests.factories import UserFactory, grant
from accord.planning.tests.conftest import cast, make_plan  # noqa: F401  the plans' cast, reused
from accord.results import services


@pytest.fixture
def people(cast: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    colleague = UserFactory(email="ministere2@example.org")
    grant(colleague, "ministry")
    return {**cast, "colleague": colleague}


@pytest.fixture
def plan(people: dict[str, Any]) -> Any:
    return make_plan(people, 2024, 2026)


@pytest.fixture
def jobs(people: dict[str, Any]) -> Any:
    """A common, cumulative indicator."""
    return services.define_indicator(
        actor=people["ministry"],
        data={"code": "emplois", "name_fr": "Emplois créés", "name_en": "Jobs created", "cumulative": True},
    )


@pytest.fixture
def members(people: dict[str, Any], plan: Any) -> Any:
    """One of the plan's own indicators, a stock figure (each year on its own)."""
    return services.define_indicator(
        actor=people["coordinator"],
        plan=plan,
        data={"code": "membres", "name_fr": "Entreprises membres", "unit": "count"},
    )


def report(people: dict[str, Any], indicator: Any, year: int, value: str, actor: str = "coordinator") -> Any:
    return services.report_value(people["creneau"], indicator, actor=people[actor], year=year, value=Decimal(value))


def approved(people: dict[str, Any], indicator: Any, year: int, value: str) -> Any:
    row = report(people, indicator, year, value)
    services.submit_value(row, actor=people["coordinator"])
    return services.approve_value(row, actor=people["ministry"])


from accord.funding.tests.conftest import world  # noqa: E402, F401  the fund's world, for the bilans

from .bilans import Scene, build  # noqa: E402


@pytest.fixture
def scene(world: Any) -> Scene:  # noqa: F811
    return build(world)
