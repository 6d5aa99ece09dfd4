"""The bench's generator and measurement on a tiny scale. Timings are never asserted."""

import dataclasses
import io
import itertools
import re
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accord.accounts.models import User
from accord.accounts.policies import scope_for
from accord.communication.models import Publication, PublicationKind
from accord.events.models import Event, EventAudience, EventStatus
from accord.funding import selectors, workflow
from accord.funding.models import (
    ClaimStatus,
    Delegation,
    Disbursement,
    EntryKind,
    Envelope,
    FundGuide,
    GrantSignature,
    LedgerEntry,
    ProgramPeriod,
    Project,
    ProjectCost,
    ProjectCreneau,
    ProjectEvent,
    ProjectFunding,
    ProjectPartner,
    ProjectStatus,
)
from accord.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Bylaws,
    Committee,
    CommitteeEvent,
    CommitteeKind,
    DecisionMode,
    Mandate,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Recusal,
    Resolution,
    ResolutionOutcome,
    Vote,
    VoteChoice,
)
from accord.planning.models import Action, Plan, PlanStatus
from accord.planning.selectors import plan_progress
from accord.registry.models import (
    Affiliation,
    Creneau,
    CreneauRegion,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Region,
)
from accord.registry.validators import validate_neq
from accord.results.models import CommonTotal, Indicator, IndicatorTarget, IndicatorValue, ProgramYear, ValueStatus
from accord.results.selectors import approval_queue
from bench.generate import BENCH_REPORTER_EMAIL, BENCH_USER_EMAIL, Scale, add, ensure_bench_user, generate
from bench.management.commands.bench import Command as BenchCommand
from bench.measure import (
    STRETCH_RATIO,
    TRIVIAL,
    TRIVIAL_SIGNED_IN,
    Row,
    find_targets,
    format_table,
    key_pages,
    measure_scale,
    over_target,
    query_count_warnings,
)
from bench.results import plan_indicators_per_plan

# Children first: the fund's rows protect what they point to.
FUNDING_MODELS = (
    LedgerEntry,
    Disbursement,
    GrantSignature,
    ProjectEvent,
    ProjectCost,
    ProjectFunding,
    ProjectPartner,
    ProjectCreneau,
    Project,
    Delegation,
    Envelope,
    FundGuide,
    ProgramPeriod,
)

# Five regions so that 05, the bench's reference region, exists.
TINY = Scale(
    "tiny",
    regions=5,
    creneaux=8,
    organisations=200,
    people=300,
    meetings=40,
    resolutions=300,
    projects=150,
    indicator_values=3_000,
)


@pytest.fixture
def tiny(db):
    return generate(TINY)


def test_every_envelope_has_the_figures_the_services_would_keep(tiny):
    """The bulk load writes no figures step by step: they are computed once, and match the rows."""
    for envelope in Envelope.objects.select_related("period", "figures"):
        fresh = selectors.region_figures(envelope.period, [envelope])[envelope.region_id]
        assert selectors.kept_figures(envelope, envelope.figures, envelope.niche_figures.all()) == fresh


def test_generate_creates_the_scale_counts(tiny):
    assert tiny["regions"] == Region.objects.count() == 5
    assert tiny["creneaux"] == Creneau.objects.count() == 8
    assert tiny["organisations"] == Organisation.objects.count() == 200
    assert tiny["people"] == Person.objects.count() == 300
    # One affiliation per person; one or two memberships per organisation.
    assert Affiliation.objects.count() == 300
    per_org = Organisation.objects.annotate(n=Count("memberships")).values_list("n", flat=True)
    assert set(per_org) <= {1, 2}
    assert 200 <= tiny["memberships"] <= 400
    assert list(Region.objects.values_list("code", flat=True)) == ["01", "02", "03", "04", "05"]


