"""What the committees' timeline says by itself reads in the reader's language (decision 25);
counts and names follow each language's grammar."""

import pytest
from django.utils import translation

from accord.governance import decisions, services
from accord.governance.forms import attendance_label
from accord.governance.models import AttendanceStatus, CommitteeEvent, EventKind, NoticeAnswerKind
from accord.registry.tests.factories import PersonFactory, RegionFactory

from .conftest import attend, client_for, in_session, plan, url

pytestmark = pytest.mark.django_db


def test_attendance_in_the_timeline_reads_in_each_readers_language(committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    attend(meeting, estrie_user, [members["alice"]], status=AttendanceStatus.EXCUSED)
    event = CommitteeEvent.objects.get(kind=EventKind.ATTENDANCE_RECORDED)
    person = str(members["alice"].person)

    assert event.summary == f"{person} – Excusé"  # the column keeps the reference language's words
    with translation.override("en"):
        assert event.shown_summary == f"{person} – Excused"
    with translation.override("fr"):
        assert event.shown_summary == f"{person} – Excusé"

    english = client_for(estrie_user).get(url("committee_timeline", committee.slug)).content.decode()
    assert f"{person} – Excused" in english and "Excusé" not in english


def test_mandates_and_minutes_in_the_timeline_read_in_english(committee, members, estrie_user):
    services.end_mandate(members["bruno"], actor=estrie_user, ends_on=members["bruno"].starts_on, reason="Départ")
    ended = CommitteeEvent.objects.get(kind=EventKind.MANDATE_ENDED)
    with translation.override("en"):
        assert ended.shown_summary == f"{members['bruno'].person} – Member"
    assert ended.note == "Départ"  # a person's reason stays as written


def test_rows_written_before_keep_their_words(committee):
    old = CommitteeEvent.objects.create(
        committee=committee, kind=EventKind.ATTENDANCE_RECORDED, summary="Anne Ouellet – Présent"
    )
    with translation.override("en"):
        assert old.shown_summary == "Anne Ouellet – Présent"


@pytest.mark.parametrize(
    ("first_name", "french", "english"),
    [
        ("Émilie", "Présence d'Émilie Côté", "Attendance of Émilie Côté"),
        ("Anne", "Présence d'Anne Côté", "Attendance of Anne Côté"),
        ("Luc", "Présence de Luc Côté", "Attendance of Luc Côté"),
    ],
)
def test_attendance_labels_elide_in_french(first_name, french, english):
    person = PersonFactory.build(first_name=first_name, last_name="Côté")
    with translation.override("fr"):
        assert attendance_label(person) == french
    with translation.override("en"):
        assert attendance_label(person) == english


@pytest.mark.parametrize(
    ("leaders", "english"),
    [
        (1, "1 voting member represents a leader enterprise; the bylaws require at least 2."),
        (0, "0 voting members represent a leader enterprise; the bylaws require at least 2."),
    ],
)
def test_counts_of_members_agree_in_number(leaders, english):
    balance = decisions.Balance(
        business_majority=False, business=1, deciding=3, leaders=leaders, min_leader_enterprises=2
    )
    with translation.override("en"):
        assert balance.refusals() == [english]
    with translation.override("fr"):
        assert balance.refusals()[0].startswith(f"Membres votants représentant une entreprise leader\u00a0: {leaders};")


@pytest.mark.parametrize(("business", "verb"), [(1, "represents"), (2, "represent")])
def test_business_counts_agree_in_number(business, verb):
    balance = decisions.Balance(
        business_majority=True, business=business, deciding=5, leaders=0, min_leader_enterprises=0
    )
    with translation.override("en"):
        assert f"{business} of the 5 voting members present and not recused {verb} business" in balance.refusals()[0]


def test_a_change_of_regions_reads_in_each_language(committee, estrie_user):
    other = RegionFactory(name="Montérégie")
    services.update_committee(committee, actor=estrie_user, data={}, regions=[other], reason="Entente")
    event = CommitteeEvent.objects.get(kind=EventKind.COMMITTEE_CHANGED)
    assert event.summary == f"Régions : {other}"
    with translation.override("en"):
        assert event.shown_summary == f"Regions: {other}"
    assert event.note == "Entente"


def test_a_notice_answer_reads_in_each_language(committee, members, estrie_user):
    meeting = plan(committee, estrie_user)
    services.convene_meeting(meeting, actor=estrie_user)
    services.answer_notice(meeting, members["alice"], actor=None, answer=NoticeAnswerKind.EXCUSED, through_link=True)
    event = CommitteeEvent.objects.get(kind=EventKind.NOTICE_ANSWERED)
    person = str(members["alice"].person)
    with translation.override("en"):
        assert event.shown_summary == f"{person} – {NoticeAnswerKind.EXCUSED.label}"
    with translation.override("fr"):
        assert event.shown_summary == f"{person} – {NoticeAnswerKind.EXCUSED.label}"
        assert event.shown_summary != f"{person} – Excused"
