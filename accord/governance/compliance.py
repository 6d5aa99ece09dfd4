"""Checks of a committee against its bylaws, each with a plain explanation: pure functions over values.

selectors.compliance_reports reads what they need for many committees at once, in a fixed
number of queries, so the regional and ministry views can list every committee out of compliance.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Bylaws, Constituency, MandateRole

OK, WARNING, FAILURE = "ok", "warning", "failure"
ENDING_SOON_DAYS = 60
#: A member seated again on the same committee within this many days of the end of their
#: previous mandate continues it: the two terms are consecutive. Committees renew seats at
#: their annual meeting, which seldom falls on the day a term ends; a season's gap is not a
#: real break from the committee.
CONSECUTIVE_GAP_DAYS = 90


#: The checks that can fail (the others only warn), in the order a report lists them: the
#: work queue of committees out of compliance names them in this order (selectors.failing_checks).
FAILING_CHECKS = ("business_majority", "leader_enterprise", "max_members", "terms", "meetings", "coordinator_report")


def label(code: str) -> str:
    """The name of a check, in the active language: reports and the work queue name checks alike."""
    return {
        "bylaws": _("Bylaws"),
        "coordinator": _("Coordinator"),
        "business_majority": _("Business people are a majority"),
        "leader_enterprise": _("Leader enterprises represented"),
        "max_members": _("Size of the committee"),
        "terms": _("Terms of office"),
        "ending_soon": _("Mandates ending soon"),
        "meetings": _("Meetings held"),
        "coordinator_report": _("Coordinator's report"),
        "president": _("Presidency"),
        "secretary": _("Secretary"),
    }[code]


@dataclass(frozen=True)
class Check:
    """One rule checked, its result and why."""

    code: str
    status: str
    label: str
    explanation: str
    #: The bylaws make the rule bind: the services refuse what breaks it (a seat, a decision on
    #: a project). Otherwise the check only advises.
    blocking: bool = False


@dataclass
class Report:
    """The checks of one committee."""

    committee: Any
    checks: list[Check] = field(default_factory=list)
    #: The version of the bylaws the checks read (the one in force on the day), if any.
    bylaws: Any = None

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.status == FAILURE]

    @property
    def compliant(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class Seat:
    """A current mandate, as the checks read it."""

    person: str
    role: str
    voting: bool
    constituency: str
    leader: bool
    starts_on: datetime.date
    ends_on: datetime.date | None


def checks(
    seats: list[Seat],
    bylaws: Bylaws | None,
    meetings_held: int,
    last_report: datetime.date | None,
    on: datetime.date,
    *,
    niche: bool = False,
) -> list[Check]:
    """Every check of a committee on a day: its seats, its bylaws in force, its meetings and its last report.

    `niche`: the committee is a créneau's own, which has a coordinator (decision 23).
    """
    found: list[Check] = []
    if niche:
        found.extend(_has_coordinator(seats))
    voting = [s for s in seats if s.voting]
    if bylaws is None:
        found.append(
            Check(
                "bylaws",
                WARNING,
                label("bylaws"),
                _("No bylaws are recorded, so the committee's rules cannot be checked."),
            )
        )
    else:
        found.extend(_composition(voting, bylaws))
        found.extend(_terms(seats, bylaws, on))
        found.extend(_meetings(bylaws, meetings_held))
        found.extend(_coordinator(seats, bylaws, last_report, on))
    found.extend(_ending_soon(seats, on))
    found.extend(_officers(seats))
    return found


def leader_seats(voting: list[Seat]) -> int:
    """The voting seats that represent a leader enterprise: what the bylaws' minimum counts."""
    return sum(1 for s in voting if s.leader)


