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

from .models import BilanStatus, ValueStatus


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


# --- A bilan's life (decision 37) ----------------------------------------------------------------
#
#     draft ──submit──▶ submitted ──(niche committee adopts)──▶ adopted (figures frozen)
#                           │
#                           └──(niche committee rejects)──▶ draft (with the reason)


def check_bilan_editable(status: str) -> None:
    """The narrative changes only while the bilan is a draft: the committee decides on what it reads."""
    if status == BilanStatus.DRAFT:
        return
    if status == BilanStatus.ADOPTED:
        raise InvalidTransition(_("This annual report is adopted: it can no longer change."))
    raise InvalidTransition(_("This annual report is before the committee: it changes again only if rejected."))


def check_bilan_submittable(status: str) -> None:
    """Only a draft goes to the committee."""
    if status != BilanStatus.DRAFT:
        raise InvalidTransition(_("This annual report is already before the committee or adopted."))
