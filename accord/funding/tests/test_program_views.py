"""The program's pages: dashboard, envelopes and equity, periods, the fund guide, delegations."""

import csv
import datetime
import html
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from accord.accounts.tests.factories import UserFactory, grant
from accord.core.exports import EXPORT_FORMATS
from accord.core.forms import plain_number
from accord.core.money import format_money
from accord.core.tests.browser import assert_accessible
from accord.funding import ledger, services
from accord.funding.models import (
    Delegation,
    EntryKind,
    Envelope,
    EquityWeight,
    FundGuide,
    LedgerEntry,
    ProgramPeriod,
    Project,
    ProjectCost,
    ProjectStatus,
)
from accord.governance.tests.factories import MandateFactory
from accord.registry.models import Region
from accord.registry.tests.factories import CreneauFactory, RegionFactory, ResourceRegionStatusFactory

from .conftest import add_period, committee_with_members, draft, to_analysis

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def url(name, *args):
    """The French address (a request to an English one leaves English active in the test's thread)."""
    with translation.override("fr"):
        return reverse(f"funding:{name}", args=args)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def french(message, **values):
    """The message as a French page shows it (its translation once the catalogue has it)."""
    with translation.override("fr"):
        text = gettext(message)
    return text % values if values else text


def envelope_of(world):
    return Envelope.objects.get(region=world.region, period=world.period)


def granted(world, amount="40000"):
    project = to_analysis(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal(amount))
    project.refresh_from_db()
    return project


@pytest.fixture
def ministry(world):
    return client_for(world.ministry)


@pytest.fixture
def office(world):
    return client_for(world.office)


@pytest.fixture
def carrier(world):
    return client_for(world.carrier_user)


@pytest.fixture
def other_office(monteregie):
    user = UserFactory(email="monteregie@example.org")
    grant(user, "regional_office", monteregie)
    return client_for(user)


def read_urls(world):
    envelope = envelope_of(world)
    return [
        url("dashboard"),
        url("envelope_list"),
        url("envelope_detail", envelope.pk),
        url("period_list"),
        url("guide_list"),
        url("guide_detail", world.guide.version),
        url("delegation_list"),
    ]


def write_urls(world):
    envelope = envelope_of(world)
    return [
        url("envelope_edit", envelope.pk),
        url("equity_edit", envelope.pk),
        url("period_create"),
        url("guide_create"),
        url("delegation_create"),
    ]


# --- Access ----------------------------------------------------------------------------------


def test_anonymous_visitors_sign_in_first(client, world):
    for address in read_urls(world) + write_urls(world):
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("accounts:login")), address


def test_a_carrier_and_a_user_without_role_get_403(carrier, outsider_client, world):
    delegation = services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Essai"
    )
    for client in (carrier, outsider_client):
        for address in read_urls(world) + write_urls(world):
            assert client.get(address).status_code == 403, address
        assert client.post(url("delegation_revoke", delegation.pk), {"reason": "x"}).status_code == 403
    delegation.refresh_from_db()
    assert delegation.is_active


def test_the_regional_office_reads_its_region_but_changes_nothing(office, world):
    for address in read_urls(world):
        assert office.get(address).status_code == 200, address
    for address in write_urls(world):
        assert office.get(address).status_code == 403, address
        assert office.post(address, {"reason": "Essai", "amount": "1"}).status_code == 403, address
    envelope = envelope_of(world)
    assert envelope.amount == Decimal("4000000.00")
    detail = office.get(url("envelope_detail", envelope.pk)).content.decode()
    assert url("envelope_edit", envelope.pk) not in detail


def test_another_regions_office_does_not_see_estrie(monteregie, world, other_office):
    envelope = envelope_of(world)
    for name in ("envelope_detail", "envelope_edit", "equity_edit"):
        assert other_office.get(url(name, envelope.pk)).status_code == 404, name
    listing = other_office.get(url("envelope_list")).context["table"]
    assert [row.record.region for row in listing.page.object_list] == [monteregie]
    dashboard = other_office.get(url("dashboard"))
    assert [row.region for row in dashboard.context["data"].envelopes] == [monteregie]


def test_a_regional_committee_member_reads_the_envelopes_of_the_region(world):
    member = world.regional_committee.mandates.first()
    client = client_for(UserFactory(person=member.person))
    assert client.get(url("envelope_detail", envelope_of(world).pk)).status_code == 200
    assert client.get(url("envelope_edit", envelope_of(world).pk)).status_code == 403


