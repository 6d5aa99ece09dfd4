"""The fund's demo: every step of the pipeline, decided by real resolutions, and a consistent ledger."""

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from accord.accounts.models import User
from accord.funding import policies, selectors
from accord.funding.models import (
    AboveShareDecision,
    ClaimStatus,
    Disbursement,
    EntryKind,
    Envelope,
    LedgerEntry,
    ProgramPeriod,
    Project,
    ProjectImport,
    ProjectStatus,
)
from accord.funding.workflow import COMMITTED, Action
from accord.governance.models import (
    AgendaItem,
    Committee,
    CommitteeKind,
    MeetingStatus,
    ResolutionOutcome,
)
from accord.planning.models import Plan

S = ProjectStatus
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def made():
    """The projects made in Accord, taken through its pipeline: the program's history, imported
    (decision 55), has no resolution, signature or plan action of Accord's."""
    return Project.objects.filter(imported_at=None)


def held_before_now(resolution):
    meeting = resolution.meeting
    return meeting.status == MeetingStatus.CLOSED and meeting.starts_at < timezone.now()


def on_next_agenda(committee, project):
    return AgendaItem.objects.filter(
        meeting__committee=committee,
        meeting__status=MeetingStatus.CONVENED,
        meeting__starts_at__gt=timezone.now(),
        subject_id=project.pk,
        subject_type__model="project",
    ).exists()


def test_loading_again_adds_nothing(demo):
    assert demo.first == demo.second
    assert demo.first["funding.Project"] >= len(S.values)


def test_every_step_of_the_pipeline_in_several_regions(demo):
    assert set(made().values_list("status", flat=True)) == set(S.values)
    assert made().values("region").distinct().count() >= 4
    period = ProgramPeriod.objects.get(code="2024-2029")
    assert period.covers(timezone.localdate())
    assert Envelope.objects.filter(period=period).count() == 17
    joint = [p for p in made().all() if p.creneau_links.count() == 2]
    assert len(joint) == 1


def test_committee_decisions_are_resolutions_adopted_in_past_meetings(demo):
    decided = made().exclude(status__in=[S.DRAFT, S.SUBMITTED])
    assert decided.count() >= 10
    for project in decided:
        for link in project.creneau_links.select_related("resolution__committee", "resolution__meeting"):
            resolution = link.resolution
            assert resolution is not None, project
            assert resolution.outcome == ResolutionOutcome.ADOPTED
            assert resolution.committee.kind == CommitteeKind.CRENEAU
            assert resolution.committee.creneau_id == link.creneau_id
            assert resolution.subject == project
            assert held_before_now(resolution)
        if project.status in (S.NICHE_APPROVED, S.REFUSED):
            assert project.regional_resolution is None
            continue
        resolution = project.regional_resolution
        assert resolution is not None, project
        assert resolution.outcome == ResolutionOutcome.ADOPTED
        assert resolution.committee.kind == CommitteeKind.REGIONAL
        assert resolution.committee.region_id == project.region_id
        assert resolution.subject == project
        assert held_before_now(resolution)

    refused = made().get(status=S.REFUSED)
    event = refused.events.get(action=Action.REFUSE)
    assert event.resolution.outcome == ResolutionOutcome.REJECTED
    assert event.resolution.committee.kind == CommitteeKind.REGIONAL
    assert event.resolution.committee.region_id == refused.region_id
    assert event.resolution.votes_against > event.resolution.votes_for
    assert held_before_now(event.resolution)


def test_projects_serve_an_action_of_their_niches_plan_and_the_resolution_names_it(demo):
    """Each project of a niche with a demo plan names an action of it (decision 35); the niche
    committee's resolution says which."""
    with_plans = set(Plan.objects.values_list("creneau_id", flat=True))
    linked = 0
    for project in made().prefetch_related("creneau_links"):
        niches = [link.creneau_id for link in project.creneau_links.all()]
        if not with_plans & set(niches):
            assert project.plan_action is None
            continue
        action = project.plan_action
        assert action is not None, project
        assert action.objective.axis.plan.creneau_id in niches
        assert project.former_axis == ""
        linked += 1
        resolution = project.creneau_links.exclude(resolution=None).first()
        if resolution is not None:
            assert f"l'action « {action.title} »" in resolution.resolution.text
    assert linked >= 5


