"""Bilans: who writes them, their states, the committee's decision through the subjects contract, the
figures frozen at adoption, the regional committee's agenda, the pages, the PDF, the API and the
public summary."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory
from accord.core.workflow import InvalidTransition
from accord.funding.tests.conftest import granted
from accord.governance import services as governance
from accord.governance import subjects
from accord.governance.models import AgendaItem, ItemKind, MandateRole, PendingAgendaItem
from accord.governance.tests.factories import MandateFactory
from accord.results import documents, selectors, services
from accord.results.models import Bilan, BilanEventKind, BilanStatus

from .bilans import NARRATIVE, adopted, adopted_programme, bilan_item, committee_decides, submitted

presented = importlib.import_module("accord.results.migrations.0004_bilans_presented_for_information")


def pending_for(committee, bilan):
    kind = ContentType.objects.get_for_model(Bilan)
    return PendingAgendaItem.objects.get(committee=committee, subject_type=kind, subject_id=bilan.pk)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_who_writes_a_bilan_and_when(scene):
    world = scene.world
    with pytest.raises(PermissionDenied):
        services.write_bilan(world.creneau, actor=world.carrier_user, year=scene.year, data=NARRATIVE)
    with pytest.raises(ValidationError):
        services.write_bilan(world.creneau, actor=scene.coordinator, year=scene.year + 1, data=NARRATIVE)
    bilan = services.write_bilan(world.creneau, actor=scene.coordinator, year=scene.year, data={"outlook_fr": "X"})
    # The highlights are required before the committee reads it.
    with pytest.raises(ValidationError):
        services.submit_bilan(bilan, actor=scene.coordinator)
    # The regional office writes too; the same bilan, not a second one.
    services.write_bilan(world.creneau, actor=world.office, year=scene.year, data=NARRATIVE)
    assert Bilan.objects.count() == 1
    services.submit_bilan(bilan, actor=scene.coordinator)
    bilan.refresh_from_db()
    assert bilan.status == BilanStatus.SUBMITTED
    # On the niche committee's agenda, as a subject it decides on; locked meanwhile.
    pending = pending_for(world.niche_committee, bilan)
    assert pending.title == f"Bilan {scene.year} du créneau {world.creneau.name_fr}"
    with pytest.raises(InvalidTransition):
        services.write_bilan(world.creneau, actor=scene.coordinator, year=scene.year, data={"outlook_fr": "Y"})
    with pytest.raises(InvalidTransition):
        services.submit_bilan(bilan, actor=scene.coordinator)
    assert [e.kind for e in bilan.events.all()] == ["written", "written", "submitted"]


def test_a_committee_adopts_only_a_submitted_bilan(scene):
    bilan = services.write_bilan(scene.world.creneau, actor=scene.coordinator, year=scene.year, data=NARRATIVE)
    with pytest.raises(ValidationError):
        committee_decides(scene.world.niche_committee, bilan, actor=scene.world.office)
    assert subjects.by_label("results.bilan") is not None


def test_a_rejected_bilan_goes_back_to_draft_with_the_reason(scene):
    bilan = submitted(scene)
    resolution = committee_decides(scene.world.niche_committee, bilan, actor=scene.world.office, adopt=False)
    assert bilan.status == BilanStatus.DRAFT and bilan.snapshot is None
    assert resolution.number in bilan.return_reason and "exportation" in bilan.return_reason
    services.write_bilan(scene.world.creneau, actor=scene.coordinator, year=scene.year, data={"outlook_fr": "Y"})


def test_adoption_freezes_the_figures_and_sends_the_bilan_to_the_regional_committee(scene):
    bilan = adopted(scene)
    assert bilan.status == BilanStatus.ADOPTED and bilan.adopted_on and bilan.resolution
    assert bilan.snapshot["projects"]["granted"] == 1
    pending = pending_for(scene.world.regional_committee, bilan)
    assert pending.source == bilan.resolution
    assert BilanEventKind.SENT_TO_REGION in [e.kind for e in bilan.events.all()]
    # The data changes afterwards: the live report moves, the adopted bilan does not.
    granted(scene.world)
    live = selectors.bilan_report(scene.world.creneau, scene.year)
    shown = selectors.shown_report(scene.world.creneau, scene.year, Bilan.objects.get(pk=bilan.pk))
    assert live.projects.granted == 2
    assert shown.frozen and shown.projects.granted == 1 and shown.projects.granted_amount == Decimal("40000.00")
    with pytest.raises(InvalidTransition):
        services.write_bilan(scene.world.creneau, actor=scene.coordinator, year=scene.year, data={"outlook_fr": "Z"})


def _regional_meeting(scene):
    return governance.plan_meeting(
        scene.world.regional_committee,
        actor=scene.world.office,
        title="Séance régionale",
        location="Sherbrooke",
        starts_at=timezone.now() + datetime.timedelta(days=5),
    )


def test_the_regional_committee_is_presented_the_bilan_for_information(scene):
    bilan = adopted(scene)
    # The niche committee decided on it; its regional committee takes note of it (decision 39).
    assert bilan_item(bilan.resolution.meeting, bilan).kind == ItemKind.DECISION
    assert pending_for(scene.world.regional_committee, bilan).kind == ItemKind.INFORMATION
    item = bilan_item(_regional_meeting(scene), bilan)
    assert (item.kind, item.forwarded_from) == (ItemKind.INFORMATION, bilan.resolution)


def test_the_migration_presents_the_bilans_placed_before_for_information(scene):
    bilan = adopted(scene)
    meeting = _regional_meeting(scene)
    niche_item = bilan_item(bilan.resolution.meeting, bilan)
    # As placed before the kind existed: decision items, one on a meeting being prepared, one waiting.
    AgendaItem.objects.filter(meeting=meeting).update(kind=ItemKind.DECISION)
    waiting = PendingAgendaItem.objects.create(
        committee=scene.world.regional_committee,
        title="Bilan",
        kind=ItemKind.DECISION,
        subject_type=ContentType.objects.get_for_model(Bilan),
        subject_id=bilan.pk,
    )
    state = MigrationExecutor(connection).loader.project_state(("results", "0004_bilans_presented_for_information"))
    presented.to_information(state.apps, None)
    item = bilan_item(meeting, bilan)
    waiting.refresh_from_db()
    niche_item.refresh_from_db()
    assert (item.kind, waiting.kind, niche_item.kind) == (ItemKind.INFORMATION, ItemKind.INFORMATION, ItemKind.DECISION)
    version = item.history.first()
    assert (version.kind, version.history_change_reason) == (ItemKind.INFORMATION, presented.REASON)


def test_the_pages_pdf_api_and_public_summary(scene, client):
    world, year = scene.world, scene.year
    creneau = world.creneau
    page = reverse("results:bilan_detail", args=[creneau.pk, year])
    edit = reverse("results:bilan_edit", args=[creneau.pk, year])
    submit = reverse("results:bilan_submit", args=[creneau.pk, year])
    pdf = reverse("results:bilan_pdf", args=[creneau.pk, year])
    api = f"/api/v1/bilans/{creneau.slug}/{year}/"
    public = reverse("results_public:bilan", args=[creneau.slug, year])
    # Anonymous: to the sign-in page; the API says 401/403; the public summary does not exist yet.
    assert client.get(page).status_code == 302
    assert client.get(api).status_code in (401, 403)
    assert client.get(public).status_code == 404
    # Out of scope: a regional office of another region.
    other = UserFactory(email="ailleurs@example.org")
    from accord.accounts.tests.factories import grant
    from accord.registry.tests.factories import RegionFactory

    grant(other, "regional_office", RegionFactory(code="16", name="Montérégie"))
    assert client_for(other).get(page).status_code == 404
    assert client_for(other).get(api).status_code == 404
    # A member of the committee reads but does not write (403); a year not begun does not exist.
    seat = MandateFactory(committee=world.niche_committee, role=MandateRole.MEMBER)
    member = UserFactory(email="membre@example.org", person=seat.person)
    assert client_for(member).get(page).status_code == 200
    assert client_for(member).get(edit).status_code == 403
    assert client_for(member).post(submit).status_code == 403
    coordinator = client_for(scene.coordinator)
    assert coordinator.get(reverse("results:bilan_detail", args=[creneau.pk, year + 1])).status_code == 404
    assert coordinator.get(submit).status_code == 405
    # The coordinator writes the narrative and submits it.
    response = coordinator.post(edit, {**NARRATIVE, "challenges_en": "", "outlook_en": "", "reason": ""})
    assert response.status_code == 302
    assert coordinator.post(edit, {**NARRATIVE, "outlook_fr": "a\x00b"}).status_code == 400  # refused, nothing saved
    assert Bilan.objects.get().outlook_fr == NARRATIVE["outlook_fr"]
    with CaptureQueriesContext(connection) as queries:
        response = coordinator.get(page)
    assert response.status_code == 200
    text = response.content.decode()
    assert NARRATIVE["highlights_fr"] in text and 'aria-hidden="true"' in text and "chart-table" in text
    assert "Le créneau n'a inscrit aucun événement dans l'année." in text.replace("&#x27;", "'")  # none yet
    assert "Emplois maintenus" in text and "1\u00a0050\u00a0000,00\u00a0$" in text  # the impact (decision 40)
    count = len(queries.captured_queries)
    granted(world)  # more projects, meetings and resolutions: the page reads as many queries
    with CaptureQueriesContext(connection) as queries:
        coordinator.get(page)
    assert len(queries.captured_queries) == count
    assert coordinator.post(submit).status_code == 302
    # The PDF: a draft, in French, naming the niche.
    response = coordinator.get(pdf)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    words = pdf_text(selectors.shown_report(creneau, year, Bilan.objects.get()), Bilan.objects.get())
    assert creneau.name_fr in words and "Brouillon" in words
    # The API: the same report.
    body = coordinator.get(api).json()
    assert body["status"] == "submitted" and body["frozen"] is False
    assert body["report"]["projects"]["granted"] == 2 and body["narrative"]["highlights_fr"]
    impact = body["report"]["impact"]
    assert body["report"]["format"] == 4 and impact["older_reports"] == 0
    # Amounts are decimal strings (how many decimals a sum keeps depends on the database).
    assert Decimal(impact["expected_export_contracts_amount"]) == Decimal("900000")
    assert Decimal(impact["actual_export_contracts_amount"]) == Decimal("1050000")
    assert (impact["actual_jobs_kept"], Decimal(impact["actual_public_investment"])) == (5, Decimal("36000"))
    assert coordinator.get(f"/api/v1/bilans/{creneau.slug}/{year + 1}/").status_code == 404
    # Adopted: the public summary appears, linked from the public fiche.
    committee_decides(world.niche_committee, Bilan.objects.get(), actor=world.office)
    anonymous = Client()
    response = anonymous.get(public)
    assert response.status_code == 200 and NARRATIVE["highlights_fr"] in response.content.decode()
    assert "Emplois maintenus par les projets fermés" in response.content.decode()
    assert public in anonymous.get(reverse("results_public:bilans", args=[creneau.slug])).content.decode()
    assert (
        reverse("results_public:bilans", args=[creneau.slug])
        in anonymous.get(creneau.get_absolute_url()).content.decode()
    )
    assert coordinator.get(api).json()["frozen"] is True
    assert "%PDF" in coordinator.get(pdf).content[:4].decode()


def test_the_regional_and_program_bilans(scene):
    world, year = scene.world, scene.year
    region_page = reverse("results:region_bilan", args=[world.region.pk, year])
    program_page = reverse("results:program_bilan", args=[year])
    assert client_for(world.office).get(region_page).status_code == 200
    assert client_for(world.office).get(program_page).status_code == 403
    assert client_for(scene.coordinator).get(region_page).status_code == 403
    response = client_for(world.ministry).get(program_page)
    assert response.status_code == 200 and world.creneau.name_fr in response.content.decode()
    # The impact the projects closed in the year reported, by niche and in total (decision 40).
    page = response.content.decode()
    assert "Emplois maintenus" in page and page.count("1\u00a0050\u00a0000,00\u00a0$") >= 2
    assert client_for(world.ministry).post(program_page).status_code == 405


def test_the_page_the_pdf_and_the_api_show_the_years_priorities(scene):
    adopted_programme(scene)
    creneau, year = scene.world.creneau, scene.year
    coordinator = client_for(scene.coordinator)
    page = coordinator.get(reverse("results:bilan_detail", args=[creneau.pk, year])).content.decode()
    assert 'id="bilan-priorities"' in page
    assert '<th scope="row">Vitrine</th><td>Cible Vitrine – 3</td>' in page
    with translation.override("en"):
        english = coordinator.get(reverse("results:bilan_detail", args=[creneau.pk, year])).content.decode()
    assert "<td>Target Vitrine – 3</td>" in english
    words = pdf_text(selectors.shown_report(creneau, year, None), None)
    assert "Vitrine" in words and "Cible Vitrine" in words
    body = coordinator.get(f"/api/v1/bilans/{creneau.slug}/{year}/").json()
    assert body["report"]["priorities"] == [
        {"action": "Vitrine", "target_fr": "Cible Vitrine", "target_en": "Target Vitrine", "target_figure": "3.00"}
    ]


def pdf_text(result, bilan) -> str:
    """The words WeasyPrint lays out on the PDF's pages (pypdf is not installed to read the bytes back)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    html = render_to_string(documents.BILAN_TEMPLATE, {"report": result, "bilan": bilan, "adopted": result.frozen})
    document = HTML(string=html).render()
    return " ".join(
        box.text for page in document.pages for box in page._page_box.descendants() if isinstance(box, boxes.TextBox)
    )
