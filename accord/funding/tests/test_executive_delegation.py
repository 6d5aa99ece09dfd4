"""Who moves a project past the niche stage (issue 11 §3): the niche committee, or the executive
committee it delegated its decisions on projects to by resolution, and nobody else."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accord.funding import services
from accord.funding.models import ProjectStatus
from accord.governance import services as governance
from accord.governance.models import CommitteeKind, Delegation, DelegationChange, EventKind
from accord.governance.tests.factories import sign_off

from .conftest import client_for, committee_with_members, decide, draft, text

pytestmark = pytest.mark.django_db


def _submitted(world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    return project


def _in_session(committee, actor):
    meeting = governance.plan_meeting(
        committee,
        actor=actor,
        title="Séance",
        location="Sherbrooke",
        starts_at=timezone.now(),
        items=[{"title": "Délégation", "kind": "decision"}],
    )
    governance.convene_meeting(meeting, actor=actor)
    governance.open_meeting(meeting, actor=actor)
    return meeting


def _delegation(world, executive, change=DelegationChange.GRANT):
    """The niche committee adopts a resolution that delegates (or stops delegating), signed off by its chair."""
    niche = world.niche_committee
    meeting = _in_session(niche, world.office)
    for mandate in niche.mandates.current():
        governance.record_attendance(meeting, mandate, actor=world.office, status="present")
    resolution = governance.propose_resolution(
        meeting,
        actor=world.office,
        title="Délégation au comité exécutif",
        text="Il est résolu de confier au comité exécutif les décisions sur les projets.",
        delegation=change,
        delegates_to=executive,
    )
    governance.decide_resolution(resolution, actor=world.office, mode="consensus")
    resolution.refresh_from_db()
    return resolution


@pytest.fixture
def executive(world):
    return committee_with_members(
        code="CE-MEUBLE-05", kind=CommitteeKind.EXECUTIVE, parent=world.niche_committee, creneau=None
    )


def test_an_executive_committee_moves_a_project_only_while_the_niche_committee_delegates_to_it(world, executive):
    project = _submitted(world)
    governance.put_on_next_agenda(executive, actor=world.office, title=str(project), subject=project)
    decide(executive, project, actor=world.office)
    assert project.status == ProjectStatus.SUBMITTED  # no delegation: written on the timeline, nothing moves

    grant = _delegation(world, executive)
    assert not Delegation.objects.exists()  # adopted, not yet signed off by the chair: no effect
    sign_off(grant)
    delegation = Delegation.objects.get()
    assert (delegation.committee, delegation.delegate, delegation.granted_by) == (
        world.niche_committee,
        executive,
        grant,
    )
    assert world.niche_committee.events.filter(kind=EventKind.DELEGATION_GRANTED).exists()
    with translation.override("en"):
        page = client_for(world.office).get(reverse("governance:committee_detail", args=[executive.slug]))
        expected = f'by delegation (resolution <a href="{grant.get_absolute_url()}">{grant.number}</a>'
    assert expected in text(page)
    # A project submitted while the delegation is in force lands on the executive committee's agenda.
    submitted_now = _submitted(world)
    assert executive.pending_items.filter(subject_id=submitted_now.pk).exists()
    assert not world.niche_committee.pending_items.filter(subject_id=submitted_now.pk).exists()
    resolution = decide(executive, project, actor=world.office)
    assert project.status == ProjectStatus.NICHE_APPROVED
    assert project.creneau_links.get().resolution == resolution

    later = submitted_now
    sign_off(_delegation(world, executive, DelegationChange.REVOKE))
    delegation.refresh_from_db()
    assert delegation.ends_on is not None and not delegation.in_force(timezone.localdate())
    governance.put_on_next_agenda(executive, actor=world.office, title=str(later), subject=later)
    decide(executive, later, actor=world.office)
    assert later.status == ProjectStatus.SUBMITTED


def test_only_a_niche_committee_delegates_and_only_to_its_own_executive_committee(world, executive):
    other = committee_with_members(code="CE-AUTRE-05", kind=CommitteeKind.EXECUTIVE, parent=world.regional_committee)
    niche = world.niche_committee
    meeting = _in_session(niche, world.office)
    for target, field in [(other, "delegates_to"), (world.regional_committee, "delegates_to"), (None, "delegates_to")]:
        with pytest.raises(ValidationError) as refused:
            governance.propose_resolution(
                meeting, actor=world.office, title="D", text="…", delegation=DelegationChange.GRANT, delegates_to=target
            )
        assert field in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        governance.propose_resolution(
            meeting, actor=world.office, title="D", text="…", delegation=DelegationChange.REVOKE, delegates_to=executive
        )
    assert "delegation" in refused.value.message_dict  # nothing to end
    regional = _in_session(world.regional_committee, world.office)
    with pytest.raises(ValidationError) as refused:
        governance.propose_resolution(
            regional, actor=world.office, title="D", text="…", delegation=DelegationChange.GRANT, delegates_to=other
        )
    assert "delegation" in refused.value.message_dict
