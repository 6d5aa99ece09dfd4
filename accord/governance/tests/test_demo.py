import pytest
from django.core.management import call_command

from accord.accounts.models import User
from accord.governance import compliance, policies, selectors
from accord.governance.models import (
    Committee,
    CommitteeEvent,
    CommitteeKind,
    Mandate,
    MandateRole,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    PendingAgendaItem,
    Recusal,
    Resolution,
    ResolutionOutcome,
)
from accord.registry.models import Creneau, Region

pytestmark = pytest.mark.django_db


def counts():
    return tuple(m.objects.count() for m in (Committee, Mandate, Meeting, Resolution, Minutes, CommitteeEvent))


def test_governance_demo_is_complete_realistic_and_safe_to_run_twice(capsys):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    output = capsys.readouterr().out

    # Every region has its regional committee; every active niche its committee.
    assert Committee.objects.filter(kind=CommitteeKind.REGIONAL).count() == Region.objects.count() == 17
    active = Creneau.objects.active()
    assert Committee.objects.filter(kind=CommitteeKind.CRENEAU, creneau__in=active).count() == active.count()
    ended = Creneau.objects.filter(ended_on__isnull=False)
    assert ended.exists()
    for creneau in ended:
        assert creneau.committees.get().dissolved_on == creneau.ended_on

    president = User.objects.get(email="presidence@demo.accord.example")
    committee = Mandate.objects.get(person=president.person, role=MandateRole.PRESIDENT).committee
    assert committee.kind == CommitteeKind.CRENEAU and committee.region.code == "05"
    held = committee.meetings.filter(status=MeetingStatus.CLOSED).order_by("starts_at")
    assert held.count() == 3
    # Minutes are approved by a resolution of the next meeting; the last ones wait, circulated.
    statuses = [m.minutes.get().status for m in held]
    assert statuses == [MinutesStatus.APPROVED, MinutesStatus.APPROVED, MinutesStatus.CIRCULATED]
    approval = held[0].minutes.get().approved_by
    assert approval.meeting == held[1] and approval.outcome == ResolutionOutcome.ADOPTED
    assert committee.meetings.filter(status=MeetingStatus.CONVENED).count() == 1
    # The enterprise whose project is supported had its representative recused.
    assert Recusal.objects.filter(resolution__committee=committee).exists()
    # Estrie niche committees forward their support to the regional committee's next meeting.
    regional = Committee.objects.get(kind=CommitteeKind.REGIONAL, region__code="05")
    upcoming = regional.meetings.get(status=MeetingStatus.CONVENED)
    assert upcoming.items.filter(forwarded_from__isnull=False).exists()
    assert not PendingAgendaItem.objects.filter(committee=regional, placed_on__isnull=True).exists()

    # The compliance page has something to show: exactly one niche committee fails.
    failing = [r for r in selectors.compliance_reports(Committee.objects.active()) if not r.compliant]
    assert len(failing) == 1
    assert failing[0].committee.kind == CommitteeKind.CRENEAU and failing[0].committee.region.code == "05"
    assert {c.code for c in failing[0].checks if c.status == compliance.FAILURE} >= {"business_majority"}

    # A committee president can sign in and sees governance, not the registry back office.
    assert president.check_password("Accord-demo-2026")
    assert policies.can_manage_committee(president, committee)
    assert "presidence@demo.accord.example" in output
