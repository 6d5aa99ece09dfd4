"""The program's results for the public (decision 54): the aid granted by region, niche and year, the
leverage and what the closed projects reported, summed by the database and equal to sums made here by
hand; a fixed number of queries whatever the number of projects; French and English with Canadian
formats; every chart in its data table; the page kept whole under the public version, which a grant bumps."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.funding import selectors, services
from accord.funding.models import Project, ProjectCost, ProjectCreneau, ProjectStatus
from accord.funding.tests.conftest import NBSP, granted, reported, text
from accord.funding.workflow import COMMITTED
from accord.registry.tests.factories import CreneauFactory, RegionFactory

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")
AMOUNTS = st.decimals(min_value=Decimal("0.00"), max_value=Decimal("500000.00"), places=2)
PROJECTS = st.lists(
    st.tuples(
        st.sampled_from(ProjectStatus.values),
        st.integers(min_value=0, max_value=1),  # the region
        st.sampled_from([(0,), (1,), (0, 1)]),  # the niches
        AMOUNTS,  # the aid granted
        st.integers(min_value=2024, max_value=2026),  # the year of the grant
        st.lists(AMOUNTS, max_size=3),  # the cost lines
        st.one_of(st.none(), st.integers(min_value=0, max_value=50)),  # jobs created, as reported
        st.one_of(st.none(), AMOUNTS),  # private investment, as reported
    ),
    max_size=10,
)
_numbers = itertools.count(1)


@pytest.fixture
def places(world):
    """Two regions and two niches for the projects the property writes."""
    other = RegionFactory(code="16", name="Montérégie")
    return [world.region, other], [world.creneau, CreneauFactory(slug="aero", name_fr="Aérospatiale")]


def _rows(world, places, specs):
    """The projects as rows (the sums read whatever rows exist; the services are tested elsewhere)."""
    regions, niches = places
    made = []
    for status, region, niche_indexes, aid, year, costs, jobs, investment in specs:
        project = Project.objects.create(
            number=f"T-{next(_numbers)}",
            title="Projet",
            summary="Résumé",
            carrier=world.carrier,
            region=regions[region],
            period=world.period,
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2026, 1, 1),
            requested_amount=aid,
            status=status,
            granted_amount=aid,
            # Noon in Québec on June 15: the year is the same in every time zone's reading of it.
            granted_at=timezone.make_aware(datetime.datetime(year, 6, 15, 12)),
            actual_jobs=jobs,
            actual_investment=investment,
        )
        ProjectCreneau.objects.bulk_create(ProjectCreneau(project=project, creneau=niches[i]) for i in niche_indexes)
        ProjectCost.objects.bulk_create(
            ProjectCost(project=project, category="equipment", amount=amount) for amount in costs
        )
        made.append((project, (status, region, niche_indexes, aid, year, costs, jobs, investment)))
    return made


def _expected(specs, *, region=None, year=None):
    """The sums made by hand over the projects whose aid is granted."""
    counted = [s for s in specs if s[0] in COMMITTED and region in (None, s[1]) and year in (None, s[4])]
    by_region, by_year, by_niche = {}, {}, {}
    for _status, reg, niches, aid, yr, costs, _jobs, _inv in counted:
        for table, key in [(by_region, reg), (by_year, yr)] + [(by_niche, n) for n in niches]:
            amount, n, cost = table.get(key, (ZERO, 0, ZERO))
            table[key] = (amount + aid, n + 1, cost + sum(costs, ZERO))
    closed = [s for s in counted if s[0] == ProjectStatus.CLOSED]
    jobs = [s[6] for s in closed if s[6] is not None]
    investment = [s[7] for s in closed if s[7] is not None]
    total = (sum((s[3] for s in counted), ZERO), len(counted), sum((sum(s[5], ZERO) for s in counted), ZERO))
    return {
        "regions": by_region,
        "years": by_year,
        "niches": by_niche,
        "total": total,
        "closed": len(closed),
        "jobs": sum(jobs) if jobs else None,
        "investment": sum(investment, ZERO) if investment else None,
    }


def _shown(rows):
    return {row.aid.key: (row.aid.amount, row.aid.projects, row.cost) for row in rows}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=PROJECTS)
def test_the_figures_are_the_sums_made_by_hand(world, places, specs):
    regions, niches = places
    made = _rows(world, places, specs)
    try:
        for region, year in [(None, None), (0, None), (None, 2025), (1, 2024)]:
            results = selectors.program_results(region=regions[region] if region is not None else None, year=year)
            expected = _expected(specs, region=region, year=year)
            assert _shown(results.regions) == {regions[k].code: v for k, v in expected["regions"].items()}
            assert _shown(results.years) == expected["years"]
            assert _shown(results.creneaux) == {niches[k].slug: v for k, v in expected["niches"].items()}
            aid, count, cost = expected["total"]
            assert (results.total.aid, results.total.projects, results.total.cost) == (aid, count, cost)
            assert results.total.ratio == ((cost / aid).quantize(Decimal("0.01")) if aid else None)
            assert results.impact.projects == expected["closed"]
            assert results.impact.figures["actual_jobs"] == expected["jobs"]
            assert results.impact.figures["actual_investment"] == expected["investment"]
    finally:
        for project, _spec in made:
            project.costs.all().delete()
            project.creneau_links.all().delete()
        Project.objects.filter(pk__in=[project.pk for project, _spec in made]).delete()


def test_the_page_costs_the_same_queries_whatever_the_number_of_projects(
    client, world, places, django_assert_num_queries
):
    specs = [(ProjectStatus.GRANTED, 0, (0,), Decimal("1000.00"), 2025, [Decimal("3000")], None, None)]
    _rows(world, places, specs)
    address = reverse("results_program:program")
    # The public version, the years, the regions' choice, then the five sums (by region, year and niche,
    # the totals, the closed projects' reports).
    with django_assert_num_queries(8):
        assert client.get(address, {"year": "2025"}).status_code == 200
    many = [
        (status, i % 2, (0, 1), Decimal("2500.50"), 2024 + i % 3, [Decimal("100"), Decimal("9000")], 3, Decimal("7"))
        for i, status in enumerate([ProjectStatus.GRANTED, ProjectStatus.CLOSED, ProjectStatus.REFUSED] * 8)
    ]
    _rows(world, places, many)
    with django_assert_num_queries(8):
        response = client.get(address, {"year": "2024"})  # another address: not kept yet
    assert response.status_code == 200
    with django_assert_num_queries(1):  # the version: the page kept whole
        client.get(address, {"year": "2024"})


def test_the_page_reads_in_french_and_english_with_every_chart_in_its_table(client, world):
    project = reported(world, figures={"actual_jobs": 3, "actual_jobs_kept": 12, "actual_investment": Decimal(25000)})
    services.close_project(project, actor=world.ministry)
    granted(world, amount="20000", title="Deuxième")
    page = text(client.get(reverse("results_program:program")))
    # 60 000 $ granted to two projects costing 200 000 $: a leverage of 3,33 $.
    assert f"60{NBSP}000,00{NBSP}$" in page and f"200{NBSP}000,00{NBSP}$" in page and f"3,33{NBSP}$" in page
    assert (
        "Aide accordée par région" in page and "Aide accordée par créneau" in page and "Aide accordée par année" in page
    )
    for kind in ("region", "creneau", "year"):
        assert f'<table class="data-table chart-table" id="results-{kind}">' in page
    assert 'aria-hidden="true" focusable="false" viewBox="0 0 100 10"' in page  # the bars, in their tables
    assert "Emplois maintenus" in page and f"25{NBSP}000,00{NBSP}$" in page
    english = text(client.get("/en" + reverse("results_program:program")))
    assert "$60,000.00" in english and "$3.33" in english and "Aid granted by region" in english
    assert "Jobs kept" in english and "Furniture" in english


def test_the_region_and_year_narrow_the_figures(client, world, monteregie):
    project = granted(world)
    year = timezone.localdate(project.granted_at).year
    address = reverse("results_program:program")
    assert client.get(address, {"region": "05"}).context["results"].total.projects == 1
    assert client.get(address, {"region": "16"}).context["results"].total.projects == 0
    assert client.get(address, {"year": year - 1}).context["results"].total.projects == 0
    # What is not a region or a year is left aside, not a 500. ("00": no region has it; the factories
    # number theirs from 20 to 99, so "99" may be one, depending on the tests before in the process.)
    assert client.get(address, {"region": "00", "year": "x"}).context["results"].total.projects == 1


def test_a_grant_changes_the_page_kept_whole(client, world):
    address = reverse("results_program:program")
    before = client.get(address)
    assert before.context["results"].total.projects == 0
    assert client.get(address, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    granted(world)  # the grant bumps the public version in its transaction
    after = client.get(address, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after.context["results"].total.projects == 1
