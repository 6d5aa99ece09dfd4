"""A plan and its annual programmes are subjects the niche committee decides on (decision 36):
submitted to its next agenda by the plan's writers, adopted or rejected by resolution."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accord.core.workflow import InvalidTransition
from accord.governance import subjects
from accord.governance.models import AgendaItem, PendingAgendaItem
from accord.governance.tests.conftest import plan as plan_meeting
from accord.governance.tests.factories import CommitteeFactory
from accord.planning import services
from accord.planning.models import Plan, Programme

from .conftest import add_action, committee_decides, make_plan

pytestmark = pytest.mark.django_db


def _pending(record):
    return PendingAgendaItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(record), subject_id=record.pk
    )


def test_plans_and_programmes_are_registered_subjects():
    for label, model in (("planning.plan", Plan), ("planning.programme", Programme)):
        kind = subjects.by_label(label)
        assert kind is not None and kind.model is model
        assert not kind.binds_composition  # not the program's money


def test_the_coordinator_submits_the_plan_once_to_the_committees_next_agenda(cast, plan):
    upcoming = plan_meeting(cast["committee"], cast["ministry"], items=())
    services.submit_plan(plan, actor=cast["coordinator"])
    plan.refresh_from_db()
    assert plan.submitted_at is not None
    item = AgendaItem.objects.get(meeting=upcoming, subject_id=plan.pk)
    assert item.subject == plan and "Adoption du plan 2025–2027" in item.title
    with pytest.raises(InvalidTransition):
        services.submit_plan(plan, actor=cast["coordinator"])
    assert _pending(plan).count() == 1


def test_without_a_meeting_the_plan_waits_for_the_next_one(cast, plan):
    services.submit_plan(plan, actor=cast["office_in"])
    pending = _pending(plan).get()
    assert pending.committee == cast["committee"] and pending.placed_on is None


@pytest.mark.parametrize("who", ["member", "office_out", "stranger"])
def test_only_the_plans_writers_submit_it(cast, plan, who):
    with pytest.raises(PermissionDenied):
        services.submit_plan(plan, actor=cast[who])
    assert not _pending(plan).exists()


def test_an_adopted_plan_is_not_submitted(cast, plan):
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    with pytest.raises(InvalidTransition):
        services.submit_plan(plan, actor=cast["coordinator"])


def test_a_plan_over_an_adopted_one_is_not_submitted(cast, plan):
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    other = make_plan(cast, 2027, 2029)
    with pytest.raises(ValidationError):
        services.submit_plan(other, actor=cast["coordinator"])
    assert not _pending(other).exists()


def test_a_niche_without_committee_cannot_submit(cast, plan):
    cast["committee"].dissolved_on = datetime.date(2024, 12, 31)
    cast["committee"].save()
    with pytest.raises(ValidationError):
        services.submit_plan(plan, actor=cast["ministry"])
    plan.refresh_from_db()
    assert plan.submitted_at is None


def test_the_committees_adoption_adopts_the_plan_with_its_resolution_and_date(cast, plan):
    services.submit_plan(plan, actor=cast["coordinator"])
    resolution = committee_decides(cast, plan)
    plan.refresh_from_db()
    assert (plan.status, plan.resolution, plan.submitted_at) == ("adopted", resolution, None)
    assert plan.adopted_on == resolution.meeting.meeting_date == timezone.localdate()
    assert plan.history.first().history_change_reason == resolution.number


def test_a_rejection_leaves_the_plan_a_draft_it_may_submit_again(cast, plan):
    services.submit_plan(plan, actor=cast["coordinator"])
    resolution = committee_decides(cast, plan, adopt=False)
    assert resolution.outcome == "rejected"
    plan.refresh_from_db()
    assert (plan.status, plan.rejected_by, plan.submitted_at) == ("draft", resolution, None)
    services.submit_plan(plan, actor=cast["coordinator"])


def test_the_committee_cannot_adopt_a_plan_over_an_adopted_one(cast, plan):
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    other = make_plan(cast, 2027, 2029)
    with pytest.raises(ValidationError):
        committee_decides(cast, other)
    other.refresh_from_db()
    assert other.status == "draft"


def test_another_committee_does_not_adopt_the_niches_plan(cast, plan):
    foreign = CommitteeFactory()
    resolution = type("R", (), {"committee": foreign})()
    with pytest.raises(ValidationError):
        services.check_plan_adoption(plan, resolution)


def test_a_plan_on_the_agenda_is_not_recorded_adopted_outside_the_committee(cast, plan):
    services.submit_plan(plan, actor=cast["coordinator"])
    with pytest.raises(InvalidTransition):
        services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))


def test_the_coordinator_does_not_record_an_adoption(cast, plan):
    with pytest.raises(PermissionDenied):
        services.adopt_plan(plan, actor=cast["coordinator"], adopted_on=datetime.date(2025, 1, 10))


def test_the_agenda_tells_the_committee_the_plans_size_and_an_overlap(cast, plan):
    add_action(plan, cast["ministry"])
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    other = make_plan(cast, 2027, 2029)
    notes = subjects.decision_notes([plan, other])
    assert "axes : 1, actions : 1" in notes[("planning.plan", plan.pk)][0]
    assert any("2025–2027" in sentence for sentence in notes[("planning.plan", other.pk)])


def test_the_programme_follows_the_committee(cast, plan):
    action = add_action(plan, cast["ministry"])
    programme = services.create_programme(plan, actor=cast["coordinator"], year=2026)
    services.add_priority(programme, actor=cast["coordinator"], action=action, data={"target_fr": "3 salons"})
    with pytest.raises(ValidationError):  # the plan first
        services.submit_programme(programme, actor=cast["coordinator"])
    committee_decides(cast, plan)
    services.submit_programme(programme, actor=cast["coordinator"])
    with pytest.raises(InvalidTransition):
        services.submit_programme(programme, actor=cast["coordinator"])
    notes = subjects.decision_notes([programme])[("planning.programme", programme.pk)]
    assert "1" in notes[0] and len(notes) == 1
    resolution = committee_decides(cast, programme)
    programme.refresh_from_db()
    assert (programme.status, programme.resolution, programme.submitted_at) == ("adopted", resolution, None)
    # Frozen: no change, and no second programme for the year.
    with pytest.raises(InvalidTransition):
        services.update_priority(programme.priorities.get(), actor=cast["ministry"], data={"target_fr": "4"})
    with pytest.raises(ValidationError):
        services.create_programme(plan, actor=cast["ministry"], year=2026)


def test_the_committee_cannot_adopt_an_empty_programme(cast, plan):
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    programme = services.create_programme(plan, actor=cast["coordinator"], year=2025)
    with pytest.raises(ValidationError):
        services.submit_programme(programme, actor=cast["coordinator"])
    with pytest.raises(ValidationError):
        committee_decides(cast, programme)
    programme.refresh_from_db()
    assert programme.status == "draft"


def test_a_rejected_programme_stays_a_draft(cast, plan):
    action = add_action(plan, cast["ministry"])
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 1, 10))
    programme = services.create_programme(plan, actor=cast["coordinator"], year=2025)
    services.add_priority(programme, actor=cast["coordinator"], action=action, data={})
    resolution = committee_decides(cast, programme, adopt=False)
    programme.refresh_from_db()
    assert (programme.status, programme.rejected_by) == ("draft", resolution)
    services.remove_priority(programme.priorities.get(), actor=cast["coordinator"])  # still composed


def test_a_meeting_api_client_may_name_a_plan_it_sees(cast, plan):
    assert plan in subjects.by_label("planning.plan").visible(cast["member"])
    assert plan not in subjects.by_label("planning.plan").visible(cast["office_out"])
