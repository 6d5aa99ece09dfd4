"""The project pipeline: which action takes a project from which status to which. Pure data."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accord.core.workflow import InvalidTransition

from .models import ProjectStatus

S = ProjectStatus


class Action:
    """What moves a project. Committee decisions arrive as adopted or rejected resolutions."""

    SUBMIT = "submit"
    NICHE_APPROVE = "niche_approve"
    REGIONAL_APPROVE = "regional_approve"
    DELEGATED_GRANT = "delegated_grant"
    GRANT = "grant"
    SIGN = "sign"
    COUNTERSIGN = "countersign"
    REFUSE = "refuse"
    RETURN = "return"
    WITHDRAW = "withdraw"
    SIGN_AGREEMENT = "sign_agreement"
    REPORT = "report"
    CLOSE = "close"


ACTION_LABELS: Final[Mapping[str, object]] = {
    Action.SUBMIT: _("Submitted"),
    Action.NICHE_APPROVE: _("Approved by the niche committee"),
    Action.REGIONAL_APPROVE: _("Approved by the regional committee"),
    Action.DELEGATED_GRANT: _("Granted by the regional committee under a delegation"),
    Action.GRANT: _("Granted by the ministry"),
    Action.SIGN: _("First ministry signature"),
    Action.COUNTERSIGN: _("Granted on the second ministry signature"),
    Action.REFUSE: _("Refused"),
    Action.RETURN: _("Returned for changes"),
    Action.WITHDRAW: _("Withdrawn"),
    Action.SIGN_AGREEMENT: _("Agreement signed"),
    Action.REPORT: _("Final report submitted"),
    Action.CLOSE: pgettext_lazy("project step", "Closed"),
}

#: Before the ministry commits the aid, the carrier may still withdraw; after, withdrawing
#: releases the commitment.
_BEFORE_GRANT = frozenset({S.DRAFT, S.SUBMITTED, S.NICHE_APPROVED, S.ANALYSIS, S.AWAITING_SIGNATURE, S.RETURNED})

TRANSITIONS: Final[Mapping[tuple[str, str], str]] = {
    (S.DRAFT, Action.SUBMIT): S.SUBMITTED,
    (S.RETURNED, Action.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, Action.NICHE_APPROVE): S.NICHE_APPROVED,
    (S.SUBMITTED, Action.REFUSE): S.REFUSED,
    (S.SUBMITTED, Action.RETURN): S.RETURNED,
    (S.NICHE_APPROVED, Action.REGIONAL_APPROVE): S.ANALYSIS,
    (S.NICHE_APPROVED, Action.DELEGATED_GRANT): S.GRANTED,
    (S.NICHE_APPROVED, Action.REFUSE): S.REFUSED,
    (S.NICHE_APPROVED, Action.RETURN): S.RETURNED,
    (S.ANALYSIS, Action.GRANT): S.GRANTED,
    (S.ANALYSIS, Action.SIGN): S.AWAITING_SIGNATURE,  # above the guide's threshold, two signatures
    (S.ANALYSIS, Action.REFUSE): S.REFUSED,
    (S.ANALYSIS, Action.RETURN): S.RETURNED,
    (S.AWAITING_SIGNATURE, Action.COUNTERSIGN): S.GRANTED,
    (S.AWAITING_SIGNATURE, Action.REFUSE): S.REFUSED,
    (S.GRANTED, Action.SIGN_AGREEMENT): S.AGREEMENT_SIGNED,
    (S.GRANTED, Action.WITHDRAW): S.WITHDRAWN,
    (S.AGREEMENT_SIGNED, Action.REPORT): S.FINAL_REPORT,
    (S.FINAL_REPORT, Action.CLOSE): S.CLOSED,
    (S.FINAL_REPORT, Action.RETURN): S.AGREEMENT_SIGNED,  # the report goes back to the carrier
    **{(status, Action.WITHDRAW): S.WITHDRAWN for status in _BEFORE_GRANT},
}

#: The carrier may change the project's content only in these statuses.
EDITABLE: Final = frozenset({S.DRAFT, S.RETURNED})
#: Aid is committed against the envelope in these statuses.
COMMITTED: Final = frozenset({S.GRANTED, S.AGREEMENT_SIGNED, S.FINAL_REPORT, S.CLOSED})
#: Still moving through the approval chain: counted in the envelope's forecast.
PIPELINE: Final = frozenset({S.SUBMITTED, S.NICHE_APPROVED, S.ANALYSIS, S.AWAITING_SIGNATURE})
#: Instalments are claimed and paid once the agreement is signed.
DISBURSING: Final = frozenset({S.AGREEMENT_SIGNED})
#: No action leads anywhere from these.
FINAL: Final = frozenset(status for status in S.values if not any(key[0] == status for key in TRANSITIONS))


def target(current: str, action: str) -> str:
    """The status `action` leads to from `current`, or InvalidTransition with a plain message."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise InvalidTransition(
            _("This step (“%(action)s”) is not possible for a project whose status is “%(status)s”.")
            % {"status": ProjectStatus(current).label, "action": ACTION_LABELS[action]}
        ) from None


def actions_from(current: str) -> list[str]:
    """The actions allowed from `current`, in the table's order."""
    return [action for (status, action) in TRANSITIONS if status == current]
