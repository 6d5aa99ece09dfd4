"""Who may take which step on a project: the powers each reader holds, and the steps open to them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accord.accounts import services as accounts
from accord.accounts.tests.factories import UserFactory
from accord.funding import policies, services, workflow
from accord.funding.models import ProjectStatus
from accord.funding.workflow import Power
from accord.governance.tests.factories import MandateFactory
from accord.registry import services as registry

from .conftest import content, draft, granted, to_analysis

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
        services.sign_agreement(project, actor=world.carrier_user, signed_on=timezone.localdate(project.granted_at))
    assert not policies.may_take(world.carrier_user, project, "agreement")


# --- Access follows today's facts ------------------------------------------------------------------


def test_a_former_employee_of_the_carrier_loses_the_project(world):
    """Whoever drafted a project keeps nothing once no longer affiliated with its carrier."""
    project = draft(world)
    assert policies.visible_projects(world.carrier_user).filter(pk=project.pk).exists()
    affiliation = world.carrier.affiliations.get(person=world.carrier_user.person)
    registry.remove_affiliation(affiliation, actor=world.ministry, reason="Départ de l'entreprise")
    former = fresh(world.carrier_user)
    assert project.created_by == former
    assert not policies.visible_projects(former).filter(pk=project.pk).exists()
    assert policies.powers(former, project) == set()
    assert not policies.can_access_funding(former)


def test_an_office_agent_whose_role_ended_loses_the_projects_they_drafted(world):
    project = services.create_project(world.carrier, content(world), actor=world.office)
    assert policies.visible_projects(world.office).filter(pk=project.pk).exists()
    accounts.end_role(world.office.role_assignments.get(), actor=world.ministry, reason="Mutation")
    former = fresh(world.office)
    assert project.created_by == former
    assert not policies.visible_projects(former).filter(pk=project.pk).exists()
    assert policies.powers(former, project) == set()


def test_committee_members_see_a_project_from_its_submission_only(world):
    """A competitor's draft stays with its carrier (and the niche's coordinator) until submitted."""
    member = member_of(world.niche_committee)
    regional_member = member_of(world.regional_committee)
    coordinator = UserFactory(
        person=MandateFactory(committee=world.niche_committee, role="coordinator", voting=False).person
    )
    project = draft(world)
    withdrawn = draft(world, title="Abandonné avant dépôt")
    services.withdraw_project(withdrawn, actor=world.carrier_user, reason="Abandon")

    def seen(user):
        return set(policies.visible_projects(user).values_list("pk", flat=True))

    assert seen(member) == seen(regional_member) == set()
    assert seen(coordinator) == {project.pk, withdrawn.pk}  # drafts with the carriers of its niche
    services.submit_project(project, actor=world.carrier_user)
    assert seen(member) == seen(regional_member) == {project.pk}
    services.withdraw_project(project, actor=world.carrier_user, reason="Abandon")
    assert seen(member) == {project.pk}  # it was before them: it stays in their record


def test_a_seat_proposed_by_the_officers_opens_nothing_until_the_office_approves_it(world, estrie):
    """A niche committee's president cannot widen alone who reads the niche's projects."""
    from accord.governance import services as governance
    from accord.registry.tests.factories import PersonFactory

    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    newcomer = UserFactory(person=PersonFactory(region=estrie))
    mandate = governance.start_mandate(
        world.niche_committee,
        actor=member_of(world.niche_committee),
        person=newcomer.person,
        role="member",
        starts_on=timezone.localdate(project.created_at),
        constituency="business",
    )
    assert not policies.visible_projects(fresh(newcomer)).filter(pk=project.pk).exists()
    assert not policies.can_access_funding(fresh(newcomer))
    governance.approve_mandate(mandate, actor=world.office)
    assert policies.visible_projects(fresh(newcomer)).filter(pk=project.pk).exists()


def fresh(user):
    """The user as the next request reads them: today's roles, mandates and affiliations."""
    return type(user).objects.get(pk=user.pk)
