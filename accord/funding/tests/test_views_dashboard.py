"""The fund's dashboard: its figures, whose regions they cover, and its queries."""

import html
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory
from accord.funding import services
from accord.funding.models import (
    EntryKind,
    Envelope,
    Project,
    ProjectCost,
    ProjectStatus,
)
from accord.governance.tests.factories import MandateFactory
from accord.registry.tests.factories import CreneauFactory

from .conftest import (
    NBSP,
    add_period,
    client_for,
    draft,
    envelope_of,
    granted,
    queries,
    to_analysis,
)
from .factories import EnvelopeFactory, LedgerEntryFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    """The French address (a request to an English one leaves English active in the test's thread)."""
    with translation.override("fr"):
        return reverse(f"funding:{name}", args=args)


# --- The dashboard ---------------------------------------------------------------------------


def test_the_dashboard_shows_the_committed_aid_niches_years_and_leverage(ministry, world):
    project = granted(world)
    response = ministry.get(url("dashboard"))
    assert response.status_code == 200
    data = response.context["data"]
    assert response.context["period"] == world.period
    (estrie,) = data.envelopes
    assert estrie.balance.committed == project.granted_amount == Decimal("40000.00")
    assert estrie.balance.available == Decimal("3960000.00")
    stages = {row.status: row for row in data.stages}
    assert (stages[ProjectStatus.GRANTED].count, stages[ProjectStatus.GRANTED].requested) == (1, Decimal("40000.00"))
    assert [(row.label, row.amount) for row in data.niches] == [("Meuble", Decimal("40000.00"))]
    assert [(row.key, row.amount) for row in data.years] == [(timezone.localdate().year, Decimal("40000.00"))]
    # The project costs 100,000 $ in all for 40,000 $ of aid.
    assert (data.leverage.cost, data.leverage.aid, data.leverage.ratio) == (
        Decimal("100000.00"),
        Decimal("40000.00"),
        Decimal("2.50"),
    )
    page = response.content.decode()
    assert f"40{NBSP}000,00{NBSP}$" in page
    assert f"2,50{NBSP}$" in page
    # Each chart is a real table with a caption and header cells; the bars are hidden from screen readers.
    assert page.count("<caption>") >= 4
    assert 'scope="row"' in page
    assert '<svg aria-hidden="true"' in page
    assert 'width="100.0"' in page  # the largest bar of a chart takes the whole width
    assert f"{url('project_list')}?status=granted" in page


def test_the_dashboard_rows_link_each_region_and_warn_of_an_envelope_overdrawn(ministry, world):
    project = to_analysis(world)  # 40,000 $ asked, in the approval chain
    world.region.name = "Estrie <b>&</b>"
    world.region.save()
    envelope = envelope_of(world)
    services.set_envelope(
        envelope, actor=world.ministry, amount=Decimal("30000"), equity_margin=envelope.equity_margin, reason="Essai"
    )
    page = ministry.get(url("dashboard")).content.decode()
    row = page[page.index(f'<a href="{url("envelope_detail", envelope.pk)}">') :]
    row = row[: row.index("</tr>")]
    assert "Estrie &lt;b&gt;&amp;&lt;/b&gt;" in row and "<b>" not in row
    assert f'href="{url("project_list")}?region=05&amp;period={world.period.code}&amp;status=granted"' in row
    # 30,000 $ less the 40,000 $ asked by the project in analysis.
    assert project.requested_amount == Decimal("40000.00")
    assert f"-10{NBSP}000,00{NBSP}$ <strong>(dépassement de l'enveloppe)</strong>" in html.unescape(row)


def test_the_dashboard_speaks_english(ministry, world):
    granted(world)
    with translation.override("en"):
        address = reverse("funding:dashboard")
    page = ministry.get(address).content.decode()
    assert "$40,000.00" in page
    assert "Pipeline by stage" in page


def test_the_regional_office_sees_its_region_only(monteregie, world, office):
    assert Envelope.objects.count() == 2
    data = office.get(url("dashboard")).context["data"]
    assert [row.region for row in data.envelopes] == [world.region]
    assert data.total.total == Decimal("4000000.00")


