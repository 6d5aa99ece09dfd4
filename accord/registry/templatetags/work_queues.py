"""How many items a work queue holds ("1,000+" past its cap); how old the oldest is, in words ("since
3 days"), for pages and emails; and whether its earliest date is still ahead (a mandate ending:
"soonest: in 39 days", not "oldest:")."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def queue_count(queue: Any) -> str:
    """The queue's count in the reader's number format, followed by "+" when more items wait."""
    shown = number_format(queue.count, force_grouping=True)
    return f"{shown}+" if queue.more else shown


@register.filter
def queue_age(since: datetime.date | None, today: datetime.date | None = None) -> str:
    """ "waiting for 3 days", "since today", or for a date ahead (a mandate's end) "in 12 days"."""
    if since is None:
        return ""
    days = ((today or timezone.localdate()) - since).days
    if days == 0:
        return _("since today")
    if days > 0:
        return ngettext("since %(count)d day", "since %(count)d days", days) % {"count": days}
    return ngettext("in %(count)d day", "in %(count)d days", -days) % {"count": -days}


@register.filter
def queue_ahead(day: datetime.date | None, today: datetime.date | None = None) -> bool:
    """Whether a queue's earliest date is after today: all its items are then ahead (mandates ending,
    a deadline), and the soonest of them, not the oldest, is what the page names."""
    return day is not None and day > (today or timezone.localdate())
