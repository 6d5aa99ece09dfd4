"""A niche's table of indicators and the approval queue: what they show, in a fixed number of queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.planning import services as plans
from accord.registry import queues
from accord.results import selectors, services
from accord.results.measures import Verdict

from .conftest import approved, report

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 6, 1)


def test_the_table_compares_approved_running_totals_to_the_plans_targets(people, plan, jobs, members):
    for year, value in ((2024, "20"), (2025, "30")):
        services.set_target(plan, jobs, actor=people["ministry"], year=year, value=Decimal(value))
    services.set_target(plan, members, actor=people["ministry"], year=2025, value=Decimal("50"))
    approved(people, jobs, 2024, "12")
    approved(people, jobs, 2025, "15")  # running total 27 of 30: on track
    approved(people, members, 2025, "40")  # 40 of 50: behind
    pending = report(people, members, 2026, "45")
    table = selectors.indicator_table(people["creneau"], on=ON)
    assert table.plan == plan and table.years == [2024, 2025, 2026]
    by = {line.indicator.code: {cell.year: cell for cell in line.cells} for line in table.lines}
    assert by["emplois"][2024].comparison.verdict == Verdict.BEHIND  # 12 of 20
    assert by["emplois"][2024].figure == Decimal("12")
    assert by["emplois"][2025].figure == Decimal("27")
    assert by["emplois"][2025].comparison.verdict == Verdict.ON_TRACK
    assert by["membres"][2025].comparison.verdict == Verdict.BEHIND
    assert by["membres"][2025].comparison.reached == Decimal("80.0")
    assert by["membres"][2026].pending == pending and by["membres"][2026].figure is None
    assert by["membres"][2026].comparison is None  # a value that is not approved does not count


def test_the_table_reads_in_the_same_number_of_queries_whatever_it_holds(people, plan, jobs, members):
    with CaptureQueriesContext(connection) as small:
        selectors.indicator_table(people["creneau"], on=ON)
    for code in ("a", "b", "c"):
        indicator = services.define_indicator(actor=people["ministry"], data={"code": code, "name_fr": code})
        for year in (2024, 2025):
            services.set_target(plan, indicator, actor=people["ministry"], year=year, value=Decimal(5))
            approved(people, indicator, year, "4")
    with CaptureQueriesContext(connection) as large:
        table = selectors.indicator_table(people["creneau"], on=ON)
    assert len(large) == len(small) == 4
    assert len(table.lines) == 5


def test_a_retired_indicator_stays_in_the_table_of_a_niche_with_its_values(people, plan, jobs):
    approved(people, jobs, 2025, "3")
    other = services.define_indicator(actor=people["ministry"], data={"code": "vieux", "name_fr": "Vieux"})
    for indicator in (jobs, other):
        services.set_indicator_active(indicator, actor=people["ministry"], active=False)
    codes = [line.indicator.code for line in selectors.indicator_table(people["creneau"], on=ON).lines]
    assert codes == ["emplois"]


def test_the_current_plan_is_the_adopted_one_covering_the_year(people, plan):
    later = plans.create_plan(people["creneau"], actor=people["ministry"], data={"first_year": 2027, "last_year": 2029})
    assert selectors.current_plan(people["creneau"], ON) == later  # nothing adopted: the latest
    plans.adopt_plan(plan, actor=people["ministry"], adopted_on=datetime.date(2024, 1, 10))
    assert selectors.current_plan(people["creneau"], ON) == plan


def test_the_approval_queue_and_the_home_pages_queue(people, jobs, django_assert_num_queries):
    for year in (2023, 2024, 2025):
        services.submit_value(report(people, jobs, year, "1"), actor=people["coordinator"])
    own = report(people, jobs, 2022, "1", actor="ministry")
    services.submit_value(own, actor=people["ministry"])
    assert [v.year for v in selectors.approval_queue(people["ministry"])] == [2023, 2024, 2025]
    assert selectors.approval_queue(people["office_out"]).count() == 0
    found = {q.key: q for q in queues.for_user(people["ministry"], ON)}
    assert found["indicator_values"].count == 3
    assert (
        found["indicator_values"]
        .first()[0]
        .url.endswith(f"/valeurs/{selectors.approval_queue(people['ministry']).first().pk}/")
    )
    assert "indicator_values" not in {q.key for q in queues.for_user(people["coordinator"], ON)}