def test_wrong_methods_are_405(ministry, world):
    delegation = services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Essai"
    )
    assert ministry.get(url("delegation_revoke", delegation.pk)).status_code == 405
    assert ministry.post(url("dashboard")).status_code == 405
    assert ministry.post(url("envelope_list")).status_code == 405
    assert ministry.post(url("guide_detail", world.guide.version)).status_code == 405
    assert ministry.delete(url("envelope_edit", envelope_of(world).pk)).status_code == 405


def test_unknown_objects_are_404(ministry, world):
    assert ministry.get(url("envelope_detail", 999999)).status_code == 404
    assert ministry.get(url("guide_detail", 99)).status_code == 404
    assert ministry.post(url("delegation_revoke", 999999), {"reason": "x"}).status_code == 404


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
    assert "CA$40,000.00" in page
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
        region = RegionFactory()
        Envelope.objects.create(region=region, period=world.period, amount=Decimal("4000000"))
        CreneauFactory(regions=[region])
    other = CreneauFactory(regions=[world.region])
    for index in range(projects):
        project = draft(world)
        project.creneau_links.create(creneau=other)
        if index % 2 == 0:
            Project.objects.filter(pk=project.pk).update(
                status=ProjectStatus.GRANTED, granted_amount=Decimal("30000"), granted_at=timezone.now()
            )
            LedgerEntry.objects.create(
                envelope=envelope_of(world), project=project, kind=EntryKind.COMMITMENT, amount=Decimal("30000")
            )
        else:
            Project.objects.filter(pk=project.pk).update(status=ProjectStatus.SUBMITTED)


def _queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return queries


@pytest.mark.parametrize("name", ["dashboard", "envelope_list"])
def test_the_number_of_queries_does_not_grow_with_regions_and_projects(ministry, world, name):
    granted(world)
    address = url(name)
    ministry.get(address)
    small = _queries(ministry, address)
    _more(world)
    page = ministry.get(address)  # the region filter's choices are cached until the registry changes
    large = _queries(ministry, address)
    assert len(large) == len(small), [q["sql"] for q in large]
    if name == "dashboard":
        assert len(page.context["data"].envelopes) == 4
    else:
        assert len(page.context["table"].page.object_list) == 4


# --- Envelopes -------------------------------------------------------------------------------


def test_the_envelope_list_shows_the_current_periods_balances(monteregie, world, ministry):
    add_period(world.ministry, "2019-2024", "Ancienne période")
    granted(world)
    response = ministry.get(url("envelope_list"))
    page = response.content.decode()
    assert "Ancienne période</td>" not in page  # the list opens on the current period
    assert f"40{NBSP}000,00{NBSP}$" in page and f"3{NBSP}960{NBSP}000,00{NBSP}$" in page
    assert envelope_of(world).get_absolute_url() in page
    everything = ministry.get(url("envelope_list"), {"period": ""}).content.decode()
    assert "Ancienne période" in everything