def test_generated_results_hold_the_scale_values_and_the_results_rules(tiny):
    today = timezone.localdate()
    # About the scale's values: the plans' own indicators are as many as it takes.
    assert 2_500 <= tiny["indicator_values"] == IndicatorValue.objects.count() <= 3_500
    per_plan = plan_indicators_per_plan(3_000, 8)
    for creneau in Creneau.objects.all():
        plans = list(creneau.plans.order_by("first_year"))
        assert [p.status for p in plans] == [PlanStatus.ADOPTED] * 5
        # Successive five-year plans, the last covering this year; values up to last year only.
        assert [p.first_year for p in plans] == list(range(today.year - 20, today.year + 1, 5))
        assert all(p.last_year == p.first_year + 4 for p in plans)
        assert all(p.indicators.count() == per_plan for p in plans)
        assert not creneau.indicator_values.filter(year__gte=today.year).exists()
        years = set(creneau.indicator_values.filter(indicator__plan__isnull=True).values_list("year", flat=True))
        assert years == set(range(today.year - 20, today.year))
    # A plan indicator has values only in its plan's years, and a target in each of them.
    outside = IndicatorValue.objects.filter(indicator__plan__isnull=False).exclude(
        year__gte=F("indicator__plan__first_year"), year__lte=F("indicator__plan__last_year")
    )
    assert not outside.exists()
    untargeted = IndicatorValue.objects.exclude(
        Exists(
            IndicatorTarget.objects.filter(
                indicator=OuterRef("indicator"), year=OuterRef("year"), plan__creneau=OuterRef("creneau")
            )
        )
    )
    assert not untargeted.exists()
    # Values before last year are approved; last year's are partly still on their way.
    assert set(IndicatorValue.objects.filter(year__lt=today.year - 1).values_list("status", flat=True)) == {
        ValueStatus.APPROVED
    }
    last = set(IndicatorValue.objects.filter(year=today.year - 1).values_list("status", flat=True))
    last_submitted = IndicatorValue.objects.filter(status=ValueStatus.SUBMITTED).count()
    assert last == {ValueStatus.APPROVED, ValueStatus.SUBMITTED, ValueStatus.DRAFT}
    assert not IndicatorValue.objects.filter(status=ValueStatus.SUBMITTED, submitted_at__isnull=True).exists()
    # Submitted by a reporter: the bench's ministry account has them to approve, as the ministry would.
    assert set(IndicatorValue.objects.exclude(submitted_by=None).values_list("submitted_by__email", flat=True)) == {
        BENCH_REPORTER_EMAIL
    }
    assert approval_queue(ensure_bench_user()).count() == last_submitted
    # The program's totals are those approve_value would have kept.
    approved = IndicatorValue.objects.filter(status=ValueStatus.APPROVED, indicator__plan__isnull=True)
    kept = {(t.indicator_id, t.year): (t.total, t.count) for t in CommonTotal.objects.all()}
    assert kept == {
        (row["indicator_id"], row["year"]): (row["total"], row["n"])
        for row in approved.values("indicator_id", "year").annotate(total=Sum("value"), n=Count("pk"))
    }
    assert dict(ProgramYear.objects.values_list("year", "creneaux")) == dict(
        approved.order_by().values("year").annotate(n=Count("creneau_id", distinct=True)).values_list("year", "n")
    )
    # The plans' progress is the one planning's action services would have kept.
    live = plan_progress(Plan.objects.all())
    kept_progress = dict(Plan.objects.values_list("pk", "kept_progress"))
    assert kept_progress == {pk: live[pk].progress if pk in live else None for pk in kept_progress}
    assert any(progress is not None for progress in kept_progress.values())
    # The database's and the model's rules hold for a sample of each kind of row.
    for model in (Plan, Action, Indicator, IndicatorTarget, IndicatorValue):
        for row in model.objects.order_by("?")[:20]:
            row.full_clean()


