"""Internal stays internal: what each audience of a project reads on its page, its PDF, the API
and in its emails (decision 0027).

One project goes through the ministry's analysis (a distinctive internal note, a checklist, a
recommended amount), an internal document, a first signature and the second one. The carrier
must find none of the ministry's work anywhere; a committee member reads the committees' part;
the ministry and the region's office read everything.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from accord.accounts.models import User
from accord.accounts.tests.factories import UserFactory
from accord.funding import policies, selectors, services, workflow
from accord.funding.models import (
    Audience,
    CostCategory,
    EventKind,
    Project,
    ProjectDocument,
    ProjectEvent,
    ProjectStatus,
)
from accord.governance.models import CommitteeKind
from accord.governance.tests.factories import MandateFactory

from .conftest import World, attachment, client_for, text, to_analysis

pytestmark = pytest.mark.django_db

#: The analyst's note, a checklist and a document title nobody outside the ministry may read.
SECRET_NOTE = "Note interne XQ-7731 : capacité financière du porteur à revoir"
SECRET_DOCUMENT = "Grille d'analyse interne XQ-7731"
CARRIER_DOCUMENT = "Plan d'affaires du porteur"
#: The words of the ministry's internal steps, in French and in English.
INTERNAL_WORDS = (
    "signature",
    "Signature",
    "XQ-7731",
    "Ministry analysis recorded",
    "Analyse du ministère consignée",
    "Analyst notes",
    "Notes de l'analyste",
    "recommand",
    "Recommended",
)


def _big_project(world: World) -> Project:
    """A project above the guide's second-signature threshold, in the ministry's hands."""
    return to_analysis(
        world, requested="150000", costs=[(CostCategory.EQUIPMENT, "Presse numérique", Decimal("400000"))]
    )


@pytest.fixture
def granted_on_two_signatures(world: World, django_capture_on_commit_callbacks: Any) -> Project:
    """Analysed (the secret note), an internal document and a carrier's one, signed twice; its
    emails from the first signature on are in mail.outbox."""
    project = _big_project(world)
    services.record_analysis(
        project,
        actor=world.ministry,
        checklist={"carrier_eligible": True, "costs_eligible": False},
        notes=SECRET_NOTE,
        recommended_amount=Decimal("150000"),
    )
    services.attach_document(project, actor=world.ministry, title=SECRET_DOCUMENT, file=attachment("grille.pdf"))
    services.attach_document(project, actor=world.carrier_user, title=CARRIER_DOCUMENT, file=attachment("plan.pdf"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_project(project, actor=world.ministry, amount=Decimal("150000"))
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWAITING_SIGNATURE
    with django_capture_on_commit_callbacks(execute=True):
        services.countersign_project(project, actor=world.second_ministry)
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED
    return project


@pytest.fixture
def member_user(world: World) -> Any:
    """A member of the niche committee (no staff role, no tie to the carrier)."""
    return UserFactory(person=world.niche_committee.mandates.get(role="president").person)


def _internal_in(content: str) -> list[str]:
    return [word for word in (*INTERNAL_WORDS, SECRET_DOCUMENT) if word in content]


def _api(user: Any, project: Project) -> dict[str, Any]:
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(f"/api/v1/projects/{project.pk}/")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


# --- The table and the reader -------------------------------------------------------------------


def test_every_kind_of_timeline_entry_has_an_audience():
    assert set(workflow.EVENT_AUDIENCE) == set(EventKind.values)
    assert workflow.event_audience(EventKind.SIGN) == Audience.MINISTRY
    assert workflow.event_audience(EventKind.ANALYSIS) == Audience.MINISTRY
    assert workflow.event_audience(EventKind.RESOLUTION) == Audience.COMMITTEE
    assert workflow.event_audience(EventKind.GRANT) == Audience.CARRIER


def test_each_audience_reads_its_own_and_the_wider_ones():
    assert workflow.readable(Audience.CARRIER) == [Audience.CARRIER]
    assert workflow.readable(Audience.COMMITTEE) == [Audience.CARRIER, Audience.COMMITTEE]
    assert workflow.readable(Audience.MINISTRY) == list(Audience.values)
    assert workflow.readable(None) == []


def test_outside_the_ministry_the_second_signature_reads_as_the_grant():
    assert workflow.step_for(EventKind.COUNTERSIGN, Audience.CARRIER) == EventKind.GRANT
    assert workflow.step_for(EventKind.COUNTERSIGN, Audience.MINISTRY) == EventKind.COUNTERSIGN
    assert workflow.status_for(ProjectStatus.AWAITING_SIGNATURE, Audience.COMMITTEE) == ProjectStatus.ANALYSIS
    assert workflow.status_for(ProjectStatus.AWAITING_SIGNATURE, Audience.MINISTRY) == ProjectStatus.AWAITING_SIGNATURE


def test_a_document_defaults_to_its_kind_and_its_filer():
    required = ["Plan d'affaires"]
    assert workflow.document_audience("Grille", required, Audience.CARRIER) == Audience.CARRIER
    assert workflow.document_audience(" plan d'AFFAIRES ", required, Audience.MINISTRY) == Audience.CARRIER
    assert workflow.document_audience("Grille", required, Audience.MINISTRY) == Audience.MINISTRY
    assert workflow.document_audience("Compte rendu", required, Audience.COMMITTEE) == Audience.COMMITTEE


def test_the_reader_is_the_carrier_the_committees_or_the_staff(world, member_user):
    project = _big_project(world)
    assert policies.reader_audience(world.carrier_user, project) == Audience.CARRIER
    assert policies.reader_audience(member_user, project) == Audience.COMMITTEE
    assert policies.reader_audience(world.ministry, project) == Audience.MINISTRY
    assert policies.reader_audience(world.office, project) == Audience.MINISTRY


def test_a_committee_member_of_the_carrier_reads_as_the_carrier(world):
    """Recused from deciding on their own organisation's project, they are told nothing internal."""
    project = _big_project(world)
    MandateFactory(committee=world.regional_committee, person=world.carrier_user.person)
    fresh = User.objects.get(pk=world.carrier_user.pk)  # the reach is computed once per request
    assert project.region_id in policies.reach(fresh).regions
    assert policies.reader_audience(fresh, project) == Audience.CARRIER


