"""Members taking part: invitations, answers to notices (signed in or through the email's signed link),
comments on circulated minutes, the meeting's pack, the member's space."""

import io
import re
import time
import zipfile
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accord.accounts.models import User
from accord.accounts.tests.factories import UserFactory
from accord.core.workflow import InvalidTransition
from accord.governance import links, selectors, services
from accord.governance.models import (
    AttendanceStatus,
    CommitteeEvent,
    EventKind,
    MinutesComment,
    MinutesStatus,
    NoticeAnswer,
    NoticeAnswerKind,
)

from .conftest import attend, client_for, count_queries, in_session, plan, url, voting
from .factories import BylawsFactory, CommitteeFactory, MandateFactory, sign_off

pytestmark = pytest.mark.django_db


@pytest.fixture
def convened(meeting, estrie_user):
    services.convene_meeting(meeting, actor=estrie_user)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def proxies(committee):
    return BylawsFactory(committee=committee, proxies_allowed=True, max_proxies_per_member=1)


@pytest.fixture
def circulated(closed, estrie_user):
    _meeting, minutes = closed
    services.amend_minutes(
        minutes, actor=estrie_user, text="Présents : tous.\n\nLe plan d'action est présenté.\n\nLevée à 16 h."
    )
    services.circulate_minutes(minutes, actor=estrie_user)
    minutes.refresh_from_db()
    return minutes


def answer_link(meeting, mandate):
    return url("notice_answer_link", links.notice_answer_token(meeting.pk, mandate.pk))


# --- Signed links ----------------------------------------------------------------------------------


def test_a_signed_link_names_its_meeting_and_seat_and_nothing_else():
    token = links.notice_answer_token(12, 34)
    assert links.read_notice_answer_token(token) == (12, 34)
    assert links.read_notice_answer_token(token.replace("12.34", "12.35")) is None
    assert links.read_notice_answer_token("12.34:forged:signature") is None


def test_a_signed_link_expires():
    token = links.notice_answer_token(12, 34)
    later = time.time() + (links.ANSWER_LINK_DAYS + 1) * 86400
    with mock.patch("time.time", return_value=later):
        assert links.read_notice_answer_token(token) is None


def test_a_token_of_another_action_opens_nothing():
    other = signing.TimestampSigner(salt="accord.something-else").sign("12.34")
    assert links.read_notice_answer_token(other) is None


# --- Answering a notice --------------------------------------------------------------------------


