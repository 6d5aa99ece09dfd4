import datetime

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from accord.accounts.services import create_api_token
from accord.accounts.tests.factories import UserFactory, grant
from accord.core.models import AccessAction, PersonalDataAccess
from accord.governance import services
from accord.governance.api.serializers import CommitteeSerializer, MeetingSerializer, ResolutionSerializer
from accord.governance.models import (
    AttendanceStatus,
    BylawsAcknowledgement,
    CommitteeKind,
    Mandate,
    Meeting,
    MeetingStatus,
    Recusal,
    Resolution,
    ResolutionOutcome,
    Vote,
)
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, PersonFactory

from .factories import BylawsFactory, CommitteeFactory, MandateFactory, MeetingFactory, chair_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def meuble(estrie):
    return CreneauFactory(slug="meuble", name_fr="Meuble", name_en="Furniture", regions=[estrie])


@pytest.fixture
def committee(meuble):
    return CommitteeFactory(
        slug="cc-meuble",
        code="CC-MEUBLE-05",
        creneau=meuble,
        name_fr="Comité du créneau Meuble",
        name_en="Furniture niche committee",
    )


@pytest.fixture
def members(committee):
    """A president, a secretary, four members and a non-voting coordinator."""
    people = {}
    for name, role in [
        ("president", "president"),
        ("secretary", "secretary"),
        ("alice", "member"),
        ("bruno", "member"),
        ("chloe", "member"),
        ("denis", "member"),
    ]:
        people[name] = MandateFactory(
            committee=committee, role=role, person=PersonFactory(first_name=name.capitalize(), last_name="Test")
        )
    people["coordinator"] = MandateFactory(committee=committee, role="coordinator", voting=False)
    return people


@pytest.fixture
def monteregie_committee(monteregie):
    return CommitteeFactory(
        kind=CommitteeKind.REGIONAL, creneau=None, region=monteregie, slug="cr-16", code="CR-16", name_fr="CR 16"
    )


def in_session(committee, actor, **fields):
    meeting = services.plan_meeting(
        committee,
        actor=actor,
        title=fields.get("title", "Réunion régulière"),
        starts_at=fields.get("starts_at", timezone.now()),
        location="Victoriaville",
        items=[{"title": "Projets", "kind": "decision"}],
    )
    services.convene_meeting(meeting, actor=actor)
    services.open_meeting(meeting, actor=actor)
    return meeting


def all_present(meeting, actor, members):
    for mandate in members.values():
        if mandate.voting:
            services.record_attendance(meeting, mandate, actor=actor, status=AttendanceStatus.PRESENT)


def assert_constant_queries(api, url, add_rows, expected, django_assert_num_queries):
    """The list costs `expected` queries, and the same again once more rows exist.

    A first request warms what is read once and cached: the user's scope (on the user)
    and the region table (until the registry changes).
    """
    api.get(url)
    with django_assert_num_queries(expected):
        before = api.get(url).json()["count"]
    add_rows()
    api.get(url)
    with django_assert_num_queries(expected):
        after = api.get(url).json()["count"]
    assert after > before


# --- Committees ----------------------------------------------------------------------------