def test_generated_rows_keep_the_registry_rules(tiny):
    # Members join créneaux present in their own region.
    in_region = CreneauRegion.objects.filter(creneau=OuterRef("creneau"), region=OuterRef("organisation__region"))
    assert not Membership.objects.filter(~Exists(in_region)).exists()
    for neq in Organisation.objects.exclude(neq=None).values_list("neq", flat=True):
        validate_neq(neq)
    assert not Organisation.objects.exclude(kind=OrganisationKind.ENTERPRISE).exclude(neq=None).exists()
    assert not Organisation.objects.filter(search_text="").exists()
    assert not Person.objects.filter(search_text="").exists()
    for creneau in Creneau.objects.all():
        try:
            creneau.full_clean()
        except ValidationError as exc:  # pragma: no cover - the message says which rule broke
            pytest.fail(f"{creneau.slug}: {exc}")
    # The search finds the generated rows as it finds saved ones (accents and case ignored).
    assert Organisation.objects.search("TECHNOLOGIES").exists()


def test_generate_is_deterministic(db):
    mini = Scale("mini", regions=2, creneaux=3, organisations=20, people=20, meetings=6, resolutions=20, projects=10)
    first = generate(mini, seed="same")
    names = list(Organisation.objects.order_by("pk").values_list("name", "slug"))
    numbers = list(Resolution.objects.order_by("pk").values_list("number", "title", "outcome"))
    projects = list(Project.objects.order_by("pk").values_list("number", "title", "status", "requested_amount"))
    for model in FUNDING_MODELS:
        model.objects.all().delete()
    for model in (CommitteeEvent, Vote, Recusal, Attendance, Minutes, Resolution, AgendaItem, Meeting, Bylaws):
        model.objects.all().delete()
    Mandate.objects.all().delete()
    Committee.objects.all().delete()
    Affiliation.objects.all().delete()
    Person.objects.all().delete()
    Creneau.objects.all().delete()
    Organisation.objects.all().delete()
    Region.objects.all().delete()
    assert generate(mini, seed="same") == first
    assert list(Organisation.objects.order_by("pk").values_list("name", "slug")) == names
    assert list(Resolution.objects.order_by("pk").values_list("number", "title", "outcome")) == numbers
    assert list(Project.objects.order_by("pk").values_list("number", "title", "status", "requested_amount")) == projects


def test_generated_governance_keeps_the_governance_rules(tiny):
    assert tiny["meetings"] == Meeting.objects.count() == 40
    assert tiny["resolutions"] == Resolution.objects.count() == 300
    # One committee per créneau (dissolved with it) and one regional committee per region.
    assert Committee.objects.filter(kind=CommitteeKind.REGIONAL).count() == 5
    for creneau in Creneau.objects.all():
        assert creneau.committees.get().dissolved_on == creneau.ended_on
    # The last meeting of each committee is convened ahead; the others are closed.
    assert Meeting.objects.filter(status=MeetingStatus.CONVENED).count() == Committee.objects.active().count()
    assert not Resolution.objects.filter(meeting__status=MeetingStatus.CONVENED).exists()
    # A recused member never votes; only members present at the meeting vote.
    assert Recusal.objects.exists()
    recused = Recusal.objects.filter(resolution=OuterRef("resolution"), mandate=OuterRef("mandate"))
    assert not Vote.objects.filter(Exists(recused)).exists()
    absent = Attendance.objects.filter(
        meeting=OuterRef("resolution__meeting"), mandate=OuterRef("mandate"), status=AttendanceStatus.PRESENT
    )
    assert not Vote.objects.filter(~Exists(absent)).exists()
    # The tally snapshot agrees with the recorded votes, and adopted votes had a majority.
    for resolution in Resolution.objects.filter(decision_mode=DecisionMode.VOTE).prefetch_related("votes"):
        choices = [vote.choice for vote in resolution.votes.all()]
        assert resolution.votes_for == choices.count(VoteChoice.FOR)
        assert resolution.votes_against == choices.count(VoteChoice.AGAINST)
        assert resolution.present_count == len(choices) >= resolution.quorum_required
        adopted = resolution.outcome == ResolutionOutcome.ADOPTED
        assert adopted == (resolution.votes_for > resolution.votes_against)
    # Approved minutes are approved by a resolution of a later meeting of the same committee.
    for minutes in Minutes.objects.filter(status=MinutesStatus.APPROVED).select_related(
        "meeting", "approved_by__meeting"
    ):
        assert minutes.approved_by.committee_id == minutes.meeting.committee_id
        assert minutes.approved_by.meeting.starts_at > minutes.meeting.starts_at
    assert Minutes.objects.filter(status=MinutesStatus.APPROVED).exists()
    assert not Resolution.objects.filter(search_text="").exists()
    assert not Committee.objects.filter(search_text="").exists()


