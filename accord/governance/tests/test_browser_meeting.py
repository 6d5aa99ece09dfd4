"""A whole committee meeting clicked through in a real browser, then the next one approving its minutes.

The regional office plans, convenes, opens and runs the meeting; a member declares her
interest from the meeting page and is left off the vote sheet; the resolution is adopted
by vote; the minutes are written and circulated, and a later meeting approves them.
Only the committee, its members and its bylaws are made with factories: every other
record comes from a page. The labels the browser clicks are looked up through gettext
in French, so the test follows the French catalogue instead of copying it.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation
from playwright.sync_api import expect

from accord.accounts.tests.factories import UserFactory
from accord.core.links import site_url
from accord.core.tests.browser import assert_accessible
from accord.governance.forms import attendance_label
from accord.governance.models import (
    AttendanceStatus,
    DecisionMode,
    ItemKind,
    MandateRole,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    RecusalReason,
    Resolution,
    ResolutionOutcome,
    Vote,
    VoteChoice,
)
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, PersonFactory

from .factories import BylawsFactory, CommitteeFactory, MandateFactory, chair_user

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DATETIME_INPUT = "%Y-%m-%dT%H:%M"  # what an <input type="datetime-local"> takes


def at_half_past_one(days):
    """13:30 local time, `days` from today: never in a daylight-saving gap."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(13, 30)))


def fr(text, **values):
    """`text` as the French pages show it, with its placeholders filled."""
    with translation.override("fr"):
        translated = str(translation.gettext(text))
    return translated % values if values else translated


def shown(choice):
    """A choice (a status, an outcome…) as the French pages show it."""
    with translation.override("fr"):
        return str(choice.label)


