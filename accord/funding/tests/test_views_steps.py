"""The pipeline's steps through the pages: who may take which, when, and what each one changes."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory, grant
from accord.funding import services
from accord.funding.models import (
    ClaimStatus,
    CostCategory,
    Disbursement,
    ProjectEvent,
    ProjectStatus,
)

from .conftest import (
    attachment,
    client_for,
    draft,
    draft_terms,
    granted,
    signed,
    text,
    to_analysis,
)

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"funding:{name}", args=args)


def test_steps_without_a_form_take_post_only(carrier, ministry, world):
    project = draft(world)
    for address in [url("project_submit", project.pk), url("project_countersign", project.pk)]:
        assert carrier.get(address).status_code == 405, address
    # Closing has a page of its own (another final payment than the holdback): not at this step, it says why.
    assert ministry.get(url("project_close", project.pk)).status_code == 302
    assert carrier.get(url("project_check")).status_code == 405
    assert carrier.post(url("project_detail", project.pk)).status_code == 405
    assert carrier.post(url("project_list")).status_code == 405
    assert carrier.post(url("project_pdf", project.pk)).status_code == 405


def test_a_carrier_cannot_take_the_ministrys_steps(carrier, world):
    project = to_analysis(world)
    response = carrier.post(url("project_grant", project.pk), {"amount": "30000"})
    assert response.status_code == 403
    for name in ("project_analysis", "project_refuse", "project_countersign", "project_close", "project_return"):
        assert carrier.post(url(name, project.pk), {"reason": "x"}).status_code == 403, name
    project.refresh_from_db()
    assert (project.status, project.granted_amount) == (ProjectStatus.ANALYSIS, None)


# --- The steps, through the pages --------------------------------------------------------------------


def test_the_carrier_submits_through_the_page(carrier, world, django_capture_on_commit_callbacks):
    project = draft(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = carrier.post(url("project_submit", project.pk), follow=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert "niche committee's next meeting" in text(response)


def test_a_submission_that_breaks_the_guide_says_why_and_changes_nothing(carrier, world):
    project = draft(world, requested="60000")
    response = carrier.post(url("project_submit", project.pk), follow=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    assert "The aid is at most 40" in text(response)


def test_a_refused_submission_lists_each_problem_on_a_line_of_its_own(carrier, world):
    # 60,000 $ asked of 100,000 $ of costs: above the rate and the public-aid cap; and the plan does not balance.
    project = draft(world, requested="60000")
    project.financing.all().delete()
    response = carrier.post(url("project_submit", project.pk), follow=True)
    items = [
        item.strip()
        for item in response.content.decode().split('<ul class="messages">')[1].split("</ul>")[0].split("<li")[1:]
    ]
    assert len(items) == 4, items  # the lead, then one line per problem
    assert "change the 3 points that follow" in items[0]
    assert "lower the aid or add eligible costs" in items[1]
    assert "Lower the aid or the other public funding" in items[2]
    assert "correct the financing lines or the budget" in items[3]


def test_land_and_buildings_in_the_budget_do_not_stop_a_submission(carrier, world, django_capture_on_commit_callbacks):
    costs = [
        (CostCategory.EQUIPMENT, "Presse numérique", Decimal("60000")),
        (CostCategory.FEES, "Design", Decimal("40000")),
        (CostCategory.BUILDINGS, "Agrandissement", Decimal("50000")),
    ]
    project = draft(world, costs=costs)
    with django_capture_on_commit_callbacks(execute=True):
        response = carrier.post(url("project_submit", project.pk), follow=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    # Still said, as information, on the project's page.
    assert "costs are not eligible" in text(response)


def test_the_office_returns_a_project_with_the_reason(office, world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    assert office.get(url("project_return", project.pk)).status_code == 200
    response = office.post(url("project_return", project.pk), {"reason": "  "})
    assert response.status_code == 400
    response = office.post(url("project_return", project.pk), {"reason": "Précisez le budget."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.RETURNED
    assert ProjectEvent.objects.filter(project=project, action="return", note="Précisez le budget.").exists()


def test_the_carrier_withdraws_the_project(carrier, world):
    project = draft(world)
    response = carrier.post(url("project_withdraw", project.pk), {"reason": "Projet abandonné"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.WITHDRAWN
    # Nothing leads anywhere from a withdrawn project: the step's page sends back with a message.
    response = carrier.get(url("project_withdraw", project.pk), follow=True)
    assert "This step is not possible" in text(response)


def test_the_ministry_records_its_analysis(ministry, world):
    project = to_analysis(world)
    page = text(ministry.get(url("project_analysis", project.pk)))
    assert "The aid rate is respected" in page and "The required documents are filed" in page
    response = ministry.post(
        url("project_analysis", project.pk),
        {
            "check_carrier_eligible": "on",
            "check_costs_eligible": "on",
            "check_rate_respected": "on",
            "notes": "Dossier complet.",
            "recommended_amount": "35000",
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.checklist["carrier_eligible"] is True
    assert project.checklist["documents_present"] is False
    assert (project.analysis_notes, project.recommended_amount) == ("Dossier complet.", Decimal("35000.00"))
    page = text(ministry.get(url("project_detail", project.pk)))
    assert "Dossier complet." in page


def test_the_ministry_grants_through_the_page_once_it_confirms(ministry, world):
    project = to_analysis(world)
    # Beside the form: the envelope's balance, the guide's maximum, the niches' fair shares.
    page = text(ministry.get(url("project_grant", project.pk)))
    assert "Envelope available" in page and "Most the guide allows for this budget" in page
    assert "$40,000.00" in page  # the guide's maximum for this budget
    assert "Equity: " in page
    page = text(ministry.post(url("project_grant", project.pk), {"amount": "35000"}))
    assert "$35,000.00 will be committed against the envelope of" in page
    assert "will remain available in the envelope" in page
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS  # nothing before the confirmation
    response = ministry.post(url("project_grant", project.pk), {"amount": "35000", "confirmed": "1"}, follow=True)
    project.refresh_from_db()
    assert (project.status, project.granted_amount) == (ProjectStatus.GRANTED, Decimal("35000.00"))
    assert "$35,000.00 is granted" in text(response)


def test_the_project_page_shows_the_grant_figures_to_the_ministry_only(ministry, carrier, world):
    project = to_analysis(world)
    assert "Envelope available" in text(ministry.get(url("project_detail", project.pk)))
    assert "Envelope available" not in text(carrier.get(url("project_detail", project.pk)))


def test_a_grant_over_the_guide_is_refused_on_the_form(ministry, world):
    project = to_analysis(world)
    response = ministry.post(url("project_grant", project.pk), {"amount": "45000"})
    assert response.status_code == 400
    assert "The aid is at most 40" in text(response)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS


def test_a_large_grant_is_countersigned_by_a_second_officer(ministry, world):
    project = to_analysis(world, requested="150000", costs=[("equipment", "Robot", Decimal("400000"))])
    page = text(ministry.post(url("project_grant", project.pk), {"amount": "150000"}))
    assert "Your signature for $150,000.00 will be recorded; nothing is committed yet." in page
    response = ministry.post(url("project_grant", project.pk), {"amount": "150000", "confirmed": "1"}, follow=True)
    assert "a second ministry officer must sign" in text(response)
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWAITING_SIGNATURE
    # The first signer is not offered to countersign, and cannot.
    assert url("project_countersign", project.pk) not in text(ministry.get(url("project_detail", project.pk)))
    response = ministry.post(url("project_countersign", project.pk), {"confirmed": "1"}, follow=True)
    assert "another officer" in text(response)
    second = client_for(world.second_ministry)
    assert url("project_countersign", project.pk) in text(second.get(url("project_detail", project.pk)))
    response = second.post(url("project_countersign", project.pk), {"confirmed": "1"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.granted_amount) == (ProjectStatus.GRANTED, Decimal("150000.00"))


def test_the_ministry_refuses_with_the_reason(ministry, world):
    project = to_analysis(world)
    response = ministry.post(url("project_refuse", project.pk), {"reason": "Hors du créneau."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.REFUSED
    assert "Hors du créneau." in text(ministry.get(url("project_detail", project.pk)))


def test_the_agreement_is_signed(ministry, world):
    project = granted(world)
    response = ministry.post(url("project_agreement", project.pk), {"signed_on": "2025-02-01"})
    assert response.status_code == 400
    assert "Draft the agreement's terms" in text(response)
    draft_terms(world, project)
    response = ministry.post(url("project_agreement", project.pk), {"signed_on": "2025-02-01"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.agreement_signed_on) == (ProjectStatus.AGREEMENT_SIGNED, datetime.date(2025, 2, 1))
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    other = granted(world)
    response = ministry.post(url("project_agreement", other.pk), {"signed_on": future})
    assert response.status_code == 400
    assert "in the future" in text(response)


def test_the_carrier_claims_and_the_ministry_pays(carrier, ministry, world):
    project = signed(world)
    response = carrier.post(
        url("project_claim", project.pk), {"amount": "30000", "claim": "Presse livrée", "proof": attachment()}
    )
    assert response.status_code == 302
    claim = Disbursement.objects.get()
    with translation.override("en"):
        assert (claim.amount, claim.status, claim.proof.shown_title) == (
            Decimal("30000.00"),
            ClaimStatus.CLAIMED,
            "Proof: Presse livrée",
        )
    page = text(ministry.get(url("project_detail", project.pk)))
    assert url("disbursement_decide", claim.pk) in page
    too_much = carrier.post(
        url("project_claim", project.pk), {"amount": "10001", "claim": "Trop", "proof": attachment("x.pdf")}
    )
    assert too_much.status_code == 400
    response = ministry.post(url("disbursement_decide", claim.pk), {"decision": "pay", "note": "", "confirmed": "1"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert "Instalment paid" in text(ministry.get(url("project_detail", project.pk)))


def test_rejecting_a_claim_needs_the_reason(ministry, carrier, world):
    project = signed(world)
    claim = services.claim_disbursement(
        project, actor=world.carrier_user, amount=Decimal("1000"), claim="Frais", proof=attachment()
    )
    assert carrier.post(url("disbursement_decide", claim.pk), {"decision": "pay"}).status_code == 403
    response = ministry.post(url("disbursement_decide", claim.pk), {"decision": "reject", "note": ""})
    assert response.status_code == 400
    assert "Give the reason" in text(response)
    response = ministry.post(url("disbursement_decide", claim.pk), {"decision": "reject", "note": "Facture illisible"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.note) == (ClaimStatus.REJECTED, "Facture illisible")


def report_data():
    return {
        "actual_cost": "90000",
        "actual_jobs": "3",
        "actual_jobs_kept": "2",
        "actual_investment": "60000",
        "actual_public_investment": "30000",
        "actual_sales": "0",
        "actual_export_sales": "0",
        "actual_export_contracts": "0",
        "actual_export_contracts_amount": "0",
        "actual_companies": "4",
        "final_report": "L'atelier est ouvert.",
    }


def test_the_final_report_is_returned_then_the_project_closed(carrier, ministry, world):
    project = signed(world)
    response = carrier.post(url("project_report", project.pk), report_data())
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.status, project.actual_jobs) == (ProjectStatus.FINAL_REPORT, 3)
    response = ministry.post(url("project_report_return", project.pk), {"reason": "Ajoutez les factures."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.AGREEMENT_SIGNED
    assert "Final report returned to the carrier" in text(carrier.get(url("project_detail", project.pk)))
    carrier.post(url("project_report", project.pk), report_data())
    response = ministry.post(url("project_close", project.pk), {"confirmed": "1"}, follow=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    assert "The project is closed" in text(response)
    assert "L'atelier est ouvert." in text(response)


def test_an_empty_final_report_is_refused(carrier, world):
    project = signed(world)
    response = carrier.post(url("project_report", project.pk), {**report_data(), "final_report": "   "})
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.status == ProjectStatus.AGREEMENT_SIGNED


def test_the_steps_pages_are_in_french_too(ministry, world):
    project = to_analysis(world)
    response = ministry.get(url("project_grant", project.pk, language="fr"))
    assert response.status_code == 200
    assert 'lang="fr"' in text(response)


def test_an_office_of_another_region_does_not_see_the_project(world, monteregie):
    user = UserFactory()
    grant(user, "regional_office", monteregie)
    other = client_for(user)
    project = draft(world)
    assert other.get(url("project_detail", project.pk)).status_code == 404
    assert other.post(url("project_return", project.pk), {"reason": "x"}).status_code == 404