def test_the_envelope_list_exports_its_figures(world, ministry):
    granted(world)
    response = ministry.get(url("envelope_list"), {"_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    header, row = text.strip().splitlines()
    assert len(header.split(",")) == 8
    assert row.split(",") == [
        "05 – Estrie",
        "2024-2029",
        "4000000.00",
        "40000.00",
        "0.00",
        "3960000.00",
        "0.00",
        "3960000.00",
    ]


def test_the_envelope_page_shows_balance_ledger_and_history(world, ministry):
    envelope = envelope_of(world)
    services.set_envelope(
        envelope, actor=world.ministry, amount=Decimal("4500000"), equity_margin=Decimal("15"), reason="Budget 2026"
    )
    project = granted(world)
    response = ministry.get(url("envelope_detail", envelope.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["balance"] == ledger.balance(envelope)
    assert f"4{NBSP}460{NBSP}000,00{NBSP}$" in page  # available
    assert project.get_absolute_url() in page and project.number in page
    assert "Budget 2026" in page
    assert url("envelope_edit", envelope.pk) in page and url("equity_edit", envelope.pk) in page


def test_the_ministry_changes_an_envelope_typed_in_french(world, ministry):
    envelope = envelope_of(world)
    response = ministry.post(
        url("envelope_edit", envelope.pk),
        {"amount": "4 250 000,50", "equity_margin": "12,5", "reason": "Ajustement budgétaire"},
    )
    assert response.status_code == 302
    envelope.refresh_from_db()
    assert (envelope.amount, envelope.equity_margin) == (Decimal("4250000.50"), Decimal("12.50"))
    assert envelope.history.latest().history_change_reason == "Ajustement budgétaire"


def test_an_envelope_typed_in_english(world, ministry):
    envelope = envelope_of(world)
    with translation.override("en"):
        address = reverse("funding:envelope_edit", args=[envelope.pk])
    response = ministry.post(address, {"amount": "4,250,000.50", "equity_margin": "12.5", "reason": "Adjustment"})
    assert response.status_code == 302
    envelope.refresh_from_db()
    assert (envelope.amount, envelope.equity_margin) == (Decimal("4250000.50"), Decimal("12.50"))


@pytest.mark.parametrize(
    ("typed", "language", "plain"),
    [
        ("4 000 000,50", "fr", "4000000.50"),
        (f"4{NBSP}000{NBSP}000,50{NBSP}$", "fr", "4000000.50"),
        ("4\u202f000,5", "fr", "4000.5"),
        ("4.000.000,50", "fr", "4000000.50"),
        ("4000000.50", "fr", "4000000.50"),
        ("4,000,000.50", "en", "4000000.50"),
        ("CA$4,000", "en", "CA4000"),  # left for the field to refuse
        ("12,5", "fr", "12.5"),
        ("-5", "fr", "-5"),
    ],
)
def test_numbers_are_read_as_people_type_them(typed, language, plain):
    assert plain_number(typed, language) == plain


def test_the_envelope_form_is_filled_in_from_the_envelope(world, ministry):
    page = ministry.get(url("envelope_edit", envelope_of(world).pk)).content.decode()
    assert 'value="4000000,00"' in page


def test_an_envelope_below_what_it_committed_is_refused_on_the_amount(world, ministry):
    granted(world)
    envelope = envelope_of(world)
    response = ministry.post(
        url("envelope_edit", envelope.pk), {"amount": "30000", "equity_margin": "20", "reason": "Coupure"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["amount"]
    assert errors == [french("The envelope has already committed %(committed)s.", committed=f"40{NBSP}000,00{NBSP}$")]
    envelope.refresh_from_db()
    assert envelope.amount == Decimal("4000000.00")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": "-5", "equity_margin": "20", "reason": "x"}, "amount", "An amount cannot be negative."),
        (
            {"amount": "abc", "equity_margin": "20", "reason": "x"},
            "amount",
            "Enter an amount in dollars, for example 4 000 000,00.",
        ),
        (
            {"amount": "5000000", "equity_margin": "120", "reason": "x"},
            "equity_margin",
            "A percentage cannot exceed 100.",
        ),
        (
            {"amount": "5000000", "equity_margin": "20", "reason": "Ajout\x00"},
            "reason",
            "Null characters are not allowed.",
        ),
        ({"amount": "5000000", "equity_margin": "20", "reason": ""}, "reason", "This field is required."),
    ],
)
def test_bad_envelope_input_changes_nothing(world, ministry, data, field, message):
    envelope = envelope_of(world)
    response = ministry.post(url("envelope_edit", envelope.pk), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [french(message)]
    assert french(message) in response.content.decode().replace("&#x27;", "'")
    envelope.refresh_from_db()
    assert (envelope.amount, envelope.equity_margin) == (Decimal("4000000.00"), Decimal("20.00"))
    assert envelope.history.count() == 1


def test_null_characters_are_refused_in_french(world, ministry):
    response = ministry.post(
        url("envelope_edit", envelope_of(world).pk), {"amount": "1", "equity_margin": "1", "reason": "a\x00"}
    )
    assert "Le caractère nul n’est pas autorisé." in response.content.decode()


# --- Equity ----------------------------------------------------------------------------------


def test_a_niche_over_its_target_is_flagged_in_words(world, ministry):
    committee_with_members(code="CC-BOIS-05", creneau__regions=[world.region], creneau__name_fr="Bois")
    envelope = envelope_of(world)
    services.set_envelope(
        envelope, actor=world.ministry, amount=Decimal("60000"), equity_margin=Decimal("10"), reason="Test"
    )
    granted(world)  # 40,000 $ for Meuble, whose target is 30,000 $ (+ 10 %: 33,000 $)
    response = ministry.get(url("envelope_detail", envelope.pk))
    meuble = next(share for share in response.context["shares"] if share.name == "Meuble")
    assert (meuble.target, meuble.committed, meuble.over_target) == (Decimal("30000.00"), Decimal("40000.00"), True)
    assert [share.name for share in response.context["over_target"]] == ["Meuble"]
    page = response.content.decode()
    assert french("Over its target and margin") in page
    assert french("Within its share") in page  # Bois
    assert 'class="notice" role="status"' in page


def test_no_warning_within_the_targets(world, ministry):
    granted(world)
    response = ministry.get(url("envelope_detail", envelope_of(world).pk))
    assert response.context["over_target"] == []
    assert 'class="notice"' not in response.content.decode()


def test_the_ministry_weighs_the_niches(world, ministry):
    bois = committee_with_members(code="CC-BOIS-05", creneau__regions=[world.region]).creneau
    envelope = envelope_of(world)
    form = ministry.get(url("equity_edit", envelope.pk))
    assert set(form.context["form"].fields) == {f"weight_{world.creneau.pk}", f"weight_{bois.pk}", "reason"}
    response = ministry.post(
        url("equity_edit", envelope.pk),
        {f"weight_{world.creneau.pk}": "3", f"weight_{bois.pk}": "1", "reason": "Priorité régionale"},
    )
    assert response.status_code == 302
    weights = dict(EquityWeight.objects.filter(envelope=envelope).values_list("creneau_id", "weight"))
    assert weights == {world.creneau.pk: Decimal("3.00"), bois.pk: Decimal("1.00")}
    targets = {share.name: share.target for share in ledger.equity(envelope)}
    assert targets[world.creneau.name] == Decimal("3000000.00")
    history = ministry.get(url("envelope_detail", envelope.pk)).content.decode()
    assert "Priorité régionale" in history


def test_negative_weights_change_nothing(world, ministry):
    envelope = envelope_of(world)
    response = ministry.post(url("equity_edit", envelope.pk), {f"weight_{world.creneau.pk}": "-1", "reason": "Essai"})
    assert response.status_code == 400
    assert response.context["form"].errors[f"weight_{world.creneau.pk}"] == [french("A weight cannot be negative.")]
    assert not EquityWeight.objects.exists()


# --- Periods ---------------------------------------------------------------------------------


def test_a_new_period_gives_each_region_its_envelope(monteregie, world, ministry):
    ResourceRegionStatusFactory(region=monteregie, valid_from=datetime.date(2008, 1, 1))
    response = ministry.post(
        url("period_create"),
        {"code": "2029-2034", "name": "2029-2034", "starts_on": "2029-04-01", "ends_on": "2034-03-31"},
    )
    period = ProgramPeriod.objects.get(code="2029-2034")
    assert response.status_code == 302
    assert response["Location"] == f"{url('envelope_list')}?period=2029-2034"
    amounts = dict(period.envelopes.values_list("region__code", "amount"))
    assert (amounts["05"], amounts["16"]) == (Decimal("4000000.00"), Decimal("4800000.00"))
    assert len(amounts) == Region.objects.count()
    page = ministry.get(response["Location"]).content.decode()
    assert f"4{NBSP}800{NBSP}000,00{NBSP}$" in page and f"4{NBSP}000{NBSP}000,00{NBSP}$" in page
    listing = ministry.get(url("period_list")).content.decode()
    total = sum(amounts.values())
    assert "2029-2034" in listing and format_money(total) in listing


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"code": "p2", "name": "P", "starts_on": "2030-01-01", "ends_on": "2029-01-01"}, "ends_on"),
        ({"code": "2024-2029", "name": "P", "starts_on": "2030-01-01", "ends_on": "2031-01-01"}, "code"),
        ({"code": "p2", "name": "P\x00", "starts_on": "2030-01-01", "ends_on": "2031-01-01"}, "name"),
    ],
)
def test_a_bad_period_is_refused(world, ministry, data, field):
    response = ministry.post(url("period_create"), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert ProgramPeriod.objects.count() == 1


def test_the_period_form_explains_the_default_amounts(world, ministry):
    page = ministry.get(url("period_create")).content.decode()
    assert f"4{NBSP}800{NBSP}000,00{NBSP}$" in page


# --- The fund guide --------------------------------------------------------------------------


def test_the_guide_page_states_the_rules_and_counts_the_projects(world, office):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    response = office.get(url("guide_detail", world.guide.version))
    assert response.context["projects"] == 1
    page = response.content.decode()
    assert f"500{NBSP}000,00{NBSP}$" in page  # the maximum aid
    assert french("Land and buildings") in page  # not eligible, said so
    listing = office.get(url("guide_list")).content.decode()
    assert url("guide_detail", world.guide.version) in listing


def test_the_new_version_starts_from_the_one_in_force(world, ministry):
    FundGuide.objects.filter(pk=world.guide.pk).update(required_documents=["Plan d'affaires"], max_rate_enterprise=35)
    form = ministry.get(url("guide_create")).context["form"]
    assert form.initial["max_rate_enterprise"] == Decimal("35.00")
    assert form.initial["required_documents"] == "Plan d'affaires"
    assert form.initial["eligible_carrier_kinds"] == ["enterprise"]
    assert form.initial["in_force_from"] == timezone.localdate()


def _guide_data(**changes):
    data = {
        "in_force_from": "2026-01-01",
        "eligible_carrier_kinds": ["enterprise", "sector_association"],
        "eligible_cost_categories": ["salaries", "equipment"],
        "max_rate_enterprise": "35",
        "max_rate_organisation": "50",
        "public_cap_enterprise": "50",
        "public_cap_organisation": "70",
        "min_amount": "5 000",
        "max_amount": "400 000",
        "second_signature_above": "100 000",
        "required_documents": "Plan d'affaires\n\n  Résolution du conseil  \nPlan d'affaires",
        "notes": "Version révisée",
    }
    data.update(changes)
    return data


def test_the_ministry_publishes_a_new_version(world, ministry):
    response = ministry.post(url("guide_create"), _guide_data())
    assert response.status_code == 302
    guide = FundGuide.objects.get(version=2)
    assert response["Location"] == url("guide_detail", 2)
    assert guide.eligible_carrier_kinds == ["enterprise", "sector_association"]
    assert guide.required_documents == ["Plan d'affaires", "Résolution du conseil"]
    assert (guide.max_rate_enterprise, guide.max_amount) == (Decimal("35.00"), Decimal("400000.00"))
    assert guide.adopted_by == world.ministry
    assert services.current_guide() == guide
    page = ministry.get(response["Location"]).content.decode()
    assert "Résolution du conseil" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"max_amount": "1 000"}, "max_amount"),
        ({"min_amount": "-1"}, "min_amount"),
        ({"max_rate_enterprise": "101"}, "max_rate_enterprise"),
        ({"in_force_from": "2020-01-01"}, "in_force_from"),
        ({"eligible_carrier_kinds": []}, "eligible_carrier_kinds"),
        ({"eligible_cost_categories": ["rockets"]}, "eligible_cost_categories"),
        ({"notes": "Nul\x00"}, "notes"),
    ],
)
def test_a_bad_guide_is_not_published(world, ministry, changes, field):
    response = ministry.post(url("guide_create"), _guide_data(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert FundGuide.objects.count() == 1


# --- Delegations -----------------------------------------------------------------------------


def test_the_ministry_delegates_and_the_list_shows_the_projects_it_enabled(world, ministry):
    response = ministry.post(
        url("delegation_create"),
        {"region": world.region.pk, "period": world.period.pk, "up_to": "50 000", "reason": "Régionalisation"},
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.up_to, delegation.granted_by, delegation.reason) == (
        Decimal("50000.00"),
        world.ministry,
        "Régionalisation",
    )
    project = to_analysis(world)  # granted at once by the regional committee, under the delegation
    assert project.delegation == delegation
    response = ministry.get(url("delegation_list"))
    assert response.context["active"] == [delegation]
    assert [p.pk for p in response.context["active"][0].enabled] == [project.pk]
    page = response.content.decode()
    assert project.number in page and "Régionalisation" in page
    assert url("delegation_revoke", delegation.pk) in page


def test_a_delegation_needs_a_positive_amount_and_a_reason(world, ministry):
    response = ministry.post(
        url("delegation_create"), {"region": world.region.pk, "period": world.period.pk, "up_to": "-1", "reason": ""}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"up_to", "reason"}
    assert not Delegation.objects.exists()


def test_the_ministry_revokes_a_delegation_with_a_reason(world, ministry):
    delegation = services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Essai"
    )
    refused = ministry.post(url("delegation_revoke", delegation.pk), {"reason": "  "}, follow=True)
    delegation.refresh_from_db()
    assert delegation.is_active
    assert any(french("This field is required.") in str(m) for m in refused.context["messages"])
    ministry.post(url("delegation_revoke", delegation.pk), {"reason": "Fin de l'essai"})
    delegation.refresh_from_db()
    assert (delegation.is_active, delegation.revoked_by) == (False, world.ministry)
    again = ministry.post(url("delegation_revoke", delegation.pk), {"reason": "Encore"}, follow=True)
    assert any(french("This delegation was already revoked.") in str(m) for m in again.context["messages"])
    listing = ministry.get(url("delegation_list")).context
    assert (listing["active"], listing["revoked"]) == ([], [delegation])


def test_offices_see_the_delegations_of_their_regions_only(monteregie, world, office, other_office):
    delegation = services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Essai"
    )
    assert office.get(url("delegation_list")).context["active"] == [delegation]
    assert other_office.get(url("delegation_list")).context["active"] == []
    assert other_office.post(url("delegation_revoke", delegation.pk), {"reason": "x"}).status_code == 404
    assert office.post(url("delegation_revoke", delegation.pk), {"reason": "x"}).status_code == 403


