"""Every read of governance that is more than one queryset: pages, the API, tasks and services share them."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accord.accounts.models import Role, RoleAssignment, User
from accord.accounts.policies import scope_for
from accord.core import text
from accord.core.collation import sort_key
from accord.core.sql import add_months_sql, byte_order_sql, greatest_sql
from accord.registry import personal_data, powers, queues

from . import compliance, decisions, policies, subjects, workflow
from .models import (
    OFFICER_ROLES,
    AgendaDocument,
    AgendaItem,
    Attendance,
    Bylaws,
    BylawsAcknowledgement,
    Committee,
    CommitteeKind,
    Constituency,
    CoordinatorReport,
    Delegation,
    Mandate,
    MandateRole,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesStatus,
    NoticeAnswer,
    NoticeAnswerKind,
    Recusal,
    Resolution,
    ResolutionOutcome,
    SeatApproval,
    Vote,
    minutes_paragraphs,
)

# --- Committees ------------------------------------------------------------------------------


#: The order of adoption: by day, then by the moment of the adopting decision (two versions
#: adopted the same day: the later decision wins), then by number (historical versions have no
#: decision).
ADOPTION_ORDER = ("adopted_on", F("adopted_by__decided_at").asc(nulls_first=True), "version")
ADOPTION_ORDER_LAST_FIRST = ("-adopted_on", F("adopted_by__decided_at").desc(nulls_last=True), "-version")


def bylaws_in_force(committee: Committee, on: datetime.date | None = None) -> Bylaws | None:
    """The version last adopted on or before the day; drafts (not adopted) never are."""
    on = on or timezone.localdate()
    adopted = committee.bylaws.filter(adopted_on__isnull=False, adopted_on__lte=on)  # type: ignore[attr-defined]
    return adopted.order_by(*ADOPTION_ORDER_LAST_FIRST).first()  # type: ignore[no-any-return]


def bylaws_versions(committee: Committee) -> QuerySet[Bylaws]:
    """Every version of the committee's bylaws, drafts included, the latest first."""
    return committee.bylaws.select_related("adopted_by").order_by("-version")  # type: ignore[attr-defined,no-any-return]


def bylaws_recipients(bylaws: Bylaws) -> list[tuple[str, str, str]]:
    """(email, first name, language) of each member seated on the day the bylaws came into force.

    The address is the person's, or else the one they sign in with; members with neither are left out.
    """
    on = bylaws.adopted_on or timezone.localdate()
    rows = bylaws.committee.mandates.current(on).values_list(  # type: ignore[attr-defined]
        "person__email", "person__user__email", "person__first_name", "person__preferred_language"
    )
    found = ((own or login, name, language) for own, login, name, language in rows)
    return list(dict.fromkeys((email, name, language) for email, name, language in found if email))


@dataclass(frozen=True)
class Acknowledgement:
    """A current member and, if they acknowledged the version in force, when."""

    mandate: Mandate
    acknowledged_at: datetime.datetime | None


def bylaws_acknowledgements(bylaws: Bylaws) -> list[Acknowledgement]:
    """Who of today's members acknowledged this version and who has not yet (two queries)."""
    done = dict(bylaws.acknowledgements.values_list("person_id", "acknowledged_at"))  # type: ignore[attr-defined]
    return [Acknowledgement(mandate, done.get(mandate.person_id)) for mandate in current_mandates(bylaws.committee)]


def bylaws_acknowledged_at(bylaws: Bylaws | None, user: Any) -> datetime.datetime | None:
    """When the user acknowledged this version, if they did."""
    person_id = getattr(user, "person_id", None)
    if bylaws is None or person_id is None:
        return None
    theirs = bylaws.acknowledgements.filter(person_id=person_id)  # type: ignore[attr-defined]
    return theirs.values_list("acknowledged_at", flat=True).first()  # type: ignore[no-any-return]


# Presidency first, then the other officers, the members, observers and the coordinator.
ROLE_ORDER = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(MandateRole.values)),
    default=Value(len(MandateRole.values)),
)


def current_mandates(committee: Committee, on: datetime.date | None = None) -> QuerySet[Mandate]:
    """Current members with their person and organisation, officers first."""
    return (
        committee.mandates.current(on)  # type: ignore[attr-defined,no-any-return]
        .select_related("person", "organisation")
        .order_by(ROLE_ORDER, "person__last_name", "person__first_name")
    )


