"""The notes' life as a pure table: which step from which status, and the plain-language refusals."""

from __future__ import annotations

import pytest
from django.utils import translation

from accord.collaboration import workflow
from accord.collaboration.models import NoteStatus
from accord.core.workflow import InvalidTransition


@pytest.mark.parametrize(
    ("current", "step", "result"),
    [
        (NoteStatus.DRAFT, workflow.PUBLISH, NoteStatus.PUBLISHED),
        (NoteStatus.WITHDRAWN, workflow.PUBLISH, NoteStatus.PUBLISHED),
        (NoteStatus.PUBLISHED, workflow.WITHDRAW, NoteStatus.WITHDRAWN),
    ],
)
def test_the_steps(current, step, result):
    assert workflow.target(current, step) == result
    assert workflow.allowed(current, step)


@pytest.mark.parametrize(
    ("current", "step", "message"),
    [
        (NoteStatus.PUBLISHED, workflow.PUBLISH, "This note is already published."),
        (NoteStatus.DRAFT, workflow.WITHDRAW, "This note is a draft: there is nothing to withdraw."),
        (NoteStatus.WITHDRAWN, workflow.WITHDRAW, "This note is already withdrawn."),
    ],
)
def test_the_refusals_say_why(current, step, message):
    assert not workflow.allowed(current, step)
    with translation.override("en"), pytest.raises(InvalidTransition) as refused:
        workflow.target(current, step)
    assert str(refused.value) == message
    with translation.override("fr"), pytest.raises(InvalidTransition) as refused:
        workflow.target(current, step)
    assert str(refused.value) == translation.gettext(message)
    assert str(refused.value) != message  # the French catalogue has it