def test_the_dashboard_picks_the_period_asked_for(ministry, world):
    older = add_period(world.ministry, "2019-2024")
    granted(world)
    assert ministry.get(url("dashboard")).context["period"] == world.period  # covers today
    response = ministry.get(url("dashboard"), {"period": older.code})
    assert response.context["period"] == older
    assert response.context["data"].total.committed == Decimal("0")
    assert ministry.get(url("dashboard"), {"period": "nope"}).context["period"] == world.period


def test_the_dashboard_without_any_period(ministry_client):
    response = ministry_client.get(url("dashboard"))
    assert response.status_code == 200
    assert response.context["data"] is None
    assert url("period_create") in response.content.decode()


def _more(world, regions=3, projects=3):
    """More regions (each with its envelope) and more projects, some granted, in the world's period."""
    for _ in range(regions):
        envelope = EnvelopeFactory(period=world.period)
        CreneauFactory(regions=[envelope.region])
    other = CreneauFactory(regions=[world.region])
    for index in range(projects):
        project = draft(world)
        project.creneau_links.create(creneau=other)
        if index % 2 == 0:
            Project.objects.filter(pk=project.pk).update(
                status=ProjectStatus.GRANTED, granted_amount=Decimal("30000"), granted_at=timezone.now()
            )
            LedgerEntryFactory(
                envelope=envelope_of(world), project=project, kind=EntryKind.COMMITMENT, amount=Decimal("30000")
            )
        else:
            Project.objects.filter(pk=project.pk).update(status=ProjectStatus.SUBMITTED)
    services.refresh_all_figures()  # rows written outside the services, as a bulk load writes them


@pytest.mark.parametrize("name", ["dashboard", "envelope_list"])
def test_the_number_of_queries_does_not_grow_with_regions_and_projects(ministry, world, name):
    granted(world)
    address = url(name)
    ministry.get(address)
    small = queries(ministry, address)
    _more(world)
    page = ministry.get(address)
    large = queries(ministry, address)
    assert len(large) == len(small), [q["sql"] for q in large]
    if name == "dashboard":
        assert len(page.context["data"].envelopes) == 4
    else:
        assert len(page.context["table"].page.object_list) == 4


def test_costs_of_projects_count_in_the_leverage_only_once_granted(world, ministry):
    granted(world)
    draft(world)  # 100,000 $ more of costs, not granted
    assert ProjectCost.objects.count() == 4
    lever = ministry.get(url("dashboard")).context["data"].leverage
    assert (lever.cost, lever.aid, lever.projects) == (Decimal("100000.00"), Decimal("40000.00"), 1)


def test_a_mandate_on_a_niche_committee_does_not_open_the_program(world):
    member = MandateFactory(committee=world.niche_committee)
    client = client_for(UserFactory(person=member.person))
    assert client.get(url("dashboard")).status_code == 403


def test_the_dashboard_follows_a_grant_on_the_next_request(world):
    client = Client()
    client.force_login(world.ministry)
    address = reverse("funding:dashboard")
    project = to_analysis(world)
    before = client.get(address).context["data"].total.committed
    services.grant_project(project, actor=world.ministry, amount=Decimal("35000"))
    assert client.get(address).context["data"].total.committed == before + Decimal("35000")


def test_a_program_of_many_regions_pages_its_envelopes(ministry, world, monkeypatch):
    from accord.funding import selectors

    monkeypatch.setattr(selectors, "ENVELOPE_ROWS", 2)
    _more(world, regions=3, projects=0)
    first = ministry.get(url("dashboard"))
    page = first.content.decode()
    assert len(first.context["data"].envelopes) == 2 and 'rel="next"' in page
    second = ministry.get(url("dashboard"), {"period": world.period.code, "page": "2"})
    assert len(second.context["data"].envelopes) == 2 and 'rel="prev"' in second.content.decode()
    # Every envelope counts in the totals on every page.
    assert first.context["data"].total == second.context["data"].total