def test_generated_projects_keep_the_fund_rules(tiny):
    assert tiny["projects"] == Project.objects.count() == 150
    # One period covering today, one envelope per region, resource regions' at 4.8 M$.
    period = ProgramPeriod.objects.get()
    assert period.covers(timezone.localdate())
    amounts = dict(Envelope.objects.values_list("region__code", "amount"))
    assert amounts == {
        "01": Decimal("4800000.00"),
        "02": Decimal("4800000.00"),
        "03": Decimal("4000000.00"),
        "04": Decimal("4800000.00"),
        "05": Decimal("4000000.00"),
    }
    assert FundGuide.objects.get().version == 1
    # Every status, most projects granted or done.
    statuses = Counter(Project.objects.values_list("status", flat=True))
    assert set(statuses) == set(ProjectStatus.values)
    assert sum(statuses[s] for s in workflow.COMMITTED) > Project.objects.count() / 2
    # Each project's region is one of its niches' regions; a few serve two niches.
    in_region = CreneauRegion.objects.filter(creneau=OuterRef("creneau"), region=OuterRef("project__region"))
    assert not ProjectCreneau.objects.filter(~Exists(in_region)).exists()
    assert not Project.objects.annotate(n=Count("creneau_links")).filter(n=0).exists()
    assert Project.objects.annotate(n=Count("creneau_links")).filter(n=2).exists()
    # Carriers are enterprises; members of the project's niche wherever the niche has any.
    assert not Project.objects.exclude(carrier__kind=OrganisationKind.ENTERPRISE).exists()
    member = Membership.objects.filter(organisation=OuterRef("carrier"), creneau__project_links__project=OuterRef("pk"))
    assert Project.objects.filter(Exists(member)).count() > Project.objects.count() * 0.9
    # Numbers follow the services' pattern, in order of creation within each region and year.
    sequences = defaultdict(list)
    for number, code, created_at in Project.objects.order_by("created_at", "pk").values_list(
        "number", "region__code", "created_at"
    ):
        match = re.fullmatch(r"FSDCE-(\w+)-(\d{4})-(\d{4})", number)
        assert match is not None, number
        assert match[1] == code
        year = timezone.localtime(created_at).year
        assert int(match[2]) == year
        sequences[(code, year)].append(int(match[3]))
    assert all(numbers == list(range(1, len(numbers) + 1)) for numbers in sequences.values())
    assert not Project.objects.filter(search_text="").exists()
    assert Project.objects.search("PROTOTYPE").exists()
    # Rows were dated by hand; the model's own dating is back for everything else.
    assert Project._meta.get_field("created_at").auto_now_add
    assert Project._meta.get_field("updated_at").auto_now


