import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accord.core.workflow import InvalidTransition
from accord.funding import selectors, services, tasks, workflow
from accord.funding.models import (
    ClaimStatus,
    EntryKind,
    EventKind,
    LedgerEntry,
    ProjectEvent,
    ProjectStatus,
)
from accord.governance import services as governance
from accord.governance.models import CommitteeKind, PendingAgendaItem, RecusalReason
from accord.governance.tests.factories import MandateFactory
from accord.registry import services as registry
from accord.registry.tests.factories import AffiliationFactory, OrganisationFactory, ResourceRegionStatusFactory

from .conftest import committee_with_members, content, decide, draft, draft_terms, envelope_of, signed, to_analysis

pytestmark = pytest.mark.django_db


def test_a_period_gives_each_region_its_default_envelope(estrie, monteregie, ministry_user):
    ResourceRegionStatusFactory(region=estrie, valid_from=datetime.date(2008, 1, 1))
    period = services.create_period(
        actor=ministry_user, code="p", name="P", starts_on=datetime.date(2024, 4, 1), ends_on=datetime.date(2029, 3, 31)
    )
    amounts = dict(period.envelopes.values_list("region__code", "amount"))
    assert amounts == {"05": Decimal("4800000.00"), "16": Decimal("4000000.00")}


def test_only_the_ministry_sets_up_the_program(estrie_user):
    with pytest.raises(PermissionDenied):
        services.create_period(
            actor=estrie_user,
            code="p",
            name="P",
            starts_on=datetime.date(2024, 4, 1),
            ends_on=datetime.date(2029, 3, 31),
        )


def test_a_draft_is_numbered_per_region_and_year(world):
    first, second = draft(world), draft(world)
    assert first.number.startswith("FSDCE-05-") and first.number.endswith("-0001")
    assert second.number.endswith("-0002")
    assert first.status == ProjectStatus.DRAFT
    assert first.creneau_links.get().creneau == world.creneau
    assert first.partner_links.get().organisation == world.partner


def test_a_project_must_serve_a_niche_of_its_region(world, monteregie):
    with pytest.raises(ValidationError) as error:
        draft(world, region=monteregie)
    assert "region" in error.value.message_dict


def test_submission_checks_the_guide_and_changes_nothing_when_it_fails(world):
    project = draft(world, requested="60000")  # 60 % of 100,000 $ for an enterprise: over 40 %
    with pytest.raises(ValidationError) as error:
        services.submit_project(project, actor=world.carrier_user)
    assert "40" in " ".join(error.value.message_dict["requested_amount"])
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    assert not PendingAgendaItem.objects.exists()


