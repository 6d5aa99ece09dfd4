"""The technical admin shows projects but never moves them: the services own their state."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from accord.accounts.tests.factories import UserFactory
from accord.funding.models import ProjectStatus

from .conftest import granted


@pytest.fixture
def admin_viewer(db) -> Client:
    user = UserFactory(email="technique@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="funding", codename="view_project"))
    client = Client()
    client.force_login(user)
    return client


def test_the_changelist_finds_a_project_by_its_number(world, admin_viewer):
    project = granted(world)

    response = admin_viewer.get(reverse("admin:funding_project_changelist"), {"q": project.number.lower()})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [project]


def test_the_admin_cannot_add_change_or_delete_a_project(world, admin_viewer):
    project = granted(world)
    change = reverse("admin:funding_project_change", args=[project.pk])

    assert admin_viewer.get(change).status_code == 200  # view only
    assert admin_viewer.post(change, {"status": ProjectStatus.CLOSED, "granted_amount": "1"}).status_code == 403
    assert admin_viewer.post(reverse("admin:funding_project_add"), {}).status_code == 403
    delete = reverse("admin:funding_project_delete", args=[project.pk])
    assert admin_viewer.post(delete, {"post": "yes"}).status_code == 403
    project.refresh_from_db()
    assert project.status == ProjectStatus.GRANTED


def test_staff_without_the_view_permission_cannot_see_projects(world):
    client = Client()
    client.force_login(UserFactory(email="autre@example.org", is_staff=True))

    assert client.get(reverse("admin:funding_project_changelist")).status_code == 403
