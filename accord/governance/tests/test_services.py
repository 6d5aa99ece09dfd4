import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from accord.accounts.tests.factories import UserFactory, grant
from accord.governance import selectors, services, tasks
from accord.governance.models import (
    Attendance,
    AttendanceStatus,
    Committee,
    CommitteeEvent,
    CommitteeKind,
    CoordinatorReport,
    EventKind,
    MandateRole,
    MeetingStatus,
    MinutesStatus,
    Recusal,
    ResolutionOutcome,
    Vote,
)
from accord.governance.workflow import InvalidTransition
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, PersonFactory, RegionFactory

from .conftest import attend
from .factories import BylawsFactory, CommitteeFactory, MandateFactory, chair_user, sign_off

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(estrie):
    creneau = CreneauFactory(slug="meuble", regions=[estrie])
    return CommitteeFactory(code="CC-MEUBLE-05", creneau=creneau, name_fr="Comité du créneau Meuble")


@pytest.fixture
def members(committee):
    """A president, a secretary, four members (business majority) and a non-voting coordinator."""
    people = {}
    for name, role, constituency in [
        ("president", MandateRole.PRESIDENT, "business"),
        ("secretary", MandateRole.SECRETARY, "business"),
        ("alice", MandateRole.MEMBER, "business"),
        ("bruno", MandateRole.MEMBER, "research"),
        ("chloe", MandateRole.MEMBER, "business"),
        ("denis", MandateRole.MEMBER, "public_body"),
    ]:
        people[name] = MandateFactory(
            committee=committee,
            role=role,
            constituency=constituency,
            person=PersonFactory(first_name=name.capitalize(), email=f"{name}@example.org"),
        )
    people["coordinator"] = MandateFactory(committee=committee, role=MandateRole.COORDINATOR, voting=False)
    return people


@pytest.fixture
def estrie_staff(estrie_user):
    return estrie_user


def in_session(committee, actor, **meeting):
    m = services.plan_meeting(
        committee,
        actor=actor,
        title=meeting.get("title", "Réunion régulière"),
        starts_at=meeting.get("starts_at", timezone.now()),  # today: a meeting opens on its day
        location="Victoriaville",
        items=[{"title": "Projets", "kind": "decision"}],
    )
    services.convene_meeting(m, actor=actor)
    services.open_meeting(m, actor=actor)
    return m


# --- Meetings and notices ------------------------------------------------------------------


def test_convening_sends_each_member_a_notice_with_an_invitation(
    committee, members, estrie_staff, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://accord.example"
    members["bruno"].person.preferred_language = "en"
    members["bruno"].person.save()
    meeting = services.plan_meeting(
        committee,
        actor=estrie_staff,
        title="Réunion d'automne",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        location="Drummondville",
        items=[{"title": "Plan d'action"}],
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.convene_meeting(meeting, actor=estrie_staff)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {m.person.email for m in members.values()}
    assert by_recipient["alice@example.org"].subject == "Avis de convocation\u00a0: Réunion d'automne"
    assert by_recipient["bruno@example.org"].subject == "Notice of meeting: Réunion d'automne"
    name, content, mimetype = by_recipient["alice@example.org"].attachments[0]
    assert (name, mimetype) == ("invitation.ics", "text/calendar; charset=utf-8; method=REQUEST")
    # Django decodes a text/* attachment to str.
    assert "BEGIN:VEVENT" in content and "Drummondville" in content
    # Links in emails come from the SITE_URL setting, in each member's language.
    assert f"https://accord.example{meeting.get_absolute_url()}" in by_recipient["alice@example.org"].body


def test_a_meeting_needs_an_agenda_to_be_convened(committee, estrie_staff):
    meeting = services.plan_meeting(
        committee, actor=estrie_staff, title="Vide", starts_at=timezone.now(), online_url="https://visio.example"
    )
    with pytest.raises(ValidationError):
        services.convene_meeting(meeting, actor=estrie_staff)


def test_meeting_transitions_follow_the_table(committee, members, estrie_staff):
    meeting = services.plan_meeting(
        committee, actor=estrie_staff, title="R", starts_at=timezone.now(), location="L", items=[{"title": "A"}]
    )
    with pytest.raises(InvalidTransition):
        services.open_meeting(meeting, actor=estrie_staff)  # not convened yet
    services.convene_meeting(meeting, actor=estrie_staff)
    services.open_meeting(meeting, actor=estrie_staff)
    with pytest.raises(InvalidTransition):
        services.cancel_meeting(meeting, actor=estrie_staff, reason="Trop tard")
    services.close_meeting(meeting, actor=estrie_staff)
    kinds = list(CommitteeEvent.objects.filter(meeting=meeting).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["meeting_planned", "meeting_convened", "meeting_opened", "meeting_closed"]


def test_cancelling_a_convened_meeting_tells_the_members(
    committee, members, estrie_staff, django_capture_on_commit_callbacks
):
    meeting = services.plan_meeting(
        committee, actor=estrie_staff, title="R", starts_at=timezone.now(), location="L", items=[{"title": "A"}]
    )
    services.convene_meeting(meeting, actor=estrie_staff)
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting, actor=estrie_staff, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting, actor=estrie_staff, reason="Tempête de neige")
    assert mail.outbox and all(m.subject.startswith("Réunion annulée") for m in mail.outbox)
    assert "STATUS:CANCELLED" in mail.outbox[0].attachments[0][1]


# --- Attendance and vote sheets --------------------------------------------------------------


def test_an_attendance_sheet_is_recorded_whole_or_not_at_all(committee, members, estrie_staff, estrie):
    BylawsFactory(committee=committee, proxies_allowed=True)
    meeting = in_session(committee, estrie_staff)
    stranger = MandateFactory(committee=CommitteeFactory(creneau=CreneauFactory(regions=[estrie])))
    alice, bruno, chloe = members["alice"], members["bruno"], members["chloe"]
    sheet = [
        (chloe, AttendanceStatus.PROXY, alice),  # given first: recorded after Alice, its holder
        (alice, AttendanceStatus.PRESENT, None),
        (members["denis"], AttendanceStatus.PROXY, bruno),  # Bruno is not recorded as present
        (stranger, AttendanceStatus.PRESENT, None),
    ]
    with pytest.raises(services.SheetRefused) as refused:
        services.record_attendance_sheet(meeting, sheet, actor=estrie_staff)
    # Every refused line is named, with its own reason; nothing of the sheet is saved.
    assert set(refused.value.lines) == {members["denis"].pk, stranger.pk}
    assert list(refused.value.lines[members["denis"].pk].message_dict) == ["proxy_holder"]
    assert not Attendance.objects.exists()
    assert not CommitteeEvent.objects.filter(kind=EventKind.ATTENDANCE_RECORDED).exists()

    recorded = services.record_attendance_sheet(meeting, sheet[:2], actor=estrie_staff)
    assert [(a.mandate, a.status, a.proxy_holder) for a in recorded] == [
        (alice, AttendanceStatus.PRESENT, None),
        (chloe, AttendanceStatus.PROXY, alice),
    ]
    assert selectors.sitting(meeting).quorum().present == 2


def test_one_attendance_is_a_sheet_of_one_line(committee, members, estrie_staff, estrie):
    meeting = in_session(committee, estrie_staff)
    stranger = MandateFactory(committee=CommitteeFactory(creneau=CreneauFactory(regions=[estrie])))
    with pytest.raises(ValidationError, match="n'est pas membre") as refused:
        services.record_attendance(meeting, stranger, actor=estrie_staff, status=AttendanceStatus.PRESENT)
    assert not isinstance(refused.value, services.SheetRefused)  # the line's own refusal, as before
    with pytest.raises(PermissionDenied):
        services.record_attendance(
            meeting, members["alice"], actor=UserFactory(person=members["alice"].person), status="present"
        )
    assert not Attendance.objects.exists()


def test_a_vote_sheet_is_recorded_whole_or_not_at_all(committee, members, estrie_staff):
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [members[n] for n in ("president", "alice", "bruno")])
    resolution = services.propose_resolution(
        meeting, actor=estrie_staff, title="Appui", text="…", subject=members["alice"].organisation
    )
    sheet = [(members["president"], "for"), (members["alice"], "for"), (members["bruno"], "against")]
    sheet += [(members["chloe"], "for"), (members["coordinator"], "for")]
    with pytest.raises(services.SheetRefused) as refused:
        services.record_votes(resolution, sheet, actor=estrie_staff)
    # Alice is recused, Chloé absent, the coordinator does not vote: nothing is saved.
    assert set(refused.value.lines) == {members[n].pk for n in ("alice", "chloe", "coordinator")}
    assert not Vote.objects.exists()
    services.record_votes(resolution, [sheet[0], sheet[2]], actor=estrie_staff)
    assert dict(Vote.objects.values_list("mandate__role", "choice")) == {"president": "for", "member": "against"}
    # Changing a vote changes the line; the same vote again changes nothing.
    services.record_votes(resolution, [(members["bruno"], "for"), (members["president"], "for")], actor=estrie_staff)
    assert selectors.tally(resolution).votes_for == 2


# --- Resolutions, conflicts of interest, votes ----------------------------------------------


def test_members_of_the_carrier_are_recused_and_cannot_vote(committee, members, estrie_staff):
    carrier = members["alice"].organisation
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
    resolution = services.propose_resolution(
        meeting, actor=estrie_staff, title="Appui au projet", text="…", subject=carrier
    )
    assert resolution.number == f"CC-MEUBLE-05-{meeting.meeting_date.year}-001"
    assert [(r.mandate, r.reason) for r in resolution.recusals.all()] == [(members["alice"], "carrier")]
    with pytest.raises(ValidationError, match="récusé"):
        services.record_vote(resolution, members["alice"], actor=estrie_staff, choice="for")
    assert not Vote.objects.filter(mandate=members["alice"]).exists()


def test_declaring_an_interest_withdraws_the_vote_and_changes_the_quorum(committee, members, estrie_staff):
    meeting = in_session(committee, estrie_staff)
    voters = [members[n] for n in ("president", "secretary", "alice", "bruno")]
    attend(meeting, estrie_staff, voters)
    attend(meeting, estrie_staff, [members["chloe"], members["denis"]], AttendanceStatus.ABSENT)
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="Budget", text="…")
    for mandate in voters:
        services.record_vote(resolution, mandate, actor=estrie_staff, choice="for")
    services.declare_interest(resolution, members["bruno"], actor=estrie_staff, interest="Administrateur du partenaire")
    tally = selectors.tally(resolution)
    # 6 voting members, 1 recused: quorum 3 of 5; 3 present and eligible.
    assert (tally.voting_members, tally.recused, tally.present, tally.quorum, tally.votes_for) == (6, 1, 3, 3, 3)
    services.decide_resolution(resolution, actor=estrie_staff)
    resolution.refresh_from_db()
    assert (resolution.outcome, resolution.votes_for, resolution.recused_count) == ("adopted", 3, 1)


