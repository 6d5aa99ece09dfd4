"""The value's life as a table: each step from each status."""

from __future__ import annotations

import pytest

from accord.core.workflow import InvalidTransition
from accord.results import workflow
from accord.results.models import ValueStatus
from accord.results.workflow import Step

ALLOWED = {
    (Step.SUBMIT, ValueStatus.DRAFT): ValueStatus.SUBMITTED,
    (Step.SUBMIT, ValueStatus.RETURNED): ValueStatus.SUBMITTED,
    (Step.APPROVE, ValueStatus.SUBMITTED): ValueStatus.APPROVED,
    (Step.RETURN, ValueStatus.SUBMITTED): ValueStatus.RETURNED,
}


@pytest.mark.parametrize("step", list(Step))
@pytest.mark.parametrize("status", ValueStatus.values)
def test_each_step_from_each_status(step, status):
    if (step, status) in ALLOWED:
        assert workflow.target(step, status) == ALLOWED[(step, status)]
    else:
        with pytest.raises(InvalidTransition):
            workflow.target(step, status)


def test_an_approved_value_is_locked_and_nothing_moves_it():
    assert workflow.allowed_steps(ValueStatus.APPROVED) == []
    with pytest.raises(InvalidTransition, match="verrouillée"):
        workflow.check_editable(ValueStatus.APPROVED)
    with pytest.raises(InvalidTransition):
        workflow.check_editable(ValueStatus.SUBMITTED)
    workflow.check_editable(ValueStatus.DRAFT)
    workflow.check_editable(ValueStatus.RETURNED)
