"""The dashboards and the benchmark (decision 38): figures computed by the database, against the targets as
measures.py compares them, normalised by the registry's member enterprises (a size of zero is no figure),
limited to the scope; the pages' permissions, query counts that do not grow, French and English; the API."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accord.planning import services as plans
from accord.planning.models import Plan
from accord.registry.models import Creneau, Membership, Region
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory
from accord.results import selectors, services
from accord.results.models import CommonTotal

pytestmark = pytest.mark.django_db


def approve(people: dict[str, Any], creneau: Any, indicator: Any, year: int, value: str) -> Any:
    """A value reported and submitted by the ministry, approved by its colleague (never the submitter)."""
    row = services.report_value(creneau, indicator, actor=people["ministry"], year=year, value=Decimal(value))
    services.submit_value(row, actor=people["ministry"])
    return services.approve_value(row, actor=people["colleague"])


def members(creneau: Any, count: int, **fields: Any) -> None:
    for _ in range(count):
        OrganisationFactory(creneaux=[creneau], **fields)


def common(people: dict[str, Any], code: str, **data: Any) -> Any:
    return services.define_indicator(actor=people["ministry"], data={"code": code, "name_fr": code, **data})


@pytest.fixture
def scene(people: dict[str, Any], plan: Any, jobs: Any) -> dict[str, Any]:
    """Three niches: A (the cast's, Estrie, a plan 2024–2026, four member enterprises), B (Estrie, a plan,
    no member enterprise), C (Montérégie, no plan, two member enterprises); three common indicators."""
    ministry = people["ministry"]
    a = people["creneau"]
    estrie = a.regions.get()
    monteregie = Region.objects.get(code="16")
    b = CreneauFactory(slug="bois", name_fr="Bois", regions=[estrie])
    c = CreneauFactory(slug="aero", name_fr="Aéro", regions=[monteregie])
    plan_b = plans.create_plan(b, actor=ministry, data={"first_year": 2024, "last_year": 2026})
    exports = common(people, "ventes-export", unit="dollars")
    leverage = common(people, "effet-levier", unit="ratio")
    # A: the cast's enterprise and three more; not counted: an unpublished one, a college, one that
    # joined after 2025.
    members(a, 3)
    members(a, 1, is_published=False)
    members(a, 1, kind="college_university")
    late = OrganisationFactory()
    Membership.objects.create(organisation=late, creneau=a, joined_on=datetime.date(2026, 2, 1))
    members(c, 2)
    # Jobs (cumulative): A 5 + 7 since 2024 reaches its 12; B has no 2024 value: its running total is unknown.
    approve(people, a, jobs, 2024, "5")
    approve(people, a, jobs, 2025, "7")
    approve(people, b, jobs, 2025, "3")
    services.set_target(plan, jobs, actor=ministry, year=2025, value=Decimal(12))
    services.set_target(plan_b, jobs, actor=ministry, year=2025, value=Decimal(10))
    # Export sales: A 400 against 500 (behind), B 300 against 310 (on track), C 100 (no plan).
    for creneau, value in ((a, "400"), (b, "300"), (c, "100")):
        approve(people, creneau, exports, 2025, value)
    services.set_target(plan, exports, actor=ministry, year=2025, value=Decimal(500))
    services.set_target(plan_b, exports, actor=ministry, year=2025, value=Decimal(310))
    # A value on its way never counts.
    services.submit_value(
        services.report_value(c, exports, actor=ministry, year=2024, value=Decimal(9999)), actor=ministry
    )
    approve(people, a, leverage, 2025, "2")
    approve(people, b, leverage, 2025, "3")
    return {"a": a, "b": b, "c": c, "jobs": jobs, "exports": exports, "leverage": leverage, "estrie": estrie}


def by_code(data: Any) -> dict[str, Any]:
    return {summary.indicator.code: summary for summary in data.indicators}


# --- Selectors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("program", [True, False], ids=["kept totals", "summed live"])
def test_the_program_dashboard_adds_up_the_approved_values_and_compares_the_targets(scene, program):
    data = selectors.results_dashboard(Creneau.objects.all(), program=program)
    assert data.year == 2025 and data.years == {2025: 3, 2024: 1}
    assert data.creneaux == 3 and data.reporting == 3
    summaries = by_code(data)
    exports = summaries["ventes-export"]
    assert [p.year for p in exports.trend] == [2021, 2022, 2023, 2024, 2025]
    # The submitted 9 999 of 2024 is not there.
    assert [(p.value, p.creneaux) for p in exports.trend[-2:]] == [(None, 0), (Decimal("800.00"), 3)]
    assert exports.verdicts == selectors.Verdicts(met=0, on_track=1, behind=1, unknown=0)
    jobs = summaries["emplois"]
    assert [(p.value, p.creneaux) for p in jobs.trend[-2:]] == [(Decimal("5.00"), 1), (Decimal("10.00"), 2)]
    # A's running total 12 meets its 12; B's has a gap (no 2024): not compared.
    assert jobs.verdicts == selectors.Verdicts(met=1, unknown=1)
    # A rate is averaged, not added up.
    leverage = summaries["effet-levier"]
    assert not leverage.additive and leverage.current.value == Decimal("2.50")
    assert data.verdicts.targets == 4 and data.verdicts.met_share == Decimal("25.0")
    assert [s.share for s in jobs.verdicts.segments] == [
        Decimal("50.0"),
        Decimal("0.0"),
        Decimal("0.0"),
        Decimal("50.0"),
    ]
    # Two plans, no action counting yet; C has none.
    assert (data.plans.without_plan, data.plans.not_started, data.plans.mean) == (1, 2, None)


def test_the_program_totals_are_kept_by_each_approval_of_a_common_value(scene, people, plan):
    """approve_value adds a common indicator's approved value to the program's total of its year; a
    plan's own indicator, a value returned or only submitted, add nothing; counted again from the
    values, the totals are the same."""
    kept = {(t.indicator_id, t.year): (t.total, t.count) for t in CommonTotal.objects.all()}
    assert kept[(scene["exports"].pk, 2025)] == (Decimal("800.00"), 3)
    assert (scene["exports"].pk, 2024) not in kept  # submitted, not approved
    own = services.define_indicator(actor=people["ministry"], plan=plan, data={"code": "propre", "name_fr": "Propre"})
    approve(people, scene["a"], own, 2025, "40")
    returned = services.report_value(
        scene["c"], scene["leverage"], actor=people["ministry"], year=2025, value=Decimal(9)
    )
    services.submit_value(returned, actor=people["ministry"])
    services.return_value(returned, actor=people["colleague"], reason="Source ?")
    approve(people, scene["c"], scene["jobs"], 2025, "4")
    after = {(t.indicator_id, t.year): (t.total, t.count) for t in CommonTotal.objects.all()}
    assert after == {**kept, (scene["jobs"].pk, 2025): (Decimal("14.00"), 3)}
    services.count_common_totals()
    assert {(t.indicator_id, t.year): (t.total, t.count) for t in CommonTotal.objects.all()} == after


def test_the_database_chooses_each_niches_plan_as_choose_plan_does(people):
    """chosen_plans reads choose_plan's rule (the adopted plan covering the year, else the latest; the
    first created among equals) in SQL, for every niche at once, with that plan's kept progress."""
    layouts = {
        "aucun": [],
        "brouillon": [(2024, 2026, "draft")],
        "deux": [(2020, 2022, "adopted"), (2023, 2027, "adopted")],
        "suivant": [(2021, 2025, "adopted"), (2026, 2030, "draft"), (2026, 2029, "draft")],
        "trou": [(2019, 2020, "adopted"), (2024, 2025, "adopted")],
    }
    scope = []
    for slug, plans_of in layouts.items():
        creneau = CreneauFactory(slug=slug, name_fr=slug)
        scope.append(creneau.pk)
        for first, last, status in plans_of:
            adopted_on = datetime.date(first, 1, 15) if status == "adopted" else None
            Plan.objects.create(creneau=creneau, first_year=first, last_year=last, status=status, adopted_on=adopted_on)
    for number, pk in enumerate(Plan.objects.order_by("pk").values_list("pk", flat=True)):
        Plan.objects.filter(pk=pk).update(kept_progress=Decimal(number * 10 + 5) / 10)  # a figure of its own
    creneaux = Creneau.objects.filter(pk__in=scope)
    for year in range(2018, 2032):
        rows = selectors.chosen_plans(creneaux, year).values_list("pk", "chosen_plan", "chosen_progress")
        found = {pk: (plan_id, progress) for pk, plan_id, progress in rows}
        for creneau in creneaux:
            options = list(Plan.objects.filter(creneau=creneau).order_by("-first_year", "pk"))
            expected = selectors.choose_plan(options, year)
            wanted = (expected.pk, expected.kept_progress) if expected else (None, None)
            assert found[creneau.pk] == wanted, (creneau.slug, year)