def test_projects_not_yet_decided_wait_on_their_committees_next_agenda(demo):
    submitted = made().get(status=S.SUBMITTED)
    niche = submitted.creneaux.get().committees.get()
    assert on_next_agenda(niche, submitted)
    approved = made().get(status=S.NICHE_APPROVED)
    regional = Committee.objects.get(kind=CommitteeKind.REGIONAL, region=approved.region)
    assert on_next_agenda(regional, approved)
    # Decided projects are not left on any agenda still to come.
    for project in made().exclude(status__in=[S.SUBMITTED, S.NICHE_APPROVED, S.DRAFT]):
        assert not AgendaItem.objects.filter(
            subject_id=project.pk, subject_type__model="project", meeting__status=MeetingStatus.CONVENED
        ).exists()


def test_the_ministry_steps(demo):
    analysed = made().filter(status=S.ANALYSIS).exclude(analysis_notes="")
    assert analysed.exists()
    assert all(p.checklist and p.recommended_amount for p in analysed)

    awaiting = made().get(status=S.AWAITING_SIGNATURE)
    assert awaiting.signatures.count() == 1
    assert awaiting.recommended_amount > awaiting.guide.second_signature_above
    for project in made().filter(status__in=COMMITTED, granted_amount__gt=Decimal("100000")):
        assert project.signatures.values("signed_by").distinct().count() == 2

    returned = made().get(status=S.RETURNED)
    assert returned.events.get(action=Action.RETURN).note

    signed = made().get(status=S.AGREEMENT_SIGNED)
    assert signed.agreement_signed_on <= timezone.localdate()
    assert signed.disbursements.filter(status=ClaimStatus.PAID).exists()
    assert signed.disbursements.filter(status=ClaimStatus.CLAIMED).exists()

    closed = made().get(status=S.CLOSED)
    paid = closed.disbursements.filter(status=ClaimStatus.PAID).aggregate(s=Sum("amount"))["s"]
    released = closed.entries.get(kind=EntryKind.RELEASE).amount
    assert paid + released == closed.granted_amount
    assert made().get(status=S.FINAL_REPORT).final_report
    # Its impact, split and complete (decision 40): the seed's new contracts in the United States
    # for more than 1 M$, the public investment the aid paid before the report.
    assert (closed.actual_export_contracts, closed.actual_export_contracts_amount) == (2, Decimal("1050000"))
    assert closed.actual_public_investment + closed.actual_investment == closed.actual_cost
    assert closed.actual_jobs_kept and closed.expected_jobs_kept and closed.actual_export_sales <= closed.actual_sales
    assert closed.expected_public_investment == closed.requested_amount

    withdrawn = made().get(status=S.WITHDRAWN)
    assert withdrawn.entries.get(kind=EntryKind.RELEASE).amount == withdrawn.granted_amount


def test_envelopes_are_partly_committed_and_agree_with_their_ledger(demo):
    partly = 0
    for envelope in Envelope.objects.select_related("region", "period"):
        balance = selectors.balance(envelope)
        # The program's history carries its aid on the project, not on the ledger (decision 55).
        projects = made().filter(region=envelope.region, period=envelope.period)
        committed = projects.filter(status__in=COMMITTED)
        granted = committed.aggregate(s=Sum("granted_amount"))["s"] or Decimal("0")
        released = LedgerEntry.objects.filter(
            envelope=envelope, kind=EntryKind.RELEASE, project__in=committed
        ).aggregate(s=Sum("amount"))["s"] or Decimal("0")
        assert balance.committed == granted - released, envelope
        paid = Disbursement.objects.filter(project__in=projects, status=ClaimStatus.PAID).aggregate(s=Sum("amount"))
        assert balance.disbursed == (paid["s"] or Decimal("0")), envelope
        assert balance.committed <= balance.total
        partly += Decimal("0") < balance.committed < balance.total
    assert partly >= 3
    busiest = max(Envelope.objects.all(), key=lambda e: selectors.balance(e).committed)
    assert made().filter(region=busiest.region, status__in=COMMITTED).count() >= 3


