"""A publication's state from its one date, and the steps between states, without a database."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation

from accord.communication import workflow
from accord.core.workflow import InvalidTransition

NOW = datetime.datetime(2026, 5, 1, 14, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def test_the_state_comes_from_the_date_and_the_time_now():
    assert workflow.state(None, NOW) == workflow.DRAFT
    assert workflow.state(NOW + HOUR, NOW) == workflow.SCHEDULED
    # The moment comes: published by itself, with nothing written.
    assert workflow.state(NOW + HOUR, NOW + HOUR) == workflow.PUBLISHED
    assert workflow.state(NOW - HOUR, NOW) == workflow.PUBLISHED


@pytest.mark.parametrize(
    ("state", "step", "to"),
    [
        (workflow.DRAFT, workflow.PUBLISH, workflow.PUBLISHED),
        (workflow.DRAFT, workflow.SCHEDULE, workflow.SCHEDULED),
        (workflow.SCHEDULED, workflow.PUBLISH, workflow.PUBLISHED),
        (workflow.SCHEDULED, workflow.SCHEDULE, workflow.SCHEDULED),
        (workflow.SCHEDULED, workflow.UNPUBLISH, workflow.DRAFT),
        (workflow.PUBLISHED, workflow.UNPUBLISH, workflow.DRAFT),
    ],
)
def test_the_steps(state, step, to):
    assert workflow.allowed(state, step)
    assert workflow.target(state, step) == to


@pytest.mark.parametrize(
    ("state", "step", "says"),
    [
        (workflow.PUBLISHED, workflow.PUBLISH, "déjà publiée"),
        (workflow.PUBLISHED, workflow.SCHEDULE, "retirez-la d'abord"),
        (workflow.DRAFT, workflow.UNPUBLISH, "rien à retirer"),
    ],
)
def test_refusals_say_why(state, step, says):
    assert not workflow.allowed(state, step)
    with pytest.raises(InvalidTransition, match=says):
        workflow.target(state, step)


def test_a_moment_to_schedule_is_to_come():
    workflow.check_moment(NOW + HOUR, NOW)
    with pytest.raises(InvalidTransition):
        workflow.check_moment(NOW, NOW)


def test_published_with_an_english_title_and_a_story_with_its_results():
    assert "titre anglais" in workflow.publish_refusal("news", "", "")
    assert workflow.publish_refusal("news", "Title", "") is None
    assert "résultats mesurés" in workflow.publish_refusal("story", "Title", " ")
    assert workflow.publish_refusal("story", "Title", "20 M$") is None


def test_refusals_read_in_english_too():
    with translation.override("en"):
        assert "English title" in workflow.publish_refusal("news", "", "")
        with pytest.raises(InvalidTransition, match="already published"):
            workflow.target(workflow.PUBLISHED, workflow.PUBLISH)
