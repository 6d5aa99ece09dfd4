"""A meeting's documents: the notice, the agenda and the minutes as PDF, the calendar invitation."""

import pytest

from .conftest import url

pytestmark = pytest.mark.django_db


# --- Documents ---------------------------------------------------------------------------------


def test_the_notice_agenda_and_minutes_are_pdfs(alice_client, closed):
    meeting, minutes = closed
    for address in [url("notice_pdf", meeting.pk), url("agenda_pdf", meeting.pk), url("minutes_pdf", minutes.pk)]:
        response = alice_client.get(address)
        assert response.status_code == 200, address
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert 'filename="minutes-cc-meuble-05-' in response["Content-Disposition"]


def test_the_calendar_invitation(alice_client, meeting):
    response = alice_client.get(url("meeting_ics", meeting.pk))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content
    assert b"Drummondville" in response.content
