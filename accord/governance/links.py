"""Signed, expiring links for one action without signing in: a member answers a notice from its email.

The link carries the meeting and the member's seat, signed with the site's secret
(`TimestampSigner`, a salt per action: a token made for one action never opens another) and
dated: it expires after `ANSWER_LINK_DAYS`. It opens that one action and nothing else; the
service checks again that the meeting still takes answers.
"""

from __future__ import annotations

import datetime

from django.core import signing

#: The salt of the links that answer a notice.
NOTICE_ANSWER_SALT = "accord.governance.notice-answer"
#: How long a notice's answer link works: a notice goes out weeks, not months, before the meeting.
ANSWER_LINK_DAYS = 45


def notice_answer_token(meeting_id: int, mandate_id: int) -> str:
    """The token of the link that answers the notice of `meeting_id` for the seat `mandate_id`."""
    return signing.TimestampSigner(salt=NOTICE_ANSWER_SALT).sign(f"{meeting_id}.{mandate_id}")


def read_notice_answer_token(token: str) -> tuple[int, int] | None:
    """(meeting id, mandate id) of a valid, unexpired token; None for a forged, altered or expired one."""
    try:
        value = signing.TimestampSigner(salt=NOTICE_ANSWER_SALT).unsign(
            token, max_age=datetime.timedelta(days=ANSWER_LINK_DAYS)
        )
    except signing.BadSignature:  # SignatureExpired is one
        return None
    meeting_id, _sep, mandate_id = value.partition(".")
    if not (meeting_id.isdigit() and mandate_id.isdigit()):
        return None
    return int(meeting_id), int(mandate_id)
