"""The dashboard's figures: pipeline, envelopes, aid by niche and by year, leverage, per region."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from accord.funding import selectors, services
from accord.funding.models import Envelope, ProgramPeriod, Project, ProjectStatus

from .conftest import add_period, committee_with_members, content, draft, to_analysis
from .factories import EnvelopeFactory

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


def board(world, regions=None):
    """The dashboard of these regions (all the period's by default), as the view computes it."""
    ids = sorted(regions or Envelope.objects.filter(period=world.period).values_list("region_id", flat=True))
    return selectors.regional_dashboard(world.period, Envelope.objects.filter(region_id__in=ids))


def test_the_pipeline_lists_every_status_with_its_count_and_requested_aid(world):
    draft(world)
    submitted = draft(world, requested="30000")
    services.submit_project(submitted, actor=world.carrier_user)
    grant(world)
    rows = board(world).stages
    assert [row.status for row in rows] == list(ProjectStatus.values)
    by_status = {row.status: (row.count, row.requested, row.bar) for row in rows}
    assert by_status[ProjectStatus.DRAFT] == (1, Decimal("40000.00"), "100.0")
    assert by_status[ProjectStatus.SUBMITTED] == (1, Decimal("30000.00"), "100.0")
    assert by_status[ProjectStatus.GRANTED] == (1, Decimal("40000.00"), "100.0")
    assert by_status[ProjectStatus.REFUSED] == (0, Decimal("0.00"), "0")


def test_envelope_rows_carry_the_balance_and_their_bars(world, monteregie):
    EnvelopeFactory(region=monteregie, period=world.period, amount=Decimal("8000000"))
    grant(world)
    data = board(world)
    assert [row.region for row in data.envelopes] == [world.region, monteregie]
    estrie, other = data.envelopes
    assert (estrie.balance.committed, estrie.balance.available) == (Decimal("40000.00"), Decimal("3960000.00"))
    assert (estrie.committed_bar, estrie.available_bar) == ("0.5", "49.5")
    assert (other.committed_bar, other.available_bar) == ("0", "100.0")
    assert (data.total.total, data.total.committed, data.total.available) == (
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
    rows = board(world).niches
    assert [(row.key, row.label, row.amount, row.projects, row.bar) for row in rows] == [
        ("meuble", "Meuble", Decimal("50000.00"), 2, "100.0"),
        (other.creneau.slug, "Bois", Decimal("20000.00"), 1, "40.0"),
    ]


def test_the_chart_names_the_niches_that_received_most_and_adds_up_the_others(world, monkeypatch):
    monkeypatch.setattr(selectors, "NICHE_ROWS", 1)
    other = committee_with_members(code="CC-BOIS-05", creneau__regions=[world.region], creneau__name_fr="Bois")
    grant(world, amount="30000")
    values = content(world)
    wood = services.Content(
        fields=values.fields, creneaux=[other.creneau], costs=values.costs, financing=values.financing
    )
    project = services.create_project(world.carrier, wood, actor=world.carrier_user)
    Project.objects.filter(pk=project.pk).update(
        status=ProjectStatus.GRANTED, granted_amount=Decimal("10000"), granted_at=timezone.now()
    )
    services.refresh_all_figures()  # the row was written outside the services
    data = board(world)
    assert [(row.label, row.amount) for row in data.niches] == [("Meuble", Decimal("30000.00"))]
    assert data.other_niches == selectors.OtherNiches(count=1, amount=Decimal("10000.00"), projects=1)


def test_a_third_of_a_joint_project_adds_up_to_the_cent(world):
    niches = [world.creneau]
    for code, name in (("CC-BOIS-05", "Bois"), ("CC-PIERRE-05", "Pierre")):
        niches.append(committee_with_members(code=code, creneau__regions=[world.region], creneau__name_fr=name).creneau)
    values = content(world)
    joint = services.Content(fields=values.fields, creneaux=niches, costs=values.costs, financing=values.financing)
    project = services.create_project(world.carrier, joint, actor=world.carrier_user)
    Project.objects.filter(pk=project.pk).update(
        status=ProjectStatus.GRANTED, granted_amount=Decimal("40000"), granted_at=timezone.now()
    )
    services.refresh_all_figures()  # the row was written outside the services
    assert sorted(row.amount for row in board(world).niches) == [Decimal("13333.33")] * 3


def test_niche_names_follow_the_language_and_the_registry(world):
    grant(world)
    with translation.override("en"):
        assert [row.label for row in board(world).niches] == ["Furniture"]
    world.creneau.name_fr = "Meuble et bois"
    world.creneau.save()
    assert [row.label for row in board(world).niches] == ["Meuble et bois"]


def test_aid_by_year_counts_granted_projects_only(world):
    first = grant(world)
    Project.objects.filter(pk=first.pk).update(granted_at=datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC))
    grant(world, amount="35000")
    withdrawn = grant(world, amount="20000")
    services.withdraw_project(withdrawn, actor=world.carrier_user, reason="Abandon")
    draft(world)
    rows = board(world).years
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
    lever = board(world).leverage
    assert (lever.cost, lever.aid, lever.projects, lever.ratio) == (
        Decimal("150000.00"),
        Decimal("60000.00"),
        2,
        Decimal("2.50"),
    )


def test_the_dashboard_takes_five_queries_whatever_the_size(world, django_assert_num_queries):
    grant(world)
    for _ in range(3):
        EnvelopeFactory(period=world.period)
        grant(world, amount="10000")
    services.refresh_all_figures()  # the envelopes were made outside the services
    ids = sorted(Envelope.objects.filter(period=world.period).values_list("region_id", flat=True))
    # Every envelope's kept figures; the page's envelopes; the niches that received most; their names; the others.
    with django_assert_num_queries(5):
        data = selectors.regional_dashboard(world.period, Envelope.objects.filter(region_id__in=ids))
    assert len(data.envelopes) == 4
    assert data.total.committed == Decimal("70000.00")
    assert data.pipeline_count == 4


def test_the_regions_figures_add_up_what_each_project_says(world):
    """Every figure of the single pass over the projects, against the projects one by one."""
    first = grant(world, amount="30000", title="Premier")
    # Granted the year before (the history is not what is checked here).
    last_year = datetime.datetime(timezone.localdate().year - 1, 6, 1, 12, tzinfo=datetime.UTC)
    Project.objects.filter(pk=first.pk).update(granted_at=last_year)
    grant(world, amount="20000", title="Second")
    grant(world, amount="5000", title="Troisième")
    to_analysis(world, title="En analyse")
    submitted = draft(world, title="Soumis")
    services.submit_project(submitted, actor=world.carrier_user)
    draft(world, title="Brouillon")
    envelope = Envelope.objects.get(region=world.region, period=world.period)
    (figures,) = selectors.region_figures(world.period, [envelope]).values()
    projects = list(Project.objects.filter(period=world.period, region=world.region))
    for status in {p.status for p in projects}:
        mine = [p for p in projects if p.status == status]
        assert figures.stages[status] == (len(mine), sum((p.requested_amount for p in mine), Decimal(0)))
    committed = [p for p in projects if p.status in selectors.COMMITTED]
    assert (figures.aid, figures.granted) == (sum((p.granted_amount for p in committed), Decimal(0)), 3)
    year = timezone.localdate().year
    assert figures.years == {year - 1: (Decimal("30000.00"), 1), year: (Decimal("25000.00"), 2)}
    in_chain = [p for p in projects if p.status in selectors.PIPELINE]
    assert len(in_chain) == 2
    assert figures.balance.pipeline == sum((p.requested_amount for p in in_chain), Decimal(0))
    assert figures.balance == selectors.balance(envelope)


def test_a_grant_shows_on_the_next_read_in_its_region_only(world, monteregie):
    EnvelopeFactory(region=monteregie, period=world.period)
    assert board(world).total.committed == Decimal("0.00")
    grant(world)
    after = board(world)
    assert after.total.committed == Decimal("40000.00")
    committed = {row.region.code: row.balance.committed for row in after.envelopes}
    assert committed == {world.region.code: Decimal("40000.00"), monteregie.code: Decimal("0.00")}


def test_a_draft_moved_to_another_region_leaves_its_former_region(world, monteregie):
    EnvelopeFactory(region=monteregie, period=world.period)
    world.creneau.regions.add(monteregie)
    project = draft(world)
    assert {row.status: row.count for row in board(world, [world.region.pk]).stages}[ProjectStatus.DRAFT] == 1
    services.update_project(project, content(world, region=monteregie), actor=world.carrier_user)
    assert {row.status: row.count for row in board(world, [world.region.pk]).stages}[ProjectStatus.DRAFT] == 0
    assert {row.status: row.count for row in board(world, [monteregie.pk]).stages}[ProjectStatus.DRAFT] == 1


def test_envelope_totals_by_period(world, monteregie):
    add_period(world.ministry, "2029-2034")
    totals = selectors.envelope_totals_by_period(Envelope.objects.filter(region=world.region))
    assert {row["count"] for row in totals.values()} == {1}
    assert totals[world.period.pk]["amount"] == Decimal("4000000.00")


def test_the_dashboard_draws_a_page_of_envelopes_and_counts_them_all(world, monkeypatch):
    monkeypatch.setattr(selectors, "ENVELOPE_ROWS", 2)
    grant(world)
    for _ in range(3):
        EnvelopeFactory(period=world.period)
    services.refresh_all_figures()  # the envelopes were made outside the services
    everyone = Envelope.objects.filter(period=world.period)
    first = selectors.regional_dashboard(world.period, everyone)
    last = selectors.regional_dashboard(world.period, everyone, page=2)
    assert (len(first.envelopes), len(last.envelopes), first.page.paginator.num_pages) == (2, 2, 2)
    drawn = [row.region.code for row in first.envelopes + last.envelopes]
    assert drawn == sorted(everyone.values_list("region__code", flat=True))
    # The totals and the bars count every envelope, whichever page is drawn.
    assert first.total == last.total and first.total.total == Decimal("16000000.00")
    assert first.total.committed == Decimal("40000.00")
