"""The project pipeline as pure tables: which action takes a project from which status to which,
and which step of the pages is open in which status, to whom (by power). No database."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.money import format_money
from accord.core.workflow import InvalidTransition

from .models import Audience, EventKind, ProjectStatus

S = ProjectStatus


class Action:
    """What moves a project: the kinds of timeline event that change its status.

    Committee decisions arrive as adopted or rejected resolutions (NICHE_APPROVE,
    REGIONAL_APPROVE, DELEGATED_GRANT, and REFUSE by a committee).
    """

    SUBMIT = EventKind.SUBMIT
    RESUBMIT = EventKind.RESUBMIT  # a project the ministry returned goes back to its analysis
    NICHE_APPROVE = EventKind.NICHE_APPROVE
    REGIONAL_APPROVE = EventKind.REGIONAL_APPROVE
    DELEGATED_GRANT = EventKind.DELEGATED_GRANT
    GRANT = EventKind.GRANT
    SIGN = EventKind.SIGN
    COUNTERSIGN = EventKind.COUNTERSIGN
    REFUSE = EventKind.REFUSE
    RETURN = EventKind.RETURN
    WITHDRAW = EventKind.WITHDRAW
    SIGN_AGREEMENT = EventKind.SIGN_AGREEMENT
    REPORT = EventKind.REPORT
    CLOSE = EventKind.CLOSE


#: Before the ministry commits the aid, the carrier may still withdraw; after, withdrawing
#: releases the commitment.
_BEFORE_GRANT = frozenset({S.DRAFT, S.SUBMITTED, S.NICHE_APPROVED, S.ANALYSIS, S.AWAITING_SIGNATURE, S.RETURNED})

TRANSITIONS: Final[Mapping[tuple[str, str], str]] = {
    (S.DRAFT, Action.SUBMIT): S.SUBMITTED,
    (S.RETURNED, Action.SUBMIT): S.SUBMITTED,
    (S.RETURNED, Action.RESUBMIT): S.ANALYSIS,
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
#: The ministry may publish a project on the public site in these statuses (decision 54): its aid is
#: granted, never while it is under review, refused or withdrawn. A published project that leaves them
#: (a withdrawal after the grant) leaves the public site with them.
PUBLIC: Final = COMMITTED
#: Still moving through the approval chain: counted in the envelope's forecast.
PIPELINE: Final = frozenset({S.SUBMITTED, S.NICHE_APPROVED, S.ANALYSIS, S.AWAITING_SIGNATURE})
#: Instalments are claimed and paid once the agreement is signed.
DISBURSING: Final = frozenset({S.AGREEMENT_SIGNED})
#: No action leads anywhere from these.
FINAL: Final = frozenset(status for status in S.values if not any(key[0] == status for key in TRANSITIONS))
#: The ministry analyses, and refuses, a project the regional committee approved.
IN_ANALYSIS: Final = frozenset({S.ANALYSIS, S.AWAITING_SIGNATURE})


#: A project's usual path, as the public page "How ACCORD works" tells it (config's landing aside): each
#: status with who moves it on, in plain language. Every pair in a row is a transition of TRANSITIONS
#: (a test walks it), so the page cannot describe a path the fund does not take.
PATH: Final[Sequence[tuple[str, str, object]]] = (
    (
        S.DRAFT,
        Action.SUBMIT,
        gettext_lazy(
            "An enterprise writes its project with its budget, partners, the aid it asks for and the action of "
            "its niche's plan it serves, helped by the coordinator and the regional office, then submits it."
        ),
    ),
    (
        S.SUBMITTED,
        Action.NICHE_APPROVE,
        gettext_lazy(
            "The niche committee, where business people hold most seats, decides on it in a meeting, by a "
            "resolution; a member with an interest in the enterprise declares it and does not vote."
        ),
    ),
    (
        S.NICHE_APPROVED,
        Action.REGIONAL_APPROVE,
        gettext_lazy(
            "The project goes on the regional committee's next agenda; the committee adopts its own "
            "resolution, sharing the region's envelope fairly among its niches."
        ),
    ),
    (
        S.ANALYSIS,
        Action.GRANT,
        gettext_lazy(
            "The ministry checks the project against the fund's guide (eligibility, aid rate, caps on public "
            "aid) and grants the aid or refuses it. Granted aid is set aside in the region's envelope, which "
            "can never be committed beyond its amount."
        ),
    ),
    (
        S.GRANTED,
        Action.SIGN_AGREEMENT,
        gettext_lazy(
            "The ministry and the enterprise sign the agreement that sets the instalments and what is reported."
        ),
    ),
    (
        S.AGREEMENT_SIGNED,
        Action.REPORT,
        gettext_lazy(
            "The enterprise carries out the project and claims its instalments with their proofs, then files "
            "its final report: what was done, the jobs created and kept, the investment and sales it brought."
        ),
    ),
    (
        S.FINAL_REPORT,
        Action.CLOSE,
        gettext_lazy(
            "The ministry accepts the report and closes the project; its results count in the program's "
            "results, and the ministry may publish the project on this site."
        ),
    ),
)


def target(current: str, action: str) -> str:
    """The status `action` leads to from `current`, or InvalidTransition with a plain message."""
    try:
        return TRANSITIONS[(current, action)]
    except KeyError:
        raise InvalidTransition(
            _("This step (“%(action)s”) is not possible for a project whose status is “%(status)s”.")
            % {"status": ProjectStatus(current).label, "action": EventKind(action).label}
        ) from None


# --- The steps people take on the pages and through the API ----------------------------------------


class Power(enum.Enum):
    """What a user's roles allow on a project, whatever its status (policies.powers)."""

    EDIT = "edit"  # the carrier's side: write the project, submit it, claim instalments, report
    REVIEW = "review"  # the ministry and the region's office: return a project for changes
    GRANT = "grant"  # the ministry: analyse, grant, refuse, sign agreements, pay, close