def _composition(voting: list[Seat], bylaws: Bylaws) -> list[Check]:
    checks = []
    if bylaws.business_majority:
        business = sum(1 for s in voting if s.constituency == Constituency.BUSINESS)
        ok = business * 2 > len(voting)
        checks.append(
            Check(
                "business_majority",
                OK if ok else FAILURE,
                label("business_majority"),
                ngettext(
                    "%(business)s of the %(voting)s voting members represents business; "
                    "the bylaws require more than half.",
                    "%(business)s of the %(voting)s voting members represent business; "
                    "the bylaws require more than half.",
                    business,
                )
                % {"business": business, "voting": len(voting)},
                bylaws.business_majority_blocking,
            )
        )
    if bylaws.min_leader_enterprises:
        leaders = leader_seats(voting)
        ok = leaders >= bylaws.min_leader_enterprises
        checks.append(
            Check(
                "leader_enterprise",
                OK if ok else FAILURE,
                label("leader_enterprise"),
                ngettext(
                    "%(leaders)s voting member represents a leader enterprise; the bylaws require at least %(min)s.",
                    "%(leaders)s voting members represent a leader enterprise; the bylaws require at least %(min)s.",
                    leaders,
                )
                % {"leaders": leaders, "min": bylaws.min_leader_enterprises},
                bylaws.leader_enterprises_blocking,
            )
        )
    if bylaws.max_members:
        ok = len(voting) <= bylaws.max_members
        checks.append(
            Check(
                "max_members",
                OK if ok else FAILURE,
                label("max_members"),
                _("%(voting)s voting members; the bylaws allow at most %(max)s.")
                % {"voting": len(voting), "max": bylaws.max_members},
                bylaws.max_members_blocking,
            )
        )
    return checks


def _terms(seats: list[Seat], bylaws: Bylaws, on: datetime.date) -> list[Check]:
    if not bylaws.term_months:
        return []
    overdue = [s for s in seats if s.ends_on is None and s.starts_on + relativedelta(months=bylaws.term_months) < on]
    if not overdue:
        return [Check("terms", OK, label("terms"), _("Every mandate is within its term."), bylaws.term_months_blocking)]
    names = ", ".join(s.person for s in overdue)
    return [
        Check(
            "terms",
            FAILURE,
            label("terms"),
            ngettext(
                "%(names)s has sat longer than the %(months)s-month term without being renewed.",
                "%(names)s have sat longer than the %(months)s-month term without being renewed.",
                len(overdue),
            )
            % {"names": names, "months": bylaws.term_months},
            bylaws.term_months_blocking,
        )
    ]


def _ending_soon(seats: list[Seat], on: datetime.date) -> list[Check]:
    soon = [s for s in seats if s.ends_on is not None and s.ends_on <= on + datetime.timedelta(days=ENDING_SOON_DAYS)]
    if not soon:
        return []
    names = ", ".join(f"{s.person} ({s.ends_on:%Y-%m-%d})" for s in soon)
    return [
        Check(
            "ending_soon",
            WARNING,
            label("ending_soon"),
            _("Ending within %(days)s days: %(names)s. Plan their renewal or replacement.")
            % {"days": ENDING_SOON_DAYS, "names": names},
        )
    ]


def _meetings(bylaws: Bylaws, held: int) -> list[Check]:
    if not bylaws.min_meetings_per_year:
        return []
    ok = held >= bylaws.min_meetings_per_year
    return [
        Check(
            "meetings",
            OK if ok else FAILURE,
            label("meetings"),
            _("%(held)s meetings held in the last twelve months; the bylaws require at least %(min)s.")
            % {"held": held, "min": bylaws.min_meetings_per_year},
        )
    ]


def _has_coordinator(seats: list[Seat]) -> list[Check]:
    # Advisory: a niche without a coordinator still meets and decides while it hires one.
    if any(s.role == MandateRole.COORDINATOR for s in seats):
        return []
    return [
        Check(
            "coordinator",
            WARNING,
            label("coordinator"),
            _("Nobody holds the coordinator mandate: the niche has no coordinator."),
        )
    ]


def report_due_on(seats: list[Seat], bylaws: Bylaws | None, last_report: datetime.date | None) -> datetime.date | None:
    """The day the coordinator's next report is due, or None when the bylaws ask for none or nobody coordinates.

    A report is due `coordinator_report_months` after the latest of: the end of the period the last
    report covered, the day the current coordinator took office, the day the bylaws came into force.
    A coordinator who never reported owes a first report that long after taking office.
    """
    if bylaws is None or not bylaws.coordinator_report_months:
        return None
    starts = [s.starts_on for s in seats if s.role == MandateRole.COORDINATOR]
    if not starts:
        return None
    since = max(d for d in (last_report, min(starts), bylaws.adopted_on) if d is not None)
    return since + relativedelta(months=bylaws.coordinator_report_months)


