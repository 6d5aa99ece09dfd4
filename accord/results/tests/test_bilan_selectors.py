"""The bilan's generated figures, right on a built year, in a number of queries that does not grow
with the data; the regional and program bilans likewise."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.funding.tests.conftest import granted
from accord.planning import services as planning
from accord.registry.models import Creneau
from accord.results import report, selectors

from .bilans import adopted_programme


def test_the_report_gives_the_years_figures(scene):
    result = selectors.bilan_report(scene.world.creneau, scene.year)
    assert result.name_fr == scene.world.creneau.name_fr and result.year == scene.year
    # The plan covering the year and its one axis, half done.
    assert result.plan.pk == scene.plan.pk
    assert result.plan.progress == Decimal("50") and result.plan.axes[0].progress == Decimal("50")
    # Jobs: 12 approved against 20: behind.
    (jobs,) = [line for line in result.indicators if line.code == "emplois"]
    assert (jobs.target, jobs.figure) == (Decimal("20.00"), Decimal("12.00"))
    assert jobs.comparison.verdict == "behind"
    # The fund: one project granted this year, 40 000 $, and what was paid of it this year.
    assert result.projects.granted == 1 and result.projects.granted_amount == Decimal("40000.00")
    assert result.projects.lines[0].number == scene.project.number
    assert result.projects.disbursed == result.projects.lines[0].paid > 0
    assert [(s.status, s.count) for s in result.projects.by_status] == [("closed", 1)]
    # The niche committee met once this year, to decide on the project; its resolution took effect.
    assert len(result.governance.meetings) == 1
    assert [r.title for r in result.governance.resolutions] == [str(scene.project)]
    # Impact: the project closed this year expected 4 jobs and created 2; the indicator's approved figure.
    assert (result.impact.closed, result.impact.expected_jobs, result.impact.actual_jobs) == (1, 4, 2)
    assert result.impact.actual_investment == Decimal("10000.00")
    assert [(i.code, i.figure) for i in result.impact.indicators] == [("emplois", Decimal("12.00"))]
    assert result.events_recorded is False and result.priorities == ()


def test_another_year_has_none_of_it(scene):
    result = selectors.bilan_report(scene.world.creneau, scene.year - 3)
    assert result.plan is None
    assert result.projects.granted == 0 and result.projects.lines == ()
    assert result.governance.meetings == () and result.impact.closed == 0


def test_the_report_survives_json_whole(scene):
    result = selectors.bilan_report(scene.world.creneau, scene.year)
    back = report.from_json(report.to_json(result))
    assert back.frozen and back.indicators == result.indicators and back.projects == result.projects
    assert back.plan == result.plan and back.impact == result.impact and back.governance == result.governance


def _queries(call):
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context.captured_queries)


def test_the_reports_query_count_does_not_grow_with_the_data(scene):
    creneau = scene.world.creneau
    before = _queries(lambda: selectors.bilan_report(creneau, scene.year))
    assert before == 14
    # More projects granted, more resolutions and meetings.
    granted(scene.world)  # decided by the niche and regional committees, in meetings held this year
    assert _queries(lambda: selectors.bilan_report(creneau, scene.year)) == before


def test_the_report_gives_the_priorities_of_the_years_adopted_programme(scene):
    creneau = scene.world.creneau
    planning.adopt_plan(scene.plan, actor=scene.world.ministry, adopted_on=datetime.date(scene.year - 1, 1, 10))
    assert selectors.bilan_report(creneau, scene.year).priorities == ()  # no programme adopted for the year
    # With an adopted plan, one query more (the programme's priorities) whatever their number.
    without = _queries(lambda: selectors.bilan_report(creneau, scene.year))
    assert without == 15
    adopted_programme(scene, ("Vitrine", "Salon", "Mission"))
    result = selectors.bilan_report(creneau, scene.year)
    assert result.priorities[0] == report.PriorityLine(
        action="Vitrine", target_fr="Cible Vitrine", target_en="Target Vitrine", target_figure=Decimal("3.00")
    )
    assert [p.action for p in result.priorities] == ["Vitrine", "Salon", "Mission"]
    assert _queries(lambda: selectors.bilan_report(creneau, scene.year)) == without
    # The JSON (the API's, the snapshot's) holds them, and reads back whole.
    data = report.to_json(result)
    assert data["format"] == 2
    assert data["priorities"][1] == {
        "action": "Salon",
        "target_fr": "Cible Salon",
        "target_en": "Target Salon",
        "target_figure": "4.00",
    }
    assert report.from_json(data).priorities == result.priorities
    # Another year's programme is not this year's.
    assert selectors.bilan_report(creneau, scene.year - 1).priorities == ()


def test_a_snapshot_of_the_first_format_still_reads(scene):
    data = report.to_json(selectors.bilan_report(scene.world.creneau, scene.year))
    old = {**data, "format": 1, "priorities": []}
    assert report.from_json(old).priorities == ()


def test_the_overview_counts_each_creneau_once_in_a_fixed_number_of_queries(scene):
    year = scene.year
    overview = selectors.bilan_overview(Creneau.objects.all(), year)
    (block,) = overview.regions
    (row,) = block.rows
    assert row.creneau == scene.world.creneau and row.granted == 1 and row.meetings == 1
    assert row.values_approved == 1 and row.actual_jobs == 2
    assert overview.totals.granted == 1
    count = _queries(lambda: selectors.bilan_overview(Creneau.objects.all(), year))
    assert count == 11
    from accord.registry.tests.factories import CreneauFactory

    CreneauFactory(slug="bois", regions=[scene.world.region])
    CreneauFactory(slug="eau", regions=[scene.world.region])
    assert _queries(lambda: selectors.bilan_overview(Creneau.objects.all(), year)) == count
    assert len(selectors.bilan_overview(Creneau.objects.all(), year).regions[0].rows) == 3
