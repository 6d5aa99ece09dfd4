"""Law 25 across the apps (the fund is the top app: it may read them all): a person's export holds
every app's data about them and nothing of anyone else; legal holds from governance and the fund
refuse the anonymisation; the fund's documents are destroyed after its retention period."""

import datetime
import json
import os

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accord.funding import services
from accord.funding.models import EventKind, ProjectDocument, ProjectEvent
from accord.governance.models import Mandate
from accord.governance.tests.factories import MandateFactory
from accord.registry import selectors as registry_selectors
from accord.registry import services as registry_services
from accord.registry.models import AnonymisationBasis
from accord.registry.tests.factories import AffiliationFactory, PersonFactory

from .conftest import attachment, decide, draft

pytestmark = pytest.mark.django_db


def export(client, person):
    response = client.get(reverse("registry_bo:person_data_json", args=[person.pk]))
    assert response.status_code == 200
    return json.loads(response.content), response.content.decode()


def anonymise(person, actor):
    registry_services.anonymise_person(
        person, actor=actor, basis=AnonymisationBasis.REQUEST, explanation="Demande écrite."
    )


def test_the_export_holds_every_apps_data_about_the_person(world, privacy_client):
    rosalie = world.carrier_user.person
    project = draft(world)
    services.attach_document(project, actor=world.carrier_user, title="Plan d'affaires", file=attachment())
    seat = MandateFactory(committee=world.niche_committee, person=rosalie, role="member", organisation=world.carrier)
    services.submit_project(project, actor=world.carrier_user)
    decide(world.niche_committee, project, actor=world.office, adopt=False)

    data, text = export(privacy_client, rosalie)

    sections = data["sections"]
    assert list(sections) == [
        "registry",
        "accounts",
        "governance",
        "funding",
        "planning",
        "events",
        "communication",
        "collaboration",
        "newsletter",
        "results",
    ]
    assert sections["registry"]["person"]["email"] == "rosalie@boreal.example"
    assert sections["accounts"]["account"]["email"] == "rosalie@boreal.example"
    governance = sections["governance"]
    assert [m["id"] for m in governance["mandates"]] == [seat.pk]
    assert [a["status"] for a in governance["attendance"]] == ["present"]
    # Her organisation carries the project: she was recused, and did not vote.
    assert [r["reason"] for r in governance["recusals"]] == ["carrier"]
    assert governance["votes"] == []
    assert governance["mandate_history"][0]["history_type"] == "+"
    funding = sections["funding"]
    assert [p["number"] for p in funding["projects_drafted"]] == [project.number]
    assert [d["title"] for d in funding["documents_filed"]] == ["Plan d'affaires"]
    assert {"create", "submit", "document"} <= {s["action"] for s in funding["project_steps"]}
    # Nothing of the other members, who sat, attended and voted beside her.
    for other in Mandate.objects.filter(committee=world.niche_committee).exclude(person=rosalie):
        assert other.person.email not in text
        assert other.person.last_name not in text


def test_the_export_holds_a_members_votes(world, privacy_client):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    decide(world.niche_committee, project, actor=world.office, adopt=False)
    president = world.niche_committee.mandates.get(role="president").person
    data, _text = export(privacy_client, president)
    assert [v["choice"] for v in data["sections"]["governance"]["votes"]] == ["against"]
    assert data["sections"]["funding"]["projects_drafted"] == []


def test_anonymisation_is_refused_during_a_current_mandate(world, privacy_officer):
    president = world.niche_committee.mandates.get(role="president").person
    with pytest.raises(ValidationError) as refused:
        anonymise(president, privacy_officer)
    assert world.niche_committee.name_fr in str(refused.value)


def test_anonymisation_is_refused_within_seven_years_of_a_mandate_and_allowed_after(world, privacy_officer):
    seat = world.niche_committee.mandates.get(role="president")
    today = timezone.localdate()
    Mandate.objects.filter(pk=seat.pk).update(
        starts_on=today - datetime.timedelta(days=4000), ends_on=today - datetime.timedelta(days=365)
    )
    holds = registry_selectors.legal_holds(seat.person)
    assert len(holds) == 1 and "7" in holds[0]
    Mandate.objects.filter(pk=seat.pk).update(ends_on=today - datetime.timedelta(days=8 * 366))
    assert registry_selectors.legal_holds(seat.person) == []
    anonymise(seat.person, privacy_officer)
    seat.person.refresh_from_db()
    assert seat.person.first_name == "Personne"
    # The seat stays, pointing to the anonymised record: the minutes keep their numbers.
    assert Mandate.objects.filter(pk=seat.pk).exists()


def test_anonymisation_is_refused_while_their_organisation_has_an_open_project(world, privacy_officer):
    project = draft(world)
    person = PersonFactory()
    AffiliationFactory(person=person, organisation=world.carrier)
    with pytest.raises(ValidationError) as refused:
        anonymise(person, privacy_officer)
    assert project.number in str(refused.value)


def test_anonymisation_is_refused_within_the_funds_retention_period(world, privacy_officer):
    project = draft(world)
    services.withdraw_project(project, actor=world.carrier_user, reason="Abandon")
    person = world.carrier_user.person
    holds = registry_selectors.legal_holds(person)
    assert len(holds) == 1 and project.number in holds[0] and "7" in holds[0]
    ProjectEvent.objects.filter(project=project).update(occurred_at=timezone.now() - datetime.timedelta(days=8 * 366))
    assert registry_selectors.legal_holds(person) == []


def test_documents_are_destroyed_exactly_after_the_funds_period(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old = draft(world)
    recent = draft(world, title="Autre projet")
    open_project = draft(world, title="Projet ouvert")
    for project in (old, recent, open_project):
        services.attach_document(project, actor=world.carrier_user, title=f"Plan {project.pk}", file=attachment())
    old_path = ProjectDocument.objects.get(project=old).file.path
    services.withdraw_project(old, actor=world.carrier_user, reason="Abandon")
    services.withdraw_project(recent, actor=world.carrier_user, reason="Abandon")
    ProjectEvent.objects.filter(project=old).update(occurred_at=timezone.now() - datetime.timedelta(days=8 * 366))
    # The open project's old steps do not count: it has not ended.
    ProjectEvent.objects.filter(project=open_project).update(
        occurred_at=timezone.now() - datetime.timedelta(days=8 * 366)
    )

    assert services.destroy_expired_documents(timezone.localdate(), dry_run=True) == 1
    assert ProjectDocument.objects.count() == 3
    assert services.destroy_expired_documents(timezone.localdate()) == 1

    assert set(ProjectDocument.objects.values_list("project_id", flat=True)) == {recent.pk, open_project.pk}
    assert not os.path.exists(old_path)
    event = ProjectEvent.objects.get(project=old, action=EventKind.DOCUMENT_DESTROYED)
    assert (event.actor, event.note) == (None, f"Plan {old.pk}")
