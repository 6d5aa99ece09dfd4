"""Live checks of a committee against its bylaws, each with a plain explanation.

Checks are computed for many committees at once with a fixed number of queries, so the
regional and ministry views can list every committee out of compliance.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Bylaws, Committee, Constituency, CoordinatorReport, Mandate, MandateRole, Meeting, MeetingStatus

OK, WARNING, FAILURE = "ok", "warning", "failure"
ENDING_SOON_DAYS = 60


@dataclass(frozen=True)
class Check:
    """One rule checked, its result and why."""

    code: str
    status: str
    label: str
    explanation: str


@dataclass
class Report:
    """The checks of one committee."""

    committee: Any
    checks: list[Check] = field(default_factory=list)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if c.status == FAILURE]

    @property
    def warnings(self) -> list[Check]:
        return [c for c in self.checks if c.status == WARNING]

    @property
    def compliant(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class _Seat:
    person: str
    role: str
    voting: bool
    constituency: str
    leader: bool
    starts_on: datetime.date
    ends_on: datetime.date | None


def reports(committees: Iterable[Committee], *, on: datetime.date | None = None) -> list[Report]:
    """Compliance of each committee, in five queries whatever their number."""
    on = on or timezone.localdate()
    committees = list(committees)
    ids = [c.pk for c in committees]
    seats: dict[int, list[_Seat]] = defaultdict(list)
    for row in (
        Mandate.objects.current(on)
        .filter(committee_id__in=ids)
        .values_list(
            "committee_id",
            "person__first_name",
            "person__last_name",
            "role",
            "voting",
            "constituency",
            "organisation__is_leader",
            "starts_on",
            "ends_on",
        )
    ):
        committee_id, first, last, role, voting, constituency, leader, starts_on, ends_on = row
        seats[committee_id].append(
            _Seat(f"{first} {last}", role, voting, constituency, bool(leader), starts_on, ends_on)
        )
    bylaws: dict[int, Bylaws] = {}
    for version in Bylaws.objects.filter(committee_id__in=ids, adopted_on__lte=on).order_by("committee_id", "version"):
        bylaws[version.committee_id] = version  # the last one wins: the version in force
    year_ago = timezone.make_aware(datetime.datetime.combine(on - relativedelta(years=1), datetime.time.min))
    held = dict(
        Meeting.objects.filter(committee_id__in=ids, starts_at__gte=year_ago)
        .filter(Q(status=MeetingStatus.CLOSED) | Q(status=MeetingStatus.HELD))
        .values_list("committee_id")
        .annotate(n=Count("pk"))
    )
    last_report = dict(
        CoordinatorReport.objects.filter(committee_id__in=ids, submitted_at__isnull=False)
        .values_list("committee_id")
        .annotate(last=Max("period_end"))
    )
    return [
        Report(
            committee,
            _checks(
                seats[committee.pk],
                bylaws.get(committee.pk),
                held.get(committee.pk, 0),
                last_report.get(committee.pk),
                on,
            ),
        )
        for committee in committees
    ]


def report(committee: Committee, *, on: datetime.date | None = None) -> Report:
    return reports([committee], on=on)[0]


def _checks(
    seats: list[_Seat], bylaws: Bylaws | None, meetings_held: int, last_report: datetime.date | None, on: datetime.date
) -> list[Check]:
    checks: list[Check] = []
    voting = [s for s in seats if s.voting]
    if bylaws is None:
        checks.append(
            Check(
                "bylaws", WARNING, _("Bylaws"), _("No bylaws are recorded, so the committee's rules cannot be checked.")
            )
        )
    else:
        checks.extend(_composition(voting, bylaws))
        checks.extend(_terms(seats, bylaws, on))
        checks.extend(_meetings(bylaws, meetings_held))
        checks.extend(_coordinator(seats, bylaws, last_report, on))
    checks.extend(_ending_soon(seats, on))
    checks.extend(_officers(seats))
    return checks


def _composition(voting: list[_Seat], bylaws: Bylaws) -> list[Check]:
    checks = []
    if bylaws.business_majority:
        business = sum(1 for s in voting if s.constituency == Constituency.BUSINESS)
        ok = business * 2 > len(voting)
        checks.append(
            Check(
                "business_majority",
                OK if ok else FAILURE,
                _("Business people are a majority"),
                _(
                    "%(business)s of the %(voting)s voting members represent business; "
                    "the bylaws require more than half."
                )
                % {"business": business, "voting": len(voting)},
            )
        )
    if bylaws.min_leader_enterprises:
        leaders = sum(1 for s in voting if s.leader)
        ok = leaders >= bylaws.min_leader_enterprises
        checks.append(
            Check(
                "leader_enterprise",
                OK if ok else FAILURE,
                _("Leader enterprises represented"),
                _("%(leaders)s voting members represent a leader enterprise; the bylaws require at least %(min)s.")
                % {"leaders": leaders, "min": bylaws.min_leader_enterprises},
            )
        )
    if bylaws.max_members:
        ok = len(voting) <= bylaws.max_members
        checks.append(
            Check(
                "max_members",
                OK if ok else FAILURE,
                _("Size of the committee"),
                _("%(voting)s voting members; the bylaws allow at most %(max)s.")
                % {"voting": len(voting), "max": bylaws.max_members},
            )
        )
    return checks


def _terms(seats: list[_Seat], bylaws: Bylaws, on: datetime.date) -> list[Check]:
    if not bylaws.term_months:
        return []
    overdue = [s for s in seats if s.ends_on is None and s.starts_on + relativedelta(months=bylaws.term_months) < on]
    if not overdue:
        return [Check("terms", OK, _("Terms of office"), _("Every mandate is within its term."))]
    names = ", ".join(s.person for s in overdue)
    return [
        Check(
            "terms",
            FAILURE,
            _("Terms of office"),
            ngettext(
                "%(names)s has sat longer than the %(months)s-month term without being renewed.",
                "%(names)s have sat longer than the %(months)s-month term without being renewed.",
                len(overdue),
            )
            % {"names": names, "months": bylaws.term_months},
        )
    ]


def _ending_soon(seats: list[_Seat], on: datetime.date) -> list[Check]:
    soon = [s for s in seats if s.ends_on is not None and s.ends_on <= on + datetime.timedelta(days=ENDING_SOON_DAYS)]
    if not soon:
        return []
    names = ", ".join(f"{s.person} ({s.ends_on:%Y-%m-%d})" for s in soon)
    return [
        Check(
            "ending_soon",
            WARNING,
            _("Mandates ending soon"),
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
            _("Meetings held"),
            _("%(held)s meetings held in the last twelve months; the bylaws require at least %(min)s.")
            % {"held": held, "min": bylaws.min_meetings_per_year},
        )
    ]


def _coordinator(
    seats: list[_Seat], bylaws: Bylaws, last_report: datetime.date | None, on: datetime.date
) -> list[Check]:
    if not bylaws.coordinator_report_months or not any(s.role == MandateRole.COORDINATOR for s in seats):
        return []
    due = on - relativedelta(months=bylaws.coordinator_report_months)
    if last_report is not None and last_report >= due:
        return [
            Check(
                "coordinator_report",
                OK,
                _("Coordinator's report"),
                _("The last report covers the period up to %(date)s.") % {"date": f"{last_report:%Y-%m-%d}"},
            )
        ]
    explanation = (
        _("No report since %(date)s; the bylaws ask for one every %(months)s months.")
        % {"date": f"{last_report:%Y-%m-%d}", "months": bylaws.coordinator_report_months}
        if last_report
        else _("The coordinator has not reported yet; the bylaws ask for a report every %(months)s months.")
        % {"months": bylaws.coordinator_report_months}
    )
    return [Check("coordinator_report", FAILURE, _("Coordinator's report"), explanation)]


def _officers(seats: list[_Seat]) -> list[Check]:
    roles = {s.role for s in seats}
    checks = []
    if not roles & {MandateRole.PRESIDENT, MandateRole.CO_PRESIDENT}:
        checks.append(Check("president", WARNING, _("Presidency"), _("Nobody presides over the committee.")))
    if MandateRole.SECRETARY not in roles:
        checks.append(Check("secretary", WARNING, _("Secretary"), _("Nobody keeps the minutes.")))
    return checks