# --- Documents ------------------------------------------------------------------------------------


def test_a_carrier_cannot_file_an_internal_document(world):
    project = _big_project(world)
    with pytest.raises(ValidationError) as refused:
        services.attach_document(
            project, actor=world.carrier_user, title="Note", file=attachment(), audience=Audience.MINISTRY
        )
    assert "audience" in refused.value.message_dict
    assert not ProjectDocument.objects.filter(project=project).exists()


def test_the_carrier_never_downloads_an_internal_document(world, granted_on_two_signatures):
    project = granted_on_two_signatures
    internal = ProjectDocument.objects.get(project=project, title=SECRET_DOCUMENT)
    assert internal.audience == Audience.MINISTRY
    address = reverse("funding:project_document", args=[project.pk, internal.pk])
    assert client_for(world.carrier_user).get(address).status_code == 404
    assert client_for(world.ministry).get(address).status_code == 200
    own = ProjectDocument.objects.get(project=project, title=CARRIER_DOCUMENT)
    assert own.audience == Audience.CARRIER
    assert (
        client_for(world.carrier_user).get(reverse("funding:project_document", args=[project.pk, own.pk])).status_code
        == 200
    )


def test_staff_choose_the_audience_of_a_document_on_the_page(world, ministry):
    project = _big_project(world)
    response = ministry.post(
        reverse("funding:project_document_add", args=[project.pk]),
        {"title": "Avis juridique", "file": attachment("avis.pdf"), "audience": Audience.COMMITTEE},
    )
    assert response.status_code == 302
    document = ProjectDocument.objects.get(project=project, title="Avis juridique")
    assert document.audience == Audience.COMMITTEE
    entry = ProjectEvent.objects.get(project=project, action=EventKind.DOCUMENT, note="Avis juridique")
    assert entry.audience == Audience.COMMITTEE