def test_the_delegation_list_runs_the_same_queries_whatever_the_number(world, ministry):
    def delegate(reason):
        return services.delegate(
            actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason=reason
        )

    delegate("Un")
    to_analysis(world)
    small = _queries(ministry, url("delegation_list"))
    for index in range(3):
        delegate(f"D{index}")
        to_analysis(world)
    services.revoke_delegation(Delegation.objects.first(), actor=world.ministry, reason="Fin")
    large = _queries(ministry, url("delegation_list"))
    assert len(large) == len(small)


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


# --- Exports of the program's lists -----------------------------------------------------------


def english(name, *args):
    with translation.override("en"):
        return reverse(f"funding:{name}", args=args)


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == EXPORT_FORMATS["csv"]
    assert response.content.startswith("\ufeff".encode())  # Excel reads the accents
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def headers_in_french(*messages):
    return [french(message) for message in messages]


def today():
    return timezone.localdate().isoformat()


def test_the_period_list_exports_the_envelopes_one_sees(monteregie, world, ministry, other_office):
    response = ministry.get(english("period_list"), {"_export": "csv"})
    assert response["Content-Disposition"] == f'attachment; filename="periods-{today()}.csv"'
    headers = ["Period", "Code", "From", "To", "Envelopes", "Total of the envelopes"]
    assert csv_rows(response) == [headers, ["2024-2029", "2024-2029", "2024-04-01", "2029-03-31", "2", "8000000.00"]]
    in_french = csv_rows(ministry.get(url("period_list"), {"_export": "csv"}))
    assert in_french[0] == headers_in_french(*headers) and in_french[0][-1] == "Total des enveloppes"
    # Montérégie's office counts its own envelope only.
    assert csv_rows(other_office.get(url("period_list"), {"_export": "csv"}))[1][4:] == ["1", "4000000.00"]


