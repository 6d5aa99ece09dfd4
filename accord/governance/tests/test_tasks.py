"""Governance's tasks: the coordinators kept in line with the mandates, the weekly reminders, the draft
minutes sent for comments."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory, grant
from accord.core.mail import DISCARDING
from accord.governance import documents, services, tasks
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


def test_the_draft_minutes_go_to_each_member_as_a_pdf_in_their_language(
    members, closed, estrie_user, django_capture_on_commit_callbacks
):
    bruno = members["bruno"].person
    bruno.preferred_language = "en"
    bruno.save()
    _meeting, minutes = closed
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_minutes(minutes, actor=estrie_user)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert {"alice@example.org", "bruno@example.org"} <= set(by_recipient)
    for message in mail.outbox:
        [(_name, content, mimetype)] = message.attachments
        assert (mimetype, content[:5]) == ("application/pdf", b"%PDF-")
    [(french_name, french_pdf, _mimetype)] = by_recipient["alice@example.org"].attachments
    [(english_name, english_pdf, _mimetype)] = by_recipient["bruno@example.org"].attachments
    assert french_name.startswith("proces-verbal-") and french_name.endswith("-v1.pdf")
    assert english_name.startswith("minutes-") and english_name.endswith("-v1.pdf")
    # The document the minutes' pack gives, in the member's language.
    with translation.override("en"):
        assert english_pdf == documents.minutes_pdf(minutes)
    assert french_pdf != english_pdf
    assert "Vous trouverez le projet en pièce jointe, en PDF." in by_recipient["alice@example.org"].body
    assert "You will find the draft attached as a PDF." in by_recipient["bruno@example.org"].body
    # Sent once: the same batch run again (a retry) sends nothing more.
    mail.outbox.clear()
    sent = tasks.send_minutes_circulated.apply(args=[minutes.pk], task_id="retry").get()
    assert sent == len(by_recipient)
    assert tasks.send_minutes_circulated.apply(args=[minutes.pk], task_id="retry").get() == 0
    assert len(mail.outbox) == sent


def test_no_pdf_is_rendered_for_emails_the_backend_throws_away(closed, estrie_user, monkeypatch):
    """The demo loads with a backend that discards every email: circulating its minutes renders nothing."""
    _meeting, minutes = closed
    rendered = []
    monkeypatch.setattr(documents, "minutes_pdf", lambda *args, **kwargs: rendered.append(args) or b"%PDF-")
    with override_settings(EMAIL_BACKEND=DISCARDING):
        assert tasks.send_minutes_circulated.apply(args=[minutes.pk]).get() == 0
    assert rendered == []
    assert tasks.send_minutes_circulated.apply(args=[minutes.pk]).get() > 0  # a real backend: rendered
    assert rendered