def test_a_submitted_project_lands_on_the_niche_committees_next_agenda(world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert project.guide == world.guide
    pending = PendingAgendaItem.objects.get()
    assert (pending.committee, pending.subject, pending.source) == (world.niche_committee, project, None)


def test_the_chain_of_resolutions_then_the_ministry_grants(world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    niche = decide(world.niche_committee, project, actor=world.office)
    assert project.status == ProjectStatus.NICHE_APPROVED
    assert project.creneau_links.get().resolution == niche
    # The regional committee finds it on its next agenda by itself.
    regional = decide(world.regional_committee, project, actor=world.office)
    assert project.status == ProjectStatus.ANALYSIS
    assert project.regional_resolution == regional
    services.grant_project(project, actor=world.ministry, amount=Decimal("35000"))
    project.refresh_from_db()
    assert (project.status, project.granted_amount) == (ProjectStatus.GRANTED, Decimal("35000.00"))
    balance = selectors.balance(envelope_of(world))
    assert (balance.committed, balance.available) == (Decimal("35000.00"), Decimal("3965000.00"))
    actions = list(project.events.order_by("occurred_at", "pk").values_list("action", "resolution"))
    assert actions == [
        ("create", None),
        ("submit", None),
        ("niche_approve", niche.pk),
        ("regional_approve", regional.pk),
        ("grant", None),
    ]


def test_members_of_the_carrier_and_partners_are_recused(world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    carrier_seat = MandateFactory(committee=world.niche_committee, organisation=world.carrier)
    partner_seat = MandateFactory(committee=world.niche_committee, organisation=world.partner)
    resolution = decide(world.niche_committee, project, actor=world.office)
    reasons = dict(resolution.recusals.values_list("mandate", "reason"))
    assert reasons == {carrier_seat.pk: RecusalReason.CARRIER, partner_seat.pk: RecusalReason.PARTNER}


def test_a_member_tied_to_the_carrier_is_recused_whatever_seat_she_holds(world):
    """The conflict follows the person: an employee of the carrier seated without an organisation
    (or for another one) is recused, and a partner's employee too; a plain member is not."""
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    employee = MandateFactory(committee=world.niche_committee, organisation=None)
    AffiliationFactory(person=employee.person, organisation=world.carrier)
    elsewhere = MandateFactory(committee=world.niche_committee, organisation=OrganisationFactory())
    AffiliationFactory(person=elsewhere.person, organisation=world.partner)
    both = MandateFactory(committee=world.niche_committee, organisation=None)
    AffiliationFactory(person=both.person, organisation=world.partner)
    AffiliationFactory(person=both.person, organisation=world.carrier)
    resolution = decide(world.niche_committee, project, actor=world.office)
    reasons = dict(resolution.recusals.values_list("mandate", "reason"))
    assert reasons == {
        employee.pk: RecusalReason.CARRIER,
        elsewhere.pk: RecusalReason.PARTNER,
        both.pk: RecusalReason.CARRIER,
    }


def test_a_rejected_resolution_refuses_the_project(world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    decide(world.niche_committee, project, actor=world.office, adopt=False)
    assert project.status == ProjectStatus.REFUSED


def test_only_the_committee_of_the_projects_niche_approves_it(world, estrie):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    executive = committee_with_members(
        code="CE-MEUBLE-05", kind=CommitteeKind.EXECUTIVE, parent=world.niche_committee, creneau=world.creneau
    )
    another_niche = committee_with_members(code="CC-BOIS-05", creneau__regions=[estrie])
    for committee in (executive, another_niche, world.regional_committee):
        governance.put_on_next_agenda(committee, actor=world.office, title=str(project), subject=project)
        resolution = decide(committee, project, actor=world.office)
        assert resolution.outcome == "adopted"
        assert project.status == ProjectStatus.SUBMITTED
    decide(world.niche_committee, project, actor=world.office)
    assert project.status == ProjectStatus.NICHE_APPROVED


def test_a_joint_project_needs_each_niche_committee(world, estrie):
    other = committee_with_members(code="CC-BOIS-05", creneau__regions=[estrie])
    values = content(world)
    joint = services.Content(
        fields=values.fields, creneaux=[world.creneau, other.creneau], costs=values.costs, financing=values.financing
    )
    project = services.create_project(world.carrier, joint, actor=world.carrier_user)
    services.submit_project(project, actor=world.carrier_user)
    decide(world.niche_committee, project, actor=world.office)
    assert project.status == ProjectStatus.SUBMITTED  # the other niche has not decided yet
    decide(other, project, actor=world.office)
    assert project.status == ProjectStatus.NICHE_APPROVED


def test_a_grant_above_the_envelope_is_refused_with_the_amount_left(world, ministry_user):
    envelope = envelope_of(world)
    services.set_envelope(
        envelope, actor=ministry_user, amount=Decimal("30000"), equity_margin=Decimal("20"), reason="Test"
    )
    # 40,000 $ of a 30,000 $ envelope is above the niche's fair share: the committee says why.
    project = to_analysis(world, justification="Seul créneau prêt à investir cette année.")
    with pytest.raises(ValidationError) as error:
        services.grant_project(project, actor=world.ministry, amount=Decimal("35000"))
    assert "30" in error.value.message_dict["amount"][0]
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS
    assert not LedgerEntry.objects.exists()


def test_a_grant_over_the_guide_is_refused(world):
    project = to_analysis(world)
    with pytest.raises(ValidationError):
        services.grant_project(project, actor=world.ministry, amount=Decimal("45000"))  # 45 % > 40 %


def test_a_large_grant_takes_two_ministry_signatures(world):
    project = to_analysis(
        world,
        requested="150000",
        costs=[("equipment", "Robot", Decimal("400000"))],
    )
    services.grant_project(project, actor=world.ministry, amount=Decimal("150000"))
    project.refresh_from_db()
    assert project.status == ProjectStatus.AWAITING_SIGNATURE
    assert not LedgerEntry.objects.exists()
    with pytest.raises(ValidationError):
        services.countersign_project(project, actor=world.ministry)  # the same officer
    # Signed on, the analysis is no longer recorded again (the second officer countersigns what was analysed).
    with pytest.raises(InvalidTransition):
        services.record_analysis(project, actor=world.ministry, checklist={}, notes="Autre", recommended_amount=None)
    services.countersign_project(project, actor=world.second_ministry)
    project.refresh_from_db()
    assert (project.status, project.granted_amount) == (ProjectStatus.GRANTED, Decimal("150000.00"))
    assert project.signatures.count() == 2


def test_a_delegation_lets_the_regional_committee_grant(world):
    delegation = services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Régionalisation"
    )
    project = to_analysis(world)
    assert (project.status, project.delegation) == (ProjectStatus.GRANTED, delegation)
    event = project.events.get(action=workflow.Action.DELEGATED_GRANT)
    assert (event.delegation, event.resolution) == (delegation, project.regional_resolution)
    assert selectors.balance(envelope_of(world)).committed == Decimal("40000.00")


def test_a_delegation_covers_projects_up_to_its_amount(world):
    services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("30000"), reason="Petits projets"
    )
    project = to_analysis(world)  # asks 40,000 $
    assert (project.status, project.delegation, project.granted_amount) == (ProjectStatus.ANALYSIS, None, None)
    assert not LedgerEntry.objects.exists()


def test_a_revoked_delegation_no_longer_applies(world):
    delegation = services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Essai"
    )
    services.revoke_delegation(delegation, actor=world.ministry, reason="Fin de l'essai")
    assert to_analysis(world).status == ProjectStatus.ANALYSIS


def test_a_delegated_grant_the_envelope_cannot_hold_goes_to_the_ministry_with_the_reason(world):
    services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Régionalisation"
    )
    services.set_envelope(
        envelope_of(world), actor=world.ministry, amount=Decimal("30000"), equity_margin=Decimal("20"), reason="Test"
    )
    # Asks 40,000 $, within the delegation but above what the envelope holds (and the niche's fair share).
    project = to_analysis(world, justification="Seul créneau prêt à investir cette année.")
    assert (project.status, project.delegation, project.granted_amount) == (ProjectStatus.ANALYSIS, None, None)
    assert not LedgerEntry.objects.exists()
    event = project.events.get(action=workflow.Action.REGIONAL_APPROVE)
    assert "30" in event.note


