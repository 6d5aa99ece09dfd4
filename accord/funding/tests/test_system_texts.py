"""What the fund writes by itself (ledger notes, proof titles, timeline notes) reads in the
reader's language; a person's words stay as written (decision 25)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accord.core.i18n import _rendered_param, message, number, render_message
from accord.funding import selectors, services
from accord.funding.models import EntryKind, LedgerEntry, ProjectDocument

from .conftest import client_for, draft_terms, english, text, to_analysis

pytestmark = pytest.mark.django_db


def french_page(name, *args):
    with translation.override("fr"):
        return reverse(f"funding:{name}", args=args)


def closed_with_a_claim(world):
    project = to_analysis(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"))
    draft_terms(world, project)
    services.sign_agreement(project, actor=world.ministry, signed_on=datetime.date(2025, 2, 1))
    claim = services.claim_disbursement(
        project,
        actor=world.carrier_user,
        amount=Decimal("30000"),
        claim="Presse livrée",
        proof=SimpleUploadedFile("facture.pdf", b"%PDF-1.4"),
    )
    services.decide_disbursement(claim, actor=world.ministry, pay=True)
    services.submit_final_report(
        project,
        actor=world.carrier_user,
        actual_cost=Decimal("90000"),
        actual_jobs=3,
        actual_investment=Decimal("60000"),
        actual_sales=Decimal("0"),
        report="L'atelier est ouvert.",
    )
    services.close_project(project, actor=world.ministry)
    return project


def test_the_ledgers_note_at_closing_reads_in_each_language(world):
    closed_with_a_claim(world)
    release = LedgerEntry.objects.get(kind=EntryKind.RELEASE)
    assert release.note == "Non dépensé à la fermeture"  # the column keeps the reference language
    assert release.note_message == {"key": "funding.unspent_at_closing", "params": {}}
    with translation.override("en"):
        assert release.shown_note == "Unspent at closing"


def test_a_claims_proof_is_titled_in_the_readers_language_around_the_carriers_words(world):
    project = closed_with_a_claim(world)
    proof = ProjectDocument.objects.get(project=project)
    assert proof.title_message == {"key": "funding.proof", "params": {"claim": "Presse livrée"}}
    ministry = client_for(world.ministry)

    in_english = text(ministry.get(english("project_detail", project.pk)))
    assert "Proof: Presse livrée" in in_english
    assert "Pièce justificative" not in in_english
    in_french = text(ministry.get(french_page("project_detail", project.pk)))
    assert proof.title in in_french and "Proof:" not in in_french


def test_a_persons_reason_is_shown_as_written_in_both_languages(world):
    project = to_analysis(world)
    services.return_project(project, actor=world.ministry, reason="Précisez le budget.")
    event = project.events.get(action="return")
    assert event.note_message == {}
    with translation.override("en"):
        assert event.shown_note == "Précisez le budget."


def test_the_guides_sentences_are_stored_as_messages_and_read_in_each_language(world):
    """A delegated grant the guide refuses leaves the project's timeline a note: each reader reads
    the guide's sentences in their language, not in the language of the person who acted."""
    project = to_analysis(world)
    with translation.override("fr"):  # the person who acted reads French
        report = selectors.guide_report(project, amount=Decimal("99999999"))
        stored = json.loads(json.dumps(message("funding.guide_problems", problems=[p.text for p in report.problems])))
    assert stored["key"] == "funding.guide_problems" and all("key" in p for p in stored["params"]["problems"])
    with translation.override("en"):
        english_note = render_message(stored)
    with translation.override("fr"):
        french_note = render_message(stored)
    assert "The aid is at most" in english_note and "$" in english_note
    assert "L'aide" in french_note and "The aid" not in french_note


def test_a_rate_in_a_message_is_written_in_the_readers_language():
    stored = json.loads(json.dumps(number(Decimal("12.50"))))
    with translation.override("fr"):
        assert _rendered_param(stored) == "12,5"
    with translation.override("en"):
        assert _rendered_param(stored) == "12.5"
        assert _rendered_param(number(Decimal("40.00"))) == "40"
