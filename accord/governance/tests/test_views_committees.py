"""The committee pages: lists, dashboard, members, bylaws, reports, compliance."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory, grant
from accord.governance import services
from accord.governance.models import (
    Committee,
    CommitteeEvent,
    CommitteeKind,
    CoordinatorReport,
    Mandate,
    MandateRole,
)
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, PersonFactory

from .conftest import client_for, count_queries, url
from .factories import BylawsFactory, CommitteeFactory, MandateFactory, sign_off

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(estrie):
    creneau = CreneauFactory(slug="meuble", regions=[estrie])
    return CommitteeFactory(
        code="CC-MEUBLE-05", creneau=creneau, name_fr="Comité du créneau Meuble", name_en="Furniture niche committee"
    )


@pytest.fixture
def members(committee):
    leader = OrganisationFactory(is_leader=True)
    people = {
        "president": MandateFactory(committee=committee, role=MandateRole.PRESIDENT, organisation=leader),
        "alice": MandateFactory(
            committee=committee, person=PersonFactory(first_name="Alice", region=committee.creneau.regions.get())
        ),
        "bruno": MandateFactory(committee=committee),
        "coordinator": MandateFactory(
            committee=committee, role=MandateRole.COORDINATOR, voting=False, constituency="other", organisation=None
        ),
    }
    return people


@pytest.fixture
def alice_client(members):
    return client_for(UserFactory(person=members["alice"].person))


@pytest.fixture
def president_client(members):
    return client_for(UserFactory(person=members["president"].person))


@pytest.fixture
def coordinator_client(members):
    return client_for(UserFactory(person=members["coordinator"].person))


@pytest.fixture
def other_office_client(monteregie):
    user = UserFactory()
    grant(user, "regional_office", monteregie)
    return client_for(user)


def committee_urls(committee, mandate):
    return [
        url("committee_detail", committee.slug),
        url("committee_edit", committee.slug),
        url("committee_timeline", committee.slug),
        url("mandate_create", committee.slug),
        url("mandate_end", committee.slug, mandate.pk),
        url("bylaws_list", committee.slug),
        url("bylaws_create", committee.slug),
        url("report_create", committee.slug),
    ]


# --- Access ----------------------------------------------------------------------------------


def test_anonymous_visitors_sign_in_first(client, committee, members):
    for address in [url("committee_list"), url("my_committees"), *committee_urls(committee, members["alice"])]:
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("accounts:login")), address


def test_people_without_a_role_or_a_seat_get_403(outsider_client, committee, members):
    for address in [url("committee_list"), url("resolution_list"), *committee_urls(committee, members["alice"])]:
        assert outsider_client.get(address).status_code == 403, address


def test_another_regions_office_does_not_see_the_committee(other_office_client, committee, members):
    for address in committee_urls(committee, members["alice"]):
        assert other_office_client.get(address).status_code == 404, address
    assert "Meuble" not in other_office_client.get(url("committee_list")).content.decode()


def test_a_member_reads_their_committee_but_does_not_manage_it(alice_client, committee, members):
    page = alice_client.get(url("committee_detail", committee.slug))
    assert page.status_code == 200
    assert "Furniture niche committee" in page.content.decode()
    assert url("committee_edit", committee.slug) not in page.content.decode()
    for name in ("committee_edit", "mandate_create", "bylaws_create", "report_create"):
        assert alice_client.get(url(name, committee.slug)).status_code == 403, name
    assert alice_client.get(url("compliance_list")).status_code == 403


def test_a_member_does_not_see_other_committees(alice_client, committee, members, monteregie):
    other = CommitteeFactory(name_en="Other committee")
    assert alice_client.get(url("committee_detail", other.slug)).status_code == 404
    listing = alice_client.get(url("committee_list")).content.decode()
    assert "Furniture niche committee" in listing and "Other committee" not in listing


def test_wrong_methods_are_405(estrie_client, committee, members):
    assert estrie_client.post(url("committee_detail", committee.slug)).status_code == 405
    assert estrie_client.post(url("committee_list")).status_code == 405
    assert estrie_client.delete(url("committee_edit", committee.slug)).status_code == 405


def test_an_unknown_committee_is_404(estrie_client):
    assert estrie_client.get(url("committee_detail", "nope")).status_code == 404


# --- Lists -----------------------------------------------------------------------------------


def test_the_committee_list_filters_by_kind_and_region(ministry_client, committee, members, estrie, monteregie):
    regional = CommitteeFactory(kind=CommitteeKind.REGIONAL, creneau=None, region=monteregie, name_en="Montérégie RC")
    everything = ministry_client.get(url("committee_list")).content.decode()
    assert "Furniture niche committee" in everything and "Montérégie RC" in everything
    regional_only = ministry_client.get(url("committee_list"), {"kind": "regional"}).content.decode()
    assert "Montérégie RC" in regional_only and "Furniture niche committee" not in regional_only
    estrie_only = ministry_client.get(url("committee_list"), {"region": "05"}).content.decode()
    assert "Furniture niche committee" in estrie_only and "Montérégie RC" not in estrie_only
    assert regional.pk


def test_an_unknown_region_in_the_filter_is_a_message_not_an_error(ministry_client, committee):
    response = ministry_client.get(url("committee_list"), {"region": "18"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "Furniture niche committee" not in response.content.decode()


def test_the_committee_list_exports_to_a_spreadsheet(ministry_client, committee, members):
    response = ministry_client.get(url("committee_list"), {"_export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_my_committees_lists_the_members_seats_and_coming_meetings(alice_client, committee, members, estrie_user):
    meeting = services.plan_meeting(
        committee,
        actor=estrie_user,
        title="Réunion de décembre",
        starts_at=timezone.now() + datetime.timedelta(days=5),
        location="Sherbrooke",
        items=[{"title": "Plan"}],
    )
    page = alice_client.get(url("my_committees")).content.decode()
    assert "Furniture niche committee" in page
    assert meeting.title in page


def test_the_compliance_list_shows_the_failing_committees_and_why(estrie_client, committee, members):
    BylawsFactory(committee=committee, business_majority=True, min_meetings_per_year=4)
    page = estrie_client.get(url("compliance_list")).content.decode()
    assert "Furniture niche committee" in page
    assert "0 meetings held in the last twelve months" in page


# --- The dashboard ---------------------------------------------------------------------------


def test_the_dashboard_shows_members_compliance_and_activity(estrie_client, committee, members):
    BylawsFactory(committee=committee, min_leader_enterprises=1, min_meetings_per_year=None)
    page = estrie_client.get(url("committee_detail", committee.slug)).content.decode()
    assert members["alice"].person.full_name in page
    assert "Business people are a majority" in page
    assert "Leader enterprises represented" in page
    assert url("committee_edit", committee.slug) in page
    # Officers first: the president's row comes before the members'.
    assert page.index(members["president"].person.full_name) < page.index(members["alice"].person.full_name)


def _queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return queries


def test_the_dashboard_runs_the_same_queries_whatever_the_size(estrie_client, committee, members, estrie_user):
    BylawsFactory(committee=committee)
    address = url("committee_detail", committee.slug)
    estrie_client.get(address)
    small = _queries(estrie_client, address)
    for _ in range(5):
        MandateFactory(committee=committee)
        services.plan_meeting(
            committee,
            actor=estrie_user,
            title="R",
            starts_at=timezone.now() + datetime.timedelta(days=3),
            location="L",
            items=[{"title": "A"}],
        )
    large = _queries(estrie_client, address)
    assert len(large) == len(small), [q["sql"] for q in large]


def test_the_dashboard_follows_every_change_on_the_next_request(estrie_client, committee, members, estrie_user, estrie):
    address = url("committee_detail", committee.slug)
    estrie_client.get(address)
    # Any change to the committee shows at once: a new member, a renamed person.
    newcomer = MandateFactory.build(
        committee=committee, person=PersonFactory(first_name="Nouvelle", last_name="Venue", region=estrie)
    )
    services.start_mandate(
        committee,
        actor=estrie_user,
        person=newcomer.person,
        role="member",
        starts_on=datetime.date(2026, 1, 1),
        constituency="business",
    )
    assert "Nouvelle Venue" in estrie_client.get(address).content.decode()
    alice = members["alice"].person
    alice.last_name = "Renommée"
    alice.save()
    assert "Alice Renommée" in estrie_client.get(address).content.decode()


def test_a_member_reading_after_staff_gets_no_staff_links(estrie_client, alice_client, committee, members):
    address = url("committee_detail", committee.slug)
    assert url("committee_edit", committee.slug) in estrie_client.get(address).content.decode()
    assert url("committee_edit", committee.slug) not in alice_client.get(address).content.decode()


# --- Committees: create and edit -------------------------------------------------------------


def test_a_regional_office_sets_up_a_work_committee(estrie_client, committee):
    response = estrie_client.post(
        url("committee_create"),
        {
            "kind": "work",
            "name_fr": "Table main-d'œuvre du meuble",
            "name_en": "Furniture workforce table",
            "code": "TT-MEUBLE-MO",
            "parent": committee.pk,
            "topic": "workforce",
            "reason": "Plan d'action 2027",
        },
    )
    created = Committee.objects.get(code="TT-MEUBLE-MO")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.parent == committee and created.slug
    event = CommitteeEvent.objects.get(committee=created)
    assert event.kind == "committee_created" and event.note == "Plan d'action 2027"


def test_a_work_committee_needs_its_parent(estrie_client):
    response = estrie_client.post(
        url("committee_create"), {"kind": "work", "name_fr": "Table", "code": "TT-SANS-PARENT"}
    )
    assert response.status_code == 400
    assert "reports to a committee" in response.content.decode()
    assert not Committee.objects.filter(code="TT-SANS-PARENT").exists()


def test_a_committee_code_is_checked(estrie_client, committee):
    response = estrie_client.post(
        url("committee_create"), {"kind": "work", "name_fr": "Table", "code": "bad code", "parent": committee.pk}
    )
    assert response.status_code == 400
    assert "Capital letters" in response.content.decode()


def test_a_regional_office_cannot_set_up_another_regions_committee(estrie_client, monteregie):
    response = estrie_client.post(
        url("committee_create"),
        {"kind": "regional", "name_fr": "CR Montérégie", "code": "CR-16", "region": monteregie.pk},
    )
    assert response.status_code == 400
    assert not Committee.objects.filter(code="CR-16").exists()


def test_a_member_cannot_set_up_committees(alice_client):
    assert alice_client.get(url("committee_create")).status_code == 403


def test_a_nul_character_is_refused_with_a_message(estrie_client, committee):
    response = estrie_client.post(
        url("committee_create"), {"kind": "work", "name_fr": "Ta\x00ble", "code": "TT-NUL", "parent": committee.pk}
    )
    assert response.status_code == 400
    assert not Committee.objects.filter(code="TT-NUL").exists()


def test_editing_the_regions_of_a_committee_is_in_the_timeline(president_client, committee, estrie, monteregie):
    response = president_client.post(
        url("committee_edit", committee.slug),
        {
            "name_fr": committee.name_fr,
            "name_en": "Furniture committee",
            "code": committee.code,
            "regions": [estrie.pk, monteregie.pk],
            "reason": "Élargi",
        },
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.name_en == "Furniture committee"
    assert set(committee.regions.values_list("code", flat=True)) == {"05", "16"}
    assert committee.history.latest().history_change_reason == "Élargi"
    assert CommitteeEvent.objects.filter(committee=committee, kind="committee_changed").exists()


# --- Members ---------------------------------------------------------------------------------


def test_seating_a_member_after_finding_them(president_client, committee, members, estrie):
    person = PersonFactory(first_name="Zoé", last_name="Létourneau", region=estrie)
    organisation = OrganisationFactory()
    person.organisations.add(organisation)
    search = president_client.get(url("mandate_create", committee.slug), {"person_q": "letourneau"})
    assert "Zoé Létourneau" in search.content.decode()
    form = president_client.get(url("mandate_create", committee.slug), {"person": person.pk})
    assert form.status_code == 200
    response = president_client.post(
        url("mandate_create", committee.slug),
        {
            "person": person.pk,
            "role": "member",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "organisation": organisation.pk,
            "constituency": "business",
        },
    )
    assert response.status_code == 302
    mandate = Mandate.objects.get(committee=committee, person=person)
    assert mandate.voting and mandate.organisation == organisation
    # Proposed by the president: it waits for the regional office's approval.
    assert mandate.approval == "pending"
    assert CommitteeEvent.objects.filter(mandate=mandate, kind="mandate_proposed").exists()


def test_a_person_cannot_hold_two_seats_at_once(president_client, committee, members):
    person = members["alice"].person
    response = president_client.post(
        url("mandate_create", committee.slug),
        {"person": person.pk, "role": "member", "starts_on": "2026-01-01", "constituency": "business"},
    )
    assert response.status_code == 400
    assert "already holds a seat" in response.content.decode()
    assert committee.mandates.filter(person=person).count() == 1


def test_a_mandate_cannot_end_before_it_starts(president_client, committee, estrie):
    person = PersonFactory(region=estrie)
    response = president_client.post(
        url("mandate_create", committee.slug),
        {
            "person": person.pk,
            "role": "member",
            "starts_on": "2026-06-01",
            "ends_on": "2026-01-01",
            "constituency": "business",
        },
    )
    assert response.status_code == 400
    assert not committee.mandates.filter(person=person).exists()


def test_ending_a_mandate_keeps_it_with_the_reason(president_client, committee, members):
    mandate = members["bruno"]
    response = president_client.post(
        url("mandate_end", committee.slug, mandate.pk), {"ends_on": "2026-10-31", "reason": "Démission"}
    )
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.ends_on == datetime.date(2026, 10, 31) and mandate.end_reason == "Démission"
    assert not mandate.is_current(datetime.date(2026, 11, 1))
    assert CommitteeEvent.objects.get(mandate=mandate, kind="mandate_ended").note == "Démission"


def test_ending_a_mandate_needs_a_reason(president_client, committee, members):
    response = president_client.post(url("mandate_end", committee.slug, members["bruno"].pk), {"ends_on": "2026-10-31"})
    assert response.status_code == 400
    members["bruno"].refresh_from_db()
    assert members["bruno"].ends_on is None


def test_a_mandate_of_another_committee_is_404(president_client, committee):
    other = MandateFactory()
    assert president_client.get(url("mandate_end", committee.slug, other.pk)).status_code == 404


# --- Bylaws ----------------------------------------------------------------------------------


def test_a_new_version_of_the_bylaws_is_a_draft_starting_from_the_one_in_force(president_client, committee, members):
    BylawsFactory(committee=committee, version=1, max_members=12, term_months=24)
    form = president_client.get(url("bylaws_create", committee.slug)).content.decode()
    assert 'value="12"' in form
    assert 'name="adopted_on"' not in form and 'name="adopted_by"' not in form  # a resolution adopts it
    response = president_client.post(
        url("bylaws_create", committee.slug),
        {
            "business_majority": "on",
            "min_leader_enterprises": 1,
            "max_members": 15,
            "term_months": 24,
            "quorum_rule": "fraction",
            "quorum_fraction": "0.60",
            "decision_rule": "two_thirds",
            "max_proxies_per_member": 1,
        },
    )
    assert response.status_code == 302
    versions = list(
        committee.bylaws.order_by("version").values_list("version", "max_members", "decision_rule", "adopted_on")
    )
    assert versions == [(1, 12, "simple_majority", datetime.date(2024, 1, 1)), (2, 15, "two_thirds", None)]
    listing = president_client.get(url("bylaws_list", committee.slug))
    text = listing.content.decode()
    assert "Two thirds of the votes cast" in text
    assert "Version 2, draft" in text and "Not in force" in text
    assert listing.context["in_force"].version == 1


def bylaws_in_force(committee, members, actor):
    """Version 1 drafted, then adopted by a resolution of the committee in session today."""
    bylaws = services.draft_bylaws(committee, actor=actor, data={})
    meeting = services.plan_meeting(
        committee,
        actor=actor,
        title="Séance",
        starts_at=timezone.now(),
        location="Sherbrooke",
        items=[{"title": "Règlement", "kind": "decision", "subject": bylaws}],
    )
    services.convene_meeting(meeting, actor=actor)
    services.open_meeting(meeting, actor=actor)
    for mandate in members.values():
        services.record_attendance(meeting, mandate, actor=actor, status="present")
    resolution = services.propose_resolution(
        meeting, actor=actor, title="Règlement", text="…", item=meeting.items.get()
    )
    services.decide_resolution(resolution, actor=actor, mode="consensus")
    resolution.refresh_from_db()
    sign_off(resolution)
    bylaws.refresh_from_db()
    return bylaws


def test_a_member_acknowledges_the_bylaws_in_force_once(alice_client, committee, members, estrie_user):
    bylaws = bylaws_in_force(committee, members, estrie_user)
    assert bylaws.adopted_by.item.subject == bylaws  # the item on the agenda carried the draft
    page = alice_client.get(url("bylaws_list", committee.slug)).content.decode()
    assert url("bylaws_acknowledge", committee.slug) in page and "I have read the bylaws" in page
    assert "Acknowledgements by the members" not in page  # a member does not see who read them
    for _ in range(2):
        response = alice_client.post(url("bylaws_acknowledge", committee.slug), follow=True)
        assert "You acknowledged version 1 of the bylaws." in response.content.decode()
    assert list(bylaws.acknowledgements.values_list("person", flat=True)) == [members["alice"].person_id]
    page = alice_client.get(url("bylaws_list", committee.slug)).content.decode()
    assert "You acknowledged version 1 on" in page and "I have read the bylaws" not in page


def test_those_who_manage_the_committee_see_who_acknowledged_the_bylaws(
    president_client, alice_client, committee, members, estrie_user
):
    bylaws_in_force(committee, members, estrie_user)
    alice_client.post(url("bylaws_acknowledge", committee.slug))
    page = president_client.get(url("bylaws_list", committee.slug))
    rows = {row.mandate: row.acknowledged_at for row in page.context["acknowledgements"]}
    assert set(rows) == set(members.values())  # every current member, read or not
    assert rows.pop(members["alice"]) is not None
    assert set(rows.values()) == {None}
    text = page.content.decode()
    assert "Acknowledgements by the members" in text and "Not yet" in text


def test_acknowledging_is_refused_without_bylaws_in_force_in_the_users_language(alice_client, committee, members):
    services.draft_bylaws(committee, actor=UserFactory(person=members["president"].person), data={})
    response = alice_client.post(url("bylaws_acknowledge", committee.slug), follow=True)
    assert "This committee has no bylaws in force to acknowledge." in response.content.decode()
    with translation.override("fr"):
        address = reverse("governance:bylaws_acknowledge", args=[committee.slug])
    response = alice_client.post(address, follow=True, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Ce comité n&#x27;a pas de règlement en vigueur dont prendre acte." in response.content.decode()


def test_only_members_acknowledge_the_bylaws(
    client, estrie_client, outsider_client, other_office_client, alice_client, committee, members, estrie_user
):
    bylaws = bylaws_in_force(committee, members, estrie_user)
    address = url("bylaws_acknowledge", committee.slug)
    assert client.post(address)["Location"].startswith(reverse("accounts:login"))
    assert outsider_client.post(address).status_code == 403
    assert other_office_client.post(address).status_code == 404
    assert estrie_client.post(address).status_code == 403  # staff covering it, but not seated
    assert "I have read the bylaws" not in estrie_client.get(url("bylaws_list", committee.slug)).content.decode()
    assert alice_client.get(address).status_code == 405
    assert not bylaws.acknowledgements.exists()


def test_the_bylaws_page_costs_the_same_queries_whatever_the_members_and_versions(
    president_client, alice_client, committee, members, estrie_user
):
    bylaws_in_force(committee, members, estrie_user)
    alice_client.post(url("bylaws_acknowledge", committee.slug))
    address = url("bylaws_list", committee.slug)
    before = count_queries(president_client, address)
    for _ in range(3):
        MandateFactory(committee=committee)
    services.draft_bylaws(committee, actor=estrie_user, data={})
    assert count_queries(president_client, address) == before


def test_the_bylaws_are_a_pdf_for_those_who_see_the_committee(alice_client, other_office_client, committee, members):
    BylawsFactory(committee=committee, version=1)
    response = alice_client.get(url("bylaws_pdf", committee.slug, 1))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert 'filename="bylaws-cc-meuble-05-v1.pdf"' in response["Content-Disposition"]
    assert alice_client.get(url("bylaws_pdf", committee.slug, 2)).status_code == 404
    assert other_office_client.get(url("bylaws_pdf", committee.slug, 1)).status_code == 404


def test_a_fraction_quorum_out_of_range_is_refused(president_client, committee):
    response = president_client.post(
        url("bylaws_create", committee.slug),
        {
            "min_leader_enterprises": 1,
            "quorum_rule": "fraction",
            "quorum_fraction": "1.50",
            "decision_rule": "simple_majority",
            "max_proxies_per_member": 1,
        },
    )
    assert response.status_code == 400
    assert not committee.bylaws.exists()


# --- Coordinator reports ---------------------------------------------------------------------


def test_the_coordinator_reports_on_each_mandate_given(coordinator_client, committee, members, estrie_user):
    meeting = services.plan_meeting(
        committee,
        actor=estrie_user,
        title="R",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        location="L",
        items=[{"title": "Mission"}],
    )
    services.convene_meeting(meeting, actor=estrie_user)
    services.open_meeting(meeting, actor=estrie_user)
    for mandate in (members["president"], members["alice"], members["bruno"]):
        services.record_attendance(meeting, mandate, actor=estrie_user, status="present")
    resolution = services.propose_resolution(
        meeting, actor=estrie_user, title="Mission à Lyon", text="Il est résolu…", gives_coordinator_mandate=True
    )
    services.decide_resolution(resolution, actor=estrie_user, mode="consensus")
    sign_off(resolution)
    form = coordinator_client.get(url("report_create", committee.slug)).content.decode()
    assert "Mission à Lyon" in form
    response = coordinator_client.post(
        url("report_create", committee.slug),
        {
            "coordinator": members["coordinator"].pk,
            "period_start": "2026-05-01",
            "period_end": "2026-10-31",
            "activities": "Rencontres",
            f"progress_{resolution.pk}": "Mission faite",
            f"completed_{resolution.pk}": "on",
        },
    )
    assert response.status_code == 302
    report = CoordinatorReport.objects.get(committee=committee)
    assert report.progress.get().progress == "Mission faite"
    resolution.refresh_from_db()
    assert resolution.mandate_completed_on == datetime.date(2026, 10, 31)
    assert "Mission faite" in coordinator_client.get(response["Location"]).content.decode()


def test_the_report_form_chooses_the_signed_in_coordinator(coordinator_client, committee, members):
    """Walkthrough E: the coordinator had to pick themselves in the list."""
    form = coordinator_client.get(url("report_create", committee.slug)).context["form"]
    assert form["coordinator"].value() == members["coordinator"].pk


def test_a_regional_committee_shows_no_coordinator_section(estrie_client, estrie, committee):
    """Walkthrough E: regional committees have no coordinator, yet their page had his accountability section."""
    regional = CommitteeFactory(kind="regional", region=estrie, creneau=None, code="CR-05")
    assert 'id="coordinator-title"' not in estrie_client.get(regional.get_absolute_url()).content.decode()
    assert 'id="coordinator-title"' in estrie_client.get(committee.get_absolute_url()).content.decode()


def test_the_quorum_share_hint_uses_the_decimal_comma_in_french(estrie_client, committee):
    """Walkthrough E: the French hint read "Par exemple 0.60"."""
    with translation.override("fr"):
        address = reverse("governance:bylaws_create", args=[committee.slug])
    assert "Par exemple 0,60." in estrie_client.get(address).content.decode()
    assert "For example 0.60." in estrie_client.get(url("bylaws_create", committee.slug)).content.decode()


def test_only_the_coordinator_or_staff_report(president_client, committee, members):
    assert president_client.get(url("report_create", committee.slug)).status_code == 403


# --- Timeline ------------------------------------------------------------------


def test_the_timeline_lists_every_transition(estrie_client, committee, members, estrie_user):
    services.end_mandate(members["bruno"], actor=estrie_user, ends_on=datetime.date(2026, 6, 30), reason="Départ")
    page = estrie_client.get(url("committee_timeline", committee.slug)).content.decode()
    assert "Mandate ended" in page and "Départ" in page


def test_the_dashboard_names_ten_open_mandates_and_counts_the_others(estrie_client, committee, members, estrie_user):
    meeting = services.plan_meeting(
        committee,
        actor=estrie_user,
        title="R",
        starts_at=timezone.now() - datetime.timedelta(days=30),
        location="L",
        items=[{"title": "Missions"}],
    )
    services.convene_meeting(meeting, actor=estrie_user)
    services.open_meeting(meeting, actor=estrie_user)
    for mandate in (members["president"], members["alice"], members["bruno"]):
        services.record_attendance(meeting, mandate, actor=estrie_user, status="present")
    for n in range(12):
        resolution = services.propose_resolution(
            meeting, actor=estrie_user, title=f"Mission {n:02d}", text="…", gives_coordinator_mandate=True
        )
        services.decide_resolution(resolution, actor=estrie_user, mode="consensus")
        sign_off(resolution)
    page = estrie_client.get(url("committee_detail", committee.slug)).content.decode()
    section = page[page.index('id="coordinator-title"') : page.index('id="timeline-title"')]
    # The longest open first.
    assert "Mission 09" in section and "Mission 10" not in section
    assert "12 open mandates in all" in section


def test_committees_are_sorted_by_name_in_the_readers_language(ministry_client):
    CommitteeFactory(name_fr="Comité A", name_en="Z committee")
    CommitteeFactory(name_fr="Comité B", name_en="")  # no English name: the French one, in its place
    CommitteeFactory(name_fr="Comité C", name_en="A committee")

    def names(address):
        body = ministry_client.get(address).content.decode().split("<tbody>")[1]
        return [row.split("</a>")[0].rsplit(">", 1)[-1] for row in body.split("<tr>")[1:]]

    assert names(reverse("governance:committee_list")) == ["Comité A", "Comité B", "Comité C"]
    assert names(url("committee_list")) == ["A committee", "Comité B", "Z committee"]
    assert names(url("committee_list") + "?sort=-name_fr") == ["Z committee", "Comité B", "A committee"]


# --- Seating: a search within the committee's bounds, by name; the office approves (issue 10) ----


def test_the_member_search_finds_people_of_the_committee_by_name_only(president_client, committee, estrie):
    from accord.registry.tests.factories import RegionFactory

    local = PersonFactory(first_name="Zoé", last_name="Létourneau", region=estrie, email="zl@chantier.example")
    far = PersonFactory(first_name="Zoé", last_name="Létourneau", region=RegionFactory(), email="far@example.org")
    found = president_client.get(url("mandate_create", committee.slug), {"person_q": "letourneau"}).content.decode()
    assert f"?person={local.pk}" in found
    assert f"?person={far.pk}" not in found
    # Never by email: the search is not a directory of the registry.
    by_email = president_client.get(url("mandate_create", committee.slug), {"person_q": "chantier"}).content.decode()
    assert f"?person={local.pk}" not in by_email
    # Someone outside the committee's bounds cannot be reached by their number either.
    assert president_client.get(url("mandate_create", committee.slug), {"person": far.pk}).status_code == 404
    response = president_client.post(
        url("mandate_create", committee.slug),
        {"person": far.pk, "role": "member", "starts_on": "2026-01-01", "constituency": "business"},
    )
    assert response.status_code == 404
    assert not committee.mandates.filter(person=far).exists()


def test_the_office_approves_or_declines_a_proposed_seat_from_the_committee_page(
    president_client, estrie_client, other_office_client, committee, members, estrie_user, estrie
):
    person = PersonFactory(first_name="Zoé", last_name="Létourneau", region=estrie)
    president_client.post(
        url("mandate_create", committee.slug),
        {"person": person.pk, "role": "member", "starts_on": "2026-01-01", "constituency": "business"},
    )
    mandate = committee.mandates.get(person=person)
    page = president_client.get(url("committee_detail", committee.slug)).content.decode()
    assert "Seats awaiting approval" in page and url("mandate_approve", committee.slug, mandate.pk) not in page
    page = estrie_client.get(url("committee_detail", committee.slug)).content.decode()
    assert url("mandate_approve", committee.slug, mandate.pk) in page
    # The president cannot approve it, nor can another region's office.
    assert president_client.post(url("mandate_approve", committee.slug, mandate.pk)).status_code == 403
    assert other_office_client.post(url("mandate_approve", committee.slug, mandate.pk)).status_code == 404
    mandate.refresh_from_db()
    assert mandate.approval == "pending"
    response = estrie_client.post(url("mandate_approve", committee.slug, mandate.pk))
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.approval == "approved"
    page = estrie_client.get(url("committee_detail", committee.slug)).content.decode()
    assert "Seats awaiting approval" not in page and "Zoé Létourneau" in page


def test_declining_a_seat_asks_why(president_client, estrie_client, committee, members, estrie):
    person = PersonFactory(region=estrie)
    president_client.post(
        url("mandate_create", committee.slug),
        {"person": person.pk, "role": "member", "starts_on": "2026-01-01", "constituency": "business"},
    )
    mandate = committee.mandates.get(person=person)
    assert estrie_client.post(url("mandate_decline", committee.slug, mandate.pk), {"reason": ""}).status_code == 400
    response = estrie_client.post(url("mandate_decline", committee.slug, mandate.pk), {"reason": "Hors créneau"})
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.approval == "declined"


# --- Binding bylaws (issue 11 §2) ------------------------------------------------------------


def test_the_compliance_panel_says_which_checks_bind_and_which_advise(
    estrie_client, ministry_client, committee, members
):
    BylawsFactory(committee=committee, min_leader_enterprises=1, max_members=2, max_members_blocking=False)
    page = estrie_client.get(url("committee_detail", committee.slug)).content.decode()
    panel = page[page.index('id="compliance-title"') : page.index("Bylaws and their versions")]
    business = panel[panel.index("Business people are a majority") :].split("</li>")[0]
    size = panel[panel.index("Size of the committee") :].split("</li>")[0]
    assert "Binding: the services refuse what breaks it" in business
    assert "Advisory" in size and "Binding" not in size
    listing = ministry_client.get(url("compliance_list")).content.decode()
    size = listing[listing.index("Size of the committee") :].split("</li>")[0]
    assert '<span class="badge">Advisory</span>' in size
    with translation.override("fr"):
        french = ministry_client.get(reverse("governance:compliance_list")).content.decode()
    size = french[french.index("Taille du comité") :].split("</li>")[0]
    assert '<span class="badge">Indicative</span>' in size


def test_the_bylaws_form_lets_the_committee_choose_which_rules_bind(president_client, committee, members):
    form = president_client.get(url("bylaws_create", committee.slug)).content.decode()
    for name in (
        "business_majority_blocking",
        "leader_enterprises_blocking",
        "max_members_blocking",
        "term_months_blocking",
        "max_consecutive_terms_blocking",
    ):
        assert f'name="{name}"' in form
    response = president_client.post(
        url("bylaws_create", committee.slug),
        {
            "adopted_on": "2025-01-01",
            "business_majority": "on",
            "min_leader_enterprises": "1",
            "leader_enterprises_blocking": "on",
            "max_members": "12",
            "term_months": "24",
            "quorum_rule": "majority",
            "decision_rule": "simple_majority",
            "max_proxies_per_member": "1",
        },
    )
    assert response.status_code == 302
    bylaws = committee.bylaws.get()
    assert (bylaws.business_majority_blocking, bylaws.leader_enterprises_blocking) == (False, True)
    assert (bylaws.max_members_blocking, bylaws.term_months_blocking) == (False, False)


def seat_form(person, **values):
    return {"person": person.pk, "role": "member", "starts_on": "2026-01-01", "constituency": "business", **values}


def test_a_mandate_longer_than_the_term_is_refused_on_its_field(president_client, committee, members, estrie):
    BylawsFactory(committee=committee, term_months=24)
    person = PersonFactory(region=estrie)
    response = president_client.post(url("mandate_create", committee.slug), seat_form(person, ends_on="2028-06-30"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Under the bylaws a term lasts at most 24 months: this mandate ends on 2027-12-31 at the latest." in page
    assert 'name="override_reason"' not in page  # the president cannot override
    with translation.override("fr"):
        french = president_client.post(
            reverse("governance:mandate_create", args=[committee.slug]), seat_form(person, ends_on="2028-06-30")
        )
    assert "Selon le règlement, un mandat dure au plus 24 mois" in french.content.decode()
    assert not committee.mandates.filter(person=person).exists()


def test_only_the_ministry_sees_and_uses_the_override(
    estrie_client, ministry_client, committee, members, estrie, ministry_user
):
    BylawsFactory(committee=committee, max_members=3)
    person = PersonFactory(region=estrie)
    address = url("mandate_create", committee.slug)
    assert 'name="override_reason"' not in estrie_client.get(address, {"person": person.pk}).content.decode()
    assert 'name="override_reason"' in ministry_client.get(address, {"person": person.pk}).content.decode()
    refused = estrie_client.post(address, seat_form(person))
    assert refused.status_code == 400
    assert "The committee would have 4 voting members on 2026-01-01; the bylaws allow at most 3." in (
        refused.content.decode()
    )
    # The regional office has no such field: what it sends anyway changes nothing.
    assert estrie_client.post(address, seat_form(person, override_reason="Urgence")).status_code == 400
    assert not committee.mandates.filter(person=person).exists()
    done = ministry_client.post(address, seat_form(person, override_reason="Relève en attendant l'assemblée"))
    assert done.status_code == 302
    mandate = committee.mandates.get(person=person)
    assert mandate.events.get().data["bylaws_overridden"] == ["max_members"]
    timeline = ministry_client.get(url("committee_timeline", committee.slug)).content.decode()
    assert "Bylaws overridden by the ministry: voting members, at most" in timeline
    assert "Relève en attendant l&#x27;assemblée" in timeline


def test_a_seat_beyond_the_maximum_is_approved_only_by_the_ministry_with_a_reason(
    president_client, estrie_client, ministry_client, committee, members, estrie
):
    BylawsFactory(committee=committee, max_members=4)
    person = PersonFactory(region=estrie)
    president_client.post(url("mandate_create", committee.slug), seat_form(person))
    mandate = committee.mandates.get(person=person)
    MandateFactory(committee=committee)  # the fourth voting seat, taken meanwhile
    response = estrie_client.post(url("mandate_approve", committee.slug, mandate.pk), follow=True)
    assert "The committee would have 5 voting members on 2026-01-01" in response.content.decode()
    mandate.refresh_from_db()
    assert mandate.approval == "pending"
    assert 'name="override_reason"' in ministry_client.get(url("committee_detail", committee.slug)).content.decode()
    assert 'name="override_reason"' not in estrie_client.get(url("committee_detail", committee.slug)).content.decode()
    address = url("mandate_approve", committee.slug, mandate.pk)
    assert estrie_client.post(address, {"override_reason": "Urgence"}).status_code == 403
    assert ministry_client.post(address, {"override_reason": "Siège de la relève"}).status_code == 302
    mandate.refresh_from_db()
    assert mandate.approval == "approved"


# --- Late coordinator reports: the compliance list and the staff's dashboard (issue 11 §6) ------


def test_a_niche_whose_coordinator_never_reported_is_on_the_compliance_list(estrie_client, committee, members):
    BylawsFactory(committee=committee, coordinator_report_months=6)  # the coordinator took office in 2024
    page = estrie_client.get(url("compliance_list")).content.decode()
    assert "Furniture niche committee" in page
    assert "The coordinator has not reported yet; the bylaws ask for a report every 6 months." in page


def test_the_compliance_list_says_which_committees_it_checked(estrie_client, committee, estrie):
    """Walkthrough E: "43 committees checked" of 45, without saying the two others were dissolved."""
    CommitteeFactory(creneau=CreneauFactory(regions=[estrie]), dissolved_on=datetime.date(2020, 1, 1))
    page = estrie_client.get(url("compliance_list")).content.decode()
    assert "1 active committee checked against its bylaws (dissolved committees are not)." in page


def test_the_dashboard_lists_the_late_coordinator_reports_in_scope(
    estrie_client, other_office_client, committee, members, ministry_user, django_assert_num_queries
):
    BylawsFactory(committee=committee, coordinator_report_months=6)
    coordinator = members["coordinator"].person.full_name
    with translation.override("en"):
        address = reverse("registry_bo:dashboard")
    page = estrie_client.get(address).content.decode()
    assert "What waits for you" in page and "Coordinator reports late" in page
    assert url("committee_detail", committee.slug) in page and coordinator in page
    with translation.override("fr"):
        french = estrie_client.get(reverse("registry_bo:dashboard")).content.decode()
    assert "Ce qui vous attend" in french and "Rapports de coordonnateur en retard" in french
    # Staff of another region do not see it.
    other = other_office_client.get(address).content.decode()
    assert coordinator not in other and "Coordinator reports late" not in other
    # A fixed number of queries, whatever the number of committees late.
    ministry = client_for(ministry_user)
    ministry.get(address)
    with CaptureQueriesContext(connection) as few:
        ministry.get(address)
    for _ in range(3):
        other_committee = CommitteeFactory(
            creneau=CreneauFactory(regions=[committee.region or committee.creneau.regions.get()])
        )
        MandateFactory(committee=other_committee, role=MandateRole.COORDINATOR, voting=False, constituency="other")
        BylawsFactory(committee=other_committee, coordinator_report_months=6)
    with django_assert_num_queries(len(few)):
        page = ministry.get(address).content.decode()
    assert "All 4 items of “Coordinator reports late”" in page
