"""A fund project clicked through in a real browser, from the carrier's draft to its closing.

Rosalie, of Meubles Boréal inc., drafts the project with the live check of the fund guide
and submits it; the regional office runs a meeting of the niche committee, then one of
the regional committee, each adopting a resolution on the project that the agenda
received by itself; the ministry analyses, grants, drafts the agreement's terms from the
proposed schedule and records the signed agreement; Rosalie claims an instalment with its
proof, the ministry pays it; she submits the final report and the ministry accepts it,
which pays the holdback and gives the unpaid aid back to the envelope.
Only the world (region, period, guide, committees and their members, carrier, users)
comes from fixtures: every record of the project comes from a page. The labels the
browser reads are looked up through gettext in French, so the test follows the catalogue.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from accord.core.money import format_money
from accord.core.tests.browser import assert_accessible
from accord.funding.guide import CHECKLIST
from accord.funding.models import (
    ClaimStatus,
    CostCategory,
    EntryKind,
    Envelope,
    EventKind,
    FinancingSource,
    LedgerEntry,
    Project,
    ProjectStatus,
)
from accord.governance.forms import attendance_label
from accord.governance.models import AttendanceStatus, DecisionMode, Meeting, MeetingStatus, ResolutionOutcome
from accord.governance.tests.factories import chair_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DATETIME_INPUT = "%Y-%m-%dT%H:%M"  # what an <input type="datetime-local"> takes
PROOF = {"name": "facture.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 facture 2025-014\n%%EOF\n"}


def fr(text, **values):
    """`text` as the French pages show it, with its placeholders filled."""
    with translation.override("fr"):
        translated = str(translation.gettext(text))
    return translated % values if values else translated


def shown(choice):
    """A choice (a status, an outcome…) as the French pages show it."""
    return french(choice.label)


def french(lazy):
    """A lazily translated text (a label of the code) in French."""
    with translation.override("fr"):
        return str(lazy)


def label_of(name):
    """The French label of a field of the project form, which takes it from the model."""
    with translation.override("fr"):
        return capfirst(str(Project._meta.get_field(name).verbose_name))


def money(amount):
    """An amount as the French pages show it: 35 000,00 $."""
    return format_money(Decimal(amount), "fr")


def exactly(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*:?\s*$")


def field(scope, label):
    """The form field whose label reads `label`, whether or not Django adds its “ :” suffix."""
    return scope.get_by_label(exactly(label))


def line(table, label, number):
    """A cell's field in a line of a table of the project form (its label is hidden but read out)."""
    return field(table, fr("%(label)s, line %(number)s", label=fr(label), number=number))


def submit(page, button):
    """Click a button that posts a form, and wait for the page the server redirects to."""
    with page.expect_navigation():
        button.click()


def fact(page, term):
    """The value of a fact (dt/dd) of the page's first list of facts with that term."""
    return page.locator("dl.facts > dt", has_text=exactly(term)).first.locator("xpath=following-sibling::dd[1]")


def guide_fact(check, term):
    """A figure of the guide's live check on the project form."""
    return check.locator("dt", has_text=exactly(fr(term))).locator("xpath=following-sibling::dd[1]")


def next_step(page, summary):
    """The form of a next step on the project page, its <details> opened."""
    details = page.locator("details").filter(has=page.locator("summary", has_text=exactly(summary)))
    details.locator("summary").click()
    return details


def awaited(page):
    """The project page's notice of the committees the project waits for."""
    return page.locator(".notice[role=status]")


def expect_status(page, status):
    expect(page.get_by_role("heading", level=1)).to_contain_text(shown(status))


