"""Server time and SQL queries of the key pages, relative to a trivial page.

Each page is requested in-process with Django's test client, so the time is the
server's alone: URL resolution, middleware, view, queries and template rendering, with
no network and no browser. Absolute times depend on the machine; the ratio to the
trivial page (the base template) does much less, and that ratio is what the target
bounds. Public pages are compared with the trivial page requested anonymously,
signed-in pages (back office, API) with the same trivial page requested signed in.
Query counts must not grow with the data: a page that runs more queries at a larger
scale has an N+1 somewhere.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache as django_cache
from django.db import connection
from django.db.models import Count, Max
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.funding import policies as funding_policies
from accord.funding.models import Project, ProjectStatus
from accord.governance import standing as governance_standing
from accord.governance.models import Committee, MeetingStatus, Resolution
from accord.registry.models import Creneau, Organisation, OrganisationKind, Region
from accord.results.models import IndicatorValue, ValueStatus

from .databases import BenchError
from .generate import ensure_bench_user

# The same region and search term at every scale: Estrie exists in the demo and in both
# synthetic scales. The term is what staff type most: a place or a name. "sherbrooke"
# matches the organisations of one city (about 0.3 % of them at the international scale).
# A very broad term ("technologies", a tenth of all names) costs more; the closing notes
# give its figures, measured separately.
REFERENCE_REGION = "05"
SEARCH_TERM = "sherbrooke"
# Resolutions are searched by a place too: "Eindhoven" names a mission abroad in about one
# resolution in forty at the synthetic scales, and in a few of the demo's.
RESOLUTION_TERM = "eindhoven"
# The fund's pipeline is searched by a word of many titles ("prototype": about a quarter
# of the synthetic projects, and a demo project in analysis), among the projects in
# ministry analysis of the region that has the most of them that match.
PIPELINE_STATUS = ProjectStatus.ANALYSIS
PIPELINE_TERM = "prototype"
TRIVIAL = "trivial"
# The same trivial page requested signed in: session, user and roles are read on every
# signed-in request, so back-office and API pages are compared with it.
TRIVIAL_SIGNED_IN = "trivial_signed_in"
# The target: every page within this many times the trivial page; and its stretch.
TARGET_RATIO = 10.0
STRETCH_RATIO = 5.0
# Documents are generated, not pages: their time is reported and held to no ratio (a PDF is
# laid out by WeasyPrint, tens of times the work of an HTML page).
DOCUMENTS = frozenset({"bilan_pdf"})
DOCUMENT_RUNS = 5


class Row(TypedDict):
    """One line of the results table."""

    page: str
    scale: str
    median_ms: float
    ratio: float
    queries: int
    url: str


@dataclass(frozen=True)
class Targets:
    """The records the measured pages show."""

    region_code: str
    term: str
    creneau_slug: str
    # What the pages show, to read the timings by: rows behind the lists, members of the fiche.
    creneau_members: int = 0
    backoffice_matches: int = 0
    api_matches: int = 0
    # The committee with the most meetings, and its closed meeting with the most resolutions.
    committee_slug: str = ""
    meeting_id: int = 0
    committee_meetings: int = 0
    meeting_resolutions: int = 0
    resolution_term: str = RESOLUTION_TERM
    resolution_matches: int = 0
    # The fund: the pipeline's region and term, the projects of the dashboard's period (all of
    # them, for the ministry), and the closed project with the longest timeline.
    pipeline_region: str = ""
    pipeline_region_id: int = 0
    pipeline_term: str = PIPELINE_TERM
    pipeline_matches: int = 0
    fund_projects: int = 0
    project_id: int = 0
    project_events: int = 0
    # Results: the créneau with the most indicator values, and its last year with approved ones.
    bilan_creneau_id: int = 0
    bilan_year: int = 0
    bilan_values: int = 0
    indicator_values: int = 0
    # The public site's projects (decision 54): the first published one, and how many are published.
    public_project_id: int = 0
    published_projects: int = 0


@dataclass(frozen=True)
class Page:
    """A page to measure, and whether it needs the bench's ministry user signed in."""

    name: str
    url: str
    signed_in: bool = False

    def get(self, client: Client) -> HttpResponseBase:
        return client.get(self.url)


