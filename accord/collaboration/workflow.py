"""The experience notes' life as a pure table (decision 57): a draft until published; a published
note may be withdrawn, and a withdrawn one published again (a corrected note). No database."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.workflow import InvalidTransition

from .models import NoteStatus

PUBLISH = "publish"
WITHDRAW = "withdraw"

#: Which step takes a note from which status to which.
TRANSITIONS: Final[Mapping[tuple[str, str], str]] = {
    (NoteStatus.DRAFT, PUBLISH): NoteStatus.PUBLISHED,
    (NoteStatus.WITHDRAWN, PUBLISH): NoteStatus.PUBLISHED,
    (NoteStatus.PUBLISHED, WITHDRAW): NoteStatus.WITHDRAWN,
}

_REFUSALS: Final[Mapping[tuple[str, str], Any]] = {
    (NoteStatus.PUBLISHED, PUBLISH): gettext_lazy("This note is already published."),
    (NoteStatus.DRAFT, WITHDRAW): gettext_lazy("This note is a draft: there is nothing to withdraw."),
    (NoteStatus.WITHDRAWN, WITHDRAW): gettext_lazy("This note is already withdrawn."),
}


def target(current: str, step: str) -> str:
    """The status the step leads to, or InvalidTransition with the plain-language reason."""
    try:
        return TRANSITIONS[(current, step)]
    except KeyError:
        refusal = _REFUSALS.get((current, step)) or _("This step is not possible now.")
        raise InvalidTransition(str(refusal)) from None


def allowed(current: str, step: str) -> bool:
    """Whether the page offers the step (the service checks it again)."""
    return (current, step) in TRANSITIONS