def decide_in_a_meeting(page, project, committee, *, title, sign_in, office):
    """The regional office plans a meeting of `committee`, runs it and adopts a resolution on the project,
    which the member who chaired then confirms.

    It starts from the project page, whose notice names the committee the project waits for.
    """
    page.goto(project.get_absolute_url())
    awaited(page).get_by_role("link", name=committee.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(committee.name)
    page.get_by_role("link", name=fr("Plan a meeting")).click()
    starts_at = timezone.localtime().replace(second=0, microsecond=0)  # today: a meeting opens on its day
    field(page, fr("Title")).fill(title)
    field(page, fr("Starts at")).fill(starts_at.strftime(DATETIME_INPUT))
    field(page, fr("Place")).fill("Sherbrooke, salle du conseil")
    submit(page, page.get_by_role("button", name=fr("Plan the meeting")))
    meeting = Meeting.objects.get(committee=committee, title=title)
    expect(page).to_have_url(re.compile(rf"{re.escape(meeting.get_absolute_url())}$"))

    # The project waiting for this committee is on the agenda already, with a link to it.
    item = meeting.items.get()
    assert item.subject == project
    agenda_item = page.locator(f"#item-{item.pk}")
    expect(agenda_item.get_by_role("link", name=str(project))).to_have_attribute("href", project.get_absolute_url())

    submit(page, page.get_by_role("button", name=fr("Convene the members")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(fr("Convene “%(title)s”?", title=meeting.title))
    submit(page, page.get_by_role("button", name=fr("Convene the members")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(shown(MeetingStatus.CONVENED))
    submit(page, page.get_by_role("button", name=fr("Open the meeting")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(shown(MeetingStatus.HELD))

    page.get_by_role("link", name=fr("Record the attendance")).first.click()
    for mandate in committee.mandates.current():
        with translation.override("fr"):
            label = attendance_label(mandate.person)
        field(page, label).select_option(label=shown(AttendanceStatus.PRESENT))
    submit(page, page.get_by_role("button", name=fr("Record the attendance")))
    expect(page.locator("#attendance")).to_contain_text(fr("Quorum reached"))

    page.locator(f"#item-{item.pk}").get_by_role("link", name=fr("Propose a resolution")).click()
    expect(field(page, fr("Title"))).to_have_value(item.title)
    field(page, fr("Text")).fill("Attendu que le projet sert le plan d'action, il est résolu de l'appuyer.")
    submit(page, page.get_by_role("button", name=fr("Put to the meeting")))
    resolution = meeting.resolutions.get()
    assert resolution.subject == project
    article = page.locator(f"#resolution-{resolution.pk}")
    submit(page, article.get_by_role("button", name=fr("Decide by consensus")))
    submit(page, page.get_by_role("button", name=fr("Record the decision")))
    expect(page.locator(f"#resolution-{resolution.pk} h3 .badge")).to_have_text(shown(ResolutionOutcome.ADOPTED))
    resolution.refresh_from_db()
    assert (resolution.outcome, resolution.decision_mode) == (ResolutionOutcome.ADOPTED, DecisionMode.CONSENSUS)

    # Recorded by the office, not by the member who chaired: nothing moves until the chair confirms.
    expect(article).to_contain_text(fr("Awaiting the chair's sign-off"))
    assert resolution.awaits_sign_off
    sign_in(chair_user(resolution))
    page.goto(resolution.get_absolute_url())
    submit(page, page.get_by_role("button", name=fr("Confirm the recorded result")))
    expect(page.locator("#sign-off")).to_contain_text(str(chair_user(resolution)))  # who confirmed, by name
    resolution.refresh_from_db()
    assert not resolution.awaits_sign_off
    sign_in(office)
    return resolution


def test_a_project_from_draft_to_closed(page, sign_in, world):
    envelope = Envelope.objects.get(region=world.region, period=world.period)

    # --- Rosalie drafts the project, the guide checking it as she types ------------------------
    sign_in(world.carrier_user)
    page.goto(reverse("funding:project_list"))
    page.get_by_role("link", name=fr("Add"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("New project"))
    field(page, label_of("title")).fill("Atelier de design partagé")
    field(page, label_of("summary")).fill("Un atelier de prototypage ouvert aux fabricants de meubles de l'Estrie.")
    field(page, fr("Carrier")).select_option(label=world.carrier.name)
    field(page, label_of("region")).select_option(label=str(world.region))
    field(page, label_of("period")).select_option(label=str(world.period))
    page.get_by_label(world.creneau.name_fr, exact=True).check()
    field(page, label_of("starts_on")).fill("2025-01-01")
    field(page, label_of("ends_on")).fill("2026-06-30")
    field(page, label_of("expected_jobs")).fill("4")

    budget = page.get_by_role("table", name=fr("Budget lines"))
    line(budget, "Category", 1).select_option(label=shown(CostCategory.EQUIPMENT))
    line(budget, "Description", 1).fill("Presse numérique")
    line(budget, "Amount", 1).fill("60 000")
    line(budget, "Category", 2).select_option(label=shown(CostCategory.FEES))
    line(budget, "Description", 2).fill("Design")
    line(budget, "Amount", 2).fill("40 000")
    financing = page.get_by_role("table", name=fr("Financing lines other than the FSDCE aid"))
    line(financing, "Source", 1).select_option(label=shown(FinancingSource.OWN))
    line(financing, "Amount", 1).fill("60 000")
    partners = page.get_by_role("table", name=fr("Partners and their role"))
    line(partners, "Partner", 1).fill(world.partner.name)
    line(partners, "Role in the project", 1).fill("Formation")
    # The guide checks the form on each change (400 ms after the last one): the whole budget
    # is read, and the aid asked is still missing.
    line(partners, "Role in the project", 1).press("Tab")
    check = page.locator("#guide-check")
    expect(guide_fact(check, "Cost of the project")).to_have_text(money(100000))
    expect(guide_fact(check, "Aid requested")).to_have_text(money(0))
    expect(check.locator(".guide-problems")).to_contain_text(
        fr("The aid is at least %(min)s: raise the amount.", min=money(world.guide.min_amount))
    )
    requested = field(page, label_of("requested_amount"))
    requested.fill("40 000")
    requested.press("Tab")
    expect(guide_fact(check, "Aid requested")).to_have_text(money(40000))
    expect(check).to_contain_text(
        fr(
            "No problem found so far. The financing plan and the required documents are checked "
            "when the project is submitted."
        )
    )
    expect(check.locator(".guide-problems")).to_have_count(0)
    expect(guide_fact(check, "Most aid the rules allow")).to_have_text(money(40000))  # 40 % of 100 000 $
    assert not Project.objects.exists()

    submit(page, page.get_by_role("button", name=fr("Save the draft")))
    project = Project.objects.get()
    expect(page).to_have_url(re.compile(rf"{re.escape(project.get_absolute_url())}$"))
    expect(page.locator(".messages")).to_contain_text(fr("The draft %(number)s was saved.", number=project.number))
    expect_status(page, ProjectStatus.DRAFT)
    assert (project.status, project.carrier, project.region, project.period, project.created_by) == (
        ProjectStatus.DRAFT,
        world.carrier,
        world.region,
        world.period,
        world.carrier_user,
    )
    assert (project.requested_amount, project.expected_jobs) == (Decimal("40000"), 4)
    assert list(project.creneaux.all()) == [world.creneau]
    assert list(project.costs.values_list("category", "description", "amount")) == [
        ("equipment", "Presse numérique", Decimal("60000")),
        ("fees", "Design", Decimal("40000")),
    ]
    assert list(project.financing.values_list("source", "amount")) == [("own", Decimal("60000"))]
    assert list(project.partner_links.values_list("organisation", "role")) == [(world.partner.pk, "Formation")]
    assert world.guide.required_documents == []  # nothing to file before submitting

    submit(page, page.get_by_role("button", name=fr("Submit to the niche committee")))
    expect_status(page, ProjectStatus.SUBMITTED)
    notice = awaited(page)
    expect(notice).to_contain_text(fr("Awaiting the decision of the niche committee"))
    expect(notice).to_contain_text(fr("no meeting planned yet"))
    project.refresh_from_db()
    assert (project.status, project.guide) == (ProjectStatus.SUBMITTED, world.guide)
    assert_accessible(page)

    # --- The regional office runs the niche committee's meeting, then the regional one's ------
    sign_in(world.office)
    niche_resolution = decide_in_a_meeting(
        page, project, world.niche_committee, title="Séance du créneau Meuble", sign_in=sign_in, office=world.office
    )
    page.goto(project.get_absolute_url())
    expect_status(page, ProjectStatus.NICHE_APPROVED)
    expect(fact(page, fr("Niches")).get_by_role("link", name=niche_resolution.number)).to_have_attribute(
        "href", niche_resolution.get_absolute_url()
    )
    expect(awaited(page)).to_contain_text(fr("Awaiting the decision of the regional committee"))
    project.refresh_from_db()
    assert project.status == ProjectStatus.NICHE_APPROVED
    assert project.creneau_links.get().resolution == niche_resolution

    regional_resolution = decide_in_a_meeting(
        page, project, world.regional_committee, title="Séance régionale", sign_in=sign_in, office=world.office
    )
    # The regional meeting received the project from the niche committee's resolution.
    item = regional_resolution.item
    assert item.forwarded_from == niche_resolution
    page.goto(project.get_absolute_url())
    expect_status(page, ProjectStatus.ANALYSIS)
    expect(fact(page, fr("Regional committee")).get_by_role("link", name=regional_resolution.number)).to_have_attribute(
        "href", regional_resolution.get_absolute_url()
    )
    project.refresh_from_db()
    assert (project.status, project.regional_resolution) == (ProjectStatus.ANALYSIS, regional_resolution)
    assert not LedgerEntry.objects.exists()

    # --- The ministry analyses, grants, and records the agreement -------------------------------
    sign_in(world.ministry)
    page.goto(project.get_absolute_url())
    analysis = next_step(page, fr("Record the analysis"))
    for _key, label in CHECKLIST:
        field(analysis, french(label)).check()
    field(analysis, fr("Analyst notes")).fill("Projet structurant; le montant est ramené à 35 000 $.")
    field(analysis, fr("Recommended amount")).fill("35 000")
    assert_accessible(page)  # the page with a step's form open
    submit(page, analysis.get_by_role("button", name=fr("Record the analysis")))
    expect(page.locator(".messages")).to_contain_text(fr("The analysis was recorded."))
    expect(fact(page, fr("Recommended amount"))).to_have_text(money(35000))
    project.refresh_from_db()
    assert project.checklist == {key: True for key, _label in CHECKLIST}
    assert (project.status, project.recommended_amount) == (ProjectStatus.ANALYSIS, Decimal("35000"))

    grant = next_step(page, fr("Grant the aid"))
    expect(field(grant, fr("Aid granted"))).to_have_value(re.compile(r"^35\s?000,00$"))
    expect(grant.locator(".grant-figures")).to_contain_text(fr("Envelope available"))
    submit(page, grant.get_by_role("button", name=fr("Grant"), exact=True))
    expect(page.locator("main")).to_contain_text(
        fr(
            "%(amount)s will be committed against the envelope of %(region)s.",
            amount=money(35000),
            region=project.region.name,
        )
    )
    assert_accessible(page)  # the confirmation page
    submit(page, page.get_by_role("button", name=fr("Grant %(amount)s", amount=money(35000))))
    expect_status(page, ProjectStatus.GRANTED)
    expect(page.locator(".messages")).to_contain_text(
        fr("%(amount)s is granted and committed against the envelope.", amount=money(35000))
    )
    project.refresh_from_db()
    assert (project.status, project.granted_amount) == (ProjectStatus.GRANTED, Decimal("35000"))
    assert list(LedgerEntry.objects.values_list("envelope", "project", "kind", "amount")) == [
        (envelope.pk, project.pk, EntryKind.COMMITMENT, Decimal("35000")),
    ]

    page.get_by_role("link", name=fr("its envelope and the equity between niches")).click()
    expect(page).to_have_url(re.compile(rf"{re.escape(envelope.get_absolute_url())}$"))
    expect(fact(page, fr("Committed"))).to_have_text(money(35000))
    expect(fact(page, fr("Disbursed"))).to_have_text(money(0))
    expect(fact(page, fr("Available"))).to_have_text(money(envelope.amount - 35000))
    page.go_back()

    # The agreement's terms: the proposed draft, changed so that the first instalment pays the press.
    page.get_by_role("link", name=fr("Draft the agreement's terms")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        fr("Agreement of %(number)s: its terms", number=project.number)
    )
    schedule = page.get_by_role("table", name=fr("Instalments by milestone"))
    expect(line(schedule, "Milestone", 1)).to_have_value(fr("Signature of the agreement"))
    expect(line(schedule, "Amount", 1)).to_have_value(re.compile(r"^17\s?500,00$"))
    expect(line(schedule, "Amount", 3)).to_have_value(re.compile(r"^3\s?500,00$"))  # the 10 % holdback
    line(schedule, "Amount", 1).fill("20 000")
    line(schedule, "Amount", 2).fill("11 500")
    page.get_by_role("button", name=fr("Add an instalment")).click()  # in place (htmx), left blank: ignored
    expect(line(schedule, "Milestone", 5)).to_be_focused()
    assert_accessible(page)  # the terms page, with a line added in place
    submit(page, page.get_by_role("button", name=fr("Record the terms")))
    expect(page.locator(".messages")).to_contain_text(
        fr("The agreement's terms are recorded: download the agreement, have it signed, then record its signature.")
    )
    terms = project.agreement
    assert [(line.amount) for line in terms.instalments.all()] == [Decimal("20000"), Decimal("11500"), Decimal("3500")]
    assert terms.holdback == Decimal("3500")
    pdf = page.request.get(page.get_by_role("link", name=fr("The draft agreement (PDF)")).get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"

    today = timezone.localdate()
    agreement = next_step(page, fr("Record the signed agreement"))
    field(agreement, fr("Agreement signed on")).fill(today.isoformat())
    submit(page, agreement.get_by_role("button", name=fr("Record the signed agreement")))
    expect_status(page, ProjectStatus.AGREEMENT_SIGNED)
    project.refresh_from_db()
    assert (project.status, project.agreement_signed_on) == (ProjectStatus.AGREEMENT_SIGNED, today)

    # --- Rosalie claims an instalment; forgetting the proof, she is told on the step's page -----
    sign_in(world.carrier_user)
    page.goto(project.get_absolute_url())
    claim = next_step(page, fr("Claim an instalment"))
    field(claim, fr("Amount claimed")).fill("20 000")
    field(claim, fr("Claim")).fill("Achat de la presse numérique (facture 2025-014).")
    submit(page, claim.get_by_role("button", name=fr("Send the claim")))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        fr("Claim an instalment of %(number)s", number=project.number)
    )
    expect(field(page, fr("Proof"))).to_have_attribute("aria-invalid", "true")
    assert not project.disbursements.exists()
    assert_accessible(page)  # the step's own page, with its error
    field(page, fr("Proof")).set_input_files(PROOF)
    submit(page, page.get_by_role("button", name=fr("Send the claim")))
    expect(page.locator(".messages")).to_contain_text(
        fr("Your claim of %(amount)s was sent to the ministry.", amount=money(20000))
    )
    disbursement = project.disbursements.get()
    assert (disbursement.amount, disbursement.status, disbursement.claimed_by) == (
        Decimal("20000"),
        ClaimStatus.CLAIMED,
        world.carrier_user,
    )
    assert disbursement.claim == "Achat de la presse numérique (facture 2025-014)."

    # --- The ministry reads the proof and pays ---------------------------------------------------
    sign_in(world.ministry)
    page.goto(project.get_absolute_url())
    instalments = page.get_by_role(
        "table",
        name=fr("Claims and payments: %(paid)s paid of %(granted)s granted", paid=money(0), granted=money(35000)),
    )
    row = instalments.get_by_role("row").filter(has_text=money(20000))
    with page.expect_download() as download:
        row.get_by_role("link", name=disbursement.proof.title).click()
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as proof:
        assert proof.read() == PROOF["buffer"]
    submit(page, row.get_by_role("button", name=fr("Pay")))
    expect(page.locator("main")).to_contain_text(fr("This cannot be undone."))
    submit(page, page.get_by_role("button", name=fr("Pay %(amount)s", amount=money(20000))))
    expect(page.locator(".messages")).to_contain_text(fr("The instalment of %(amount)s was paid.", amount=money(20000)))
    paid_row = page.get_by_role("row").filter(has_text="Achat de la presse numérique")
    expect(paid_row).to_contain_text(shown(ClaimStatus.PAID))
    disbursement.refresh_from_db()
    assert (disbursement.status, disbursement.decided_by) == (ClaimStatus.PAID, world.ministry)
    assert LedgerEntry.objects.filter(kind=EntryKind.DISBURSEMENT).get().amount == Decimal("20000")

    # --- Rosalie submits the final report ----------------------------------------------------------
    sign_in(world.carrier_user)
    page.goto(project.get_absolute_url())
    report = next_step(page, fr("Submit the final report"))
    field(report, fr("Actual cost")).fill("92 500")
    field(report, fr("Jobs created")).fill("3")
    field(report, fr("Jobs kept")).fill("5")
    field(report, fr("Private investment")).fill("55 000")
    field(report, fr("Public investment")).fill("40 000")
    field(report, fr("Additional sales")).fill("120 000")
    field(report, fr("Export sales")).fill("80 000")
    field(report, fr("Export contracts")).fill("1")
    field(report, fr("Amount of the export contracts")).fill("1 050 000")
    field(report, fr("Companies reached")).fill("12")
    field(report, fr("Final report")).fill("L'atelier est ouvert; douze fabricants l'ont utilisé la première année.")
    submit(page, report.get_by_role("button", name=fr("Submit the final report")))
    expect_status(page, ProjectStatus.FINAL_REPORT)
    project.refresh_from_db()
    assert (project.actual_cost, project.actual_jobs, project.actual_investment, project.actual_sales) == (
        Decimal("92500"),
        3,
        Decimal("55000"),
        Decimal("120000"),
    )
    assert (project.actual_jobs_kept, project.actual_export_contracts, project.actual_export_contracts_amount) == (
        5,
        1,
        Decimal("1050000"),
    )
    assert project.final_report.startswith("L'atelier est ouvert")
    assert project.actual_companies == 12

    # --- The ministry accepts the report: the 3 500 $ holdback is paid, the 11 500 $ not paid go back ---
    sign_in(world.ministry)
    page.goto(project.get_absolute_url())
    submit(page, page.get_by_role("button", name=fr("Accept the report and close the project")))
    expect(page.locator("main")).to_contain_text(
        fr(
            "The final payment of %(amount)s will be released to %(carrier)s and recorded as paid from the envelope.",
            amount=money(3500),
            carrier=project.carrier.name,
        )
    )
    expect(page.locator("main")).to_contain_text(
        fr("%(amount)s not paid will be released and go back to the envelope.", amount=money(11500))
    )
    submit(page, page.get_by_role("button", name=fr("Close the project")))
    expect_status(page, ProjectStatus.CLOSED)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    assert list(LedgerEntry.objects.order_by("pk").values_list("kind", "amount")) == [
        (EntryKind.COMMITMENT, Decimal("35000")),
        (EntryKind.DISBURSEMENT, Decimal("20000")),
        (EntryKind.DISBURSEMENT, Decimal("3500")),
        (EntryKind.RELEASE, Decimal("11500")),
    ]

    # The timeline, latest first: every step, with the committees' resolutions.
    steps = ["create", "submit", "niche_approve", "regional_approve", "analysis", "grant", "agreement_terms"]
    steps += ["sign_agreement", "claim", "paid", "report", "paid", "close"]
    assert list(project.events.order_by("occurred_at", "pk").values_list("action", flat=True)) == steps
    timeline = page.locator("ol.timeline > li")
    expect(timeline).to_have_count(len(steps))
    for entry, action in zip(timeline.all(), reversed(steps), strict=True):
        expect(entry.get_by_role("heading")).to_contain_text(french(EventKind(action).label))
    for action, resolution in [("niche_approve", niche_resolution), ("regional_approve", regional_resolution)]:
        entry = timeline.nth(list(reversed(steps)).index(action))
        expect(entry).to_contain_text(fr("Resolution of %(committee)s:", committee=resolution.committee.name))
        expect(entry.get_by_role("link", name=resolution.number)).to_have_attribute(
            "href", resolution.get_absolute_url()
        )
    expect(timeline.nth(0)).to_contain_text(money(11500))  # the closing released the unpaid aid
    expect(timeline.nth(1)).to_contain_text(money(3500))  # after paying the holdback
    assert_accessible(page)

    page.get_by_role("link", name=fr("its envelope and the equity between niches")).click()
    expect(fact(page, fr("Committed"))).to_have_text(money(23500))
    expect(fact(page, fr("Disbursed"))).to_have_text(money(23500))
    expect(fact(page, fr("Available"))).to_have_text(money(envelope.amount - 23500))
    ledger = page.get_by_role("table").filter(has_text=shown(EntryKind.RELEASE))
    expect(ledger.get_by_role("row").filter(has_text=shown(EntryKind.RELEASE))).to_contain_text(money(11500))
    assert_accessible(page)