@dataclass(frozen=True)
class Step:
    """A step: the statuses in which it is open, and the powers that may take it (any of them)."""

    statuses: frozenset[str]
    powers: frozenset[Power]


def _from(action: str) -> frozenset[str]:
    """The statuses from which `action` leads somewhere."""
    return frozenset(status for (status, step) in TRANSITIONS if step == action)


P = Power

#: Every step a person takes on a project (committees decide by resolutions, not here).
STEPS: Final[Mapping[str, Step]] = {
    "edit": Step(EDITABLE, frozenset({P.EDIT})),
    "submit": Step(_from(Action.SUBMIT), frozenset({P.EDIT})),
    "withdraw": Step(_from(Action.WITHDRAW), frozenset({P.EDIT, P.REVIEW})),
    "return": Step(frozenset({S.SUBMITTED, S.NICHE_APPROVED, S.ANALYSIS}), frozenset({P.REVIEW})),
    # Once a first officer signed, the analysis is what they signed on: it is no longer recorded again.
    "analysis": Step(frozenset({S.ANALYSIS}), frozenset({P.GRANT})),
    "grant": Step(_from(Action.GRANT), frozenset({P.GRANT})),
    "countersign": Step(_from(Action.COUNTERSIGN), frozenset({P.GRANT})),
    "refuse": Step(IN_ANALYSIS, frozenset({P.GRANT})),
    "terms": Step(_from(Action.SIGN_AGREEMENT), frozenset({P.GRANT})),
    "agreement": Step(_from(Action.SIGN_AGREEMENT), frozenset({P.GRANT})),
    "document": Step(frozenset(S.values) - FINAL, frozenset({P.EDIT, P.REVIEW})),
    "claim": Step(DISBURSING, frozenset({P.EDIT})),
    "decide": Step(DISBURSING | {S.FINAL_REPORT}, frozenset({P.GRANT})),
    "report": Step(_from(Action.REPORT), frozenset({P.EDIT})),
    "report_return": Step(frozenset({S.FINAL_REPORT}), frozenset({P.GRANT})),
    "close": Step(_from(Action.CLOSE), frozenset({P.GRANT})),
    # The public page (decision 54): the ministry publishes a granted project, and may remove it at any time,
    # a withdrawn one's too (the site no longer shows it, the ministry may still clear its publication).
    "publish": Step(PUBLIC, frozenset({P.GRANT})),
    "unpublish": Step(PUBLIC | {S.WITHDRAWN}, frozenset({P.GRANT})),
}