def field(page, label):
    """The form field whose label reads `label`, whether or not Django adds its “ :” suffix."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*:?\s*$"))


def submit(page, button):
    """Click a button that posts a form, and wait for the page the server redirects to."""
    with page.expect_navigation():
        button.click()


def plan_meeting(page, committee, *, title, starts_at, agenda=""):
    """From the committee page: plan a meeting at `starts_at` (local time); returns it."""
    page.goto(committee.get_absolute_url())
    page.get_by_role("link", name=fr("Plan a meeting")).click()
    field(page, fr("Title")).fill(title)
    field(page, fr("Starts at")).fill(starts_at.strftime(DATETIME_INPUT))
    field(page, fr("Place")).fill("Sherbrooke, salle du conseil")
    field(page, fr("Agenda")).fill(agenda)
    submit(page, page.get_by_role("button", name=fr("Plan the meeting")))
    meeting = Meeting.objects.get(title=title)
    expect(page).to_have_url(re.compile(rf"{re.escape(meeting.get_absolute_url())}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(shown(MeetingStatus.PLANNED))
    return meeting


def convene_and_open(page, meeting):
    submit(page, page.get_by_role("button", name=fr("Convene the members")))
    submit(page, page.get_by_role("button", name=fr("Convene the members")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(shown(MeetingStatus.CONVENED))
    submit(page, page.get_by_role("button", name=fr("Open the meeting")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(shown(MeetingStatus.HELD))


def record_attendance(page, statuses, *, check_accessibility=False):
    """Fill the attendance sheet from the meeting page: {mandate: status}."""
    page.get_by_role("link", name=fr("Record the attendance")).first.click()
    if check_accessibility:
        assert_accessible(page)
    for mandate, status in statuses.items():
        with translation.override("fr"):
            label = attendance_label(mandate.person)
        field(page, label).select_option(label=shown(AttendanceStatus(status)))
    submit(page, page.get_by_role("button", name=fr("Record the attendance")))
    expect(page.locator("#attendance")).to_contain_text(fr("Quorum reached"))


def propose_on_item(page, meeting, item, *, text):
    """“Propose a resolution” on an agenda item: the title and the item come from it."""
    page.locator(f"#item-{item.pk}").get_by_role("link", name=fr("Propose a resolution")).click()
    expect(field(page, fr("Title"))).to_have_value(item.title)
    field(page, fr("Text")).fill(text)
    submit(page, page.get_by_role("button", name=fr("Put to the meeting")))
    resolution = Resolution.objects.get(meeting=meeting, item=item)
    expect(page).to_have_url(re.compile(rf"#resolution-{resolution.pk}$"))
    return resolution


@pytest.fixture
def committee(estrie):
    creneau = CreneauFactory(slug="meuble", regions=[estrie])
    committee = CommitteeFactory(
        code="CC-MEUBLE-05", creneau=creneau, name_fr="Comité du créneau Meuble", name_en="Furniture niche committee"
    )
    BylawsFactory(committee=committee, consensus_allowed=True)
    return committee


@pytest.fixture
def members(committee):
    """Five voting members; Alice represents Meubles Boréal inc."""

    def seat(first_name, last_name, role=MandateRole.MEMBER, **kwargs):
        person = PersonFactory(first_name=first_name, last_name=last_name)
        return MandateFactory(committee=committee, role=role, person=person, **kwargs)

    return {
        "president": seat("Paule", "Président", MandateRole.PRESIDENT),
        "secretary": seat("Simon", "Secrétaire", MandateRole.SECRETARY),
        "alice": seat("Alice", "Tremblay", organisation=OrganisationFactory(name="Meubles Boréal inc.")),
        "bruno": seat("Bruno", "Gagnon"),
        "chloe": seat("Chloé", "Roy"),
    }


def test_a_whole_meeting_then_the_next_one_approves_its_minutes(page, sign_in, estrie_user, committee, members):
    president, secretary, alice, bruno, chloe = members.values()
    emails = {m.person.email for m in members.values()}

    # --- Meeting 1, run by the regional office: plan, convene, open --------------------------
    sign_in(estrie_user)
    first = plan_meeting(
        page,
        committee,
        title="Réunion de printemps",
        starts_at=at_half_past_one(-1),
        agenda="Mot de bienvenue\nPlan d'action 2026\n",
    )
    assert first.starts_at == at_half_past_one(-1)
    welcome, plan_item = first.items.order_by("position")
    assert (welcome.title, plan_item.title) == ("Mot de bienvenue", "Plan d'action 2026")
    expect(page.locator(f"#item-{plan_item.pk}")).to_contain_text("Plan d'action 2026")

    convene_and_open(page, first)
    first.refresh_from_db()
    assert first.status == MeetingStatus.HELD
    assert first.convened_at is not None and first.opened_at is not None
    # The notice went to every member once, with the address of the meeting page.
    assert {address for message in mail.outbox for address in message.to} == emails
    assert len(mail.outbox) == len(members)
    assert all(site_url(first.get_absolute_url()) in message.body for message in mail.outbox)  # from SITE_URL

    # --- Attendance: four present, Chloé excused ---------------------------------------------
    record_attendance(
        page,
        {
            president: AttendanceStatus.PRESENT,
            secretary: AttendanceStatus.PRESENT,
            alice: AttendanceStatus.PRESENT,
            bruno: AttendanceStatus.PRESENT,
            chloe: AttendanceStatus.EXCUSED,
        },
        check_accessibility=True,
    )
    chloe_row = page.locator("#attendance").get_by_role("row").filter(has_text="Chloé Roy")
    expect(chloe_row).to_contain_text(shown(AttendanceStatus.EXCUSED))
    assert dict(first.attendances.values_list("mandate", "status")) == {
        president.pk: "present",
        secretary.pk: "present",
        alice.pk: "present",
        bruno.pk: "present",
        chloe.pk: "excused",
    }

    resolution = propose_on_item(
        page, first, plan_item, text="Attendu que le plan est prêt, il est résolu d'appuyer le plan d'action 2026."
    )
    article = page.locator(f"#resolution-{resolution.pk}")
    expect(article).to_contain_text(resolution.number)
    expect(article).to_contain_text(fr("Nobody is recused."))
    # The page as it comes back from a form, with its confirmation message.
    expect(page.locator(".messages")).to_contain_text(resolution.number)
    assert_accessible(page)

    # --- Alice declares her interest from the meeting page -----------------------------------
    interest = "Actionnaire de Meubles Boréal inc., partenaire du plan"
    sign_in(UserFactory(person=alice.person))
    page.goto(first.get_absolute_url())
    article = page.locator(f"#resolution-{resolution.pk}")
    # A plain member declares; she does not run the vote.
    expect(article.get_by_role("link", name=fr("Record the votes"))).to_have_count(0)
    article.locator("summary").filter(has_text=fr("Declare an interest")).click()
    field(page, fr("Your interest in resolution %(number)s", number=resolution.number)).fill(interest)
    submit(page, article.get_by_role("button", name=fr("Declare and recuse myself")))
    expect(page).to_have_url(re.compile(rf"{re.escape(first.get_absolute_url())}#resolution-{resolution.pk}$"))
    recusals = page.locator(f"#resolution-{resolution.pk} ul.recusals")
    expect(recusals).to_contain_text("Alice Tremblay")
    expect(recusals).to_contain_text(interest)

    # --- Back to the office: the vote sheet leaves Alice (recused) and Chloé (excused) out ----
    sign_in(estrie_user)
    page.goto(first.get_absolute_url())
    page.locator(f"#resolution-{resolution.pk}").get_by_role("link", name=fr("Record the votes")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(resolution.number)
    expect(page.get_by_role("heading", name=fr("Recused — may not vote"))).to_be_visible()
    expect(page.locator("ul.recusals")).to_contain_text("Alice Tremblay")
    expect(page.locator("ul.recusals")).to_contain_text(interest)
    expect(page.get_by_role("group", name="Alice Tremblay")).to_have_count(0)
    expect(page.get_by_role("group", name="Chloé Roy")).to_have_count(0)
    expect(page.get_by_role("heading", name=fr("Not present — may not vote"))).to_be_visible()
    expect(page.locator("fieldset.vote")).to_have_count(3)
    assert_accessible(page)
    for person, choice in [
        ("Paule Président", VoteChoice.FOR),
        ("Simon Secrétaire", VoteChoice.FOR),
        ("Bruno Gagnon", VoteChoice.AGAINST),
    ]:
        page.get_by_role("group", name=person).get_by_label(shown(choice), exact=True).check()
    submit(page, page.get_by_role("button", name=fr("Record the votes")))
    expect(page).to_have_url(re.compile(rf"#resolution-{resolution.pk}$"))

    article = page.locator(f"#resolution-{resolution.pk}")
    submit(page, article.get_by_role("button", name=fr("Decide by vote")))
    submit(page, page.get_by_role("button", name=fr("Record the decision")))
    article = page.locator(f"#resolution-{resolution.pk}")
    expect(article.locator("h3 .badge")).to_have_text(shown(ResolutionOutcome.ADOPTED))
    tally = article.locator("ul.tally")
    for text in [fr("For: %(n)s", n=2), fr("Against: %(n)s", n=1), fr("Recused: %(n)s", n=1)]:
        expect(tally).to_contain_text(text)

    resolution.refresh_from_db()
    assert resolution.outcome == ResolutionOutcome.ADOPTED
    assert resolution.decision_mode == DecisionMode.VOTE
    assert (
        resolution.voting_members,
        resolution.recused_count,
        resolution.present_count,
        resolution.quorum_required,
        resolution.votes_for,
        resolution.votes_against,
        resolution.abstentions,
    ) == (5, 1, 3, 3, 2, 1, 0)
    recusal = resolution.recusals.get()
    assert (recusal.mandate, recusal.reason, recusal.declared_interest) == (alice, RecusalReason.DECLARED, interest)
    assert dict(Vote.objects.filter(resolution=resolution).values_list("mandate", "choice")) == {
        president.pk: "for",
        secretary.pk: "for",
        bruno.pk: "against",
    }

    # --- Close, write the minutes, circulate them ---------------------------------------------
    submit(page, page.get_by_role("button", name=fr("Close the meeting")))
    expect(page.locator("main")).to_contain_text(fr("This cannot be undone."))
    submit(page, page.get_by_role("button", name=fr("Close the meeting")))
    expect(page.get_by_role("heading", level=1)).to_contain_text(shown(MeetingStatus.CLOSED))
    page.get_by_role("link", name=fr("Write the minutes")).click()
    field(page, fr("Minutes")).fill("Présents : Paule, Simon, Alice et Bruno. Chloé est excusée.")
    submit(page, page.get_by_role("button", name=fr("Save the minutes")))
    minutes = Minutes.objects.get(meeting=first)
    assert (minutes.version, minutes.status) == (1, MinutesStatus.DRAFT)
    minutes_section = page.locator("#minutes")
    expect(minutes_section).to_contain_text("Chloé est excusée")
    expect(minutes_section.locator(".badge")).to_have_text(shown(MinutesStatus.DRAFT))

    notices = len(mail.outbox)
    submit(page, page.get_by_role("button", name=fr("Circulate to the members for comments")))
    expect(page.locator("#minutes .badge")).to_have_text(shown(MinutesStatus.CIRCULATED))
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    assert len(mail.outbox) == notices + len(members)
    assert {address for message in mail.outbox[notices:] for address in message.to} == emails

    # --- Meeting 2, today: an item puts meeting 1's minutes to approval -----------------------
    # (a meeting opens on its day: planned for later, it would need a reason to open now)
    second = plan_meeting(page, committee, title="Réunion d'été", starts_at=at_half_past_one(0))
    page.get_by_role("link", name=fr("Add an item")).click()
    field(page, fr("Title")).fill("Adoption du procès-verbal de la réunion de printemps")
    field(page, fr("Kind")).select_option(label=shown(ItemKind.DECISION))
    field(page, fr("Minutes to approve")).select_option(
        label=fr("%(meeting)s, version %(version)s", meeting=str(first), version=1)
    )
    submit(page, page.get_by_role("button", name=fr("Add the item")))
    approval_item = second.items.get()
    assert approval_item.subject == minutes
    expect(page.get_by_role("row").filter(has_text=approval_item.title)).to_be_visible()
    page.get_by_role("link", name=fr("Back to the meeting")).click()
    expect(page.locator(f"#item-{approval_item.pk}")).to_contain_text(approval_item.title)

    convene_and_open(page, second)
    record_attendance(page, dict.fromkeys(members.values(), AttendanceStatus.PRESENT))
    approval = propose_on_item(page, second, approval_item, text="Il est résolu d'adopter le procès-verbal.")
    assert approval.subject == minutes
    article = page.locator(f"#resolution-{approval.pk}")
    submit(page, article.get_by_role("button", name=fr("Decide by consensus")))
    submit(page, page.get_by_role("button", name=fr("Record the decision")))
    expect(page.locator(f"#resolution-{approval.pk} h3 .badge")).to_have_text(shown(ResolutionOutcome.ADOPTED))
    # The office recorded it: the minutes stay circulated until the president, who chaired, confirms.
    expect(page.locator(f"#resolution-{approval.pk}")).to_contain_text(fr("Awaiting the chair's sign-off"))
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    approval.refresh_from_db()
    assert approval.chaired_by == president
    sign_in(chair_user(approval))
    page.goto(approval.get_absolute_url())
    assert_accessible(page)
    submit(page, page.get_by_role("button", name=fr("Confirm the recorded result")))
    expect(page.locator("#sign-off")).to_contain_text(str(chair_user(approval)))  # who confirmed, by name
    sign_in(estrie_user)

    approval.refresh_from_db()
    minutes.refresh_from_db()
    assert (approval.outcome, approval.decision_mode, approval.votes_for) == (
        ResolutionOutcome.ADOPTED,
        DecisionMode.CONSENSUS,
        None,
    )
    assert (minutes.status, minutes.approved_by) == (MinutesStatus.APPROVED, approval)
    assert minutes.approved_at == second.starts_at  # the date of the meeting that approved them

    # Meeting 1's minutes now show as approved, by that resolution, and can only be corrected.
    page.goto(first.get_absolute_url())
    minutes_section = page.locator("#minutes")
    expect(minutes_section.locator(".badge")).to_have_text(shown(MinutesStatus.APPROVED))
    expect(minutes_section.get_by_role("link", name=approval.number)).to_have_attribute(
        "href", approval.get_absolute_url()
    )
    expect(minutes_section).to_contain_text(
        fr("These minutes are approved and never change: a correction creates a new version.")
    )
    expect(minutes_section.get_by_role("link", name=fr("Correct the minutes"))).to_be_visible()
    expect(minutes_section.get_by_role("link", name=fr("Amend the minutes"))).to_have_count(0)
    expect(minutes_section.get_by_role("button", name=fr("Circulate to the members for comments"))).to_have_count(0)

    expect(minutes_section.get_by_role("button", name=fr("Sign the approved minutes"))).to_have_count(0)

    # The approved minutes carry the signatures of the meeting's chair and of the secretary.
    paule, simon = chair_user(approval), UserFactory(person=secretary.person)
    for signer in (paule, simon):
        sign_in(signer)
        page.goto(first.get_absolute_url())
        submit(page, page.locator("#minutes").get_by_role("button", name=fr("Sign the approved minutes")))
        expect(page.locator("#minutes").get_by_role("button", name=fr("Sign the approved minutes"))).to_have_count(0)
    minutes.refresh_from_db()
    assert (minutes.chair_signed_by, minutes.secretary_signed_by) == (paule, simon)
    expect(page.locator("#minutes")).not_to_contain_text(fr("Not yet"))
