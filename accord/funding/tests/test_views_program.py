"""The program's pages: who reaches them, periods, the fund guide, delegations, and their exports."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory
from accord.core.exports import EXPORT_FORMATS
from accord.core.money import format_money
from accord.core.tests.browser import assert_accessible
from accord.funding import selectors, services
from accord.funding.models import (
    Delegation,
    FundGuide,
    ProgramPeriod,
)
from accord.registry.models import Region
from accord.registry.tests.factories import ResourceRegionStatusFactory

from .conftest import (
    NBSP,
    add_period,
    client_for,
    committee_with_members,
    csv_rows,
    draft,
    english,
    envelope_of,
    french,
    headers_in_french,
    queries,
    text,
    to_analysis,
    today,
)

pytestmark = pytest.mark.django_db


def url(name, *args):
    """The French address (a request to an English one leaves English active in the test's thread)."""
    with translation.override("fr"):
        return reverse(f"funding:{name}", args=args)


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


# --- Periods ---------------------------------------------------------------------------------


def test_the_period_list_marks_the_current_period_and_links_its_envelopes(world, ministry):
    add_period(world.ministry, "2018-2023")
    page = text(ministry.get(url("period_list")))
    assert f'2024-2029 <span class="badge leader">{french("Current")}</span>' in page
    assert "2018-2023 <span" not in page
    assert f'<a href="{url("envelope_list")}?period=2024-2029">1 enveloppe</a>' in page


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


def test_the_guide_list_marks_the_version_in_force(world, ministry):
    services.publish_guide(actor=world.ministry, in_force_from=datetime.date(2030, 1, 1))
    page = text(ministry.get(url("guide_list")))
    version_1 = f'<a href="{url("guide_detail", 1)}">Version 1</a>'
    assert f'{version_1} <span class="badge leader">{french("In force")}</span>' in page
    assert f'<a href="{url("guide_detail", 2)}">Version 2</a></td>' in page  # not in force before 2030


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
    assert selectors.current_guide() == guide
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


def test_only_the_ministry_sees_the_revoke_forms_and_each_delegation_has_its_anchor(world, ministry, office):
    delegation = services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Essai"
    )
    project = to_analysis(world)
    for client in (ministry, office):
        page = text(client.get(url("delegation_list")))
        assert f'id="delegation-{delegation.pk}"' in page
        assert f'<a href="{project.get_absolute_url()}">{project.number}</a>' in page
    assert url("delegation_revoke", delegation.pk) in text(ministry.get(url("delegation_list")))
    assert url("delegation_revoke", delegation.pk) not in text(office.get(url("delegation_list")))
    services.revoke_delegation(delegation, actor=world.ministry, reason="Fin")
    assert url("delegation_revoke", delegation.pk) not in text(ministry.get(url("delegation_list")))


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
    small = queries(ministry, url("delegation_list"))
    for index in range(3):
        delegate(f"D{index}")
        to_analysis(world)
    services.revoke_delegation(Delegation.objects.first(), actor=world.ministry, reason="Fin")
    large = queries(ministry, url("delegation_list"))
    assert len(large) == len(small)


# --- Exports of the program's lists -----------------------------------------------------------


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


# --- In a real browser -----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_program_pages_pass_axe(world, page, sign_in, live_server):
    committee_with_members(code="CC-BOIS-05", creneau__regions=[world.region], creneau__name_fr="Bois")
    envelope = envelope_of(world)
    services.set_envelope(
        envelope, actor=world.ministry, amount=Decimal("60000"), equity_margin=Decimal("10"), reason="Test"
    )
    # Above the niche's fair share (30 000 $ plus 10 %): both decisions give their reasons.
    reasons = "Seul créneau prêt à investir cette année."
    project = to_analysis(world, justification=reasons)
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"), justification=reasons)
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
