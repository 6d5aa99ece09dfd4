"""Envelopes: the list with balances, an envelope's page (equity, ledger, history) and the ministry's changes."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accord.core.forms import plain_number
from accord.funding import selectors, services
from accord.funding.models import (
    EntryKind,
    EquityWeight,
    LedgerEntry,
)

from .conftest import (
    NBSP,
    add_period,
    committee_with_members,
    csv_rows,
    english,
    envelope_of,
    french,
    granted,
    headers_in_french,
    to_analysis,
    today,
)
from .factories import LedgerEntryFactory

pytestmark = pytest.mark.django_db


def url(name, *args):
    """The French address (a request to an English one leaves English active in the test's thread)."""
    with translation.override("fr"):
        return reverse(f"funding:{name}", args=args)


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
    assert response.context["balance"] == selectors.balance(envelope)
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
        ("$4,000", "en", "4000"),  # as English amounts are shown
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
    # 40,000 $ for Meuble, whose target is 30,000 $ (+ 10 %: 33,000 $): both decisions say why.
    project = to_analysis(world, justification="Seul créneau prêt cette année.")
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"), justification="Priorité.")
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
    targets = {share.name: share.target for share in selectors.equity(envelope)}
    assert targets[world.creneau.name] == Decimal("3000000.00")
    history = ministry.get(url("envelope_detail", envelope.pk)).content.decode()
    assert "Priorité régionale" in history


def test_negative_weights_change_nothing(world, ministry):
    envelope = envelope_of(world)
    response = ministry.post(url("equity_edit", envelope.pk), {f"weight_{world.creneau.pk}": "-1", "reason": "Essai"})
    assert response.status_code == 400
    assert response.context["form"].errors[f"weight_{world.creneau.pk}"] == [french("A weight cannot be negative.")]
    assert not EquityWeight.objects.exists()


def _entries(world, project, count, *, start, **fields):
    envelope = envelope_of(world)
    for index in range(count):
        LedgerEntryFactory(
            envelope=envelope, project=project, recorded_at=start - datetime.timedelta(minutes=index), **fields
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


def test_the_envelope_list_scrolls_in_a_region_one_reaches_by_keyboard(world, ministry):
    page = ministry.get(url("envelope_list")).content.decode()
    assert '<div class="table-container" role="region" tabindex="0" aria-label="Enveloppes">' in page


# --- In a real browser -----------------------------------------------------------------------


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
