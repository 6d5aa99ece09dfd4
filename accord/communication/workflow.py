"""A publication's life as a pure table: a draft, scheduled for a moment, published. No database.

The state is read from one date (`published_at`) and the time now: none is a draft, a moment to
come is scheduled, a moment past is published. So a scheduled publication is published when its
moment comes, by itself: no task flips a flag, and no reader can see it early or miss it late.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accord.core.workflow import InvalidTransition

from .models import BriefingStatus, PublicationKind

DRAFT = "draft"
SCHEDULED = "scheduled"
PUBLISHED = "published"

#: The states' names, as the pages show them.
LABELS: Final[Mapping[str, Any]] = {
    DRAFT: pgettext_lazy("publication", "Draft"),
    SCHEDULED: pgettext_lazy("publication", "Scheduled"),
    PUBLISHED: pgettext_lazy("publication", "Published"),
}

PUBLISH = "publish"  # now
SCHEDULE = "schedule"  # at a moment to come
UNPUBLISH = "unpublish"  # back to a draft

#: Which step takes a publication from which state to which.
TRANSITIONS: Final[Mapping[tuple[str, str], str]] = {
    (DRAFT, PUBLISH): PUBLISHED,
    (DRAFT, SCHEDULE): SCHEDULED,
    (SCHEDULED, PUBLISH): PUBLISHED,
    (SCHEDULED, SCHEDULE): SCHEDULED,  # another moment
    (SCHEDULED, UNPUBLISH): DRAFT,
    (PUBLISHED, UNPUBLISH): DRAFT,
}

_REFUSALS: Final[Mapping[tuple[str, str], Any]] = {
    (PUBLISHED, PUBLISH): gettext_lazy("This publication is already published."),
    (PUBLISHED, SCHEDULE): gettext_lazy(
        "This publication is already published: withdraw it first to schedule it again."
    ),
    (DRAFT, UNPUBLISH): gettext_lazy("This publication is a draft: there is nothing to withdraw."),
}


def state(published_at: datetime.datetime | None, now: datetime.datetime) -> str:
    """Draft without a date, scheduled before it, published from it on."""
    if published_at is None:
        return DRAFT
    return PUBLISHED if published_at <= now else SCHEDULED


def target(current: str, step: str) -> str:
    """The state the step leads to, or InvalidTransition with the plain-language reason."""
    try:
        return TRANSITIONS[(current, step)]
    except KeyError:
        refusal = _REFUSALS.get((current, step)) or _("This step is not possible now.")
        raise InvalidTransition(str(refusal)) from None


def allowed(current: str, step: str) -> bool:
    """Whether the page offers the step (the service checks it again)."""
    return (current, step) in TRANSITIONS


def check_moment(at: datetime.datetime, now: datetime.datetime) -> None:
    """A publication is scheduled for a moment to come: a past one is "publish now"."""
    if at <= now:
        raise InvalidTransition(_("Choose a date and time to come, or publish now."))


def publish_refusal(kind: str, title_en: str, results_fr: str) -> str | None:
    """What a publication lacks before the public sees it, or None.

    The public site is in French and English: the English title is required (the text falls back to
    the French one, marked as French). A success story shows its measured results.
    """
    if not title_en.strip():
        return _("Give the English title before publishing: the public site is in French and English.")
    if kind == PublicationKind.STORY and not results_fr.strip():
        return _("A success story is published with its measured results: describe them first.")
    return None


# --- Members-only information (decision 52): a draft, published, withdrawn ---------------------------

BRIEFING_PUBLISH = "publish"
BRIEFING_WITHDRAW = "withdraw"

#: Which step takes a piece of members-only information from which status to which. A withdrawn one
#: may be published again (a corrected study); a draft has nothing to withdraw.
BRIEFING_TRANSITIONS: Final[Mapping[tuple[str, str], str]] = {
    (BriefingStatus.DRAFT, BRIEFING_PUBLISH): BriefingStatus.PUBLISHED,
    (BriefingStatus.WITHDRAWN, BRIEFING_PUBLISH): BriefingStatus.PUBLISHED,
    (BriefingStatus.PUBLISHED, BRIEFING_WITHDRAW): BriefingStatus.WITHDRAWN,
}

_BRIEFING_REFUSALS: Final[Mapping[tuple[str, str], Any]] = {
    (BriefingStatus.PUBLISHED, BRIEFING_PUBLISH): gettext_lazy("This information is already published."),
    (BriefingStatus.DRAFT, BRIEFING_WITHDRAW): gettext_lazy(
        "This information is a draft: there is nothing to withdraw."
    ),
    (BriefingStatus.WITHDRAWN, BRIEFING_WITHDRAW): gettext_lazy("This information is already withdrawn."),
}


def briefing_target(current: str, step: str) -> str:
    """The status the step leads to, or InvalidTransition with the plain-language reason."""
    try:
        return BRIEFING_TRANSITIONS[(current, step)]
    except KeyError:
        refusal = _BRIEFING_REFUSALS.get((current, step)) or _("This step is not possible now.")
        raise InvalidTransition(str(refusal)) from None


def briefing_allowed(current: str, step: str) -> bool:
    """Whether the page offers the step (the service checks it again)."""
    return (current, step) in BRIEFING_TRANSITIONS
