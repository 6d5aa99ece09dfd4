"""Where signing in leads each kind of user (config.views.landing)."""

import pytest
from django.test import Client
from django.urls import reverse

from accord.accounts.tests.factories import UserFactory
from accord.governance.tests.factories import MandateFactory
from accord.registry.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def landing_of(user):
    client = Client()
    client.force_login(user)
    return client.get(reverse("landing"))["Location"]


def test_staff_land_in_the_back_office(estrie_user):
    assert landing_of(estrie_user) == reverse("registry_bo:dashboard")


def test_a_committee_member_lands_on_their_committees():
    mandate = MandateFactory()
    assert landing_of(UserFactory(person=mandate.person)) == reverse("governance:my_committees")


def test_a_carrier_lands_on_their_projects(world):
    assert landing_of(world.carrier_user) == reverse("funding:project_list")


def test_someone_the_registry_knows_lands_on_what_waits_for_them():
    # A workshop's note-taker who sits on no committee and carries no project, say.
    assert landing_of(UserFactory(person=PersonFactory())) == reverse("registry_bo:work_centre")


def test_anyone_else_lands_on_the_home_page(outsider):
    assert landing_of(outsider) == reverse("registry:home")


def test_anonymous_visitors_sign_in_first(client):
    assert reverse("accounts:login") in client.get(reverse("landing"))["Location"]
