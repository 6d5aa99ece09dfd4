"""Writes safe to repeat (decision 15): one resolution per submission, no silent overwrite of a
meeting, votes and recusals with their history, notices marked sent only when sent."""

import smtplib
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.locmem import EmailBackend
from rest_framework.test import APIClient

from accord.core.models import IdempotencyKey
from accord.core.services import EditConflict
from accord.governance import selectors, services, tasks
from accord.governance.models import Meeting, NoticeStatus, Resolution, Vote
from accord.registry.tests.factories import CreneauFactory

from .conftest import attend, count_queries, in_session, plan, url, voting
from .factories import MandateFactory

pytestmark = pytest.mark.django_db


def token() -> str:
    return uuid.uuid4().hex


# --- One resolution per submission ---------------------------------------------------------------


def test_a_resolution_form_posted_twice_makes_one_resolution(estrie_client, committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    page = estrie_client.get(url("resolution_propose", meeting.pk))
    issued = page.context["form"]["submission_token"].value()
    assert len(issued) == 32
    posted = {"title": "Appui au plan", "text": "Il est résolu…", "submission_token": issued}
    first = estrie_client.post(url("resolution_propose", meeting.pk), posted)
    second = estrie_client.post(url("resolution_propose", meeting.pk), posted, follow=True)
    resolution = Resolution.objects.get()
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert "had already been sent" in second.content.decode()
    assert resolution.sequence == 1
    assert IdempotencyKey.objects.get().target == resolution


def test_two_forms_make_two_resolutions(estrie_client, committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    for _ in range(2):
        posted = {"title": "Appui", "text": "Il est résolu…", "submission_token": token()}
        assert estrie_client.post(url("resolution_propose", meeting.pk), posted).status_code == 302
    assert sorted(Resolution.objects.values_list("sequence", flat=True)) == [1, 2]


def test_a_refused_submission_may_be_sent_again_with_its_token(estrie_client, committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    issued = token()
    posted = {"title": "Appui\r\nBcc: x@example.org", "text": "Il est résolu…", "submission_token": issued}
    assert estrie_client.post(url("resolution_propose", meeting.pk), posted).status_code == 400
    posted["title"] = "Appui"
    assert estrie_client.post(url("resolution_propose", meeting.pk), posted).status_code == 302
    assert Resolution.objects.count() == 1


def test_the_api_answers_a_repeated_key_with_the_first_resolution(committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    api = APIClient()
    api.force_authenticate(estrie_user)
    body = {"meeting": meeting.pk, "title": "T", "text": "…"}
    first = api.post("/api/v1/resolutions/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    second = api.post("/api/v1/resolutions/", body, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    assert second["Idempotent-Replayed"] == "true"
    assert Resolution.objects.count() == 1
    other = api.post("/api/v1/resolutions/", {**body, "title": "Autre"}, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
    assert other.status_code == 422
    assert "idempotency" in str(other.json()).lower() or "idempotence" in str(other.json()).lower()
    assert Resolution.objects.count() == 1
    assert api.post("/api/v1/resolutions/", body, format="json").status_code == 201
    assert Resolution.objects.count() == 2


def test_the_api_plans_one_meeting_per_key(committee, members, estrie_user):
    api = APIClient()
    api.force_authenticate(estrie_user)
    body = {"committee": committee.slug, "title": "R", "starts_at": "2030-01-10T10:00:00-05:00", "location": "L"}
    responses = [api.post("/api/v1/meetings/", body, format="json", HTTP_IDEMPOTENCY_KEY="k") for _ in range(3)]
    assert {r.status_code for r in responses} == {201}, responses[0].json()
    assert len({r.json()["id"] for r in responses}) == 1
    assert Meeting.objects.count() == 1


# --- A meeting edited by two people --------------------------------------------------------------


def test_a_stale_meeting_form_shows_both_values_and_changes_nothing(estrie_client, meeting, estrie_user):
    page = estrie_client.get(url("meeting_edit", meeting.pk))
    form = page.context["details"]
    posted = {name: form[name].value() or "" for name in ("starts_at", "ends_at", "location", "online_url")}
    posted["revision"] = form["revision"].value()
    services.update_meeting(meeting, actor=estrie_user, data={"title": "Titre de l'autre"})
    response = estrie_client.post(url("meeting_edit", meeting.pk), {**posted, "title": "Mon titre"})
    meeting.refresh_from_db()
    assert response.status_code == 409
    assert meeting.title == "Titre de l'autre"
    html = response.content.decode()
    assert "Titre de l&#x27;autre" in html and "Mon titre" in html
    # Saving the form again (its revision now the current one) applies the editor's value on purpose.
    again = {**posted, "title": "Mon titre", "revision": response.context["details"]["revision"].value()}
    assert estrie_client.post(url("meeting_edit", meeting.pk), again).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Mon titre"


def test_the_meeting_service_refuses_a_stale_revision(meeting, estrie_user):
    start = meeting.revision
    services.update_meeting(meeting, actor=estrie_user, data={"title": "A"}, revision=start)
    with pytest.raises(EditConflict) as conflict:
        services.update_meeting(meeting, actor=estrie_user, data={"title": "B"}, revision=start)
    assert conflict.value.fields == {"title": ("A", "B")}
    meeting.refresh_from_db()
    assert (meeting.title, meeting.revision) == ("A", start + 1)


# --- Votes and recusals keep their history -------------------------------------------------------


def test_a_changed_vote_keeps_the_old_one(estrie_client, session, members, estrie_user):
    _meeting, resolution = session
    mandate = voting(members)[0]
    services.record_vote(resolution, mandate, actor=estrie_user, choice="for")
    services.record_vote(resolution, mandate, actor=estrie_user, choice="against")
    assert Vote.objects.get().choice == "against"
    assert [h.choice for h in Vote.history.order_by("history_id")] == ["for", "against"]
    (change,) = selectors.vote_changes(resolution)
    assert (change.person, change.before, change.after, change.by) == (mandate.person, "Pour", "Contre", estrie_user)
    html = estrie_client.get(url("resolution_detail", resolution.pk)).content.decode()
    assert "Votes and recusals changed or withdrawn" in html


def test_a_vote_withdrawn_by_a_declared_interest_stays_on_record(estrie_client, session, members, estrie_user):
    _meeting, resolution = session
    mandate = voting(members)[0]
    services.record_vote(resolution, mandate, actor=estrie_user, choice="for")
    services.declare_interest(resolution, mandate, actor=estrie_user, interest="Mon employeur")
    services.declare_interest(resolution, mandate, actor=estrie_user, interest="Mon employeur et mon frère")
    assert not Vote.objects.exists()
    changes = selectors.vote_changes(resolution)
    assert [(c.kind, c.before, c.after, c.reason) for c in changes] == [
        ("vote", "Pour", "", "Mon employeur"),
        ("recusal", "Mon employeur", "Mon employeur et mon frère", "Mon employeur et mon frère"),
    ]


def test_the_resolution_page_reads_the_history_in_two_queries(
    estrie_client, session, members, estrie_user, django_assert_num_queries
):
    meeting, resolution = session
    address = url("resolution_detail", resolution.pk)
    small = count_queries(estrie_client, address)
    extra = [MandateFactory(committee=meeting.committee) for _ in range(4)]
    attend(meeting, estrie_user, extra)
    for choice in ("for", "against", "abstain"):
        for mandate in [*voting(members), *extra]:
            services.record_vote(resolution, mandate, actor=estrie_user, choice=choice)
    with django_assert_num_queries(small):
        response = estrie_client.get(address)
    assert len(response.context["vote_changes"]) == 2 * len([*voting(members), *extra])
    # The ten of the page before (decision 12's count) and the history of votes and of recusals.
    assert small == 12


# --- Line breaks and the notice ------------------------------------------------------------------


def test_a_title_with_a_line_break_is_refused_on_the_form_and_in_the_service(estrie_client, committee, estrie_user):
    response = estrie_client.post(
        url("meeting_create", committee.slug),
        {"title": "Réunion\r\nBcc: tous@example.org", "starts_at": "2030-01-10T10:00", "location": "L"},
    )
    assert response.status_code == 400
    assert "must fit on one line" in response.content.decode()
    with pytest.raises(ValidationError) as refused:
        plan(committee, estrie_user, title="Réunion\nBcc: tous@example.org")
    assert "title" in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_the_notice_is_marked_sent_once_it_was_sent(meeting, estrie_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.convene_meeting(meeting, actor=estrie_user)
    meeting.refresh_from_db()
    assert meeting.notice_status == NoticeStatus.QUEUED
    for callback in callbacks:
        callback()
    meeting.refresh_from_db()
    assert meeting.notice_status == NoticeStatus.SENT
    assert len(mail.outbox) >= 1


def test_a_notice_the_mail_server_refuses_is_marked_failed_and_shown_to_staff(
    estrie_client, meeting, estrie_user, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "django.core.mail.backends.locmem.EmailBackend.send_messages",
            side_effect=smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.convene_meeting(meeting, actor=estrie_user)
    meeting.refresh_from_db()
    assert meeting.notice_status == NoticeStatus.FAILED
    assert "Connection unexpectedly closed" in meeting.notice_error
    html = estrie_client.get(meeting.get_absolute_url()).content.decode()
    assert "Connection unexpectedly closed" in html


def test_an_old_title_with_a_line_break_still_sends_a_notice(meeting, estrie_user, django_capture_on_commit_callbacks):
    # A row written before titles refused line breaks: the subject is made safe, the notice goes.
    Meeting.objects.filter(pk=meeting.pk).update(title="Réunion\r\nBcc: tous@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.convene_meeting(meeting, actor=estrie_user)
    meeting.refresh_from_db()
    assert meeting.notice_status == NoticeStatus.SENT
    assert all("\n" not in m.subject and "\r" not in m.subject for m in mail.outbox)


def test_a_notice_retried_after_a_failure_midway_reaches_each_member_once(meeting, estrie_user):
    """The mail server took two messages, then dropped the connection: the retry sends the rest only."""
    send = EmailBackend.send_messages
    calls = []

    def flaky(backend, messages):
        calls.append(messages[0].to[0])
        if len(calls) == 3:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return send(backend, messages)

    services.convene_meeting(meeting, actor=estrie_user)  # the notice of the convening itself
    mail.outbox.clear()
    recipients = [email for email, _name, _language in selectors.recipients(meeting)]
    assert len(recipients) >= 4
    with mock.patch.object(EmailBackend, "send_messages", flaky), pytest.raises(smtplib.SMTPServerDisconnected):
        tasks._send_notice(meeting.pk, cancelled=False, batch="notice:retried")
    assert len(mail.outbox) == 2
    assert tasks._send_notice(meeting.pk, cancelled=False, batch="notice:retried") == len(recipients) - 2
    delivered = sorted(m.to[0] for m in mail.outbox)
    assert delivered == sorted(recipients)  # each member once
    # Another sending (a new notice after a change) is a batch of its own: everyone again.
    assert tasks._send_notice(meeting.pk, cancelled=False, batch="notice:changed") == len(recipients)


# --- Committees and minutes: a stale form changes nothing -----------------------------------------


def _posted(form):
    """What the browser sends back for a form as drawn (multiple choices as lists of ids)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value] if isinstance(value, list) else value
    return data


def test_a_stale_committee_form_is_409_and_changes_nothing(estrie_client, committee, estrie_user):
    page = estrie_client.get(url("committee_edit", committee.slug))
    posted = _posted(page.context["form"])
    services.update_committee(committee, actor=estrie_user, data={"name_fr": "Nom de l'autre"})
    response = estrie_client.post(url("committee_edit", committee.slug), {**posted, "name_fr": "Mon nom"})
    committee.refresh_from_db()
    assert response.status_code == 409
    assert committee.name_fr == "Nom de l'autre"
    html = response.content.decode()
    assert "Nom de l&#x27;autre" in html and "Mon nom" in html
    again = {**posted, "name_fr": "Mon nom", "revision": response.context["form"]["revision"].value()}
    assert estrie_client.post(url("committee_edit", committee.slug), again).status_code == 302
    committee.refresh_from_db()
    assert committee.name_fr == "Mon nom"


def test_a_change_of_a_committees_niches_alone_makes_older_forms_stale(committee, estrie_user):
    start = committee.revision
    services.update_committee(committee, actor=estrie_user, data={}, creneaux=[CreneauFactory()], revision=start)
    assert committee.revision == start + 1
    with pytest.raises(EditConflict) as conflict:
        services.update_committee(committee, actor=estrie_user, data={}, creneaux=[], revision=start)
    assert list(conflict.value.fields) == ["creneaux"]
    assert committee.creneaux.count() == 1


def test_stale_minutes_are_409_and_keep_the_text_saved_meanwhile(estrie_client, closed, estrie_user):
    meeting, minutes = closed
    page = estrie_client.get(url("minutes_edit", meeting.pk))
    revision = page.context["form"]["revision"].value()
    services.amend_minutes(minutes, actor=estrie_user, text="Présents : tous, sauf M. Roy.", revision=revision)
    response = estrie_client.post(url("minutes_edit", meeting.pk), {"text": "Présents : tous.", "revision": revision})
    minutes.refresh_from_db()
    assert response.status_code == 409
    assert minutes.text == "Présents : tous, sauf M. Roy."
    assert "sauf M. Roy" in response.content.decode()
    assert minutes.history.count() == 2  # the draft and the one amendment