def test_the_dashboards_verdicts_are_those_of_the_niches_table(scene, people):
    data = by_code(selectors.results_dashboard(Creneau.objects.filter(pk=scene["a"].pk)))
    table = selectors.indicator_table(scene["a"], on=datetime.date(2025, 6, 1))
    for line in table.lines:
        cell = next(c for c in line.cells if c.year == 2025)
        if line.indicator.code in data and cell.target is not None:
            expected = selectors.Verdicts().counted(cell.comparison)
            assert data[line.indicator.code].verdicts == expected, line.indicator.code


def test_a_regions_dashboard_counts_its_niches_only(scene):
    creneaux = Creneau.objects.filter(region_links__region=scene["estrie"])
    data = selectors.results_dashboard(creneaux)
    assert data.creneaux == 2
    assert by_code(data)["ventes-export"].current.value == Decimal("700.00")
    assert {row.creneau.slug for row in data.plans.rows} == {"meuble", "bois"}


def test_the_year_asked_must_have_approved_values(scene):
    assert selectors.results_dashboard(Creneau.objects.all(), "2024").year == 2024
    assert selectors.results_dashboard(Creneau.objects.all(), "1999").year == 2025
    assert selectors.results_dashboard(Creneau.objects.all(), "nope").year == 2025
    assert selectors.results_dashboard(Creneau.objects.none()).year is None