def publication_refusal(status: str) -> str:
    """Why a project in this status cannot be published, in plain words; empty when it can."""
    if status in PUBLIC:
        return ""
    return _(
        "Only a project whose aid is granted may be published: this one is “%(status)s”. "
        "A project under review, refused or withdrawn never has a public page."
    ) % {"status": ProjectStatus(status).label}


def is_open(step: str, status: str) -> bool:
    """Whether the status allows the step."""
    return status in STEPS[step].statuses


def require_open(step: str, status: str) -> None:
    """InvalidTransition, in plain words, when the status does not allow the step."""
    if not is_open(step, status):
        raise InvalidTransition(
            _("This step is not possible while the project's status is “%(status)s”.")
            % {"status": ProjectStatus(status).label}
        )


# --- Who reads what: the audience of each kind of timeline entry ------------------------------------

A = Audience
E = EventKind

#: Who reads each kind of timeline entry, its note and the email that announces it. The carrier
#: reads its project's steps and decisions; the committees also read what concerns their
#: resolutions; the ministry's own work (the analysis, its checklist and notes, the first of
#: two signatures) stays with the ministry and the regional offices. A second signature is
#: the grant itself: its entry is the carrier's, in the words of a grant (CARRIER_WORDS).
EVENT_AUDIENCE: Final[Mapping[str, str]] = {
    E.SUBMIT: A.CARRIER,
    E.NICHE_APPROVE: A.CARRIER,
    E.REGIONAL_APPROVE: A.CARRIER,
    E.DELEGATED_GRANT: A.CARRIER,
    E.GRANT: A.CARRIER,
    E.SIGN: A.MINISTRY,
    E.COUNTERSIGN: A.CARRIER,
    E.REFUSE: A.CARRIER,
    E.RETURN: A.CARRIER,
    E.WITHDRAW: A.CARRIER,
    E.SIGN_AGREEMENT: A.CARRIER,
    E.REPORT: A.CARRIER,
    E.CLOSE: A.CARRIER,
    E.CREATE: A.CARRIER,
    E.UPDATE: A.CARRIER,
    E.DOCUMENT: A.CARRIER,  # the document's own audience when it is narrower (services.attach_document)
    E.ANALYSIS: A.MINISTRY,
    E.CLAIM: A.CARRIER,
    E.PAID: A.CARRIER,
    E.CLAIM_REJECTED: A.CARRIER,
    E.RESOLUTION: A.COMMITTEE,  # the committee's resolution; the step it leads to is the carrier's
    E.DOCUMENT_DESTROYED: A.CARRIER,
    E.RESUBMIT: A.CARRIER,
    E.AGREEMENT_TERMS: A.CARRIER,  # the carrier signs the agreement: it reads its terms
    E.PUBLISH: A.CARRIER,  # what the public reads of its project, the carrier reads first
    E.UNPUBLISH: A.CARRIER,
}

#: Each audience reads its own entries and those of the audiences after it in this order.
_RANK: Final[Mapping[str, int]] = {A.CARRIER: 0, A.COMMITTEE: 1, A.MINISTRY: 2}

#: What a reader outside the ministry is told instead of an internal step or status: the
#: second signature grants the aid, and a grant awaiting it is still in the ministry's analysis.
CARRIER_WORDS: Final[Mapping[str, str]] = {E.COUNTERSIGN: E.GRANT}
CARRIER_STATUS: Final[Mapping[str, str]] = {S.AWAITING_SIGNATURE: S.ANALYSIS}