def test_generated_projects_keep_the_ledger_rules(tiny):
    entries = defaultdict(list)
    for project_id, kind, amount in LedgerEntry.objects.values_list("project_id", "kind", "amount"):
        entries[project_id].append((kind, amount))
    paid = dict(
        Disbursement.objects.filter(status=ClaimStatus.PAID)
        .values("project_id")
        .annotate(s=Sum("amount"))
        .values_list("project_id", "s")
    )
    for project in Project.objects.all():
        commitments = [amount for kind, amount in entries[project.pk] if kind == EntryKind.COMMITMENT]
        released = sum((a for kind, a in entries[project.pk] if kind == EntryKind.RELEASE), Decimal(0))
        disbursed = sum((a for kind, a in entries[project.pk] if kind == EntryKind.DISBURSEMENT), Decimal(0))
        if project.status in workflow.COMMITTED:
            # Exactly one commitment, for the aid granted, when it was granted.
            assert commitments == [project.granted_amount], project.number
            assert project.granted_at is not None
            assert project.granted_amount <= project.requested_amount
        elif project.granted_amount is not None:
            # Withdrawn after the grant: the commitment went back to the envelope.
            assert project.status == ProjectStatus.WITHDRAWN
            assert commitments == [project.granted_amount] and released == project.granted_amount
        else:
            assert not entries[project.pk], project.number
        # Paid instalments are the ledger's disbursements, never more than the aid.
        assert disbursed == paid.get(project.pk, Decimal(0))
        assert disbursed <= (project.granted_amount or Decimal(0))
        if project.status == ProjectStatus.CLOSED:
            # Closing gave back what was not paid: the project holds exactly what it received.
            assert project.granted_amount - released == disbursed
    # No envelope commits more than it holds, even counting the commitments released since.
    for envelope in Envelope.objects.all():
        committed = LedgerEntry.objects.filter(envelope=envelope, kind=EntryKind.COMMITMENT).aggregate(s=Sum("amount"))[
            "s"
        ]
        assert committed is not None and committed <= envelope.amount
        assert selectors.balance(envelope).available >= 0


def test_generated_projects_pass_the_guide_and_have_their_timeline(tiny):
    for project in Project.objects.exclude(guide=None).select_related("carrier", "guide"):
        amount = project.granted_amount or project.recommended_amount
        report = selectors.guide_report(project, amount=amount)
        assert report is not None and report.ok, (project.number, report.by_field())
    assert not Project.objects.filter(guide=None).exclude(status__in=[ProjectStatus.DRAFT, ProjectStatus.WITHDRAWN])
    for project in Project.objects.prefetch_related("events"):
        events = sorted(project.events.all(), key=lambda e: (e.occurred_at, e.pk))
        assert events[0].action == "create"
        assert events[0].occurred_at == project.created_at
        moves = [e for e in events if e.to_status]
        # The statuses chain from draft to the project's status, each step allowed by the workflow.
        for before, after in itertools.pairwise(moves):
            assert after.from_status == before.to_status, project.number
            assert workflow.TRANSITIONS[(after.from_status, after.action)] == after.to_status
        assert moves[-1].to_status == project.status
    # Committee decisions are resolutions of the right committee, decided when the step happened.
    decided = ProjectEvent.objects.exclude(resolution=None).select_related("resolution", "committee", "project")
    assert decided.exists()
    for event in decided:
        assert event.committee_id == event.resolution.committee_id
        assert event.occurred_at == event.resolution.decided_at
        if event.action == "niche_approve":
            assert event.committee.kind == CommitteeKind.CRENEAU
            assert event.project.creneau_links.filter(creneau_id=event.committee.creneau_id).exists()
        elif event.action in ("regional_approve", "delegated_grant"):
            assert event.committee.kind == CommitteeKind.REGIONAL
            assert event.committee.region_id == event.project.region_id
    assert Project.objects.exclude(delegation=None).exists()
    assert not Project.objects.exclude(delegation=None).filter(granted_amount__gt=F("delegation__up_to")).exists()


def test_generate_adds_a_ministry_user(tiny):
    user = User.objects.get(email=BENCH_USER_EMAIL)
    assert scope_for(user).program_wide
    assert not user.has_usable_password()


