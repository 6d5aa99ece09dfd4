"""Writes to the plans: powers, the one-plan-per-span rules, history with who and why."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.core.workflow import InvalidTransition
from accord.planning import services
from accord.planning.models import Action, Axis, Objective, Plan

from .conftest import add_tree, make_plan

pytestmark = pytest.mark.django_db


def test_the_coordinator_creates_a_draft_plan_and_its_history_names_them(cast):
    plan = services.create_plan(
        cast["creneau"], actor=cast["coordinator"], data={"first_year": 2025, "last_year": 2027}, reason="Lancement"
    )
    assert plan.status == "draft"
    record = plan.history.get()
    assert (record.history_user, record.history_change_reason) == (cast["coordinator"], "Lancement")


@pytest.mark.parametrize("who", ["member", "office_out", "stranger"])
def test_who_does_not_write_the_niches_plans_is_refused(cast, who):
    with pytest.raises(PermissionDenied):
        services.create_plan(cast["creneau"], actor=cast[who], data={"first_year": 2025, "last_year": 2027})
    assert not Plan.objects.exists()


def test_the_regional_office_of_the_niche_writes_its_plans(cast):
    assert services.create_plan(cast["creneau"], actor=cast["office_in"], data={"first_year": 2025, "last_year": 2026})


def test_the_last_year_cannot_come_before_the_first(cast):
    with pytest.raises(ValidationError):
        services.create_plan(cast["creneau"], actor=cast["ministry"], data={"first_year": 2027, "last_year": 2025})


def test_one_plan_per_niche_per_span(cast, plan):
    with pytest.raises(ValidationError):
        make_plan(cast)


def test_adopted_plans_of_a_niche_do_not_overlap(cast, plan):
    services.adopt_plan(plan, actor=cast["office_in"], adopted_on=datetime.date(2025, 2, 1))
    later = make_plan(cast, 2027, 2029)
    with pytest.raises(ValidationError) as refusal:
        services.adopt_plan(later, actor=cast["office_in"], adopted_on=datetime.date(2025, 3, 1))
    assert "first_year" in refusal.value.message_dict
    later.refresh_from_db()
    assert later.status == "draft"
    # A plan that follows the adopted one is adopted.
    following = make_plan(cast, 2028, 2030)
    assert services.adopt_plan(following, actor=cast["ministry"], adopted_on=datetime.date(2027, 12, 1)).status == (
        "adopted"
    )


def test_an_adopted_plan_cannot_be_moved_over_another(cast, plan):
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 2, 1))
    other = make_plan(cast, 2028, 2030)
    services.adopt_plan(other, actor=cast["ministry"], adopted_on=datetime.date(2025, 2, 1))
    with pytest.raises(ValidationError):
        services.update_plan(other, actor=cast["ministry"], data={"first_year": 2027})
    other.refresh_from_db()
    assert other.first_year == 2028


def test_a_plan_is_adopted_once(cast, plan):
    services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 2, 1))
    with pytest.raises(InvalidTransition):
        services.adopt_plan(plan, actor=cast["ministry"], adopted_on=datetime.date(2025, 2, 2))


def test_the_niches_own_axis_is_named(cast, plan):
    with pytest.raises(ValidationError):
        services.add_axis(plan, actor=cast["ministry"], data={"kind": "other"})
    axis = services.add_axis(plan, actor=cast["ministry"], data={"kind": "other", "name_fr": "Numérique"})
    assert axis.name == "Numérique"


def test_an_action_cannot_end_before_it_starts_nor_weigh_nothing(cast, plan):
    objective = add_tree(plan, cast["ministry"], [])
    for data in (
        {"title": "A", "starts_on": datetime.date(2025, 5, 1), "ends_on": datetime.date(2025, 4, 1)},
        {"title": "A", "weight": Decimal("0")},
        {"title": "A", "progress": 101},
    ):
        with pytest.raises(ValidationError):
            services.add_action(objective, actor=cast["ministry"], data=data)
    assert not Action.objects.exists()


def test_partners_are_organisations_of_the_niche_and_their_links_have_history(cast, plan):
    objective = add_tree(plan, cast["ministry"], [])
    action = services.add_action(
        objective, actor=cast["coordinator"], data={"title": "Salon"}, partners=[cast["organisation"]]
    )
    assert list(action.partners.all()) == [cast["organisation"]]
    assert action.partner_links.get().history.get().history_user == cast["coordinator"]
    from accord.registry.tests.factories import OrganisationFactory

    elsewhere = OrganisationFactory(name="Ailleurs")
    with pytest.raises(ValidationError) as refusal:
        services.update_action(action, actor=cast["coordinator"], data={}, partners=[elsewhere])
    assert "partners" in refusal.value.message_dict


def test_an_action_changes_with_its_history_and_only_what_changed(cast, plan):
    objective = add_tree(plan, cast["ministry"], [("planned", "1", None)])
    action = objective.actions.get()
    changed = services.update_action(
        action, actor=cast["coordinator"], data={"title": action.title, "status": "done"}, reason="Terminé"
    )
    assert changed == ["status"]
    latest = action.history.first()
    assert (latest.status, latest.history_user, latest.history_change_reason) == (
        "done",
        cast["coordinator"],
        "Terminé",
    )


def test_removing_an_axis_removes_what_it_holds_each_in_its_history(cast, plan):
    objective = add_tree(plan, cast["ministry"], [("planned", "1", None)])
    action = objective.actions.get()
    services.remove_axis(objective.axis, actor=cast["coordinator"], reason="Fusion")
    assert not Axis.objects.exists() and not Objective.objects.exists() and not Action.objects.exists()
    deleted = Action.history.filter(id=action.pk, history_type="-").get()
    assert (deleted.history_user, deleted.history_change_reason) == (cast["coordinator"], "Fusion")


def test_a_member_may_not_change_the_plan(cast, plan):
    objective = add_tree(plan, cast["ministry"], [("planned", "1", None)])
    with pytest.raises(PermissionDenied):
        services.update_action(objective.actions.get(), actor=cast["member"], data={"status": "done"})
    with pytest.raises(PermissionDenied):
        services.remove_objective(objective, actor=cast["member"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(strategy=st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=200))
def test_any_strategy_text_is_kept_as_written(cast, plan, strategy):
    services.update_plan(plan, actor=cast["ministry"], data={"strategy_fr": strategy})
    plan.refresh_from_db()
    assert plan.strategy_fr == strategy