def find_targets() -> Targets:
    """The reference region and term, and the active créneau with the most members.

    Fails when the search finds nothing: an empty list skips the row queries, so its
    time and query count would not compare with the other scales.
    """
    if not Region.objects.filter(code=REFERENCE_REGION).exists():
        raise BenchError(f"Region {REFERENCE_REGION} is missing from the bench data.")
    in_region = Organisation.objects.filter(region__code=REFERENCE_REGION, kind=OrganisationKind.ENTERPRISE)
    backoffice_matches = in_region.search(SEARCH_TERM).count()
    if not backoffice_matches:
        raise BenchError(f"No enterprise of region {REFERENCE_REGION} matches {SEARCH_TERM!r}.")
    busiest = (
        Creneau.objects.active()
        .annotate(member_count=Count("memberships"))
        .filter(member_count__gt=0)
        .order_by("-member_count", "slug")
        .values_list("slug", "member_count")
        .first()
    )
    if busiest is None:
        raise BenchError("No active créneau has members.")
    committee = (
        Committee.objects.active()
        .annotate(meeting_count=Count("meetings"))
        .order_by("-meeting_count", "pk")
        .values_list("pk", "slug", "meeting_count")
        .first()
    )
    if committee is None or not committee[2]:
        raise BenchError("No committee has met.")
    meeting = (
        Committee.objects.get(pk=committee[0])
        .meetings.filter(status=MeetingStatus.CLOSED)
        .annotate(resolution_count=Count("resolutions"))
        .order_by("-resolution_count", "-starts_at")
        .values_list("pk", "resolution_count")
        .first()
    )
    if meeting is None:
        raise BenchError(f"Committee {committee[1]} has no closed meeting.")
    resolution_matches = Resolution.objects.search(RESOLUTION_TERM).count()
    if not resolution_matches:
        raise BenchError(f"No resolution matches {RESOLUTION_TERM!r}.")
    pipeline = (
        Project.objects.search(PIPELINE_TERM)
        .filter(status=PIPELINE_STATUS)
        .values("region__code", "region_id")
        .annotate(matches=Count("pk"))
        .order_by("-matches", "region__code")
        .values_list("region__code", "matches", "region_id")
        .first()
    )
    if pipeline is None:
        raise BenchError(f"No project in {PIPELINE_STATUS} matches {PIPELINE_TERM!r}.")
    # A closed project has been through every step: its page shows the longest timeline.
    project = (
        Project.objects.filter(status=ProjectStatus.CLOSED)
        .annotate(event_count=Count("events"))
        .order_by("-event_count", "pk")
        .values_list("pk", "event_count")
        .first()
    )
    if project is None:
        raise BenchError("No project of the fund is closed.")
    bilan = (
        IndicatorValue.objects.values("creneau_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "creneau_id")
        .values_list("creneau_id", "count")
        .first()
    )
    if bilan is None:
        raise BenchError("No créneau has indicator values.")
    bilan_year = (
        IndicatorValue.objects.filter(creneau_id=bilan[0], status=ValueStatus.APPROVED).aggregate(year=Max("year"))
    )["year"]
    published = funding_policies.published_projects()
    return Targets(
        region_code=REFERENCE_REGION,
        term=SEARCH_TERM,
        creneau_slug=busiest[0],
        creneau_members=busiest[1],
        backoffice_matches=backoffice_matches,
        api_matches=Organisation.objects.search(SEARCH_TERM).count(),
        committee_slug=committee[1],
        committee_meetings=committee[2],
        meeting_id=meeting[0],
        meeting_resolutions=meeting[1],
        resolution_matches=resolution_matches,
        pipeline_region=pipeline[0],
        pipeline_matches=pipeline[1],
        pipeline_region_id=pipeline[2],
        fund_projects=Project.objects.count(),
        project_id=project[0],
        project_events=project[1],
        bilan_creneau_id=bilan[0],
        bilan_year=bilan_year,
        bilan_values=bilan[1],
        indicator_values=IndicatorValue.objects.count(),
        public_project_id=published.order_by("pk").values_list("pk", flat=True).first() or 0,
        published_projects=published.count(),
    )


def key_pages(targets: Targets) -> list[Page]:
    """The trivial page first, then the issue's key pages, with French (default) URLs."""
    backoffice_query = urlencode(
        {"kind": OrganisationKind.ENTERPRISE.value, "region": targets.region_code, "q": targets.term}
    )
    pipeline_query = urlencode(
        {"status": PIPELINE_STATUS.value, "region": targets.pipeline_region, "q": targets.pipeline_term}
    )
    # The stock admin's changelist of projects, the pipeline's peer: the same search and filters.
    admin_query = urlencode(
        {
            "status__exact": PIPELINE_STATUS.value,
            "region__id__exact": targets.pipeline_region_id,
            "q": targets.pipeline_term,
        }
    )
    with translation.override(settings.LANGUAGE_CODE):
        return [
            Page(TRIVIAL, reverse("bench_trivial")),
            Page(TRIVIAL_SIGNED_IN, reverse("bench_trivial"), signed_in=True),
            Page("home", reverse("registry:home")),
            # Where the ministry lands after signing in: its work queues (decision 28).
            Page("landing", reverse("registry_bo:dashboard"), signed_in=True),
            Page("region", reverse("registry:region_detail", args=[targets.region_code])),
            Page("fiche", reverse("registry:creneau_detail", args=[targets.creneau_slug])),
            # Issue 14: the public news list (the demo's handful, 5,000 and 100,000 publications).
            Page("news", reverse("communication:news_list")),
            # The public calendar of the events to come (the demo's, 10,000 and 200,000 events).
            Page("events", reverse("events_public:calendar")),
            Page(
                "backoffice_organisations",
                f"{reverse('registry_bo:organisation_list')}?{backoffice_query}",
                signed_in=True,
            ),
            Page(
                "api_organisations",
                f"{reverse('api:organisation-list')}?{urlencode({'search': targets.term})}",
                signed_in=True,
            ),
            Page("committee", reverse("governance:committee_detail", args=[targets.committee_slug]), signed_in=True),
            Page("meeting", reverse("governance:meeting_detail", args=[targets.meeting_id]), signed_in=True),
            Page(
                "resolution_search",
                f"{reverse('governance:resolution_list')}?{urlencode({'q': targets.resolution_term})}",
                signed_in=True,
            ),
            Page("pipeline", f"{reverse('funding:project_list')}?{pipeline_query}", signed_in=True),
            Page("admin_projects", f"{reverse('admin:funding_project_changelist')}?{admin_query}", signed_in=True),
            Page("envelopes", reverse("funding:dashboard"), signed_in=True),
            Page("project", reverse("funding:project_detail", args=[targets.project_id]), signed_in=True),
            # Results: the ministry's dashboard, and the busiest créneau's bilan, as a page and a PDF.
            Page("results_dashboard", reverse("results:dashboard"), signed_in=True),
            # Issue 14: the program's results for the public, and a published project's page (decision 54),
            # which exists once the `public-projects` addition (or the demo) published some.
            Page("program_results", reverse("results_program:program")),
            *(
                [Page("public_project", reverse("funding_public:project_detail", args=[targets.public_project_id]))]
                if targets.public_project_id
                else []
            ),
            Page(
                "bilan",
                reverse("results:bilan_detail", args=[targets.bilan_creneau_id, targets.bilan_year]),
                signed_in=True,
            ),
            Page(
                "bilan_pdf",
                reverse("results:bilan_pdf", args=[targets.bilan_creneau_id, targets.bilan_year]),
                signed_in=True,
            ),
        ]


def measure_scale(scale: str, *, runs: int = 30, warmup: int = 5, targets: Targets | None = None) -> list[Row]:
    """Median time and query count of every key page on the active database, trivial page first.

    The timed requests go round the pages in turn rather than page after page: on a busy
    machine a burst of load then slows every page alike, and the ratios stay meaningful.
    """
    if runs < 1:
        raise BenchError("At least one timed run is needed.")
    pages = key_pages(targets or find_targets())
    # One process measures every scale, and a public page cached for one scale's database
    # could share its key with another's (the version counts from zero in each).
    django_cache.clear()
    # Production's beat stores every committee's standing just after midnight (governance.tasks.
    # state_committees), before the day's first sign-in: the pages are measured as they are then.
    governance_standing.state_all()
    anonymous = Client(HTTP_HOST="testserver")
    signed_in = Client(HTTP_HOST="testserver")
    bench_user = ensure_bench_user()
    signed_in.force_login(bench_user)
    _verify_second_factor(signed_in, bench_user)
    clients = {page.name: signed_in if page.signed_in else anonymous for page in pages}
    # Warm-up fills the template cache, the URL resolver and the database's buffers.
    # A document takes seconds: one warm-up and DOCUMENT_RUNS timings tell its time well enough.
    for page in pages:
        for _ in range(min(warmup, 1) if page.name in DOCUMENTS else warmup):
            _check(page.get(clients[page.name]), page)
    samples: dict[str, list[float]] = {page.name: [] for page in pages}
    # A collection owed to the warm-up must not land in the first timings.
    gc.collect()
    for run in range(runs):
        for page in pages:
            if page.name in DOCUMENTS and run >= DOCUMENT_RUNS:
                continue
            start = time.perf_counter()
            response = clients[page.name].get(page.url)
            samples[page.name].append(time.perf_counter() - start)
            _check(response, page)
    medians = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    rows = []
    for page in pages:
        # Queries are counted on one more request: capturing them slows the cursor down.
        with CaptureQueriesContext(connection) as captured:
            _check(page.get(clients[page.name]), page)
        rows.append(
            Row(
                page=page.name,
                scale=scale,
                median_ms=round(medians[page.name], 3),
                ratio=round(medians[page.name] / medians[TRIVIAL_SIGNED_IN if page.signed_in else TRIVIAL], 2),
                queries=len(captured),
                url=page.url,
            )
        )
    return rows


def _check(response: HttpResponseBase, page: Page) -> None:
    if response.status_code != 200:
        raise BenchError(f"{page.name} ({page.url}) answered {response.status_code}, not 200.")


# --- Reporting -------------------------------------------------------------------------------


def format_table(rows: Sequence[Row]) -> str:
    """The results as an aligned text table: page, scale, median ms, ratio, SQL queries."""
    headers = ("page", "scale", "median ms", "ratio", "queries")
    cells = [
        (row["page"], row["scale"], f"{row['median_ms']:.2f}", f"{row['ratio']:.2f}", str(row["queries"]))
        for row in rows
    ]
    widths = [max(len(headers[i]), *(len(line[i]) for line in cells)) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        # Names on the left, numbers on the right.
        return "  ".join(
            value.ljust(width) if i < 2 else value.rjust(width)
            for i, (value, width) in enumerate(zip(values, widths, strict=True))
        )

    return "\n".join([line(headers), line(["-" * width for width in widths]), *(line(c) for c in cells)])


def query_count_warnings(rows: Sequence[Row]) -> list[str]:
    """One line per page whose query count differs between the scales of the run."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in rows:
        counts[row["page"]][row["scale"]] = row["queries"]
    return [
        f"WARNING: {page} runs a different number of SQL queries across scales: "
        + ", ".join(f"{scale} {count}" for scale, count in by_scale.items())
        for page, by_scale in counts.items()
        if len(set(by_scale.values())) > 1
    ]


def over_target(rows: Sequence[Row], limit: float = TARGET_RATIO) -> list[Row]:
    """Pages slower than `limit` times the trivial page of their scale (documents are only reported)."""
    return [row for row in rows if row["ratio"] > limit and row["page"] not in DOCUMENTS]


def _verify_second_factor(client: Client, user: Any) -> None:
    """Mark the session as signed in with a second factor, as production's staff sessions are.

    The bench's ministry account requires one (ACCORD_REQUIRE_SECOND_FACTOR): without it, every
    back-office page would answer with a redirection to the enrolment page. django-otp's
    middleware then reads the device on each request, which the timings include.
    """
    device, _created = TOTPDevice.objects.get_or_create(user=user, name="make bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
