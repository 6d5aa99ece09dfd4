"""After the grant (issue 12, section 5): partial payments against a claim, with the reasons; a ministry
return that goes back only to the step that asked for the changes."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from accord.core.workflow import InvalidTransition
from accord.funding import selectors, services
from accord.funding.models import ClaimStatus, EntryKind, EventKind, LedgerEntry, ProjectStatus
from accord.governance.models import AgendaItem, PendingAgendaItem

from .conftest import attachment, client_for, draft, envelope_of, signed, text, to_analysis

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"funding:{name}", args=args)


def claim_of(world, project, amount="10000"):
    return services.claim_disbursement(
        project, actor=world.carrier_user, amount=Decimal(amount), claim="Facture 1", proof=attachment()
    )


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def on_agendas(project):
    """The agenda items, placed or waiting for a meeting, about the project."""
    return (
        PendingAgendaItem.objects.filter(subject_id=project.pk).count()
        + AgendaItem.objects.filter(subject_id=project.pk).count()
    )


def report(project, world):
    services.submit_final_report(
        project,
        actor=world.carrier_user,
        actual_cost=Decimal("90000"),
        actual_jobs=2,
        actual_investment=Decimal("0"),
        actual_sales=Decimal("0"),
        report="Fait.",
    )


# --- Partial payments: the service --------------------------------------------------------------


def test_the_ministry_pays_part_of_a_claim_with_the_reason(world):
    project = signed(world)
    claim = claim_of(world, project)
    services.decide_disbursement(
        claim, actor=world.ministry, pay=True, amount=Decimal("6000"), note=" Une facture hors projet "
    )
    claim.refresh_from_db()
    assert (claim.status, claim.paid_amount, claim.note) == (
        ClaimStatus.PARTLY_PAID,
        Decimal("6000.00"),
        "Une facture hors projet",
    )
    assert (claim.paid, claim.not_paid) == (Decimal("6000.00"), Decimal("4000.00"))
    # The ledger records what was paid, and the envelope's figures follow.
    entry = LedgerEntry.objects.get(kind=EntryKind.DISBURSEMENT)
    assert (entry.amount, entry.note) == (Decimal("6000.00"), "Une facture hors projet")
    assert selectors.balance(envelope_of(world)).disbursed == Decimal("6000.00")
    assert envelope_of(world).figures.disbursed == Decimal("6000.00")
    assert selectors.paid(project) == Decimal("6000.00")
    # Who decided, when and why: the timeline and the claim's history.
    event = project.events.get(action=EventKind.PAID)
    assert (event.amount, event.note, event.actor) == (Decimal("6000.00"), "Une facture hors projet", world.ministry)
    assert claim.history.first().history_change_reason == "Une facture hors projet"
    # What was not paid may be claimed again: 40,000 granted, 6,000 paid.
    assert selectors.claimed(project) == Decimal("6000.00")
    with pytest.raises(ValidationError):
        claim_of(world, project, "34000.01")
    claim_of(world, project, "34000")


def test_paying_the_whole_claim_needs_no_reason(world):
    project = signed(world)
    claim = claim_of(world, project)
    services.decide_disbursement(claim, actor=world.ministry, pay=True, amount=Decimal("10000"))
    claim.refresh_from_db()
    assert (claim.status, claim.paid_amount, claim.not_paid) == (ClaimStatus.PAID, Decimal("10000.00"), 0)


@pytest.mark.parametrize(
    ("amount", "note", "field", "english", "french"),
    [
        ("6000", "", "reason", "Give the reason: the carrier reads it.", "Indiquez la raison : le porteur la lira."),
        (
            "10000.01",
            "Trop",
            "amount",
            "The ministry pays at most the amount claimed ($10,000.00).",
            "Le ministère paie au plus le montant réclamé (10\u00a0000,00\u00a0$).",
        ),
        (
            "0",
            "Rien",
            "amount",
            "Enter a positive amount, or reject the claim.",
            "Saisissez un montant positif, ou rejetez la réclamation.",
        ),
    ],
)
def test_a_wrong_partial_payment_is_refused_in_the_users_language(world, amount, note, field, english, french):
    project = signed(world)
    claim = claim_of(world, project)
    for language, message in (("en", english), ("fr", french)):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            services.decide_disbursement(claim, actor=world.ministry, pay=True, amount=Decimal(amount), note=note)
        assert refused.value.message_dict[field] == [message]
    claim.refresh_from_db()
    assert (claim.status, claim.paid_amount) == (ClaimStatus.CLAIMED, None)
    assert not LedgerEntry.objects.filter(kind=EntryKind.DISBURSEMENT).exists()


def test_a_reason_with_a_nul_is_refused(world):
    claim = claim_of(world, signed(world))
    with pytest.raises(ValidationError):
        services.decide_disbursement(claim, actor=world.ministry, pay=True, amount=Decimal("5"), note="a\x00b")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLAIMED


def test_a_partly_paid_claim_is_decided_once_and_only_by_the_ministry(world):
    project = signed(world)
    claim = claim_of(world, project)
    with pytest.raises(PermissionDenied):
        services.decide_disbursement(claim, actor=world.carrier_user, pay=True, amount=Decimal("5"), note="x")
    services.decide_disbursement(claim, actor=world.ministry, pay=True, amount=Decimal("5000"), note="Moitié")
    with pytest.raises(InvalidTransition):
        services.decide_disbursement(claim, actor=world.ministry, pay=True)


def test_closing_releases_what_a_partial_payment_left_unpaid(world):
    project = signed(world)
    claim = claim_of(world, project)
    services.decide_disbursement(claim, actor=world.ministry, pay=True, amount=Decimal("6000"), note="Moitié")
    report(project, world)
    services.close_project(project, actor=world.ministry)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    assert LedgerEntry.objects.get(kind=EntryKind.RELEASE).amount == Decimal("34000.00")
    balance = selectors.balance(envelope_of(world))
    assert (balance.committed, balance.disbursed) == (Decimal("6000.00"), Decimal("6000.00"))


# --- Partial payments: the pages -----------------------------------------------------------------


def test_the_ministry_pays_part_of_a_claim_from_the_page(ministry, carrier, world):
    project = signed(world)
    claim = claim_of(world, project)
    page = text(ministry.get(url("project_detail", project.pk)))
    assert 'name="amount"' in page and "Amount paid" in page
    address = url("disbursement_decide", claim.pk)
    response = ministry.post(address, {"decision": "pay", "amount": "6000", "note": ""})
    assert response.status_code == 400
    assert "Give the reason" in text(response)
    response = ministry.post(address, {"decision": "pay", "amount": "10001", "note": "Trop"})
    assert response.status_code == 400
    assert "The ministry pays at most the amount claimed ($10,000.00)." in text(response)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLAIMED

    paying = {"decision": "pay", "amount": "6000", "note": "Facture hors projet"}
    confirmation = text(ministry.post(address, paying))
    assert "$6,000.00 will be released to" in confirmation  # the amount paid, not the claim's
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLAIMED
    response = ministry.post(address, {**paying, "confirmed": "1"}, follow=True)
    page = text(response)
    assert "$6,000.00 of the claim of $10,000.00 was paid; the rest is closed as not paid." in page
    assert "Partly paid" in page and "$6,000.00 paid, $4,000.00 not paid" in page
    assert "Claims and payments: $6,000.00 paid of $40,000.00 granted" in page
    # The carrier reads the amount paid and the reason.
    page = text(carrier.get(url("project_detail", project.pk)))
    assert "$6,000.00 paid, $4,000.00 not paid" in page and "Facture hors projet" in page


def test_the_partial_payment_page_speaks_french(world):
    project = signed(world)
    claim = claim_of(world, project)
    client = client_for(world.ministry)
    address = url("disbursement_decide", claim.pk, language="fr")
    response = client.post(address, {"decision": "pay", "amount": "6000", "note": ""}, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Indiquez la raison : le porteur la lira." in text(response)
    response = client.post(
        address,
        {"decision": "pay", "amount": "6000", "note": "Hors projet", "confirmed": "1"},
        HTTP_ACCEPT_LANGUAGE="fr",
        follow=True,
    )
    page = text(response)
    assert "6\u00a0000,00\u00a0$ de la réclamation de 10\u00a0000,00\u00a0$ ont été payés" in page
    assert "Payé en partie" in page


def test_the_decision_page_keeps_out_who_may_not_pay(world, carrier, stranger):
    claim = claim_of(world, signed(world))
    address = url("disbursement_decide", claim.pk)
    data = {"decision": "pay", "amount": "5", "note": "x"}
    anonymous = Client().post(address, data)
    assert anonymous.status_code == 302
    assert "next=" in anonymous["Location"]
    assert stranger.post(address, data).status_code == 404
    assert carrier.post(address, data).status_code == 403
    assert client_for(world.ministry).delete(address).status_code == 405
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLAIMED


# --- Partial payments: the API -------------------------------------------------------------------


def test_the_api_pays_part_of_a_claim(world):
    project = signed(world)
    claim = claim_of(world, project)
    address = f"{PROJECTS}{project.pk}/disbursements/{claim.pk}/decide/"
    ministry = api(world.ministry)
    response = ministry.post(address, {"decision": "pay", "amount": "6000"}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json() == {"reason": ["Indiquez la raison : le porteur la lira."]}
    response = ministry.post(
        address, {"decision": "pay", "amount": "10000.01", "note": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json() == {"amount": ["The ministry pays at most the amount claimed ($10,000.00)."]}
    assert api(world.carrier_user).post(address, {"decision": "pay"}, format="json").status_code == 403

    response = ministry.post(address, {"decision": "pay", "amount": "6000", "note": "Hors projet"}, format="json")
    assert response.status_code == 200, response.json()
    (row,) = response.json()["disbursements"]
    assert (row["status"], row["amount"], row["paid_amount"], row["note"]) == (
        "partly_paid",
        "10000.00",
        "6000.00",
        "Hors projet",
    )
    assert LedgerEntry.objects.get(kind=EntryKind.DISBURSEMENT).amount == Decimal("6000.00")
    assert ministry.post(address, {"decision": "pay"}, format="json").status_code == 409


def test_the_api_pays_the_whole_claim_without_an_amount(world):
    project = signed(world)
    claim = claim_of(world, project)
    address = f"{PROJECTS}{project.pk}/disbursements/{claim.pk}/decide/"
    response = api(world.ministry).post(address, {"decision": "pay"}, format="json")
    (row,) = response.json()["disbursements"]
    assert (row["status"], row["paid_amount"]) == ("paid", "10000.00")


# --- A ministry return goes back to the step that asked for the changes ----------------------------


def test_a_project_returned_by_the_ministry_comes_back_to_its_analysis(world):
    project = to_analysis(world)
    niche_resolution = project.creneau_links.get().resolution
    agenda = on_agendas(project)
    services.return_project(project, actor=world.ministry, reason="Précisez le budget d'équipement.")
    project.refresh_from_db()
    assert (project.status, project.resubmit_to) == (ProjectStatus.RETURNED, ProjectStatus.ANALYSIS)
    services.submit_project(project, actor=world.carrier_user)
    project.refresh_from_db()
    # Not before the committees again: their resolutions stand, nothing new on their agendas.
    assert (project.status, project.resubmit_to) == (ProjectStatus.ANALYSIS, "")
    assert project.creneau_links.get().resolution == niche_resolution
    assert on_agendas(project) == agenda
    event = project.events.first()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        EventKind.RESUBMIT,
        ProjectStatus.RETURNED,
        ProjectStatus.ANALYSIS,
        world.carrier_user,
    )
    # The ministry carries on: it may grant.
    services.grant_project(project, actor=world.ministry, amount=Decimal("30000"))
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED


def test_a_return_that_needs_the_committees_restarts_their_votes(world):
    project = to_analysis(world)
    agenda = on_agendas(project)
    services.return_project(project, actor=world.ministry, reason="Projet transformé.", needs_committees=True)
    project.refresh_from_db()
    assert (project.status, project.resubmit_to) == (ProjectStatus.RETURNED, "")
    services.submit_project(project, actor=world.carrier_user)
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert project.creneau_links.get().resolution is None
    assert on_agendas(project) == agenda + 1


def test_a_return_before_the_analysis_goes_before_the_niche_committee_again(world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    services.return_project(project, actor=world.office, reason="Précisez le budget.")
    project.refresh_from_db()
    assert project.resubmit_to == ""
    services.submit_project(project, actor=world.carrier_user)
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED


def test_the_project_page_shows_the_returns_reason_at_the_top(ministry, carrier, world):
    project = to_analysis(world)
    form = text(ministry.get(url("project_detail", project.pk)))
    assert "The changes need a new decision of the committees" in form
    response = ministry.post(url("project_return", project.pk), {"reason": "Ajoutez les soumissions."})
    assert response.status_code == 302
    page = text(carrier.get(url("project_detail", project.pk)))
    banner = page[page.index('id="returned"') :]
    assert banner.index("Ajoutez les soumissions.") < banner.index("<h2")
    assert "Once changed and resubmitted, the project comes back to the ministry's analysis." in page
    assert "Resubmit to the ministry's analysis" in page
    response = carrier.post(url("project_submit", project.pk), follow=True)
    page = text(response)
    assert "The project was resubmitted: it is back in the ministry's analysis." in page
    assert 'id="returned"' not in page
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS


def test_the_return_page_asks_whether_the_committees_decide_again_in_french(world):
    project = to_analysis(world)
    client = client_for(world.ministry)
    address = url("project_return", project.pk, language="fr")
    page = text(client.get(address, HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Les modifications exigent une nouvelle décision des comités" in page
    response = client.post(address, {"reason": "Projet transformé.", "needs_committees": "on"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.resubmit_to) == (ProjectStatus.RETURNED, "")
    page = text(client_for(world.carrier_user).get(url("project_detail", project.pk, language="fr")))
    assert "Une fois modifié et déposé de nouveau, le projet repasse devant le comité de créneau." in page


def test_the_api_returns_to_the_analysis_or_to_the_committees(world):
    first, second = to_analysis(world), to_analysis(world, title="Autre")
    ministry = api(world.ministry)
    response = ministry.post(f"{PROJECTS}{first.pk}/return/", {"reason": "Budget"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["resubmit_to"]) == ("returned", "analysis")
    response = ministry.post(
        f"{PROJECTS}{second.pk}/return/", {"reason": "Refonte", "needs_committees": True}, format="json"
    )
    assert (response.json()["status"], response.json()["resubmit_to"]) == ("returned", "")
    response = ministry.post(f"{PROJECTS}{second.pk}/return/", {"reason": ""}, format="json")
    assert response.status_code in (400, 409)
    carrier = api(world.carrier_user)
    assert carrier.post(f"{PROJECTS}{first.pk}/return/", {"reason": "x"}, format="json").status_code == 403
    response = carrier.post(f"{PROJECTS}{first.pk}/submit/", format="json")
    assert (response.status_code, response.json()["status"]) == (200, "analysis")


# --- The final report: every planned indicator, and attachments -----------------------------------


def report_form(**extra):
    return {
        "actual_cost": "90000",
        "actual_jobs": "3",
        "actual_jobs_kept": "6",
        "actual_investment": "60000",
        "actual_public_investment": "30000",
        "actual_sales": "0",
        "actual_export_sales": "0",
        "actual_export_contracts": "0",
        "actual_export_contracts_amount": "0",
        "actual_companies": "9",
        "final_report": "L'atelier est ouvert.",
        **extra,
    }


def test_the_final_report_has_every_planned_indicator_and_its_attachments(world):
    project = signed(world)
    with translation.override("en"):
        services.submit_final_report(
            project,
            actor=world.carrier_user,
            actual_cost=Decimal("90000"),
            actual_jobs=3,
            actual_investment=Decimal("60000"),
            actual_sales=Decimal("0"),
            actual_companies=9,
            report="Fait.",
            attachments=[attachment("bilan.pdf"), attachment("photos.pdf")],
        )
    project.refresh_from_db()
    assert (project.status, project.actual_companies) == (ProjectStatus.FINAL_REPORT, 9)
    titles = set(project.documents.values_list("title", flat=True))
    assert {"Final report: bilan.pdf", "Final report: photos.pdf"} <= titles
    assert project.events.filter(action=EventKind.DOCUMENT, note="Final report: bilan.pdf", actor=world.carrier_user)


def test_a_report_attachment_follows_the_document_rules(carrier, world):
    project = signed(world)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = carrier.post(url("project_report", project.pk), report_form(attachments=[bad]))
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == ProjectStatus.AGREEMENT_SIGNED
    assert not project.documents.filter(title__startswith="Final report").exists()
    response = carrier.post(url("project_report", project.pk), report_form(actual_companies=""))
    assert response.status_code == 400


def test_the_report_page_takes_the_companies_reached_and_files(carrier, ministry, world):
    project = signed(world)
    page = text(carrier.get(url("project_report", project.pk)))
    assert 'name="actual_companies"' in page and 'name="attachments"' in page and "multipart/form-data" in page
    files = [attachment("bilan.pdf"), attachment("annexe.pdf")]
    response = carrier.post(url("project_report", project.pk), report_form(attachments=files))
    assert response.status_code == 302
    page = text(ministry.get(url("project_detail", project.pk)))
    companies = page[page.index("Companies reached") :]
    assert companies[: companies.index("</tr>")].endswith(f"<td>{project.expected_companies}</td><td>9</td>")
    assert "Final report: bilan.pdf" in page and "Final report: annexe.pdf" in page
    assert client_for(world.ministry).get(url("project_pdf", project.pk)).status_code == 200


def test_the_report_page_speaks_french(world):
    project = signed(world)
    client = client_for(world.carrier_user)
    address = url("project_report", project.pk, language="fr")
    response = client.post(address, report_form(attachments=[attachment("bilan.pdf")]), HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    page = text(client.get(url("project_detail", project.pk, language="fr"), HTTP_ACCEPT_LANGUAGE="fr"))
    assert "Rapport final : bilan.pdf" in page


def test_the_api_takes_the_companies_reached_and_attachments(world):
    project = signed(world)
    address = f"{PROJECTS}{project.pk}/report/"
    carrier = api(world.carrier_user)
    data = report_form()
    del data["actual_companies"]
    response = carrier.post(address, data, format="json")
    assert response.status_code == 400 and list(response.json()) == ["actual_companies"]
    response = carrier.post(address, report_form(attachments=[attachment("bilan.pdf")]), format="multipart")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["actual_companies"]) == ("final_report", 9)
    # Titled in the request's language, French by default.
    assert project.documents.filter(title="Rapport final : bilan.pdf").exists()