def test_from_grant_to_closing_the_unspent_aid_goes_back(world):
    project = to_analysis(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"))
    draft_terms(world, project)
    services.sign_agreement(project, actor=world.ministry, signed_on=datetime.date(2025, 2, 1))
    proof = SimpleUploadedFile("facture.pdf", b"%PDF-1.4")
    claim = services.claim_disbursement(
        project, actor=world.carrier_user, amount=Decimal("30000"), claim="Presse", proof=proof
    )
    with pytest.raises(ValidationError):
        services.claim_disbursement(
            project,
            actor=world.carrier_user,
            amount=Decimal("10001"),
            claim="Trop",
            proof=SimpleUploadedFile("x.pdf", b"x"),
        )
    services.decide_disbursement(claim, actor=world.ministry, pay=True)
    assert claim.status == ClaimStatus.PAID
    services.submit_final_report(
        project,
        actor=world.carrier_user,
        actual_cost=Decimal("90000"),
        actual_jobs=3,
        actual_investment=Decimal("60000"),
        actual_sales=Decimal("0"),
        report="L'atelier est ouvert.",
    )
    services.close_project(project, actor=world.ministry)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CLOSED
    balance = selectors.balance(envelope_of(world))
    assert (balance.committed, balance.disbursed) == (Decimal("30000.00"), Decimal("30000.00"))
    assert LedgerEntry.objects.filter(kind=EntryKind.RELEASE).get().amount == Decimal("10000.00")


def test_withdrawing_a_granted_project_releases_its_commitment(world):
    project = to_analysis(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"))
    services.withdraw_project(project, actor=world.carrier_user, reason="Projet abandonné")
    assert selectors.balance(envelope_of(world)).committed == Decimal("0.00")


def test_returned_projects_go_back_to_the_carrier_with_the_reason(world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    with pytest.raises(ValidationError):
        services.return_project(project, actor=world.office, reason="  ")
    services.return_project(project, actor=world.office, reason="Précisez le budget.")
    project.refresh_from_db()
    assert project.status == ProjectStatus.RETURNED
    assert ProjectEvent.objects.filter(project=project, action="return", note="Précisez le budget.").exists()
    services.update_project(project, content(world, requested="30000"), actor=world.carrier_user)
    services.submit_project(project, actor=world.carrier_user)


def test_a_resubmitted_project_is_decided_afresh_and_the_history_keeps_the_former_decision(world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    niche = decide(world.niche_committee, project, actor=world.office)
    services.return_project(project, actor=world.office, reason="Précisez le budget.")
    services.submit_project(project, actor=world.carrier_user)
    link = project.creneau_links.get()
    assert link.resolution is None
    before, after = link.history.order_by("-history_date", "-history_id")[:2]
    assert (before.resolution_id, after.resolution_id) == (None, niche.pk)
    assert before.history_user == world.carrier_user


def test_a_final_report_sent_back_says_so_on_the_timeline(world):
    project = signed(world)
    services.submit_final_report(
        project,
        actor=world.carrier_user,
        actual_cost=Decimal("100000"),
        actual_jobs=3,
        actual_investment=Decimal("50000"),
        actual_sales=Decimal("0"),
        report="Atelier ouvert.",
    )
    services.return_final_report(project, actor=world.ministry, reason="Chiffres manquants")
    returned = project.events.get(action=EventKind.RETURN)
    with translation.override("en"):
        assert returned.label == "Final report returned to the carrier"
        assert project.events.get(action=EventKind.REPORT).label == "Final report submitted"


def test_only_the_ministry_sends_a_final_report_back(world):
    """The transition table returns a final report; the office's "return" step does not (pages and API alike)."""
    project = signed(world)
    services.submit_final_report(
        project,
        actor=world.carrier_user,
        actual_cost=Decimal("100000"),
        actual_jobs=3,
        actual_investment=Decimal("50000"),
        actual_sales=Decimal("0"),
        report="Atelier ouvert.",
    )
    with pytest.raises(InvalidTransition):
        services.return_project(project, actor=world.office, reason="Chiffres manquants")
    project.refresh_from_db()
    assert project.status == ProjectStatus.FINAL_REPORT


def test_every_step_emails_the_carrier_and_the_secretaries(world, django_capture_on_commit_callbacks):
    project = draft(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_project(project, actor=world.carrier_user)
    recipients = {address for message in mail.outbox for address in message.to}
    secretary = world.niche_committee.mandates.get(role="secretary").person.email
    assert {"rosalie@boreal.example", secretary} <= recipients
    assert project.number in mail.outbox[0].subject


def test_a_carrier_cannot_grant(world):
    project = to_analysis(world)
    with pytest.raises(PermissionDenied):
        services.grant_project(project, actor=world.carrier_user, amount=Decimal("1000"))


def test_equity_counts_committed_aid_against_equal_targets(world, estrie):
    committee_with_members(code="CC-BOIS-05", creneau__regions=[estrie])
    envelope = envelope_of(world)
    services.set_envelope(
        envelope, actor=world.ministry, amount=Decimal("100000"), equity_margin=Decimal("10"), reason="Test"
    )
    project = to_analysis(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"))
    shares = {share.name: share for share in selectors.equity(envelope)}
    meuble = shares["Meuble"]
    assert (meuble.target, meuble.committed, meuble.over_target) == (Decimal("50000.00"), Decimal("40000.00"), False)
    assert meuble.over_target_with(Decimal("20000"))


def test_carriers_are_reminded_of_a_final_report_once_their_project_ended(world):
    project = to_analysis(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"))
    draft_terms(world, project)
    services.sign_agreement(project, actor=world.ministry, signed_on=datetime.date(2025, 2, 1))
    ongoing = draft(world, ends_on=datetime.date(2099, 1, 1))
    mail.outbox.clear()
    sent = tasks.remind_final_reports()
    subjects = {message.subject for message in mail.outbox}
    assert sent == len(mail.outbox) > 0
    assert any(project.number in subject for subject in subjects)
    assert not any(ongoing.number in subject for subject in subjects)
    assert "rosalie@boreal.example" in {address for message in mail.outbox for address in message.to}


# --- The dashboard's figures, kept by the services --------------------------------------------


def _kept_is_fresh(world):
    """The figures the services kept for the world's envelope are those computed now from the rows."""
    envelope = envelope_of(world)
    envelope.figures.refresh_from_db()
    fresh = selectors.region_figures(world.period, [envelope])[world.region.pk]
    assert selectors.kept_figures(envelope, envelope.figures, envelope.niche_figures.all()) == fresh


def test_every_step_keeps_the_dashboards_figures(world):
    """Created, changed, submitted, approved, granted, paid, reported, closed; another withdrawn after its grant."""
    project = draft(world)
    _kept_is_fresh(world)
    services.update_project(project, content(world, requested="30000"), actor=world.carrier_user)
    _kept_is_fresh(world)
    services.submit_project(project, actor=world.carrier_user)
    _kept_is_fresh(world)
    decide(world.niche_committee, project, actor=world.office)
    _kept_is_fresh(world)
    decide(world.regional_committee, project, actor=world.office)
    _kept_is_fresh(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("30000"))
    _kept_is_fresh(world)
    draft_terms(world, project)
    services.sign_agreement(project, actor=world.ministry, signed_on=datetime.date(2025, 2, 1))
    claim = services.claim_disbursement(
        project,
        actor=world.carrier_user,
        amount=Decimal("10000"),
        claim="Presse",
        proof=SimpleUploadedFile("f.pdf", b"%PDF-1.4"),
    )
    services.decide_disbursement(claim, actor=world.ministry, pay=True)
    _kept_is_fresh(world)
    services.submit_final_report(
        project,
        actor=world.carrier_user,
        actual_cost=Decimal("90000"),
        actual_jobs=2,
        actual_investment=Decimal("0"),
        actual_sales=Decimal("0"),
        report="Fait.",
    )
    services.close_project(project, actor=world.ministry)
    _kept_is_fresh(world)
    figures = envelope_of(world).figures
    assert (figures.aid, figures.granted, figures.committed, figures.disbursed) == (
        Decimal("30000.00"),
        1,
        Decimal("10000.00"),
        Decimal("10000.00"),
    )
    other = to_analysis(world, title="Autre")
    services.grant_project(other, actor=world.ministry, amount=Decimal("20000"))
    services.withdraw_project(other, actor=world.carrier_user, reason="Abandon")
    _kept_is_fresh(world)


def test_a_period_starts_with_zero_figures_for_every_envelope(world):
    period = services.create_period(
        actor=world.ministry,
        code="2029-2034",
        name="2029-2034",
        starts_on=datetime.date(2029, 4, 1),
        ends_on=datetime.date(2034, 3, 31),
    )
    envelope = period.envelopes.get(region=world.region)
    assert (envelope.figures.stages, envelope.figures.committed) == ({}, Decimal("0.00"))


def test_rebuilding_every_figure_changes_nothing_the_services_kept(world):
    draft(world)
    services.submit_project(draft(world, title="Deux"), actor=world.carrier_user)
    kept = {row.pk: row.stages for row in selectors.EnvelopeFigures.objects.all()}
    assert services.refresh_all_figures() == len(kept)
    assert {row.pk: row.stages for row in selectors.EnvelopeFigures.objects.all()} == kept


def test_a_former_employee_who_drafted_the_project_is_told_nothing_more(world, django_capture_on_commit_callbacks):
    project = draft(world)
    author = world.carrier_user
    author.email = "rosalie.perso@example.org"  # her sign-in address, not her address at the carrier
    author.save()
    assert author.email in {email for email, _name, _language in selectors.recipients(project)}
    registry.remove_affiliation(
        world.carrier.affiliations.get(person=author.person), actor=world.ministry, reason="Départ"
    )
    project.refresh_from_db()
    assert author.email not in {email for email, _name, _language in selectors.recipients(project)}
