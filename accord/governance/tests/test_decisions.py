"""Quorum and majority arithmetic under every rule, with recusals and proxies."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accord.governance.decisions import (
    Balance,
    CompositionNotMet,
    DecisionNotAllowed,
    NoQuorum,
    Rules,
    Tally,
    balance,
    count,
    decide,
    quorum_required,
)
from accord.governance.models import DecisionMode, DecisionRule, QuorumRule, ResolutionOutcome

MAJORITY = Rules()
TWO_THIRDS = Rules(decision_rule=DecisionRule.TWO_THIRDS)
CONSENSUS_RULE = Rules(decision_rule=DecisionRule.CONSENSUS)
NO_CONSENSUS = Rules(consensus_allowed=False)


@pytest.mark.parametrize(
    ("rules", "eligible", "expected"),
    [
        (MAJORITY, 12, 7),
        (MAJORITY, 11, 6),
        (MAJORITY, 1, 1),
        (MAJORITY, 0, 1),  # nobody eligible: a quorum of one can never be met
        (Rules(quorum_rule=QuorumRule.FRACTION, quorum_fraction=Decimal("0.60")), 12, 8),
        (Rules(quorum_rule=QuorumRule.FRACTION, quorum_fraction=Decimal("0.60")), 10, 6),
        (Rules(quorum_rule=QuorumRule.FRACTION, quorum_fraction=Decimal("0.25")), 2, 1),
        (Rules(quorum_rule=QuorumRule.FIXED, quorum_count=5), 12, 5),
        (Rules(quorum_rule=QuorumRule.FIXED, quorum_count=5), 4, 5),  # too many recused to decide
    ],
)
def test_quorum_required(rules, eligible, expected):
    assert quorum_required(rules, eligible) == expected


def test_recused_members_leave_the_base_of_the_quorum():
    # 12 voting members, 3 recused: the quorum is a majority of 9, i.e. 5.
    tally = Tally(voting_members=12, recused=3, present=5, votes_for=3, votes_against=2)
    assert (tally.eligible, tally.quorum, tally.quorum_met) == (9, 5, True)
    assert decide(tally, DecisionMode.VOTE) == "adopted"


def test_no_quorum_no_decision():
    tally = Tally(voting_members=12, recused=0, present=6, votes_for=6)
    with pytest.raises(NoQuorum):
        decide(tally, DecisionMode.VOTE)


@pytest.mark.parametrize(
    ("votes_for", "votes_against", "abstentions", "expected"),
    [
        (4, 3, 0, "adopted"),
        (3, 3, 1, "rejected"),  # a tie is not a majority
        (3, 2, 5, "adopted"),  # abstentions are not votes cast
        (0, 0, 7, "rejected"),
    ],
)
def test_simple_majority(votes_for, votes_against, abstentions, expected):
    tally = Tally(
        voting_members=10,
        recused=0,
        present=7,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    assert decide(tally, DecisionMode.VOTE) == expected


@pytest.mark.parametrize(
    ("votes_for", "votes_against", "expected"),
    [(6, 3, "adopted"), (5, 3, "rejected"), (2, 1, "adopted"), (1, 1, "rejected"), (0, 0, "rejected")],
)
def test_two_thirds(votes_for, votes_against, expected):
    tally = Tally(
        voting_members=9, recused=0, present=9, votes_for=votes_for, votes_against=votes_against, rules=TWO_THIRDS
    )
    assert decide(tally, DecisionMode.VOTE) == expected


def test_consensus_rule_fails_with_one_vote_against():
    base = {"voting_members": 6, "recused": 0, "present": 6, "rules": CONSENSUS_RULE}
    assert decide(Tally(votes_for=5, abstentions=1, **base), DecisionMode.VOTE) == "adopted"
    assert decide(Tally(votes_for=5, votes_against=1, **base), DecisionMode.VOTE) == "rejected"


def test_consensus_needs_the_bylaws_to_allow_it():
    tally = Tally(voting_members=6, recused=0, present=6, rules=NO_CONSENSUS)
    with pytest.raises(DecisionNotAllowed):
        decide(tally, DecisionMode.CONSENSUS)
    assert decide(Tally(voting_members=6, recused=0, present=6), DecisionMode.CONSENSUS) == "adopted"


def test_consensus_still_needs_the_quorum():
    with pytest.raises(NoQuorum):
        decide(Tally(voting_members=6, recused=0, present=2), DecisionMode.CONSENSUS)


def test_rules_from_consensus_bylaws_allow_consensus():
    from accord.governance.models import Bylaws

    bylaws = Bylaws(decision_rule=DecisionRule.CONSENSUS, consensus_allowed=False)
    assert Rules.of(bylaws).consensus_allowed
    assert Rules.of(None) == Rules()


rule_sets = st.builds(
    Rules,
    quorum_rule=st.sampled_from(QuorumRule.values),
    quorum_fraction=st.decimals(min_value=Decimal("0.10"), max_value=Decimal("1.00"), places=2),
    quorum_count=st.integers(min_value=1, max_value=15),
    decision_rule=st.sampled_from(DecisionRule.values),
    consensus_allowed=st.booleans(),
    proxies_allowed=st.booleans(),
)


@given(rule_sets, st.integers(min_value=0, max_value=40))
def test_quorum_is_between_one_and_the_eligible_members_or_unreachable(rules, eligible):
    quorum = quorum_required(rules, eligible)
    assert quorum >= 1
    if rules.quorum_rule == QuorumRule.MAJORITY and eligible:
        assert eligible / 2 < quorum <= eligible


@given(rule_sets, st.data())
def test_adoption_under_every_rule_is_consistent(rules, data):
    voting = data.draw(st.integers(min_value=1, max_value=30))
    recused = data.draw(st.integers(min_value=0, max_value=voting))
    present = data.draw(st.integers(min_value=0, max_value=voting - recused))
    votes_for = data.draw(st.integers(min_value=0, max_value=present))
    votes_against = data.draw(st.integers(min_value=0, max_value=present - votes_for))
    tally = Tally(voting, recused, present, votes_for, votes_against, present - votes_for - votes_against, rules)
    if not tally.quorum_met:
        with pytest.raises(NoQuorum):
            decide(tally, DecisionMode.VOTE)
        return
    outcome = decide(tally, DecisionMode.VOTE)
    if outcome == "adopted":
        # Whatever the rule, an adopted resolution has more votes for than against.
        assert votes_for > votes_against
    if votes_for == 0:
        assert outcome == "rejected"


# --- A niche committee's decision on a project: its binding composition ---------------------

BINDING = Rules(business_majority=True, min_leader_enterprises=1)
PRESENT = dict.fromkeys([1, 2, 3, 4], "present")


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_no_binding_composition_no_balance():
    assert balance(Rules(), deciding=[1, 2], business=[], leaders=0) is None


def test_business_people_must_be_more_than_half_of_those_who_vote(english):
    half = count(
        BINDING,
        voting_ids=[1, 2, 3, 4],
        recused_ids=[],
        attendance=PRESENT,
        composition=([1, 2, 9], 1),
    )
    assert (half.balance.business, half.balance.deciding, half.balance.met) == (2, 4, False)
    with pytest.raises(CompositionNotMet, match="2 of the 4 voting members present and not recused"):
        decide(half, DecisionMode.CONSENSUS)
    # A recused business member no longer decides; an absent one never did.
    recused = count(
        BINDING,
        voting_ids=[1, 2, 3, 4],
        recused_ids=[3],
        attendance=PRESENT,
        composition=([1, 2], 1),
    )
    assert (recused.balance.business, recused.balance.deciding) == (2, 3)
    assert decide(recused, DecisionMode.CONSENSUS) == ResolutionOutcome.ADOPTED


def test_the_leader_enterprises_must_be_seated(english):
    tally = Tally(voting_members=3, recused=0, present=3, rules=BINDING, balance=Balance(True, 1, 3, 3, 0))
    with pytest.raises(CompositionNotMet, match="0 voting members represent a leader enterprise"):
        decide(tally, DecisionMode.VOTE)


def test_without_quorum_the_quorum_is_the_reason_given():
    tally = Tally(voting_members=6, recused=0, present=1, rules=BINDING, balance=Balance(True, 1, 1, 0, 0))
    with pytest.raises(NoQuorum):
        decide(tally, DecisionMode.CONSENSUS)
