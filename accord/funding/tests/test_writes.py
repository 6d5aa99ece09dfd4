"""Writes safe to repeat (decision 15): one project per submission, no silent overwrite of a draft."""

import uuid

import pytest
from rest_framework.test import APIClient

from accord.funding import services
from accord.funding.models import Project

from .conftest import content, draft
from .test_api import PROJECTS, payload
from .test_views_projects import form_data, url

pytestmark = pytest.mark.django_db


def test_the_project_form_posted_twice_drafts_one_project(carrier, world):
    data = {**form_data(world), "submission_token": uuid.uuid4().hex}
    first = carrier.post(url("project_create"), data)
    second = carrier.post(url("project_create"), data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    assert Project.objects.count() == 1


def test_the_api_drafts_one_project_per_key(world):
    api = APIClient()
    api.force_authenticate(world.carrier_user)
    first = api.post(PROJECTS, payload(world), format="json", HTTP_IDEMPOTENCY_KEY="p-1")
    second = api.post(PROJECTS, payload(world), format="json", HTTP_IDEMPOTENCY_KEY="p-1")
    assert (first.status_code, second.status_code) == (201, 201), first.json()
    assert first.json()["id"] == second.json()["id"]
    other = api.post(PROJECTS, payload(world, title="Autre"), format="json", HTTP_IDEMPOTENCY_KEY="p-1")
    assert other.status_code == 422
    assert Project.objects.count() == 1


def test_a_stale_project_form_is_409_and_changes_nothing(carrier, world):
    project = draft(world)
    revision = project.revision
    services.update_project(project, content(world, title="Titre de l'autre"), actor=world.carrier_user)
    data = {**form_data(world, title="Mon titre"), "project": project.pk, "revision": revision}
    del data["carrier"]
    response = carrier.post(url("project_edit", project.pk), data)
    project.refresh_from_db()
    assert response.status_code == 409
    assert project.title == "Titre de l'autre"
    assert "Mon titre" in response.content.decode()
