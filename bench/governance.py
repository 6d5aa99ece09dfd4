"""Synthetic governance data for `make bench`: committees, mandates, meetings, resolutions, votes.

Like the registry's bench data, rows go straight into the tables with bulk_create, without
the services (history rows, events per step), because the international scale has half a
million resolutions. The rows still tell a consistent story, as the services would write it:

- one committee per créneau (dissolved with its créneau) and one regional committee per region;
- members hold two-year mandates renewed term after term, business people in the majority;
- meetings every few months, the last one of each committee convened ahead; each closed meeting
  has its attendance, its resolutions numbered per committee and year, and its minutes, approved
  by the first resolution of the next meeting;
- a third of the resolutions are decided by a vote recorded member by member; one in ten has a
  recused member, who never votes, and the tally snapshot counts without them;
- meetings and minutes move through the statuses of governance's workflow tables
  (MEETING_TRANSITIONS, MINUTES_TRANSITIONS), and each status reached leaves its event in the
  committee's timeline, as every other step does.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django.utils import timezone
from django.utils.text import slugify

from accord.governance.decisions import Rules, quorum_required
from accord.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Bylaws,
    Committee,
    CommitteeEvent,
    CommitteeKind,
    Constituency,
    DecisionMode,
    DecisionRule,
    EventKind,
    ItemKind,
    Mandate,
    MandateRole,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    QuorumRule,
    Recusal,
    RecusalReason,
    Resolution,
    ResolutionOutcome,
    Vote,
    VoteChoice,
    subject_of,
)
from accord.governance.workflow import MEETING_TRANSITIONS, MINUTES_TRANSITIONS
from accord.registry.demo import data as demo_data
from accord.registry.models import Creneau, CreneauRegion, Region

BATCH_SIZE = 5_000
TERM_DAYS = 730
BUSINESS_SEATS = 6
# Resolution titles; the city ones make the bench's resolution search ("Eindhoven") match
# about one resolution in forty, as a place name typed into the search box would.
TITLES = [
    "Adoption du plan d'action {root}",
    "Appui au projet {stem} {root}",
    "Mandat à la coordination : mission commerciale à {city}",
    "Nomination au comité de travail {root}",
    "Recommandation au comité régional : projet {stem} {root}",
]
MINUTES_TITLE = "Adoption du procès-verbal de la réunion précédente"
MEETING_LENGTH = datetime.timedelta(hours=2)
# What a meeting or its minutes record on reaching each status of the workflow: the event, the
# date field the services set, and when, from the meeting's start (or the approving resolution).
StepTable = Mapping[str, tuple[str, str, datetime.timedelta]]
MEETING_STEPS: StepTable = {
    MeetingStatus.PLANNED: (EventKind.MEETING_PLANNED, "", -datetime.timedelta(days=30)),
    MeetingStatus.CONVENED: (EventKind.MEETING_CONVENED, "convened_at", -datetime.timedelta(days=14)),
    MeetingStatus.HELD: (EventKind.MEETING_OPENED, "opened_at", datetime.timedelta()),
    MeetingStatus.CLOSED: (EventKind.MEETING_CLOSED, "closed_at", MEETING_LENGTH),
}
MINUTES_STEPS: StepTable = {
    MinutesStatus.DRAFT: (EventKind.MINUTES_DRAFTED, "", datetime.timedelta(days=3)),
    MinutesStatus.CIRCULATED: (EventKind.MINUTES_CIRCULATED, "circulated_at", datetime.timedelta(days=7)),
    MinutesStatus.APPROVED: (EventKind.MINUTES_APPROVED, "approved_at", datetime.timedelta()),
}

Log = Callable[[str], None]


@dataclass
class People:
    """What the registry generator knows about people: per region, (person, organisation) pairs."""

    by_region: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    enterprises: set[int] = field(default_factory=set)


@dataclass
class _Term:
    """The mandates of one committee for one two-year term."""

    starts_on: datetime.date
    ends_on: datetime.date
    mandates: list[Mandate]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def walk(transitions: Mapping[str, frozenset[str]], start: str, goal: str) -> list[str]:
    """The statuses after `start` on the shortest way to `goal` in a workflow's table."""
    ways = [[start]]
    while ways[0][-1] != goal:
        way = ways.pop(0)
        ways += [[*way, after] for after in sorted(transitions[way[-1]]) if after not in way]
    return ways[0][1:]


