"""Reads shared by the pages, the API, the tasks and the services."""

import datetime
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from accord.accounts.tests.factories import UserFactory, grant
from accord.governance import compliance, policies, selectors, services
from accord.governance.models import AttendanceStatus, Committee, CoordinatorReport, Meeting, MeetingStatus
from accord.registry import queues
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory, RegionFactory

from .conftest import attend, in_session, plan, voting
from .factories import BylawsFactory, CommitteeFactory, MandateFactory, MeetingFactory

pytestmark = pytest.mark.django_db


# --- Who sits and who counts as present ----------------------------------------------------------


def test_the_sitting_is_the_members_on_the_day_of_the_meeting(committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    former = MandateFactory(committee=committee, ends_on=datetime.date(2024, 6, 30))
    future = MandateFactory(committee=committee, starts_on=timezone.localdate() + datetime.timedelta(days=400))
    sitting = selectors.sitting(Meeting.objects.select_related("committee").get(pk=meeting.pk))
    assert former not in sitting.mandates and future not in sitting.mandates
    # Officers first, as on the committee's page.
    assert sitting.mandates == list(selectors.current_mandates(committee, meeting.meeting_date))
    assert [m.role for m in sitting.mandates[:2]] == ["president", "secretary"]
    assert sitting.voting_ids == {m.pk for m in voting(members)}


def test_who_counts_as_present_follows_the_bylaws_and_the_recusals(committee, members, estrie_user):
    bylaws = BylawsFactory(committee=committee, proxies_allowed=True)
    meeting = in_session(committee, estrie_user)
    attend(meeting, estrie_user, [members["president"], members["alice"], members["coordinator"]])
    attend(meeting, estrie_user, [members["denis"]], AttendanceStatus.ABSENT)
    services.record_attendance(
        meeting, members["bruno"], actor=estrie_user, status=AttendanceStatus.PROXY, proxy_holder=members["alice"]
    )
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="T", text="…")
    services.declare_interest(resolution, members["alice"], actor=estrie_user, interest="Actionnaire")
    sitting = selectors.sitting(meeting)
    # The coordinator does not vote; Denis is absent; Bruno is represented by Alice's proxy.
    assert (sitting.quorum().voting_members, sitting.quorum().present) == (6, 3)
    assert [m.pk for m in sitting.voters(resolution)] == [members["president"].pk, members["bruno"].pk]
    assert sitting.counts(resolution).recused == 1
    # What the page counts is what the decision counts.
    assert selectors.tally(resolution) == sitting.tally(recused_ids=[members["alice"].pk])
    bylaws.proxies_allowed = False
    bylaws.save()
    assert selectors.sitting(meeting).quorum().present == 2


def test_a_decided_resolution_shows_the_tally_kept_at_the_decision(committee, members, estrie_user):
    meeting = in_session(committee, estrie_user)
    attend(meeting, estrie_user, voting(members))
    resolution = services.propose_resolution(meeting, actor=estrie_user, title="T", text="…")
    services.decide_resolution(resolution, actor=estrie_user, mode="consensus")
    MandateFactory(committee=committee)  # a new member joins afterwards: the kept tally does not change
    counts = selectors.sitting(meeting).counts(resolution)
    assert (counts.live, counts.voting_members, counts.present, counts.consensus) == (False, 6, 6, True)
    deferred = services.propose_resolution(meeting, actor=estrie_user, title="U", text="…")
    services.defer_resolution(deferred, actor=estrie_user, reason="Information manquante")
    assert selectors.sitting(meeting).counts(deferred) is None


# --- A meeting and its agenda ----------------------------------------------------------------------


def test_meetings_with_their_agenda_in_a_fixed_number_of_queries(
    committee, members, estrie_user, django_assert_num_queries
):
    def add_meeting():
        meeting = plan(committee, estrie_user, items=("Ouverture", "Projets"))
        services.attach_document(
            meeting.items.first(), actor=estrie_user, title="Annexe", file=SimpleUploadedFile("a.pdf", b"%PDF")
        )

    add_meeting()
    # meetings (committee joined), items (the resolutions that forwarded them joined), documents
    with django_assert_num_queries(3):
        meetings = list(selectors.meetings_with_agenda(Meeting.objects.all()))
        assert [[d.title for d in i.documents.all()] for i in meetings[0].items.all()] == [["Annexe"], []]
    add_meeting()
    with django_assert_num_queries(3):
        meetings = list(selectors.meetings_with_agenda(Meeting.objects.all()))
        assert [i.title for m in meetings for i in m.items.all()] == ["Ouverture", "Projets"] * 2
    with django_assert_num_queries(2):
        list(selectors.meetings_with_agenda(Meeting.objects.all(), documents=False))


