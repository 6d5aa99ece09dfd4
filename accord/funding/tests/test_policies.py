"""Who may take which step on a project: the powers each reader holds, and the steps open to them."""

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.tests.factories import UserFactory
from accord.funding import policies, services, workflow
from accord.funding.models import ProjectStatus
from accord.funding.workflow import Power

from .conftest import draft, granted, to_analysis

pytestmark = pytest.mark.django_db


def member_of(committee):
    return UserFactory(person=committee.mandates.get(role="president").person)


def test_each_reader_holds_the_powers_of_their_roles(world):
    project = draft(world)
    assert policies.powers(world.carrier_user, project) == {Power.EDIT}
    assert policies.powers(world.office, project) == {Power.EDIT, Power.REVIEW}  # staff covering the region
    assert policies.powers(world.ministry, project) == {Power.EDIT, Power.REVIEW, Power.GRANT}
    assert policies.powers(member_of(world.niche_committee), project) == set()


def test_a_step_needs_one_of_its_powers_whatever_the_status(world):
    project = draft(world)
    member = member_of(world.niche_committee)
    assert policies.may_take(world.carrier_user, project, "withdraw")  # the carrier's side
    assert policies.may_take(world.office, project, "return")  # a reviewer, though a draft cannot be returned
    assert not policies.may_take(world.carrier_user, project, "return")
    assert not policies.may_take(world.office, project, "grant")
    assert policies.may_take(world.ministry, project, "close")
    assert not any(policies.may_take(member, project, step) for step in workflow.STEPS)


def test_the_steps_open_to_a_reader_are_their_powers_at_the_projects_status(world):
    project = draft(world)
    assert {step for step, ok in policies.open_steps(world.carrier_user, project).items() if ok} == {
        "edit",
        "submit",
        "withdraw",
        "document",
    }
    project = to_analysis(world)
    assert project.status == ProjectStatus.ANALYSIS
    carrier = {step for step, ok in policies.open_steps(world.carrier_user, project).items() if ok}
    ministry = {step for step, ok in policies.open_steps(world.ministry, project).items() if ok}
    assert carrier == {"withdraw", "document"}
    assert ministry == {"withdraw", "return", "analysis", "grant", "refuse", "document"}


def test_the_services_refuse_what_the_policy_refuses(world):
    project = granted(world)
    with pytest.raises(PermissionDenied):
        services.sign_agreement(project, actor=world.carrier_user, signed_on=project.granted_at.date())
    assert not policies.may_take(world.carrier_user, project, "agreement")