def test_absent_and_excused_members_cannot_vote(committee, members, estrie_staff):
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [members["chloe"]], AttendanceStatus.EXCUSED)
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="T", text="…")
    with pytest.raises(ValidationError):
        services.record_vote(resolution, members["chloe"], actor=estrie_staff, choice="for")
    with pytest.raises(ValidationError):
        services.record_vote(resolution, members["denis"], actor=estrie_staff, choice="for")  # no attendance at all
    with pytest.raises(ValidationError):
        services.record_vote(resolution, members["coordinator"], actor=estrie_staff, choice="for")  # does not vote


def test_without_quorum_the_committee_can_only_defer(committee, members, estrie_staff):
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [members["president"], members["secretary"]])
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="T", text="…")
    with pytest.raises(ValidationError, match="Quorum"):
        services.decide_resolution(resolution, actor=estrie_staff)
    services.defer_resolution(resolution, actor=estrie_staff, reason="Quorum non atteint")
    resolution.refresh_from_db()
    assert resolution.outcome == ResolutionOutcome.DEFERRED
    services.close_meeting(meeting, actor=estrie_staff)


def test_a_meeting_with_a_pending_resolution_cannot_close(committee, members, estrie_staff):
    meeting = in_session(committee, estrie_staff)
    services.propose_resolution(meeting, actor=estrie_staff, title="T", text="…")
    with pytest.raises(ValidationError):
        services.close_meeting(meeting, actor=estrie_staff)


def test_proxies_follow_the_bylaws(committee, members, estrie_staff):
    bylaws = BylawsFactory(committee=committee, proxies_allowed=False)
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [members["president"], members["secretary"], members["alice"]])
    with pytest.raises(ValidationError, match="procurations"):
        services.record_attendance(
            meeting, members["chloe"], actor=estrie_staff, status="proxy", proxy_holder=members["alice"]
        )
    bylaws.proxies_allowed = True
    bylaws.max_proxies_per_member = 1
    bylaws.save()
    services.record_attendance(
        meeting, members["chloe"], actor=estrie_staff, status="proxy", proxy_holder=members["alice"]
    )
    with pytest.raises(ValidationError):
        services.record_attendance(
            meeting, members["denis"], actor=estrie_staff, status="proxy", proxy_holder=members["alice"]
        )  # one proxy each at most
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="T", text="…")
    vote = services.record_vote(resolution, members["chloe"], actor=estrie_staff, choice="against")
    assert vote.cast_by == members["alice"]
    assert selectors.tally(resolution).present == 4


def test_consensus_only_where_the_bylaws_allow_it(committee, members, estrie_staff):
    BylawsFactory(committee=committee, consensus_allowed=False)
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="T", text="…")
    with pytest.raises(ValidationError):
        services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")


def test_resolution_numbers_follow_each_other_within_a_year(committee, members, estrie_staff):
    meeting = in_session(committee, estrie_staff)
    first = services.propose_resolution(meeting, actor=estrie_staff, title="A", text="…")
    second = services.propose_resolution(meeting, actor=estrie_staff, title="B", text="…")
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.number.endswith("-002")


def test_an_approved_project_lands_on_the_regional_committee_next_agenda(committee, members, estrie, estrie_staff):
    regional = CommitteeFactory(kind=CommitteeKind.REGIONAL, creneau=None, region=estrie, code="CR-05")
    upcoming = services.plan_meeting(
        regional,
        actor=estrie_staff,
        title="Comité régional d'hiver",
        starts_at=timezone.now() + datetime.timedelta(days=30),
        location="Sherbrooke",
        items=[{"title": "Ouverture"}],
    )
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
    project = OrganisationFactory(name="Projet porté par Meubles Orford", region=estrie)
    resolution = services.propose_resolution(
        meeting,
        actor=estrie_staff,
        title="Approbation du projet Orford",
        text="…",
        subject=project,
        forward_to=regional,
    )
    services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    sign_off(resolution)

    item = upcoming.items.get(position=2)
    assert (item.title, item.forwarded_from, item.subject) == ("Approbation du projet Orford", resolution, project)
    assert CommitteeEvent.objects.filter(committee=regional, kind=EventKind.ITEM_RECEIVED).exists()


def test_a_forwarded_item_waits_for_the_next_meeting_when_none_is_planned(committee, members, estrie, estrie_staff):
    regional = CommitteeFactory(kind=CommitteeKind.REGIONAL, creneau=None, region=estrie, code="CR-05")
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
    resolution = services.propose_resolution(
        meeting, actor=estrie_staff, title="Projet X", text="…", forward_to=regional
    )
    services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    sign_off(resolution)
    later = services.plan_meeting(
        regional,
        actor=estrie_staff,
        title="Prochaine",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        location="S",
    )
    assert [i.title for i in later.items.all()] == ["Projet X"]


def test_an_item_put_on_the_next_agenda_keeps_its_kind(committee, estrie_staff):
    told = services.put_on_next_agenda(committee, actor=estrie_staff, title="Bilan présenté", kind="information")
    asked = services.put_on_next_agenda(committee, actor=estrie_staff, title="Projet à décider")
    assert (told.kind, asked.kind) == ("information", "decision")  # a decision unless said otherwise
    later = services.plan_meeting(
        committee,
        actor=estrie_staff,
        title="Prochaine",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        location="S",
    )
    assert [(i.title, i.kind) for i in later.items.all()] == [
        ("Bilan présenté", "information"),
        ("Projet à décider", "decision"),
    ]


# --- Minutes -------------------------------------------------------------------------------