def test_a_meetings_record_tells_what_to_know_before_deciding_on_each_subject(committee, members, estrie_user):
    meeting = plan(committee, estrie_user)
    supported = OrganisationFactory()
    services.add_agenda_item(meeting, actor=estrie_user, title="Appui", kind="decision", subject=supported)
    record = selectors.meeting_record(Meeting.objects.select_related("committee").get(pk=meeting.pk))
    assert [(item.title, item.subject, item.notes) for item in record.items] == [
        ("Plan d'action", None, []),
        ("Appui", supported, []),  # organisations come with no notes
    ]
    assert (record.resolutions, record.minutes) == ([], [])
    assert len(record.sitting.member_rows()) == len(members)


def test_upcoming_meetings_are_those_still_to_come(committee, estrie_user):
    soon = MeetingFactory(committee=committee, starts_at=timezone.now() + datetime.timedelta(days=2))
    this_morning = MeetingFactory(committee=committee, starts_at=timezone.now() - datetime.timedelta(hours=3))
    MeetingFactory(committee=committee, starts_at=timezone.now() - datetime.timedelta(days=3))
    MeetingFactory(committee=committee, status=MeetingStatus.CANCELLED)
    assert list(selectors.upcoming_meetings(committee)) == [this_morning, soon]


# --- Compliance ----------------------------------------------------------------------------------


def test_compliance_of_many_committees_in_four_queries(committee, members, estrie, django_assert_num_queries):
    others = [CommitteeFactory(creneau=CreneauFactory(regions=[estrie])) for _ in range(3)]
    for other in others:
        MandateFactory.create_batch(2, committee=other)
        BylawsFactory(committee=other)
    # mandates with their person and organisation, bylaws in force, meetings held, last reports
    with django_assert_num_queries(4):
        reports = selectors.compliance_reports([committee, *others])
    assert [r.committee for r in reports] == [committee, *others]
    assert [c.code for c in reports[0].checks] == ["bylaws"]  # no bylaws: nothing else can be checked
    for report in reports[1:]:
        assert report.compliant
        # Niche committees without a coordinator: flagged, advisory (decision 23).
        assert {c.code for c in report.checks} == {"coordinator", "business_majority", "president", "secretary"}


def test_a_committee_page_checks_compliance_from_the_members_it_already_read(
    committee, members, django_assert_num_queries
):
    """The same checks from the page's own reading of the members, in one query fewer."""
    BylawsFactory(committee=committee, min_leader_enterprises=2, max_members=3)
    today = timezone.localdate()
    batched = selectors.compliance_report(committee, on=today)
    mandates = list(selectors.current_mandates(committee, today))
    with django_assert_num_queries(3):  # the bylaws, the meetings held, the last report
        from_page = selectors.compliance_report(committee, on=today, mandates=mandates)
    assert [(c.code, c.status, c.explanation) for c in from_page.checks] == [
        (c.code, c.status, c.explanation) for c in batched.checks
    ]
    assert batched.failures  # the bylaws above are not met: the comparison covers failures too


# --- The coordinator (issue 11 §6, decision 23) ----------------------------------------------------


def _report(committee, coordinator, period_end):
    from accord.governance.models import CoordinatorReport

    return CoordinatorReport.objects.create(
        committee=committee,
        coordinator=coordinator,
        period_start=period_end - datetime.timedelta(days=180),
        period_end=period_end,
        submitted_at=timezone.now(),
    )


def test_a_niche_committee_without_a_coordinator_is_flagged(committee, members):
    BylawsFactory(committee=committee)
    assert "coordinator" not in {c.code for c in selectors.compliance_report(committee).checks}
    members["coordinator"].delete()
    with translation.override("en"):
        flag = next(c for c in selectors.compliance_report(committee).checks if c.code == "coordinator")
    assert flag.status == "warning"  # advisory: the committee still meets and decides
    assert "no coordinator" in flag.explanation
    # Other committees have no coordinator of their own to flag.
    regional = CommitteeFactory(kind="regional", creneau=None, region=committee.creneau.regions.get())
    assert "coordinator" not in {c.code for c in selectors.compliance_report(regional).checks}


def test_a_coordinator_who_never_reported_is_late_once_the_first_report_is_due(committee, members):
    """Due `coordinator_report_months` after taking office (or after the bylaws, if later), then after each report."""
    BylawsFactory(committee=committee, coordinator_report_months=6, adopted_on=datetime.date(2024, 1, 1))
    coordinator = members["coordinator"]
    coordinator.starts_on = datetime.date(2025, 1, 10)
    coordinator.save()

    def check(on):
        with translation.override("en"):
            report = selectors.compliance_report(committee, on=on)
        return next(c for c in report.checks if c.code == "coordinator_report")

    assert check(datetime.date(2025, 7, 10)).status == "ok"
    assert "first report is due on 2025-07-10" in check(datetime.date(2025, 7, 10)).explanation
    late = check(datetime.date(2025, 7, 11))
    assert late.status == "failure" and "has not reported yet" in late.explanation
    _report(committee, coordinator, datetime.date(2025, 6, 30))
    assert check(datetime.date(2025, 12, 30)).status == "ok"
    assert check(datetime.date(2025, 12, 31)).status == "failure"