def test_the_guide_list_exports_its_versions(world, ministry):
    services.publish_guide(actor=world.ministry, in_force_from=datetime.date(2030, 1, 1))
    headers = ["Version", "In force from", "Published on", "Published by"]
    assert csv_rows(ministry.get(english("guide_list"), {"_export": "csv"})) == [
        headers,
        ["2", "2030-01-01", today(), "Claire Ministère"],
        ["1", "2024-04-01", today(), "Claire Ministère"],
    ]
    in_french = csv_rows(ministry.get(url("guide_list"), {"_export": "csv"}))
    assert in_french[0] == headers_in_french(*headers) and in_french[0][1] == "En vigueur à compter du"


def french_in_context(message):
    with translation.override("fr"):
        return translation.pgettext("delegation", message)


def _delegate(world, region=None, up_to="50000", reason="Régionalisation"):
    return services.delegate(
        actor=world.ministry, region=region or world.region, period=world.period, up_to=Decimal(up_to), reason=reason
    )


def test_the_delegation_list_exports_active_and_revoked_delegations_in_one_file(
    monteregie, world, ministry, office, other_office
):
    revoked = _delegate(world, reason='=HYPERLINK("http://evil.example","Voir")')
    first, second = to_analysis(world), to_analysis(world)  # granted by the regional committee, under the delegation
    services.revoke_delegation(revoked, actor=world.ministry, reason="Fin de l'essai")
    _delegate(world, up_to="60000")
    _delegate(world, region=monteregie, reason="Montérégie")
    headers = [
        "Status",
        "Region",
        "Period",
        "Decision",
        "Up to",
        "Reason",
        "Delegated on",
        "Delegated by",
        "Revoked on",
        "Revoked by",
        "Projects granted",
    ]
    rows = csv_rows(office.get(english("delegation_list"), {"_export": "csv"}))
    common = ["05 – Estrie", "2024-2029", "Final approval of the aid"]
    assert rows == [
        headers,
        ["Active", *common, "60000.00", "Régionalisation", today(), "Claire Ministère", "", "", ""],
        [
            "Revoked",
            *common,
            "50000.00",
            '\'=HYPERLINK("http://evil.example","Voir")',  # text, not a formula, in a spreadsheet
            today(),
            "Claire Ministère",
            today(),
            "Claire Ministère",
            f"{first.number}, {second.number}",
        ],
    ]
    in_french = csv_rows(office.get(url("delegation_list"), {"_export": "csv"}))
    assert in_french[0] == headers_in_french(*headers) and in_french[0][:2] == ["Statut", "Région"]
    assert [row[0] for row in in_french[1:]] == [french_in_context("Active"), french_in_context("Revoked")]
    # Each office exports its region's delegations; the ministry, all of them.
    assert [row[5] for row in csv_rows(other_office.get(url("delegation_list"), {"_export": "csv"}))[1:]] == [
        "Montérégie"
    ]
    assert len(csv_rows(ministry.get(url("delegation_list"), {"_export": "csv"}))) == 4