def test_minutes_are_drafted_circulated_amended_approved_then_locked(
    committee, members, estrie_staff, django_capture_on_commit_callbacks
):
    first = in_session(committee, estrie_staff, starts_at=timezone.now() - datetime.timedelta(days=40))
    services.close_meeting(first, actor=estrie_staff)
    minutes = services.draft_minutes(first, actor=estrie_staff, text="Présents : …")
    with django_capture_on_commit_callbacks(execute=True):
        services.circulate_minutes(minutes, actor=estrie_staff)
    assert mail.outbox
    services.amend_minutes(minutes, actor=estrie_staff, text="Présents : tous", reason="Correction de Chloé")

    second = in_session(committee, estrie_staff)
    attend(second, estrie_staff, [m for m in members.values() if m.voting])
    resolution = services.propose_resolution(
        second, actor=estrie_staff, title="Adoption du procès-verbal", text="…", subject=minutes
    )
    services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    sign_off(resolution)
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approved_by) == (MinutesStatus.APPROVED, resolution)
    with pytest.raises(ValidationError):
        services.amend_minutes(minutes, actor=estrie_staff, text="Changé")
    correction = services.draft_minutes(first, actor=estrie_staff, text="Présents : tous, et Denis")
    assert (correction.version, correction.corrects, correction.status) == (2, minutes, "draft")
    minutes.refresh_from_db()
    assert minutes.text == "Présents : tous"


def test_minutes_cannot_be_approved_at_the_same_meeting(committee, members, estrie_staff):
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
    minutes = services.draft_minutes(meeting, actor=estrie_staff, text="…")
    # Refused when proposed, before anyone votes on it.
    with pytest.raises(ValidationError):
        services.propose_resolution(meeting, actor=estrie_staff, title="PV", text="…", subject=minutes)
    assert not meeting.resolutions.exists()
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT


def test_minutes_wait_for_the_meeting(committee, estrie_staff):
    meeting = services.plan_meeting(committee, actor=estrie_staff, title="R", starts_at=timezone.now(), location="L")
    with pytest.raises(InvalidTransition):
        services.draft_minutes(meeting, actor=estrie_staff, text="…")


# --- Mandates, bylaws, reports --------------------------------------------------------------


def test_mandates_start_and_end_with_their_history(committee, estrie_staff, estrie):
    person = PersonFactory(region=estrie)
    mandate = services.start_mandate(
        committee,
        actor=estrie_staff,
        person=person,
        role="observer",
        starts_on=datetime.date(2025, 1, 1),
        constituency="public_body",
    )
    assert mandate.voting is False
    with pytest.raises(ValidationError):
        services.start_mandate(
            committee,
            actor=estrie_staff,
            person=person,
            role="member",
            starts_on=datetime.date(2025, 6, 1),
            constituency="business",
        )
    with pytest.raises(ValidationError):
        services.end_mandate(mandate, actor=estrie_staff, ends_on=datetime.date(2025, 12, 31), reason="")
    services.end_mandate(mandate, actor=estrie_staff, ends_on=datetime.date(2025, 12, 31), reason="Fin de mandat")
    mandate.refresh_from_db()
    assert not mandate.is_current()
    assert list(mandate.events.values_list("kind", flat=True).order_by("pk")) == ["mandate_started", "mandate_ended"]
    assert mandate.history.count() == 2


def draft(committee, actor, **data):
    return services.draft_bylaws(committee, actor=actor, data={"quorum_rule": "majority", **data})


def adopt(committee, actor, members, bylaws, *, meeting=None, **decision):
    """Put the bylaws to a meeting of `committee` in session and decide by consensus."""
    meeting = meeting or in_session(committee, actor)
    attend(meeting, actor, [m for m in members.values() if m.voting])
    resolution = services.propose_resolution(meeting, actor=actor, title="Règlement", text="…", subject=bylaws)
    services.decide_resolution(resolution, actor=actor, mode=decision.get("mode", "consensus"))
    resolution.refresh_from_db()
    if resolution.awaits_sign_off:
        sign_off(resolution)  # recorded by staff: in force once the member who chaired confirms it
    return resolution


def test_a_draft_of_the_bylaws_is_not_in_force(committee, members, estrie_staff):
    bylaws = draft(committee, estrie_staff, proxies_allowed=True)
    assert (bylaws.version, bylaws.adopted_on, bylaws.adopted_by) == (1, None, None)
    assert selectors.bylaws_in_force(committee) is None
    assert selectors.bylaws_in_force(committee, datetime.date(2100, 1, 1)) is None
    # Nor in the compliance read of many committees at once.
    assert selectors.compliance_reports([committee])[0].bylaws is None
    assert list(committee.events.values_list("kind", flat=True)) == [EventKind.BYLAWS_DRAFTED]


def test_bylaws_are_drafted_by_those_who_manage_the_committee(committee, members):
    member = UserFactory(person=members["alice"].person)
    with pytest.raises(PermissionDenied):
        draft(committee, member)
    president = UserFactory(person=members["president"].person)
    assert draft(committee, president).version == 1


def test_bylaws_come_into_force_when_their_committee_adopts_them(
    committee, members, estrie_staff, django_capture_on_commit_callbacks
):
    bylaws = draft(committee, estrie_staff, proxies_allowed=True)
    with time_machine.travel(datetime.datetime(2026, 3, 10, 23, 30, tzinfo=zoneinfo.ZoneInfo("America/Toronto"))):
        meeting = in_session(committee, estrie_staff)
        with django_capture_on_commit_callbacks(execute=True):
            resolution = adopt(committee, estrie_staff, members, bylaws, meeting=meeting)
    bylaws.refresh_from_db()
    # Dated on the local day of the decision (04:30 UTC the next day).
    assert (bylaws.adopted_on, bylaws.adopted_by) == (datetime.date(2026, 3, 10), resolution)
    assert selectors.bylaws_in_force(committee, datetime.date(2026, 3, 9)) is None
    assert selectors.bylaws_in_force(committee, datetime.date(2026, 3, 10)) == bylaws
    # They came into force when the member who chaired confirmed the decision the office recorded.
    chair = chair_user(resolution)
    event = committee.events.get(kind=EventKind.BYLAWS_ADOPTED)
    assert (event.resolution, event.actor) == (resolution, chair)
    assert bylaws.history.order_by("-history_id").first().history_user == chair


def test_the_last_version_adopted_is_in_force(committee, members, estrie_staff):
    first, second = draft(committee, estrie_staff), draft(committee, estrie_staff, proxies_allowed=True)
    meeting = in_session(committee, estrie_staff)
    adopt(committee, estrie_staff, members, second, meeting=meeting)
    assert selectors.bylaws_in_force(committee) == second
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="Retour", text="…", subject=first)
    services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    sign_off(resolution)
    assert selectors.bylaws_in_force(committee) == first  # adopted last, though numbered first
    assert selectors.compliance_reports([committee])[0].bylaws == first


def test_a_resolution_of_another_committee_never_adopts_bylaws(committee, members, estrie_staff, estrie):
    bylaws = draft(committee, estrie_staff)
    other = CommitteeFactory(creneau=CreneauFactory(regions=[estrie]))
    theirs = {"president": MandateFactory(committee=other, role=MandateRole.PRESIDENT)}
    meeting = in_session(other, estrie_staff)
    attend(meeting, estrie_staff, theirs.values())
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.propose_resolution(meeting, actor=estrie_staff, title="Règlement", text="…", subject=bylaws)
    assert "propre comité" in refused.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.add_agenda_item(
            services.plan_meeting(
                other,
                actor=estrie_staff,
                title="Prochaine",
                starts_at=timezone.now() + datetime.timedelta(days=5),
                location="Magog",
            ),
            actor=estrie_staff,
            title="Règlement",
            subject=bylaws,
        )
    assert refused.value.messages == ["Bylaws are adopted by a resolution of their own committee."]
    # Nor once decided, whatever the way in: the decision changes nothing.
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="Règlement", text="…")
    services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    with pytest.raises(ValidationError):
        services.adopt_bylaws(bylaws, resolution=resolution, actor=estrie_staff)
    bylaws.refresh_from_db()
    assert bylaws.is_draft
    assert selectors.bylaws_in_force(committee) is None


