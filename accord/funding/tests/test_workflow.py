"""The transition table, exhaustively: every (status, action) pair is either in the table or refused."""

import itertools

import pytest

from accord.funding import workflow
from accord.funding.models import ProjectStatus as S
from accord.funding.workflow import Action, InvalidTransition

ACTIONS = [value for name, value in vars(Action).items() if name.isupper()]

EXPECTED = {
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
    (S.ANALYSIS, Action.SIGN): S.AWAITING_SIGNATURE,
    (S.ANALYSIS, Action.REFUSE): S.REFUSED,
    (S.ANALYSIS, Action.RETURN): S.RETURNED,
    (S.AWAITING_SIGNATURE, Action.COUNTERSIGN): S.GRANTED,
    (S.AWAITING_SIGNATURE, Action.REFUSE): S.REFUSED,
    (S.GRANTED, Action.SIGN_AGREEMENT): S.AGREEMENT_SIGNED,
    (S.AGREEMENT_SIGNED, Action.REPORT): S.FINAL_REPORT,
    (S.FINAL_REPORT, Action.CLOSE): S.CLOSED,
    (S.FINAL_REPORT, Action.RETURN): S.AGREEMENT_SIGNED,
    **{
        (status, Action.WITHDRAW): S.WITHDRAWN
        for status in (
            S.DRAFT,
            S.SUBMITTED,
            S.NICHE_APPROVED,
            S.ANALYSIS,
            S.AWAITING_SIGNATURE,
            S.RETURNED,
            S.GRANTED,
        )
    },
}


@pytest.mark.parametrize(("status", "action"), list(itertools.product(S.values, ACTIONS)))
def test_every_pair_of_status_and_action(status, action):
    expected = EXPECTED.get((status, action))
    if expected is None:
        with pytest.raises(InvalidTransition):
            workflow.target(status, action)
    else:
        assert workflow.target(status, action) == expected


def test_the_table_holds_nothing_else():
    assert dict(workflow.TRANSITIONS) == EXPECTED


def test_final_statuses_lead_nowhere():
    assert {S.CLOSED, S.REFUSED, S.WITHDRAWN} == workflow.FINAL
    for status in workflow.FINAL:
        assert workflow.actions_from(status) == []


def test_every_status_is_reachable_from_a_draft():
    reached, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        status = frontier.pop()
        for action in workflow.actions_from(status):
            following = workflow.target(status, action)
            if following not in reached:
                reached.add(following)
                frontier.append(following)
    assert reached == set(S.values)


def test_the_refusal_names_the_step_and_the_status():
    with pytest.raises(InvalidTransition) as error:
        workflow.target(S.CLOSED, Action.GRANT)
    assert "Granted by the ministry" in str(error.value) or "ministère" in str(error.value)
