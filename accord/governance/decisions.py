"""Quorum and majority arithmetic, as pure functions of a committee's rules.

The rules come from the bylaws in force on the day of the meeting. Recused members are
taken out before anything is counted: they are not part of the base of the quorum, they
do not count as present, and their vote cannot exist (services refuse to record it).
Absent and excused members never count; a member represented by proxy counts only where
the bylaws allow proxies.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import AttendanceStatus, Bylaws, DecisionMode, DecisionRule, QuorumRule, ResolutionOutcome


@dataclass(frozen=True)
class Rules:
    """The decision parameters of a committee's bylaws."""

    quorum_rule: str = QuorumRule.MAJORITY
    quorum_fraction: Decimal | None = None
    quorum_count: int | None = None
    decision_rule: str = DecisionRule.SIMPLE_MAJORITY
    consensus_allowed: bool = True
    proxies_allowed: bool = False
    max_proxies_per_member: int = 1
    # The composition rules that bind a niche committee's decisions on a project (see Balance):
    # whether business people must be a majority of those who vote, and the leader enterprises
    # it must seat (0: no binding minimum).
    business_majority: bool = False
    min_leader_enterprises: int = 0

    @classmethod
    def of(cls, bylaws: Bylaws | None) -> Rules:
        """The rules of a bylaws version; common defaults when a committee has none yet."""
        if bylaws is None:
            return cls()
        return cls(
            quorum_rule=bylaws.quorum_rule,
            quorum_fraction=bylaws.quorum_fraction,
            quorum_count=bylaws.quorum_count,
            decision_rule=bylaws.decision_rule,
            consensus_allowed=bylaws.consensus_allowed or bylaws.decision_rule == DecisionRule.CONSENSUS,
            proxies_allowed=bylaws.proxies_allowed,
            max_proxies_per_member=bylaws.max_proxies_per_member,
            business_majority=bylaws.business_majority and bylaws.business_majority_blocking,
            min_leader_enterprises=bylaws.min_leader_enterprises if bylaws.leader_enterprises_blocking else 0,
        )


def quorum_required(rules: Rules, eligible: int) -> int:
    """How many eligible voting members must be present or represented.

    `eligible` is the number of voting members who are not recused.
    """
    if eligible <= 0:
        return 1  # nobody may vote: the quorum cannot be reached
    if rules.quorum_rule == QuorumRule.FRACTION and rules.quorum_fraction is not None:
        return max(1, math.ceil(eligible * rules.quorum_fraction))
    if rules.quorum_rule == QuorumRule.FIXED and rules.quorum_count:
        return rules.quorum_count
    return eligible // 2 + 1


@dataclass(frozen=True)
class Balance:
    """Who carries a niche committee's decision on a project, against the rules its bylaws make bind.

    The program wants business people to carry a niche's decisions and a leader enterprise to
    take part: the committee decides on a project only when business people are a majority
    of those who vote (voting members present or represented, and not recused) and when it
    seats its minimum of leader enterprises (voting seats whose organisation is a leader).
    """

    business_majority: bool
    min_leader_enterprises: int
    #: Voting members present or represented and not recused: those who decide.
    deciding: int
    #: Business people among them.
    business: int
    #: Voting seats of the committee on the day that represent a leader enterprise.
    leaders: int

    @property
    def business_majority_met(self) -> bool:
        return not self.business_majority or self.business * 2 > self.deciding

    @property
    def leaders_met(self) -> bool:
        return self.leaders >= self.min_leader_enterprises

    @property
    def met(self) -> bool:
        return self.business_majority_met and self.leaders_met

    def refusals(self) -> list[str]:
        """Why the committee cannot decide on the project, one sentence per rule not met."""
        found = []
        if not self.business_majority_met:
            found.append(
                ngettext(
                    "Business people are not a majority of those who vote: %(business)s of the %(deciding)s "
                    "voting members present and not recused represents business; the bylaws require more than half.",
                    "Business people are not a majority of those who vote: %(business)s of the %(deciding)s "
                    "voting members present and not recused represent business; the bylaws require more than half.",
                    self.business,
                )
                % {"business": self.business, "deciding": self.deciding}
            )
        if not self.leaders_met:
            found.append(
                ngettext(
                    "%(leaders)s voting member represents a leader enterprise; the bylaws require at least %(min)s.",
                    "%(leaders)s voting members represent a leader enterprise; the bylaws require at least %(min)s.",
                    self.leaders,
                )
                % {"leaders": self.leaders, "min": self.min_leader_enterprises}
            )
        return found