def test_a_rejected_or_deferred_resolution_leaves_the_bylaws_a_draft(committee, members, estrie_staff):
    bylaws = draft(committee, estrie_staff)
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
    rejected = services.propose_resolution(meeting, actor=estrie_staff, title="Règlement", text="…", subject=bylaws)
    services.record_votes(rejected, [(m, "against") for m in members.values() if m.voting], actor=estrie_staff)
    services.decide_resolution(rejected, actor=estrie_staff)
    deferred = services.propose_resolution(meeting, actor=estrie_staff, title="Règlement", text="…", subject=bylaws)
    services.defer_resolution(deferred, actor=estrie_staff, reason="À revoir")
    assert (rejected.outcome, deferred.outcome) == (ResolutionOutcome.REJECTED, ResolutionOutcome.DEFERRED)
    for resolution in (rejected, deferred):
        with pytest.raises(ValidationError):  # nor by calling the step directly
            services.adopt_bylaws(bylaws, resolution=resolution, actor=estrie_staff)
    bylaws.refresh_from_db()
    assert bylaws.is_draft
    assert selectors.bylaws_in_force(committee) is None


def test_bylaws_in_force_are_not_adopted_again(committee, members, estrie_staff):
    bylaws = draft(committee, estrie_staff)
    meeting = in_session(committee, estrie_staff)
    first = adopt(committee, estrie_staff, members, bylaws, meeting=meeting)
    bylaws.refresh_from_db()
    with pytest.raises(ValidationError):
        services.propose_resolution(meeting, actor=estrie_staff, title="Encore", text="…", subject=bylaws)
    bylaws.refresh_from_db()
    assert bylaws.adopted_by == first


def test_each_member_receives_the_bylaws_in_force_once_as_a_pdf(
    committee, members, estrie_staff, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://accord.example"
    members["bruno"].person.preferred_language = "en"
    members["bruno"].person.save()
    # A member without an address of their own is written to at the one they sign in with.
    coordinator = members["coordinator"].person
    coordinator.email = None
    coordinator.save()
    UserFactory(email="coordo@example.org", person=coordinator)
    gone = MandateFactory(committee=committee, ends_on=datetime.date(2025, 1, 1))  # no longer seated
    bylaws = draft(committee, estrie_staff)
    meeting = in_session(committee, estrie_staff)
    with django_capture_on_commit_callbacks(execute=True):
        adopt(committee, estrie_staff, members, bylaws, meeting=meeting)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    expected = {f"{name}@example.org" for name in ("president", "secretary", "alice", "bruno", "chloe", "denis")}
    assert set(by_recipient) == expected | {"coordo@example.org"}
    assert gone.person.email not in by_recipient
    for message in mail.outbox:
        [(_name, content, mimetype)] = message.attachments
        assert (mimetype, content[:5]) == ("application/pdf", b"%PDF-")
        assert "https://accord.example/" in message.body
        assert f"/c/{committee.slug}/reglement/" in message.body  # the page where they acknowledge it
    assert by_recipient["alice@example.org"].attachments[0][0] == "reglement-cc-meuble-05-v1.pdf"
    assert by_recipient["alice@example.org"].subject == "Règlement en vigueur : Comité du créneau Meuble"
    assert by_recipient["bruno@example.org"].attachments[0][0] == "bylaws-cc-meuble-05-v1.pdf"
    assert by_recipient["bruno@example.org"].subject.startswith("Bylaws in force")
    assert "Version 1 of the bylaws" in by_recipient["bruno@example.org"].body
    # Sent once: the same batch run again (a retry) sends nothing more.
    mail.outbox.clear()
    assert tasks.send_bylaws_in_force.apply(args=[bylaws.pk], task_id="retry").get() == 7
    assert tasks.send_bylaws_in_force.apply(args=[bylaws.pk], task_id="retry").get() == 0
    assert len(mail.outbox) == 7


def test_a_current_member_acknowledges_the_bylaws_in_force_once(committee, members, estrie_staff):
    alice = UserFactory(person=members["alice"].person)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.acknowledge_bylaws(committee, actor=alice)
    assert refused.value.messages == ["This committee has no bylaws in force to acknowledge."]
    bylaws = draft(committee, estrie_staff)
    with pytest.raises(ValidationError):  # a draft is not acknowledged
        services.acknowledge_bylaws(committee, actor=alice)
    adopt(committee, estrie_staff, members, bylaws)
    first = services.acknowledge_bylaws(committee, actor=alice)
    again = services.acknowledge_bylaws(committee, actor=alice)
    assert first == again
    assert (first.bylaws, first.person, first.mandate) == (bylaws, members["alice"].person, members["alice"])
    assert bylaws.acknowledgements.count() == 1
    assert committee.events.filter(kind=EventKind.BYLAWS_ACKNOWLEDGED).count() == 1
    assert first.history.get().history_user == alice
    rows = {row.mandate.person.first_name: row.acknowledged_at for row in selectors.bylaws_acknowledgements(bylaws)}
    assert rows["Alice"] == first.acknowledged_at
    assert rows["Bruno"] is None


def test_only_a_current_member_acknowledges_the_bylaws(committee, members, estrie_staff):
    adopt(committee, estrie_staff, members, draft(committee, estrie_staff))
    former = MandateFactory(committee=committee, ends_on=datetime.date(2025, 1, 1))
    for user in (estrie_staff, UserFactory(person=former.person), UserFactory(person=PersonFactory())):
        for language, text in (
            ("fr", "Seul un membre du comité prend acte de son règlement."),
            ("en", "Only a member of the committee acknowledges its bylaws."),
        ):
            with translation.override(language), pytest.raises(PermissionDenied) as refused:
                services.acknowledge_bylaws(committee, actor=user)
            assert str(refused.value) == text
    assert not selectors.bylaws_in_force(committee).acknowledgements.exists()


def test_a_members_acknowledgements_are_in_their_personal_data(committee, members, estrie_staff):
    bylaws = adopt(committee, estrie_staff, members, draft(committee, estrie_staff)).subject
    services.acknowledge_bylaws(committee, actor=UserFactory(person=members["alice"].person))
    rows = selectors.person_personal_data(members["alice"].person)["bylaws_acknowledgements"]
    assert [(r["bylaws__committee__name_fr"], r["bylaws__version"]) for r in rows] == [
        (committee.name_fr, bylaws.version)
    ]
    assert selectors.person_personal_data(members["bruno"].person)["bylaws_acknowledgements"] == []


def test_coordinator_reports_on_the_mandates_given_by_resolution(committee, members, estrie_staff):
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
    task = services.propose_resolution(
        meeting, actor=estrie_staff, title="Étude de main-d'œuvre", text="…", gives_coordinator_mandate=True
    )
    services.decide_resolution(task, actor=estrie_staff, mode="consensus")
    sign_off(task)
    coordinator = members["coordinator"]
    coordinator_user = UserFactory(person=coordinator.person)
    report = services.submit_report(
        committee,
        actor=coordinator_user,
        coordinator=coordinator,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        activities="Trois visites d'entreprises.",
        progress=[(task, "Étude terminée", True)],
    )
    task.refresh_from_db()
    assert task.mandate_completed_on == datetime.date(2026, 6, 30)
    assert report.progress.get().completed


def test_a_coordinator_reports_only_on_mandates_the_committee_gave_by_resolution(
    committee, members, estrie_staff, estrie
):
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
    budget = services.propose_resolution(meeting, actor=estrie_staff, title="Budget annuel", text="…")
    services.decide_resolution(budget, actor=estrie_staff, mode="consensus")
    sign_off(budget)
    other = CommitteeFactory(creneau=CreneauFactory(regions=[estrie]))
    elsewhere = in_session(other, estrie_staff)
    attend(elsewhere, estrie_staff, [MandateFactory(committee=other)])
    theirs = services.propose_resolution(
        elsewhere, actor=estrie_staff, title="Mission", text="…", gives_coordinator_mandate=True
    )
    services.decide_resolution(theirs, actor=estrie_staff, mode="consensus")
    sign_off(theirs)
    coordinator = members["coordinator"]
    coordinator_user = UserFactory(person=coordinator.person)
    for resolution in (budget, theirs):
        with pytest.raises(ValidationError):
            services.submit_report(
                committee,
                actor=coordinator_user,
                coordinator=coordinator,
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 6, 30),
                activities="Trois visites d'entreprises.",
                progress=[(resolution, "Fait", True)],
            )
        resolution.refresh_from_db()
        assert resolution.mandate_completed_on is None
    assert not CoordinatorReport.objects.exists()


