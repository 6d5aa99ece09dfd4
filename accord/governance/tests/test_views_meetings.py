"""The meeting pages: access, planning and the agenda, the steps, attendance, the meeting's record."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from accord.governance import selectors, services, workflow
from accord.governance.models import (
    AgendaDocument,
    AgendaItem,
    Attendance,
    Meeting,
    MeetingStatus,
    Vote,
)
from accord.registry.tests.factories import CreneauFactory

from .conftest import attend, count_queries, in_session, plan, url, voting
from .factories import BylawsFactory, CommitteeFactory, MandateFactory, sign_off

pytestmark = pytest.mark.django_db


def every_url(meeting, resolution, minutes):
    """(method, url) of each page, for the access tests."""
    m, r, p = meeting.pk, resolution.pk, minutes.pk
    item = meeting.items.first().pk
    return [
        ("get", url("meeting_create", meeting.committee.slug)),
        ("get", url("meeting_detail", m)),
        ("get", url("meeting_edit", m)),
        ("post", url("meeting_convene", m)),
        ("post", url("meeting_open", m)),
        ("post", url("meeting_close", m)),
        ("get", url("meeting_cancel", m)),
        ("get", url("item_add", m)),
        ("get", url("document_add", m, item)),
        ("get", url("attendance", m)),
        ("get", url("resolution_propose", m)),
        ("get", url("minutes_edit", m)),
        ("get", url("notice_pdf", m)),
        ("get", url("agenda_pdf", m)),
        ("get", url("meeting_ics", m)),
        ("get", url("resolution_detail", r)),
        ("get", url("interest_declare", r)),
        ("get", url("votes_record", r)),
        ("post", url("resolution_decide", r)),
        ("get", url("resolution_defer", r)),
        ("post", url("minutes_circulate", p)),
        ("get", url("minutes_pdf", p)),
    ]


@pytest.fixture
def records(session, estrie_user):
    meeting, resolution = session
    minutes = services.draft_minutes(meeting, actor=estrie_user, text="Brouillon")
    return meeting, resolution, minutes


# --- Access: anonymous, no role, out of scope, wrong role, wrong method -----------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, records):
    for method, address in every_url(*records):
        response = getattr(client, method)(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(f"{reverse('accounts:login')}?next="), address


def test_users_without_staff_role_or_mandate_get_403(outsider_client, records):
    for method, address in every_url(*records):
        assert getattr(outsider_client, method)(address).status_code == 403, address


def test_a_regional_office_of_another_region_gets_404(other_office_client, records):
    for method, address in every_url(*records):
        assert getattr(other_office_client, method)(address).status_code == 404, address


def test_a_plain_member_reads_but_runs_nothing(alice_client, records, members):
    meeting, resolution, minutes = records
    readable = {
        url("meeting_detail", meeting.pk),
        url("notice_pdf", meeting.pk),
        url("agenda_pdf", meeting.pk),
        url("meeting_ics", meeting.pk),
        url("resolution_detail", resolution.pk),
        url("interest_declare", resolution.pk),  # for herself
        url("minutes_pdf", minutes.pk),
    }
    for method, address in every_url(*records):
        if "pdf" in address:
            continue  # PDFs are tested once below: they are slow
        expected = 200 if address in readable else 403
        assert getattr(alice_client, method)(address).status_code == expected, address
    assert alice_client.post(url("meeting_open", meeting.pk)).status_code == 403
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD


def test_wrong_methods_are_405(estrie_client, records):
    meeting, resolution, minutes = records
    for address in [
        url("meeting_detail", meeting.pk),
        url("notice_pdf", meeting.pk),
        url("agenda_pdf", meeting.pk),
        url("meeting_ics", meeting.pk),
        url("resolution_detail", resolution.pk),
        url("minutes_pdf", minutes.pk),
    ]:
        assert estrie_client.post(address).status_code == 405, address
    for address in [
        url("meeting_convene", meeting.pk),
        url("meeting_open", meeting.pk),
        url("meeting_close", meeting.pk),
        url("resolution_decide", resolution.pk),
        url("minutes_circulate", minutes.pk),
    ]:
        assert estrie_client.get(address).status_code == 405, address
    assert estrie_client.delete(url("attendance", meeting.pk)).status_code == 405
    assert estrie_client.put(url("votes_record", resolution.pk)).status_code == 405


# --- Planning and the agenda ------------------------------------------------------------------


def test_planning_a_meeting_with_its_agenda(estrie_client, committee, members):
    response = estrie_client.post(
        url("meeting_create", committee.slug),
        {
            "title": "Réunion d'hiver",
            "starts_at": "2030-01-15T13:30",
            "ends_at": "2030-01-15T16:00",
            "location": "Sherbrooke",
            "agenda": "Ouverture\n\nPlan d'action 2030\n",
        },
    )
    meeting = Meeting.objects.get(title="Réunion d'hiver")
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert [i.title for i in meeting.items.order_by("position")] == ["Ouverture", "Plan d'action 2030"]
    assert timezone.localtime(meeting.starts_at).strftime("%H:%M") == "13:30"


def test_planning_without_place_or_link_is_refused(estrie_client, committee):
    response = estrie_client.post(
        url("meeting_create", committee.slug), {"title": "Nulle part", "starts_at": "2030-01-15T13:30"}
    )
    assert response.status_code == 400
    assert "location" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_meeting_cannot_end_before_it_starts(estrie_client, committee):
    response = estrie_client.post(
        url("meeting_create", committee.slug),
        {"title": "R", "starts_at": "2030-01-15T13:30", "ends_at": "2030-01-15T10:00", "location": "S"},
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_the_preparation_page_lists_the_items_and_the_details(estrie_client, meeting):
    response = estrie_client.get(url("meeting_edit", meeting.pk))
    assert response.status_code == 200
    assert [item.title for item in response.context["items"]] == ["Plan d'action"]
    assert response.context["details"]["location"].value() == "Drummondville"


def test_rescheduling_a_convened_meeting_sends_the_new_notice(
    estrie_client, meeting, members, estrie_user, django_capture_on_commit_callbacks
):
    services.convene_meeting(meeting, actor=estrie_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = estrie_client.post(
            url("meeting_edit", meeting.pk),
            {
                "title": meeting.title,
                "starts_at": "2030-02-01T09:00",
                "location": "Victoriaville",
                "reason": "Salle indisponible",
            },
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.location == "Victoriaville"
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2030-02-01 09:00"
    assert len(mail.outbox) == len(members)
    assert "Victoriaville" in mail.outbox[0].body
    assert meeting.events.filter(kind="meeting_changed", note="Salle indisponible").exists()
    assert meeting.history.latest().history_change_reason == "Salle indisponible"


def test_a_meeting_keeps_a_place_or_a_link(estrie_client, meeting):
    response = estrie_client.post(
        url("meeting_edit", meeting.pk), {"title": meeting.title, "starts_at": "2030-02-01T09:00", "location": ""}
    )
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.location == "Drummondville"


def test_a_meeting_in_session_is_not_rescheduled(session, estrie_user):
    meeting, _resolution = session
    with pytest.raises(workflow.InvalidTransition):
        services.update_meeting(meeting, actor=estrie_user, data={"location": "Ailleurs"})


def test_the_agenda_of_a_meeting_in_session_cannot_change(estrie_client, session):
    meeting, _resolution = session
    response = estrie_client.get(url("meeting_edit", meeting.pk))
    assert response.status_code == 302
    response = estrie_client.post(url("item_add", meeting.pk), {"title": "Trop tard", "kind": "discussion"})
    assert response.status_code == 302
    assert not meeting.items.filter(title="Trop tard").exists()


def test_adding_an_item(estrie_client, meeting):
    response = estrie_client.post(
        url("item_add", meeting.pk), {"title": "Budget", "description": "Prévisions", "kind": "decision"}
    )
    assert response.status_code == 302
    item = meeting.items.get(title="Budget")
    assert (item.position, item.kind, item.description) == (2, "decision", "Prévisions")


def test_an_item_needs_a_title(estrie_client, meeting):
    response = estrie_client.post(url("item_add", meeting.pk), {"title": "", "kind": "decision"})
    assert response.status_code == 400
    assert meeting.items.count() == 1


def test_an_item_can_put_earlier_minutes_to_approval(estrie_client, committee, members, estrie_user, closed):
    _earlier, minutes = closed
    meeting = plan(committee, estrie_user)
    response = estrie_client.post(
        url("item_add", meeting.pk), {"title": "Adoption du procès-verbal", "kind": "decision", "minutes": minutes.pk}
    )
    assert response.status_code == 302
    assert meeting.items.get(title="Adoption du procès-verbal").subject == minutes


def test_an_item_can_put_draft_bylaws_to_adoption(estrie_client, committee, members, estrie_user, estrie):
    meeting = plan(committee, estrie_user, starts_at=timezone.now())  # today: it opens at once
    bylaws = services.draft_bylaws(committee, actor=estrie_user, data={"max_members": 9})
    other = CommitteeFactory(creneau=CreneauFactory(regions=[estrie]))
    theirs = services.draft_bylaws(other, actor=estrie_user, data={})
    form = estrie_client.get(url("item_add", meeting.pk)).content.decode()
    assert "Draft version 1" in form and "Bylaws to adopt" in form
    response = estrie_client.post(
        url("item_add", meeting.pk), {"title": "Règlement", "kind": "decision", "bylaws": theirs.pk}
    )
    assert response.status_code == 400  # another committee's draft is not offered
    response = estrie_client.post(
        url("item_add", meeting.pk), {"title": "Règlement", "kind": "decision", "bylaws": bylaws.pk}
    )
    assert response.status_code == 302
    item = meeting.items.get(title="Règlement")
    assert item.subject == bylaws
    # The resolution on the item puts the draft in force on the day of the decision.
    services.convene_meeting(meeting, actor=estrie_user)
    services.open_meeting(meeting, actor=estrie_user)
    attend(meeting, estrie_user, voting(members))
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="Règlement", text="…", item=item)
    response = estrie_client.post(url("resolution_decide", resolution.pk), {"mode": "consensus", "confirmed": "1"})
    assert response.status_code == 302
    bylaws.refresh_from_db()
    assert bylaws.adopted_by is None  # recorded by the office: in force once the chair confirms it
    resolution.refresh_from_db()
    sign_off(resolution)
    bylaws.refresh_from_db()
    assert (bylaws.adopted_by, bylaws.adopted_on) == (resolution, timezone.localdate())
    page = estrie_client.get(url("resolution_detail", resolution.pk)).content.decode()
    assert bylaws.get_absolute_url() in page


def test_attaching_a_document(estrie_client, meeting):
    item = meeting.items.get()
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = estrie_client.post(url("document_add", meeting.pk, item.pk), {"title": "Plan 2030", "file": upload})
    assert response.status_code == 302
    document = AgendaDocument.objects.get()
    assert (document.item, document.title) == (item, "Plan 2030")
    page = estrie_client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert url("document_download", document.pk) in page
    assert meeting.events.filter(kind="document_attached").exists()


def test_documents_are_downloaded_by_those_who_see_the_meeting(
    estrie_client, alice_client, other_office_client, outsider_client, meeting, estrie_user
):
    document = services.attach_document(
        meeting.items.get(),
        actor=estrie_user,
        title="Plan",
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf"),
    )
    address = url("document_download", document.pk)
    for client in (estrie_client, alice_client):
        response = client.get(address)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
        assert response["Content-Disposition"].startswith("attachment")
    assert other_office_client.get(address).status_code == 404
    assert outsider_client.get(address).status_code == 403
    assert Client().get(address).status_code == 302


def test_no_document_is_attached_once_the_meeting_has_started(session, estrie_user):
    meeting, _resolution = session
    with pytest.raises(workflow.InvalidTransition):
        services.attach_document(
            meeting.items.first(),
            actor=estrie_user,
            title="Tard",
            file=SimpleUploadedFile("tard.pdf", b"%PDF-1.4", content_type="application/pdf"),
        )
    assert not AgendaDocument.objects.exists()


def test_a_document_must_be_an_office_file(estrie_client, meeting):
    item = meeting.items.get()
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = estrie_client.post(url("document_add", meeting.pk, item.pk), {"title": "Outil", "file": upload})
    assert response.status_code == 400
    assert not AgendaDocument.objects.exists()


def test_a_document_of_an_item_of_another_meeting_is_404(estrie_client, committee, estrie_user, meeting):
    other = plan(committee, estrie_user)
    assert estrie_client.get(url("document_add", meeting.pk, other.items.get().pk)).status_code == 404


# --- Meeting transitions ------------------------------------------------------------------------


def test_convening_sends_the_notice_with_the_page_address(
    estrie_client, meeting, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = estrie_client.post(url("meeting_convene", meeting.pk), {"confirmed": "1"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED
    assert len(mail.outbox) == len(members)
    assert f"http://testserver/gestion/comites/reunions/{meeting.pk}/" in mail.outbox[0].body


def test_convening_without_an_agenda_is_refused_with_a_message(estrie_client, committee, members, estrie_user):
    empty = plan(committee, estrie_user, items=())
    response = estrie_client.post(url("meeting_convene", empty.pk), {"confirmed": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == empty.get_absolute_url()
    assert "Add at least one item" in response.content.decode() or "Ajoutez" in response.content.decode()
    assert Meeting.objects.get(pk=empty.pk).status == MeetingStatus.PLANNED


def test_opening_and_closing(estrie_client, committee, members, estrie_user):
    meeting = plan(committee, estrie_user, starts_at=timezone.now())  # a meeting opens on its day
    services.convene_meeting(meeting, actor=estrie_user)
    assert estrie_client.post(url("meeting_open", meeting.pk)).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD
    assert estrie_client.post(url("meeting_close", meeting.pk), {"confirmed": "1"}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CLOSED


def test_a_meeting_before_its_day_opens_only_with_a_reason(estrie_client, meeting, estrie_user):
    services.convene_meeting(meeting, actor=estrie_user)  # planned in ten days
    page = estrie_client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert 'name="reason"' in page and "Open the meeting early" in page
    response = estrie_client.post(url("meeting_open", meeting.pk), {"reason": " "}, follow=True)
    [refusal] = response.context["messages"]
    assert refusal.level_tag == "error" and "it opens on that day" in refusal.message
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CONVENED
    response = estrie_client.post(url("meeting_open", meeting.pk), {"reason": "Salle libérée plus tôt"})
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD
    event = meeting.events.get(kind="meeting_opened")
    assert (event.actor, event.note) == (estrie_user, "Salle libérée plus tôt")
    timeline = estrie_client.get(url("committee_timeline", meeting.committee.slug)).content.decode()
    assert "Salle libérée plus tôt" in timeline


def test_a_meeting_of_today_opens_without_a_reason(estrie_client, committee, members, estrie_user):
    meeting = plan(committee, estrie_user, starts_at=timezone.now())
    services.convene_meeting(meeting, actor=estrie_user)
    page = estrie_client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert 'name="reason"' not in page


def test_minutes_show_the_date_of_the_meeting_that_approved_them(
    estrie_client, committee, members, closed, estrie_user
):
    first, minutes = closed
    second = in_session(committee, estrie_user, starts_at=timezone.now() - datetime.timedelta(days=5))
    attend(second, estrie_user, voting(members))
    approval = services.propose_resolution(second, actor=estrie_user, title="PV", text="…", subject=minutes)
    services.decide_resolution(approval, actor=estrie_user, mode="consensus")
    sign_off(approval)
    page = estrie_client.get(url("meeting_detail", first.pk)).content.decode()
    with translation.override("en"):
        shown = date_format(second.meeting_date, "DATE_FORMAT")
        today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"{approval.number}</a>, {shown}" in page
    assert f"{approval.number}</a>, {today}" not in page


def test_opening_a_meeting_not_convened_is_an_error_message(estrie_client, meeting):
    response = estrie_client.post(url("meeting_open", meeting.pk), follow=True)
    assert response.status_code == 200
    assert next(iter(response.context["messages"])).level_tag == "error"
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED


def test_a_meeting_with_a_pending_resolution_does_not_close(estrie_client, session):
    meeting, _resolution = session
    response = estrie_client.post(url("meeting_close", meeting.pk), {"confirmed": "1"}, follow=True)
    assert next(iter(response.context["messages"])).level_tag == "error"
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD


def test_cancelling_needs_a_reason(estrie_client, meeting):
    assert estrie_client.get(url("meeting_cancel", meeting.pk)).status_code == 200
    response = estrie_client.post(url("meeting_cancel", meeting.pk), {"cancellation_reason": "  "})
    assert response.status_code == 400
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PLANNED
    response = estrie_client.post(url("meeting_cancel", meeting.pk), {"cancellation_reason": "Tempête de neige"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancellation_reason) == (MeetingStatus.CANCELLED, "Tempête de neige")


# --- Attendance ------------------------------------------------------------------------------


def test_recording_the_attendance_of_every_member(estrie_client, committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    page = estrie_client.get(url("attendance", meeting.pk))
    assert page.status_code == 200
    assert not any(name.startswith("proxy_") for name in page.context["form"].fields)  # no bylaws: no proxies
    data = {f"status_{m.pk}": "present" for m in members.values()}
    data[f"status_{members['denis'].pk}"] = "excused"
    response = estrie_client.post(url("attendance", meeting.pk), data)
    assert response.status_code == 302
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("mandate__person__first_name", "status"))
    assert statuses["Denis"] == "excused"
    assert statuses["Alice"] == "present"
    assert len(statuses) == len(members)


def test_a_refused_line_saves_nothing_and_is_shown_on_its_line(estrie_client, committee, members, estrie_user):
    BylawsFactory(committee=committee, proxies_allowed=True)
    meeting = in_session(committee, estrie_user)
    alice, chloe = members["alice"], members["chloe"]
    # Chloé gives her proxy to Alice, who is not recorded as present: refused.
    data = {f"status_{members['bruno'].pk}": "present", f"status_{chloe.pk}": "proxy", f"proxy_{chloe.pk}": alice.pk}
    response = estrie_client.post(url("attendance", meeting.pk), data)
    assert response.status_code == 400
    assert response.context["form"].errors[f"proxy_{chloe.pk}"]
    assert not Attendance.objects.filter(meeting=meeting).exists()
    # With Alice present, the proxy is recorded.
    data[f"status_{alice.pk}"] = "present"
    assert estrie_client.post(url("attendance", meeting.pk), data).status_code == 302
    assert Attendance.objects.get(meeting=meeting, mandate=chloe).proxy_holder == alice


def test_attendance_waits_for_the_notice(estrie_client, meeting, members):
    response = estrie_client.post(url("attendance", meeting.pk), {f"status_{members['alice'].pk}": "present"})
    assert response.status_code == 302
    assert not Attendance.objects.exists()


def test_an_unknown_status_is_refused(estrie_client, session, members):
    meeting, _resolution = session
    response = estrie_client.post(url("attendance", meeting.pk), {f"status_{members['alice'].pk}": "asleep"})
    assert response.status_code == 400


# --- The meeting page --------------------------------------------------------------------------


def test_the_meeting_page_shows_the_session(estrie_client, session, members, estrie_user):
    meeting, resolution = session
    services.record_vote(resolution, members["alice"], actor=estrie_user, choice="for")
    response = estrie_client.get(url("meeting_detail", meeting.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Furniture niche committee" in html
    assert resolution.number in html
    assert "Quorum reached" in html
    quorum = response.context["quorum"]
    assert (quorum.voting_members, quorum.present, quorum.quorum) == (6, 6, 4)
    row = response.context["resolutions"][0]
    assert (row["counts"].votes_for, row["counts"].present) == (1, 6)
    assert [r["mandate"] for r in response.context["members"]] == list(
        selectors.current_mandates(meeting.committee, meeting.meeting_date)
    )
    for action in ["Record the attendance", "Propose a resolution", "Close the meeting", "Decide by consensus"]:
        assert action in html
    assert "Convene the members" not in html  # already in session
    with translation.override("fr"):
        french = meeting.get_absolute_url()
    assert estrie_client.get(french).status_code == 200


def _populate(meeting, members, actor, n):
    """n more items, resolutions with votes and recusals, documents and attendance."""
    extra = [MandateFactory(committee=meeting.committee) for _ in range(n)]
    attend(meeting, actor, extra)
    for i in range(n):
        item = AgendaItem.objects.create(meeting=meeting, position=10 + i, title=f"Point {i}", kind="decision")
        AgendaDocument.objects.create(item=item, title=f"Annexe {i}", file=SimpleUploadedFile(f"a{i}.pdf", b"%PDF"))
        resolution = services.propose_resolution(meeting, actor=actor, title=f"R{i}", text="…", item=item)
        services.declare_interest(resolution, extra[i], actor=actor, interest="Intérêt")
        for mandate in voting(members):
            services.record_vote(resolution, mandate, actor=actor, choice="for")


def test_meeting_page_query_count_does_not_grow(
    estrie_client, session, members, estrie_user, django_assert_num_queries
):
    meeting, _resolution = session
    services.draft_minutes(meeting, actor=estrie_user, text="Brouillon")
    address = url("meeting_detail", meeting.pk)
    small = count_queries(estrie_client, address)
    _populate(meeting, members, estrie_user, 4)
    with django_assert_num_queries(small):
        response = estrie_client.get(address)
    assert len(response.context["resolutions"]) == 5
    # user, roles, meeting, items, documents, resolutions, recusals, votes, attendances, minutes,
    # members on the day, bylaws in force, and the two policies of a regional office
    assert small == 14


def test_a_closed_meetings_record_follows_every_change(estrie_client, closed, members, estrie_user):
    meeting, minutes = closed
    address = url("meeting_detail", meeting.pk)
    estrie_client.get(address)
    services.amend_minutes(minutes, actor=estrie_user, text="Présents : tous, sauf Denis.")
    assert "sauf Denis" in estrie_client.get(address).content.decode()
    services.circulate_minutes(minutes, actor=estrie_user)
    later = in_session(meeting.committee, estrie_user)
    approval = services.propose_resolution(later, actor=estrie_user, title="PV", text="…", subject=minutes)
    attend(later, estrie_user, voting(members))
    services.decide_resolution(approval, actor=estrie_user, mode="consensus")
    sign_off(approval)
    assert approval.number in estrie_client.get(address).content.decode()


def test_identifiers_past_999_print_without_a_thousands_separator(estrie_client, meeting, members):
    """French groups digits ("1 234"): an id in an anchor or a form value must not be grouped."""
    AgendaItem.objects.create(pk=1234, meeting=meeting, position=9, title="Point mille")
    page = estrie_client.get(url("meeting_detail", meeting.pk), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'id="item-1234"' in page


def test_a_planned_meetings_record_shows_each_new_item_and_document(estrie_client, meeting, estrie_user):
    """Adding to an agenda writes no event: the item and the document show on the next request all the same."""
    address = url("meeting_detail", meeting.pk)
    estrie_client.get(address)
    item = services.add_agenda_item(meeting, actor=estrie_user, title="Bilan des ventes à l'export")
    assert "Bilan des ventes à l&#x27;export" in estrie_client.get(address).content.decode()
    services.attach_document(
        item, actor=estrie_user, title="Tableau des ventes", file=SimpleUploadedFile("ventes.pdf", b"%PDF-1.4")
    )
    assert "Tableau des ventes" in estrie_client.get(address).content.decode()


def test_each_reader_of_a_meeting_in_session_gets_the_forms_of_their_own_powers(
    estrie_client, alice_client, session, members
):
    meeting, resolution = session
    address = url("meeting_detail", meeting.pk)
    staff_page = estrie_client.get(address).content.decode()
    member_page = alice_client.get(address).content.decode()
    # Each page carries its own user's forms: the officer decides, the member declares.
    assert url("resolution_decide", resolution.pk) in staff_page
    assert url("resolution_decide", resolution.pk) not in member_page
    assert url("interest_declare", resolution.pk) in member_page


# --- In a real browser ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_meeting_pages_are_accessible(page, sign_in, estrie_user, session, members):
    from accord.core.tests.browser import assert_accessible

    meeting, resolution = session
    BylawsFactory(committee=meeting.committee, proxies_allowed=True)
    services.declare_interest(resolution, members["bruno"], actor=estrie_user, interest="Administrateur")
    sign_in(estrie_user)
    for address in [
        url("meeting_detail", meeting.pk),
        url("attendance", meeting.pk),
        url("votes_record", resolution.pk),
        url("resolution_detail", resolution.pk),
        url("resolution_propose", meeting.pk),
    ]:
        page.goto(address)
        assert_accessible(page)
    page.goto(url("votes_record", resolution.pk))
    page.get_by_role("group", name="Alice").get_by_label("Against").check()
    page.get_by_role("button", name="Record the votes").click()
    page.wait_for_url(f"**{meeting.get_absolute_url()}*")
    assert Vote.objects.get(mandate=members["alice"]).choice == "against"