def test_the_notice_email_carries_each_members_own_answer_link(
    committee, members, meeting, estrie_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.convene_meeting(meeting, actor=estrie_user)
    alice = members["alice"]
    message = next(m for m in mail.outbox if m.to == [alice.person.email])
    found = re.search(r"https?://\S+/reponse/(\S+)/", message.body)
    assert found is not None
    assert links.read_notice_answer_token(found.group(1)) == (meeting.pk, alice.pk)


def test_a_member_answers_through_the_link_without_signing_in(committee, members, convened):
    alice = members["alice"]
    client = Client()
    page = client.get(answer_link(convened, alice))
    assert page.status_code == 200
    assert "Alice" in page.content.decode()
    response = client.post(answer_link(convened, alice), {"answer": "excused", "note": "En voyage"})
    assert response.status_code == 302
    answer = NoticeAnswer.objects.get(meeting=convened, mandate=alice)
    assert (answer.answer, answer.note, answer.through_link, answer.answered_by) == ("excused", "En voyage", True, None)
    event = CommitteeEvent.objects.get(kind=EventKind.NOTICE_ANSWERED)
    assert event.mandate == alice and event.meeting == convened
    # Changed later: one row, and the history keeps both versions.
    client.post(answer_link(convened, alice), {"answer": "attending"})
    answer.refresh_from_db()
    assert answer.answer == "attending"
    assert answer.history.count() == 2


def test_a_forged_or_foreign_link_is_a_404(committee, members, convened, estrie):
    client = Client()
    assert client.get(url("notice_answer_link", "1.2:bad:sig")).status_code == 404
    stranger = MandateFactory(committee=CommitteeFactory(region=estrie))
    assert client.get(answer_link(convened, stranger)).status_code == 404


def test_the_link_page_refuses_other_methods(members, convened):
    assert Client().put(answer_link(convened, members["alice"])).status_code == 405


def test_a_proxy_needs_bylaws_that_allow_it(members, convened, estrie_user):
    alice, bruno = members["alice"], members["bruno"]
    with pytest.raises(ValidationError) as refused:
        services.answer_notice(
            convened, alice, actor=None, answer=NoticeAnswerKind.PROXY, proxy_holder=bruno, through_link=True
        )
    assert "answer" in refused.value.message_dict
    assert not NoticeAnswer.objects.exists()


def test_a_proxy_goes_to_a_voting_colleague(committee, members, proxies, estrie_user):
    meeting = plan(committee, estrie_user)
    services.convene_meeting(meeting, actor=estrie_user)
    alice, bruno, coordinator = members["alice"], members["bruno"], members["coordinator"]
    with pytest.raises(ValidationError):
        services.answer_notice(
            meeting, alice, actor=None, answer=NoticeAnswerKind.PROXY, proxy_holder=coordinator, through_link=True
        )
    with pytest.raises(ValidationError):
        services.answer_notice(meeting, alice, actor=None, answer=NoticeAnswerKind.PROXY, through_link=True)
    answer = services.answer_notice(
        meeting, alice, actor=None, answer=NoticeAnswerKind.PROXY, proxy_holder=bruno, through_link=True
    )
    assert answer.proxy_holder == bruno


def test_a_notice_is_answered_only_while_the_meeting_is_convened(members, meeting):
    with pytest.raises(InvalidTransition):
        services.answer_notice(meeting, members["alice"], actor=None, answer="attending", through_link=True)


def test_signed_in_a_member_answers_for_their_own_seat_only(members, convened):
    alice_user = UserFactory(person=members["alice"].person)
    with pytest.raises(PermissionDenied):
        services.answer_notice(convened, members["bruno"], actor=alice_user, answer="attending")
    services.answer_notice(convened, members["alice"], actor=alice_user, answer="attending")
    assert NoticeAnswer.objects.get().answered_by == alice_user


def test_a_note_with_nul_is_refused(members, convened):
    with pytest.raises(ValidationError):
        services.answer_notice(
            convened, members["alice"], actor=None, answer="attending", note="a\x00b", through_link=True
        )
    assert not NoticeAnswer.objects.exists()


def test_the_answer_page_for_a_signed_in_member(alice_client, members, convened, outsider_client, estrie_client):
    assert alice_client.get(url("notice_answer", convened.pk)).status_code == 200
    response = alice_client.post(url("notice_answer", convened.pk), {"answer": "attending"})
    assert response.status_code == 302
    assert NoticeAnswer.objects.get().mandate == members["alice"]
    assert alice_client.post(url("notice_answer", convened.pk), {"answer": "nonsense"}).status_code == 400
    anonymous = Client().get(url("notice_answer", convened.pk))
    assert anonymous.status_code == 302 and "/connexion/" in anonymous["Location"]
    assert outsider_client.get(url("notice_answer", convened.pk)).status_code in (403, 404)
    # Staff see the meeting but hold no seat: forbidden.
    assert estrie_client.get(url("notice_answer", convened.pk)).status_code == 403
    assert alice_client.put(url("notice_answer", convened.pk)).status_code == 405


def test_the_answer_page_is_a_404_out_of_scope(members, convened, other_office_client):
    assert other_office_client.get(url("notice_answer", convened.pk)).status_code == 404


def test_the_attendance_sheet_shows_the_answers_and_starts_from_them(
    estrie_client, committee, members, proxies, estrie_user
):
    meeting = plan(committee, estrie_user)
    services.convene_meeting(meeting, actor=estrie_user)
    alice, bruno = members["alice"], members["bruno"]
    services.answer_notice(meeting, bruno, actor=None, answer="attending", through_link=True)
    services.answer_notice(
        meeting, alice, actor=None, answer="proxy", proxy_holder=bruno, note="Retenue", through_link=True
    )
    page = estrie_client.get(url("attendance", meeting.pk))
    html = page.content.decode()
    assert "Retenue" in html
    form = page.context["form"]
    assert form.fields[form.status_name(alice)].initial == AttendanceStatus.PROXY
    assert form.fields[form.proxy_name(alice)].initial == bruno.pk
    assert form.fields[form.status_name(bruno)].initial == AttendanceStatus.PRESENT
    assert form.fields[form.status_name(members["chloe"])].initial == ""


# --- Comments on minutes -----------------------------------------------------------------------------


def test_a_member_comments_a_paragraph_of_circulated_minutes(alice_client, members, circulated, estrie_client):
    page = alice_client.get(url("minutes_comments", circulated.pk))
    assert page.status_code == 200
    assert [p.number for p in page.context["paragraphs"]] == [1, 2, 3]
    response = alice_client.post(url("minutes_comments", circulated.pk), {"paragraph": 2, "text": "Ajouter le budget."})
    assert response.status_code == 302
    comment = MinutesComment.objects.get()
    assert (comment.paragraph, comment.excerpt, comment.author.person) == (
        2,
        "Le plan d'action est présenté.",
        members["alice"].person,
    )
    assert CommitteeEvent.objects.filter(kind=EventKind.MINUTES_COMMENTED).count() == 1
    # The secretary's side (staff covering the committee) reads it.
    assert "Ajouter le budget." in estrie_client.get(url("minutes_comments", circulated.pk)).content.decode()


def test_a_comment_on_a_paragraph_that_does_not_exist_is_refused(alice_client, circulated):
    response = alice_client.post(url("minutes_comments", circulated.pk), {"paragraph": 9, "text": "?"})
    assert response.status_code == 400
    assert alice_client.post(url("minutes_comments", circulated.pk), {"paragraph": 1, "text": ""}).status_code == 400
    assert not MinutesComment.objects.exists()


def test_draft_minutes_take_no_comments(alice_client, closed):
    _meeting, minutes = closed
    assert alice_client.get(url("minutes_comments", minutes.pk)).status_code == 200
    assert alice_client.post(url("minutes_comments", minutes.pk), {"paragraph": 1, "text": "x"}).status_code == 403


def test_approved_minutes_close_their_comments(alice_client, committee, members, estrie_user, circulated):
    meeting = in_session(committee, estrie_user)
    attend(meeting, estrie_user, voting(members))
    approval = services.propose_resolution(meeting, actor=estrie_user, title="PV", text="…", subject=circulated)
    services.decide_resolution(approval, actor=estrie_user, mode="consensus")
    sign_off(approval)
    circulated.refresh_from_db()
    assert circulated.status == MinutesStatus.APPROVED
    user = User.objects.get(person=members["alice"].person)
    with pytest.raises(InvalidTransition):
        services.comment_minutes(circulated, actor=user, paragraph=1, text="Trop tard")
    response = alice_client.post(url("minutes_comments", circulated.pk), {"paragraph": 1, "text": "Trop tard"})
    assert response.status_code == 302
    assert not MinutesComment.objects.exists()


def test_the_comments_page_attacks(circulated, other_office_client, alice_client):
    anonymous = Client().get(url("minutes_comments", circulated.pk))
    assert anonymous.status_code == 302
    assert other_office_client.get(url("minutes_comments", circulated.pk)).status_code == 404
    assert alice_client.put(url("minutes_comments", circulated.pk)).status_code == 405


def test_the_comments_page_does_not_grow_with_comments(alice_client, members, circulated):
    user = UserFactory(person=members["bruno"].person)
    services.comment_minutes(circulated, actor=user, paragraph=1, text="Un")
    before = count_queries(alice_client, url("minutes_comments", circulated.pk))
    for n in range(5):
        services.comment_minutes(circulated, actor=user, paragraph=1 + n % 3, text=f"Encore {n}")
    assert count_queries(alice_client, url("minutes_comments", circulated.pk)) == before


# --- The pack ---------------------------------------------------------------------------------------


def unzip(response):
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_pack_holds_the_agenda_and_the_documents(alice_client, estrie_user, convened):
    services.attach_document(
        convened.items.get(),
        actor=estrie_user,
        title="Plan",
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", "application/pdf"),
    )
    archive = unzip(alice_client.get(url("meeting_pack", convened.pk)))
    agenda, document = archive.namelist()
    assert agenda.startswith("agenda-") and archive.read(agenda)[:4] == b"%PDF"
    assert document.startswith("01-") and archive.read(document) == b"%PDF-1.4 plan"


def test_the_pack_holds_the_draft_minutes(alice_client, circulated):
    archive = unzip(alice_client.get(url("meeting_pack", circulated.meeting.pk)))
    _agenda, minutes = archive.namelist()
    assert minutes.startswith("minutes-") and archive.read(minutes)[:4] == b"%PDF"


def test_the_pack_attacks(meeting, other_office_client, alice_client):
    assert Client().get(url("meeting_pack", meeting.pk)).status_code == 302
    assert other_office_client.get(url("meeting_pack", meeting.pk)).status_code == 404
    assert alice_client.post(url("meeting_pack", meeting.pk)).status_code == 405


# --- Invitations -----------------------------------------------------------------------------------


def test_staff_invite_the_members_without_an_account(
    estrie_client, committee, members, django_capture_on_commit_callbacks
):
    UserFactory(person=members["president"].person, email="paule@example.org")
    members["denis"].person.email = ""
    members["denis"].person.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = estrie_client.post(url("members_invite", committee.slug))
    assert response.status_code == 302
    invited = User.objects.filter(person__in=[m.person for m in members.values()]).exclude(
        person=members["president"].person
    )
    # Secretary, Alice, Bruno, Chloé and the coordinator; Denis has no address.
    assert invited.count() == 5
    assert not User.objects.filter(person=members["denis"].person).exists()
    alice = invited.get(person=members["alice"].person)
    assert (alice.email, alice.has_usable_password()) == ("alice@example.org", False)
    assert alice.role_assignments.count() == 0
    message = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    assert "/compte/mot-de-passe/nouveau/" in message.body
    assert CommitteeEvent.objects.get(kind=EventKind.MEMBERS_INVITED).data == {"invited": 5}
    # Again: nobody new; the invited who never chose a password are left alone by the committee's button.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        estrie_client.post(url("members_invite", committee.slug))
    assert User.objects.filter(person__in=[m.person for m in members.values()]).count() == 6
    assert mail.outbox == []


def test_inviting_attacks(committee, members, alice_client, other_office_client, estrie_client):
    assert Client().post(url("members_invite", committee.slug)).status_code == 302
    assert other_office_client.post(url("members_invite", committee.slug)).status_code == 404
    assert alice_client.post(url("members_invite", committee.slug)).status_code == 403
    assert estrie_client.get(url("members_invite", committee.slug)).status_code == 405
    assert (
        not User.objects.filter(person__in=[m.person for m in members.values()])
        .exclude(person=members["alice"].person)
        .exists()
    )


# --- My space --------------------------------------------------------------------------------------


def test_my_space_lists_seats_meetings_answers_documents_and_minutes_to_comment(
    alice_client, members, convened, circulated, estrie_user
):
    services.answer_notice(convened, members["alice"], actor=None, answer="excused", through_link=True)
    services.attach_document(
        convened.items.get(),
        actor=estrie_user,
        title="Budget 2026",
        file=SimpleUploadedFile("budget.pdf", b"%PDF-1.4", "application/pdf"),
    )
    page = alice_client.get(url("my_committees"))
    assert page.status_code == 200
    space = page.context["space"]
    assert [m.pk for m in space.mandates] == [members["alice"].pk]
    meeting = next(m for m in space.upcoming if m.pk == convened.pk)
    assert meeting.my_answer.answer == "excused"
    assert [d.title for d in space.documents] == ["Budget 2026"]
    assert [m.pk for m in space.minutes_to_comment] == [circulated.pk]
    html = page.content.decode()
    assert url("minutes_comments", circulated.pk) in html
    assert url("meeting_pack", convened.pk) in html


def test_my_space_does_not_grow_with_meetings(alice_client, committee, members, estrie_user):
    plan(committee, estrie_user)
    before = count_queries(alice_client, url("my_committees"))
    for _n in range(4):
        meeting = plan(committee, estrie_user)
        services.convene_meeting(meeting, actor=estrie_user)
        services.answer_notice(meeting, members["alice"], actor=None, answer="attending", through_link=True)
    assert count_queries(alice_client, url("my_committees")) == before


def test_my_space_for_someone_without_a_seat_is_forbidden(outsider_client):
    assert outsider_client.get(url("my_committees")).status_code == 403
    assert Client().get(url("my_committees")).status_code == 302


def test_a_members_powers_name_their_seats(members, ministry_client):
    secretary = members["secretary"]
    with translation.override("en"):
        powers = selectors.person_powers(secretary.person, secretary.starts_on)
    assert len(powers) == 1 and "keeps its minutes" in powers[0].opens
    # The person's page in the back office lists the seat, with its committee.
    page = ministry_client.get(reverse("registry_bo:person_detail", args=[secretary.person.pk]))
    assert secretary.committee.get_absolute_url() in page.content.decode()


def test_client_for_signed_in_member_is_usable(members):
    assert client_for(UserFactory(person=members["bruno"].person)).get(url("my_committees")).status_code == 200