def test_only_the_coordinator_or_staff_in_scope_report_to_the_committee(committee, members, monteregie):
    president = UserFactory(person=members["president"].person)
    other_office = UserFactory()
    grant(other_office, "regional_office", monteregie)
    for actor in (president, other_office):
        with pytest.raises(PermissionDenied):
            services.submit_report(
                committee,
                actor=actor,
                coordinator=members["coordinator"],
                period_start=datetime.date(2026, 1, 1),
                period_end=datetime.date(2026, 6, 30),
                activities="Trois visites d'entreprises.",
            )
    assert not CoordinatorReport.objects.exists()


def test_a_region_has_one_regional_committee(estrie, estrie_staff):
    def regional(code):
        data = {"kind": CommitteeKind.REGIONAL, "region": estrie, "code": code, "name_fr": f"Comité régional {code}"}
        return services.create_committee(actor=estrie_staff, data=data)

    regional("CR-05")
    with pytest.raises(ValidationError):
        regional("CR-05-BIS")
    assert list(Committee.objects.filter(kind=CommitteeKind.REGIONAL).values_list("code", flat=True)) == ["CR-05"]


def test_a_niche_has_one_committee(committee, estrie_staff):
    data = {"kind": CommitteeKind.CRENEAU, "creneau": committee.creneau, "code": "CC-MEUBLE-BIS", "name_fr": "Bis"}
    with pytest.raises(ValidationError):
        services.create_committee(actor=estrie_staff, data=data)
    assert list(Committee.objects.filter(creneau=committee.creneau)) == [committee]


# --- Powers ---------------------------------------------------------------------------------


def test_staff_of_another_region_and_plain_members_cannot_run_meetings(committee, members, monteregie):
    other_office = UserFactory()
    grant(other_office, "regional_office", monteregie)
    with pytest.raises(PermissionDenied):
        services.plan_meeting(committee, actor=other_office, title="R", starts_at=timezone.now(), location="L")
    plain = UserFactory(person=members["alice"].person)
    with pytest.raises(PermissionDenied):
        services.plan_meeting(committee, actor=plain, title="R", starts_at=timezone.now(), location="L")
    secretary = UserFactory(person=members["secretary"].person)
    services.plan_meeting(committee, actor=secretary, title="R", starts_at=timezone.now(), location="L")


def test_a_member_declares_their_own_interest_not_someone_elses(committee, members, estrie_staff):
    meeting = in_session(committee, estrie_staff)
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="T", text="…")
    alice = UserFactory(person=members["alice"].person)
    services.declare_interest(resolution, members["alice"], actor=alice, interest="Actionnaire")
    with pytest.raises(PermissionDenied):
        services.declare_interest(resolution, members["bruno"], actor=alice, interest="Par erreur")
    assert Recusal.objects.filter(resolution=resolution).count() == 1


def test_a_former_member_cannot_declare_an_interest(committee, members, estrie_staff):
    former = MandateFactory(
        committee=committee, starts_on=datetime.date(2020, 1, 1), ends_on=datetime.date(2021, 12, 31)
    )
    meeting = in_session(committee, estrie_staff)
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="T", text="…")
    with pytest.raises(ValidationError):
        services.declare_interest(resolution, former, actor=estrie_staff, interest="Ancien administrateur")
    assert not Recusal.objects.exists()


def test_a_niche_president_forwards_to_the_regional_committee_without_sitting_on_it(committee, members, estrie):
    regional = CommitteeFactory(kind="regional", creneau=None, region=estrie, code="CR-05")
    unrelated = CommitteeFactory(code="CC-AILLEURS-16")
    president = UserFactory(person=members["president"].person)
    meeting = in_session(committee, president)
    resolution = services.propose_resolution(meeting, actor=president, title="Projet", text="…", forward_to=regional)
    assert resolution.forward_to == regional
    with pytest.raises(ValidationError) as refused:
        services.propose_resolution(meeting, actor=president, title="Projet", text="…", forward_to=unrelated)
    assert "forward_to" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.propose_resolution(meeting, actor=president, title="Projet", text="…", forward_to=committee)
    assert committee.resolutions.count() == 1


# --- Property: recused and absent members never count ---------------------------------------


statuses = st.sampled_from([*AttendanceStatus.values, None])


class RecusalProperties(TestCase):
    """Whatever the attendance and the recusals, the tally counts only present, eligible members."""

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        attendance=st.lists(statuses, min_size=3, max_size=9),
        recused=st.lists(st.booleans(), min_size=9, max_size=9),
        choices=st.lists(st.sampled_from(["for", "against", "abstain"]), min_size=9, max_size=9),
        proxies_allowed=st.booleans(),
    )
    def test_recused_or_absent_members_are_never_counted(self, attendance, recused, choices, proxies_allowed):
        region = RegionFactory(code="05", name="Estrie")
        staff = UserFactory()
        grant(staff, "ministry")
        committee = CommitteeFactory(creneau=CreneauFactory(regions=[region]))
        BylawsFactory(committee=committee, proxies_allowed=proxies_allowed, max_proxies_per_member=9)
        mandates = [MandateFactory(committee=committee) for _ in attendance]
        holder = MandateFactory(committee=committee)
        meeting = in_session(committee, staff)
        services.record_attendance(meeting, holder, actor=staff, status="present")
        for mandate, status in zip(mandates, attendance, strict=True):
            if status == "proxy":
                if not proxies_allowed:
                    continue
                services.record_attendance(meeting, mandate, actor=staff, status=status, proxy_holder=holder)
            elif status is not None:
                services.record_attendance(meeting, mandate, actor=staff, status=status)
        resolution = services.propose_resolution(meeting, actor=staff, title="T", text="…")
        for mandate, is_recused in zip(mandates, recused, strict=False):
            if is_recused:
                services.declare_interest(resolution, mandate, actor=staff, interest="Intérêt")
        recorded = []
        for mandate, choice in zip(mandates, choices, strict=False):
            try:
                services.record_vote(resolution, mandate, actor=staff, choice=choice)
                recorded.append(mandate)
            except ValidationError:
                pass
        recused_ids = set(resolution.recusals.values_list("mandate_id", flat=True))
        counted_statuses = {"present", "proxy"} if proxies_allowed else {"present"}
        allowed = {
            m.pk for m, s in zip(mandates, attendance, strict=True) if s in counted_statuses and m.pk not in recused_ids
        }
        # A vote exists only for a present (or represented) member who is not recused.
        assert {m.pk for m in recorded} == allowed
        tally = selectors.tally(resolution)
        assert tally.present == len(allowed) + 1  # the proxy holder is present
        assert tally.recused == len(recused_ids)
        assert tally.votes_for + tally.votes_against + tally.abstentions == len(allowed)


# --- Seats proposed by the officers wait for the regional office (issue 10) ------------------


def _propose(committee, actor, person, **extra):
    return services.start_mandate(
        committee,
        actor=actor,
        person=person,
        role=extra.pop("role", "member"),
        starts_on=extra.pop("starts_on", datetime.date(2026, 1, 1)),
        constituency="business",
        **extra,
    )


def test_a_seat_proposed_by_an_officer_grants_nothing_until_the_office_approves_it(
    committee, members, estrie_staff, estrie
):
    from accord.governance.policies import committee_roles

    president = UserFactory(person=members["president"].person)
    newcomer = PersonFactory(region=estrie)
    user = UserFactory(person=newcomer)
    mandate = _propose(committee, president, newcomer)
    assert mandate.approval == "pending"
    assert committee_roles(user) == {}
    assert newcomer not in [m.person for m in selectors.current_mandates(committee)]
    # The officer cannot approve their own proposal.
    with pytest.raises(PermissionDenied):
        services.approve_mandate(mandate, actor=president)
    services.approve_mandate(mandate, actor=estrie_staff)
    mandate.refresh_from_db()
    assert mandate.approval == "approved" and mandate.is_current()
    user = type(user).objects.get(pk=user.pk)  # a new request: the roles are read again
    assert committee_roles(user) == {committee.pk: frozenset({"member"})}
    kinds = list(mandate.events.order_by("pk").values_list("kind", "actor"))
    assert kinds == [(EventKind.MANDATE_PROPOSED, president.pk), (EventKind.MANDATE_APPROVED, estrie_staff.pk)]
    with pytest.raises(InvalidTransition):
        services.approve_mandate(mandate, actor=estrie_staff)