def test_one_niche_is_above_its_equitable_share(demo):
    over = [
        (envelope, share)
        for envelope in Envelope.objects.select_related("region")
        for share in selectors.equity(envelope)
        if share.over_target
    ]
    assert len(over) == 1
    envelope, share = over[0]
    assert len(selectors.equity(envelope)) > 1  # a region with several niches to share with
    assert share.committed > share.target * (1 + share.margin / 100)
    # Each decision that took it there is justified in writing (R-FND-04).
    kept = AboveShareDecision.objects.filter(envelope=envelope).select_related("resolution")
    assert kept and all(row.reasons for row in kept) and {row.creneau_id for row in kept} == {share.creneau_id}


def test_a_project_is_granted_under_the_delegation(demo):
    project = made().get(delegation__isnull=False)
    delegation = project.delegation
    assert project.status == S.GRANTED
    assert delegation.region_id == project.region_id and delegation.is_active
    assert project.granted_amount <= delegation.up_to
    event = project.events.get(action=Action.DELEGATED_GRANT)
    assert event.resolution == project.regional_resolution
    assert project.entries.get(kind=EntryKind.COMMITMENT).amount == project.granted_amount


def test_the_demo_accounts_sign_in_and_reach_their_part(demo):
    porteur = User.objects.get(email="porteur@demo.accord.example")
    assert porteur.check_password("Accord-demo-2026")
    mine = made().filter(carrier__affiliations__person=porteur.person)
    assert set(mine.values_list("status", flat=True)) >= {S.DRAFT, S.RETURNED, S.AGREEMENT_SIGNED}
    assert set(policies.visible_projects(porteur)) >= set(mine)
    assert policies.can_edit_project(porteur, mine.get(status=S.DRAFT))
    assert not policies.can_grant(porteur)

    signatory = User.objects.get(email="signataire@demo.accord.example")
    assert signatory.check_password("Accord-demo-2026")
    assert policies.can_grant(signatory)
    awaiting = made().get(status=S.AWAITING_SIGNATURE)
    assert not awaiting.signatures.filter(signed_by=signatory).exists()  # so it can countersign

    for email in ("porteur@demo.accord.example", "signataire@demo.accord.example"):
        assert email in demo.output


def test_a_few_granted_projects_are_on_the_public_site_in_both_languages(demo, client):
    published = list(policies.published_projects().order_by("pk"))
    assert len(published) == 3
    assert {project.status for project in published} >= {S.CLOSED, S.AGREEMENT_SIGNED}
    assert all(project.public_summary and project.public_summary_en for project in published)
    closed = next(project for project in published if project.status == S.CLOSED)
    page = client.get(closed.get_public_url())
    assert page.status_code == 200 and "Emplois maintenus" in page.content.decode()
    results = client.get("/resultats/").content.decode()
    assert "Montérégie" in results and "Estrie" in results


def test_the_programs_history_is_imported_read_only_in_past_periods(demo):
    """A few projects of past years (decision 55), through the same import as the ministry's page."""
    history = Project.objects.filter(imported_at__isnull=False).select_related("period")
    assert history.count() >= 5
    assert {p.period.code for p in history} <= {"2008-2013", "2013-2018", "2018-2024"}
    assert all(p.starts_on.year < 2020 for p in history)
    assert {S.CLOSED, S.REFUSED} <= {p.status for p in history}
    ministry = User.objects.get(email="ministere@demo.accord.example")
    assert not any(policies.open_steps(ministry, history.first()).values())
    assert ProjectImport.objects.filter(status="applied").count() == 1
