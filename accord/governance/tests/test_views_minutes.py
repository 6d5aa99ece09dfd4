"""Writing, amending, correcting and circulating the minutes."""

import pytest
from django.core import mail

from accord.governance import services
from accord.governance.models import (
    Minutes,
    MinutesStatus,
)

from .conftest import attend, in_session, url, voting
from .factories import sign_off

pytestmark = pytest.mark.django_db


# --- Minutes -----------------------------------------------------------------------------------


def test_writing_then_amending_the_minutes(estrie_client, committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    services.close_meeting(meeting, actor=estrie_user)
    response = estrie_client.post(url("minutes_edit", meeting.pk), {"text": "Présents : tous."})
    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert (minutes.version, minutes.status, minutes.text) == (1, MinutesStatus.DRAFT, "Présents : tous.")
    page = estrie_client.get(url("minutes_edit", meeting.pk))
    assert "reason" in page.context["form"].fields
    response = estrie_client.post(
        url("minutes_edit", meeting.pk), {"text": "Présents : tous, sauf Denis.", "reason": "Denis"}
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert (Minutes.objects.count(), minutes.text) == (1, "Présents : tous, sauf Denis.")


def test_minutes_need_a_text(estrie_client, closed):
    meeting, minutes = closed
    response = estrie_client.post(url("minutes_edit", meeting.pk), {"text": ""})
    assert response.status_code == 400
    minutes.refresh_from_db()
    assert minutes.text == "Présents : tous."


def test_minutes_wait_for_the_meeting(estrie_client, meeting):
    assert estrie_client.post(url("minutes_edit", meeting.pk), {"text": "Trop tôt"}).status_code == 302
    assert not Minutes.objects.exists()


def test_approved_minutes_are_read_only_and_corrected_by_a_new_version(
    estrie_client, committee, members, estrie_user, closed
):
    earlier, minutes = closed
    meeting = in_session(committee, estrie_user)
    attend(meeting, estrie_user, voting(members))
    approval = services.propose_resolution(meeting, actor=estrie_user, title="PV", text="…", subject=minutes)
    services.decide_resolution(approval, actor=estrie_user, mode="consensus")
    sign_off(approval)

    page = estrie_client.get(url("minutes_edit", earlier.pk))
    html = page.content.decode()
    assert "never changes" in html
    assert "reason" not in page.context["form"].fields
    response = estrie_client.post(url("minutes_edit", earlier.pk), {"text": "Présents : tous, et Denis."})
    assert response.status_code == 302
    correction = Minutes.objects.get(version=2)
    assert (correction.corrects, correction.status) == (minutes, MinutesStatus.DRAFT)
    minutes.refresh_from_db()
    assert (minutes.status, minutes.text) == (MinutesStatus.APPROVED, "Présents : tous.")
    detail = estrie_client.get(url("meeting_detail", earlier.pk))
    assert detail.context["minutes"] == correction
    assert detail.context["earlier_minutes"] == [minutes]
    assert approval.number in detail.content.decode()


def test_circulating_the_minutes(estrie_client, closed, members, django_capture_on_commit_callbacks):
    _meeting, minutes = closed
    with django_capture_on_commit_callbacks(execute=True):
        response = estrie_client.post(url("minutes_circulate", minutes.pk))
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    assert len(mail.outbox) == len(members)
    response = estrie_client.post(url("minutes_circulate", minutes.pk), follow=True)
    assert list(response.context["messages"])[-1].level_tag == "error"