def test_committee_shape_with_current_members(api, estrie_user, committee, members):
    MandateFactory(committee=committee, ends_on=datetime.date(2024, 6, 30))  # a former member
    api.force_authenticate(estrie_user)
    body = api.get("/api/v1/committees/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    row = body["results"][0]
    assert list(row) == CommitteeSerializer.Meta.fields
    assert {k: v for k, v in row.items() if k != "members"} == {
        "slug": "cc-meuble",
        "name": "Comité du créneau Meuble",
        "kind": "creneau",
        "code": "CC-MEUBLE-05",
        "region": None,
        "creneau": "meuble",
        "regions": [],
        "creneaux": [],
        "parent": None,
        "dissolved_on": None,
    }
    assert len(row["members"]) == 7
    alice = members["alice"]
    assert {
        "mandate": alice.pk,
        "person": alice.person_id,
        "name": "Alice Test",
        "role": "member",
        "voting": True,
        "constituency": "business",
        "organisation": alice.organisation_id,
        "starts_on": "2024-01-01",
        "ends_on": None,
    } in row["members"]
    coordinator = next(m for m in row["members"] if m["role"] == "coordinator")
    assert coordinator["voting"] is False


def test_a_dissolved_committee_says_when_it_was_dissolved(api, ministry_user, committee):
    committee.dissolved_on = datetime.date(2023, 3, 31)
    committee.save(update_fields=["dissolved_on"])
    api.force_authenticate(ministry_user)
    assert api.get("/api/v1/committees/cc-meuble/").json()["dissolved_on"] == "2023-03-31"
    assert api.get("/api/v1/committees/").json()["results"][0]["dissolved_on"] == "2023-03-31"


def test_committee_names_follow_accept_language(api, ministry_user, committee):
    api.force_authenticate(ministry_user)
    french = api.get("/api/v1/committees/cc-meuble/").json()
    english = api.get("/api/v1/committees/cc-meuble/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (french["name"], english["name"]) == ("Comité du créneau Meuble", "Furniture niche committee")


def test_interregional_and_subcommittees_show_their_links(api, ministry_user, committee, estrie, monteregie, meuble):
    executive = CommitteeFactory(kind=CommitteeKind.EXECUTIVE, creneau=None, parent=committee, slug="exec")
    inter = CommitteeFactory(kind=CommitteeKind.INTERREGIONAL, creneau=None, slug="inter")
    inter.regions.set([estrie, monteregie])
    inter.creneaux.set([meuble])
    api.force_authenticate(ministry_user)
    assert api.get(f"/api/v1/committees/{executive.slug}/").json()["parent"] == "cc-meuble"
    body = api.get(f"/api/v1/committees/{inter.slug}/").json()
    assert (body["regions"], body["creneaux"], body["region"], body["creneau"]) == (
        ["05", "16"],
        ["meuble"],
        None,
        None,
    )


def test_committee_filters(api, ministry_user, committee, estrie, monteregie, monteregie_committee, meuble):
    regional = CommitteeFactory(
        kind=CommitteeKind.REGIONAL, creneau=None, region=estrie, slug="cr-05", name_fr="Comité régional Estrie"
    )
    executive = CommitteeFactory(kind=CommitteeKind.EXECUTIVE, creneau=None, parent=committee, slug="exec")
    elsewhere = CommitteeFactory(creneau=CreneauFactory(regions=[monteregie]), slug="ailleurs", name_fr="Aéro")
    inter = CommitteeFactory(kind=CommitteeKind.INTERREGIONAL, creneau=None, slug="inter", name_fr="Interrégional")
    inter.regions.set([monteregie])
    inter.creneaux.set([meuble])
    api.force_authenticate(ministry_user)

    def slugs(**params):
        response = api.get("/api/v1/committees/", params)
        assert response.status_code == 200, response.json()
        return sorted(c["slug"] for c in response.json()["results"])

    assert slugs(kind="regional") == ["cr-05", "cr-16"]
    assert slugs(region="05") == sorted([regional.slug, committee.slug, executive.slug])
    assert slugs(region="16") == sorted(["cr-16", elsewhere.slug, inter.slug])
    assert slugs(creneau="meuble") == [committee.slug]
    assert slugs(creneau="meuble", kind="regional") == []
    assert slugs(search="COMITE regional") == ["cr-05"]
    assert slugs(search="aero") == ["ailleurs"]
    assert api.get("/api/v1/committees/", {"region": "18"}).status_code == 400
    assert api.get("/api/v1/committees/", {"kind": "nope"}).status_code == 400


def test_committees_are_scoped_to_the_user(api, estrie_user, outsider, committee, members, monteregie_committee):
    assert api.get("/api/v1/committees/").status_code == 403  # anonymous: the area's gate, as on the pages
    api.force_authenticate(outsider)
    response = api.get("/api/v1/committees/cc-meuble/")
    assert response.status_code == 403  # no seat and no role: no governance area
    assert "membres des comités" in response.json()["detail"]  # the reason, in the reader's language
    api.force_authenticate(estrie_user)
    assert [c["slug"] for c in api.get("/api/v1/committees/").json()["results"]] == ["cc-meuble"]
    assert api.get("/api/v1/committees/cr-16/").status_code == 404
    member = UserFactory(person=members["bruno"].person)
    api.force_authenticate(member)
    assert [c["slug"] for c in api.get("/api/v1/committees/").json()["results"]] == ["cc-meuble"]


def test_committees_are_read_only(api, ministry_user, committee):
    api.force_authenticate(ministry_user)
    assert api.put("/api/v1/committees/cc-meuble/", {}, format="json").status_code == 405
    assert api.post("/api/v1/committees/", {}, format="json").status_code == 405


def test_reading_committee_members_through_the_api_is_logged(api, estrie_user, committee, members):
    api.force_authenticate(estrie_user)
    api.get("/api/v1/committees/")
    api.get("/api/v1/committees/cc-meuble/")
    entries = list(PersonalDataAccess.objects.order_by("pk").values_list("user", "action", "rows", "what"))
    assert entries == [
        (estrie_user.pk, AccessAction.API, len(members), "/api/v1/committees/"),
        (estrie_user.pk, AccessAction.API, len(members), "/api/v1/committees/cc-meuble/"),
    ]


def test_reading_attendance_and_recusals_through_the_api_is_logged(api, estrie_user, committee, members):
    meeting = in_session(committee, estrie_user)
    plain = services.propose_resolution(meeting, actor=estrie_user, title="Sans conflit", text="…")
    with_interest = services.propose_resolution(meeting, actor=estrie_user, title="Projet", text="…")
    services.declare_interest(with_interest, members["bruno"], actor=estrie_user, interest="Partenaire")
    api.force_authenticate(estrie_user)
    sheet = api.get(f"/api/v1/meetings/{meeting.pk}/attendance/").json()
    api.get(f"/api/v1/resolutions/{plain.pk}/")  # names no one: not logged
    api.get(f"/api/v1/resolutions/{with_interest.pk}/")
    api.get("/api/v1/resolutions/")
    entries = list(PersonalDataAccess.objects.order_by("pk").values_list("rows", "what"))
    assert entries == [
        (len(sheet["lines"]), f"/api/v1/meetings/{meeting.pk}/attendance/"),
        (1, f"/api/v1/resolutions/{with_interest.pk}/"),
        (1, "/api/v1/resolutions/"),
    ]


def test_a_refused_api_read_logs_nothing(api, outsider, committee, members):
    api.force_authenticate(outsider)
    assert api.get("/api/v1/committees/").status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_committee_list_query_count(api, ministry_user, estrie, monteregie, django_assert_num_queries):
    def add_committees():
        for _ in range(3):
            committee = CommitteeFactory(creneau=CreneauFactory(regions=[estrie]))
            MandateFactory.create_batch(3, committee=committee)
            inter = CommitteeFactory(kind=CommitteeKind.INTERREGIONAL, creneau=None, parent=committee)
            inter.regions.set([estrie, monteregie])
            inter.creneaux.set([committee.creneau])

    add_committees()
    api.force_authenticate(ministry_user)
    # count, page (region, niche and parent joined), regions, niches, current mandates with their
    # person, and the access log's INSERT (members are people: Law 25)
    assert_constant_queries(api, "/api/v1/committees/", add_committees, 6, django_assert_num_queries)


def test_committee_list_query_count_for_a_regional_office(api, estrie_user, estrie, django_assert_num_queries):
    def add_committees():
        for _ in range(3):
            MandateFactory.create_batch(2, committee=CommitteeFactory(creneau=CreneauFactory(regions=[estrie])))

    add_committees()
    api.force_authenticate(estrie_user)
    assert_constant_queries(
        # user, roles, the region filtered on, count, rows (with their region, niche and parent),
        # current mandates, and the access log's INSERT (members are people: Law 25)
        api,
        "/api/v1/committees/?region=05&search=comite",
        add_committees,
        7,
        django_assert_num_queries,
    )


# --- Authentication ------------------------------------------------------------------------


def test_token_authentication(api, estrie_user, committee):
    _, token = create_api_token(estrie_user, actor=estrie_user)
    assert api.get("/api/v1/committees/").status_code == 403
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/committees/").json()["count"] == 1


def test_session_authentication_reads_and_writes(estrie_client, committee):
    assert estrie_client.get("/api/v1/committees/").json()["count"] == 1
    response = estrie_client.post(
        "/api/v1/meetings/",
        {
            "committee": "cc-meuble",
            "title": "Réunion",
            "starts_at": "2030-03-01T09:00:00-05:00",
            "location": "Sherbrooke",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()


# --- Meetings ------------------------------------------------------------------------------


def test_meeting_shape_and_agenda_subjects(api, estrie_user, committee):
    project = OrganisationFactory()
    meeting = services.plan_meeting(
        committee,
        actor=estrie_user,
        title="Réunion d'automne",
        starts_at=datetime.datetime(2030, 10, 1, 13, tzinfo=datetime.UTC),
        location="Drummondville",
        items=[{"title": "Ouverture"}, {"title": "Projet", "kind": "decision"}],
    )
    second = meeting.items.get(position=2)
    services.add_agenda_item(meeting, actor=estrie_user, title="Appui", kind="decision", subject=project)
    api.force_authenticate(estrie_user)
    row = api.get("/api/v1/meetings/").json()["results"][0]
    assert list(row) == MeetingSerializer.Meta.fields
    assert row == {
        "id": meeting.pk,
        "committee": "cc-meuble",
        "title": "Réunion d'automne",
        "starts_at": "2030-10-01T09:00:00-04:00",
        "ends_at": None,
        "location": "Drummondville",
        "online_url": "",
        "status": "planned",
        "cancellation_reason": "",
        "chaired_by": None,
        "items": [
            {
                "id": meeting.items.get(position=1).pk,
                "position": 1,
                "title": "Ouverture",
                "kind": "discussion",
                "subject": None,
            },
            {"id": second.pk, "position": 2, "title": "Projet", "kind": "decision", "subject": None},
            {
                "id": meeting.items.get(position=3).pk,
                "position": 3,
                "title": "Appui",
                "kind": "decision",
                "subject": {"type": "registry.organisation", "id": project.pk},
            },
        ],
    }
    assert api.get(f"/api/v1/meetings/{meeting.pk}/").json() == row


def test_meeting_filters(api, estrie_user, committee, estrie):
    other = CommitteeFactory(creneau=CreneauFactory(regions=[estrie]), slug="autre")
    day = datetime.datetime(2030, 5, 15, 14, tzinfo=datetime.UTC)
    MeetingFactory(committee=committee, starts_at=day, title="Mai")
    MeetingFactory(committee=committee, starts_at=day + datetime.timedelta(days=30), title="Juin")
    MeetingFactory(committee=other, starts_at=day, title="Autre", status=MeetingStatus.CANCELLED)
    api.force_authenticate(estrie_user)

    def titles(**params):
        response = api.get("/api/v1/meetings/", params)
        assert response.status_code == 200, response.json()
        return [m["title"] for m in response.json()["results"]]

    assert titles() == ["Juin", "Autre", "Mai"]  # latest first, then the latest planned
    assert titles(committee="cc-meuble") == ["Juin", "Mai"]
    assert titles(status="cancelled") == ["Autre"]
    assert sorted(titles(**{"from": "2030-05-15", "to": "2030-05-15"})) == ["Autre", "Mai"]
    assert titles(**{"from": "2030-05-16"}) == ["Juin"]
    assert api.get("/api/v1/meetings/", {"from": "hier"}).status_code == 400


def test_meeting_list_query_count(api, estrie_user, committee, django_assert_num_queries):
    def add_meetings():
        for _ in range(3):
            meeting = MeetingFactory(committee=committee)
            services.add_agenda_item(meeting, actor=estrie_user, title="A", subject=OrganisationFactory())
            services.add_agenda_item(meeting, actor=estrie_user, title="B")

    add_meetings()
    api.force_authenticate(estrie_user)
    # count, page (committee joined), agenda items (subject types joined)
    assert_constant_queries(api, "/api/v1/meetings/", add_meetings, 3, django_assert_num_queries)


def test_meetings_out_of_scope_are_404(api, estrie_user, outsider, monteregie_committee):
    meeting = MeetingFactory(committee=monteregie_committee)
    api.force_authenticate(estrie_user)
    assert api.get("/api/v1/meetings/").json()["count"] == 0
    assert api.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404
    assert api.post(f"/api/v1/meetings/{meeting.pk}/convene/").status_code == 404
    assert api.get(f"/api/v1/meetings/{meeting.pk}/attendance/").status_code == 404
    api.force_authenticate(outsider)
    assert api.post(f"/api/v1/meetings/{meeting.pk}/cancel/", {"reason": "x"}, format="json").status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_meeting_writes_need_authentication_and_powers(api, committee, members):
    payload = {"committee": "cc-meuble", "title": "R", "starts_at": "2030-03-01T09:00:00Z", "location": "L"}
    assert api.post("/api/v1/meetings/", payload, format="json").status_code in (401, 403)
    member = UserFactory(person=members["alice"].person)
    api.force_authenticate(member)
    assert api.get("/api/v1/committees/cc-meuble/").status_code == 200  # a member sees the committee…
    response = api.post("/api/v1/meetings/", payload, format="json")
    assert response.status_code == 403  # …but does not plan its meetings
    meeting = MeetingFactory(committee=committee)
    assert api.post(f"/api/v1/meetings/{meeting.pk}/convene/").status_code == 403
    # The power is checked before the body: an empty one is a 403, not a 400 about the reason.
    assert api.post(f"/api/v1/meetings/{meeting.pk}/cancel/", {}, format="json").status_code == 403
    assert not Meeting.objects.exclude(pk=meeting.pk).exists()
    secretary = UserFactory(person=members["secretary"].person)
    api.force_authenticate(secretary)
    assert api.post("/api/v1/meetings/", payload, format="json").status_code == 201


def test_bad_meeting_input_is_400_and_saves_nothing(api, estrie_user, committee, monteregie_committee):
    api.force_authenticate(estrie_user)
    base = {"committee": "cc-meuble", "title": "R", "starts_at": "2030-03-01T09:00:00Z"}
    response = api.post("/api/v1/meetings/", base, format="json")  # neither place nor link
    assert (response.status_code, list(response.json())) == (400, ["location"])
    response = api.post(
        "/api/v1/meetings/", {**base, "location": "L", "ends_at": "2030-03-01T08:00:00Z"}, format="json"
    )
    assert response.status_code == 400
    response = api.post("/api/v1/meetings/", {**base, "committee": "cr-16", "location": "L"}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["committee"])  # out of scope: no such committee
    response = api.post(
        "/api/v1/meetings/",
        {**base, "location": "L", "items": [{"title": "Projet", "subject": {"type": "auth.user", "id": 1}}]},
        format="json",
    )
    assert response.status_code == 400
    assert "items" in response.json()
    response = api.post("/api/v1/meetings/", {**base, "location": "L", "items": [{"kind": "vote"}]}, format="json")
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_transitions_not_allowed_are_409(api, estrie_user, committee, members):
    meeting = services.plan_meeting(
        committee, actor=estrie_user, title="R", starts_at=timezone.now(), location="L", items=[{"title": "A"}]
    )
    api.force_authenticate(estrie_user)
    response = api.post(f"/api/v1/meetings/{meeting.pk}/open/")  # not convened yet
    assert response.status_code == 409
    assert "detail" in response.json()
    assert api.get(f"/api/v1/meetings/{meeting.pk}/convene/").status_code == 405
    response = api.post(f"/api/v1/meetings/{meeting.pk}/cancel/", {"reason": " "}, format="json")
    assert response.status_code == 400
    response = api.post(f"/api/v1/meetings/{meeting.pk}/cancel/", {"reason": "Tempête"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    assert response.json()["cancellation_reason"] == "Tempête"
    assert api.post(f"/api/v1/meetings/{meeting.pk}/convene/").status_code == 409
    response = api.post(
        f"/api/v1/meetings/{meeting.pk}/attendance/",
        {"mandate": members["alice"].pk, "status": "present"},
        format="json",
    )
    assert response.status_code == 409


# --- Attendance ----------------------------------------------------------------------------


def test_attendance_sheet_and_live_quorum(api, estrie_user, committee, members):
    BylawsFactory(committee=committee, proxies_allowed=True, quorum_rule="fixed", quorum_count=4)
    meeting = in_session(committee, estrie_user)
    api.force_authenticate(estrie_user)
    url = f"/api/v1/meetings/{meeting.pk}/attendance/"
    sheet = api.get(url).json()
    assert sheet["quorum"] == {"voting_members": 6, "present": 0, "needed": 4, "met": False}
    assert len(sheet["lines"]) == 7
    assert all(line["status"] is None for line in sheet["lines"])

    for name in ("president", "secretary", "alice"):
        response = api.post(url, {"mandate": members[name].pk, "status": "present"}, format="json")
        assert response.status_code == 200, response.json()
    response = api.post(
        url, {"mandate": members["bruno"].pk, "status": "proxy", "proxy_holder": members["alice"].pk}, format="json"
    )
    sheet = response.json()
    assert sheet["quorum"] == {"voting_members": 6, "present": 4, "needed": 4, "met": True}
    bruno = next(line for line in sheet["lines"] if line["mandate"] == members["bruno"].pk)
    assert bruno == {
        "mandate": members["bruno"].pk,
        "person": members["bruno"].person_id,
        "name": "Bruno Test",
        "role": "member",
        "voting": True,
        "status": "proxy",
        "proxy_holder": members["alice"].pk,
    }
    assert api.get(url).json() == sheet


def test_bad_attendance_is_400(api, estrie_user, committee, members, estrie):
    meeting = in_session(committee, estrie_user)
    stranger = MandateFactory(committee=CommitteeFactory(creneau=CreneauFactory(regions=[estrie])))
    api.force_authenticate(estrie_user)
    url = f"/api/v1/meetings/{meeting.pk}/attendance/"
    response = api.post(url, {"mandate": stranger.pk, "status": "present"}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["mandate"])
    response = api.post(url, {"mandate": members["alice"].pk, "status": "maybe"}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["status"])
    response = api.post(  # no bylaws: proxies are not allowed
        url, {"mandate": members["bruno"].pk, "status": "proxy", "proxy_holder": members["alice"].pk}, format="json"
    )
    assert response.status_code == 400
    assert not meeting.attendances.exists()


def test_attendance_sheet_query_count(api, estrie_user, committee, members, django_assert_num_queries):
    meeting = in_session(committee, estrie_user)
    api.force_authenticate(estrie_user)
    url = f"/api/v1/meetings/{meeting.pk}/attendance/"
    api.get(url)
    # meeting (committee joined), attendances, members with their person, bylaws in force, the access log
    with django_assert_num_queries(5):
        api.get(url)
    all_present(meeting, estrie_user, members)
    for _ in range(5):
        MandateFactory(committee=committee)
    with django_assert_num_queries(5):
        assert len(api.get(url).json()["lines"]) == 12


def test_a_whole_attendance_sheet_in_one_request(api, estrie_user, committee, members, estrie):
    BylawsFactory(committee=committee, proxies_allowed=True)
    meeting = in_session(committee, estrie_user)
    stranger = MandateFactory(committee=CommitteeFactory(creneau=CreneauFactory(regions=[estrie])))
    api.force_authenticate(estrie_user)
    url = f"/api/v1/meetings/{meeting.pk}/attendance/"
    alice, bruno = members["alice"], members["bruno"]
    lines = [
        {"mandate": bruno.pk, "status": "proxy", "proxy_holder": alice.pk},  # recorded after its holder
        {"mandate": alice.pk, "status": "present"},
        {"mandate": members["chloe"].pk, "status": "proxy", "proxy_holder": members["denis"].pk},
    ]
    response = api.post(url, {"lines": lines}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    # Denis is not recorded as present: the sheet is refused whole, naming the line.
    assert response.status_code == 400
    assert response.json() == {str(members["chloe"].pk): ["The proxy holder must be recorded as present."]}
    assert not meeting.attendances.exists()
    response = api.post(url, {"lines": [*lines[:2], {"mandate": stranger.pk, "status": "present"}]}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["lines"])  # not a member of the committee
    response = api.post(url, {"lines": []}, format="json")
    assert response.status_code == 400
    response = api.post(url, {"lines": lines[:2]}, format="json")
    assert response.status_code == 200, response.json()
    sheet = response.json()
    assert sheet["quorum"] == {"voting_members": 6, "present": 2, "needed": 4, "met": False}
    assert {line["mandate"]: line["status"] for line in sheet["lines"] if line["status"]} == {
        alice.pk: "present",
        bruno.pk: "proxy",
    }


def test_plain_members_cannot_record_attendance(api, committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    api.force_authenticate(UserFactory(person=members["alice"].person))
    url = f"/api/v1/meetings/{meeting.pk}/attendance/"
    assert api.get(url).status_code == 200
    assert api.post(url, {"mandate": members["alice"].pk, "status": "present"}, format="json").status_code == 403
    assert not meeting.attendances.exists()


# --- Resolutions ---------------------------------------------------------------------------


def test_a_whole_meeting_through_the_api(api, estrie_user, committee, members):
    """Plan, convene, open, attendance, propose about an organisation, vote, decide, close."""
    api.force_authenticate(estrie_user)
    response = api.post(
        "/api/v1/meetings/",
        {
            "committee": "cc-meuble",
            "title": "Réunion régulière",
            "starts_at": timezone.now().isoformat(),  # today: a meeting opens on its day
            "online_url": "https://visio.example/meuble",
            "items": [{"title": "Projet Orford", "kind": "decision"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    meeting_id = response.json()["id"]
    item_id = response.json()["items"][0]["id"]
    for step, expected in [("convene", "convened"), ("open", "held")]:
        response = api.post(f"/api/v1/meetings/{meeting_id}/{step}/")
        assert (response.status_code, response.json()["status"]) == (200, expected)
    for mandate in members.values():
        if mandate.voting:
            api.post(
                f"/api/v1/meetings/{meeting_id}/attendance/",
                {"mandate": mandate.pk, "status": "present"},
                format="json",
            )

    carrier = members["alice"].organisation
    response = api.post(
        "/api/v1/resolutions/",
        {
            "meeting": meeting_id,
            "title": "Appui au projet Orford",
            "text": "Le comité appuie le projet.",
            "item": item_id,
            "subject": {"type": "registry.organisation", "id": carrier.pk},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    resolution = response.json()
    assert resolution["subject"] == {"type": "registry.organisation", "id": carrier.pk}
    assert resolution["recusals"] == [
        {"mandate": members["alice"].pk, "name": "Alice Test", "reason": "carrier", "declared_interest": ""}
    ]
    assert (resolution["outcome"], resolution["item"]) == ("pending", item_id)
    url = f"/api/v1/resolutions/{resolution['id']}"

    response = api.post(
        f"{url}/votes/", {"mandate": members["alice"].pk, "choice": "for"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Alice Test is recused from this resolution and cannot vote."]}
    assert not Vote.objects.filter(mandate=members["alice"]).exists()
    for name, choice in [("president", "for"), ("secretary", "for"), ("bruno", "for"), ("chloe", "against")]:
        response = api.post(f"{url}/votes/", {"mandate": members[name].pk, "choice": choice}, format="json")
        assert response.status_code == 200, response.json()
    response = api.post(f"{url}/interest/", {"mandate": members["denis"].pk, "interest": "Fournisseur"}, format="json")
    assert response.status_code == 200
    assert {r["mandate"]: r["reason"] for r in response.json()["recusals"]} == {
        members["alice"].pk: "carrier",
        members["denis"].pk: "declared",
    }

    response = api.post(f"{url}/decide/", {"mode": "vote"}, format="json")
    assert response.status_code == 200, response.json()
    decided = response.json()
    assert decided["outcome"] == "adopted"
    assert decided["decision_mode"] == "vote"
    tally = {k: decided[k] for k in ("voting_members", "recused_count", "present_count", "quorum_required")}
    assert tally == {"voting_members": 6, "recused_count": 2, "present_count": 4, "quorum_required": 3}
    assert (decided["votes_for"], decided["votes_against"], decided["abstentions"]) == (3, 1, 0)
    assert decided["decided_at"] is not None
    assert api.post(f"{url}/decide/", {"mode": "vote"}, format="json").status_code == 409  # already decided
    assert (
        api.post(f"{url}/votes/", {"mandate": members["bruno"].pk, "choice": "against"}, format="json").status_code
        == 409
    )

    response = api.post(f"/api/v1/meetings/{meeting_id}/close/")
    assert (response.status_code, response.json()["status"]) == (200, "closed")
    assert Resolution.objects.get().outcome == ResolutionOutcome.ADOPTED


def test_a_whole_vote_sheet_in_one_request(api, estrie_user, committee, members):
    meeting = in_session(committee, estrie_user)
    all_present(meeting, estrie_user, members)
    resolution = services.propose_resolution(
        meeting, actor=estrie_user, title="Appui", text="…", subject=members["alice"].organisation
    )
    api.force_authenticate(estrie_user)
    url = f"/api/v1/resolutions/{resolution.pk}/votes/"
    lines = [{"mandate": members[name].pk, "choice": "for"} for name in ("president", "secretary", "bruno")]
    response = api.post(
        url,
        {"lines": [*lines, {"mandate": members["alice"].pk, "choice": "for"}]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {
        str(members["alice"].pk): ["Alice Test is recused from this resolution and cannot vote."]
    }
    assert not Vote.objects.exists()
    response = api.post(url, {"lines": lines}, format="json")
    assert response.status_code == 200, response.json()
    assert Vote.objects.filter(resolution=resolution, choice="for").count() == 3
    assert (
        api.post(url, {"lines": [{"mandate": members["bruno"].pk, "choice": "maybe"}]}, format="json").status_code
        == 400
    )


def test_resolution_shape(api, estrie_user, committee, members, estrie):
    regional = CommitteeFactory(kind=CommitteeKind.REGIONAL, creneau=None, region=estrie, slug="cr-05", code="CR-05")
    meeting = in_session(committee, estrie_user)
    resolution = services.propose_resolution(
        meeting,
        actor=estrie_user,
        title="Étude",
        text="…",
        forward_to=regional,
        gives_coordinator_mandate=True,
        justification="Motifs du comité.",
    )
    api.force_authenticate(estrie_user)
    row = api.get("/api/v1/resolutions/").json()["results"][0]
    assert list(row) == ResolutionSerializer.Meta.fields
    assert row == {
        "id": resolution.pk,
        "number": resolution.number,
        "committee": "cc-meuble",
        "meeting": meeting.pk,
        "item": None,
        "title": "Étude",
        "text": "…",
        "subject": None,
        "forward_to": "cr-05",
        "gives_coordinator_mandate": True,
        "justification": "Motifs du comité.",
        "outcome": "pending",
        "decision_mode": "",
        "voting_members": None,
        "recused_count": None,
        "present_count": None,
        "quorum_required": None,
        "votes_for": None,
        "votes_against": None,
        "abstentions": None,
        "decided_at": None,
        "chaired_by": None,
        "signed_off_at": None,
        "delegation": "",
        "delegates_to": None,
        "recusals": [],
    }
    assert api.get(f"/api/v1/resolutions/{resolution.pk}/").json() == row


def test_resolution_filters_and_search(api, estrie_user, committee, members, estrie):
    other = CommitteeFactory(creneau=CreneauFactory(regions=[estrie]), slug="autre", code="CC-AUTRE")
    last_year = timezone.now() - datetime.timedelta(days=400)
    # A resolution is numbered in the year it is put to the meeting: that meeting took place last
    # year, when the regional office already worked with the committee.
    estrie_user.role_assignments.update(starts_on=timezone.localdate(last_year))
    with time_machine.travel(last_year):
        old = in_session(committee, estrie_user, starts_at=last_year)
        services.propose_resolution(old, actor=estrie_user, title="Plan d'action", text="…")
    meeting = in_session(committee, estrie_user)
    all_present(meeting, estrie_user, members)
    adopted = services.propose_resolution(meeting, actor=estrie_user, title="Appui à l'Érablière", text="…")
    services.decide_resolution(adopted, actor=estrie_user, mode="consensus")
    services.propose_resolution(in_session(other, estrie_user), actor=estrie_user, title="Budget", text="…")
    api.force_authenticate(estrie_user)

    def titles(**params):
        response = api.get("/api/v1/resolutions/", params)
        assert response.status_code == 200, response.json()
        return sorted(r["title"] for r in response.json()["results"])

    assert titles(committee="cc-meuble") == ["Appui à l'Érablière", "Plan d'action"]
    assert titles(outcome="adopted") == ["Appui à l'Érablière"]
    assert titles(year=last_year.year) == ["Plan d'action"]
    assert titles(search="ERABLIERE") == ["Appui à l'Érablière"]
    assert titles(search="cc-autre") == ["Budget"]  # the number is searched too
    assert api.get("/api/v1/resolutions/", {"outcome": "maybe"}).status_code == 400


def test_resolution_list_query_count(api, estrie_user, committee, members, django_assert_num_queries):
    meeting = in_session(committee, estrie_user)

    def add_resolutions():
        for _ in range(3):
            resolution = services.propose_resolution(
                meeting, actor=estrie_user, title="Projet", text="…", subject=members["alice"].organisation
            )
            services.declare_interest(resolution, members["bruno"], actor=estrie_user, interest="Partenaire")

    add_resolutions()
    api.force_authenticate(estrie_user)
    # count, page (committee, next committee and subject type joined), recusals with the person,
    # the access log (recusals name members)
    assert_constant_queries(api, "/api/v1/resolutions/", add_resolutions, 4, django_assert_num_queries)


def test_resolutions_out_of_scope_are_404(api, estrie_user, ministry_user, monteregie_committee):
    mandate = MandateFactory(committee=monteregie_committee)
    meeting = in_session(monteregie_committee, ministry_user)
    services.record_attendance(meeting, mandate, actor=ministry_user, status="present")
    resolution = services.propose_resolution(meeting, actor=ministry_user, title="T", text="…")
    api.force_authenticate(estrie_user)
    assert api.get("/api/v1/resolutions/").json()["count"] == 0
    assert api.get(f"/api/v1/resolutions/{resolution.pk}/").status_code == 404
    url = f"/api/v1/resolutions/{resolution.pk}"
    assert api.post(f"{url}/votes/", {"mandate": mandate.pk, "choice": "for"}, format="json").status_code == 404
    assert api.post(f"{url}/decide/", {"mode": "consensus"}, format="json").status_code == 404
    assert api.post(f"{url}/defer/", {"reason": "x"}, format="json").status_code == 404
    response = api.post("/api/v1/resolutions/", {"meeting": meeting.pk, "title": "T", "text": "…"}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["meeting"])
    assert Resolution.objects.count() == 1
    assert not Vote.objects.exists()


def test_anonymous_see_nothing_and_change_nothing(api, estrie_user, committee, members):
    meeting = in_session(committee, estrie_user)
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="T", text="…")
    assert api.get("/api/v1/meetings/").status_code == 403
    assert api.get("/api/v1/resolutions/").status_code == 403
    assert api.get(f"/api/v1/meetings/{meeting.pk}/attendance/").status_code == 403
    assert api.get(f"/api/v1/resolutions/{resolution.pk}/").status_code == 403
    response = api.post("/api/v1/resolutions/", {"meeting": meeting.pk, "title": "T", "text": "…"}, format="json")
    assert response.status_code in (401, 403)
    response = api.post(f"/api/v1/resolutions/{resolution.pk}/decide/", {"mode": "consensus"}, format="json")
    assert response.status_code in (401, 403)
    assert Resolution.objects.get().outcome == "pending"


def test_resolution_endpoints_refuse_other_methods(api, estrie_user, committee, members):
    meeting = in_session(committee, estrie_user)
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="T", text="…")
    api.force_authenticate(estrie_user)
    assert api.get(f"/api/v1/resolutions/{resolution.pk}/votes/").status_code == 405
    assert api.delete(f"/api/v1/resolutions/{resolution.pk}/").status_code == 405
    assert api.patch(f"/api/v1/resolutions/{resolution.pk}/", {"title": "X"}, format="json").status_code == 405
    assert api.delete(f"/api/v1/meetings/{meeting.pk}/").status_code == 405
    assert api.delete(f"/api/v1/meetings/{meeting.pk}/attendance/").status_code == 405


def test_members_without_powers_get_403_but_declare_their_own_interest(api, estrie_user, committee, members):
    meeting = in_session(committee, estrie_user)
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="T", text="…")
    api.force_authenticate(UserFactory(person=members["alice"].person))
    url = f"/api/v1/resolutions/{resolution.pk}"
    assert api.get(f"{url}/").status_code == 200
    assert (
        api.post(f"{url}/votes/", {"mandate": members["alice"].pk, "choice": "for"}, format="json").status_code == 403
    )
    assert api.post(f"{url}/decide/", {"mode": "consensus"}, format="json").status_code == 403
    assert api.post(f"{url}/defer/", {}, format="json").status_code == 403
    response = api.post("/api/v1/resolutions/", {"meeting": meeting.pk, "title": "T2", "text": "…"}, format="json")
    assert response.status_code == 403
    response = api.post(f"{url}/interest/", {"mandate": members["bruno"].pk, "interest": "Par erreur"}, format="json")
    assert response.status_code == 403
    response = api.post(f"{url}/interest/", {"mandate": members["alice"].pk, "interest": "Actionnaire"}, format="json")
    assert response.status_code == 200
    assert response.json()["recusals"][0]["declared_interest"] == "Actionnaire"
    assert Resolution.objects.count() == 1
    assert Recusal.objects.count() == 1


def test_bad_resolution_input_is_400_and_saves_nothing(
    api, estrie_user, ministry_user, committee, monteregie_committee
):
    meeting = in_session(committee, estrie_user)
    hidden = in_session(monteregie_committee, ministry_user)
    hidden_minutes = services.draft_minutes(hidden, actor=ministry_user, text="…")
    other_item = hidden.items.get()
    api.force_authenticate(estrie_user)
    base = {"meeting": meeting.pk, "title": "T", "text": "…"}
    for subject, field in [
        ({"type": "auth.user", "id": estrie_user.pk}, "type"),  # not something committees decide on
        ({"type": "registry.nothing", "id": 1}, "type"),
        ({"type": "registry.organisation", "id": 999999}, "id"),
        ({"type": "governance.minutes", "id": hidden_minutes.pk}, "id"),  # minutes the user cannot see
        ({"type": "registry.organisation"}, "id"),
    ]:
        response = api.post("/api/v1/resolutions/", {**base, "subject": subject}, format="json")
        assert response.status_code == 400, subject
        assert list(response.json()["subject"]) == [field], subject
    response = api.post("/api/v1/resolutions/", {**base, "forward_to": "cc-meuble"}, format="json")
    assert list(response.json()) == ["forward_to"]
    response = api.post("/api/v1/resolutions/", {**base, "item": other_item.pk}, format="json")
    assert list(response.json()) == ["item"]
    response = api.post("/api/v1/resolutions/", {"meeting": meeting.pk, "title": "T"}, format="json")
    assert list(response.json()) == ["text"]
    assert not Resolution.objects.exists()


def test_resolutions_are_proposed_in_session_only(api, estrie_user, committee):
    meeting = services.plan_meeting(committee, actor=estrie_user, title="R", starts_at=timezone.now(), location="L")
    api.force_authenticate(estrie_user)
    response = api.post("/api/v1/resolutions/", {"meeting": meeting.pk, "title": "T", "text": "…"}, format="json")
    assert response.status_code == 409
    assert not Resolution.objects.exists()


def test_minutes_are_approved_by_a_resolution_about_them(api, estrie_user, committee, members):
    first = in_session(committee, estrie_user, starts_at=timezone.now() - datetime.timedelta(days=40))
    services.close_meeting(first, actor=estrie_user)
    minutes = services.draft_minutes(first, actor=estrie_user, text="Présents : tous")
    second = in_session(committee, estrie_user)
    all_present(second, estrie_user, members)
    api.force_authenticate(estrie_user)
    response = api.post(
        "/api/v1/resolutions/",
        {"meeting": second.pk, "title": "PV", "text": "…", "subject": {"type": "governance.minutes", "id": minutes.pk}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    address = f"/api/v1/resolutions/{response.json()['id']}"
    response = api.post(f"{address}/decide/", {"mode": "consensus"}, format="json")
    assert (response.status_code, response.json()["outcome"], response.json()["votes_for"]) == (200, "adopted", None)
    # Recorded by the regional office: it takes effect once the member who chaired confirms it.
    assert (response.json()["chaired_by"], response.json()["signed_off_at"]) == (members["president"].pk, None)
    minutes.refresh_from_db()
    assert minutes.status == "draft"
    assert api.post(f"{address}/sign-off/", format="json").status_code == 403
    api.force_authenticate(UserFactory(person=members["president"].person))
    response = api.post(f"{address}/sign-off/", format="json")
    assert response.status_code == 200 and response.json()["signed_off_at"]
    minutes.refresh_from_db()
    assert minutes.status == "approved"
    assert api.post(f"{address}/sign-off/", format="json").status_code == 409  # already signed off


def test_without_quorum_the_decision_is_400_and_deferring_works(api, estrie_user, committee, members):
    meeting = in_session(committee, estrie_user)
    services.record_attendance(meeting, members["president"], actor=estrie_user, status="present")
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="T", text="…")
    api.force_authenticate(estrie_user)
    url = f"/api/v1/resolutions/{resolution.pk}"
    response = api.post(f"{url}/decide/", {"mode": "vote"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith("Quorum not reached: 1 present or represented, 4 needed")
    assert api.post(f"{url}/decide/", {"mode": "unanimity"}, format="json").status_code == 400
    resolution.refresh_from_db()
    assert resolution.outcome == "pending"
    response = api.post(f"{url}/defer/", {"reason": "Quorum non atteint"}, format="json")
    assert (response.status_code, response.json()["outcome"]) == (200, "deferred")


# --- Schema --------------------------------------------------------------------------------


def test_schema_lists_the_governance_endpoints(api):
    schema = api.get("/api/v1/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in [
        "/api/v1/committees/",
        "/api/v1/committees/{slug}/",
        "/api/v1/meetings/{id}/attendance/",
        "/api/v1/meetings/{id}/cancel/",
        "/api/v1/resolutions/{id}/votes/",
        "/api/v1/resolutions/{id}/decide/",
    ]:
        assert path in paths, path
    parameters = {p["name"] for p in paths["/api/v1/meetings/"]["get"]["parameters"]}
    assert {"committee", "status", "from", "to", "page"} <= parameters
    parameters = {p["name"] for p in paths["/api/v1/resolutions/"]["get"]["parameters"]}
    assert {"committee", "outcome", "year", "search"} <= parameters
    assert "post" in paths["/api/v1/meetings/{id}/attendance/"]


def test_the_api_has_no_format_suffix_routes(api, ministry_user, committee):
    api.force_authenticate(ministry_user)
    assert api.get("/api/v1/committees/").status_code == 200
    for address in ("/api/v1/committees.json", "/api/v1/meetings.json", "/api/v1/projects/1.json", "/api/v1/.json"):
        assert api.get(address).status_code == 404, address


def test_a_meeting_opens_before_its_day_only_with_a_reason(api, estrie_user, committee, members):
    meeting = services.plan_meeting(
        committee,
        actor=estrie_user,
        title="R",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        location="L",
        items=[{"title": "A"}],
    )
    services.convene_meeting(meeting, actor=estrie_user)
    api.force_authenticate(estrie_user)
    address = f"/api/v1/meetings/{meeting.pk}/open/"
    response = api.post(address, {}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "ouvre ce jour-là" in response.json()["reason"][0]
    response = api.post(address, {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert "it opens on that day" in response.json()["reason"][0]
    meeting.refresh_from_db()
    assert (meeting.status, meeting.opened_at) == (MeetingStatus.CONVENED, None)
    response = api.post(address, {"reason": "Salle libérée plus tôt"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "held")
    assert meeting.events.get(kind="meeting_opened").note == "Salle libérée plus tôt"


def test_a_decision_cannot_predate_its_meeting_through_the_api(api, estrie_user, committee, members):
    meeting = in_session(committee, estrie_user)
    all_present(meeting, estrie_user, members)
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="Appui", text="…")
    Meeting.objects.filter(pk=meeting.pk).update(opened_at=timezone.now() + datetime.timedelta(hours=1))
    api.force_authenticate(estrie_user)
    response = api.post(f"/api/v1/resolutions/{resolution.pk}/decide/", {"mode": "consensus"}, format="json")
    assert response.status_code == 400, response.json()
    resolution.refresh_from_db()
    assert resolution.outcome == "pending"


# --- Binding bylaws (issue 11 §2) --------------------------------------------------------------


def test_a_project_decision_against_the_binding_composition_is_400_with_the_reason(
    api, estrie_user, committee, members, organisations_bind
):
    BylawsFactory(committee=committee)
    Mandate.objects.filter(pk__in=[members[n].pk for n in ("bruno", "chloe", "denis")]).update(constituency="research")
    meeting = in_session(committee, estrie_user)
    all_present(meeting, estrie_user, members)
    resolution = services.propose_resolution(
        meeting, actor=estrie_user, title="Appui", text="…", subject=OrganisationFactory()
    )
    api.force_authenticate(estrie_user)
    url = f"/api/v1/resolutions/{resolution.pk}"
    response = api.post(f"{url}/decide/", {"mode": "consensus"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "The committee cannot decide on this project under its bylaws; it may defer it. Business people are not a "
        "majority of those who vote: 3 of the 6 voting members present and not recused represent business; the "
        "bylaws require more than half."
    ]
    response = api.post(f"{url}/decide/", {"mode": "consensus"}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert "3 des 6 membres votants présents et non récusés" in response.json()["non_field_errors"][0]
    resolution.refresh_from_db()
    assert resolution.outcome == "pending"
    response = api.post(f"{url}/defer/", {"reason": "Recrutement"}, format="json")
    assert (response.status_code, response.json()["outcome"]) == (200, "deferred")


def test_seating_through_the_api_follows_the_binding_bylaws(
    api, estrie_user, ministry_user, committee, members, estrie
):
    BylawsFactory(committee=committee, max_members=6, term_months=24)
    person = PersonFactory(region=estrie)
    address = f"/api/v1/committees/{committee.slug}/mandates/"
    seat = {"person": person.pk, "role": "member", "starts_on": "2026-01-01", "constituency": "business"}
    api.force_authenticate(estrie_user)
    response = api.post(address, seat, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        "voting": ["The committee would have 7 voting members on 2026-01-01; the bylaws allow at most 6."]
    }
    response = api.post(address, {**seat, "ends_on": "2028-06-30", "role": "observer"}, format="json")
    assert response.status_code == 400
    assert response.json()["ends_on"][0].startswith("Selon le règlement, un mandat dure au plus 24 mois")
    # Only the ministry overrides the bylaws.
    assert api.post(address, {**seat, "override_reason": "Urgence"}, format="json").status_code == 403
    assert not committee.mandates.filter(person=person).exists()
    api.force_authenticate(ministry_user)
    response = api.post(address, {**seat, "override_reason": "Relève"}, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["approval"], response.json()["ends_on"]) == ("approved", "2027-12-31")
    assert committee.mandates.get(person=person).events.get().data["bylaws_overridden"] == ["max_members"]


def test_an_officer_proposes_a_seat_through_the_api_and_a_member_may_not(api, committee, members, estrie):
    person = PersonFactory(region=estrie)
    address = f"/api/v1/committees/{committee.slug}/mandates/"
    seat = {"person": person.pk, "role": "member", "starts_on": "2026-01-01", "constituency": "business"}
    api.force_authenticate(UserFactory(person=members["alice"].person))
    assert api.post(address, seat, format="json").status_code == 403
    api.force_authenticate(UserFactory(person=members["president"].person))
    response = api.post(address, seat, format="json")
    assert (response.status_code, response.json()["approval"]) == (201, "pending")
    stranger = PersonFactory()  # of no region of the committee: not someone it may seat
    assert api.post(address, {**seat, "person": stranger.pk}, format="json").status_code == 400


# --- Bylaws ----------------------------------------------------------------------------------


def adopted_bylaws(committee, members, actor, **data):
    """A draft, then adopted through the API: the resolution on it names it as its subject."""
    bylaws = services.draft_bylaws(committee, actor=actor, data=data)
    meeting = in_session(committee, actor)
    all_present(meeting, actor, members)
    api = APIClient()
    api.force_authenticate(actor)
    response = api.post(
        "/api/v1/resolutions/",
        {
            "meeting": meeting.pk,
            "title": "Adoption du règlement",
            "text": "Il est résolu…",
            "subject": {"type": "governance.bylaws", "id": bylaws.pk},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    address = f"/api/v1/resolutions/{response.json()['id']}"
    decided = api.post(f"{address}/decide/", {"mode": "consensus"}, format="json")
    assert decided.status_code == 200, decided.json()
    # Recorded by staff: in force once the member who chaired confirms it.
    api.force_authenticate(chair_user(Resolution.objects.get(pk=decided.json()["id"])))
    assert api.post(f"{address}/sign-off/", format="json").status_code == 200
    bylaws.refresh_from_db()
    return bylaws


def test_bylaws_are_drafted_through_the_api_by_those_who_manage_the_committee(api, committee, members):
    address = "/api/v1/committees/cc-meuble/bylaws/"
    api.force_authenticate(UserFactory(person=members["alice"].person))
    assert api.post(address, {}, format="json").status_code == 403  # the power first, then the body
    api.force_authenticate(UserFactory(person=members["president"].person))
    response = api.post(address, {"quorum_rule": "fraction", "quorum_fraction": "1.50"}, format="json")
    assert response.status_code == 400
    headers = {"HTTP_IDEMPOTENCY_KEY": "draft-1"}
    response = api.post(address, {"max_members": 9, "proxies_allowed": True}, format="json", **headers)
    assert response.status_code == 201
    assert (response.json()["version"], response.json()["adopted_on"], response.json()["max_members"]) == (1, None, 9)
    again = api.post(address, {"max_members": 9, "proxies_allowed": True}, format="json", **headers)
    assert (again.status_code, again["Idempotent-Replayed"]) == (201, "true")
    assert committee.bylaws.count() == 1
    assert api.get(address).json()["in_force"] is None  # a draft binds nobody


def test_bylaws_are_adopted_through_the_api_by_a_resolution_about_them(api, estrie_user, committee, members):
    bylaws = adopted_bylaws(committee, members, estrie_user, max_members=12)
    draft = services.draft_bylaws(committee, actor=estrie_user, data={})
    api.force_authenticate(estrie_user)
    body = api.get("/api/v1/committees/cc-meuble/bylaws/").json()
    assert body["in_force"] == 1
    assert [(v["version"], v["adopted_on"], v["adopted_by"]) for v in body["versions"]] == [
        (2, None, None),
        (1, f"{bylaws.adopted_on:%Y-%m-%d}", bylaws.adopted_by.number),
    ]
    assert body["versions"][1]["max_members"] == 12
    assert draft.is_draft


def test_a_resolution_of_another_committee_cannot_adopt_bylaws_through_the_api(
    api, estrie_user, committee, members, meuble
):
    bylaws = services.draft_bylaws(committee, actor=estrie_user, data={})
    other = CommitteeFactory(creneau=CreneauFactory(regions=list(meuble.regions.all())))
    MandateFactory(committee=other, role="president")
    meeting = in_session(other, estrie_user)
    api.force_authenticate(estrie_user)
    payload = {
        "meeting": meeting.pk,
        "title": "R",
        "text": "…",
        "subject": {"type": "governance.bylaws", "id": bylaws.pk},
    }
    response = api.post("/api/v1/resolutions/", payload, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert "Un règlement est adopté par une résolution de son propre comité." in str(response.json())
    response = api.post("/api/v1/resolutions/", payload, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert "Bylaws are adopted by a resolution of their own committee." in str(response.json())
    assert not Resolution.objects.exists()


def test_a_member_acknowledges_the_bylaws_through_the_api_once(api, estrie_user, committee, members):
    bylaws = adopted_bylaws(committee, members, estrie_user)
    alice = UserFactory(person=members["alice"].person)
    api.force_authenticate(alice)
    first = api.post("/api/v1/committees/cc-meuble/bylaws/acknowledge/")
    again = api.post("/api/v1/committees/cc-meuble/bylaws/acknowledge/")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert first.json()["version"] == 1
    assert bylaws.acknowledgements.count() == 1
    body = api.get("/api/v1/committees/cc-meuble/bylaws/").json()
    assert body["acknowledged_at"] == first.json()["acknowledged_at"]
    assert body["acknowledgements"] is None  # a member does not see who read them
    api.force_authenticate(chair_user(bylaws.adopted_by))  # the president, who manages the committee
    rows = api.get("/api/v1/committees/cc-meuble/bylaws/").json()["acknowledgements"]
    assert {row["mandate"] for row in rows} == {m.pk for m in members.values()}
    assert {row["name"] for row in rows if row["acknowledged_at"]} == {members["alice"].person.full_name}
    assert PersonalDataAccess.objects.filter(action=AccessAction.API, rows=len(members)).exists()


def test_only_a_current_member_acknowledges_the_bylaws_through_the_api(
    api, estrie_user, outsider, committee, members, monteregie
):
    adopted_bylaws(committee, members, estrie_user)
    address = "/api/v1/committees/cc-meuble/bylaws/acknowledge/"
    assert api.post(address).status_code in (401, 403)
    api.force_authenticate(estrie_user)  # staff covering the committee, not seated on it
    response = api.post(address, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    assert response.json()["detail"] == "Seul un membre du comité prend acte de son règlement."
    response = api.post(address, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Only a member of the committee acknowledges its bylaws."
    api.force_authenticate(outsider)
    assert api.post(address).status_code == 403
    office = UserFactory()
    grant(office, "regional_office", monteregie)
    api.force_authenticate(office)
    assert api.post(address).status_code == 404
    api.force_authenticate(UserFactory(person=members["alice"].person))
    assert api.get(address).status_code == 405
    assert not BylawsAcknowledgement.objects.exists()


def test_acknowledging_without_bylaws_in_force_is_400(api, estrie_user, committee, members):
    services.draft_bylaws(committee, actor=estrie_user, data={})
    api.force_authenticate(UserFactory(person=members["alice"].person))
    response = api.post("/api/v1/committees/cc-meuble/bylaws/acknowledge/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "This committee has no bylaws in force to acknowledge." in str(response.json())