@pytest.mark.urls("config.urls_bench")
def test_measure_scale_returns_one_row_per_page(tiny, settings):
    # As in production (the bench's settings): the bench's ministry account owes a second factor.
    settings.ACCORD_REQUIRE_SECOND_FACTOR = True
    rows = measure_scale("tiny", runs=2, warmup=1, targets=find_targets())

    assert [row["page"] for row in rows] == [
        TRIVIAL,
        TRIVIAL_SIGNED_IN,
        "home",
        "landing",
        "region",
        "fiche",
        "news",
        "events",
        "backoffice_organisations",
        "api_organisations",
        "committee",
        "meeting",
        "resolution_search",
        "pipeline",
        "admin_projects",
        "envelopes",
        "project",
        "results_dashboard",
        "program_results",  # and "public_project" once the addition published projects (not generate's alone)
        "bilan",
        "bilan_pdf",
    ]
    for row in rows:
        assert {"page", "scale", "median_ms", "ratio", "queries"} <= set(row)
        assert row["scale"] == "tiny"
        assert row["median_ms"] > 0
    assert rows[0]["ratio"] == rows[1]["ratio"] == 1.0
    assert rows[0]["queries"] == 0
    # Signed in, even the trivial page reads the session, the user and their roles.
    assert rows[1]["queries"] > 0
    assert all(row["queries"] > 0 for row in rows[3:])