def test_late_reports_are_listed_with_the_coordinator_and_the_due_day_in_four_queries(
    committee, members, estrie, django_assert_num_queries
):
    BylawsFactory(committee=committee, coordinator_report_months=6)  # coordinator since 2024-01-01, no report
    others = []
    for n in range(3):
        other = CommitteeFactory(creneau=CreneauFactory(regions=[estrie]), name_fr=f"Comité {n}")
        coordinator = MandateFactory(committee=other, role="coordinator", voting=False, constituency="other")
        BylawsFactory(committee=other, coordinator_report_months=6)
        others.append((other, coordinator))
    _report(others[0][0], others[0][1], timezone.localdate())  # up to date
    _report(others[1][0], others[1][1], datetime.date(2025, 1, 31))  # late since 2025-07-31
    CommitteeFactory(creneau=CreneauFactory(regions=[estrie]))  # no coordinator, no bylaws: nothing owed
    from accord.governance.models import Committee

    with django_assert_num_queries(4):
        late = selectors.late_coordinator_reports(Committee.objects.all())
    assert [(r.committee, r.coordinator, r.due_on) for r in late] == [
        # The longest overdue first, then by name.
        (others[2][0], others[2][1].person.full_name, datetime.date(2024, 7, 1)),
        (committee, members["coordinator"].person.full_name, datetime.date(2024, 7, 1)),
        (others[1][0], others[1][1].person.full_name, datetime.date(2025, 7, 31)),
    ]
    # The compliance list agrees.
    failing = {
        r.committee
        for r in selectors.compliance_reports(Committee.objects.all())
        if any(c.code == "coordinator_report" and c.status == "failure" for c in r.checks)
    }
    assert failing == {r.committee for r in late}


# --- Compliance counted by the database (the work queues) ------------------------------------------

# The days the two readings are compared on: month ends (where adding months clamps), the days
# after, a leap day; the committees' dates fall around them.
DAYS = [
    datetime.date(2025, 1, 31),
    datetime.date(2025, 2, 28),
    datetime.date(2025, 3, 1),
    datetime.date(2025, 8, 31),
    datetime.date(2025, 9, 1),
    datetime.date(2028, 2, 29),
]


def _a_day(rng):
    """A day of 2023 to 2025, often a month's first or last (the edges of month arithmetic)."""
    first = datetime.date(rng.choice([2023, 2024, 2025]), rng.randint(1, 12), 1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return rng.choice([first, last, last - datetime.timedelta(days=1), first + datetime.timedelta(days=14)])


def _random_committee(rng, number, leaders):
    """A committee with random bylaws (none, a draft, one or two versions), seats, meetings and reports."""
    regional = number % 7 == 0
    region = RegionFactory(code=f"T{number:03d}")
    committee = CommitteeFactory(
        name_fr=f"Comité {rng.choice(['Éolien', 'agro', 'Zinc', 'Meuble', 'œnologie'])} {number:03d}",
        kind="regional" if regional else "creneau",
        region=region if regional else None,
        creneau=None if regional else CreneauFactory(regions=[region]),
        dissolved_on=datetime.date(2024, 6, 1) if number % 11 == 5 else None,
    )
    for version in range(rng.choice([0, 1, 1, 1, 2])):
        BylawsFactory(
            committee=committee,
            version=version + 1,
            adopted_on=None if rng.random() < 0.15 else _a_day(rng),
            business_majority=rng.random() < 0.7,
            min_leader_enterprises=rng.choice([0, 0, 1, 2]),
            max_members=rng.choice([None, 0, 3, 6]),
            term_months=rng.choice([None, 0, 1, 11, 12, 24]),
            min_meetings_per_year=rng.choice([None, 0, 1, 3]),
            coordinator_report_months=rng.choice([None, 0, 1, 6, 12]),
        )
    for _ in range(rng.randint(0, 7)):
        role = rng.choice(["president", "secretary", "member", "member", "observer", "coordinator"])
        starts_on = _a_day(rng)
        MandateFactory(
            committee=committee,
            role=role,
            voting=role not in {"observer", "coordinator"} and rng.random() < 0.9,
            constituency=rng.choice(["business", "business", "research", "other"]),
            organisation=rng.choice([None, *leaders]),
            starts_on=starts_on,
            ends_on=rng.choice([None, None, starts_on + datetime.timedelta(days=rng.randint(0, 900))]),
            approval=rng.choice(["approved"] * 8 + ["pending", "declined"]),
        )
    for _ in range(rng.randint(0, 4)):
        day = rng.choice(DAYS) + datetime.timedelta(days=rng.choice([-400, -366, -365, -364, -100, 0, 1]))
        MeetingFactory(
            committee=committee,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.choice([0, 9, 23])))),
            status=rng.choice(["planned", "convened", "held", "closed", "closed", "cancelled"]),
        )
    coordinator = committee.mandates.filter(role="coordinator").first()
    for _ in range(rng.randint(0, 2) if coordinator else 0):
        end = _a_day(rng)
        CoordinatorReport.objects.create(
            committee=committee,
            coordinator=coordinator,
            period_start=end - datetime.timedelta(days=30),
            period_end=end,
            activities="…",
            submitted_at=timezone.now() if rng.random() < 0.8 else None,
        )
    return committee