def test_the_benchmark_normalises_by_member_enterprises_and_a_size_of_zero_is_no_figure(scene):
    result = selectors.benchmark(Creneau.objects.all(), scene["exports"], 2025)
    rows = {row.creneau.slug: row for row in result.rows}
    assert [(rows[s].value, rows[s].size, rows[s].per_member) for s in ("meuble", "bois", "aero")] == [
        (Decimal("400.00"), 4, Decimal("100.00")),
        (Decimal("300.00"), 0, None),
        (Decimal("100.00"), 2, Decimal("50.00")),
    ]
    assert [row.creneau.slug for row in result.rows] == ["meuble", "bois", "aero"]
    assert [(row.value_rank, row.per_member_rank) for row in result.rows] == [(1, 1), (2, None), (3, 2)]
    assert (result.median_value, result.median_per_member) == (Decimal("300.00"), Decimal("75.00"))
    assert result.normalised and result.compared == 3
    by_size = selectors.benchmark(Creneau.objects.all(), scene["exports"], 2025, sort="per_member")
    assert [row.creneau.slug for row in by_size.rows] == ["meuble", "aero", "bois"]


def test_a_rate_is_compared_as_it_is(scene):
    result = selectors.benchmark(Creneau.objects.all(), scene["leverage"], 2025, sort="per_member")
    assert not result.normalised and result.sort == "value"
    assert [(row.creneau.slug, row.value_rank, row.per_member) for row in result.rows] == [
        ("bois", 1, None),
        ("meuble", 2, None),
        ("aero", None, None),
    ]


