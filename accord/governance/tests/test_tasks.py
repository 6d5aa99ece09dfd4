"""Governance's scheduled tasks: the coordinators kept in line with the mandates, the weekly reminders."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accord.accounts.tests.factories import UserFactory, grant
from accord.governance import services, tasks
from accord.governance.models import MandateRole
from accord.registry.tests.factories import CreneauFactory, PersonFactory

from .factories import BylawsFactory, CommitteeFactory, MandateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(estrie):
    return CommitteeFactory(creneau=CreneauFactory(slug="meuble", regions=[estrie]), name_fr="Comité du créneau Meuble")


def test_a_coordinator_mandate_ending_on_a_later_day_ends_the_coordination_that_day(committee, estrie, estrie_user):
    today = timezone.localdate()
    person = PersonFactory(region=estrie)
    mandate = services.start_mandate(
        committee,
        actor=estrie_user,
        person=person,
        role=MandateRole.COORDINATOR,
        starts_on=today - datetime.timedelta(days=30),
        constituency="other",
    )
    services.end_mandate(mandate, actor=estrie_user, ends_on=today + datetime.timedelta(days=5), reason="Départ")
    creneau = committee.creneau
    assert tasks.sync_coordinators() == 0  # still in office
    with time_machine.travel(today + datetime.timedelta(days=7)):  # midnight UTC: still the 6th in Québec
        assert tasks.sync_coordinators() == 1
        assert tasks.sync_coordinators() == 0  # nothing left to do
    creneau.refresh_from_db()
    assert creneau.coordinator is None


def test_the_ministry_gets_the_late_reports_weekly_in_its_language(committee):
    coordinator = MandateFactory(committee=committee, role=MandateRole.COORDINATOR, voting=False, constituency="other")
    BylawsFactory(committee=committee, coordinator_report_months=6)
    english = UserFactory(email="claire@example.org", preferred_language="en")
    grant(english, "ministry")
    french = UserFactory(email="marc@example.org", preferred_language="fr")
    grant(french, "ministry")
    office = UserFactory(email="office@example.org")
    grant(office, "regional_office", committee.creneau.regions.get())
    assert tasks.email_reminders() == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"claire@example.org", "marc@example.org"}
    assert by_address["claire@example.org"].subject == "To follow up: 1 coordinator's report overdue"
    assert coordinator.person.full_name in by_address["claire@example.org"].body
    assert "due since July 1, 2024" in by_address["claire@example.org"].body
    assert "Comité du créneau Meuble" in by_address["marc@example.org"].body
    assert by_address["marc@example.org"].subject == "À suivre : 1 rapport de coordonnateur en retard"


def test_no_reminder_is_sent_when_nothing_is_late(committee):
    grant(UserFactory(), "ministry")
    assert tasks.email_reminders() == 0
    assert not mail.outbox


def test_the_migration_sets_each_coordinator_from_the_mandates_in_force(committee, estrie):
    """registry 0011 (decision 23): the copy follows the mandates; a coordinator without one is cleared."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accord.registry.migrations.0011_creneau_coordinator_from_mandate")
    holder = MandateFactory(committee=committee, role=MandateRole.COORDINATOR, voting=False, constituency="other")
    MandateFactory(  # a former coordinator: no longer in force
        committee=committee,
        role=MandateRole.COORDINATOR,
        voting=False,
        constituency="other",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
    )
    without_mandate = CreneauFactory(regions=[estrie], coordinator=PersonFactory(region=estrie))
    migration.reconcile(apps, None)
    committee.creneau.refresh_from_db()
    without_mandate.refresh_from_db()
    assert committee.creneau.coordinator == holder.person
    assert without_mandate.coordinator is None