@pytest.fixture
def many_committees():
    """Eighty committees drawn at random (the same ones every run), in every situation the checks tell apart."""
    rng = random.Random(12)
    leaders = [OrganisationFactory(is_leader=True), OrganisationFactory(is_leader=True), OrganisationFactory()]
    return [_random_committee(rng, number, leaders) for number in range(80)]


def _python_queues(committees, on):
    """The two queues as Python built them before the database counted them: compliance_reports and
    late_coordinator_reports over every active committee, their items sorted by queues.from_list."""
    reports = selectors.compliance_reports(committees.active().order_by("name_fr", "pk"), on=on)
    failing = [
        queues.Item(r.committee.name, r.committee.get_absolute_url(), detail="; ".join(c.label for c in r.failures))
        for r in reports
        if not r.compliant
    ]
    late = [
        queues.Item(r.committee.name, r.committee.get_absolute_url(), since=r.due_on, detail=r.coordinator)
        for r in selectors.late_coordinator_reports(committees, on)
    ]
    return {
        "compliance": queues.from_list("compliance", "", failing),
        "reports_late": queues.from_list("reports_late", "", late),
    }


def _database_queues(user, on):
    return {q.key: q for q in selectors.queues_for(user, on) if q.key in {"compliance", "reports_late"}}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_database_finds_the_committees_and_reports_that_the_checks_find(many_committees, ministry_user, language):
    """The oversight queues (one SQL query) count, date, list and explain what compliance.checks and
    late_coordinator_reports (Python) find, in the same order, on every day: month ends included."""
    with translation.override(language):
        for on in DAYS:
            python, database = _python_queues(Committee.objects.all(), on), _database_queues(ministry_user, on)
            for key in ("compliance", "reports_late"):
                expected, found = python[key], database[key]
                assert (found.count, found.oldest) == (expected.count, expected.oldest), (on, key)
                assert found.items(0, 1000) == expected.items(0, 1000), (on, key)
                # The first items come with the count; the rest a page at a time.
                assert found.first() == expected.first() and found.items(2, 5) == expected.items(2, 5), (on, key)
    # The draw has committees out of compliance for every reason that can fail, and reports late.
    failed = {
        check.code
        for on in DAYS
        for report in selectors.compliance_reports(Committee.objects.active(), on=on)
        for check in report.failures
    }
    assert failed == set(compliance.FAILING_CHECKS)
    assert all(_python_queues(Committee.objects.all(), on)["reports_late"].count for on in DAYS[:3])


def test_an_office_oversees_its_regions_committees_and_a_coordinator_their_report(many_committees, estrie):
    """The same queues for a regional office (its committees only) and a coordinator (their report only)."""
    office = UserFactory()
    grant(office, "regional_office", estrie)
    for committee in many_committees[::2]:
        if committee.creneau:
            committee.creneau.regions.add(estrie)
    counts = []
    for on in DAYS:
        python = _python_queues(policies.visible_committees(office), on)
        database = _database_queues(office, on)
        for key in ("compliance", "reports_late"):
            assert database[key].items(0, 100) == python[key].items(0, 100), (on, key)
        counts.append((python["compliance"].count, python["reports_late"].count))
    everyone = _python_queues(Committee.objects.all(), DAYS[0])["compliance"].count
    assert all(failing < everyone for failing, _late in counts) and any(failing and late for failing, late in counts)
    # A coordinator sees their own committee's report and no compliance queue. Their seat has no end:
    # the roles that open the queue are read on the real today, whenever the test runs.
    on = DAYS[0]
    for late in _python_queues(Committee.objects.all(), on)["reports_late"].items(0, 100):
        committee = Committee.objects.get(slug=late.url.rstrip("/").split("/")[-1])
        coordinator = committee.mandates.current(on).filter(role="coordinator", ends_on__isnull=True).first()
        if coordinator:
            break
    theirs = _database_queues(UserFactory(person=coordinator.person), on)
    assert set(theirs) == {"reports_late"} and theirs["reports_late"].items(0, 10) == [late]