def test_the_benchmark_of_a_scope_and_of_niches_that_had_ended(scene):
    estrie = Creneau.objects.filter(region_links__region=scene["estrie"])
    assert {row.creneau.slug for row in selectors.benchmark(estrie, scene["exports"], 2025).rows} == {"meuble", "bois"}
    Creneau.objects.filter(pk=scene["c"].pk).update(ended_on=datetime.date(2024, 12, 31))
    assert "aero" not in {
        row.creneau.slug for row in selectors.benchmark(Creneau.objects.all(), scene["exports"], 2025).rows
    }


def test_the_niches_dashboard_draws_its_table(scene, people):
    data = selectors.creneau_dashboard(scene["a"])
    lines = {line.indicator.code: line for line in data.lines}
    assert lines["emplois"].latest.figure == Decimal("12.00") and lines["emplois"].latest.comparison.verdict == "met"
    assert lines["ventes-export"].latest.comparison.verdict == "behind"
    assert [(y.year, y.target, y.figure) for y in lines["emplois"].chart.years] == [
        (2024, None, Decimal("5.00")),
        (2025, Decimal("12.00"), Decimal("12.00")),
        (2026, None, None),
    ]
    assert data.verdicts == selectors.Verdicts(met=1, behind=1)
    assert data.plan is not None and data.plan.progress is None


# --- Pages ---------------------------------------------------------------------------------------


def url(name: str, *args: Any) -> str:
    return reverse(f"results:{name}", args=args)


def test_who_opens_which_dashboard(client, scene, people):
    estrie, monteregie = scene["estrie"], Region.objects.get(code="16")
    cases = [
        ("ministry", url("dashboard"), 200),
        ("ministry", url("region_dashboard", monteregie.pk), 200),
        ("office_in", url("dashboard"), 403),
        ("office_in", url("region_dashboard", estrie.pk), 200),
        ("office_in", url("region_dashboard", monteregie.pk), 403),
        ("office_in", url("region_dashboard", 999999), 404),
        ("member", url("region_dashboard", estrie.pk), 403),
        ("member", url("creneau_dashboard", scene["a"].pk), 200),
        ("coordinator", url("creneau_dashboard", scene["a"].pk), 200),
        ("member", url("creneau_dashboard", scene["b"].pk), 404),
        ("office_out", url("creneau_dashboard", scene["a"].pk), 404),
        ("office_out", url("creneau_dashboard", scene["c"].pk), 200),
        ("stranger", url("creneau_dashboard", scene["a"].pk), 403),
    ]
    for role, address, expected in cases:
        client.force_login(people[role])
        assert client.get(address).status_code == expected, (role, address)
    assert client.post(url("creneau_dashboard", scene["c"].pk)).status_code == 405
    client.logout()
    assert client.get(url("dashboard")).status_code == 302


def test_the_program_dashboard_shows_the_figures_and_the_benchmark_in_french(client, scene, people):
    client.force_login(people["ministry"])
    page = client.get(url("dashboard"), {"indicator": "ventes-export", "sort": "per_member"}).content.decode()
    assert "Résultats du programme" in page and "Créneaux comparés" in page
    assert "800,00\xa0$" in page and "100,00\xa0$" in page  # the total, and A per member enterprise
    assert 'aria-sort="descending"' in page and "Médiane" in page
    assert 'aria-hidden="true" focusable="false" viewBox="0 0 58 20"' in page  # each trend, beside its figures
    assert url("creneau_dashboard", scene["a"].pk) in page


def test_the_dashboards_speak_english(client, scene, people):
    client.force_login(people["office_in"])
    with translation.override("en"):
        region = url("region_dashboard", scene["estrie"].pk)
        niche = url("creneau_dashboard", scene["a"].pk)
    page = client.get(region, {"indicator": "ventes-export"}).content.decode()
    assert "Niches compared" in page and "$700.00" in page and "Per member enterprise" in page
    page = client.get(niche).content.decode()
    assert "Indicators against targets" in page and "Target met" in page