class GovernanceGenerator:
    """One generation run over a registry the bench has just generated."""

    def __init__(self, *, meetings: int, resolutions: int, rng: random.Random, people: People, log: Log) -> None:
        self.meeting_total = meetings
        self.resolution_total = resolutions
        self.rng = rng
        self.people = people
        self.log = log
        self.today = timezone.localdate()
        self.events: list[CommitteeEvent] = []
        self.counts = {"meetings": 0, "resolutions": 0, "votes": 0}

    def run(self) -> None:
        committees = self._committees()
        active = [c for c in committees if c.dissolved_on is None]
        per_committee = self._shares(self.meeting_total, len(active))
        # The last meeting of each committee is ahead of us and has no resolutions yet.
        closed_total = self.meeting_total - sum(1 for share in per_committee if share)
        self._resolution_shares = iter(self._shares(self.resolution_total, closed_total))
        for number, (committee, meetings) in enumerate(zip(active, per_committee, strict=True), start=1):
            if meetings:
                self._committee_life(committee, meetings)
            if number % 500 == 0:
                self.log(f"  {number:,} / {len(active):,} committees' meetings")
        self.log(
            f"{len(committees):,} committees, {self.counts['meetings']:,} meetings, "
            f"{self.counts['resolutions']:,} resolutions, {self.counts['votes']:,} votes"
        )

    @staticmethod
    def _shares(total: int, parts: int) -> list[int]:
        """`total` split into `parts` near-equal whole numbers."""
        if parts == 0:
            return []
        base, extra = divmod(total, parts)
        return [base + (1 if index < extra else 0) for index in range(parts)]

    # --- Committees ----------------------------------------------------------------------

    def _committees(self) -> list[Committee]:
        committees: list[Committee] = []
        for region in Region.objects.order_by("pk"):
            committees.append(
                Committee(
                    kind=CommitteeKind.REGIONAL,
                    name_fr=f"Comité régional ACCORD – {region.name}",
                    name_en=f"ACCORD regional committee – {region.name}",
                    slug=f"cr-{slugify(region.code)}",
                    code=f"CR-{region.code}",
                    region=region,
                    created_on=datetime.date(2002, 9, 1),
                )
            )
        homes: dict[int, int] = {}
        for creneau_id, region_id in CreneauRegion.objects.order_by("pk").values_list("creneau_id", "region_id"):
            homes.setdefault(creneau_id, region_id)  # the first region of a créneau is its home
        for creneau in Creneau.objects.order_by("pk").only("pk", "name_fr", "name_en", "ended_on"):
            committees.append(
                Committee(
                    kind=CommitteeKind.CRENEAU,
                    name_fr=f"Comité du créneau {creneau.name_fr}",
                    name_en=f"Niche committee {creneau.name_en}",
                    slug=f"cc-{creneau.pk}",
                    code=f"CC-{creneau.pk:05d}",
                    creneau=creneau,
                    region_id=homes.get(creneau.pk),
                    dissolved_on=creneau.ended_on,
                )
            )
        for committee in committees:
            committee.search_text = committee.build_search_text()
        created = Committee.objects.bulk_create(committees, batch_size=BATCH_SIZE)
        self._coordinators = dict(Creneau.objects.filter(coordinator__isnull=False).values_list("pk", "coordinator_id"))
        return created

    def _bylaws(self, committee: Committee, adopted_on: datetime.date) -> Bylaws:
        return Bylaws.objects.create(
            committee=committee,
            version=1,
            adopted_on=adopted_on,
            business_majority=True,
            min_leader_enterprises=0,
            max_members=15,
            term_months=24,
            min_meetings_per_year=3,
            quorum_rule=QuorumRule.MAJORITY,
            decision_rule=DecisionRule.SIMPLE_MAJORITY,
            consensus_allowed=True,
            coordinator_report_months=6,
        )

    def _term(self, committee: Committee, starts_on: datetime.date) -> _Term:
        """Seats for one term: a president, a secretary, business members, research, coordinator."""
        pool = self.people.by_region.get(committee.region_id or 0, [])
        business = [pair for pair in pool if pair[1] in self.people.enterprises]
        others = [pair for pair in pool if pair[1] not in self.people.enterprises]
        ends_on = starts_on + datetime.timedelta(days=TERM_DAYS - 1)
        chosen = self.rng.sample(business, min(BUSINESS_SEATS, len(business)))
        seats: list[tuple[int, int | None, str, str, bool]] = []
        for index, (person_id, organisation_id) in enumerate(chosen):
            role = {0: MandateRole.PRESIDENT, 1: MandateRole.SECRETARY}.get(index, MandateRole.MEMBER)
            seats.append((person_id, organisation_id, role, Constituency.BUSINESS, True))
        for person_id, organisation_id in self.rng.sample(others, min(2, len(others))):
            seats.append((person_id, organisation_id, MandateRole.MEMBER, Constituency.RESEARCH, True))
        coordinator = self._coordinators.get(committee.creneau_id or 0)
        if coordinator is not None and coordinator not in {s[0] for s in seats}:
            seats.append((coordinator, None, MandateRole.COORDINATOR, Constituency.OTHER, False))
        mandates = Mandate.objects.bulk_create(
            [
                Mandate(
                    committee=committee,
                    person_id=person_id,
                    organisation_id=organisation_id,
                    role=role,
                    constituency=constituency,
                    voting=voting,
                    starts_on=starts_on,
                    ends_on=ends_on,
                )
                for person_id, organisation_id, role, constituency, voting in seats
            ]
        )
        for mandate in mandates:
            self._event(committee, EventKind.MANDATE_STARTED, _at(starts_on, 8), mandate=mandate)
        return _Term(starts_on, ends_on, mandates)

    # --- Meetings ------------------------------------------------------------------------

    def _committee_life(self, committee: Committee, meetings: int) -> None:
        """The committee's meetings, oldest first, every 60 to 120 days up to the next one."""
        gaps = [self.rng.randint(60, 120) for _ in range(meetings - 1)]
        upcoming = self.today + datetime.timedelta(days=self.rng.randint(3, 45))
        days = [upcoming]
        for gap in gaps:
            days.append(days[-1] - datetime.timedelta(days=gap))
        days.reverse()
        epoch = days[0] - datetime.timedelta(days=self.rng.randint(10, 60))
        self._bylaws(committee, epoch)
        self._event(committee, EventKind.BYLAWS_ADOPTED, _at(epoch, 8))
        term = self._term(committee, epoch)
        previous_minutes: Minutes | None = None
        sequences: dict[int, int] = {}
        for day in days:
            while day > term.ends_on:
                term = self._term(committee, term.ends_on + datetime.timedelta(days=1))
            if day == upcoming:
                self._upcoming(committee, day)
            else:
                previous_minutes = self._held(committee, day, term, previous_minutes, sequences)
        # Once the committee's meetings are saved: an event may name a meeting before it is.
        CommitteeEvent.objects.bulk_create(self.events, batch_size=BATCH_SIZE)
        self.events = []

    def _meeting(self, committee: Committee, day: datetime.date, goal: str, **fields: Any) -> Meeting:
        """A meeting taken from planned to `goal` by the workflow's steps, each with its date and event."""
        start = _at(day)
        meeting = Meeting(committee=committee, starts_at=start, ends_at=start + MEETING_LENGTH, **fields)
        planned = MeetingStatus.PLANNED
        self._steps(meeting, MEETING_STEPS, [planned, *walk(MEETING_TRANSITIONS, planned, goal)], start, meeting)
        # The services send the notice when they convene the members.
        meeting.notice_sent_at = meeting.convened_at
        meeting.save()
        self.counts["meetings"] += 1
        return meeting

    def _steps(
        self, record: Any, table: StepTable, statuses: list[str], origin: datetime.datetime, meeting: Meeting
    ) -> None:
        """Take `record` through `statuses`, in the workflow's order: each one's date and event."""
        for status in statuses:
            kind, date_field, offset = table[status]
            if date_field:
                setattr(record, date_field, origin + offset)
            record.status = status
            self._event(meeting.committee, kind, origin + offset, meeting=meeting)

    def _upcoming(self, committee: Committee, day: datetime.date) -> None:
        meeting = self._meeting(
            committee,
            day,
            MeetingStatus.CONVENED,
            title="Prochaine réunion",
            location="Visioconférence",
            online_url="https://visio.bench.accord.example/",
        )
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(meeting=meeting, position=1, title=MINUTES_TITLE, kind=ItemKind.DECISION),
                AgendaItem(meeting=meeting, position=2, title="Suivi du plan d'action", kind=ItemKind.DISCUSSION),
            ]
        )

    def _held(
        self,
        committee: Committee,
        day: datetime.date,
        term: _Term,
        previous_minutes: Minutes | None,
        sequences: dict[int, int],
    ) -> Minutes:
        rng = self.rng
        start = _at(day)
        meeting = self._meeting(
            committee, day, MeetingStatus.CLOSED, title=f"Réunion du {day:%Y-%m-%d}", location="Salle du conseil"
        )
        count = next(self._resolution_shares, 0)
        titles = [MINUTES_TITLE] if previous_minutes is not None else []
        while len(titles) < count:
            titles.append(
                rng.choice(TITLES).format(
                    root=rng.choice(demo_data.DEMO_NAME_ROOTS),
                    stem=rng.choice(demo_data.DEMO_NAME_STEMS),
                    city=rng.choice(demo_data.DEMO_FOREIGN_CITIES),
                )
            )
        titles = titles[:count]
        # The minutes to approve are the subject of their item and its resolution, as the services
        # record them (governance.subjects: a meeting's agenda reads its subjects).
        about_minutes = subject_of(previous_minutes)
        items = AgendaItem.objects.bulk_create(
            [
                AgendaItem(
                    meeting=meeting,
                    position=position,
                    title=title,
                    kind=ItemKind.DECISION,
                    **(about_minutes if title == MINUTES_TITLE else {}),
                )
                for position, title in enumerate(titles, start=1)
            ]
            or [AgendaItem(meeting=meeting, position=1, title="Tour de table", kind=ItemKind.INFORMATION)]
        )
        # Attendance: most members present, now and then one excused or absent.
        statuses: dict[int, str] = {}
        for mandate in term.mandates:
            roll = rng.random()
            statuses[mandate.pk] = (
                AttendanceStatus.PRESENT
                if roll < 0.85
                else AttendanceStatus.EXCUSED
                if roll < 0.95
                else AttendanceStatus.ABSENT
            )
        Attendance.objects.bulk_create(
            [
                Attendance(meeting=meeting, mandate_id=pk, status=status, recorded_at=start)
                for pk, status in statuses.items()
            ]
        )
        voting = [m for m in term.mandates if m.voting]
        present = [m for m in voting if statuses[m.pk] == AttendanceStatus.PRESENT]
        resolutions, recused, ballots = [], [], []
        year = day.year
        for item in items[: len(titles)]:
            sequences[year] = sequences.get(year, 0) + 1
            sequence = sequences[year]
            by_vote = item.title != MINUTES_TITLE and rng.random() < 0.33
            conflicted = [m for m in present if m.organisation_id] if rng.random() < 0.1 else []
            recusal = rng.choice(conflicted) if conflicted else None
            eligible = [m for m in present if m is not recusal]
            quorum = quorum_required(Rules(), len(voting) - (1 if recusal else 0))
            decided = len(eligible) >= quorum
            by_vote = by_vote and decided
            choices = [
                VoteChoice.FOR if rng.random() < 0.85 else rng.choice([VoteChoice.AGAINST, VoteChoice.ABSTAIN])
                for _ in eligible
            ]
            votes_for = choices.count(VoteChoice.FOR)
            votes_against = choices.count(VoteChoice.AGAINST)
            resolution = Resolution(
                committee=committee,
                meeting=meeting,
                item=item,
                year=year,
                sequence=sequence,
                number=f"{committee.code}-{year}-{sequence:03d}",
                title=item.title,
                text=f"Il est résolu : {item.title.lower()}.",
                subject_type=item.subject_type,
                subject_id=item.subject_id,
                gives_coordinator_mandate=item.title.startswith("Mandat"),
                outcome=(
                    ResolutionOutcome.DEFERRED
                    if not decided
                    else ResolutionOutcome.ADOPTED
                    if not by_vote or votes_for > votes_against
                    else ResolutionOutcome.REJECTED
                ),
                decision_mode="" if not decided else DecisionMode.VOTE if by_vote else DecisionMode.CONSENSUS,
                decision_rule=DecisionRule.SIMPLE_MAJORITY,
                voting_members=len(voting),
                recused_count=1 if recusal else 0,
                present_count=len(eligible),
                quorum_required=quorum,
                votes_for=votes_for if by_vote else None,
                votes_against=votes_against if by_vote else None,
                abstentions=choices.count(VoteChoice.ABSTAIN) if by_vote else None,
                decided_at=start + datetime.timedelta(minutes=10 * sequence % 110),
            )
            resolution.search_text = resolution.build_search_text()
            resolutions.append((resolution, recusal, list(zip(eligible, choices, strict=True)) if by_vote else []))
        created = Resolution.objects.bulk_create([r for r, _recusal, _votes in resolutions])
        for resolution, (_unsaved, recusal, votes) in zip(created, resolutions, strict=True):
            if recusal is not None:
                recused.append(
                    Recusal(resolution=resolution, mandate=recusal, reason=RecusalReason.CARRIER, recorded_at=start)
                )
            for mandate, choice in votes:
                ballots.append(Vote(resolution=resolution, mandate=mandate, choice=choice, recorded_at=start))
            kind: str = {
                ResolutionOutcome.ADOPTED.value: EventKind.RESOLUTION_ADOPTED.value,
                ResolutionOutcome.REJECTED.value: EventKind.RESOLUTION_REJECTED.value,
            }.get(resolution.outcome, EventKind.RESOLUTION_DEFERRED.value)
            self._event(committee, kind, resolution.decided_at, meeting=meeting, resolution=resolution)
        Recusal.objects.bulk_create(recused)
        Vote.objects.bulk_create(ballots, batch_size=BATCH_SIZE)
        self.counts["resolutions"] += len(created)
        self.counts["votes"] += len(ballots)
        if previous_minutes is not None and created and created[0].outcome == ResolutionOutcome.ADOPTED:
            approval = walk(MINUTES_TRANSITIONS, previous_minutes.status, MinutesStatus.APPROVED)
            self._steps(
                previous_minutes, MINUTES_STEPS, approval, cast("datetime.datetime", created[0].decided_at), meeting
            )
            previous_minutes.approved_by = created[0]
            previous_minutes.save(update_fields=["status", "approved_by", "approved_at"])
        minutes = Minutes(meeting=meeting, text=f"Procès-verbal de la réunion du {day:%Y-%m-%d}.")
        drafted = MinutesStatus.DRAFT
        drafting = [drafted, *walk(MINUTES_TRANSITIONS, drafted, MinutesStatus.CIRCULATED)]
        self._steps(minutes, MINUTES_STEPS, drafting, start, meeting)
        minutes.save()
        return minutes

    # --- Timeline ------------------------------------------------------------------------

    def _event(self, committee: Committee, kind: str, at: Any, **links: Any) -> None:
        summary = str(EventKind(kind).label)
        self.events.append(CommitteeEvent(committee=committee, kind=kind, occurred_at=at, summary=summary, **links))
