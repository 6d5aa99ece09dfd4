"""The bench's generator and measurement on a tiny scale. Timings are never asserted."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef

from accord.accounts.models import User
from accord.accounts.policies import scope_for
from accord.bench.generate import BENCH_USER_EMAIL, Scale, generate
from accord.bench.measure import (
    TRIVIAL,
    TRIVIAL_SIGNED_IN,
    Row,
    find_targets,
    format_table,
    measure_scale,
    over_target,
    query_count_warnings,
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

# Five regions so that 05, the bench's reference region, exists.
TINY = Scale("tiny", regions=5, creneaux=8, organisations=200, people=300, meetings=40, resolutions=300)


@pytest.fixture
def tiny(db):
    return generate(TINY)


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
    mini = Scale("mini", regions=2, creneaux=3, organisations=20, people=20, meetings=6, resolutions=20)
    first = generate(mini, seed="same")
    names = list(Organisation.objects.order_by("pk").values_list("name", "slug"))
    numbers = list(Resolution.objects.order_by("pk").values_list("number", "title", "outcome"))
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


def test_generate_adds_a_ministry_user(tiny):
    user = User.objects.get(email=BENCH_USER_EMAIL)
    assert scope_for(user).program_wide
    assert not user.has_usable_password()


@pytest.mark.urls("config.urls_bench")
def test_measure_scale_returns_one_row_per_page(tiny):
    rows = measure_scale("tiny", runs=2, warmup=1, targets=find_targets())

    assert [row["page"] for row in rows] == [
        TRIVIAL,
        TRIVIAL_SIGNED_IN,
        "home",
        "region",
        "fiche",
        "backoffice_organisations",
        "api_organisations",
        "committee",
        "meeting",
        "resolution_search",
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
    rows = [_row(TRIVIAL, "demo", 0), _row("home", "demo", 3, ratio=6.5)]

    lines = format_table(rows).splitlines()
    assert lines[0].split() == ["page", "scale", "median", "ms", "ratio", "queries"]
    assert lines[-1].split() == ["home", "demo", "13.00", "6.50", "3"]
    assert over_target(rows) == [rows[1]]