def _entries(world, project, count, *, start, **fields):
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            envelope=envelope_of(world),
            project=project,
            kind=EntryKind.DISBURSEMENT,
            amount=Decimal("100.50"),
            recorded_at=start - datetime.timedelta(minutes=index),
            **fields,
        )
        for index in range(count)
    )


def test_the_envelope_page_exports_its_whole_ledger(world, ministry):
    project = granted(world)  # a commitment of 40,000 $, recorded now by the ministry
    start = timezone.make_aware(datetime.datetime(2025, 1, 15, 10, 30))
    _entries(world, project, 55, start=start, note="=1+2")  # more than a page of 50; recorded by the system
    envelope = envelope_of(world)
    page = ministry.get(url("envelope_detail", envelope.pk), {"page": 2}).content.decode()
    assert 'href="?_export=csv"' in page and 'href="?_export=xlsx"' in page  # every entry, not the page's
    response = ministry.get(english("envelope_detail", envelope.pk), {"_export": "csv", "page": 2})
    assert response["Content-Disposition"] == f'attachment; filename="ledger-05-2024-2029-{today()}.csv"'
    rows = csv_rows(response)
    assert rows[0] == ["When", "Kind", "Project", "Title", "Amount", "By", "Note"]
    assert len(rows) == 1 + 1 + 55
    commitment = LedgerEntry.objects.get(kind=EntryKind.COMMITMENT)
    when = timezone.localtime(commitment.recorded_at).replace(tzinfo=None, microsecond=0)
    assert rows[1] == [str(when), "Commitment", project.number, project.title, "40000.00", "Claire Ministère", ""]
    assert rows[2] == [
        "2025-01-15 10:30:00",
        "Disbursement",
        project.number,
        project.title,
        "100.50",
        "the system",
        "'=1+2",
    ]
    assert rows[-1][0] == "2025-01-15 09:36:00"
    in_french = csv_rows(ministry.get(url("envelope_detail", envelope.pk), {"_export": "csv"}))
    assert in_french[0] == headers_in_french("When", "Kind", "Project", "Title", "Amount", "By", "Note")
    assert in_french[0][:2] == ["Date", "Type"]
    assert in_french[2][1] == french("Disbursement") and in_french[2][5] == "le système"


