"""The resolution pages: proposing, interests, the vote sheet, the decision, the resolution's page."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accord.governance import selectors, services
from accord.governance.models import Mandate, Recusal, Resolution, ResolutionOutcome, Vote
from accord.registry.tests.factories import OrganisationFactory

from .conftest import attend, count_queries, in_session, plan, url, voting
from .factories import BylawsFactory, CommitteeFactory, MandateFactory

pytestmark = pytest.mark.django_db


# --- Resolutions, interests, votes, decisions -------------------------------------------------


def test_proposing_a_resolution_on_an_item(estrie_client, committee, members, estrie, estrie_user):
    regional = CommitteeFactory(kind="regional", creneau=None, region=estrie, code="CR-05")
    meeting = in_session(committee, estrie_user)
    item = meeting.items.get()
    form_page = estrie_client.get(url("resolution_propose", meeting.pk), {"item": item.pk})
    assert form_page.context["form"].initial["title"] == item.title
    assert regional in form_page.context["form"].fields["forward_to"].queryset
    response = estrie_client.post(
        url("resolution_propose", meeting.pk),
        {
            "title": "Appui au plan",
            "text": "Il est résolu…",
            "item": item.pk,
            "forward_to": regional.pk,
            "gives_coordinator_mandate": "on",
        },
    )
    resolution = Resolution.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#resolution-{resolution.pk}")
    assert (resolution.item, resolution.forward_to, resolution.gives_coordinator_mandate) == (item, regional, True)


def test_a_resolution_needs_a_title_and_a_text(estrie_client, session):
    meeting, _resolution = session
    response = estrie_client.post(url("resolution_propose", meeting.pk), {"title": "", "text": ""})
    assert response.status_code == 400
    assert Resolution.objects.count() == 1


def test_an_item_of_another_meeting_is_refused(estrie_client, committee, estrie_user, session):
    meeting, _resolution = session
    other = plan(committee, estrie_user)
    response = estrie_client.post(
        url("resolution_propose", meeting.pk), {"title": "T", "text": "…", "item": other.items.get().pk}
    )
    assert response.status_code == 400
    assert Resolution.objects.count() == 1


def test_resolutions_wait_for_the_meeting_to_open(estrie_client, meeting):
    response = estrie_client.post(url("resolution_propose", meeting.pk), {"title": "T", "text": "…"})
    assert response.status_code == 302
    assert not Resolution.objects.exists()


def test_members_of_the_carrier_are_shown_recused_before_the_vote(estrie_client, committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    attend(meeting, estrie_user, voting(members))
    resolution = services.propose_resolution(
        meeting, actor=estrie_user, title="Appui", text="…", subject=members["alice"].organisation
    )
    page = estrie_client.get(url("meeting_detail", meeting.pk)).content.decode()
    section = page.split(f'id="resolution-{resolution.pk}"')[1]
    assert "Recused before the vote" in section
    assert "Alice" in section.split("Record the votes")[0]
    votes = estrie_client.get(url("votes_record", resolution.pk))
    assert members["alice"] not in [row["mandate"] for row in votes.context["form"].rows()]
    assert "Recused — may not vote" in votes.content.decode()


def test_a_member_declares_their_own_interest_from_the_meeting_page(alice_client, session, members):
    meeting, resolution = session
    page = alice_client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert "Declare an interest" in page
    assert "Record the votes" not in page
    response = alice_client.post(
        url("interest_declare", resolution.pk),
        {
            "mandate": members["alice"].pk,
            "declared_interest": "Actionnaire du porteur",
            "next": f"{meeting.get_absolute_url()}#resolution-{resolution.pk}",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{meeting.get_absolute_url()}#resolution-{resolution.pk}"
    recusal = Recusal.objects.get(resolution=resolution)
    assert (recusal.mandate, recusal.reason, recusal.declared_interest) == (
        members["alice"],
        "declared",
        "Actionnaire du porteur",
    )


def test_a_member_may_not_declare_for_someone_else(alice_client, session, members):
    _meeting, resolution = session
    response = alice_client.post(
        url("interest_declare", resolution.pk), {"mandate": members["bruno"].pk, "declared_interest": "Par erreur"}
    )
    assert response.status_code == 403
    assert not Recusal.objects.exists()


def test_an_interest_must_be_described(alice_client, session, members):
    _meeting, resolution = session
    response = alice_client.post(
        url("interest_declare", resolution.pk), {"mandate": members["alice"].pk, "declared_interest": " "}
    )
    assert response.status_code == 400
    assert not Recusal.objects.exists()


def test_whoever_runs_the_meeting_records_an_interest_for_a_member(estrie_client, session, members):
    _meeting, resolution = session
    page = estrie_client.get(url("interest_declare", resolution.pk))
    assert page.status_code == 200
    assert members["bruno"] in page.context["form"].fields["mandate"].queryset
    response = estrie_client.post(
        url("interest_declare", resolution.pk), {"mandate": members["bruno"].pk, "declared_interest": "Administrateur"}
    )
    assert response.status_code == 302
    assert Recusal.objects.get().mandate == members["bruno"]


def test_recording_the_votes(estrie_client, session, members):
    _meeting, resolution = session
    page = estrie_client.get(url("votes_record", resolution.pk))
    html = page.content.decode()
    assert html.count("<fieldset") == len(voting(members))
    assert html.count("<legend>") == len(voting(members))
    data = {f"vote_{m.pk}": "for" for m in voting(members)}
    data[f"vote_{members['denis'].pk}"] = "against"
    response = estrie_client.post(url("votes_record", resolution.pk), data)
    assert response.status_code == 302
    assert Vote.objects.filter(resolution=resolution, choice="for").count() == 5
    assert Vote.objects.get(resolution=resolution, mandate=members["denis"]).choice == "against"


def test_a_member_recused_while_the_sheet_is_open_does_not_vote(estrie_client, session, members, estrie_user):
    _meeting, resolution = session
    assert estrie_client.get(url("votes_record", resolution.pk)).status_code == 200
    services.declare_interest(resolution, members["bruno"], actor=estrie_user, interest="Partenaire")
    data = {f"vote_{members['alice'].pk}": "for", f"vote_{members['bruno'].pk}": "for"}
    response = estrie_client.post(url("votes_record", resolution.pk), data)
    # The sheet is made again from the records: Bruno's line is gone, Alice's vote counts.
    assert response.status_code == 302
    assert list(Vote.objects.values_list("mandate", flat=True)) == [members["alice"].pk]
    response = estrie_client.post(url("votes_record", resolution.pk), {f"vote_{members['alice'].pk}": "maybe"})
    assert response.status_code == 400
    assert Vote.objects.get().choice == "for"


def test_deciding_by_vote_records_the_tally(estrie_client, session, members, estrie_user):
    meeting, resolution = session
    for mandate in voting(members):
        services.record_vote(resolution, mandate, actor=estrie_user, choice="for")
    response = estrie_client.post(
        url("resolution_decide", resolution.pk),
        {"mode": "vote", "next": f"{meeting.get_absolute_url()}#resolution-{resolution.pk}", "confirmed": "1"},
    )
    assert response.status_code == 302
    resolution.refresh_from_db()
    assert (resolution.outcome, resolution.votes_for, resolution.present_count, resolution.quorum_required) == (
        ResolutionOutcome.ADOPTED,
        6,
        6,
        4,
    )
    page = estrie_client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert "For: 6" in page


def test_deciding_without_quorum_is_refused(estrie_client, committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    attend(meeting, estrie_user, [members["president"]])
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="T", text="…")
    response = estrie_client.post(
        url("resolution_decide", resolution.pk), {"mode": "consensus", "confirmed": "1"}, follow=True
    )
    assert "Quorum" in response.content.decode()
    assert Resolution.objects.get().outcome == ResolutionOutcome.PENDING


def test_an_unknown_decision_mode_is_400(estrie_client, session):
    _meeting, resolution = session
    response = estrie_client.post(url("resolution_decide", resolution.pk), {"mode": "coin"})
    assert response.status_code == 400
    assert Resolution.objects.get().outcome == ResolutionOutcome.PENDING


def test_deferring_needs_a_reason(estrie_client, session):
    _meeting, resolution = session
    assert estrie_client.get(url("resolution_defer", resolution.pk)).status_code == 200
    assert estrie_client.post(url("resolution_defer", resolution.pk), {"reason": ""}).status_code == 400
    assert Resolution.objects.get().outcome == ResolutionOutcome.PENDING
    response = estrie_client.post(url("resolution_defer", resolution.pk), {"reason": "Information manquante"})
    assert response.status_code == 302
    assert Resolution.objects.get().outcome == ResolutionOutcome.DEFERRED


def test_the_resolution_page_shows_the_tally_and_the_votes(estrie_client, session, members, estrie_user):
    _meeting, resolution = session
    services.declare_interest(resolution, members["bruno"], actor=estrie_user, interest="Administrateur du partenaire")
    services.record_vote(resolution, members["alice"], actor=estrie_user, choice="against")
    response = estrie_client.get(url("resolution_detail", resolution.pk))
    html = response.content.decode()
    counts = response.context["counts"]
    assert (counts.live, counts.voting_members, counts.recused, counts.present, counts.quorum) == (True, 6, 1, 5, 3)
    # The page counts from what it loaded; the decision will count from the records: the same.
    tally = selectors.tally(resolution)
    assert (counts.present, counts.quorum, counts.recused, counts.votes_against) == (
        tally.present,
        tally.quorum,
        tally.recused,
        tally.votes_against,
    )
    assert "Administrateur du partenaire" in html
    assert "Decide by vote" in html


def test_a_consensus_is_not_described_with_the_voting_rule(estrie_client, session, estrie_user):
    """Walkthrough E: "Consensus (Simple majority of the votes cast)" read as a contradiction."""
    _meeting, resolution = session
    services.decide_resolution(resolution, actor=estrie_user, mode="consensus")
    page = estrie_client.get(url("resolution_detail", resolution.pk)).content.decode()
    decided = page.split("Decided by</dt><dd>")[1].split("</dd>")[0]
    assert decided == "Consensus"


def test_resolution_page_query_count_does_not_grow(
    estrie_client, session, members, estrie_user, django_assert_num_queries
):
    meeting, resolution = session
    address = url("resolution_detail", resolution.pk)
    small = count_queries(estrie_client, address)
    extra = [MandateFactory(committee=meeting.committee) for _ in range(4)]
    attend(meeting, estrie_user, extra)
    for mandate in [*voting(members), *extra[:2]]:
        services.record_vote(resolution, mandate, actor=estrie_user, choice="for")
    for mandate in extra[2:]:
        services.declare_interest(resolution, mandate, actor=estrie_user, interest="Intérêt")
    with django_assert_num_queries(small):
        response = estrie_client.get(address)
    assert len(response.context["votes"]) == 8
    # user, roles, resolution, recusals, votes, forwarded items, the policy of a regional office,
    # members on the day, attendances, bylaws in force, and the history of votes and of recusals
    assert small == 12


# --- The list ----------------------------------------------------------------------------------


def test_a_broad_resolution_search_says_more_than_the_cap(ministry_client, committee, members, estrie_user, settings):
    settings.ACCORD_COUNT_CAP = 2
    meeting = services.plan_meeting(
        committee, actor=estrie_user, title="R", starts_at=timezone.now(), location="L", items=[{"title": "A"}]
    )
    services.convene_meeting(meeting, actor=estrie_user)
    services.open_meeting(meeting, actor=estrie_user)
    for number in range(3):
        services.propose_resolution(meeting, actor=estrie_user, title=f"Mission à Lyon {number}", text="…")
    page = ministry_client.get(url("resolution_list"), {"q": "lyon"}).content.decode()
    assert "More than 2 results" in page
    settings.ACCORD_COUNT_CAP = 10
    assert "3 results" in ministry_client.get(url("resolution_list"), {"q": "lyon"}).content.decode()


# --- A niche committee's decision on a project, within its binding bylaws (issue 11 §2) -------


def test_the_meeting_page_says_before_the_vote_why_the_committee_cannot_decide_on_a_project(
    estrie_client, committee, members, estrie_user, organisations_bind
):
    BylawsFactory(committee=committee)
    for name in ("bruno", "chloe", "denis"):
        Mandate.objects.filter(pk=members[name].pk).update(constituency="research")
    project = OrganisationFactory(name="Atelier partagé")
    meeting = plan(committee, estrie_user, items=(), starts_at=timezone.now())
    services.add_agenda_item(meeting, actor=estrie_user, title="Appui au projet", kind="decision", subject=project)
    services.convene_meeting(meeting, actor=estrie_user)
    services.open_meeting(meeting, actor=estrie_user)
    attend(meeting, estrie_user, [members[name] for name in ("president", "alice", "bruno", "chloe", "denis")])
    item = meeting.items.get()
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="Appui", text="…", item=item)
    page = estrie_client.get(url("meeting_detail", meeting.pk)).content.decode()
    agenda = page[page.index(f'id="item-{item.pk}"') : page.index('id="attendance"')]
    assert "the committee cannot decide on this project under its bylaws." in agenda
    assert "2 of the 5 voting members present and not recused represent business" in agenda
    article = page[page.index(f'id="resolution-{resolution.pk}"') :]
    assert "Business people among those who vote: 2 of 5" in article
    assert "not a majority" in article
    assert "The committee cannot decide on this project under its bylaws; it may defer it." in article
    response = estrie_client.post(
        url("resolution_decide", resolution.pk), {"mode": "consensus", "confirmed": "1"}, follow=True
    )
    assert "Business people are not a majority of those who vote: 2 of the 5" in response.content.decode()
    with translation.override("fr"):
        french = estrie_client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Gens d'affaires parmi ceux qui votent\xa0: 2 sur 5" in html.unescape(french)
    assert Resolution.objects.get().outcome == ResolutionOutcome.PENDING
    assert estrie_client.post(url("resolution_defer", resolution.pk), {"reason": "Recrutement"}).status_code == 302
    assert Resolution.objects.get().outcome == ResolutionOutcome.DEFERRED


def test_the_meeting_page_shows_no_balance_for_other_subjects(estrie_client, committee, members, estrie_user):
    BylawsFactory(committee=committee)
    meeting = in_session(committee, estrie_user)
    attend(meeting, estrie_user, voting(members))
    services.propose_resolution(meeting, actor=estrie_user, title="Plan", text="…", item=meeting.items.get())
    page = estrie_client.get(url("meeting_detail", meeting.pk)).content.decode()
    assert "Business people among those who vote" not in page