def _more(people: dict[str, Any], scene: dict[str, Any], count: int) -> None:
    """More niches of Estrie, each with a plan, targets, members and approved values of every indicator."""
    estrie = scene["estrie"]
    for index in range(count):
        creneau = CreneauFactory(regions=[estrie])
        plan = plans.create_plan(creneau, actor=people["ministry"], data={"first_year": 2024, "last_year": 2026})
        members(creneau, index + 1)
        for indicator in (scene["jobs"], scene["exports"], scene["leverage"]):
            approve(people, creneau, indicator, 2024, "4")
            approve(people, creneau, indicator, 2025, "5")
            services.set_target(plan, indicator, actor=people["ministry"], year=2025, value=Decimal(6))
    common(people, f"autre-{count}")


def test_the_dashboards_read_in_a_fixed_number_of_queries(client, scene, people, django_assert_num_queries):
    pages = {
        "ministry": url("dashboard") + "?indicator=ventes-export",
        "office_in": url("region_dashboard", scene["estrie"].pk),
        "coordinator": url("creneau_dashboard", scene["a"].pk),
    }
    counts = {}
    for role, address in pages.items():
        client.force_login(people[role])
        client.get(address)  # the session and the language settle
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        counts[role] = len(captured)
    _more(people, scene, 4)
    for role, address in pages.items():
        client.force_login(people[role])
        client.get(address)
        with django_assert_num_queries(counts[role]):
            page = client.get(address)
        assert page.status_code == 200
    assert page.content.decode().count('class="bilan-chart"') == 3
    # The user and their scope, then the dashboard's own: the program's seven (the years, the indicators,
    # the niches with their plan and its kept progress, the totals, the targets' kept verdicts, the
    # benchmark and its members, the regions' menu); the region's two more to check the region and two
    # for its rows (its niches, their plans); the niche's, the menu's and the niche roles' reads (one for
    # every area's entry: governance.policies.niche_roles) beside its table's four and its plan's two.
    assert counts == {"ministry": 10, "office_in": 14, "coordinator": 13}


# --- API -----------------------------------------------------------------------------------------


def test_the_api_benchmark_is_the_pages(client, scene, people):
    address = reverse("api:indicator-benchmark")
    client.force_login(people["office_in"])
    answer = client.get(address, {"indicator": "ventes-export", "year": 2025, "sort": "per_member"}).json()
    assert answer["indicator"]["code"] == "ventes-export" and answer["normalised"] is True
    assert [(r["creneau"], r["value"], r["member_enterprises"], r["per_member"]) for r in answer["rows"]] == [
        ("meuble", "400.00", 4, "100.00"),
        ("bois", "300.00", 0, None),
    ]
    assert answer["median_value"] == "350.00"
    # The ministry, one region; the first indicator in use and the latest year when none are given.
    client.force_login(people["ministry"])
    answer = client.get(address, {"region": "16"}).json()
    assert (answer["indicator"]["code"], answer["year"]) == ("effet-levier", 2025)
    assert [r["creneau"] for r in answer["rows"]] == ["aero"]
    assert client.get(address, {"indicator": "inconnu"}).status_code == 404
    assert client.get(address, {"year": "deux"}).status_code == 400
    # A niche committee's member compares only what they read: their niche.
    client.force_login(people["member"])
    assert [r["creneau"] for r in client.get(address, {"indicator": "ventes-export"}).json()["rows"]] == ["meuble"]


def test_the_benchmarks_table_shows_a_page_at_a_time_ranked_over_every_niche(client, scene, people, monkeypatch):
    from accord.results.views import dashboards

    monkeypatch.setattr(dashboards, "BENCHMARK_PAGE_SIZE", 1)
    client.force_login(people["office_in"])
    address = url("region_dashboard", scene["estrie"].pk) + "?indicator=ventes-export&sort=per_member"
    first, second = (
        client.get(address + f"&page={n}").content.decode().split('id="benchmark-table"')[1] for n in (1, 2)
    )
    # Ranked over both niches (the furniture one first per member), one a page; the caption counts both.
    meuble = reverse("results:creneau_dashboard", args=[scene["a"].pk])
    bois = reverse("results:creneau_dashboard", args=[scene["b"].pk])
    assert meuble in first and bois not in first
    assert bois in second and meuble not in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert "2 créneaux sur 2 ont une valeur approuvée" in first