# --- The page, per audience ---------------------------------------------------------------------


def test_the_carrier_page_holds_nothing_internal(world, granted_on_two_signatures):
    project = granted_on_two_signatures
    page = text(client_for(world.carrier_user).get(project.get_absolute_url()))
    assert _internal_in(page) == []
    assert CARRIER_DOCUMENT in page
    assert "Accordé par le ministère" in page  # the grant, in the carrier's words
    pdf = client_for(world.carrier_user).get(reverse("funding:project_pdf", args=[project.pk]))
    assert pdf.status_code == 200


def test_the_committee_page_holds_the_carrier_part_not_the_ministry_work(world, member_user, granted_on_two_signatures):
    project = granted_on_two_signatures
    page = text(client_for(member_user).get(project.get_absolute_url()))
    assert _internal_in(page) == []
    assert CARRIER_DOCUMENT in page


def test_the_ministry_page_holds_everything(world, granted_on_two_signatures):
    project = granted_on_two_signatures
    for user in (world.ministry, world.office):
        page = text(client_for(user).get(project.get_absolute_url()))
        assert SECRET_NOTE in page
        assert SECRET_DOCUMENT in page
        assert "Première signature du ministère" in page


def test_the_sheet_leaves_out_what_the_reader_does_not_read(world, granted_on_two_signatures):
    project = selectors.with_file(Project.objects.filter(pk=granted_on_two_signatures.pk)).get()
    carrier = selectors.project_sheet(project, reader=Audience.CARRIER)
    assert carrier["analysis"] == [] and carrier["analysis_notes"] == "" and carrier["signatures"] == []
    assert carrier["recommended_amount"] is None
    assert EventKind.SIGN not in {event.action for event in carrier["events"]}
    assert EventKind.ANALYSIS not in {event.action for event in carrier["events"]}
    ministry = selectors.project_sheet(project, reader=Audience.MINISTRY)
    assert ministry["analysis_notes"] == SECRET_NOTE
    assert {EventKind.SIGN, EventKind.ANALYSIS} <= {event.action for event in ministry["events"]}


# --- The API, per audience ----------------------------------------------------------------------


def test_the_carrier_api_response_holds_nothing_internal(world, granted_on_two_signatures):
    body = _api(world.carrier_user, granted_on_two_signatures)
    assert body["analysis_notes"] == "" and body["checklist"] == {} and body["recommended_amount"] is None
    actions = [entry["action"] for entry in body["history"]]
    assert EventKind.SIGN not in actions and EventKind.ANALYSIS not in actions
    assert EventKind.COUNTERSIGN not in actions and EventKind.GRANT in actions
    assert ProjectStatus.AWAITING_SIGNATURE not in {entry["from_status"] for entry in body["history"]}
    assert "XQ-7731" not in str(body)


def test_the_committee_api_response_holds_nothing_of_the_ministry_work(world, member_user, granted_on_two_signatures):
    body = _api(member_user, granted_on_two_signatures)
    assert body["analysis_notes"] == "" and body["checklist"] == {}
    assert EventKind.SIGN not in [entry["action"] for entry in body["history"]]
    assert "XQ-7731" not in str(body)


def test_the_ministry_api_response_holds_everything(world, granted_on_two_signatures):
    body = _api(world.ministry, granted_on_two_signatures)
    assert body["analysis_notes"] == SECRET_NOTE
    assert body["checklist"] == {"carrier_eligible": True, "costs_eligible": False}
    assert body["recommended_amount"] == "150000.00"
    assert {EventKind.SIGN, EventKind.COUNTERSIGN, EventKind.ANALYSIS} <= {e["action"] for e in body["history"]}


def test_a_project_awaiting_its_second_signature_reads_as_in_analysis_outside_the_ministry(world, member_user):
    project = _big_project(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("150000"))
    assert _api(world.carrier_user, project)["status"] == ProjectStatus.ANALYSIS
    assert _api(member_user, project)["status"] == ProjectStatus.ANALYSIS
    assert _api(world.ministry, project)["status"] == ProjectStatus.AWAITING_SIGNATURE
    page = text(client_for(world.carrier_user).get(project.get_absolute_url()))
    assert "Analyse du ministère" in page and "seconde signature" not in page
    listed = text(client_for(world.carrier_user).get(reverse("funding:project_list")))
    assert project.number in listed and "seconde signature" not in listed
    staff_list = text(client_for(world.ministry).get(reverse("funding:project_list")))
    assert "En attente d'une seconde signature" in staff_list