def test_a_declined_seat_stays_on_record_says_why_and_frees_the_dates(committee, members, estrie_staff, estrie):
    president = UserFactory(person=members["president"].person)
    newcomer = PersonFactory(region=estrie)
    mandate = _propose(committee, president, newcomer)
    with pytest.raises(ValidationError):
        services.decline_mandate(mandate, actor=estrie_staff, reason=" ")
    services.decline_mandate(mandate, actor=estrie_staff, reason="Pas d'entreprise de la région")
    mandate.refresh_from_db()
    assert mandate.approval == "declined" and not mandate.is_current()
    assert mandate.events.filter(kind=EventKind.MANDATE_DECLINED, note="Pas d'entreprise de la région").exists()
    # The same person may be proposed again for the same dates.
    assert _propose(committee, president, newcomer).approval == "pending"


def test_staff_covering_the_committee_seat_at_once(committee, estrie_staff, estrie):
    mandate = _propose(committee, estrie_staff, PersonFactory(region=estrie))
    assert mandate.approval == "approved"
    assert mandate.events.get().kind == EventKind.MANDATE_STARTED


def test_only_people_of_the_committees_regions_and_niches_can_be_seated(committee, estrie_staff, estrie):
    elsewhere = RegionFactory()
    stranger = PersonFactory(region=elsewhere)
    with pytest.raises(ValidationError) as refused:
        _propose(committee, estrie_staff, stranger)
    assert "person" in refused.value.message_dict
    assert not committee.mandates.filter(person=stranger).exists()
    # A member enterprise of the niche makes its people seatable, wherever they live.
    member_enterprise = OrganisationFactory(region=elsewhere)
    member_enterprise.creneaux.add(committee.creneau)
    stranger.organisations.add(member_enterprise)
    assert _propose(committee, estrie_staff, stranger, organisation=member_enterprise).organisation == member_enterprise


def test_a_member_represents_only_one_of_their_own_organisations(committee, estrie_staff, estrie):
    person = PersonFactory(region=estrie)
    someone_elses = OrganisationFactory(region=estrie)
    with pytest.raises(ValidationError) as refused:
        _propose(committee, estrie_staff, person, organisation=someone_elses)
    assert "organisation" in refused.value.message_dict
    assert not committee.mandates.exists()


# --- A record that cannot contradict itself ----------------------------------------------------

TORONTO = zoneinfo.ZoneInfo("America/Toronto")


def convened(committee, actor, starts_at):
    meeting = services.plan_meeting(
        committee, actor=actor, title="Réunion", starts_at=starts_at, location="L", items=[{"title": "Projets"}]
    )
    services.convene_meeting(meeting, actor=actor)
    return meeting


def test_a_meeting_does_not_open_before_its_day(committee, members, estrie_staff):
    meeting = convened(committee, estrie_staff, timezone.now() + datetime.timedelta(days=10))
    with pytest.raises(ValidationError) as refusal:
        services.open_meeting(meeting, actor=estrie_staff)
    assert "reason" in refusal.value.message_dict
    meeting.refresh_from_db()
    assert (meeting.status, meeting.opened_at) == (MeetingStatus.CONVENED, None)
    assert not committee.events.filter(kind=EventKind.MEETING_OPENED).exists()


def test_a_meeting_opened_before_its_day_keeps_who_when_and_why(committee, members, estrie_staff):
    meeting = convened(committee, estrie_staff, timezone.now() + datetime.timedelta(days=10))
    services.open_meeting(meeting, actor=estrie_staff, reason="La tempête de la semaine prochaine")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    event = committee.events.get(kind=EventKind.MEETING_OPENED)
    assert (event.actor, event.note) == (estrie_staff, "La tempête de la semaine prochaine")
    assert (event.data["scheduled_on"], event.data["early"]) == (meeting.meeting_date.isoformat(), True)
    assert meeting.history.first().history_change_reason == "La tempête de la semaine prochaine"


def test_a_meeting_opens_on_its_day_or_after_it_without_a_reason(committee, members, estrie_staff):
    for starts_at in (timezone.now(), timezone.now() - datetime.timedelta(days=3)):
        meeting = convened(committee, estrie_staff, starts_at)
        services.open_meeting(meeting, actor=estrie_staff)
        assert meeting.status == MeetingStatus.HELD
    assert [e.note for e in committee.events.filter(kind=EventKind.MEETING_OPENED)] == ["", ""]


def test_a_decision_before_the_meeting_opened_is_refused(committee, members, estrie_staff):
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="Appui", text="…")
    # A clock set back, or a record changed by hand: the decision would predate its meeting.
    meeting.__class__.objects.filter(pk=meeting.pk).update(opened_at=timezone.now() + datetime.timedelta(hours=1))
    resolution.refresh_from_db()
    for step in (
        lambda: services.decide_resolution(resolution, actor=estrie_staff, mode="consensus"),
        lambda: services.defer_resolution(resolution, actor=estrie_staff, reason="Plus tard"),
    ):
        with pytest.raises(ValidationError):
            step()
    resolution.refresh_from_db()
    assert (resolution.outcome, resolution.decided_at) == (ResolutionOutcome.PENDING, None)


def test_a_meeting_opened_early_numbers_its_resolutions_in_the_year_of_the_decision(committee, members, estrie_staff):
    """The user's case: a meeting dated January 2027 held in December 2026 numbered CR-…-2027 a decision of 2026."""
    with time_machine.travel(datetime.datetime(2026, 12, 30, 10, tzinfo=TORONTO)):
        meeting = convened(committee, estrie_staff, datetime.datetime(2027, 1, 5, 9, tzinfo=TORONTO))
        services.open_meeting(meeting, actor=estrie_staff, reason="Tempête annoncée le 5 janvier")
        attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
        resolution = services.propose_resolution(meeting, actor=estrie_staff, title="Appui", text="…")
        services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    resolution.refresh_from_db()
    assert resolution.number == "CC-MEUBLE-05-2026-001"
    assert resolution.year == timezone.localtime(resolution.decided_at).year == 2026


def test_a_decision_after_midnight_on_new_years_eve_is_numbered_in_the_new_year(committee, members, estrie_staff):
    with time_machine.travel(datetime.datetime(2026, 12, 31, 23, 30, tzinfo=TORONTO)):
        meeting = convened(committee, estrie_staff, timezone.now())
        services.open_meeting(meeting, actor=estrie_staff)
        attend(meeting, estrie_staff, [m for m in members.values() if m.voting])
        resolution = services.propose_resolution(meeting, actor=estrie_staff, title="Appui", text="…")
        deferred = services.propose_resolution(meeting, actor=estrie_staff, title="Budget", text="…")
    assert (resolution.number, deferred.number) == ("CC-MEUBLE-05-2026-001", "CC-MEUBLE-05-2026-002")
    with time_machine.travel(datetime.datetime(2027, 1, 1, 0, 10, tzinfo=TORONTO)):
        services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
        services.defer_resolution(deferred, actor=estrie_staff, reason="Plus tard")
    for decided, number in ((resolution, "CC-MEUBLE-05-2027-001"), (deferred, "CC-MEUBLE-05-2027-002")):
        decided.refresh_from_db()
        assert (decided.number, decided.year) == (number, timezone.localtime(decided.decided_at).year)
        assert "2026" in decided.history.first().history_change_reason


def test_minutes_carry_the_date_of_the_meeting_that_approves_them(committee, members, estrie_staff):
    first = in_session(committee, estrie_staff, starts_at=timezone.now() - datetime.timedelta(days=40))
    services.close_meeting(first, actor=estrie_staff)
    minutes = services.draft_minutes(first, actor=estrie_staff, text="Présents : tous.")
    # The second meeting took place five days ago; its record is typed in today.
    second = in_session(committee, estrie_staff, starts_at=timezone.now() - datetime.timedelta(days=5))
    attend(second, estrie_staff, [m for m in members.values() if m.voting])
    resolution = services.propose_resolution(second, actor=estrie_staff, title="PV", text="…", subject=minutes)
    services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    sign_off(resolution)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_at == second.starts_at