def test_the_ledger_export_keeps_to_the_envelopes_one_sees(monteregie, world, other_office, carrier):
    address = url("envelope_detail", envelope_of(world).pk)
    assert other_office.get(address, {"_export": "csv"}).status_code == 404
    assert carrier.get(address, {"_export": "csv"}).status_code == 403


def test_the_ledger_export_runs_the_same_queries_whatever_the_number_of_entries(world, ministry):
    project = granted(world)
    address = url("envelope_detail", envelope_of(world).pk)
    ministry.get(address, {"_export": "csv"})  # the session is warm
    with CaptureQueriesContext(connection) as few:
        assert len(csv_rows(ministry.get(address, {"_export": "csv"}))) == 2
    other = granted(world, amount="30000")
    _entries(world, project, 10, start=timezone.now(), recorded_by=world.office)
    _entries(world, other, 10, start=timezone.now(), recorded_by=world.second_ministry)
    with CaptureQueriesContext(connection) as many:
        assert len(csv_rows(ministry.get(address, {"_export": "csv"}))) == 1 + 2 + 20
    assert len(many) == len(few), [query["sql"] for query in many]


def test_the_delegation_export_runs_the_same_queries_whatever_the_number(world, ministry):
    address = url("delegation_list")
    _delegate(world)
    to_analysis(world)
    ministry.get(address, {"_export": "csv"})
    with CaptureQueriesContext(connection) as few:
        ministry.get(address, {"_export": "csv"})
    for index in range(3):
        _delegate(world, reason=f"D{index}")
        to_analysis(world)
    with CaptureQueriesContext(connection) as many:
        assert len(csv_rows(ministry.get(address, {"_export": "csv"}))) == 1 + 4
    assert len(many) == len(few)