# --- The emails, per audience -------------------------------------------------------------------


def _mails_to(address: str) -> list[Any]:
    return [message for message in mail.outbox if address in message.to]


def test_the_carrier_is_never_emailed_an_internal_step(world, granted_on_two_signatures):
    received = _mails_to("rosalie@boreal.example")
    assert len(received) == 1  # the grant, not the first signature
    message = received[0]
    assert "Accordé par le ministère" in message.subject
    assert _internal_in(message.subject + message.body) == []


def test_the_committee_secretaries_are_not_emailed_the_ministry_signature(world, granted_on_two_signatures):
    secretary = world.niche_committee.mandates.get(role="secretary").person.email
    received = _mails_to(secretary)
    assert len(received) == 1
    assert _internal_in(received[0].subject + received[0].body) == []


def test_the_ministry_step_is_emailed_to_ministry_readers_only(world, django_capture_on_commit_callbacks):
    """A project the ministry drafted: its author reads the first signature; the carrier does not."""
    project = _big_project(world)
    Project.objects.filter(pk=project.pk).update(created_by=world.ministry)
    project.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_project(project, actor=world.ministry, amount=Decimal("150000"))
    assert [message.to for message in mail.outbox] == [[world.ministry.email]]
    assert "signature" in mail.outbox[0].subject
    assert selectors.recipients(project, Audience.MINISTRY) == [
        (world.ministry.email, world.ministry.first_name, world.ministry.preferred_language)
    ]
    committee_readers = {email for email, _name, _language in selectors.recipients(project, Audience.COMMITTEE)}
    assert "rosalie@boreal.example" not in committee_readers
    secretaries = world.regional_committee.mandates.filter(role="secretary", committee__kind=CommitteeKind.REGIONAL)
    assert {m.person.email for m in secretaries} <= committee_readers


def test_a_carrier_finds_its_project_awaiting_the_second_signature_under_the_ministry_analysis(world):
    project = _big_project(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("150000"))
    carrier = client_for(world.carrier_user)
    listed = text(carrier.get(reverse("funding:project_list"), {"status": ProjectStatus.ANALYSIS}))
    assert project.number in listed
    api = APIClient()
    api.force_authenticate(world.carrier_user)
    found = api.get("/api/v1/projects/", {"status": ProjectStatus.ANALYSIS}).json()["results"]
    assert [row["id"] for row in found] == [project.pk]
    assert api.get("/api/v1/projects/", {"status": ProjectStatus.AWAITING_SIGNATURE}).status_code == 400
    staff = APIClient()
    staff.force_authenticate(world.ministry)
    assert staff.get("/api/v1/projects/", {"status": ProjectStatus.ANALYSIS}).json()["results"] == []


def test_a_carrier_is_offered_no_choice_of_audience_for_its_documents(world, carrier, ministry):
    project = _big_project(world)
    address = reverse("funding:project_document_add", args=[project.pk])
    assert 'name="audience"' not in carrier.get(address).content.decode()
    assert 'name="audience"' in ministry.get(address).content.decode()


def test_the_history_of_changes_holds_the_ministry_fields_for_the_ministry_only(
    world, member_user, granted_on_two_signatures
):
    address = reverse("funding:project_history", args=[granted_on_two_signatures.pk])
    for user in (world.carrier_user, member_user):
        page = text(client_for(user).get(address))
        assert "XQ-7731" not in page and "seconde signature" not in page and "Montant recommandé" not in page
        assert "Accordé" in page  # the grant itself is theirs to read
    staff_page = text(client_for(world.ministry).get(address))
    assert SECRET_NOTE in staff_page and "En attente d'une seconde signature" in staff_page
