"""The targets' kept verdicts (standing.py, decision 45): stored by the services in the transaction of each
change they depend on, so that a stored verdict always says what comparing the target live says, and
the dashboards count them in one grouped query."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.planning import services as plans
from accord.results import selectors, services, standing
from accord.results.models import IndicatorTarget, IndicatorValue, TargetVerdict

from .conftest import approved, report

pytestmark = pytest.mark.django_db


def kept() -> dict[int, str]:
    return dict(IndicatorTarget.objects.values_list("pk", "verdict"))


def live() -> dict[int, str]:
    """Every target compared now; a plan's own indicators keep none (blank)."""
    found = selectors.target_verdicts(IndicatorTarget.objects.filter(indicator__plan__isnull=True))
    return {pk: found.get(pk, "") for pk in IndicatorTarget.objects.values_list("pk", flat=True)}


def verdict(plan: Any, indicator: Any, year: int) -> str:
    return IndicatorTarget.objects.get(plan=plan, indicator=indicator, year=year).verdict


@pytest.fixture
def exports(people: dict[str, Any]) -> Any:
    """A common stock figure (each year on its own)."""
    return services.define_indicator(actor=people["ministry"], data={"code": "export", "name_fr": "Export"})


def test_a_target_set_keeps_its_verdict(people, plan, exports):
    approved(people, exports, 2025, "95")
    target = services.set_target(plan, exports, actor=people["ministry"], year=2025, value=Decimal(100))
    assert target is not None and target.verdict == TargetVerdict.ON_TRACK == verdict(plan, exports, 2025)
    services.set_target(plan, exports, actor=people["ministry"], year=2025, value=Decimal(90))
    assert verdict(plan, exports, 2025) == TargetVerdict.MET
    services.set_target(plan, exports, actor=people["ministry"], year=2026, value=Decimal(90))
    assert verdict(plan, exports, 2026) == TargetVerdict.UNKNOWN


def test_an_approved_value_restates_the_targets_it_counts_in(people, plan, jobs, exports):
    """A cumulative indicator's value counts in the running totals of the later years too; a value only
    submitted changes nothing."""
    for year, value in ((2024, 5), (2025, 12), (2026, 20)):
        services.set_target(plan, jobs, actor=people["ministry"], year=year, value=Decimal(value))
    services.set_target(plan, exports, actor=people["ministry"], year=2025, value=Decimal(100))
    assert set(kept().values()) == {TargetVerdict.UNKNOWN}
    approved(people, jobs, 2025, "7")
    assert verdict(plan, jobs, 2025) == TargetVerdict.UNKNOWN  # 2024 has no figure: a gap is not a zero
    approved(people, jobs, 2024, "5")
    assert [verdict(plan, jobs, y) for y in (2024, 2025, 2026)] == ["met", "met", "unknown"]
    services.submit_value(report(people, exports, 2025, "100"), actor=people["coordinator"])
    assert verdict(plan, exports, 2025) == TargetVerdict.UNKNOWN
    assert kept() == live()


def test_a_plans_new_first_year_restates_its_running_totals(people, plan, jobs):
    approved(people, jobs, 2024, "5")
    approved(people, jobs, 2025, "7")
    services.set_target(plan, jobs, actor=people["ministry"], year=2025, value=Decimal(10))
    assert verdict(plan, jobs, 2025) == TargetVerdict.MET  # 5 + 7 since 2024
    plans.update_plan(plan, actor=people["ministry"], data={"first_year": 2025})
    assert verdict(plan, jobs, 2025) == TargetVerdict.BEHIND  # 7 since 2025
    assert kept() == live()


def test_a_plans_own_indicator_keeps_no_verdict(people, plan, members):
    approved(people, members, 2025, "40")
    services.set_target(plan, members, actor=people["coordinator"], year=2025, value=Decimal(30))
    assert verdict(plan, members, 2025) == ""


def test_restate_all_stores_what_the_services_keep(people, plan, jobs, exports):
    approved(people, jobs, 2024, "5")
    services.set_target(plan, jobs, actor=people["ministry"], year=2024, value=Decimal(5))
    services.set_target(plan, exports, actor=people["ministry"], year=2024, value=Decimal(5))
    stored = kept()
    IndicatorTarget.objects.update(verdict="")
    assert standing.restate_all() == 2
    assert kept() == stored == live()


STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("value"), st.sampled_from(["jobs", "exports"]), st.sampled_from([2024, 2025, 2026])),
        st.tuples(st.just("target"), st.sampled_from(["jobs", "exports"]), st.sampled_from([2024, 2025, 2026])),
        st.tuples(st.just("first_year"), st.just(""), st.sampled_from([2023, 2024, 2025])),
    ),
    max_size=8,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=STEPS, figures=st.lists(st.integers(min_value=0, max_value=30), min_size=8, max_size=8))
def test_whatever_the_order_of_changes_the_kept_verdicts_are_the_live_ones(people, plan, jobs, exports, steps, figures):
    IndicatorTarget.objects.all().delete()
    indicators = {"jobs": jobs, "exports": exports}
    reported = set(IndicatorValue.objects.filter(status="approved").values_list("indicator_id", "year"))
    for (step, name, year), figure in zip(steps, figures, strict=False):
        if step == "value" and (indicators[name].pk, year) not in reported and year <= 2026:
            approved(people, indicators[name], year, str(figure))
            reported.add((indicators[name].pk, year))
        elif step == "target":
            plan.refresh_from_db()
            if plan.first_year <= year <= plan.last_year:
                services.set_target(plan, indicators[name], actor=people["ministry"], year=year, value=Decimal(figure))
        elif step == "first_year":
            plan.refresh_from_db()
            with contextlib.suppress(ValidationError):  # a programme may hold a year
                plans.update_plan(plan, actor=people["ministry"], data={"first_year": year})
        assert kept() == live(), steps