def _coming(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    # A meeting of this morning is still "coming" until the day is over.
    return meetings.filter(
        starts_at__gte=timezone.now() - datetime.timedelta(hours=12),
        status__in=[MeetingStatus.PLANNED, MeetingStatus.CONVENED, MeetingStatus.HELD],
    ).order_by("starts_at")


def upcoming_meetings(committee: Committee) -> QuerySet[Meeting]:
    """The committee's meetings still to come (or in session), soonest first."""
    return _coming(committee.meetings.all())  # type: ignore[attr-defined]


def open_coordinator_mandates(committee: Committee) -> QuerySet[Resolution]:
    """Adopted resolutions, signed off, that gave the coordinator a mandate not yet completed."""
    return committee.resolutions.filter(  # type: ignore[no-any-return]
        outcome=ResolutionOutcome.ADOPTED,
        signed_off_at__isnull=False,
        gives_coordinator_mandate=True,
        mandate_completed_on__isnull=True,
    ).order_by("decided_at")


#: The open coordinator mandates a committee's page names; the rest are counted.
OPEN_MANDATES_SHOWN = 10


SEAT_CANDIDATES_SHOWN = 20


def seat_candidates(committee: Committee, query: str) -> list[Any]:
    """People who may be seated on the committee whose name holds every word of the query.

    Only the people of the committee's regions and of its niches' organisations, found by
    their name, never by their email: the search is not a directory of the registry.
    """
    terms = text.search_terms(query)
    if not terms:
        return []
    people = (
        policies.seatable_people(committee)
        .search(query)
        .prefetch_related("organisations")
        .order_by("last_name", "first_name", "pk")
    )
    # The search text also holds the email: keep only those found by their name.
    found = []
    for person in people.iterator(chunk_size=200):
        name = text.normalize(f"{person.first_name} {person.last_name}")
        if all(term in name for term in terms):
            found.append(person)
            if len(found) == SEAT_CANDIDATES_SHOWN:
                break
    return found


def dashboard(committee: Committee, on: datetime.date) -> dict[str, Any]:
    """What the committee's page shows: members, compliance, meetings, resolutions, reports, timeline.

    A fixed number of queries whatever the size of the committee.
    """
    mandates = list(current_mandates(committee, on))
    report = compliance_report(committee, on=on, mandates=mandates)
    return {
        "mandates": mandates,
        "proposed": committee.mandates.pending().select_related("person", "organisation").order_by("pk"),  # type: ignore[attr-defined]
        "report": report,
        "bylaws": report.bylaws,
        "upcoming": upcoming_meetings(committee)[:5],
        "past": committee.meetings.filter(status__in=[MeetingStatus.HELD, MeetingStatus.CLOSED])  # type: ignore[attr-defined]
        .annotate(resolution_count=Count("resolutions"))
        .order_by("-starts_at")[:5],
        "resolutions": committee.resolutions.decided().order_by("-decided_at", "-pk")[:10],  # type: ignore[attr-defined]
        "pending": committee.pending_items.filter(placed_on__isnull=True).select_related("source"),  # type: ignore[attr-defined]
        # The longest open first; the coordinator's report form lists every one of them.
        "open_mandates": open_coordinator_mandates(committee)[:OPEN_MANDATES_SHOWN],
        "open_mandate_count": open_coordinator_mandates(committee).count(),
        "reports": committee.coordinator_reports.select_related("coordinator__person")[:3],  # type: ignore[attr-defined]
        "events": committee.events.select_related("actor")[:8],  # type: ignore[attr-defined]
        "subcommittees": committee.subcommittees.all(),  # type: ignore[attr-defined]
        # Decisions on projects delegated by this committee, or to it, in force on the day.
        "delegations": Delegation.objects.filter(Q(committee=committee) | Q(delegate=committee), starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("committee", "delegate", "granted_by"),
    }


def seats_of(person_id: int | None) -> tuple[QuerySet[Mandate], QuerySet[Meeting]]:
    """A member's current seats, and the coming meetings of their committees."""
    if not person_id:
        return Mandate.objects.none(), Meeting.objects.none()
    mandates = (
        Mandate.objects.current()
        .filter(person_id=person_id)
        .select_related("committee", "organisation")
        .order_by("committee__name_fr")
    )
    committee_ids = [m.committee_id for m in mandates]
    upcoming = _coming(Meeting.objects.filter(committee_id__in=committee_ids)).select_related("committee")[:20]
    return mandates, upcoming


# --- Compliance --------------------------------------------------------------------------------


def _seat(mandate: Mandate) -> compliance.Seat:
    organisation = mandate.organisation
    return compliance.Seat(
        mandate.person.full_name,
        mandate.role,
        mandate.voting,
        mandate.constituency,
        bool(organisation is not None and organisation.is_leader),
        mandate.starts_on,
        mandate.ends_on,
    )


def compliance_reports(
    committees: Iterable[Committee], *, on: datetime.date | None = None, mandates: Sequence[Mandate] | None = None
) -> list[compliance.Report]:
    """Compliance of each committee with its bylaws, in four queries whatever their number.

    `mandates`: one committee's current mandates, already read with their person and
    organisation (its page shows them): three queries then.
    """
    on = on or timezone.localdate()
    committees = list(committees)
    ids = [c.pk for c in committees]
    seats: dict[int, list[compliance.Seat]] = defaultdict(list)
    if mandates is not None:
        seats[committees[0].pk] = [_seat(mandate) for mandate in mandates]
    else:
        current = Mandate.objects.current(on).filter(committee_id__in=ids)
        for row in current.values_list(
            "committee_id",
            "person__first_name",
            "person__last_name",
            "role",
            "voting",
            "constituency",
            "organisation__is_leader",
            "starts_on",
            "ends_on",
        ):
            committee_id, first, last, role, voting, constituency, leader, starts_on, ends_on = row
            seats[committee_id].append(
                compliance.Seat(f"{first} {last}", role, voting, constituency, bool(leader), starts_on, ends_on)
            )
    bylaws = _bylaws_in_force(ids, on)
    year_ago, day_after = _held_window(on)
    # Held means opened or closed, and dated on or before the day: a meeting dated in the
    # future never counts, even if someone opened it early.
    held = dict(
        Meeting.objects.filter(
            committee_id__in=ids, starts_at__gte=year_ago, starts_at__lt=day_after, status__in=workflow.TOOK_PLACE
        )
        .values_list("committee_id")
        .annotate(n=Count("pk"))
    )
    last_report = _last_reports(ids)
    return [
        compliance.Report(
            committee,
            compliance.checks(
                seats[committee.pk],
                bylaws.get(committee.pk),
                held.get(committee.pk, 0),
                last_report.get(committee.pk),
                on,
                niche=committee.kind == CommitteeKind.CRENEAU,
            ),
            bylaws.get(committee.pk),
        )
        for committee in committees
    ]


def compliance_report(
    committee: Committee, *, on: datetime.date | None = None, mandates: Sequence[Mandate] | None = None
) -> compliance.Report:
    """Compliance of one committee with its bylaws (`mandates`: its current ones, if already read)."""
    return compliance_reports([committee], on=on, mandates=mandates)[0]


def _held_window(on: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The twelve months up to the day, in which the meetings check counts the meetings held."""
    year_ago = timezone.make_aware(datetime.datetime.combine(on - relativedelta(years=1), datetime.time.min))
    day_after = timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min))
    return year_ago, day_after


def _bylaws_in_force(ids: list[int], on: datetime.date) -> dict[int, Bylaws]:
    """The version of the bylaws in force on the day, by committee (one query); drafts never are."""
    bylaws: dict[int, Bylaws] = {}
    adopted = Bylaws.objects.filter(committee_id__in=ids, adopted_on__isnull=False, adopted_on__lte=on)
    for version in adopted.order_by("committee_id", *ADOPTION_ORDER):
        bylaws[version.committee_id] = version  # the last one adopted wins: the version in force
    return bylaws


def _last_reports(ids: list[int]) -> dict[int, datetime.date]:
    """The end of the latest period each committee's coordinator reported on (one query)."""
    return dict(
        CoordinatorReport.objects.filter(committee_id__in=ids, submitted_at__isnull=False)
        .values_list("committee_id")
        .annotate(last=Max("period_end"))
    )


# --- Oversight: compliance and late reports, counted by the database -------------------------------
# Staff's work queues count the committees out of compliance and the coordinators' reports overdue
# among every committee they oversee: thousands at the international scale. Reading each one's seats
# into Python to run compliance.checks would cost a page hundreds of milliseconds, so the checks that
# can fail are also written in SQL, and one query goes once over the committees for both queues: their
# totals and their first items. They are the same rules, to the day (test_selectors compares both
# readings over the same committees and days); compliance.checks stays the one that explains, on a
# committee's page and in the compliance list. The SQL is written out: the ORM cannot name a result
# once and reuse it (a materialised CTE), and composing it costs longer than running it.

# The bylaws in force on the day, every committee's at once (one ranked pass over the adopted versions,
# rather than a sorted look-up per committee); then one line a committee with bylaws in force: what its
# current seats add up to (one pass over its mandates and their organisations), then what the checks
# read from its meetings (the committee's index holds their date and status) and reports, then which
# checks fail (one bit each, in the order of compliance.FAILING_CHECKS) and the day its coordinator's
# report is or was due. Each step is materialised: a later one names an earlier one's columns without
# computing them again.
_OVERSIGHT = """
WITH in_force AS MATERIALIZED (
    SELECT id, committee_id FROM (
        SELECT v.id, v.committee_id, ROW_NUMBER() OVER (
            PARTITION BY v.committee_id ORDER BY v.adopted_on DESC, r.decided_at DESC NULLS LAST, v.version DESC
        ) AS latest
        FROM governance_bylaws v LEFT JOIN governance_resolution r ON r.id = v.adopted_by_id
        WHERE v.adopted_on IS NOT NULL AND v.adopted_on <= %(on)s{unstored}
    ) ranked WHERE latest = 1
), seats AS MATERIALIZED (
    SELECT c.id, c.name_fr, c.name_en, c.slug, b.id AS bylaws_id,
        COALESCE(SUM(CASE WHEN m.voting THEN 1 ELSE 0 END), 0) AS voting,
        COALESCE(SUM(CASE WHEN m.voting AND m.constituency = %(business)s THEN 1 ELSE 0 END), 0) AS business,
        COALESCE(SUM(CASE WHEN m.voting AND b.min_leader_enterprises > 0 AND o.is_leader THEN 1 ELSE 0 END), 0)
            AS leaders,
        MIN(CASE WHEN m.ends_on IS NULL THEN m.starts_on END) AS first_open,
        MIN(CASE WHEN m.role = %(coordinator)s THEN m.starts_on END) AS first_coordinator
    FROM governance_committee c
    JOIN in_force f ON f.committee_id = c.id
    JOIN governance_bylaws b ON b.id = f.id
    LEFT JOIN governance_mandate m ON m.committee_id = c.id AND m.approval = %(approved)s
        AND m.starts_on <= %(on)s AND COALESCE(m.ends_on, %(on)s) >= %(on)s
    LEFT JOIN registry_organisation o ON o.id = m.organisation_id
    WHERE c.dissolved_on IS NULL{scope}
    GROUP BY c.id, b.id
), figures AS MATERIALIZED (
    SELECT s.*, b.business_majority, b.min_leader_enterprises, b.max_members, b.term_months,
        b.min_meetings_per_year, b.coordinator_report_months, b.adopted_on,
        CASE WHEN b.min_meetings_per_year > 0 THEN (
            SELECT COUNT(*) FROM governance_meeting h WHERE h.committee_id = s.id
            AND h.starts_at >= %(year_ago)s AND h.starts_at < %(day_after)s AND h.status IN (%(held)s, %(closed)s)
        ) END AS held,
        CASE WHEN b.coordinator_report_months > 0 AND s.first_coordinator IS NOT NULL THEN (
            SELECT MAX(p.period_end) FROM governance_coordinatorreport p
            WHERE p.committee_id = s.id AND p.submitted_at IS NOT NULL
        ) END AS last_report
    FROM seats s JOIN governance_bylaws b ON b.id = s.bylaws_id
), due AS MATERIALIZED (
    SELECT f.*, CASE WHEN f.coordinator_report_months > 0 AND f.first_coordinator IS NOT NULL
        THEN {report_due} END AS due
    FROM figures f
), checked AS MATERIALIZED (
    SELECT d.id, d.name_fr, d.name_en, d.slug, d.due, {sort_name} AS sort_name,
        CASE WHEN d.business_majority AND d.business * 2 <= d.voting THEN 1 ELSE 0 END
        + CASE WHEN d.min_leader_enterprises > 0 AND d.leaders < d.min_leader_enterprises THEN 2 ELSE 0 END
        + CASE WHEN d.max_members > 0 AND d.voting > d.max_members THEN 4 ELSE 0 END
        + CASE WHEN d.term_months > 0 AND d.first_open IS NOT NULL AND {term_ends} < %(on)s THEN 8 ELSE 0 END
        + CASE WHEN d.min_meetings_per_year > 0 AND d.held < d.min_meetings_per_year THEN 16 ELSE 0 END
        + CASE WHEN d.due < %(on)s THEN 32 ELSE 0 END AS failed
    FROM due d
)
"""
# With the standings the services keep (models.CommitteeStanding), the query above checks only the
# committees without a row for the day (from its first step: the bylaws in force of the others are
# not even ranked), and the queues read the others' rows: `every` holds both.
_UNSTORED = (
    " AND NOT EXISTS (SELECT 1 FROM governance_committeestanding k"
    " WHERE k.committee_id = v.committee_id AND k.day = %(on)s)"
)
_EVERY = """, every AS (
    SELECT id, name_fr, name_en, slug, due, sort_name, failed FROM checked
    UNION ALL
    SELECT d.id, d.name_fr, d.name_en, d.slug, s.report_due, {sort_name}, s.failed
    FROM governance_committeestanding s JOIN governance_committee d ON d.id = s.committee_id
    WHERE s.day = %(on)s AND s.failed > 0 AND d.dissolved_on IS NULL{stored_scope}
)
"""
#: The bit of `failed` that says the coordinator's report is overdue.
_LATE = 32
# Each queue's committees and their order: the order the queues had when Python built them (by the
# name shown, character by character, then by French name); the reports the longest overdue first.
_OVERSIGHT_QUEUES = {
    "compliance": ("failed > 0", "sort_name, name_fr, id"),
    "reports_late": (f"failed & {_LATE} > 0", "due, sort_name, name_fr, id"),
}
_COLUMNS = "id, name_fr, name_en, slug, failed, due"


@dataclass
class Oversight:
    """What waits for those who oversee committees: how many are out of compliance, how many reports are
    overdue and since when, and the first committees of each (with `failed` and `report_due_on`)."""

    failing: int
    late: int
    oldest_late: datetime.date | None
    first: dict[str, list[Committee]]


def _oversight_sql(
    committees: QuerySet[Committee] | Sequence[int] | None, on: datetime.date, *, stored: bool = True
) -> tuple[str, dict[str, Any]]:
    """The oversight CTE over the active committees among these (all of them with None), and its parameters.

    With `stored`, its last step `every` reads the day's standing of the committees that have one and
    checks the others; without, `checked` checks them all (what the standings are computed from)."""
    ops, vendor = connection.ops, connection.vendor
    year_ago, day_after = _held_window(on)
    params: dict[str, Any] = {
        "on": ops.adapt_datefield_value(on),
        "year_ago": ops.adapt_datetimefield_value(year_ago),
        "day_after": ops.adapt_datetimefield_value(day_after),
        "business": Constituency.BUSINESS.value,
        "coordinator": MandateRole.COORDINATOR.value,
        "approved": SeatApproval.APPROVED.value,
        "held": MeetingStatus.HELD.value,
        "closed": MeetingStatus.CLOSED.value,
    }
    scope = stored_scope = ""
    if committees is not None:
        ids = list(committees.values_list("pk", flat=True) if isinstance(committees, QuerySet) else committees)
        params.update({f"committee_{n}": pk for n, pk in enumerate(ids)})
        listed = ", ".join(f"%(committee_{n})s" for n in range(len(ids))) or "NULL"
        scope, stored_scope = f" AND c.id IN ({listed})", f" AND d.id IN ({listed})"
    # compliance.report_due_on: the latest of the end of the last period reported, the coordinator's
    # first day and the bylaws' own, plus the bylaws' months.
    since = greatest_sql(vendor, "COALESCE(f.last_report, f.adopted_on)", "f.first_coordinator", "f.adopted_on")
    # Byte order, as Python compares the strings: the name shown in the reader's language (core.i18n.localized).
    english = (translation.get_language() or "fr")[:2] == "en"
    shown = "COALESCE(NULLIF(d.name_en, ''), d.name_fr)" if english else "d.name_fr"
    sql = _OVERSIGHT.format(
        scope=scope,
        unstored=_UNSTORED if stored else "",
        report_due=add_months_sql(vendor, since, "f.coordinator_report_months"),
        term_ends=add_months_sql(vendor, "d.first_open", "d.term_months"),
        sort_name=byte_order_sql(vendor, shown),
    )
    if stored:
        sql += _EVERY.format(sort_name=byte_order_sql(vendor, shown), stored_scope=stored_scope)
    return sql, params


def _date(value: Any) -> datetime.date | None:
    # A raw query's dates come as dates from PostgreSQL, as ISO text from SQLite.
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def _committees(rows: Iterable[Sequence[Any]]) -> list[Committee]:
    """Committees of the oversight query's rows (not read again), with `failed` and `report_due_on`."""
    found = []
    for pk, name_fr, name_en, slug, failed, due in rows:
        committee = Committee(pk=pk, name_fr=name_fr, name_en=name_en, slug=slug)
        committee.failed = failed  # type: ignore[attr-defined]
        committee.report_due_on = _date(due)  # type: ignore[attr-defined]
        found.append(committee)
    return found


#: The items of each oversight queue read with its count: what a home page shows of it (registry.queues.Queue.first).
OVERSIGHT_FIRST = 3


def oversight(committees: QuerySet[Committee] | None, on: datetime.date, *, first: int = OVERSIGHT_FIRST) -> Oversight:
    """The active committees among these (all of them with None) out of compliance on the day, and
    those whose coordinator's report is overdue, counted in one query with the first `first` of each.

    The same committees as compliance_reports and late_coordinator_reports would find, in the same
    order as their work queues: a fixed number of queries whatever the number of committees.
    """
    cte, params = _oversight_sql(committees, on)
    # The SQL is assembled from the constants above; every value is a parameter. The NULLs of a
    # subquery are typed: PostgreSQL would take them for text, which the totals' counts do not match.
    parts = [
        f"SELECT * FROM (SELECT '{key}' AS part, {_COLUMNS}, CAST(NULL AS BIGINT) AS failing,"  # noqa: S608
        " CAST(NULL AS BIGINT) AS late, CAST(NULL AS DATE) AS oldest"
        f" FROM every WHERE {condition} ORDER BY {order} LIMIT %(first)s) AS {key}"
        for key, (condition, order) in _OVERSIGHT_QUEUES.items()
    ]
    totals = (
        "SELECT 'totals' AS part, NULL, NULL, NULL, NULL, NULL, NULL, COUNT(CASE WHEN failed > 0 THEN 1 END),"  # noqa: S608
        f" COUNT(CASE WHEN failed & {_LATE} > 0 THEN 1 END), MIN(CASE WHEN failed & {_LATE} > 0 THEN due END)"
        " FROM every"
    )
    with connection.cursor() as cursor:
        cursor.execute(cte + " UNION ALL ".join([totals, *parts]), {**params, "first": first})
        rows = cursor.fetchall()
    *_columns, failing, late, oldest = next(row for row in rows if row[0] == "totals")
    return Oversight(
        failing=failing or 0,
        late=late or 0,
        oldest_late=_date(oldest),
        first={key: _committees(row[1:7] for row in rows if row[0] == key) for key in _OVERSIGHT_QUEUES},
    )


def oversight_page(
    committees: QuerySet[Committee] | None, on: datetime.date, key: str, offset: int, limit: int
) -> list[Committee]:
    """A slice of one oversight queue ("compliance" or "reports_late"), in its order (oversight)."""
    cte, params = _oversight_sql(committees, on)
    condition, order = _OVERSIGHT_QUEUES[key]
    with connection.cursor() as cursor:
        cursor.execute(
            f"{cte} SELECT {_COLUMNS} FROM every WHERE {condition} ORDER BY {order}"  # noqa: S608  constants only
            " LIMIT %(limit)s OFFSET %(offset)s",
            {**params, "limit": limit, "offset": offset},
        )
        return _committees(cursor.fetchall())


def committee_standings(
    committees: Sequence[int] | None, on: datetime.date
) -> dict[int, tuple[int, datetime.date | None]]:
    """What the oversight query finds of each active committee among these (all with None) on the day,
    ignoring the stored standings: the failed checks' bits and the day its coordinator's report is or
    was due, by committee; a committee without bylaws in force fails nothing (one query)."""
    cte, params = _oversight_sql(committees, on, stored=False)
    with connection.cursor() as cursor:
        cursor.execute(f"{cte} SELECT id, failed, due FROM checked", params)  # noqa: S608  constants only
        return {pk: (failed, _date(due)) for pk, failed, due in cursor.fetchall()}


def failed_checks(committee: Committee) -> list[str]:
    """The names of the checks a committee of `oversight` fails, in the order of a report."""
    failed = getattr(committee, "failed", 0) or 0
    return [compliance.label(code) for bit, code in enumerate(compliance.FAILING_CHECKS) if failed & (1 << bit)]


# --- The coordinator ------------------------------------------------------------------------------


def niche_coordinator(committee: Committee, on: datetime.date | None = None) -> Mandate | None:
    """The coordinator mandate in force on a niche committee (decision 23: the one source of truth).

    At most one, by `services.keep_one_coordinator`; the latest started wins if older data holds two.
    """
    if committee.kind != CommitteeKind.CRENEAU:
        return None
    return (  # type: ignore[no-any-return]
        committee.mandates.current(on)  # type: ignore[attr-defined]
        .filter(role=MandateRole.COORDINATOR)
        .select_related("person")
        .order_by("-starts_on", "-pk")
        .first()
    )


def niche_coordinators(on: datetime.date | None = None) -> dict[int, int | None]:
    """For each créneau with a niche committee, the person holding its coordinator mandate (or None), in two queries."""
    creneaux: dict[int, int | None] = dict.fromkeys(
        Committee.objects.filter(kind=CommitteeKind.CRENEAU).values_list("creneau_id", flat=True)
    )
    holders = (
        Mandate.objects.current(on)
        .filter(role=MandateRole.COORDINATOR, committee__kind=CommitteeKind.CRENEAU)
        .order_by("starts_on", "pk")  # the latest started last: it wins
        .values_list("committee__creneau_id", "person_id")
    )
    for creneau_id, person_id in holders:
        creneaux[creneau_id] = person_id
    return creneaux


@dataclass(frozen=True)
class LateReport:
    """A committee whose coordinator's report is overdue: who owes it, and since when."""

    committee: Committee
    coordinator: str
    due_on: datetime.date


def late_coordinator_reports(committees: QuerySet[Committee], on: datetime.date | None = None) -> list[LateReport]:
    """The committees among these whose coordinator's report is overdue, the longest overdue first.

    Four queries whatever their number: the committees, their coordinators, their bylaws, their reports.
    The due day is the compliance check's (`compliance.report_due_on`), so this list and the
    compliance page always agree.
    """
    on = on or timezone.localdate()
    found = {c.pk: c for c in committees.active()}  # type: ignore[attr-defined]
    ids = list(found)
    seats: dict[int, list[compliance.Seat]] = defaultdict(list)
    coordinators = Mandate.objects.current(on).filter(committee_id__in=ids, role=MandateRole.COORDINATOR)
    for committee_id, first, last, role, voting, constituency, starts_on, ends_on in coordinators.order_by(
        "starts_on", "pk"
    ).values_list(
        "committee_id",
        "person__first_name",
        "person__last_name",
        "role",
        "voting",
        "constituency",
        "starts_on",
        "ends_on",
    ):
        seats[committee_id].append(
            compliance.Seat(f"{first} {last}", role, voting, constituency, False, starts_on, ends_on)
        )
    bylaws = _bylaws_in_force([pk for pk in ids if pk in seats], on)
    last_report = _last_reports(list(bylaws))
    late = []
    for committee_id, version in bylaws.items():
        due = compliance.report_due_on(seats[committee_id], version, last_report.get(committee_id))
        if due is not None and due < on:
            names = ", ".join(s.person for s in seats[committee_id])
            late.append(LateReport(found[committee_id], names, due))
    return sorted(late, key=lambda r: (r.due_on, sort_key(r.committee.name_fr)))


# --- Work queues (accord.registry.queues) ------------------------------------------------------

#: How far ahead the end of a mandate shows in the work queues.
MANDATES_ENDING_WITHIN = datetime.timedelta(days=60)


def _convenable_committees(user: Any) -> QuerySet[Committee]:
    """The committees whose meetings the user prepares: as an officer or coordinator, or as staff in scope."""
    roles = {*OFFICER_ROLES, MandateRole.COORDINATOR}
    mine = [pk for pk, held in policies.committee_roles(user).items() if held & roles]
    if scope_for(user).is_staff:
        return policies.visible_committees(user)
    return Committee.objects.filter(pk__in=mine)


def _agenda_size() -> Coalesce:
    # A subquery rather than a join: counting the queue then reads the meetings alone, through their index.
    items = AgendaItem.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting")
    return Coalesce(Subquery(items.annotate(n=Count("pk")).values("n")), 0)


def _meeting_item(meeting: Meeting) -> queues.Item:
    items = getattr(meeting, "agenda_size", 0)
    return queues.Item(
        subject=f"{meeting.committee.name} – {meeting.title}",
        url=meeting.get_absolute_url(),
        since=queues.as_date(meeting.created_at),
        detail=ngettext(
            "Meets on %(date)s; %(count)d item on the agenda",
            "Meets on %(date)s; %(count)d items on the agenda",
            items,
        )
        % {"date": date_format(timezone.localtime(meeting.starts_at), "DATE_FORMAT"), "count": items},
    )


def _mandate_item(mandate: Mandate) -> queues.Item:
    return queues.Item(
        subject=f"{mandate.person.first_name} {mandate.person.last_name} – {mandate.committee.name}",
        url=mandate.committee.get_absolute_url(),
        since=mandate.ends_on,
        detail=_("%(role)s; the term ends on %(date)s")
        % {
            "role": mandate.get_role_display(),
            "date": date_format(mandate.ends_on, "DATE_FORMAT") if mandate.ends_on else "",
        },
    )


def _oversight_queues(committees: QuerySet[Committee] | None, on: datetime.date, *, staff: bool) -> list[queues.Queue]:
    """Committees out of compliance (for staff) and coordinators' reports overdue, from one oversight query;
    later slices (the notification centre's pages) read one query each."""
    read = OVERSIGHT_FIRST
    found = oversight(committees, on, first=read)

    def reader(key: str, item: Any) -> Any:
        def items(offset: int, limit: int) -> list[queues.Item]:
            first = found.first[key]
            # The first items came with the count: all of them when fewer than were asked for.
            known = offset + limit <= read or len(first) < read
            return item(first[offset : offset + limit] if known else oversight_page(committees, on, key, offset, limit))

        return items

    def compliance_items(page: list[Committee]) -> list[queues.Item]:
        return [queues.Item(c.name, c.get_absolute_url(), detail="; ".join(failed_checks(c))) for c in page]

    def late_items(page: list[Committee]) -> list[queues.Item]:
        names: dict[int, list[str]] = defaultdict(list)
        if page:
            coordinators = Mandate.objects.current(on).filter(
                committee_id__in=[c.pk for c in page], role=MandateRole.COORDINATOR
            )
            for committee_id, first, last in coordinators.order_by("starts_on", "pk").values_list(
                "committee_id", "person__first_name", "person__last_name"
            ):
                names[committee_id].append(f"{first} {last}")
        return [
            queues.Item(c.name, c.get_absolute_url(), since=c.report_due_on, detail=", ".join(names[c.pk]))  # type: ignore[attr-defined]
            for c in page
        ]

    late = queues.Queue(
        "reports_late",
        _("Coordinator reports late"),
        found.late,
        found.oldest_late,
        reader("reports_late", late_items),
        order=70,
    )
    if not staff:
        return [late]
    failing = queues.Queue(
        "compliance",
        _("Committees out of compliance"),
        found.failing,
        None,
        reader("compliance", compliance_items),
        action=reverse("governance:compliance_list"),
        order=60,
    )
    return [failing, late]


def queues_for(user: Any, on: datetime.date) -> list[queues.Queue]:
    """What waits for the user in governance: agendas to prepare, mandates ending, committees out of
    compliance, coordinator reports late.

    Staff see the committees in their scope; an officer or a coordinator, their committees; a
    member, the end of their own mandates; a coordinator, their own late report.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    scope = scope_for(user)
    staff = scope.is_staff
    # The ministry oversees every committee: its queues read no list of committees to filter by,
    # so that the database goes straight to the meetings and mandates through their own indexes.
    overseen = None if scope.program_wide else policies.visible_committees(user)
    found: list[queues.Queue] = []
    # Meetings still to come that nobody has convened yet: their agenda is to prepare.
    planned = Meeting.objects.filter(
        status=MeetingStatus.PLANNED, starts_at__gte=timezone.now() - datetime.timedelta(hours=12)
    )
    if not scope.program_wide:
        planned = planned.filter(committee__in=_convenable_committees(user))
    found.append(
        queues.from_queryset(
            "agendas",
            _("Agendas to prepare and meetings to convene"),
            planned.select_related("committee").annotate(agenda_size=_agenda_size()),
            since="created_at",
            item=_meeting_item,
            order=40,
        )
    )
    # Mandates ending within 60 days: staff renew their committees' seats, a member sees their own.
    # Mandate.objects.current(on) for mandates with an end: one range of days, which an index keeps in order.
    ending = Mandate.objects.filter(
        approval=SeatApproval.APPROVED, starts_on__lte=on, ends_on__gte=on, ends_on__lte=on + MANDATES_ENDING_WITHIN
    )
    if not staff:
        managed = [pk for pk, held in policies.committee_roles(user).items() if held & OFFICER_ROLES]
        ending = ending.filter(Q(committee_id__in=managed) | Q(person_id=getattr(user, "person_id", None)))
    elif overseen is not None:
        ending = ending.filter(committee__in=overseen)
    found.append(
        queues.from_queryset(
            "mandates_ending",
            _("Mandates ending within 60 days"),
            ending.select_related("person", "committee"),
            since="ends_on",
            item=_mandate_item,
            order=50,
        )
    )
    # Staff oversee their committees' compliance and reports, a coordinator their own committees' reports.
    if not staff:
        overseen = Committee.objects.filter(
            pk__in=[pk for pk, held in policies.committee_roles(user).items() if MandateRole.COORDINATOR in held]
        )
    found += _oversight_queues(overseen, on, staff=staff)
    return found


# --- A meeting and its agenda ------------------------------------------------------------------


def _agenda(*, documents: bool) -> list[Any]:
    items = AgendaItem.objects.order_by("position").select_related("forwarded_from", "subject_type")
    lookups: list[Any] = [Prefetch("items", queryset=items)]
    if documents:
        lookups.append(Prefetch("items__documents", queryset=AgendaDocument.objects.order_by("uploaded_at", "pk")))
    return lookups


def meetings_with_agenda(meetings: QuerySet[Meeting], *, documents: bool = True) -> QuerySet[Meeting]:
    """Meetings with their committee and their agenda in order, in a fixed number of queries.

    Each item comes with the resolution that forwarded it and the kind of its subject; the
    pages also show its documents (the API does not: `documents=False` spares that query).
    """
    return meetings.select_related("committee").prefetch_related(*_agenda(documents=documents))


def _recusals() -> Prefetch[Any]:
    return Prefetch(
        "recusals",
        queryset=Recusal.objects.select_related("mandate__person", "mandate__organisation").order_by(
            "mandate__person__last_name", "mandate__person__first_name", "pk"
        ),
    )


def _subject(lookup: str = "subject") -> GenericPrefetch:
    # Minutes name their meeting; other subjects (organisations, projects…) are fetched as they are.
    return GenericPrefetch(lookup, [Minutes.objects.select_related("meeting")])


@dataclass(frozen=True)
class Counts:
    """A resolution's tally as pages show it: live before the decision, as recorded after."""

    live: bool
    voting_members: int
    recused: int
    present: int
    quorum: int
    votes_for: int | None
    votes_against: int | None
    abstentions: int | None
    #: Before the decision on a project by a niche committee: who would carry it, against its bylaws.
    balance: decisions.Balance | None = None

    @property
    def quorum_met(self) -> bool:
        return self.present >= self.quorum

    @property
    def consensus(self) -> bool:
        return not self.live and self.votes_for is None


@dataclass
class Sitting:
    """Who sits on the committee on the day of a meeting, who came, and the bylaws in force.

    The one answer to "who sits and who counts as present": the pages, the API and the
    services (the decision's tally, the vote and attendance sheets) all count from here,
    with the pure arithmetic of decisions.
    """

    meeting: Meeting
    # The mandates current on the day of the meeting, officers first.
    mandates: list[Mandate]
    # Every attendance recorded for the meeting, by mandate id.
    attendances: dict[int, Attendance]

    @cached_property
    def bylaws(self) -> Bylaws | None:
        return bylaws_in_force(self.meeting.committee, self.meeting.meeting_date)

    @cached_property
    def rules(self) -> decisions.Rules:
        return decisions.Rules.of(self.bylaws)

    @cached_property
    def by_pk(self) -> dict[int, Mandate]:
        return {m.pk: m for m in self.mandates}

    @cached_property
    def voting_ids(self) -> set[int]:
        return {m.pk for m in self.mandates if m.voting}

    @cached_property
    def composition(self) -> tuple[set[int], int]:
        """The voting mandates of business people, and the voting seats of leader enterprises."""
        voting = [m for m in self.mandates if m.voting]
        business = {m.pk for m in voting if m.constituency == Constituency.BUSINESS}
        return business, compliance.leader_seats([_seat(m) for m in voting])

    def binds(self, subject_type_id: int | None) -> bool:
        """Whether a decision on a subject of this kind must respect the committee's binding composition.

        Only a niche committee's, and only on the kinds that say so (subjects: the fund's projects).
        """
        if subject_type_id is None or self.meeting.committee.kind != CommitteeKind.CRENEAU:
            return False
        kind = ContentType.objects.get_for_id(subject_type_id)  # cached: no query after the first
        return subjects.binds_composition(kind.app_label, kind.model)

    def tally(
        self, *, recused_ids: Iterable[int] = (), votes: Iterable[tuple[int, str]] = (), bound: bool = False
    ) -> decisions.Tally:
        """The tally of a resolution with these recusals and votes (none: the quorum of the meeting).

        `bound`: the decision must respect the committee's binding composition (see `binds`).
        """
        return decisions.count(
            self.rules,
            voting_ids=self.voting_ids,
            recused_ids=recused_ids,
            attendance={pk: a.status for pk, a in self.attendances.items()},
            votes=votes,
            composition=self.composition if bound else None,
        )

    def quorum(self) -> decisions.Tally:
        """The quorum of the meeting before any recusal."""
        return self.tally()

    def voters(self, resolution: Resolution) -> list[Mandate]:
        """Who may vote on the resolution: voting, present or represented, not recused."""
        present = decisions.counted_present(self.rules, {pk: a.status for pk, a in self.attendances.items()})
        eligible = (present & self.voting_ids) - {r.mandate_id for r in resolution.recusals.all()}  # type: ignore[attr-defined]
        return [m for m in self.mandates if m.pk in eligible]

    def counts(self, resolution: Resolution) -> Counts | None:
        """The resolution's tally: counted now while pending, as kept at the decision after; None once deferred."""
        if resolution.outcome != ResolutionOutcome.PENDING:
            if resolution.present_count is None or resolution.quorum_required is None:
                return None  # deferred: no decision, so no count was kept
            return Counts(
                live=False,
                voting_members=resolution.voting_members or 0,
                recused=resolution.recused_count or 0,
                present=resolution.present_count,
                quorum=resolution.quorum_required,
                votes_for=resolution.votes_for,
                votes_against=resolution.votes_against,
                abstentions=resolution.abstentions,
            )
        tally = self.tally(
            recused_ids=[r.mandate_id for r in resolution.recusals.all()],  # type: ignore[attr-defined]
            votes=[(v.mandate_id, v.choice) for v in resolution.votes.all()],  # type: ignore[attr-defined]
            bound=self.binds(resolution.subject_type_id),
        )
        return Counts(
            live=True,
            voting_members=tally.voting_members,
            recused=tally.recused,
            present=tally.present,
            quorum=tally.quorum,
            votes_for=tally.votes_for,
            votes_against=tally.votes_against,
            abstentions=tally.abstentions,
            balance=tally.balance,
        )

    def member_rows(self) -> list[dict[str, Any]]:
        """Each member with their attendance and the members whose proxy they hold."""
        represents: dict[int, list[Mandate]] = {}
        for attendance in self.attendances.values():
            if attendance.proxy_holder_id and attendance.mandate_id in self.by_pk:
                represents.setdefault(attendance.proxy_holder_id, []).append(self.by_pk[attendance.mandate_id])
        return [
            {"mandate": m, "attendance": self.attendances.get(m.pk), "represents": represents.get(m.pk, [])}
            for m in self.mandates
        ]

    def own_mandate(self, user: Any) -> Mandate | None:
        """The user's own seat at this meeting, if they have one."""
        person_id = getattr(user, "person_id", None)
        return next((m for m in self.mandates if person_id and m.person_id == person_id), None)


def sitting(meeting: Meeting, attendances: Iterable[Attendance] | None = None) -> Sitting:
    """The members on the day of the meeting and their attendance (three queries with the bylaws).

    `attendances`: the meeting's attendance already read (with the proxy holders' persons).
    """
    if attendances is None:
        attendances = meeting.attendances.select_related("proxy_holder__person")  # type: ignore[attr-defined]
    return Sitting(
        meeting=meeting,
        mandates=list(current_mandates(meeting.committee, meeting.meeting_date)),
        attendances={a.mandate_id: a for a in attendances},
    )


def decision_preview(resolution: Resolution, mode: str) -> str | None:
    """The outcome closing the vote now would record ("adopted"), or None when the rules refuse it
    (the service then says why)."""
    try:
        outcome = decisions.decide(tally(resolution), mode)
    except (decisions.NoQuorum, decisions.CompositionNotMet, decisions.DecisionNotAllowed):
        return None
    return str(ResolutionOutcome(outcome).label).lower()


def tally(resolution: Resolution) -> decisions.Tally:
    """The resolution's tally from the records: members, recusals, attendance and votes (what the decision counts).

    On a project, a niche committee's tally weighs its binding composition too (Sitting.binds).
    """
    present = sitting(resolution.meeting)
    return present.tally(
        recused_ids=resolution.recusals.values_list("mandate_id", flat=True),  # type: ignore[attr-defined]
        votes=resolution.votes.values_list("mandate_id", "choice"),  # type: ignore[attr-defined]
        bound=present.binds(resolution.subject_type_id),
    )


@dataclass
class MeetingRecord:
    """What a meeting's page and its minutes show: the agenda, who sat, the resolutions, the minutes."""

    meeting: Meeting
    # In order; each item carries `notes`, what the committee should know before deciding on its
    # subject, and `balance`, the binding composition of a niche committee deciding on a project
    # (before any recusal; each resolution's tally counts its own).
    items: list[AgendaItem]
    sitting: Sitting
    # Each resolution in order, with its tally and its recusals.
    resolutions: list[dict[str, Any]]
    # Every version of the minutes, the latest first.
    minutes: list[Minutes]


def meeting_record(meeting: Meeting) -> MeetingRecord:
    """The record of a meeting (read with its committee), in a fixed number of queries.

    What the committee should know before deciding on each item's subject is read now, from
    the app that owns the subject (see subjects): nothing of it is kept.
    """
    prefetch_related_objects(
        [meeting],
        *_agenda(documents=True),
        _subject("items__subject"),
        Prefetch(
            "resolutions",
            queryset=Resolution.objects.order_by("sequence", "pk")
            .defer("search_text")
            .select_related("item", "forward_to")
            .prefetch_related(_recusals()),
        ),
        Prefetch("attendances", queryset=Attendance.objects.select_related("proxy_holder__person")),
        Prefetch(
            "minutes",
            queryset=Minutes.objects.order_by("-version").select_related(
                "drafted_by", "approved_by__meeting", "chair_signed_by", "secretary_signed_by"
            ),
        ),
    )
    items = list(meeting.items.all())  # type: ignore[attr-defined]
    notes = subjects.decision_notes(item.subject for item in items)
    for item in items:
        subject = item.subject
        item.notes = notes.get((subject._meta.label_lower, subject.pk), []) if subject is not None else []  # type: ignore[attr-defined]
    present = sitting(meeting, meeting.attendances.all())  # type: ignore[attr-defined]
    for item in items:
        item.balance = present.tally(bound=True).balance if present.binds(item.subject_type_id) else None  # type: ignore[attr-defined]
    # Only a pending resolution is tallied from its votes; a decided one shows the tally kept
    # at the decision (Sitting.counts), so its votes are not read here.
    pending = [r for r in meeting.resolutions.all() if r.outcome == ResolutionOutcome.PENDING]  # type: ignore[attr-defined]
    prefetch_related_objects(
        pending, Prefetch("votes", queryset=Vote.objects.only("pk", "resolution_id", "mandate_id", "choice"))
    )
    return MeetingRecord(
        meeting=meeting,
        items=items,
        sitting=present,
        resolutions=[
            {"resolution": r, "counts": present.counts(r), "recusals": list(r.recusals.all())}
            for r in meeting.resolutions.all()  # type: ignore[attr-defined]
        ],
        minutes=list(meeting.minutes.all()),  # type: ignore[attr-defined]
    )


def resolutions_with_votes(resolutions: QuerySet[Resolution]) -> QuerySet[Resolution]:
    """Resolutions with their meeting, item, subject, recusals, votes and where they were forwarded."""
    return resolutions.select_related(
        "committee",
        "meeting__committee",
        "meeting__chaired_by__person",
        "item__forwarded_from",
        "forward_to",
        "chaired_by__person",
        "signed_off_by",
        "delegates_to",
    ).prefetch_related(
        _subject(),
        _recusals(),
        Prefetch(
            "votes",
            queryset=Vote.objects.select_related("mandate__person", "cast_by__person").order_by(
                "mandate__person__last_name", "mandate__person__first_name", "pk"
            ),
        ),
        Prefetch("forwarded_items", queryset=AgendaItem.objects.select_related("meeting__committee")),
    )


# --- Emails ------------------------------------------------------------------------------------


def notice_recipients(meeting: Meeting) -> list[tuple[str, str, str, int]]:
    """(email, first name, language, seat id) of each member on the day of the meeting with an email address.

    One notice per seat: each carries the signed link answering for that seat.
    """
    rows = meeting.committee.mandates.current(meeting.meeting_date).order_by("pk")  # type: ignore[attr-defined]
    return [
        (email, name, language, pk)
        for email, name, language, pk in rows.values_list(
            "person__email", "person__first_name", "person__preferred_language", "pk"
        )
        if email
    ]


def recipients(meeting: Meeting) -> list[tuple[str, str, str]]:
    """(email, first name, language) of every member on the day of the meeting who has an email address."""
    rows = meeting.committee.mandates.current(meeting.meeting_date).values_list(  # type: ignore[attr-defined]
        "person__email", "person__first_name", "person__preferred_language"
    )
    return list(dict.fromkeys((email, name, language) for email, name, language in rows if email))


# --- Law 25: what governance holds about a person (registry.personal_data) ----------------------

#: A committee's minutes, votes and attendance are kept this long after a member's term ends:
#: they name the member (the committees' retention schedule, decision 18).
COMMITTEE_RECORDS_PERIOD = relativedelta(years=7)


def person_personal_data(person: Any) -> dict[str, Any]:
    """A person's seats, their attendance, votes, recusals and readings of the bylaws, and the seats' history."""
    mandates = Mandate.objects.filter(person=person)
    return {
        "mandates": personal_data.rows(
            mandates.order_by("starts_on", "pk"),
            "id",
            "committee__name_fr",
            "role",
            "starts_on",
            "ends_on",
            "voting",
            "organisation__name",
            "constituency",
            "approval",
            "end_reason",
        ),
        "attendance": personal_data.rows(
            Attendance.objects.filter(mandate__person=person).order_by("meeting__starts_at", "pk"),
            "meeting__committee__name_fr",
            "meeting__title",
            "meeting__starts_at",
            "status",
            "proxy_holder__person_id",
        ),
        "votes": personal_data.rows(
            Vote.objects.filter(mandate__person=person).order_by("recorded_at", "pk"),
            "resolution__number",
            "resolution__title",
            "choice",
            "cast_by_id",
            "recorded_at",
        ),
        "recusals": personal_data.rows(
            Recusal.objects.filter(mandate__person=person).order_by("recorded_at", "pk"),
            "resolution__number",
            "resolution__title",
            "reason",
            "declared_interest",
            "recorded_at",
        ),
        "bylaws_acknowledgements": personal_data.rows(
            BylawsAcknowledgement.objects.filter(person=person).order_by("acknowledged_at", "pk"),
            "bylaws__committee__name_fr",
            "bylaws__version",
            "acknowledged_at",
        ),
        "mandate_history": personal_data.history_rows(
            Mandate.history.filter(person_id=person.pk),
            "id",
            "committee_id",
            "role",
            "starts_on",
            "ends_on",
            "approval",
            "end_reason",
        ),
    }


def person_holds(person: Any, today: datetime.date) -> list[str]:
    """Governance's legal holds: a current or proposed seat, or one that ended within the period."""
    reasons: list[str] = []
    kept_since = today - COMMITTEE_RECORDS_PERIOD
    mandates = Mandate.objects.filter(person=person).select_related("committee").order_by("starts_on", "pk")
    for mandate in mandates:
        name = mandate.committee.name_fr
        if mandate.approval == SeatApproval.PENDING or mandate.is_current(today):
            reasons.append(_("They hold a current or proposed seat on %(committee)s.") % {"committee": name})
        elif mandate.approval == SeatApproval.APPROVED and (mandate.ends_on is None or mandate.ends_on > kept_since):
            reasons.append(
                _(
                    "Their seat on %(committee)s ended less than 7 years ago: the committee's minutes, "
                    "votes and attendance name them and are kept 7 years after the term."
                )
                % {"committee": name}
            )
    return reasons


# --- What changed in a vote ------------------------------------------------------------------


@dataclass(frozen=True)
class VoteChange:
    """A vote or a recusal that was replaced or withdrawn: what it was, and who changed it, when and why."""

    at: datetime.datetime
    person: Any
    kind: str  # "vote" or "recusal"
    before: str
    after: str  # "" when withdrawn
    by: Any
    reason: str


def vote_changes(resolution: Resolution) -> list[VoteChange]:
    """Every changed or withdrawn vote and recusal of a resolution, oldest first (two queries).

    The history tables keep each version; a version followed by another one (or by its
    deletion) is a change worth showing. First votes and first recusals are not.
    """
    changes: list[VoteChange] = []
    sources: tuple[tuple[str, Any, Any], ...] = (
        ("vote", Vote.history, lambda r: r.get_choice_display()),  # type: ignore[attr-defined]
        ("recusal", Recusal.history, lambda r: r.declared_interest or r.get_reason_display()),  # type: ignore[attr-defined]
    )
    for kind, manager, label in sources:
        rows = (
            manager.filter(resolution_id=resolution.pk)
            .select_related("mandate__person", "history_user")
            .order_by("history_date", "history_id")
        )
        last: dict[int, Any] = {}
        for row in rows:
            previous = last.get(row.id)
            withdrawn = row.history_type == "-"
            # A row deleted without an earlier version (recorded before its history was kept)
            # still says what was withdrawn: the deletion's version holds its last values.
            before = label(previous) if previous is not None else (label(row) if withdrawn else None)
            after = "" if withdrawn else label(row)
            if before is not None and (withdrawn or after != before):
                changes.append(
                    VoteChange(
                        at=row.history_date,
                        person=row.mandate.person if row.mandate else None,
                        kind=kind,
                        before=before,
                        after=after,
                        by=row.history_user,
                        reason=row.history_change_reason or "",
                    )
                )
            last[row.id] = row
    return sorted(changes, key=lambda c: c.at)


# --- Delegations ----------------------------------------------------------------------------


def delegating_committee(committee: Committee, on: datetime.date) -> Committee | None:
    """The niche committee whose decisions on projects `committee` (an executive committee) takes on a day."""
    delegation = (
        Delegation.objects.filter(delegate=committee, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("committee")
        .first()
    )
    return delegation.committee if delegation is not None else None


def delegate_of(committee: Committee, on: datetime.date) -> Committee | None:
    """The executive committee that takes `committee`'s decisions on projects on a day, if one does."""
    delegation = (
        Delegation.objects.filter(committee=committee, starts_on__lte=on, delegate__dissolved_on__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("delegate")
        .first()
    )
    return delegation.delegate if delegation is not None else None


def ministry_staff() -> QuerySet[User]:
    """The active accounts holding the ministry's role today: those the weekly reminders go to."""
    ids = RoleAssignment.objects.current().filter(role=Role.MINISTRY).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("pk")


# --- A member's space: answers to notices, documents to read, minutes to comment ------------------


def notice_answers(meeting: Meeting) -> dict[int, NoticeAnswer]:
    """The members' answers to the meeting's notice, by seat id, with the proxy holders (one query)."""
    answers = meeting.notice_answers.select_related("proxy_holder__person")  # type: ignore[attr-defined]
    return {answer.mandate_id: answer for answer in answers}


@dataclass(frozen=True)
class Answering:
    """A seat answering a meeting's notice: its answer so far and what it may answer (the page and the API).

    The service (services.answer_notice) checks the same rules again under its lock; this is
    what the member is offered.
    """

    meeting: Meeting
    mandate: Mandate
    #: The seat's answer so far, with its proxy holder's person; None until it answers.
    existing: NoticeAnswer | None
    #: The bylaws in force on the day of the meeting allow proxies.
    bylaws_allow_proxies: bool
    #: Who may hold this seat's proxy: the other voting members on the day; none when the
    #: bylaws allow no proxy or the seat does not vote (it has no vote to give).
    proxy_holders: list[Mandate]

    @property
    def may_give_proxy(self) -> bool:
        return self.bylaws_allow_proxies and self.mandate.voting

    @property
    def open(self) -> bool:
        """Answers change while the meeting is convened and close when it opens (or is cancelled)."""
        return self.meeting.status == MeetingStatus.CONVENED

    @property
    def choices(self) -> list[tuple[str, Any]]:
        """The answers this seat may give, with their labels."""
        return [
            (value, label)
            for value, label in NoticeAnswerKind.choices
            if self.may_give_proxy or value != NoticeAnswerKind.PROXY
        ]


def notice_answering(meeting: Meeting, mandate: Mandate, on_the_day: Sitting | None = None) -> Answering:
    """What a seat may answer to the meeting's notice, and its answer so far (three queries).

    `on_the_day`: the meeting's sitting, when the caller already read it (to find the user's seat).
    """
    on_the_day = on_the_day or sitting(meeting, attendances=())
    allowed = on_the_day.rules.proxies_allowed
    holders = [m for m in on_the_day.mandates if m.voting and m.pk != mandate.pk] if allowed and mandate.voting else []
    existing = meeting.notice_answers.select_related("proxy_holder__person").filter(mandate=mandate).first()  # type: ignore[attr-defined]
    return Answering(
        meeting=meeting, mandate=mandate, existing=existing, bylaws_allow_proxies=allowed, proxy_holders=holders
    )


@dataclass
class MySpace:
    """What waits for a member: their seats, next meetings (with their answer), documents, minutes to comment."""

    mandates: list[Mandate]
    upcoming: list[Meeting]
    documents: list[AgendaDocument]
    minutes_to_comment: Sequence[Minutes]


def my_space(user: Any) -> MySpace:
    """A member's home, from today's seats (six queries, whatever the number of seats or meetings).

    Each coming meeting carries `my_answer` (the member's answer to its notice, or None) and
    `my_seat` (the seat that answers); documents are those of the coming meetings' agendas;
    minutes to comment are the circulated drafts of their committees.
    """
    mandates_qs, upcoming_qs = seats_of(getattr(user, "person_id", None))
    mandates = list(mandates_qs)
    if not mandates:
        return MySpace(mandates=[], upcoming=[], documents=[], minutes_to_comment=[])
    seat_by_committee = {m.committee_id: m for m in mandates}
    upcoming = list(upcoming_qs)
    answers = {
        (a.meeting_id, a.mandate_id): a
        for a in NoticeAnswer.objects.filter(
            meeting__in=[m.pk for m in upcoming], mandate__in=[m.pk for m in mandates]
        ).select_related("proxy_holder__person")
    }
    for meeting in upcoming:
        seat = seat_by_committee.get(meeting.committee_id)
        meeting.my_seat = seat  # type: ignore[attr-defined]
        meeting.my_answer = answers.get((meeting.pk, seat.pk)) if seat else None  # type: ignore[attr-defined]
    documents = list(
        AgendaDocument.objects.filter(item__meeting__in=[m.pk for m in upcoming])
        .select_related("item__meeting__committee")
        .order_by("item__meeting__starts_at", "item__position", "uploaded_at", "pk")
    )
    minutes = list(
        Minutes.objects.filter(meeting__committee__in=list(seat_by_committee), status=MinutesStatus.CIRCULATED)
        .select_related("meeting__committee")
        .annotate(comment_count=Count("comments"))
        .order_by("-circulated_at", "-pk")[:20]
    )
    return MySpace(mandates=mandates, upcoming=upcoming, documents=documents, minutes_to_comment=minutes)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of minutes with the comments on it."""

    number: int
    text: str
    comments: list[MinutesComment]


def minutes_paragraphs_with_comments(minutes: Minutes) -> tuple[list[Paragraph], list[MinutesComment]]:
    """The minutes' paragraphs, each with its comments (two queries), and the comments on
    paragraphs the minutes no longer have (amended since: shown apart, with their excerpt)."""
    comments: dict[int, list[MinutesComment]] = defaultdict(list)
    for comment in minutes.comments.select_related("author"):  # type: ignore[attr-defined]
        comments[comment.paragraph].append(comment)
    texts = minutes_paragraphs(minutes.text)
    paragraphs = [Paragraph(number=n, text=t, comments=comments.pop(n, [])) for n, t in enumerate(texts, start=1)]
    orphans = [c for n in sorted(comments) for c in comments[n]]
    return paragraphs, orphans


def meeting_pack(meeting: Meeting) -> tuple[list[AgendaDocument], Minutes | None]:
    """What the meeting's pack holds besides its agenda: the documents of its items, and its latest minutes."""
    documents = list(
        AgendaDocument.objects.filter(item__meeting=meeting).select_related("item").order_by("item__position", "pk")
    )
    minutes = meeting.minutes.order_by("-version").first()  # type: ignore[attr-defined]
    return documents, minutes


def person_powers(person: Any, on: datetime.date) -> list[powers.Power]:
    """The seats a person holds on the day, each with what it opens (one query): registry.powers."""
    mandates = (
        Mandate.objects.current(on).filter(person=person).select_related("committee").order_by("committee__name_fr")
    )
    found = []
    for mandate in mandates:
        if mandate.role in OFFICER_ROLES:
            opens = _("The committee's meetings, documents and minutes; runs its meetings and keeps its minutes")
        elif mandate.role == MandateRole.COORDINATOR:
            opens = _("The committee's meetings, documents and minutes; convenes and reports to it")
        else:
            opens = _("The committee's meetings, documents and minutes; answers notices and comments on minutes")
        found.append(
            powers.Power(
                source=_("Mandate"),
                what=f"{mandate.get_role_display()} — {mandate.committee.name}",
                opens=opens,
                url=mandate.committee.get_absolute_url(),
                until=mandate.ends_on,
            )
        )
    return found


# --- A year of the niche committees, for the créneaux's annual reports (results) -----------------

#: A meeting that took place: in session or closed (planned, convened or cancelled ones did not).
HELD_STATUSES = (MeetingStatus.HELD, MeetingStatus.CLOSED)


def niche_meetings_held(creneau_ids: Sequence[int], year: int) -> QuerySet[Meeting]:
    """The meetings the créneaux's niche committees held in the year (a queryset: list it, or count by
    `committee__creneau_id` for many créneaux in one query)."""
    return Meeting.objects.filter(
        committee__kind=CommitteeKind.CRENEAU,
        committee__creneau_id__in=list(creneau_ids),
        status__in=HELD_STATUSES,
        starts_at__year=year,
    ).order_by("starts_at", "pk")


def niche_resolutions_adopted(creneau_ids: Sequence[int], year: int) -> QuerySet[Resolution]:
    """The resolutions the créneaux's niche committees adopted in the year and that took effect
    (signed off by the chair)."""
    return Resolution.objects.filter(
        committee__kind=CommitteeKind.CRENEAU,
        committee__creneau_id__in=list(creneau_ids),
        outcome=ResolutionOutcome.ADOPTED,
        signed_off_at__isnull=False,
        decided_at__year=year,
    ).order_by("decided_at", "pk")


def niche_committee_of(creneau_id: int) -> Committee | None:
    """The créneau's niche committee, if it has one that is not dissolved (one query)."""
    return Committee.objects.active().filter(kind=CommitteeKind.CRENEAU, creneau_id=creneau_id).first()


def regional_committees_of(creneau_id: int) -> list[Committee]:
    """The active regional committees of the créneau's regions (one query)."""
    return list(
        Committee.objects.active()
        .filter(kind=CommitteeKind.REGIONAL, region__creneau_links__creneau_id=creneau_id)
        .order_by("region_id")
    )
