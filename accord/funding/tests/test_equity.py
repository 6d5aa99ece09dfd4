"""Equity with a trace (R-FND-04): a decision that takes a niche above its fair share of the
envelope plus the margin needs a written justification, kept with the decision and shown on
the project's page, its API and the dashboard.

The world's Estrie envelope is set to 60,000 $ with a 20 % margin, shared by two niches: a
fair share of 30,000 $, 36,000 $ with the margin. The project asks 40,000 $ for one niche.
"""

import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from accord.core.money import format_money
from accord.funding import selectors, services
from accord.funding.models import AboveShareDecision, Audience, LedgerEntry, Project, ProjectStatus
from accord.governance import services as governance
from accord.governance.models import Resolution, ResolutionOutcome
from accord.governance.tests.factories import chair_user, sign_off
from accord.registry.tests.factories import CreneauFactory

from .conftest import decide, draft, english, envelope_of, french, propose, queries, text, to_analysis

pytestmark = pytest.mark.django_db

WHY = "Seul créneau prêt à investir cette année : la filière bois relance la région."
REFUSAL = (
    "Equity: with this decision the niche %(niche)s would reach %(reaching)s, above its fair share of"
    " the envelope (%(target)s plus %(margin)s %%). Give the written justification of this decision."
)


def shared(world, amount="60000"):
    """The envelope shared by two niches of the region, with a 20 % margin."""
    CreneauFactory(slug="bois", name_fr="Bois", name_en="Wood", regions=[world.region])
    services.set_envelope(
        envelope_of(world), actor=world.ministry, amount=Decimal(amount), equity_margin=Decimal("20"), reason="Test"
    )


def niche_approved(world, **kwargs):
    project = draft(world, **kwargs)
    services.submit_project(project, actor=world.carrier_user)
    decide(world.niche_committee, project, actor=world.office)
    assert project.status == ProjectStatus.NICHE_APPROVED
    return project


def refusal(language):
    """The refusal for Meuble reaching 40,000 $ against 30,000 $ plus 20 %, in `language`."""
    with translation.override(language):
        values = {
            "niche": "Meuble" if language == "fr" else "Furniture",
            "reaching": format_money(Decimal("40000")),
            "target": format_money(Decimal("30000")),
            "margin": "20",
        }
    return french(REFUSAL, **values) if language == "fr" else REFUSAL % values


def url(name, *args):
    with translation.override("fr"):
        return reverse(name, args=args)


# --- Services ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_adopting_a_project_above_a_niches_fair_share_is_refused_without_a_justification(world, language):
    shared(world)
    project = niche_approved(world)
    resolution = propose(world.regional_committee, project, actor=world.office)
    with translation.override(language), pytest.raises(ValidationError) as error:
        governance.decide_resolution(resolution, actor=world.office, mode="consensus")
    assert error.value.messages == [refusal(language)]
    # The whole decision is undone: the resolution still waits, the project too.
    resolution.refresh_from_db()
    project.refresh_from_db()
    assert resolution.outcome == ResolutionOutcome.PENDING
    assert (project.status, project.regional_resolution) == (ProjectStatus.NICHE_APPROVED, None)
    assert not AboveShareDecision.objects.exists()


def test_with_the_committees_justification_the_adoption_is_recorded_with_its_figures(world):
    shared(world)
    project = niche_approved(world)
    resolution = decide(world.regional_committee, project, actor=world.office, justification=WHY)
    assert project.status == ProjectStatus.ANALYSIS
    decision = AboveShareDecision.objects.get()
    assert (decision.project, decision.creneau, decision.action, decision.resolution) == (
        project,
        world.creneau,
        "regional_approve",
        resolution,
    )
    assert (decision.target, decision.committed, decision.reaching, decision.over) == (
        Decimal("30000.00"),
        Decimal("0.00"),
        Decimal("40000.00"),
        Decimal("4000.00"),
    )
    # Recorded by the regional office, it took effect when the member who chaired confirmed it.
    assert (decision.reasons, decision.justification, decision.decided_by) == (WHY, "", chair_user(resolution))