def test_a_meeting_cannot_put_later_minutes_on_its_agenda(committee, members, estrie_staff):
    later = in_session(committee, estrie_staff)
    services.close_meeting(later, actor=estrie_staff)
    minutes = services.draft_minutes(later, actor=estrie_staff, text="…")
    earlier = convened(committee, estrie_staff, timezone.now() - datetime.timedelta(days=2))
    with pytest.raises(ValidationError):
        services.add_agenda_item(earlier, actor=estrie_staff, title="PV", subject=minutes)
    assert not earlier.items.filter(title="PV").exists()


def test_compliance_counts_only_meetings_held_on_a_day_already_come(committee, members, estrie_staff):
    BylawsFactory(committee=committee, min_meetings_per_year=2, adopted_on=datetime.date(2020, 1, 1))
    held = in_session(committee, estrie_staff, starts_at=timezone.now() - datetime.timedelta(days=20))
    services.close_meeting(held, actor=estrie_staff)
    future = convened(committee, estrie_staff, timezone.now() + datetime.timedelta(days=20))
    services.open_meeting(future, actor=estrie_staff, reason="Salle libérée plus tôt")
    convened(committee, estrie_staff, timezone.now() - datetime.timedelta(days=3))  # convened, never opened
    with translation.override("en"):
        [check] = [c for c in selectors.compliance_report(committee).checks if c.code == "meetings"]
    assert check.status == "failure"
    assert check.explanation.startswith("1 meetings held")


# --- The bylaws bind: a niche committee's decisions on projects, and its seats (issue 11 §2) ---


def on_a_project(committee, members, actor, present):
    """A meeting in session with `present` members there and a pending resolution on a "project"."""
    meeting = in_session(committee, actor)
    attend(meeting, actor, [members[name] for name in present])
    return services.propose_resolution(
        meeting, actor=actor, title="Appui au projet", text="Il est résolu…", subject=OrganisationFactory()
    )


def test_a_niche_committee_decides_on_a_project_only_with_a_business_majority_of_those_who_vote(
    committee, members, estrie_staff, organisations_bind
):
    BylawsFactory(committee=committee)
    # Quorum (4 of 6) reached, but 2 of the 4 present represent business: not more than half.
    resolution = on_a_project(committee, members, estrie_staff, ["president", "alice", "bruno", "denis"])
    with pytest.raises(ValidationError) as refused:
        services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    assert "gens d'affaires ne sont pas majoritaires parmi ceux qui votent\xa0: 2 des 4" in refused.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.decide_resolution(resolution, actor=estrie_staff)
    assert refused.value.messages[0].startswith(
        "The committee cannot decide on this project under its bylaws; it may defer it. Business people are "
        "not a majority of those who vote: 2 of the 4 voting members present and not recused represent business"
    )
    resolution.refresh_from_db()
    assert resolution.outcome == ResolutionOutcome.PENDING
    assert not CommitteeEvent.objects.filter(kind=EventKind.RESOLUTION_ADOPTED).exists()
    # The committee can only defer.
    services.defer_resolution(resolution, actor=estrie_staff, reason="Gens d'affaires minoritaires")
    resolution.refresh_from_db()
    assert resolution.outcome == ResolutionOutcome.DEFERRED


def test_a_business_majority_of_those_who_vote_decides_on_a_project(
    committee, members, estrie_staff, organisations_bind
):
    BylawsFactory(committee=committee)
    resolution = on_a_project(committee, members, estrie_staff, ["president", "alice", "chloe", "bruno", "denis"])
    services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    assert resolution.outcome == ResolutionOutcome.ADOPTED


def test_a_recused_business_member_does_not_count_among_those_who_vote(
    committee, members, estrie_staff, organisations_bind
):
    BylawsFactory(committee=committee)
    resolution = on_a_project(committee, members, estrie_staff, ["president", "alice", "chloe", "bruno", "denis"])
    services.declare_interest(resolution, members["chloe"], actor=estrie_staff, interest="Client du porteur")
    with pytest.raises(ValidationError, match="2 des 4"):
        services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")


def test_an_advisory_business_majority_does_not_stop_the_decision(committee, members, estrie_staff, organisations_bind):
    BylawsFactory(committee=committee, business_majority_blocking=False)
    resolution = on_a_project(committee, members, estrie_staff, ["president", "alice", "bruno", "denis"])
    services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    assert resolution.outcome == ResolutionOutcome.ADOPTED


def test_only_decisions_on_projects_are_bound(committee, members, estrie_staff):
    BylawsFactory(committee=committee, min_leader_enterprises=1)
    meeting = in_session(committee, estrie_staff)
    attend(meeting, estrie_staff, [members[name] for name in ["president", "alice", "bruno", "denis"]])
    resolution = services.propose_resolution(meeting, actor=estrie_staff, title="Plan d'action", text="…")
    services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    assert resolution.outcome == ResolutionOutcome.ADOPTED


def test_a_niche_committee_decides_on_a_project_only_with_its_leader_enterprises(
    committee, members, estrie_staff, organisations_bind
):
    BylawsFactory(committee=committee, min_leader_enterprises=1)
    resolution = on_a_project(committee, members, estrie_staff, ["president", "secretary", "alice", "chloe"])
    with pytest.raises(ValidationError) as refused:
        services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    assert "Membres votants représentant une entreprise leader\xa0: 0" in refused.value.messages[0]
    with translation.override("en"), pytest.raises(ValidationError, match="0 voting members represent a leader"):
        services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    # A leader enterprise seated (present or not) is enough.
    organisation = members["denis"].organisation
    organisation.is_leader = True
    organisation.save()
    services.decide_resolution(resolution, actor=estrie_staff, mode="consensus")
    assert resolution.outcome == ResolutionOutcome.ADOPTED


def seat(committee, actor, person, **kwargs):
    values = {"role": "member", "starts_on": datetime.date(2025, 1, 1), "constituency": "business", **kwargs}
    return services.start_mandate(committee, actor=actor, person=person, **values)


def test_a_mandate_lasts_no_longer_than_the_term(committee, estrie_staff, estrie):
    BylawsFactory(committee=committee, term_months=24)
    person = PersonFactory(region=estrie)
    with pytest.raises(ValidationError) as refused:
        seat(committee, estrie_staff, person, ends_on=datetime.date(2027, 1, 1))
    assert refused.value.message_dict == {
        "ends_on": [
            "Selon le règlement, un mandat dure au plus 24 mois\xa0: ce mandat se termine au plus tard le 2026-12-31."
        ]
    }
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        seat(committee, estrie_staff, person, ends_on=datetime.date(2027, 1, 1))
    assert refused.value.message_dict["ends_on"] == [
        "Under the bylaws a term lasts at most 24 months: this mandate ends on 2026-12-31 at the latest."
    ]
    assert not committee.mandates.exists()
    # No last day: the term's last day.
    mandate = seat(committee, estrie_staff, person)
    assert mandate.ends_on == datetime.date(2026, 12, 31)


def test_an_advisory_term_leaves_the_mandate_open(committee, estrie_staff, estrie):
    BylawsFactory(committee=committee, term_months=24, term_months_blocking=False)
    assert seat(committee, estrie_staff, PersonFactory(region=estrie)).ends_on is None
    mandate = seat(committee, estrie_staff, PersonFactory(region=estrie), ends_on=datetime.date(2029, 1, 1))
    assert mandate.ends_on == datetime.date(2029, 1, 1)


def test_a_member_sits_no_more_consecutive_terms_than_the_bylaws_allow(committee, estrie_staff, estrie):
    BylawsFactory(committee=committee, term_months=24, max_consecutive_terms=2)
    person = PersonFactory(region=estrie, first_name="Gilles", last_name="Roy")
    MandateFactory(
        committee=committee, person=person, starts_on=datetime.date(2021, 1, 1), ends_on=datetime.date(2022, 12, 31)
    )
    # The second term starts a month after the first ended: consecutive all the same.
    MandateFactory(
        committee=committee, person=person, starts_on=datetime.date(2023, 2, 1), ends_on=datetime.date(2024, 12, 31)
    )
    with pytest.raises(ValidationError) as refused:
        seat(committee, estrie_staff, person, starts_on=datetime.date(2025, 1, 1))
    assert list(refused.value.message_dict) == ["starts_on"]
    assert "Gilles Roy" in refused.value.message_dict["starts_on"][0]
    assert "au plus 2 mandats consécutifs" in refused.value.message_dict["starts_on"][0]
    with translation.override("en"), pytest.raises(ValidationError, match="at most 2 consecutive terms"):
        seat(committee, estrie_staff, person, starts_on=datetime.date(2025, 3, 31))
    # After a real break (more than 90 days without a seat), a new run of terms starts.
    with pytest.raises(ValidationError):
        seat(committee, estrie_staff, person, starts_on=datetime.date(2025, 4, 1))  # January to March: 90 days
    mandate = seat(committee, estrie_staff, person, starts_on=datetime.date(2025, 4, 2))
    assert mandate.ends_on == datetime.date(2027, 4, 1)