@pytest.mark.urls("config.urls_bench")
def test_the_ministry_landing_page_reads_its_queues_in_a_fixed_number_of_queries(tiny, client):
    pages = {page.name: page for page in key_pages(find_targets())}
    client.force_login(User.objects.get(email=BENCH_USER_EMAIL))

    def count() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(pages["landing"].url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    before, page = count()
    assert 'id="queues-title"' in page
    # More work waiting (projects to analyse, claims to pay) costs no query more.
    moved = list(Project.objects.exclude(status=ProjectStatus.ANALYSIS).values_list("pk", flat=True)[:10])
    Project.objects.filter(pk__in=moved).update(status=ProjectStatus.ANALYSIS)
    after, page = count()
    assert after == before
    assert before <= 30


@pytest.mark.urls("config.urls_bench")
def test_fund_targets_show_rows(tiny, client):
    targets = find_targets()

    # The pipeline's filters match projects, so its page draws rows at every scale.
    matching = Project.objects.search(targets.pipeline_term).filter(
        status=ProjectStatus.ANALYSIS, region__code=targets.pipeline_region
    )
    assert matching.count() == targets.pipeline_matches > 0
    pages = {page.name: page for page in key_pages(targets)}
    client.force_login(User.objects.get(email=BENCH_USER_EMAIL))
    content = client.get(pages["pipeline"].url).content.decode()
    assert all(number in content for number in matching.values_list("number", flat=True))
    # The admin's changelist, its peer, lists the same projects to the bench's staff user.
    response = client.get(pages["admin_projects"].url)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == list(matching)
    # The project page shows a closed project with the longest timeline.
    project = Project.objects.get(pk=targets.project_id)
    assert project.status == ProjectStatus.CLOSED
    assert (
        project.events.count()
        == targets.project_events
        == max(
            Project.objects.filter(status=ProjectStatus.CLOSED).annotate(n=Count("events")).values_list("n", flat=True)
        )
    )
    assert targets.fund_projects == 150


def _row(page, scale, queries, ratio=1.0):
    return Row(page=page, scale=scale, median_ms=2.0 * ratio, ratio=ratio, queries=queries, url="/")


def test_query_count_warnings_name_the_page_that_differs():
    rows = [
        _row("home", "demo", 3),
        _row("home", "national", 3),
        _row("fiche", "demo", 6),
        _row("fiche", "national", 7),
    ]

    assert query_count_warnings(rows) == [
        "WARNING: fiche runs a different number of SQL queries across scales: demo 6, national 7"
    ]


def test_format_table_and_targets():
    rows = [_row(TRIVIAL, "demo", 0), _row("home", "demo", 3, ratio=6.5), _row("fiche", "demo", 4, ratio=12)]

    lines = format_table(rows).splitlines()
    assert lines[0].split() == ["page", "scale", "median", "ms", "ratio", "queries"]
    assert lines[-2].split() == ["home", "demo", "13.00", "6.50", "3"]
    assert over_target(rows) == [rows[2]]
    assert over_target(rows, STRETCH_RATIO) == rows[1:]


def test_a_document_is_reported_but_held_to_no_ratio():
    rows = [_row(TRIVIAL, "demo", 0), _row("bilan_pdf", "demo", 15, ratio=80), _row("bilan", "demo", 15, ratio=12)]

    assert over_target(rows) == [rows[2]]
    assert "bilan_pdf" in format_table(rows)


def test_report_names_the_pages_over_the_target_and_over_the_stretch():
    out = io.StringIO()
    command = BenchCommand(stdout=out, no_color=True)
    command._report(
        [_row(TRIVIAL, "demo", 0), _row("home", "demo", 3, ratio=6.5), _row("fiche", "demo", 4, ratio=12)],
        vendor="sqlite",
        version="3",
        runs=1,
        warmup=0,
    )

    lines = out.getvalue().splitlines()
    assert "Over target: fiche at demo takes 12.0× the trivial page (target 10×)." in lines
    assert not any(line.startswith("Over target: home") for line in lines)
    assert lines[-1] == "Over the stretch target (5×): home at demo 6.5×, fiche at demo 12.0×."


def test_an_addition_is_written_into_current_data_once_and_again_when_its_rows_differ(tiny):
    scale = dataclasses.replace(TINY, publications=60, events=40)
    closed = Project.objects.filter(status=ProjectStatus.CLOSED).count()
    recorded = add(scale, {})
    assert recorded == {
        "communication": {"version": 1, "counts": {"publications": 60, "events": 40}},
        "public-projects": {"version": 1, "counts": {"published": (closed + 4) // 5}},
    }
    stories = Publication.objects.filter(kind=PublicationKind.STORY)
    assert stories.exists() and Publication.objects.filter(kind=PublicationKind.NEWS).exists()
    # A story names its créneau, one of that créneau's regions and a theme (the model's constraint too).
    assert not stories.exclude(creneau__regions=F("region")).exists()
    today = timezone.localdate()
    assert not Event.objects.filter(starts_on__gte=today).exclude(status=EventStatus.PLANNED).exists()
    assert not Event.objects.filter(starts_on__lt=today, status=EventStatus.PLANNED).exists()
    assert {e.audience for e in Event.objects.all()} == {EventAudience.PUBLIC, EventAudience.MEMBERS}

    last = Publication.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert add(scale, recorded) == recorded
    assert Publication.objects.order_by("-pk").values_list("pk", flat=True).first() == last  # nothing written

    Event.objects.filter(pk__in=Event.objects.values("pk")[:5]).delete()
    assert add(scale, recorded) == recorded  # written again, whole
    assert Publication.objects.order_by("-pk").values_list("pk", flat=True).first() != last


def test_the_demo_records_its_own_communication_without_additions(db):
    assert add(None, {}) == {
        "communication": {"version": 1, "counts": {"publications": 0, "events": 0}},
        "public-projects": {"version": 1, "counts": {"published": 0}},
    }
    assert not Publication.objects.exists()


@pytest.mark.urls("config.urls_bench")
def test_the_public_projects_addition_publishes_closed_projects_the_key_pages_read(tiny, client):
    add(dataclasses.replace(TINY, publications=0, events=0), {})
    published = Project.objects.filter(published_at__isnull=False)
    assert published.exists() and not published.exclude(status=ProjectStatus.CLOSED).exists()
    assert not published.filter(public_summary="").exists()
    targets = find_targets()
    assert targets.published_projects == published.count()
    pages = {page.name: page for page in key_pages(targets)}
    for name in ("program_results", "public_project"):
        response = client.get(pages[name].url)
        assert response.status_code == 200, name