def _coordinator(
    seats: list[Seat], bylaws: Bylaws, last_report: datetime.date | None, on: datetime.date
) -> list[Check]:
    due = report_due_on(seats, bylaws, last_report)
    if due is None:
        return []
    if due >= on:
        explanation = (
            _("The last report covers the period up to %(date)s.") % {"date": f"{last_report:%Y-%m-%d}"}
            if last_report
            else _("The coordinator's first report is due on %(date)s.") % {"date": f"{due:%Y-%m-%d}"}
        )
        return [Check("coordinator_report", OK, label("coordinator_report"), explanation)]
    explanation = (
        _("No report since %(date)s; the bylaws ask for one every %(months)s months.")
        % {"date": f"{last_report:%Y-%m-%d}", "months": bylaws.coordinator_report_months}
        if last_report
        else _("The coordinator has not reported yet; the bylaws ask for a report every %(months)s months.")
        % {"months": bylaws.coordinator_report_months}
    )
    return [Check("coordinator_report", FAILURE, label("coordinator_report"), explanation)]


def _officers(seats: list[Seat]) -> list[Check]:
    roles = {s.role for s in seats}
    checks = []
    if not roles & {MandateRole.PRESIDENT, MandateRole.CO_PRESIDENT}:
        checks.append(Check("president", WARNING, label("president"), _("Nobody presides over the committee.")))
    if MandateRole.SECRETARY not in roles:
        checks.append(Check("secretary", WARNING, label("secretary"), _("Nobody keeps the minutes.")))
    return checks


# --- A seat against the bylaws (the services refuse what a binding rule refuses) -------------


@dataclass(frozen=True)
class SeatRefusal:
    """A binding rule of the bylaws that a seat would break: the rule (a Bylaws field), the form field, why."""

    rule: str
    field: str
    message: str


def term_end(starts_on: datetime.date, months: int) -> datetime.date:
    """The last day of a term of `months` months starting on a day (the day before the same date, months later)."""
    return starts_on + relativedelta(months=months) - datetime.timedelta(days=1)


def consecutive_terms(starts_on: datetime.date, previous: list[tuple[datetime.date, datetime.date | None]]) -> int:
    """How many mandates in a row a seat starting on a day makes, itself included.

    `previous`: the (first day, last day) of the person's other seats on the committee. A seat
    continues the one that ended the day before it starts, or within CONSECUTIVE_GAP_DAYS.
    """
    count, start = 1, starts_on
    while True:
        earliest = start - datetime.timedelta(days=CONSECUTIVE_GAP_DAYS + 1)
        before = [(first, last) for first, last in previous if last is not None and earliest <= last < start]
        if not before:
            return count
        count += 1
        start = min(first for first, _last in before)  # strictly earlier: the loop ends


def seat_refusals(
    bylaws: Bylaws | None,
    *,
    person: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
    previous: list[tuple[datetime.date, datetime.date | None]],
) -> list[SeatRefusal]:
    """What the binding bylaws in force on the first day refuse of a seat: a term too long, a term too many."""
    if bylaws is None:
        return []
    found = []
    if bylaws.term_months and bylaws.term_months_blocking:
        last = term_end(starts_on, bylaws.term_months)
        if ends_on is None or ends_on > last:
            found.append(
                SeatRefusal(
                    "term_months",
                    "ends_on",
                    _(
                        "Under the bylaws a term lasts at most %(months)s months: "
                        "this mandate ends on %(date)s at the latest."
                    )
                    % {"months": bylaws.term_months, "date": f"{last:%Y-%m-%d}"},
                )
            )
    if bylaws.max_consecutive_terms and bylaws.max_consecutive_terms_blocking:
        terms = consecutive_terms(starts_on, previous)
        if terms > bylaws.max_consecutive_terms:
            found.append(
                SeatRefusal(
                    "max_consecutive_terms",
                    "starts_on",
                    _(
                        "This would be %(person)s's mandate number %(terms)s in a row on this committee; the bylaws "
                        "allow at most %(max)s consecutive terms (a mandate starting within %(days)s days of the end "
                        "of the previous one continues it)."
                    )
                    % {
                        "person": person,
                        "terms": terms,
                        "max": bylaws.max_consecutive_terms,
                        "days": CONSECUTIVE_GAP_DAYS,
                    },
                )
            )
    return found


def size_refusal(bylaws: Bylaws | None, *, voting_members: int, on: datetime.date) -> SeatRefusal | None:
    """A voting seat beyond the binding maximum: `voting_members` counts the committee's voting seats with it."""
    if bylaws is None or not bylaws.max_members or not bylaws.max_members_blocking:
        return None
    if voting_members <= bylaws.max_members:
        return None
    return SeatRefusal(
        "max_members",
        "voting",
        _("The committee would have %(voting)s voting members on %(date)s; the bylaws allow at most %(max)s.")
        % {"voting": voting_members, "date": f"{on:%Y-%m-%d}", "max": bylaws.max_members},
    )
