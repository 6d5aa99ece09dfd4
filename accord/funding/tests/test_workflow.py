"""The transition table, exhaustively: every (status, action) pair is either in the table or refused."""

import itertools

import pytest

from accord.funding import workflow
from accord.funding.models import EventKind
from accord.funding.models import ProjectStatus as S
from accord.funding.workflow import Action, InvalidTransition

ACTIONS = [value for name, value in vars(Action).items() if name.isupper()]

EXPECTED = {
    (S.DRAFT, Action.SUBMIT): S.SUBMITTED,
    (S.RETURNED, Action.SUBMIT): S.SUBMITTED,
    (S.RETURNED, Action.RESUBMIT): S.ANALYSIS,  # returned by the ministry's analysis
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


def actions_from(status):
    return [action for (before, action) in workflow.TRANSITIONS if before == status]


def test_final_statuses_lead_nowhere():
    assert {S.CLOSED, S.REFUSED, S.WITHDRAWN} == workflow.FINAL
    for status in workflow.FINAL:
        assert actions_from(status) == []


def test_every_status_is_reachable_from_a_draft():
    reached, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        status = frontier.pop()
        for action in actions_from(status):
            following = workflow.target(status, action)
            if following not in reached:
                reached.add(following)
                frontier.append(following)
    assert reached == set(S.values)


def test_the_refusal_names_the_step_and_the_status():
    with pytest.raises(InvalidTransition) as error:
        workflow.target(S.CLOSED, Action.GRANT)
    assert "Granted by the ministry" in str(error.value) or "ministère" in str(error.value)


# --- The steps of the pages and the API ------------------------------------------------------------


def test_a_step_that_moves_the_project_is_open_where_its_transition_is():
    moving = {
        "submit": Action.SUBMIT,
        "withdraw": Action.WITHDRAW,
        "grant": Action.GRANT,
        "countersign": Action.COUNTERSIGN,
        "agreement": Action.SIGN_AGREEMENT,
        "report": Action.REPORT,
        "close": Action.CLOSE,
    }
    for step, action in moving.items():
        assert workflow.STEPS[step].statuses == set(actions_from_table(action)), step


def actions_from_table(action):
    return [status for (status, step) in workflow.TRANSITIONS if step == action]


def test_the_ministry_alone_decides_and_nothing_is_open_once_final():
    P = workflow.Power
    for name in ("analysis", "grant", "countersign", "refuse", "agreement", "decide", "report_return", "close"):
        assert workflow.STEPS[name].powers == {P.GRANT}, name
    assert workflow.STEPS["return"].powers == {P.REVIEW}
    assert workflow.STEPS["withdraw"].powers == workflow.STEPS["document"].powers == {P.EDIT, P.REVIEW}
    # Once final, only the public page may still change (decision 54): a closed project is published
    # with its results, and the ministry may remove any page.
    for status in workflow.FINAL:
        open_steps = {name for name in workflow.STEPS if workflow.is_open(name, status)}
        assert open_steps <= {"publish", "unpublish"}, status
    assert workflow.STEPS["publish"].powers == workflow.STEPS["unpublish"].powers == {P.GRANT}


def test_a_closed_step_is_refused_in_plain_words():
    assert workflow.is_open("edit", S.RETURNED)
    with pytest.raises(InvalidTransition) as error:
        workflow.require_open("edit", S.SUBMITTED)
    assert "Before the niche committee" in str(error.value) or "comité de créneau" in str(error.value)


def test_every_action_is_a_kind_of_timeline_event_with_its_words():
    for action in ACTIONS:
        assert EventKind(action).label, action