@pytest.mark.parametrize(
    ("name", "money", "day"),
    [("period_list", 5, 2), ("guide_list", None, 1), ("delegation_list", 4, 6), ("envelope_detail", 4, 0)],
)
def test_each_export_is_a_workbook_of_numbers_and_dates(world, ministry, name, money, day):
    _delegate(world)
    to_analysis(world)  # granted under the delegation: a ledger entry
    address = url(name, envelope_of(world).pk) if name == "envelope_detail" else url(name)
    page = ministry.get(address).content.decode()
    assert 'href="?_export=csv">CSV</a>' in page and 'href="?_export=xlsx">Excel</a>' in page
    assert french("Export:") in page
    response = ministry.get(address, {"_export": "xlsx"})
    assert response["Content-Type"] == EXPORT_FORMATS["xlsx"]
    assert response["Content-Disposition"].endswith(f'-{today()}.xlsx"')
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [list(rows[0])] == csv_rows(ministry.get(address, {"_export": "csv"}))[:1]
    assert len(rows) == 2
    if money is not None:
        assert isinstance(rows[1][money], int | float) and rows[1][money] > 0
    assert isinstance(rows[1][day], datetime.datetime)


def test_the_envelope_list_scrolls_in_a_region_one_reaches_by_keyboard(world, ministry):
    page = ministry.get(url("envelope_list")).content.decode()
    assert '<div class="table-container" role="region" tabindex="0" aria-label="Enveloppes">' in page


# --- In a real browser -----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_program_pages_pass_axe(world, page, sign_in, live_server):
    committee_with_members(code="CC-BOIS-05", creneau__regions=[world.region], creneau__name_fr="Bois")
    envelope = envelope_of(world)
    services.set_envelope(
        envelope, actor=world.ministry, amount=Decimal("60000"), equity_margin=Decimal("10"), reason="Test"
    )
    granted(world)
    services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("5000"), reason="Essai"
    )
    sign_in(world.ministry)
    for address in [
        url("dashboard"),
        url("envelope_list"),
        url("envelope_detail", envelope.pk),
        url("envelope_edit", envelope.pk),
        url("equity_edit", envelope.pk),
        url("period_list"),
        url("period_create"),
        url("guide_list"),
        url("guide_detail", world.guide.version),
        url("guide_create"),
        url("delegation_list"),
        url("delegation_create"),
    ]:
        page.goto(address)
        assert_accessible(page)
    page.goto(url("envelope_detail", envelope.pk))
    assert page.get_by_role("status").is_visible()  # the equity warning, in words


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_envelope_list_fits_1280_pixels_and_its_table_scrolls_by_keyboard(world, page, sign_in):
    granted(world)
    sign_in(world.ministry)
    for width in (1280, 640):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url("envelope_list"))
        document = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert document[0] <= document[1], width  # the page itself never scrolls sideways
        region = page.get_by_role("region", name="Enveloppes")
        sizes = region.evaluate("(element) => [element.scrollWidth, element.clientWidth]")
        assert sizes[0] > sizes[1], width  # eight columns of money: the table scrolls within its container
        region.focus()
        assert region.evaluate("(element) => element === document.activeElement"), width
        page.keyboard.press("ArrowRight")
        # Scrolling may be smooth: wait for it rather than read it at once.
        page.wait_for_function("(element) => element.scrollLeft > 0", arg=region.element_handle())


def test_the_dashboard_follows_a_grant_on_the_next_request(world):
    client = Client()
    client.force_login(world.ministry)
    address = reverse("funding:dashboard")
    project = to_analysis(world)
    before = client.get(address).context["data"].total.committed
    services.grant_project(project, actor=world.ministry, amount=Decimal("35000"))
    assert client.get(address).context["data"].total.committed == before + Decimal("35000")
