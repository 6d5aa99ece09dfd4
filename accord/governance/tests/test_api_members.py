"""Members taking part, through the API: answering a notice, commenting circulated minutes, the
meeting's pack. The same selectors, policies and services as the pages (test_members.py), so the
same answers and the same refusals."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accord.accounts.tests.factories import UserFactory, grant
from accord.core.models import AccessAction, PersonalDataAccess
from accord.governance import services
from accord.governance.models import CommitteeEvent, EventKind, MinutesComment, MinutesStatus, NoticeAnswer

from .conftest import attend, client_for, in_session, plan, url, voting
from .factories import BylawsFactory, CommitteeFactory, MandateFactory, sign_off

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def alice(members):
    return UserFactory(person=members["alice"].person)


@pytest.fixture
def alice_client(alice):
    """Alice on the pages, signed in with the same account as on the API."""
    return client_for(alice)


@pytest.fixture
def other_office(monteregie):
    """Another region's office: it sees none of Estrie's meetings."""
    user = UserFactory()
    grant(user, "regional_office", monteregie)
    return user


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


def answer_address(meeting):
    return f"/api/v1/meetings/{meeting.pk}/answer/"


def comments_address(minutes):
    return f"/api/v1/minutes/{minutes.pk}/comments/"


def pack_address(meeting):
    return f"/api/v1/meetings/{meeting.pk}/pack/"


# --- Answering a notice --------------------------------------------------------------------------


def test_a_member_reads_and_answers_the_notice_for_their_own_seat(api, alice, members, convened):
    api.force_authenticate(alice)
    before = api.get(answer_address(convened)).json()
    assert before == {
        "meeting": convened.pk,
        "mandate": members["alice"].pk,
        "open": True,
        "proxies_allowed": False,
        "answers": ["attending", "excused"],
        "proxy_holders": [],
        "answer": None,
    }
    response = api.post(answer_address(convened), {"answer": "excused", "note": "En voyage"}, format="json")
    assert response.status_code == 200
    assert response.json()["answer"] | {"answered_at": None} == {
        "answer": "excused",
        "proxy_holder": None,
        "note": "En voyage",
        "answered_at": None,
        "through_link": False,
    }
    answer = NoticeAnswer.objects.get()
    assert (answer.mandate, answer.answered_by, answer.through_link) == (members["alice"], alice, False)
    assert CommitteeEvent.objects.get(kind=EventKind.NOTICE_ANSWERED).mandate == members["alice"]
    # Changed later: the same row, both versions in its history; GET says the latest.
    api.post(answer_address(convened), {"answer": "attending"}, format="json")
    assert api.get(answer_address(convened)).json()["answer"]["answer"] == "attending"
    assert NoticeAnswer.objects.get().history.count() == 2


def test_a_proxy_through_the_api_goes_to_a_voting_colleague(api, alice, committee, members, proxies, estrie_user):
    meeting = plan(committee, estrie_user)
    services.convene_meeting(meeting, actor=estrie_user)
    api.force_authenticate(alice)
    offered = api.get(answer_address(meeting)).json()
    assert offered["proxies_allowed"] is True
    assert offered["answers"] == ["attending", "excused", "proxy"]
    # Every voting member but Alice herself: not the non-voting coordinator.
    expected = {m.pk for name, m in members.items() if m.voting and name != "alice"}
    assert {holder["mandate"] for holder in offered["proxy_holders"]} == expected
    bruno = members["bruno"]
    assert {"mandate": bruno.pk, "person": bruno.person_id, "name": bruno.person.full_name} in offered["proxy_holders"]
    # The holders were named: a read of people, in the access log (Law 25).
    assert PersonalDataAccess.objects.get(action=AccessAction.API).rows == len(expected)

    refused = api.post(
        answer_address(meeting),
        {"answer": "proxy", "proxy_holder": members["coordinator"].pk},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert refused.status_code == 400
    assert refused.json() == {"proxy_holder": ["The proxy holder must be a voting member of the committee."]}
    assert not NoticeAnswer.objects.exists()

    response = api.post(answer_address(meeting), {"answer": "proxy", "proxy_holder": bruno.pk}, format="json")
    assert (response.status_code, response.json()["answer"]["proxy_holder"]) == (200, bruno.pk)
    assert NoticeAnswer.objects.get().proxy_holder == bruno


def test_a_proxy_the_bylaws_do_not_allow_is_refused_in_the_users_language(api, alice, members, convened):
    api.force_authenticate(alice)
    body = {"answer": "proxy", "proxy_holder": members["bruno"].pk}
    response = api.post(answer_address(convened), body, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json() == {"answer": ["Le règlement de ce comité ne permet pas les procurations."]}
    response = api.post(answer_address(convened), body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"answer": ["The bylaws of this committee do not allow proxies."]}
    assert not NoticeAnswer.objects.exists()


def test_bad_answers_are_400_and_save_nothing(api, alice, members, convened, estrie):
    api.force_authenticate(alice)
    assert api.post(answer_address(convened), {}, format="json").status_code == 400
    assert api.post(answer_address(convened), {"answer": "maybe"}, format="json").status_code == 400
    too_long = {"answer": "excused", "note": "x" * 301}
    assert api.post(answer_address(convened), too_long, format="json").status_code == 400
    # A mandate of another committee is no colleague: the field refuses it.
    elsewhere = MandateFactory(committee=CommitteeFactory(region=estrie))
    response = api.post(answer_address(convened), {"answer": "proxy", "proxy_holder": elsewhere.pk}, format="json")
    assert response.status_code == 400 and "proxy_holder" in response.json()
    assert not NoticeAnswer.objects.exists()


def test_answers_are_taken_only_while_the_meeting_is_convened(api, alice, meeting, committee, estrie_user):
    api.force_authenticate(alice)
    # Planned, not convened yet: GET says it is not open, POST is a conflict with the service's reason.
    assert api.get(answer_address(meeting)).json()["open"] is False
    response = api.post(answer_address(meeting), {"answer": "attending"}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 409
    assert response.json()["detail"] == "Cette réunion ne reçoit plus de réponses à sa convocation."
    response = api.post(answer_address(meeting), {"answer": "attending"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "This meeting no longer takes answers to its notice."
    # In session: closed as well.
    held = in_session(committee, estrie_user)
    assert api.post(answer_address(held), {"answer": "attending"}, format="json").status_code == 409
    assert not NoticeAnswer.objects.exists()


def test_who_holds_no_seat_may_not_answer(api, estrie_user, outsider, convened, other_office):
    address = answer_address(convened)
    assert api.get(address).status_code == 403  # anonymous
    # Staff covering the committee see the meeting but hold no seat: 403, with the page's reason.
    api.force_authenticate(estrie_user)
    response = api.get(address, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    assert response.json()["detail"] == "Vous ne siégez pas à ce comité le jour de la réunion."
    response = api.post(address, {"answer": "attending"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json()["detail"] == "You hold no seat on this committee on the day of the meeting."
    # Outside the governance area: 403; another region's office does not see the meeting: 404.
    api.force_authenticate(outsider)
    assert api.get(address).status_code == 403
    api.force_authenticate(other_office)
    assert api.get(address).status_code == 404
    assert not NoticeAnswer.objects.exists()


def test_the_answer_endpoint_refuses_other_methods(api, alice, convened):
    api.force_authenticate(alice)
    for method in ("put", "patch", "delete"):
        assert getattr(api, method)(answer_address(convened)).status_code == 405, method


def test_the_api_offers_what_the_page_offers(api, alice, alice_client, committee, members, proxies, estrie_user):
    meeting = plan(committee, estrie_user)
    services.convene_meeting(meeting, actor=estrie_user)
    api.force_authenticate(alice)
    offered = api.get(answer_address(meeting)).json()
    form = alice_client.get(url("notice_answer", meeting.pk)).context["form"]
    assert [value for value, _label in form.fields["answer"].choices] == offered["answers"]
    page_holders = [value for value, _label in form.fields["proxy_holder"].choices if value]
    assert page_holders == [holder["mandate"] for holder in offered["proxy_holders"]]


# --- Comments on minutes -----------------------------------------------------------------------------


def test_a_member_comments_a_paragraph_through_the_api(api, alice, members, circulated, estrie_user):
    api.force_authenticate(alice)
    before = api.get(comments_address(circulated)).json()
    assert before | {"paragraphs": None} == {
        "minutes": circulated.pk,
        "meeting": circulated.meeting_id,
        "version": circulated.version,
        "status": "circulated",
        "may_comment": True,
        "paragraphs": None,
        "orphans": [],
    }
    assert [(p["number"], p["text"], p["comments"]) for p in before["paragraphs"]] == [
        (1, "Présents : tous.", []),
        (2, "Le plan d'action est présenté.", []),
        (3, "Levée à 16 h.", []),
    ]
    response = api.post(comments_address(circulated), {"paragraph": 2, "text": "Ajouter le budget."}, format="json")
    assert response.status_code == 201
    comment = MinutesComment.objects.get()
    assert response.json() | {"created_at": None} == {
        "id": comment.pk,
        "paragraph": 2,
        "excerpt": "Le plan d'action est présenté.",
        "text": "Ajouter le budget.",
        "author": str(alice),
        "created_at": None,
    }
    assert comment.author == alice
    assert CommitteeEvent.objects.filter(kind=EventKind.MINUTES_COMMENTED).count() == 1
    # The secretary's side (staff covering the committee) reads it under its paragraph.
    api.force_authenticate(estrie_user)
    read = api.get(comments_address(circulated)).json()
    assert [c["text"] for c in read["paragraphs"][1]["comments"]] == ["Ajouter le budget."]
    assert read["may_comment"] is True
    # Authors are people: the read is in the access log (Law 25), with the number of comments.
    assert PersonalDataAccess.objects.filter(user=estrie_user, action=AccessAction.API, rows=1).exists()


def test_comments_on_amended_paragraphs_are_listed_apart(api, alice, circulated, estrie_user):
    services.comment_minutes(circulated, actor=alice, paragraph=3, text="L'heure exacte ?")
    services.amend_minutes(circulated, actor=estrie_user, text="Présents : tous.\n\nLevée à 16 h 05.")
    api.force_authenticate(alice)
    data = api.get(comments_address(circulated)).json()
    assert [p["number"] for p in data["paragraphs"]] == [1, 2]
    assert [(c["paragraph"], c["excerpt"], c["text"]) for c in data["orphans"]] == [
        (3, "Levée à 16 h.", "L'heure exacte ?")
    ]


def test_a_comment_on_a_paragraph_that_does_not_exist_is_refused_in_the_users_language(api, alice, circulated):
    api.force_authenticate(alice)
    body = {"paragraph": 9, "text": "?"}
    response = api.post(comments_address(circulated), body, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json() == {"paragraph": ["Ce paragraphe ne figure pas au procès-verbal."]}
    response = api.post(comments_address(circulated), body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"paragraph": ["This paragraph is not in the minutes."]}
    assert api.post(comments_address(circulated), {"paragraph": 1, "text": ""}, format="json").status_code == 400
    assert api.post(comments_address(circulated), {"paragraph": 0, "text": "x"}, format="json").status_code == 400
    assert not MinutesComment.objects.exists()


def test_draft_minutes_are_read_but_take_no_comments(api, alice, closed):
    _meeting, minutes = closed
    api.force_authenticate(alice)
    data = api.get(comments_address(minutes)).json()
    assert (data["status"], data["may_comment"]) == ("draft", False)
    response = api.post(
        comments_address(minutes), {"paragraph": 1, "text": "x"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "You may not comment on these minutes."
    # The power comes before the body: an empty one is refused the same way.
    assert api.post(comments_address(minutes), {}, format="json").status_code == 403
    assert not MinutesComment.objects.exists()


def test_approved_minutes_close_their_comments_with_a_conflict(api, alice, committee, members, estrie_user, circulated):
    meeting = in_session(committee, estrie_user)
    attend(meeting, estrie_user, voting(members))
    approval = services.propose_resolution(meeting, actor=estrie_user, title="PV", text="…", subject=circulated)
    services.decide_resolution(approval, actor=estrie_user, mode="consensus")
    sign_off(approval)
    circulated.refresh_from_db()
    assert circulated.status == MinutesStatus.APPROVED
    api.force_authenticate(alice)
    assert api.get(comments_address(circulated)).json()["may_comment"] is False
    body = {"paragraph": 1, "text": "Trop tard"}
    response = api.post(comments_address(circulated), body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert response.json()["detail"] == "These minutes are approved: comments are closed."
    response = api.post(comments_address(circulated), body, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["detail"].startswith("Ce procès-verbal est approuvé")
    assert not MinutesComment.objects.exists()


def test_the_comments_endpoint_attacks(api, outsider, circulated, other_office, alice):
    address = comments_address(circulated)
    assert api.get(address).status_code == 403  # anonymous
    assert api.post(address, {"paragraph": 1, "text": "x"}, format="json").status_code == 403
    api.force_authenticate(outsider)
    assert api.get(address).status_code == 403
    api.force_authenticate(other_office)
    assert api.get(address).status_code == 404
    assert api.post(address, {"paragraph": 1, "text": "x"}, format="json").status_code == 404
    assert api.get("/api/v1/minutes/999999/comments/").status_code == 404
    api.force_authenticate(alice)
    for method in ("put", "patch", "delete"):
        assert getattr(api, method)(address).status_code == 405, method
    # The minutes have no other address in the API (their text comes with the comments).
    assert api.get(f"/api/v1/minutes/{circulated.pk}/").status_code == 404
    assert not MinutesComment.objects.exists()


def test_a_comment_sent_again_with_its_idempotency_key_is_added_once(api, alice, circulated):
    api.force_authenticate(alice)
    body = {"paragraph": 1, "text": "Ajouter les absents."}
    first = api.post(comments_address(circulated), body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = api.post(comments_address(circulated), body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert first.json() == again.json()
    assert MinutesComment.objects.count() == 1


def test_the_comments_list_does_not_grow_with_comments(api, alice, members, circulated, estrie_user):
    bruno = UserFactory(person=members["bruno"].person)
    services.comment_minutes(circulated, actor=bruno, paragraph=1, text="Un")
    api.force_authenticate(alice)
    address = comments_address(circulated)

    def queries():
        api.get(address)  # warms what is read once (the user's scope)
        with CaptureQueriesContext(connection) as captured:
            assert api.get(address).status_code == 200
        return len(captured)

    before = queries()
    for n in range(6):
        author = (alice, bruno, estrie_user)[n % 3]
        services.comment_minutes(circulated, actor=author, paragraph=1 + n % 3, text=f"Encore {n}")
    services.amend_minutes(circulated, actor=estrie_user, text="Présents : tous.")  # orphans two paragraphs
    assert queries() == before
    data = api.get(address).json()
    assert sum(len(p["comments"]) for p in data["paragraphs"]) + len(data["orphans"]) == 7


# --- The pack ---------------------------------------------------------------------------------------


def unzip(response):
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def held_with_papers(committee, members, estrie_user):
    """A meeting of forty days ago with a document on its agenda, closed, with circulated minutes."""
    meeting = plan(committee, estrie_user, starts_at=timezone.now() - datetime.timedelta(days=40))
    services.attach_document(
        meeting.items.get(),
        actor=estrie_user,
        title="Plan",
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", "application/pdf"),
    )
    services.convene_meeting(meeting, actor=estrie_user)
    services.open_meeting(meeting, actor=estrie_user)
    services.close_meeting(meeting, actor=estrie_user)
    minutes = services.draft_minutes(meeting, actor=estrie_user, text="Présents : tous.")
    services.circulate_minutes(minutes, actor=estrie_user)
    return meeting


def test_the_pack_through_the_api_is_the_pages_pack(api, alice, alice_client, held_with_papers):
    page = alice_client.get(url("meeting_pack", held_with_papers.pk))
    api.force_authenticate(alice)
    through_api = api.get(pack_address(held_with_papers), HTTP_ACCEPT_LANGUAGE="en")
    from_page, from_api = unzip(page), unzip(through_api)
    assert list(from_api) == list(from_page)
    assert from_api == from_page
    agenda, document, minutes = from_api
    assert agenda.startswith("agenda-") and from_api[agenda][:4] == b"%PDF"
    assert (document, from_api[document]) == ("01-plan.pdf", b"%PDF-1.4 plan")
    assert minutes.startswith("minutes-") and from_api[minutes][:4] == b"%PDF"
    for header in ("Content-Disposition", "Cache-Control"):
        assert through_api[header] == page[header], header
    assert through_api["Cache-Control"] == "private, no-store"
    assert through_api["Content-Disposition"].startswith('attachment; filename="documents-')


def test_the_pack_answers_a_client_that_asks_for_a_zip(api, alice, meeting, other_office):
    api.force_authenticate(alice)
    files = unzip(api.get(pack_address(meeting), HTTP_ACCEPT="application/zip"))
    assert len(files) == 1  # the agenda: no document, no minutes yet
    # Its refusals stay JSON, whatever the client accepts.
    api.force_authenticate(other_office)
    refused = api.get(pack_address(meeting), HTTP_ACCEPT="application/zip")
    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/json"
    assert "detail" in refused.json()


def test_the_pack_attacks(api, outsider, alice, meeting, other_office):
    address = pack_address(meeting)
    assert api.get(address).status_code == 403  # anonymous
    api.force_authenticate(outsider)
    assert api.get(address).status_code == 403
    api.force_authenticate(other_office)
    assert api.get(address).status_code == 404
    api.force_authenticate(alice)
    for method in ("post", "put", "delete"):
        assert getattr(api, method)(address).status_code == 405, method


# --- Schema --------------------------------------------------------------------------------------


def test_the_schema_documents_the_members_endpoints(api):
    paths = api.get("/api/v1/schema/", {"format": "json"}).json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/meetings/{id}/answer/"])
    assert {"get", "post"} <= set(paths["/api/v1/minutes/{id}/comments/"])
    pack = paths["/api/v1/meetings/{id}/pack/"]
    assert set(pack) == {"get"}
    assert pack["get"]["responses"]["200"]["content"] == {
        "application/zip": {"schema": {"type": "string", "format": "binary"}}
    }
