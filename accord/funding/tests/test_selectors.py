"""The dashboard's figures: pipeline, envelopes, aid by niche and by year, leverage, in fixed queries."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from accord.funding import selectors, services
from accord.funding.models import Envelope, ProgramPeriod, Project, ProjectStatus
from accord.registry.tests.factories import RegionFactory

from .conftest import committee_with_members, content, draft, to_analysis

pytestmark = pytest.mark.django_db


def period(code, start, end):
    return ProgramPeriod(code=code, name=code, starts_on=start, ends_on=end)


def grant(world, amount="40000", **kwargs):
    project = to_analysis(world, **kwargs)
    services.grant_project(project, actor=world.ministry, amount=Decimal(amount))
    project.refresh_from_db()
    return project


# --- Pure helpers ----------------------------------------------------------------------------


def test_bars_are_percentages_of_the_largest_written_with_a_dot():
    with translation.override("fr"):
        assert selectors.bar(Decimal("20000"), Decimal("40000")) == "50.0"
    assert selectors.bar(3, 3) == "100.0"
    assert selectors.bar(Decimal("1"), Decimal("3")) == "33.3"
    assert selectors.bar(0, 10) == "0"
    assert selectors.bar(5, 0) == "0"
    assert selectors.bar(Decimal("-5"), 10) == "0"
    assert selectors.bar(20, 10) == "100.0"


def test_the_default_period_covers_today_else_is_the_latest():
    latest = period("2029-2034", datetime.date(2029, 4, 1), datetime.date(2034, 3, 31))
    current = period("2024-2029", datetime.date(2024, 4, 1), datetime.date(2029, 3, 31))
    older = period("2019-2024", datetime.date(2019, 4, 1), datetime.date(2024, 3, 31))
    choices = [latest, current, older]
    assert selectors.default_period(choices, datetime.date(2026, 6, 1)) is current
    assert selectors.default_period(choices, datetime.date(2040, 1, 1)) is latest
    assert selectors.default_period([], datetime.date(2026, 6, 1)) is None


def test_a_period_is_picked_by_its_code():
    first = period("2019-2024", datetime.date(2019, 4, 1), datetime.date(2024, 3, 31))
    second = period("2024-2029", datetime.date(2024, 4, 1), datetime.date(2029, 3, 31))
    assert selectors.pick_period([second, first], "2019-2024") is first
    expected = selectors.default_period([second, first])
    assert expected is not None
    assert selectors.pick_period([second, first], "nope") is expected
    assert selectors.pick_period([second, first], None) is expected


def test_leverage_without_aid_has_no_ratio():
    assert selectors.Leverage(cost=Decimal("10"), aid=Decimal("0"), projects=0).ratio is None
    assert selectors.Leverage(cost=Decimal("100"), aid=Decimal("30"), projects=1).ratio == Decimal("3.33")


# --- On the database -------------------------------------------------------------------------


def test_the_pipeline_lists_every_status_with_its_count_and_requested_aid(world):
    draft(world)
    submitted = draft(world, requested="30000")
    services.submit_project(submitted, actor=world.carrier_user)
    grant(world)
    rows = selectors.pipeline(Project.objects.all())
    assert [row.status for row in rows] == list(ProjectStatus.values)
    by_status = {row.status: (row.count, row.requested, row.bar) for row in rows}
    assert by_status[ProjectStatus.DRAFT] == (1, Decimal("40000.00"), "100.0")
    assert by_status[ProjectStatus.SUBMITTED] == (1, Decimal("30000.00"), "100.0")
    assert by_status[ProjectStatus.GRANTED] == (1, Decimal("40000.00"), "100.0")
    assert by_status[ProjectStatus.REFUSED] == (0, Decimal("0.00"), "0")


def test_envelope_rows_carry_the_balance_and_their_bars(world, monteregie):
    Envelope.objects.create(region=monteregie, period=world.period, amount=Decimal("8000000"))
    grant(world)
    rows = selectors.envelope_rows(Envelope.objects.all())
    assert [row.region for row in rows] == [world.region, monteregie]
    estrie, other = rows
    assert (estrie.balance.committed, estrie.balance.available) == (Decimal("40000.00"), Decimal("3960000.00"))
    assert (estrie.committed_bar, estrie.available_bar) == ("0.5", "49.5")
    assert (other.committed_bar, other.available_bar) == ("0", "100.0")
    total = selectors.total_balance(rows)
    assert (total.total, total.committed, total.available) == (
        Decimal("12000000.00"),
        Decimal("40000.00"),
        Decimal("11960000.00"),
    )


def test_a_joint_projects_aid_counts_in_equal_parts_for_each_niche(world):
    other = committee_with_members(code="CC-BOIS-05", creneau__regions=[world.region], creneau__name_fr="Bois")
    values = content(world)
    joint = services.Content(
        fields=values.fields, creneaux=[world.creneau, other.creneau], costs=values.costs, financing=values.financing
    )
    project = services.create_project(world.carrier, joint, actor=world.carrier_user)
    Project.objects.filter(pk=project.pk).update(
        status=ProjectStatus.GRANTED, granted_amount=Decimal("40000"), granted_at=timezone.now()
    )
    grant(world, amount="30000")  # Meuble only
    rows = selectors.aid_by_niche(Project.objects.all())
    assert [(row.key, row.label, row.amount, row.projects, row.bar) for row in rows] == [
        ("meuble", "Meuble", Decimal("50000.00"), 2, "100.0"),
        (other.creneau.slug, "Bois", Decimal("20000.00"), 1, "40.0"),
    ]


def test_niche_names_follow_the_language(world):
    grant(world)
    with translation.override("en"):
        assert [row.label for row in selectors.aid_by_niche(Project.objects.all())] == ["Furniture"]


def test_aid_by_year_counts_granted_projects_only(world):
    first = grant(world)
    Project.objects.filter(pk=first.pk).update(granted_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
    grant(world, amount="35000")
    withdrawn = grant(world, amount="20000")
    services.withdraw_project(withdrawn, actor=world.carrier_user, reason="Abandon")
    draft(world)
    rows = selectors.aid_by_year(Project.objects.all())
    this_year = timezone.localdate().year
    assert [(row.key, row.amount, row.projects) for row in rows] == [
        (2025, Decimal("40000.00"), 1),
        (this_year, Decimal("35000.00"), 1),
    ]
    assert [row.bar for row in rows] == ["100.0", "87.5"]


def test_leverage_is_the_cost_of_granted_projects_per_dollar_of_aid(world):
    grant(world)  # 100,000 $ of costs
    grant(world, amount="20000", requested="20000", costs=[("equipment", "Scie", Decimal("50000"))])
    draft(world)  # not granted: its costs do not count
    lever = selectors.leverage(Project.objects.all())
    assert (lever.cost, lever.aid, lever.projects, lever.ratio) == (
        Decimal("150000.00"),
        Decimal("60000.00"),
        2,
        Decimal("2.50"),
    )


def test_the_dashboard_takes_eight_queries_whatever_the_size(world, django_assert_num_queries):
    grant(world)
    for _ in range(3):
        Envelope.objects.create(region=RegionFactory(), period=world.period, amount=Decimal("4000000"))
        grant(world, amount="10000")
    projects = Project.objects.filter(period=world.period)
    with django_assert_num_queries(8):
        data = selectors.dashboard(projects=projects, envelopes=Envelope.objects.filter(period=world.period))
    assert len(data.envelopes) == 4
    assert data.total.committed == Decimal("70000.00")
    assert data.pipeline_count == 4


def test_envelope_totals_by_period(world, monteregie):
    services.create_period(
        actor=world.ministry,
        code="2029-2034",
        name="2029-2034",
        starts_on=datetime.date(2029, 4, 1),
        ends_on=datetime.date(2034, 3, 31),
    )
    totals = selectors.envelope_totals_by_period(Envelope.objects.filter(region=world.region))
    assert {row["count"] for row in totals.values()} == {1}
    assert totals[world.period.pk]["amount"] == Decimal("4000000.00")
