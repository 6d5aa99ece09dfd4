"""The bilan's generated figures, right on a built year, in a number of queries that does not grow
with the data; the regional and program bilans likewise."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accord.events.models import Event
from accord.funding import impact
from accord.funding import services as funding
from accord.funding.models import Project
from accord.funding.tests.conftest import granted, reported
from accord.planning import services as planning
from accord.registry.models import Creneau
from accord.results import report, selectors, services

from .bilans import EXPECTED, REPORTED, adopted_programme


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
    # The figures of decision 40, expected against reported: the seed's new contracts in the United
    # States for more than 1 M$, where 900 000 $ were expected.
    expected = {name: getattr(result.impact, name) for name in EXPECTED}
    reported = {name: getattr(result.impact, name) for name in REPORTED}
    assert expected == EXPECTED and reported == REPORTED and result.impact.older_reports == 0
    line = next(line for line in result.impact.lines if line.figure.key == "export_contracts_amount")
    assert (line.expected, line.actual) == (Decimal("900000"), Decimal("1050000"))
    assert result.events_recorded is True and result.events == () and result.priorities == ()


def test_another_year_has_none_of_it(scene):
    result = selectors.bilan_report(scene.world.creneau, scene.year - 3)
    assert result.plan is None
    assert result.projects.granted == 0 and result.projects.lines == ()
    assert result.governance.meetings == () and result.impact.closed == 0
    assert (result.impact.actual_jobs_kept, result.impact.actual_export_contracts_amount) == (0, 0)
    assert not result.impact.incomplete


def test_a_final_report_of_before_counts_in_none_of_the_new_figures(scene):
    # Reported before decision 40: the figures it added were not asked.
    Project.objects.filter(pk=scene.project.pk).update(**dict.fromkeys(REPORTED))
    Project.objects.filter(pk=scene.project.pk).update(actual_sales=Decimal("0"))
    result = selectors.bilan_report(scene.world.creneau, scene.year)
    assert (result.impact.closed, result.impact.older_reports, result.impact.actual_jobs) == (1, 1, 2)
    assert result.impact.actual_jobs_kept is None and result.impact.actual_export_contracts_amount is None
    assert result.impact.expected_jobs_kept == 6 and result.impact.incomplete
    # Another project of the niche closed this year with every figure: its own count, the older one's do not.
    other = reported(scene.world, figures={"actual_jobs_kept": 3, "actual_public_investment": Decimal("20000")})
    funding.close_project(other, actor=scene.world.ministry)
    result = selectors.bilan_report(scene.world.creneau, scene.year)
    assert (result.impact.closed, result.impact.older_reports, result.impact.actual_jobs) == (2, 1, 4)
    assert (result.impact.actual_jobs_kept, result.impact.actual_public_investment) == (3, Decimal("20000"))
    overview = selectors.bilan_overview(Creneau.objects.all(), scene.year)
    (row,) = overview.regions[0].rows
    assert (row.closed, row.older_reports, row.actual_jobs_kept, row.actual_export_contracts) == (2, 1, 3, 0)


def test_a_bilan_adopted_before_the_new_figures_still_reads():
    """A snapshot of format 1 (before decision 40) has none of their keys: it loads, every figure
    it holds as adopted, the others as not given, and the page says what "—" means."""
    adopted = report.Report(
        name_fr="Meuble",
        year=2024,
        impact=report.ImpactPart(
            closed=1, expected_jobs=4, actual_jobs=2, expected_investment=Decimal("30000"), actual_companies=3
        ),
    )
    snapshot = report.to_json(adopted)
    assert snapshot["format"] == report.FORMAT and "actual_export_contracts" in snapshot["impact"]
    for name in [*impact.fields(impact.EXPECTED, impact.ADDED), *impact.fields(impact.ACTUAL, impact.ADDED)]:
        del snapshot["impact"][name]
    del snapshot["impact"]["older_reports"]
    old = report.from_json({**snapshot, "format": 1})
    assert old.frozen and (old.impact.actual_jobs, old.impact.expected_investment) == (2, Decimal("30000"))
    assert old.impact.actual_jobs_kept is None and old.impact.expected_export_contracts_amount is None
    assert old.impact.incomplete
    with translation.override("en"):
        html = render_to_string("results/_bilan_report.html", {"report": old})
    assert '<th scope="row">Jobs kept</th><td>—</td><td>—</td>' in html
    assert '<th scope="row">Jobs created</th><td>4</td><td>2</td>' in html
    assert "not given in this report" in html


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
    assert before == 15
    # More projects granted, more resolutions and meetings.
    granted(scene.world)  # decided by the niche and regional committees, in meetings held this year
    assert _queries(lambda: selectors.bilan_report(creneau, scene.year)) == before


def test_the_report_gives_the_priorities_of_the_years_adopted_programme(scene):
    creneau = scene.world.creneau
    planning.adopt_plan(scene.plan, actor=scene.world.ministry, adopted_on=datetime.date(scene.year - 1, 1, 10))
    assert selectors.bilan_report(creneau, scene.year).priorities == ()  # no programme adopted for the year
    # With an adopted plan, one query more (the programme's priorities) whatever their number.
    without = _queries(lambda: selectors.bilan_report(creneau, scene.year))
    assert without == 16
    adopted_programme(scene, ("Vitrine", "Salon", "Mission"))
    result = selectors.bilan_report(creneau, scene.year)
    assert result.priorities[0] == report.PriorityLine(
        action="Vitrine", target_fr="Cible Vitrine", target_en="Target Vitrine", target_figure=Decimal("3.00")
    )
    assert [p.action for p in result.priorities] == ["Vitrine", "Salon", "Mission"]
    assert _queries(lambda: selectors.bilan_report(creneau, scene.year)) == without
    # The JSON (the API's, the snapshot's) holds them, and reads back whole.
    data = report.to_json(result)
    assert data["format"] == report.FORMAT
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
    # Events: two held in the year (30 and 12 people), one planned, one held the year before.
    for starts_on, held in (((year, 3, 1), 30), ((year, 9, 1), 12), ((year, 11, 1), None), ((year - 1, 5, 1), 50)):
        event = Event.objects.create(
            creneau=scene.world.creneau, title_fr="Activité", kind="forum", starts_on=datetime.date(*starts_on)
        )
        if held is not None:
            Event.objects.filter(pk=event.pk).update(status="held", attendance=held)
    overview = selectors.bilan_overview(Creneau.objects.all(), year)
    (block,) = overview.regions
    (row,) = block.rows
    assert row.creneau == scene.world.creneau and row.granted == 1 and row.meetings == 1
    assert row.values_approved == 1 and row.actual_jobs == 2
    assert overview.totals.granted == 1
    assert (row.closed, row.actual_jobs_kept, overview.totals.actual_export_contracts_amount) == (
        1,
        5,
        Decimal("1050000"),
    )
    assert (row.events_held, row.attendance) == (2, 42)
    assert (overview.totals.events_held, overview.totals.attendance) == (2, 42)
    count = _queries(lambda: selectors.bilan_overview(Creneau.objects.all(), year))
    assert count == 12
    from accord.registry.tests.factories import CreneauFactory

    CreneauFactory(slug="bois", regions=[scene.world.region])
    CreneauFactory(slug="eau", regions=[scene.world.region])
    assert _queries(lambda: selectors.bilan_overview(Creneau.objects.all(), year)) == count
    assert len(selectors.bilan_overview(Creneau.objects.all(), year).regions[0].rows) == 3


def test_a_bilan_leaves_out_the_indicators_of_a_plan_that_does_not_cover_its_year(scene):
    # The next plan is drafted with an indicator of its own: not asked for this year, nothing in it.
    later = planning.create_plan(
        scene.world.creneau,
        actor=scene.world.ministry,
        data={"first_year": scene.year + 2, "last_year": scene.year + 4},
    )
    services.define_indicator(actor=scene.world.ministry, plan=later, data={"code": "brevets", "name_fr": "Brevets"})
    # The covering plan's own indicator is shown even with nothing reported yet: it is asked for.
    services.define_indicator(actor=scene.world.ministry, plan=scene.plan, data={"code": "salons", "name_fr": "Salons"})

    codes = [line.code for line in selectors.bilan_report(scene.world.creneau, scene.year).indicators]

    assert codes == ["emplois", "salons"]
    assert "brevets" in [line.code for line in selectors.bilan_report(scene.world.creneau, scene.year + 2).indicators]


def _approve(scene, year, value):
    row = services.report_value(
        scene.world.creneau, scene.jobs, actor=scene.coordinator, year=year, value=Decimal(value)
    )
    services.submit_value(row, actor=scene.coordinator)
    services.approve_value(row, actor=scene.world.ministry)


def test_a_bilans_chart_shows_the_last_five_years_or_its_whole_plan(scene):
    for year in range(scene.year - 8, scene.year - 1):
        _approve(scene, year, "3")

    (jobs,) = selectors.bilan_report(scene.world.creneau, scene.year).indicators
    # The plan covers last year to next year: the last five years hold its years up to the bilan's.
    assert [y.year for y in jobs.years] == list(range(scene.year - 4, scene.year + 1))
    # A plan started longer ago shows from its first year.
    scene.plan.first_year = scene.year - 6
    scene.plan.save()
    (jobs,) = selectors.bilan_report(scene.world.creneau, scene.year).indicators
    assert [y.year for y in jobs.years] == list(range(scene.year - 6, scene.year + 1))
    # No plan covers three years ago: that year and the four before.
    (older,) = selectors.bilan_report(scene.world.creneau, scene.year - 3).indicators
    assert [y.year for y in older.years] == list(range(scene.year - 7, scene.year - 2))
    assert older.figure == Decimal("3.00")


def test_an_axis_of_the_programs_kinds_is_named_in_both_languages_whatever_the_language_of_the_day(scene):
    planning.add_axis(scene.plan, actor=scene.world.ministry, data={"kind": "workforce", "position": 2})

    with translation.override("fr"):
        result = selectors.bilan_report(scene.world.creneau, scene.year)

    workforce = result.plan.axes[1]
    assert (workforce.name_fr, workforce.name_en) == ("Main-d'œuvre", "Workforce")
    # What the committee adopts keeps both: the English page reads English.
    frozen = report.from_json(report.to_json(result))
    with translation.override("en"):
        assert frozen.plan.axes[1].name == "Workforce"