def event_audience(kind: str) -> str:
    """The audience of a timeline entry of this kind (an unknown kind stays with the ministry)."""
    return EVENT_AUDIENCE.get(kind, A.MINISTRY)


def shown_to(audience: str, reader: str | None) -> bool:
    """Whether a reader of `reader`'s audience may read something addressed to `audience` (None: nobody)."""
    return reader is not None and _RANK[audience] <= _RANK[reader]


def readable(reader: str | None) -> list[str]:
    """The audiences a reader reads (for a queryset filter)."""
    return [audience for audience in A.values if shown_to(audience, reader)]


def status_for(status: str, reader: str | None) -> str:
    """The status as the reader is told it: an internal one reads as the step it belongs to."""
    return status if reader == A.MINISTRY else CARRIER_STATUS.get(status, status)


def statuses_read_as(status: str, reader: str | None) -> list[str]:
    """The statuses a reader is told as `status` (a list filtered by status finds them all)."""
    return [value for value in S.values if status_for(value, reader) == status]


def step_for(kind: str, reader: str | None) -> str:
    """The kind of step as the reader is told it (the second signature is, for the carrier, the grant)."""
    return kind if reader == A.MINISTRY else CARRIER_WORDS.get(kind, kind)


def document_audience(title: str, required: Sequence[str], filer: str) -> str:
    """The default audience of a document by its kind, for one filed by a reader of `filer`'s audience.

    The carrier's documents are the carrier's, and so is a document the fund guide requires
    (it belongs to the carrier's file, whoever files it); anything else a committee or the
    staff file stays at their own audience until they choose a wider one.
    """
    if filer == A.CARRIER:
        return A.CARRIER
    wanted = title.strip().casefold()
    if any(wanted == name.strip().casefold() for name in required):
        return A.CARRIER
    return filer


# --- The agreement: its payment schedule, holdback and reporting dates (decision 32) ----------------

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Instalment:
    """A line of the payment schedule: claimable from `due_on`, when its milestone is reached."""

    milestone: str
    due_on: datetime.date
    amount: Decimal


@dataclass(frozen=True)
class ReportDue:
    """A report the carrier owes under the agreement."""

    report: str
    due_on: datetime.date


def holdback(granted: Decimal, rate: Decimal) -> Decimal:
    """The part of the aid kept until the final report is accepted: `rate` % of it, to the cent."""
    return (granted * rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def terms_problems(
    granted: Decimal, granted_on: datetime.date, instalments: Sequence[Instalment], reports: Sequence[ReportDue]
) -> list[str]:
    """What keeps the agreement's terms from being recorded, one sentence each saying what to change.

    The schedule pays the aid granted exactly, in instalments that fall due once the aid is
    granted; the carrier owes at least one report (the final one), due after the grant too.
    """
    problems = []
    if not instalments:
        problems.append(_("Add at least one instalment to the payment schedule."))
    else:
        total = sum((line.amount for line in instalments), Decimal(0))
        if total != granted:
            problems.append(
                _("The instalments add up to %(total)s: they must add up to the aid granted, %(granted)s.")
                % {"total": format_money(total), "granted": format_money(granted)}
            )
    early = [line.milestone for line in instalments if line.due_on < granted_on]
    early += [line.report for line in reports if line.due_on < granted_on]
    for name in early:
        problems.append(
            _("“%(name)s” falls due before the aid was granted, on %(date)s: choose a later date.")
            % {"name": name, "date": date_format(granted_on, "DATE_FORMAT")}
        )
    if not reports:
        problems.append(_("Add at least one reporting date: the final report's."))
    return problems


def claim_ceiling(granted: Decimal, instalments: Sequence[Instalment], kept: Decimal, today: datetime.date) -> Decimal:
    """The most of the aid that may have been claimed by `today`: the instalments due by then,
    never more than the aid less the holdback (paid when the final report is accepted)."""
    released = sum((line.amount for line in instalments if line.due_on <= today), Decimal(0))
    return min(released, granted - kept)