def balance(rules: Rules, *, deciding: Iterable[int], business: Iterable[int], leaders: int) -> Balance | None:
    """The balance of a decision on a project, or None when the bylaws make no composition rule bind.

    `deciding`: the mandates that vote on it (present or represented, not recused); `business`:
    the committee's voting mandates of business people; `leaders`: its leader-enterprise seats.
    """
    if not rules.business_majority and not rules.min_leader_enterprises:
        return None
    deciding = set(deciding)
    return Balance(
        business_majority=rules.business_majority,
        min_leader_enterprises=rules.min_leader_enterprises,
        deciding=len(deciding),
        business=len(deciding & set(business)),
        leaders=leaders,
    )


@dataclass(frozen=True)
class Tally:
    """Who could vote, who was there, and how they voted, at the time of the decision."""

    voting_members: int
    recused: int
    present: int
    votes_for: int = 0
    votes_against: int = 0
    abstentions: int = 0
    rules: Rules = Rules()
    #: Set for a niche committee's decision on a project whose bylaws make a composition rule bind.
    balance: Balance | None = None

    @property
    def eligible(self) -> int:
        return self.voting_members - self.recused

    @property
    def quorum(self) -> int:
        return quorum_required(self.rules, self.eligible)

    @property
    def quorum_met(self) -> bool:
        return self.present >= self.quorum

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against


def counted_present(rules: Rules, attendance: Mapping[int, str]) -> set[int]:
    """The mandates that count as present: present, or represented by proxy where the bylaws allow it."""
    counted = {AttendanceStatus.PRESENT, *([AttendanceStatus.PROXY] if rules.proxies_allowed else [])}
    return {pk for pk, status in attendance.items() if status in counted}


def count(
    rules: Rules,
    *,
    voting_ids: Iterable[int],
    recused_ids: Iterable[int],
    attendance: Mapping[int, str],
    votes: Iterable[tuple[int, str]] = (),
    composition: tuple[Iterable[int], int] | None = None,
) -> Tally:
    """The tally from the records: voting mandates, recusals, attendance by mandate, votes by mandate.

    A recused member leaves the base of the quorum and is not counted present; a vote is
    counted only from a voting member present (or represented, where proxies are allowed)
    and not recused, whatever was recorded. `composition`, for a niche committee's decision
    on a project: (the mandates of business people, the leader-enterprise seats), weighed by `balance`.
    """
    voting = set(voting_ids)
    recused = set(recused_ids) & voting
    present = counted_present(rules, attendance) & voting
    eligible_present = present - recused
    choices = [choice for pk, choice in votes if pk in eligible_present]
    return Tally(
        voting_members=len(voting),
        recused=len(recused),
        present=len(eligible_present),
        votes_for=choices.count("for"),
        votes_against=choices.count("against"),
        abstentions=choices.count("abstain"),
        rules=rules,
        balance=(
            balance(rules, deciding=eligible_present, business=composition[0], leaders=composition[1])
            if composition is not None
            else None
        ),
    )


class NoQuorum(Exception):
    """The quorum is not reached: the committee cannot decide."""


class DecisionNotAllowed(Exception):
    """The bylaws do not allow this way of deciding."""


class CompositionNotMet(Exception):
    """A niche committee out of its binding composition cannot decide on a project: it may defer."""


def decide(tally: Tally, mode: str) -> str:
    """Adopted or rejected, under the rules; raises NoQuorum, CompositionNotMet or DecisionNotAllowed.

    A committee out of its binding composition takes no decision on a project, neither
    adoption nor rejection (those who may not carry it alone would decide either way): it defers.
    """
    if not tally.quorum_met:
        raise NoQuorum(
            _("Quorum not reached: %(present)s present or represented, %(quorum)s needed.")
            % {"present": tally.present, "quorum": tally.quorum}
        )
    if tally.balance is not None and not tally.balance.met:
        raise CompositionNotMet(
            " ".join(
                [
                    _("The committee cannot decide on this project under its bylaws; it may defer it."),
                    *tally.balance.refusals(),
                ]
            )
        )
    rules = tally.rules
    if mode == DecisionMode.CONSENSUS:
        if not rules.consensus_allowed:
            raise DecisionNotAllowed(_("The bylaws require a vote; consensus is not allowed."))
        return ResolutionOutcome.ADOPTED
    if rules.decision_rule == DecisionRule.CONSENSUS:
        # A vote under a consensus rule passes only if nobody votes against.
        adopted = tally.votes_for > 0 and tally.votes_against == 0
    elif rules.decision_rule == DecisionRule.TWO_THIRDS:
        adopted = tally.votes_for > 0 and 3 * tally.votes_for >= 2 * tally.votes_cast
    else:
        adopted = tally.votes_for > tally.votes_against
    return ResolutionOutcome.ADOPTED if adopted else ResolutionOutcome.REJECTED