def test_a_voting_seat_beyond_the_maximum_is_refused(committee, members, estrie_staff, estrie):
    BylawsFactory(committee=committee, max_members=6)
    with pytest.raises(ValidationError) as refused:
        seat(committee, estrie_staff, PersonFactory(region=estrie))
    assert refused.value.message_dict == {
        "voting": ["Le comité compterait 7 membres votants le 2025-01-01; le règlement en permet au plus 6."]
    }
    with translation.override("en"), pytest.raises(ValidationError, match="7 voting members on 2025-01-01"):
        seat(committee, estrie_staff, PersonFactory(region=estrie))
    # A non-voting seat is no voting member too many.
    assert seat(committee, estrie_staff, PersonFactory(region=estrie), role="observer").voting is False


def test_a_proposed_seat_is_approved_only_within_the_maximum(committee, members, estrie_staff, estrie):
    BylawsFactory(committee=committee, max_members=7)
    proposed = seat(committee, UserFactory(person=members["president"].person), PersonFactory(region=estrie))
    assert proposed.approval == "pending"
    seat(committee, estrie_staff, PersonFactory(region=estrie))  # the seventh, seated meanwhile
    with pytest.raises(ValidationError) as refused:
        services.approve_mandate(proposed, actor=estrie_staff)
    assert "8 membres votants" in refused.value.message_dict["voting"][0]
    proposed.refresh_from_db()
    assert proposed.approval == "pending"


def test_the_ministry_may_seat_against_the_bylaws_with_a_recorded_reason(
    committee, members, estrie_staff, estrie, ministry_user
):
    BylawsFactory(committee=committee, term_months=24, max_members=6)
    person = PersonFactory(region=estrie)
    mandate = seat(
        committee,
        ministry_user,
        person,
        ends_on=datetime.date(2027, 6, 30),
        reason="Relève",
        override_reason="Poste vacant jusqu'à la fin du projet",
    )
    assert (mandate.approval, mandate.ends_on) == ("approved", datetime.date(2027, 6, 30))
    assert mandate.history.get().history_change_reason == "Relève\nPoste vacant jusqu'à la fin du projet"
    event = mandate.events.get()
    assert event.note == "Relève\nPoste vacant jusqu'à la fin du projet"
    assert event.data["bylaws_overridden"] == ["term_months", "max_members"]
    with translation.override("en"):
        assert event.bylaws_overridden == ["term length (months)", "voting members, at most"]


def test_the_ministry_may_approve_a_seat_beyond_the_maximum_with_a_reason(
    committee, members, estrie_staff, estrie, ministry_user
):
    BylawsFactory(committee=committee, max_members=7)
    proposed = seat(committee, UserFactory(person=members["president"].person), PersonFactory(region=estrie))
    seat(committee, estrie_staff, PersonFactory(region=estrie))
    services.approve_mandate(proposed, actor=ministry_user, override_reason="Représentant de la relève")
    assert proposed.approval == "approved"
    assert proposed.events.get(kind=EventKind.MANDATE_APPROVED).data["bylaws_overridden"] == ["max_members"]


def test_the_regional_office_and_the_officers_cannot_override_the_bylaws(committee, members, estrie_staff, estrie):
    BylawsFactory(committee=committee, max_members=6)
    president = UserFactory(person=members["president"].person)
    for actor in (estrie_staff, president):
        with pytest.raises(PermissionDenied):
            seat(committee, actor, PersonFactory(region=estrie), override_reason="Urgence")
    assert committee.mandates.count() == len(members)


# --- One coordinator (issue 11 §6, decision 23) -----------------------------------------------


def _coordinator(committee, actor, person, **extra):
    return services.start_mandate(
        committee,
        actor=actor,
        person=person,
        role=MandateRole.COORDINATOR,
        starts_on=extra.pop("starts_on", datetime.date(2026, 1, 1)),
        constituency="other",
        **extra,
    )


def test_the_coordinator_mandate_makes_the_niche_s_coordinator_and_its_end_unmakes_it(committee, estrie_staff, estrie):
    person = PersonFactory(region=estrie, first_name="Annie")
    mandate = _coordinator(committee, estrie_staff, person, reason="Embauche")
    creneau = committee.creneau
    creneau.refresh_from_db()
    assert creneau.coordinator == person
    latest = creneau.history.latest()
    assert (latest.coordinator_id, latest.history_user, latest.history_change_reason) == (
        person.pk,
        estrie_staff,
        "Embauche",
    )
    # Ending on a later day: still the coordinator until then.
    services.end_mandate(
        mandate, actor=estrie_staff, ends_on=timezone.localdate() + datetime.timedelta(days=10), reason="Départ"
    )
    creneau.refresh_from_db()
    assert creneau.coordinator == person
    services.end_mandate(
        mandate, actor=estrie_staff, ends_on=timezone.localdate() - datetime.timedelta(days=1), reason="Départ"
    )
    creneau.refresh_from_db()
    assert creneau.coordinator is None
    assert creneau.history.latest().history_change_reason == "Départ"


def test_a_niche_committee_has_one_coordinator_at_a_time(committee, estrie_staff, estrie):
    first = _coordinator(committee, estrie_staff, PersonFactory(region=estrie))
    second = PersonFactory(region=estrie)
    before = committee.mandates.count()
    for language, message in [
        ("fr", "Ce comité de créneau a déjà un coordonnateur à ces dates"),
        ("en", "This niche committee already has a coordinator for these dates"),
    ]:
        with translation.override(language), pytest.raises(ValidationError) as refused:
            _coordinator(committee, estrie_staff, second, starts_on=datetime.date(2026, 3, 1))
        assert message in refused.value.message_dict["role"][0]
    # Nothing changed: no mandate, no event, the same coordinator.
    assert committee.mandates.count() == before
    assert not CommitteeEvent.objects.filter(mandate__person=second).exists()
    committee.creneau.refresh_from_db()
    assert committee.creneau.coordinator == first.person
    # A successor whose term starts after the first one's end is seated.
    services.end_mandate(first, actor=estrie_staff, ends_on=datetime.date(2026, 2, 28), reason="Départ")
    successor = _coordinator(committee, estrie_staff, second, starts_on=datetime.date(2026, 3, 1))
    committee.creneau.refresh_from_db()
    assert committee.creneau.coordinator == successor.person


def test_other_roles_and_other_committees_are_not_limited_to_one_coordinator(committee, estrie_staff, estrie):
    _coordinator(committee, estrie_staff, PersonFactory(region=estrie))
    services.start_mandate(
        committee,
        actor=estrie_staff,
        person=PersonFactory(region=estrie),
        role=MandateRole.OBSERVER,
        starts_on=datetime.date(2026, 1, 1),
        constituency="other",
    )
    regional = CommitteeFactory(kind=CommitteeKind.REGIONAL, creneau=None, region=estrie, code="CR-05")
    for _ in range(2):
        _coordinator(regional, estrie_staff, PersonFactory(region=estrie))
    assert regional.mandates.filter(role=MandateRole.COORDINATOR).count() == 2


def test_a_proposed_coordinator_becomes_the_niche_s_coordinator_once_approved(committee, members, estrie_staff, estrie):
    members["coordinator"].delete()
    president = UserFactory(person=members["president"].person)
    newcomer = PersonFactory(region=estrie)
    mandate = _coordinator(committee, president, newcomer)
    committee.creneau.refresh_from_db()
    assert mandate.approval == "pending" and committee.creneau.coordinator is None
    # A second proposal for the same dates is refused while the first one waits.
    with pytest.raises(ValidationError):
        _coordinator(committee, president, PersonFactory(region=estrie))
    services.approve_mandate(mandate, actor=estrie_staff, reason="Approuvé")
    committee.creneau.refresh_from_db()
    assert committee.creneau.coordinator == newcomer
