"""The life of a reported value, as a pure table: which step takes which status where, and the
plain-language refusal of a step the status does not allow.

    draft ──submit──▶ submitted ──approve──▶ approved (locked)
                          │
                          └──return──▶ returned ──(edit)──submit──▶ submitted

A value is edited only while draft or returned: once submitted it waits for a decision, and
once approved it is locked for good (it counts in the comparisons to targets).
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _

from accord.core.workflow import InvalidTransition

from .models import ValueStatus


class Step(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"


#: step -> (the statuses it starts from, the status it leads to)
TRANSITIONS: dict[Step, tuple[frozenset[str], str]] = {
    Step.SUBMIT: (frozenset({ValueStatus.DRAFT, ValueStatus.RETURNED}), ValueStatus.SUBMITTED),
    Step.APPROVE: (frozenset({ValueStatus.SUBMITTED}), ValueStatus.APPROVED),
    Step.RETURN: (frozenset({ValueStatus.SUBMITTED}), ValueStatus.RETURNED),
}

#: The statuses in which the figure and the comment may still change.
EDITABLE = frozenset({ValueStatus.DRAFT, ValueStatus.RETURNED})


def target(step: Step, status: str) -> str:
    """The status `step` leads to from `status`, or InvalidTransition saying why not."""
    sources, to = TRANSITIONS[step]
    if status in sources:
        return to
    if status == ValueStatus.APPROVED:
        raise InvalidTransition(_("This value is approved: it is locked."))
    if step == Step.SUBMIT:
        raise InvalidTransition(_("This value is already submitted: it waits for approval."))
    raise InvalidTransition(_("Only a submitted value can be approved or returned."))


def allowed_steps(status: str) -> list[Step]:
    """The steps the status allows (the buttons a page may offer, powers aside)."""
    return [step for step, (sources, _to) in TRANSITIONS.items() if status in sources]


def check_editable(status: str) -> None:
    """Refuse a change of figure or comment unless the value is a draft or was returned."""
    if status in EDITABLE:
        return
    if status == ValueStatus.APPROVED:
        raise InvalidTransition(_("This value is approved: it is locked and can no longer change."))
    raise InvalidTransition(_("This value is submitted: it can change again only if it is returned."))