def test_within_its_fair_share_a_project_needs_no_justification(world):
    # The world's envelope of 4,000,000 $ for one niche: 40,000 $ is far within its share.
    project = to_analysis(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"))
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED
    assert not AboveShareDecision.objects.exists()


def test_a_rejection_needs_no_justification(world):
    shared(world)
    project = niche_approved(world)
    decide(world.regional_committee, project, actor=world.office, adopt=False)
    assert project.status == ProjectStatus.REFUSED
    assert not AboveShareDecision.objects.exists()


def test_a_delegated_grant_above_fair_share_needs_the_justification(world):
    shared(world)
    services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Régionalisation"
    )
    project = niche_approved(world)
    bare = propose(world.regional_committee, project, actor=world.office)
    with pytest.raises(ValidationError):
        governance.decide_resolution(bare, actor=world.office, mode="consensus")
    assert not LedgerEntry.objects.exists()
    # The committee defers it and puts the resolution again, with its reasons.
    governance.defer_resolution(bare, actor=world.office, reason="À justifier")
    resolution = governance.propose_resolution(
        bare.meeting, actor=world.office, title="Appui", text="Résolu.", item=bare.item, justification=WHY
    )
    governance.decide_resolution(resolution, actor=world.office, mode="consensus")
    sign_off(resolution)
    project.refresh_from_db()
    assert (project.status, project.granted_amount) == (ProjectStatus.GRANTED, Decimal("40000.00"))
    decision = AboveShareDecision.objects.get()
    assert (decision.action, decision.resolution, decision.reasons) == ("delegated_grant", resolution, WHY)


def test_the_ministrys_grant_above_fair_share_needs_its_own_justification(world):
    shared(world)
    project = to_analysis(world, justification=WHY)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.grant_project(project, actor=world.ministry, amount=Decimal("40000"))
    assert error.value.message_dict == {"justification": [refusal("en")]}
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS
    assert not LedgerEntry.objects.exists()
    # Below the share plus the margin, no justification.
    services.grant_project(project, actor=world.ministry, amount=Decimal("35000"))
    assert AboveShareDecision.objects.filter(action="grant").count() == 0


def test_the_ministrys_justification_is_recorded_with_its_grant(world):
    shared(world)
    project = to_analysis(world, justification=WHY)
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"), justification="  Priorité.  ")
    decision = AboveShareDecision.objects.get(action="grant")
    assert (decision.reasons, decision.resolution, decision.decided_by, decision.amount) == (
        "Priorité.",
        None,
        world.ministry,
        Decimal("40000.00"),
    )


# --- Pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_decision_page_says_why_the_committee_cannot_adopt_without_a_justification(world, office, language):
    shared(world)
    project = niche_approved(world)
    resolution = propose(world.regional_committee, project, actor=world.office)
    with translation.override(language):
        address = reverse("governance:resolution_decide", args=[resolution.pk])
    response = office.post(address, {"mode": "consensus", "confirmed": "1"}, follow=True)
    assert refusal(language) in text(response)
    resolution.refresh_from_db()
    assert resolution.outcome == ResolutionOutcome.PENDING


def test_the_committee_writes_its_justification_when_it_proposes_the_resolution(world, office):
    shared(world)
    project = niche_approved(world)
    meeting_resolution = propose(world.regional_committee, project, actor=world.office)
    meeting = meeting_resolution.meeting
    governance.defer_resolution(meeting_resolution, actor=world.office, reason="Justification à écrire")
    item = meeting.items.get(subject_id=project.pk)
    page = office.get(url("governance:resolution_propose", meeting.pk) + f"?item={item.pk}")
    assert 'name="justification"' in text(page)
    response = office.post(
        url("governance:resolution_propose", meeting.pk),
        {"title": str(project), "text": "Il est résolu d'appuyer le projet.", "item": item.pk, "justification": WHY},
    )
    assert response.status_code == 302
    resolution = meeting.resolutions.get(justification=WHY)
    office.post(url("governance:resolution_decide", resolution.pk), {"mode": "consensus", "confirmed": "1"})
    resolution.refresh_from_db()
    sign_off(resolution)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS
    assert WHY in text(office.get(url("governance:resolution_detail", resolution.pk)))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_grant_form_refuses_without_a_justification_on_its_field(world, ministry, language):
    shared(world)
    project = to_analysis(world, justification=WHY)
    with translation.override(language):
        address = reverse("funding:project_grant", args=[project.pk])
    response = ministry.post(address, {"amount": "40000"})
    assert response.status_code == 400
    assert refusal(language) in text(response)
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS
    justified = {"amount": "40000", "justification": "Priorité ministérielle."}
    assert ministry.post(address, justified).status_code == 200  # the confirmation
    response = ministry.post(address, {**justified, "confirmed": "1"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED


def test_the_project_page_shows_the_justifications_with_who_and_when(world, ministry):
    shared(world)
    project = to_analysis(world, justification=WHY)
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"), justification="Priorité.")
    page = text(ministry.get(english("project_detail", project.pk)))
    assert "Decisions above fair share" in page
    assert WHY in page and "Priorité." in page
    assert project.regional_resolution.number in page
    chair = chair_user(project.regional_resolution)
    assert chair.get_full_name() in page and world.ministry.get_full_name() in page
    assert "$4,000.00 above" in page  # 40,000 $ against 36,000 $
    french_page = text(ministry.get(url("funding:project_detail", project.pk)))
    assert french("Decisions above fair share") in french_page


def test_no_section_when_no_decision_went_above_fair_share(world, ministry):
    project = to_analysis(world)
    assert "Decisions above fair share" not in text(ministry.get(english("project_detail", project.pk)))


def test_the_dashboard_lists_the_decisions_above_fair_share_in_a_fixed_number_of_queries(world, office, other_office):
    shared(world, amount="200000")  # fair share 100,000 $, 120,000 $ with the margin
    address = url("funding:dashboard")
    first = to_analysis(world, requested="40000")
    services.grant_project(first, actor=world.ministry, amount=Decimal("40000"))
    page = text(office.get(address))
    assert french("No decision went above a niche's fair share in this period.") in page
    office.get(address)
    before = queries(office, address)

    def above(requested):
        project = to_analysis(
            world, requested=requested, costs=[("equipment", "Robot", Decimal("400000"))], justification=WHY
        )
        services.grant_project(project, actor=world.ministry, amount=Decimal(requested), justification="Priorité.")
        return project

    second, third = above("90000"), above("60000")
    office.get(address)
    after = queries(office, address)
    assert len(after) == len(before), [q["sql"] for q in after]
    page = text(office.get(english("dashboard")))
    assert second.number in page and third.number in page and first.number not in page
    assert WHY in page and "Priorité." in page
    assert "$10,000.00" in page  # 130,000 $ against 120,000 $
    assert second.number not in text(other_office.get(english("dashboard")))


# --- API -----------------------------------------------------------------------------------------


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_takes_the_committees_justification_and_refuses_without_it(world):
    shared(world)
    project = niche_approved(world)
    client = as_user(world.office)
    bare = propose(world.regional_committee, project, actor=world.office)
    response = client.post(
        f"/api/v1/resolutions/{bare.pk}/decide/", {"mode": "consensus"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [refusal("en")]}
    client.post(f"/api/v1/resolutions/{bare.pk}/defer/", {"reason": "À justifier"}, format="json")
    response = client.post(
        "/api/v1/resolutions/",
        {
            "meeting": bare.meeting_id,
            "title": str(project),
            "text": "Il est résolu d'appuyer le projet.",
            "item": bare.item_id,
            "justification": WHY,
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["justification"] == WHY
    response = client.post(f"/api/v1/resolutions/{response.json()['id']}/decide/", {"mode": "consensus"}, format="json")
    assert response.status_code == 200 and response.json()["outcome"] == "adopted"
    sign_off(Resolution.objects.get(pk=response.json()["id"]))
    detail = client.get(f"/api/v1/projects/{project.pk}/").json()
    assert [(row["creneau"], row["justification"], row["over"]) for row in detail["above_share"]] == [
        ("meuble", WHY, "4000.00")
    ]


def test_the_api_grant_needs_the_justification_above_fair_share(world):
    shared(world)
    project = to_analysis(world, justification=WHY)
    client = as_user(world.ministry)
    address = f"/api/v1/projects/{project.pk}/grant/"
    response = client.post(address, {"amount": "40000.00"}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json() == {"justification": [refusal("fr")]}
    response = client.post(address, {"amount": "40000.00", "justification": "Priorité."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == ProjectStatus.GRANTED
    assert [row["justification"] for row in response.json()["above_share"]] == [WHY, "Priorité."]


def test_the_project_sheet_lists_the_decisions_above_fair_share(world, ministry):
    shared(world)
    project = to_analysis(world, justification=WHY)
    sheet = selectors.project_sheet(
        selectors.with_file(Project.objects.filter(pk=project.pk)).get(), reader=Audience.MINISTRY
    )
    with translation.override("en"):
        page = html.unescape(render_to_string("funding/pdf/project.html", sheet))
    assert "Decisions above fair share" in page and WHY in page and "$4,000.00 above" in page
    assert ministry.get(url("funding:project_pdf", project.pk)).status_code == 200
