"""Every read of the fund that is more than one queryset: the guide in force and its verdict on a
project, the envelopes' balances and equity, a project's page, the dashboard, who is told what.

Every function answers in a fixed number of queries whatever the number of regions,
niches or projects. The dashboard is the program's view by region: the caller passes the
regions whose envelopes the user sees (policies.visible_envelopes).

The dashboard's charts are drawn from these rows on the server. Each row carries the
length of its bar (a percentage of the chart's largest value, written with a dot so that
it can go in an SVG attribute whatever the language), and the template draws the bar
next to the same figures in words, in a real table (see templates/funding/dashboard.html).
"""

from __future__ import annotations

import datetime
import heapq
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts.models import User
from accord.accounts.policies import scope_for
from accord.core.history import FieldChange, HistoryEntry
from accord.core.i18n import localized, localized_expression
from accord.core.money import CENT, format_money
from accord.governance import policies as governance_policies
from accord.governance import selectors as governance_selectors
from accord.governance.models import Committee, CommitteeKind, Mandate, MandateRole
from accord.planning import links as plan_links
from accord.planning.models import Action as PlanAction
from accord.planning.models import ActionStatus, Plan
from accord.registry import personal_data, powers, queues, showcase
from accord.registry import policies as registry_policies
from accord.registry import selectors as registry_selectors
from accord.registry.models import Creneau, Organisation, Person, Region

from . import guide as rules
from . import impact as impact_rules
from . import ledger, policies, similarity, workflow
from .models import (
    PAID_CLAIMS,
    ZERO,
    AboveShareDecision,
    Agreement,
    AgreementInstalment,
    Audience,
    ClaimStatus,
    DelegatedDecision,
    Delegation,
    Disbursement,
    EntryKind,
    Envelope,
    EnvelopeFigures,
    EquityWeight,
    EventKind,
    FundGuide,
    GrantSignature,
    LedgerEntry,
    NicheFigures,
    ProgramPeriod,
    Project,
    ProjectCost,
    ProjectCreneau,
    ProjectDocument,
    ProjectEvent,
    ProjectFunding,
    ProjectPartner,
    ProjectStatus,
    ReportingDate,
    SimilarPair,
)
from .workflow import COMMITTED, PIPELINE

# A joint project's share of a niche, to the hundredth of a cent (as NicheFigures keeps it).
NICHE_PLACES = Decimal("0.0001")
# The niches the dashboard's chart shows by name; the others are added up in one row.
NICHE_ROWS = 15


def bar(value: Decimal | int, largest: Decimal | int) -> str:
    """The length of a bar, as a percentage of the largest (0 to 100, one decimal, a dot)."""
    if not largest or value <= 0:
        return "0"
    return f"{min(Decimal(100), Decimal(value) * 100 / Decimal(largest)):.1f}"


# --- Periods ---------------------------------------------------------------------------------


def periods() -> list[ProgramPeriod]:
    """Every period of the program, the latest first."""
    return list(ProgramPeriod.objects.order_by("-starts_on"))


def default_period(choices: Sequence[ProgramPeriod], today: datetime.date | None = None) -> ProgramPeriod | None:
    """The period covering today, else the latest one (`choices` are the latest first)."""
    day = today or timezone.localdate()
    for period in choices:
        if period.covers(day):
            return period
    return choices[0] if choices else None


def open_period(today: datetime.date | None = None) -> ProgramPeriod | None:
    """The period of the program covering today (a new project's period), if any."""
    day = today or timezone.localdate()
    return ProgramPeriod.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("-starts_on").first()


def partner_suggestions(user: Any, query: str) -> list[tuple[str, str]]:
    """Organisations of the registry the user may see matching `query` (name, NEQ or city), as (value, label).

    A partner may be any organisation the user sees: the registry's suggestions among them.
    """
    return registry_selectors.organisation_suggestions(registry_policies.visible_organisations(user), query)


def pick_period(choices: Sequence[ProgramPeriod], wanted: Any) -> ProgramPeriod | None:
    """The period asked for by its code (a query parameter), else the default one."""
    if wanted not in (None, ""):
        for period in choices:
            if period.code == wanted:
                return period
    return default_period(choices)


# --- The fund guide --------------------------------------------------------------------------


def current_guide(on: datetime.date | None = None) -> FundGuide | None:
    """The version of the fund guide in force on that day (today by default)."""
    day = on or timezone.localdate()
    return FundGuide.objects.filter(in_force_from__lte=day).order_by("-in_force_from", "-version").first()


def figures(project: Project) -> rules.Figures:
    """The project's figures as the guide reads them (its lines, prefetched or read here)."""
    return rules.Figures(
        carrier_kind=project.carrier.kind,
        costs=[(c.category, c.amount) for c in project.costs.all()],  # type: ignore[attr-defined]
        requested=project.requested_amount,
        financing=[(f.source, f.amount) for f in project.financing.all()],  # type: ignore[attr-defined]
        # The newest version of each document; one filed by type is recognised by its type.
        documents=[d.kind or d.title for d in project.documents.all() if d.replaced_by_id is None],  # type: ignore[attr-defined]
    )


def current_documents(project: Project) -> list[ProjectDocument]:
    """The newest version of each document of the project (the ones a new version may replace)."""
    return list(ProjectDocument.objects.filter(project=project, replaced_by=None).order_by("uploaded_at", "pk"))


def guide_report(project: Project, *, amount: Decimal | None = None, complete: bool = True) -> rules.Report | None:
    """The guide's verdict on the project (by the version it was submitted under, else the current one)."""
    guide = project.guide or current_guide()
    if guide is None:
        return None
    return rules.check(guide, figures(project), amount=amount, complete=complete)


# --- Envelopes: balances and equity ----------------------------------------------------------

# Commitments count up, releases down; disbursements are paid out of what was committed.
_SIGNED = Case(
    When(kind=EntryKind.COMMITMENT, then=F("amount")),
    When(kind=EntryKind.RELEASE, then=-F("amount")),
    default=Value(ZERO),
    output_field=DecimalField(max_digits=14, decimal_places=2),
)


def committed(envelope_id: int) -> Decimal:
    """Commitments less releases: what the envelope has promised."""
    return LedgerEntry.objects.filter(envelope_id=envelope_id).aggregate(c=Sum(_SIGNED))["c"] or ZERO


def requested_in_pipeline(envelopes: Sequence[Envelope]) -> dict[tuple[int, int], Decimal]:
    """The aid asked by the projects in the approval chain, by region and period (one query)."""
    return {
        (row["region_id"], row["period_id"]): row["requested"] or ZERO
        for row in Project.objects.filter(
            status__in=PIPELINE,
            region_id__in={e.region_id for e in envelopes},
            period_id__in={e.period_id for e in envelopes},
        )
        .values("region_id", "period_id")
        .annotate(requested=Sum("requested_amount"))
    }


def balances(
    envelopes: Iterable[Envelope], pipeline: dict[tuple[int, int], Decimal] | None = None
) -> dict[int, ledger.Balance]:
    """The balance of each envelope, in two queries whatever their number.

    `pipeline`, the aid requested in the approval chain by (region, period), saves the second
    when the caller has already summed it.
    """
    envelopes = list(envelopes)
    sums = {
        row["envelope_id"]: row
        for row in LedgerEntry.objects.filter(envelope_id__in=[e.pk for e in envelopes])
        .values("envelope_id")
        .annotate(committed=Sum(_SIGNED), disbursed=Sum("amount", filter=Q(kind=EntryKind.DISBURSEMENT)))
        .order_by()
    }
    if pipeline is None:
        pipeline = requested_in_pipeline(envelopes)
    return {
        e.pk: ledger.Balance(
            total=e.amount,
            committed=sums.get(e.pk, {}).get("committed") or ZERO,
            disbursed=sums.get(e.pk, {}).get("disbursed") or ZERO,
            pipeline=pipeline.get((e.region_id, e.period_id), ZERO),
        )
        for e in envelopes
    }


def balance(envelope: Envelope) -> ledger.Balance:
    """One envelope's balance."""
    return balances([envelope])[envelope.pk]


def attach_balances(envelopes: list[Envelope]) -> None:
    """Give each envelope its `balance` (what the envelope tables and the API show), in two queries."""
    by_envelope = balances(envelopes)
    for envelope in envelopes:
        envelope.balance = by_envelope[envelope.pk]  # type: ignore[attr-defined]


def envelope_niches(envelope: Envelope) -> QuerySet[Creneau]:
    """The active niches of the envelope's region, the ones its equity shares it between."""
    return envelope.region.creneaux.active().order_by("name_fr")  # type: ignore[attr-defined,no-any-return]


def equity(envelope: Envelope) -> list[ledger.Share]:
    """Each niche of the region: its target (by weight, equal by default) and what it has (four queries)."""
    niches = [(c.pk, c.name) for c in envelope_niches(envelope).only("pk", "name_fr", "name_en")]
    weights = dict(EquityWeight.objects.filter(envelope=envelope).values_list("creneau_id", "weight"))
    # What each project holds on the ledger: commitments less releases (a closed project
    # gave its unspent aid back).
    held = dict(
        LedgerEntry.objects.filter(envelope=envelope)
        .values("project_id")
        .annotate(net=Sum(_SIGNED))
        .values_list("project_id", "net")
    )
    links = ProjectCreneau.objects.filter(
        project__region_id=envelope.region_id,
        project__period_id=envelope.period_id,
        project__status__in=COMMITTED | PIPELINE,
    ).values_list("project_id", "creneau_id", "project__status", "project__requested_amount")
    return ledger.shares(
        amount=envelope.amount, margin=envelope.equity_margin, niches=niches, weights=weights, held=held, links=links
    )


def project_envelope(project: Project) -> Envelope | None:
    """The envelope the project draws from: its region's, for its period."""
    return Envelope.objects.filter(region_id=project.region_id, period_id=project.period_id).first()


def delegation_for(project: Project, amount: Decimal) -> Delegation | None:
    """The delegation, if any, that lets the regional committee grant `amount` to this project."""
    return (
        Delegation.objects.filter(
            region_id=project.region_id,
            period_id=project.period_id,
            decision=DelegatedDecision.FINAL_APPROVAL,
            revoked_at__isnull=True,
            up_to__gte=amount,
        )
        .order_by("-created_at")
        .first()
    )


def delegations(user: Any) -> list[Delegation]:
    """The delegations the user sees, the latest first, each with the visible projects it enabled (`enabled`)."""
    projects = policies.visible_projects(user).only("pk", "number", "title", "granted_amount", "delegation")
    return list(
        policies.visible_delegations(user)
        .select_related("region", "period", "granted_by", "revoked_by")
        .prefetch_related(Prefetch("projects", queryset=projects.order_by("number"), to_attr="enabled"))
        .order_by("-created_at", "-pk")
    )


# --- A project --------------------------------------------------------------------------------


#: What a claim holds of the aid: all of it while it waits, what was paid once decided.
_HELD = Case(
    When(status=ClaimStatus.CLAIMED, then=F("amount")),
    When(status__in=PAID_CLAIMS, then=Coalesce(F("paid_amount"), F("amount"))),
    default=Value(ZERO),
    output_field=DecimalField(max_digits=14, decimal_places=2),
)


def paid(project: Project) -> Decimal:
    """What was paid of the project's aid (in full or in part)."""
    paid_out = Coalesce(F("paid_amount"), F("amount"))
    return project.disbursements.filter(status__in=PAID_CLAIMS).aggregate(s=Sum(paid_out))["s"] or ZERO  # type: ignore[attr-defined]


def first_signature_amount(project: Project) -> Decimal:
    """The amount the first ministry officer signed for: what a countersignature commits."""
    first = project.signatures.order_by("signed_at", "pk").values_list("amount", flat=True).first()  # type: ignore[attr-defined]
    return first if first is not None else ZERO


def claimed(project: Project) -> Decimal:
    """The aid claimed and not closed as not paid: what was paid, and what waits for the ministry's decision.

    What the ministry did not pay of a claim (rejected, or the rest of a partial payment) may be claimed again.
    """
    return project.disbursements.aggregate(s=Sum(_HELD))["s"] or ZERO  # type: ignore[attr-defined]


# --- The agreement (decision 32) ------------------------------------------------------------------

_INSTALMENTS = AgreementInstalment.objects.order_by("due_on", "position", "pk")
_REPORTING_DATES = ReportingDate.objects.order_by("due_on", "position", "pk")
#: The agreement's schedule and reporting dates, for a project read with `with_file`.
AGREEMENT_PREFETCH = (
    Prefetch("agreement__instalments", queryset=_INSTALMENTS),
    Prefetch("agreement__reporting_dates", queryset=_REPORTING_DATES),
)


def agreement_of(project: Project) -> Agreement | None:
    """The project's agreement terms (read with the project by `with_file`, or in three queries), or None."""
    try:
        return project.agreement  # type: ignore[attr-defined,no-any-return]
    except Agreement.DoesNotExist:
        return None


def agreement_terms(project: Project) -> Agreement | None:
    """The project's agreement terms with their schedule and reporting dates, read afresh (None before drafting)."""
    return (
        Agreement.objects.filter(project=project)
        .select_related("project", "project__carrier", "project__region", "drafted_by")
        .prefetch_related(
            Prefetch("instalments", queryset=_INSTALMENTS), Prefetch("reporting_dates", queryset=_REPORTING_DATES)
        )
        .first()
    )


def schedule(agreement: Agreement | None) -> list[workflow.Instalment]:
    """The agreement's payment schedule as the pure rules read it."""
    if agreement is None:
        return []
    return [
        workflow.Instalment(line.milestone, line.due_on, line.amount)
        for line in agreement.instalments.all()  # type: ignore[attr-defined]
    ]


@dataclass(frozen=True)
class ClaimLimit:
    """What the carrier may still claim today, and why not more.

    `ceiling` is the most that may have been claimed by today (the instalments due, less the
    holdback); `claimed` what was claimed and not closed as not paid. A project whose
    agreement has no terms (recorded before they existed) may claim its whole aid.
    """

    granted: Decimal
    released: Decimal
    kept: Decimal
    ceiling: Decimal
    claimed: Decimal
    next_instalment: workflow.Instalment | None

    @property
    def left(self) -> Decimal:
        return max(self.ceiling - self.claimed, ZERO)


def claim_limit(
    project: Project,
    agreement: Agreement | None,
    today: datetime.date | None = None,
    *,
    disbursements: Sequence[Disbursement] | None = None,
) -> ClaimLimit:
    """What the carrier may claim today under the agreement's schedule and holdback (one query,
    none when the project's `disbursements` were read already)."""
    today = today or timezone.localdate()
    granted = project.granted_amount or ZERO
    lines = schedule(agreement)
    kept = agreement.holdback if agreement is not None else ZERO
    if agreement is None:
        released, ceiling = granted, granted
    else:
        released = sum((line.amount for line in lines if line.due_on <= today), ZERO)
        ceiling = workflow.claim_ceiling(granted, lines, kept, today)
    upcoming = [line for line in lines if line.due_on > today]
    if disbursements is None:
        held = claimed(project)
    else:
        held = sum((d.amount if d.status == ClaimStatus.CLAIMED else d.paid for d in disbursements), ZERO)
    return ClaimLimit(granted, released, kept, ceiling, held, upcoming[0] if upcoming else None)


def holdback_due(project: Project, agreement: Agreement | None) -> Decimal:
    """The final payment the acceptance of the final report releases: the holdback, within what is unpaid."""
    if agreement is None:
        return ZERO
    return max(min(agreement.holdback, (project.granted_amount or ZERO) - paid(project)), ZERO)


def with_file(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects with everything their page and their PDF show, each part in one query.

    The project is joined to four relations; `read_decisions` reads the other three. With
    all seven, PostgreSQL spent 3 ms planning the join on every view.
    """
    return projects.select_related("guide", "carrier", "region", "period", "agreement").prefetch_related(
        *AGREEMENT_PREFETCH,
        plan_action_prefetch(),
        Prefetch(
            "creneau_links",
            queryset=ProjectCreneau.objects.select_related("creneau", "resolution__committee").order_by(
                "creneau__name_fr"
            ),
        ),
        Prefetch(
            "partner_links",
            queryset=ProjectPartner.objects.select_related("organisation").order_by("organisation__name"),
        ),
        Prefetch("costs", queryset=ProjectCost.objects.order_by("pk")),
        Prefetch("financing", queryset=ProjectFunding.objects.order_by("pk")),
        Prefetch("documents", queryset=ProjectDocument.objects.select_related("uploaded_by")),
        Prefetch("signatures", queryset=GrantSignature.objects.select_related("signed_by")),
        Prefetch("disbursements", queryset=Disbursement.objects.select_related("proof", "claimed_by", "decided_by")),
        Prefetch(
            "events", queryset=ProjectEvent.objects.select_related("actor", "resolution", "committee", "delegation")
        ),
        Prefetch(
            "above_share_decisions",
            queryset=AboveShareDecision.objects.select_related(
                "creneau", "decided_by", "resolution__committee"
            ).order_by("decided_at", "pk"),
        ),
    )


_DECISIONS = ("created_by", "delegation", "regional_resolution__committee")


def read_decisions(project: Project) -> Project:
    """Attach who drafted the project, its delegation and its regional resolution, in one query.

    One query whichever of them are set (prefetching them would skip the unset ones, and
    the page would run a different number of queries from one project to the next).
    """
    found = (
        Project.objects.select_related(*_DECISIONS)
        .only("pk", "created_by", "delegation", "regional_resolution")
        .get(pk=project.pk)
    )
    project.created_by = found.created_by
    project.delegation = found.delegation
    project.regional_resolution = found.regional_resolution
    return project


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part * 100 / whole).quantize(Decimal("0.1")) if whole else None


def readable_events(events: Iterable[ProjectEvent], reader: str | None) -> list[ProjectEvent]:
    """The timeline entries the reader reads, each told in the reader's words.

    Each entry gets `heading` (what happened), `before` and `after` (the statuses it moved
    between, blank when it did not move the project), and their codes `told_action`,
    `told_from` and `told_to`: outside the ministry, the second
    signature reads as the grant and a grant awaiting it as the ministry's analysis
    (workflow.step_for, workflow.status_for). The one filter the page, the PDF and the API use.
    """
    shown = []
    for event in events:
        if not workflow.shown_to(event.audience, reader):
            continue
        kind = workflow.step_for(event.action, reader)
        event.told_action = kind  # type: ignore[attr-defined]
        event.told_from = workflow.status_for(event.from_status, reader) if event.from_status else ""  # type: ignore[attr-defined]
        event.told_to = workflow.status_for(event.to_status, reader) if event.to_status else ""  # type: ignore[attr-defined]
        event.heading = event.label if kind == event.action else str(EventKind(kind).label)  # type: ignore[attr-defined]
        event.before = _status_label(event.from_status, reader)  # type: ignore[attr-defined]
        event.after = _status_label(event.to_status, reader)  # type: ignore[attr-defined]
        shown.append(event)
    return shown


def _status_label(status: str, reader: str | None) -> str:
    return str(ProjectStatus(workflow.status_for(status, reader)).label) if status else ""


def readable_documents(documents: Iterable[ProjectDocument], reader: str | None) -> list[ProjectDocument]:
    """The documents the reader may read (the page, the PDF, the API and the download alike)."""
    return [document for document in documents if workflow.shown_to(document.audience, reader)]


def reads_ministry_work(reader: str | None) -> bool:
    """Whether the reader reads the ministry's own work on a project: its analysis, checklist,
    analyst notes, recommended amount and the officers' signatures."""
    return reader == Audience.MINISTRY


def reads_committee_work(reader: str | None) -> bool:
    """Whether the reader reads what the committees weigh: the equity between the niches of the
    envelope and the decisions that went above a niche's fair share."""
    return workflow.shown_to(Audience.COMMITTEE, reader)


def status_label(project: Project, reader: str | None) -> str:
    """The project's status as the reader is told it (workflow.status_for)."""
    return _status_label(project.status, reader)


#: The project's fields that are the ministry's own work: its history shows them to the ministry only.
MINISTRY_FIELDS = ("checklist", "analysis_notes", "recommended_amount")


def readable_history(entries: list[HistoryEntry], reader: str | None) -> list[HistoryEntry]:
    """The project's history of changes as the reader may read it (core.history entries).

    Outside the ministry, the changes of the ministry's own fields are left out (an entry left
    with none is left out whole) and an internal status reads as its step, as on the timeline.
    """
    if reads_ministry_work(reader):
        return entries
    hidden = {str(Project._meta.get_field(name).verbose_name).capitalize() for name in MINISTRY_FIELDS}  # type: ignore[union-attr]
    told = {
        str(ProjectStatus(status).label): str(ProjectStatus(workflow.status_for(status, reader)).label)
        for status in ProjectStatus.values
    }
    shown = []
    for entry in entries:
        changes = [
            FieldChange(label=c.label, old=told.get(c.old, c.old), new=told.get(c.new, c.new))
            for c in entry.changes
            if c.label not in hidden
        ]
        changes = [c for c in changes if c.old != c.new]
        if entry.changes and not changes:
            continue
        shown.append(replace(entry, changes=changes))
    return shown


def project_sheet(project: Project, guide: FundGuide | None = None, *, reader: str | None) -> dict[str, Any]:
    """What the project page and its PDF both show (a project read through `with_file`) to a
    reader of that audience (policies.reader_audience): nothing internal reaches a carrier."""
    costs = list(project.costs.all())  # type: ignore[attr-defined]
    financing = list(project.financing.all())  # type: ignore[attr-defined]
    guide = guide or project.guide or current_guide()
    eligible = figures(project).eligible_cost(guide) if guide is not None else None
    disbursements = list(project.disbursements.all())  # type: ignore[attr-defined]
    ministry = reads_ministry_work(reader)
    agreement = agreement_of(project)
    disbursing = project.status in workflow.DISBURSING
    return {
        "agreement": agreement,
        "schedule": list(agreement.instalments.all()) if agreement else [],  # type: ignore[attr-defined]
        "reporting_dates": list(agreement.reporting_dates.all()) if agreement else [],  # type: ignore[attr-defined]
        "claim_limit": claim_limit(project, agreement, disbursements=disbursements) if disbursing else None,
        "today": timezone.localdate(),
        "project": project,
        "status": status_label(project, reader),
        "creneau_links": list(project.creneau_links.all()),  # type: ignore[attr-defined]
        "partners": list(project.partner_links.all()),  # type: ignore[attr-defined]
        "costs": costs,
        "financing": financing,
        "total_cost": sum((c.amount for c in costs), ZERO),
        "eligible_cost": eligible,
        "financed": project.requested_amount + sum((f.amount for f in financing), ZERO),
        "impact": impact_rules.lines(project),
        "requested_share": _percent(project.requested_amount, eligible) if eligible else None,
        "guide": guide,
        "report": guide_report(project),
        "analysis": [
            {"label": label, "checked": project.checklist.get(key)}
            for key, label in rules.CHECKLIST
            if ministry and key in project.checklist
        ],
        "analysis_notes": project.analysis_notes if ministry else "",
        "recommended_amount": project.recommended_amount if ministry else None,
        "signatures": list(project.signatures.all()) if ministry else [],  # type: ignore[attr-defined]
        "disbursements": disbursements,
        "paid": sum((d.paid for d in disbursements), ZERO),
        "documents": readable_documents(project.documents.all(), reader),  # type: ignore[attr-defined]
        "events": readable_events(project.events.all(), reader),  # type: ignore[attr-defined]
        "above_share": list(project.above_share_decisions.all()) if reads_committee_work(reader) else [],  # type: ignore[attr-defined]
    }


# --- The committees that decide on a project -----------------------------------------------------


def niche_committees(project: Project) -> list[Committee]:
    """The active committees of the project's niches: each decides on it first."""
    return list(
        Committee.objects.active().filter(kind=CommitteeKind.CRENEAU, creneau__in=project.creneaux.all()).order_by("pk")
    )


def regional_committee(project: Project) -> Committee | None:
    """The active committee of the project's region: it decides once every niche committee approved."""
    return Committee.objects.active().filter(kind=CommitteeKind.REGIONAL, region_id=project.region_id).first()


def committees_awaited(project: Project, user: Any) -> list[dict[str, Any]]:
    """The committees whose resolution the project waits for, with their next meeting and whether the user sees them."""
    if project.status == ProjectStatus.SUBMITTED:
        waiting = [link.creneau_id for link in project.creneau_links.all() if link.resolution_id is None]  # type: ignore[attr-defined]
        committees = list(
            Committee.objects.active()  # type: ignore[attr-defined]
            .filter(kind=CommitteeKind.CRENEAU, creneau_id__in=waiting)
            .order_by("name_fr")
        )
    elif project.status == ProjectStatus.NICHE_APPROVED:
        regional = regional_committee(project)
        committees = [regional] if regional is not None else []
    else:
        return []
    visible = set(
        governance_policies.visible_committees(user)
        .filter(pk__in=[c.pk for c in committees])
        .values_list("pk", flat=True)
    )
    return [
        {
            "committee": committee,
            "regional": committee.kind == CommitteeKind.REGIONAL,
            "visible": committee.pk in visible,
            "next_meeting": governance_selectors.upcoming_meetings(committee).first(),
        }
        for committee in committees
    ]


def recipients(project: Project, audience: str = Audience.CARRIER) -> list[tuple[str, str, str]]:
    """(email, first name, language) of the people told about the project who read `audience`."""
    return [(email, name, language) for email, name, language, _reader in recipients_with_audience(project, audience)]


def recipients_with_audience(project: Project, audience: str) -> list[tuple[str, str, str, str]]:
    """(email, first name, language, the audience they read) of the people told about the project
    who read `audience`.

    The carrier: the people affiliated with its carrier today, and whoever drafted it while
    they may still open it (a former employee is told nothing more). The coordinators of its
    niches, and the secretaries of the committees that decide on it, read the committees'
    audience; the ministry's own steps email none of them. Someone who is both the carrier's
    and a committee's is told as the carrier (policies.reader_audience).
    """
    rows: list[tuple[str, str, str, str]] = []
    author = project.created_by
    if author is not None and author.email and policies.visible_projects(author).filter(pk=project.pk).exists():
        reader = policies.reader_audience(author, project) or Audience.CARRIER
        rows.append((author.email, author.first_name, author.preferred_language, reader))
    people = Person.objects.filter(affiliations__organisation_id=project.carrier_id).exclude(email="")
    rows += [
        (email, name, language, Audience.CARRIER)
        for email, name, language in people.values_list("email", "first_name", "preferred_language")
    ]
    creneaux = list(project.creneau_links.values_list("creneau_id", flat=True))  # type: ignore[attr-defined]
    committees = Q(committee__kind=CommitteeKind.CRENEAU, committee__creneau_id__in=creneaux) | Q(
        committee__kind=CommitteeKind.REGIONAL, committee__region_id=project.region_id
    )
    officers = (
        Mandate.objects.current()
        .filter(committees)
        .filter(Q(role=MandateRole.SECRETARY) | Q(role=MandateRole.COORDINATOR, committee__kind=CommitteeKind.CRENEAU))
        .exclude(person__email="")
    )
    rows += [
        (email, name or "", language, Audience.COMMITTEE)
        for email, name, language in officers.values_list(
            "person__email", "person__first_name", "person__preferred_language"
        )
        if email
    ]
    # One email per address, to the narrowest audience it was found under.
    by_address: dict[str, tuple[str, str, str, str]] = {}
    for row in rows:
        key = row[0].lower()
        if key not in by_address or not workflow.shown_to(by_address[key][3], row[3]):
            by_address[key] = row
    return [row for row in by_address.values() if workflow.shown_to(audience, row[3])]


# --- The pipeline ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StageRow:
    """A status of the pipeline: how many projects, how much aid they ask for."""

    status: str
    label: str
    count: int
    requested: Decimal
    bar: str


# --- Envelopes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnvelopeRow:
    """A region's envelope and its balance, with the two parts of its bar."""

    envelope: Envelope
    balance: ledger.Balance
    committed_bar: str
    available_bar: str

    @property
    def region(self) -> Any:
        return self.envelope.region


# --- Aid granted -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AidRow:
    """Aid granted to a group of projects: a niche (its slug as key) or a year."""

    key: Any
    label: str
    amount: Decimal
    projects: int
    bar: str = field(default="0")


def _with_bars(rows: list[AidRow]) -> list[AidRow]:
    largest = max((row.amount for row in rows), default=ZERO)
    return [AidRow(row.key, row.label, row.amount, row.projects, bar(row.amount, largest)) for row in rows]


def granted(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects whose aid is committed: granted, under agreement, reporting or closed."""
    return projects.filter(status__in=COMMITTED)


@dataclass(frozen=True)
class Leverage:
    """What the granted projects cost in all, for each dollar of aid."""

    cost: Decimal
    aid: Decimal
    projects: int

    @property
    def ratio(self) -> Decimal | None:
        return (self.cost / self.aid).quantize(CENT) if self.aid else None


# --- The dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OtherNiches:
    """The niches past the chart's rows, added up (a projects count counts a joint project once per niche)."""

    count: int
    amount: Decimal
    projects: int


@dataclass(frozen=True)
class Dashboard:
    """Everything the fund's dashboard shows for a period, within what the user may see."""

    stages: list[StageRow]
    # The page of envelopes drawn as rows (`page`); `total` and the charts count every envelope.
    envelopes: list[EnvelopeRow]
    page: Any
    total: ledger.Balance
    niches: list[AidRow]
    other_niches: OtherNiches
    years: list[AidRow]
    leverage: Leverage

    @property
    def pipeline_count(self) -> int:
        return sum(row.count for row in self.stages)


# --- The dashboard, from figures per region --------------------------------------------------

_FIGURES = tuple(
    f"figures__{name}" for name in ("stages", "years", "aid", "granted", "cost", "committed", "disbursed", "pipeline")
)


@dataclass(frozen=True)
class RegionFigures:
    """One region's figures for a period: the parts the dashboard adds up.

    Niches are keyed by id and named when the dashboard is drawn. Amounts are not rounded:
    the sums are.
    """

    stages: dict[str, tuple[int, Decimal]]
    niches: dict[int, tuple[Decimal, int]]
    years: dict[int, tuple[Decimal, int]]
    aid: Decimal
    granted: int
    cost: Decimal
    balance: ledger.Balance


def region_figures(period: ProgramPeriod, envelopes: Sequence[Envelope]) -> dict[int, RegionFigures]:
    """The figures of the regions of these envelopes for the period, in four queries whatever their number."""
    region_ids = [envelope.region_id for envelope in envelopes]
    projects = Project.objects.filter(period=period, region_id__in=region_ids).order_by()
    chosen = granted(projects)
    # One pass over the projects, by region, status and year of the grant: the stages, the aid
    # granted (in all and by year) and the aid asked in the approval chain all add up from it.
    stages: dict[int, dict[str, tuple[int, Decimal]]] = defaultdict(dict)
    years: dict[int, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    granted_aid: dict[int, tuple[Decimal, int]] = {}
    pipeline: dict[tuple[int, int], Decimal] = {}
    for row in (
        projects.annotate(year=ExtractYear("granted_at"))
        .values("region_id", "status", "year")
        .annotate(count=Count("pk"), requested=Sum("requested_amount"), aid=Sum("granted_amount"))
    ):
        region_id, status, count = row["region_id"], row["status"], row["count"]
        requested, aid = row["requested"] or ZERO, row["aid"] or ZERO
        total, asked = stages[region_id].get(status, (0, ZERO))
        stages[region_id][status] = (total + count, asked + requested)
        if status in PIPELINE:
            pipeline[(region_id, period.pk)] = pipeline.get((region_id, period.pk), ZERO) + requested
        if status in COMMITTED:
            so_far, projects_granted = granted_aid.get(region_id, (ZERO, 0))
            granted_aid[region_id] = (so_far + aid, projects_granted + count)
            if row["year"] is not None:
                year_aid, year_projects = years[region_id].get(row["year"], (ZERO, 0))
                years[region_id][row["year"]] = (year_aid + aid, year_projects + count)
    # A joint project's aid counts in equal parts for each of its niches, as in the equity of
    # the envelope (equity), so the niches add up to the aid granted.
    by_project: dict[int, list[tuple[int, int, Decimal]]] = defaultdict(list)
    for project_id, region_id, creneau_id, amount in ProjectCreneau.objects.filter(
        project__in=chosen.values("pk")
    ).values_list("project_id", "project__region_id", "creneau_id", "project__granted_amount"):
        by_project[project_id].append((region_id, creneau_id, amount or ZERO))
    niches: dict[int, dict[int, tuple[Decimal, int]]] = defaultdict(dict)
    for links in by_project.values():
        for region_id, creneau_id, amount in links:
            aid, count = niches[region_id].get(creneau_id, (ZERO, 0))
            niches[region_id][creneau_id] = (aid + (amount / len(links)).quantize(NICHE_PLACES), count + 1)
    cost = {
        row["project__region_id"]: row["cost"] or ZERO
        for row in ProjectCost.objects.filter(project__in=chosen.values("pk"))
        .values("project__region_id")
        .annotate(cost=Sum("amount"))
        .order_by()
    }
    by_envelope = balances(envelopes, pipeline=pipeline)
    by_region = {envelope.region_id: by_envelope[envelope.pk] for envelope in envelopes}
    return {
        region_id: RegionFigures(
            stages=stages.get(region_id, {}),
            niches=niches.get(region_id, {}),
            years=years.get(region_id, {}),
            aid=granted_aid.get(region_id, (ZERO, 0))[0],
            granted=granted_aid.get(region_id, (ZERO, 0))[1],
            cost=cost.get(region_id, ZERO),
            balance=by_region[region_id],
        )
        for region_id in region_ids
    }


def figures_fields(figures: RegionFigures) -> dict[str, Any]:
    """A region's figures as the columns of its envelope's EnvelopeFigures row."""
    return {
        "stages": {status: [count, str(amount)] for status, (count, amount) in figures.stages.items()},
        "years": {str(year): [str(amount), count] for year, (amount, count) in figures.years.items()},
        "aid": figures.aid,
        "granted": figures.granted,
        "cost": figures.cost,
        "committed": figures.balance.committed,
        "disbursed": figures.balance.disbursed,
        "pipeline": figures.balance.pipeline,
    }


def niche_rows(envelope: Envelope, figures: RegionFigures) -> list[NicheFigures]:
    """A region's aid by niche as the NicheFigures rows of its envelope."""
    return [
        NicheFigures(envelope=envelope, creneau_id=pk, aid=amount, projects=count)
        for pk, (amount, count) in figures.niches.items()
    ]


def kept_figures(envelope: Envelope, row: EnvelopeFigures, niches: Iterable[NicheFigures] = ()) -> RegionFigures:
    """The figures the services kept for the envelope (the envelope's amount read with it)."""
    return RegionFigures(
        stages={status: (count, Decimal(amount)) for status, (count, amount) in row.stages.items()},
        niches={n.creneau_id: (n.aid, n.projects) for n in niches},
        years={int(year): (Decimal(amount), count) for year, (amount, count) in row.years.items()},
        aid=row.aid,
        granted=row.granted,
        cost=row.cost,
        balance=ledger.Balance(
            total=envelope.amount, committed=row.committed, disbursed=row.disbursed, pipeline=row.pipeline
        ),
    )


#: The envelopes the dashboard draws on one page; its totals and charts count them all.
ENVELOPE_ROWS = 25


def _figures_from(row: Mapping[str, Any]) -> RegionFigures:
    """An envelope's kept figures read as values (`_FIGURES`), the envelope's amount with them."""
    return RegionFigures(
        stages={status: (count, Decimal(amount)) for status, (count, amount) in row["figures__stages"].items()},
        niches={},
        years={int(year): (Decimal(amount), count) for year, (amount, count) in row["figures__years"].items()},
        aid=row["figures__aid"],
        granted=row["figures__granted"],
        cost=row["figures__cost"],
        balance=ledger.Balance(
            total=row["amount"],
            committed=row["figures__committed"],
            disbursed=row["figures__disbursed"],
            pipeline=row["figures__pipeline"],
        ),
    )


def regional_dashboard(period: ProgramPeriod, visible: QuerySet[Envelope], page: Any = 1) -> Dashboard:
    """The dashboard of these envelopes' regions for the period, added up from the figures the services keep.

    Six queries whatever the number of regions, niches and projects: every envelope's kept
    figures (EnvelopeFigures, computed again with every change) as plain values, the page of
    envelopes drawn as rows, the niches that received the most (NicheFigures, added up by the
    database), their names, and the total of the others.
    """
    # The envelopes as a queryset (policies.visible_envelopes), not a list of ids: for the
    # ministry that is every envelope, and 150 ids made the query slower than its rows.
    listed = visible.filter(period=period).order_by("region__code", "pk")
    kept = list(listed.values("pk", "region_id", "amount", *_FIGURES))
    figures: dict[int, RegionFigures] = {
        row["pk"]: _figures_from(row) for row in kept if row["figures__stages"] is not None
    }
    # An envelope whose figures were never kept (made outside the services) is counted now.
    missing = list(Envelope.objects.filter(pk__in=[row["pk"] for row in kept if row["pk"] not in figures]))
    fresh = region_figures(period, missing) if missing else {}
    counted_now = {envelope.pk for envelope in missing}
    figures.update({envelope.pk: fresh[envelope.region_id] for envelope in missing})
    parts = list(figures.values())
    counts: dict[str, int] = defaultdict(int)
    requested: dict[str, Decimal] = defaultdict(lambda: ZERO)
    year_aid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    year_projects: dict[int, int] = defaultdict(int)
    for part in parts:
        for status, (count, amount) in part.stages.items():
            counts[status] += count
            requested[status] += amount
        for year, (amount, count) in part.years.items():
            year_aid[year] += amount
            year_projects[year] += count
    largest = max(counts.values(), default=0)
    stages = [
        StageRow(
            status=status.value,
            label=str(status.label),
            count=counts[status.value],
            requested=requested[status.value],
            bar=bar(counts[status.value], largest),
        )
        for status in ProjectStatus
    ]
    # A program of 150 regions reads its envelopes a page at a time; the bars share one scale.
    top = max((row["amount"] for row in kept), default=ZERO)
    shown = Paginator([row["pk"] for row in kept], ENVELOPE_ROWS).get_page(page)
    rows = []
    for envelope in (
        Envelope.objects.filter(pk__in=list(shown.object_list))
        .select_related("region")
        # What the rows show: reading every column of the envelopes and regions (their
        # timestamps above all) cost more than the rows.
        .only("pk", "region__code", "region__name")
        .order_by("region__code", "pk")
    ):
        balance = figures[envelope.pk].balance
        rows.append(
            EnvelopeRow(
                envelope=envelope,
                balance=balance,
                committed_bar=bar(balance.committed, top),
                available_bar=bar(max(balance.available, ZERO), top),
            )
        )
    niches, other_niches = _niche_chart([pk for pk in figures if pk not in counted_now], list(fresh.values()))
    years = [
        AidRow(key=year, label=str(year), amount=year_aid[year], projects=year_projects[year])
        for year in sorted(year_aid)
    ]
    return Dashboard(
        stages=stages,
        envelopes=rows,
        page=shown,
        total=ledger.total(part.balance for part in parts),
        niches=niches,
        other_niches=other_niches,
        years=_with_bars(years),
        leverage=Leverage(
            cost=sum((part.cost for part in parts), ZERO),
            aid=sum((part.aid for part in parts), ZERO),
            projects=sum(part.granted for part in parts),
        ),
    )


def _niche_chart(envelope_ids: list[int], computed: list[RegionFigures]) -> tuple[list[AidRow], OtherNiches]:
    """The niches that received the most from these envelopes, named, and the others added up.

    A chart of thousands of niches (the international scale) is one nobody reads, so it names
    NICHE_ROWS of them. The database adds up the kept rows; figures `computed` afresh (an
    envelope made outside the services) are added to them here.
    """
    kept = NicheFigures.objects.filter(envelope_id__in=envelope_ids)
    by_niche = kept.values("creneau_id").annotate(amount=Sum("aid"), count=Sum("projects")).order_by()
    top: list[dict[str, Any]]
    totals: dict[str, Any]
    if computed:
        aid: dict[int, Decimal] = defaultdict(lambda: ZERO)
        projects: dict[int, int] = defaultdict(int)
        for row in by_niche:
            aid[row["creneau_id"]] += row["amount"]
            projects[row["creneau_id"]] += row["count"]
        for part in computed:
            for pk, (amount, count) in part.niches.items():
                aid[pk] += amount
                projects[pk] += count
        top = [
            {"creneau_id": pk, "amount": aid[pk], "count": projects[pk]}
            for pk in heapq.nsmallest(NICHE_ROWS, aid, key=lambda pk: (-aid[pk], pk))
        ]
        totals = {"amount": sum(aid.values(), ZERO), "count": sum(projects.values()), "niches": len(aid)}
    else:
        top = list(by_niche.order_by("-amount", "creneau_id")[:NICHE_ROWS])
        totals = kept.aggregate(amount=Sum("aid"), count=Sum("projects"), niches=Count("creneau_id", distinct=True))
    # Named apart: grouping the figures with the niches' names joined cost several times more.
    names = Creneau.objects.filter(pk__in=[row["creneau_id"] for row in top]).only("pk", "slug", "name_fr", "name_en")
    named = {niche.pk: niche for niche in names}
    rows = [
        AidRow(
            key=named[row["creneau_id"]].slug,
            label=named[row["creneau_id"]].name,
            amount=row["amount"].quantize(CENT),
            projects=row["count"],
        )
        for row in top
    ]
    rows.sort(key=lambda row: (-row.amount, row.label))
    other = OtherNiches(
        count=(totals["niches"] or 0) - len(top),
        amount=((totals["amount"] or ZERO) - sum((row["amount"] for row in top), ZERO)).quantize(CENT),
        projects=(totals["count"] or 0) - sum(row["count"] for row in top),
    )
    return _with_bars(rows), other


def envelope_totals_by_period(envelopes: QuerySet[Envelope]) -> dict[int, dict[str, Any]]:
    """For each period: how many of the envelopes and their total amount (one query)."""
    return {
        row["period_id"]: row
        for row in envelopes.order_by()
        .values("period_id")
        .annotate(count=Count("pk"), amount=Sum("amount"))
        .values("period_id", "count", "amount")
    }


# --- What committees are told before they decide on a project (governance.subjects) ------------


def above_share(project: Project, amount: Decimal, envelope: Envelope | None = None) -> list[ledger.Excess]:
    """The niches of the project that `amount` of aid would take above their fair share plus the margin.

    A joint project's aid counts in equal parts for each of its niches, as in the envelope's
    equity. The shares are read as they stand, before the decision (the project's own aid is
    not yet committed).
    """
    envelope = envelope or project_envelope(project)
    if envelope is None:
        return []
    return _excess(_project_shares(project, envelope), amount)


def _project_shares(project: Project, envelope: Envelope) -> list[ledger.Share]:
    """The fair shares of the envelope's niches the project serves."""
    ids = set(project.creneau_links.values_list("creneau_id", flat=True))  # type: ignore[attr-defined]
    return [share for share in equity(envelope) if share.creneau_id in ids]


def _excess(shares: list[ledger.Share], amount: Decimal) -> list[ledger.Excess]:
    """The niches `amount` would take above their fair share plus the margin (a joint project's aid in equal parts)."""
    part = amount / max(len(shares), 1)
    return [ledger.Excess(share=share, part=part) for share in shares if share.over_target_with(part)]


@dataclass(frozen=True)
class GrantFigures:
    """What the ministry weighs beside the grant form: the envelope's balance, the analysis's
    recommendation, the most the guide allows this budget, the second-signature threshold,
    and the niches' fair shares (those the amount would take above their share plus margin)."""

    envelope: Envelope | None
    available: Decimal | None
    recommended: Decimal | None
    max_aid: Decimal | None
    second_signature_above: Decimal | None
    shares: list[ledger.Share]
    above: list[ledger.Excess]


def grant_figures(project: Project, amount: Decimal | None = None) -> GrantFigures:
    """The grant form's figures for `amount` (the recommended, else the requested aid)."""
    amount = amount if amount is not None else (project.recommended_amount or project.requested_amount)
    envelope = project_envelope(project)
    guide = project.guide or current_guide()
    report = guide_report(project)
    shares = _project_shares(project, envelope) if envelope is not None else []
    return GrantFigures(
        envelope=envelope,
        available=envelope.amount - committed(envelope.pk) if envelope is not None else None,
        recommended=project.recommended_amount,
        max_aid=report.max_aid if report is not None else None,
        second_signature_above=guide.second_signature_above if guide is not None else None,
        shares=shares,
        above=_excess(shares, amount),
    )


def equity_warning(project: Project) -> ledger.Share | None:
    """A niche of the project that its aid would take above its fair share of the envelope, if any."""
    over = above_share(project, project.requested_amount)
    return over[0].share if over else None


#: The decisions above fair share the dashboard lists, the latest first.
ABOVE_SHARE_ROWS = 50


@dataclass(frozen=True)
class AboveShareList:
    """The latest decisions above fair share, and whether there are more than the rows shown."""

    rows: list[AboveShareDecision]
    more: bool


def above_share_decisions(user: Any, period: ProgramPeriod, envelopes: QuerySet[Envelope]) -> AboveShareList:
    """The decisions of the period that took a niche above its fair share, with their justification.

    Those of the envelopes given (the ones the user sees) about projects the user may open;
    one query whatever their number, the latest ABOVE_SHARE_ROWS of them.
    """
    found = list(
        AboveShareDecision.objects.filter(
            envelope__in=envelopes.filter(period=period).values("pk"),
            project__in=policies.visible_projects(user).values("pk"),
        )
        .select_related("project", "creneau", "decided_by", "resolution__committee")
        .order_by("-decided_at", "-pk")[: ABOVE_SHARE_ROWS + 1]
    )
    return AboveShareList(rows=found[:ABOVE_SHARE_ROWS], more=len(found) > ABOVE_SHARE_ROWS)


def interested_organisations(project: Project) -> dict[int, str]:
    """The carrier and the partners: committee members representing them are recused."""
    interested = dict.fromkeys(project.partner_links.values_list("organisation_id", flat=True), "partner")  # type: ignore[attr-defined]
    interested[project.carrier_id] = "carrier"
    return interested


def decision_notes(projects: Sequence[Project]) -> dict[int, list[str]]:
    """What a committee should know before it decides on each project (shown on the agenda).

    The regional committee shares the envelope equitably: it is told when the aid asked
    would take one of the project's niches above its fair share, and that adopting the project
    then takes its written justification.
    """
    notes: dict[int, list[str]] = {}
    for project in projects:
        if project.status not in (ProjectStatus.SUBMITTED, ProjectStatus.NICHE_APPROVED):
            continue
        share = equity_warning(project)
        if share is not None:
            notes[project.pk] = [
                _(
                    "Equity: with this project, the niche %(niche)s would go above its fair share of the envelope"
                    " (target %(target)s plus %(margin)s %%; already committed %(committed)s)."
                )
                % {
                    "niche": share.name,
                    "target": format_money(share.target),
                    "margin": rules.percent(share.margin),
                    "committed": format_money(share.committed),
                }
            ]
            if project.status == ProjectStatus.NICHE_APPROVED:
                # The regional committee's adoption is refused without its reasons (R-FND-04).
                notes[project.pk].append(
                    _("To adopt it, the resolution must give the committee's written justification.")
                )
        # Not funding the same project twice (R-COL-02, decision 56): the committee is told of the
        # closest project when it is very similar, and the decision's record says it was told.
        close = closest_similar(project)
        if close is not None:
            notes.setdefault(project.pk, []).append(similar_note(*close))
    return notes


def similar_note(other: Project, score: float) -> str:
    """What a committee reads of a very similar project: its number, region, year and score."""
    return _(
        "Very similar project: %(number)s (%(region)s, %(year)s) is %(percent)s %% similar to this one;"
        " the project's page lists the similar projects."
    ) % {
        "number": other.number,
        "region": other.region.name,
        "year": other.starts_on.year,
        "percent": round(score * 100),
    }


# --- Similar projects (decision 56) -------------------------------------------------------------

#: Rows changed this long before the last sync are read again: a transaction commits after it stamps
#: `updated_at`, and web workers' clocks differ a little. Re-reading is harmless (stamps compare).
SYNC_OVERLAP = datetime.timedelta(minutes=2)
#: Each process compares its whole index with the table this often, to heal anything missed.
FULL_CHECK_SECONDS = 300.0
SIMILAR_LIMIT = 10
#: The longest text the similar search reads (title and summary together): a long report pasted
#: whole is refused (API) or cut (the form's panel).
SIMILAR_MAX_CHARS = 20_000


class _SimilarityIndex:
    """The process's index of the projects' texts, brought up to date from the table before each
    search (decision 56): any worker sees what any other wrote as soon as it is committed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self.index: similarity.Index | None = None
        self.synced_to: datetime.datetime | None = None
        self.checked_at = 0.0

    def current(self) -> similarity.Index:
        with self.lock:
            if self.index is None or time.monotonic() - self.checked_at > FULL_CHECK_SECONDS:
                return self._full()
            self._put_rows(self.index, self._recent())
            return self.index

    def _put_rows(self, index: similarity.Index, rows: Iterable[tuple[int, str, str, datetime.datetime]]) -> None:
        for pk, title, summary, stamp in rows:
            if index.stamps.get(pk, None) != stamp or pk not in index:
                index.put(pk, similarity.project_text(title, summary), stamp)
            if self.synced_to is None or stamp > self.synced_to:
                self.synced_to = stamp

    def _full(self) -> similarity.Index:
        """Build the index, or compare it whole with the table: rows changed or gone are fixed."""
        index = self.index
        if index is None:
            index = self.index = similarity.Index()
            rows = Project.objects.order_by().values_list("pk", "title", "summary", "updated_at")
            self._put_rows(index, rows.iterator(chunk_size=5000))
        else:
            stamps = dict(Project.objects.order_by().values_list("pk", "updated_at").iterator(chunk_size=20000))
            for pk in index.ids - stamps.keys():
                index.remove(pk)
            stale = [pk for pk, stamp in stamps.items() if index.stamps.get(pk, None) != stamp]
            for start in range(0, len(stale), 2000):
                rows = Project.objects.filter(pk__in=stale[start : start + 2000]).values_list(
                    "pk", "title", "summary", "updated_at"
                )
                self._put_rows(index, rows)
        self.checked_at = time.monotonic()
        return index

    def _recent(self) -> Any:
        rows = Project.objects.order_by().values_list("pk", "title", "summary", "updated_at")
        if self.synced_to is not None:
            rows = rows.filter(updated_at__gte=self.synced_to - SYNC_OVERLAP)
        return rows


_similar = _SimilarityIndex()


def similarity_index() -> similarity.Index:
    """The process's index, up to date with what is committed (one indexed query when nothing changed)."""
    return _similar.current()


def reset_similarity_index() -> None:
    """Forget the process's index (tests: each starts from its own database)."""
    _similar.reset()


@dataclass
class SimilarProject:
    """A project found similar, as its reader may see it: `title` is None when the reader may not
    read it (another carrier's project, not granted nor published): then only where and when show."""

    pk: int
    number: str
    score: float
    status: str
    status_label: str
    year: int
    region: Region
    creneaux: list[Creneau]
    imported: bool
    very_similar: bool = False
    title: str | None = None
    title_pieces: list[tuple[str, bool]] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    url: str = ""

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _shared_words(text: str, terms: set[str]) -> list[str]:
    """The words of a text that carry the shared terms, as written, each once (at most 8)."""
    words: list[str] = []
    seen: set[str] = set()
    for piece, marked in similarity.spans(text, terms):
        key = piece.casefold()
        if marked and key not in seen:
            seen.add(key)
            words.append(piece)
    return words[:8]


def similar_projects(
    user: Any, *, title: str = "", summary: str = "", limit: int = SIMILAR_LIMIT, exclude: Iterable[int] = ()
) -> list[SimilarProject]:
    """The projects of the whole program most similar to a title and summary, best first (decision 56).

    Every project counts (imported ones, any niche, region or status); what the reader sees of each
    follows their powers: a project they may open shows in full; one granted or published shows
    its title; any other shows only its niches, region, year and status.
    """
    text = similarity.project_text(title, summary)
    hits = similarity_index().search(text, limit=max(limit, similarity.CROWD), exclude=exclude)
    if not hits:
        return []
    standing = {hit.project_id for hit in similarity.standing_out(hits)}
    hits = hits[:limit]
    found = {
        p.pk: p
        for p in Project.objects.filter(pk__in=[h.project_id for h in hits])
        .select_related("region")
        .prefetch_related(Prefetch("creneaux", queryset=Creneau.objects.order_by("name_fr")))
    }
    readable = set(policies.visible_projects(user).filter(pk__in=found).values_list("pk", flat=True))
    reader = policies.list_reader(user)
    query_terms = set(similarity.term_counts(text))
    results: list[SimilarProject] = []
    for hit in hits:
        project = found.get(hit.project_id)
        if project is None:
            continue
        row = SimilarProject(
            pk=project.pk,
            number=project.number,
            score=hit.score,
            status=project.status,
            status_label=status_label(project, reader),
            year=project.starts_on.year,
            region=project.region,
            creneaux=list(project.creneaux.all()),
            imported=project.imported_at is not None,
            very_similar=project.pk in standing,
        )
        if project.pk in readable or project.status in workflow.PUBLIC:
            terms = query_terms & set(similarity.term_counts(similarity.project_text(project.title, project.summary)))
            row.title = project.title
            row.title_pieces = list(similarity.spans(project.title, terms))
            row.shared = _shared_words(similarity.project_text(project.title, project.summary), terms)
            if project.pk in readable:
                row.url = project.get_absolute_url()
            elif project.published_at is not None:
                row.url = project.get_public_url()
        results.append(row)
    return results


def similar_creneau_pairs() -> list[tuple[int, int, int]]:
    """The niches whose projects are very similar: (niche, other niche, pairs of projects), the niche
    with the lower id first, from the pairs the services keep (decision 56), in one query.

    A pair of projects links niche a to niche b when one project is a's and not b's, and the other
    b's and not a's: two joint projects of the same niches link nothing new. Drafts do not count
    (they are their carrier's alone); a pair counts once whichever side found it."""
    rows = (
        SimilarPair.objects.exclude(project__status=ProjectStatus.DRAFT)
        .exclude(other__status=ProjectStatus.DRAFT)
        .filter(project__creneau_links__isnull=False, other__creneau_links__isnull=False)
        .values_list("project_id", "other_id", "project__creneau_links__creneau_id", "other__creneau_links__creneau_id")
    )
    niches: dict[int, set[int]] = defaultdict(set)
    found: set[tuple[int, int]] = set()
    for project_id, other_id, creneau, other_creneau in rows:
        niches[project_id].add(creneau)
        niches[other_id].add(other_creneau)
        found.add((min(project_id, other_id), max(project_id, other_id)))
    pairs: dict[tuple[int, int], int] = defaultdict(int)
    for first, second in found:
        for a in niches[first] - niches[second]:
            for b in niches[second] - niches[first]:
                pairs[(min(a, b), max(a, b))] += 1
    return sorted((a, b, count) for (a, b), count in pairs.items())


def closest_similar(project: Project) -> tuple[Project, float] | None:
    """The project most similar to this one, if very similar, and its score (for the committees)."""
    hits = similarity.standing_out(
        similarity_index().search(
            similarity.project_text(project.title, project.summary), limit=similarity.CROWD, exclude=[project.pk]
        )
    )
    if not hits:
        return None
    other = Project.objects.select_related("region").filter(pk=hits[0].project_id).first()
    return (other, hits[0].score) if other is not None else None


# --- Law 25: what the fund holds about a person (registry.personal_data) -------------------------

#: A project's file (documents, decisions) is kept this long after the project ends: the fund's
#: retention period for grant files (decision 18).
PROJECT_FILE_PERIOD = relativedelta(years=7)


def person_personal_data(person: Person) -> dict[str, Any]:
    """What the fund holds about a person through their account: the projects they drafted, the
    documents they filed, their grant signatures and the steps they took."""
    users = list(User.objects.filter(person=person).values_list("pk", flat=True))
    return {
        "projects_drafted": personal_data.rows(
            Project.objects.filter(created_by__in=users).order_by("pk"), "number", "title", "status", "created_at"
        ),
        "documents_filed": personal_data.rows(
            ProjectDocument.objects.filter(uploaded_by__in=users).order_by("uploaded_at", "pk"),
            "project__number",
            "title",
            "uploaded_at",
        ),
        "grant_signatures": personal_data.rows(
            GrantSignature.objects.filter(signed_by__in=users).order_by("signed_at", "pk"),
            "project__number",
            "amount",
            "signed_at",
        ),
        "project_steps": personal_data.rows(
            ProjectEvent.objects.filter(actor__in=users).order_by("occurred_at", "pk"),
            "project__number",
            "action",
            "occurred_at",
            "note",
        ),
    }


def ended_on(projects: QuerySet[Project]) -> QuerySet[Any]:
    """The projects with `ended_at`: when they reached their final status (their timeline's last move)."""
    return projects.annotate(
        ended_at=Max("events__occurred_at", filter=Q(events__to_status__in=sorted(workflow.FINAL)))
    )


def person_holds(person: Person, today: datetime.date) -> list[str]:
    """The fund's legal holds: an open project of an organisation the person is tied to today, or
    that they drafted; a project of their organisation that ended within the fund's period."""
    users = User.objects.filter(person=person).values("pk")
    concerned = Project.objects.filter(Q(carrier__affiliations__person=person) | Q(created_by__in=users)).distinct()
    reasons = [
        _("The project %(number)s, carried by their organisation or drafted by them, is still open.")
        % {"number": number}
        for number in concerned.exclude(status__in=sorted(workflow.FINAL))
        .order_by("number")
        .values_list("number", flat=True)
    ]
    kept_since = timezone.make_aware(datetime.datetime.combine(today - PROJECT_FILE_PERIOD, datetime.time.min))
    ended = ended_on(concerned.filter(status__in=sorted(workflow.FINAL))).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gte=kept_since)
    )
    reasons += [
        _("The project %(number)s ended less than 7 years ago: its file is kept 7 years.") % {"number": number}
        for number in ended.order_by("number").values_list("number", flat=True)
    ]
    return reasons


def expired_documents(today: datetime.date) -> QuerySet[ProjectDocument]:
    """Documents of projects that ended more than the fund's retention period ago."""
    kept_since = timezone.make_aware(datetime.datetime.combine(today - PROJECT_FILE_PERIOD, datetime.time.min))
    ended = ended_on(Project.objects.filter(status__in=sorted(workflow.FINAL))).filter(ended_at__lt=kept_since)
    return ProjectDocument.objects.filter(project__in=ended.values("pk")).select_related("project")


# --- Work queues (accord.registry.queues) ------------------------------------------------------


def _project_item(project: Project) -> queues.Item:
    amount = project.granted_amount if project.granted_amount is not None else project.requested_amount
    return queues.Item(
        subject=f"{project.number} – {project.title}",
        url=project.get_absolute_url(),
        since=queues.as_date(project.status_entered_at),
        detail=f"{project.carrier.name} · {format_money(amount)}",
    )


def _claim_item(disbursement: Disbursement) -> queues.Item:
    project = disbursement.project
    return queues.Item(
        subject=f"{project.number} – {project.title}",
        url=reverse("funding:disbursement_decide", args=[disbursement.pk]),
        since=queues.as_date(disbursement.claimed_at),
        detail=_("Claim of %(amount)s") % {"amount": format_money(disbursement.amount)},
    )


def _projects_queue(key: str, title: str, projects: QuerySet[Project], order: int) -> queues.Queue:
    rows = projects.select_related("carrier").only(
        "pk", "number", "title", "requested_amount", "granted_amount", "carrier__name", "status_entered_at"
    )
    return queues.from_queryset(key, title, rows, since="status_entered_at", item=_project_item, order=order)


def queues_for(user: Any, on: datetime.date) -> list[queues.Queue]:
    """What waits for the user in the fund: for the ministry, projects to analyse, second signatures
    and claims to pay; for a carrier's people, their projects returned for changes."""
    if not getattr(user, "is_authenticated", False):
        return []
    found: list[queues.Queue] = []
    if policies.can_grant(user):
        projects = policies.visible_projects(user)
        found.append(
            _projects_queue(
                "analysis", _("Projects to analyse"), projects.filter(status=ProjectStatus.ANALYSIS), order=10
            )
        )
        # An officer never countersigns their own first signature: those wait for someone else.
        awaiting = projects.filter(status=ProjectStatus.AWAITING_SIGNATURE).exclude(signatures__signed_by=user)
        found.append(_projects_queue("countersign", _("Second signatures"), awaiting, order=20))
        claims = Disbursement.objects.filter(status=ClaimStatus.CLAIMED).select_related("project")
        if not scope_for(user).program_wide:
            # Program-wide, every project is visible: filtering by all of them would only cost a scan.
            claims = claims.filter(project__in=projects)
        found.append(
            queues.from_queryset("claims", _("Claims to pay"), claims, since="claimed_at", item=_claim_item, order=30)
        )
    organisations = policies.reach(user).organisations
    if organisations:
        returned = policies.visible_projects(user).filter(carrier_id__in=organisations, status=ProjectStatus.RETURNED)
        found.append(_projects_queue("returned", _("Projects returned for changes"), returned, order=5))
    return found


def carrier_powers(person: Person, on: datetime.date) -> list[powers.Power]:
    """The organisations a person is tied to today, each opening its projects to them (one query): registry.powers.

    The fund's policies give the people affiliated with a carrier its projects (policies.Reach).
    """
    organisations = Organisation.objects.filter(affiliations__person=person).order_by("name").distinct()
    return [
        powers.Power(
            source=_("Carrier's contact"),
            what=organisation.name,
            opens=_("Drafts, submits and follows the organisation's projects"),
        )
        for organisation in organisations
    ]


# --- Plan actions (decision 35) -------------------------------------------------------------------


def plan_action_prefetch() -> Prefetch:
    """A project's plan action with its axis and plan, in one query for all the projects read."""
    return Prefetch("plan_action", queryset=PlanAction.objects.select_related("objective__axis__plan"))


PLAN_ACTION_ORDER = (
    "objective__axis__plan__creneau__name_fr",
    "-objective__axis__plan__first_year",
    "objective__axis__plan_id",
    "objective__axis__position",
    "objective__axis_id",
    "objective__position",
    "objective_id",
    "position",
    "pk",
)


def plan_actions(creneau_ids: Iterable[int]) -> QuerySet[PlanAction]:
    """The actions a project of these niches may name: those of the niches' plans, drafts and
    adopted, that are not cancelled, by niche, latest plan first, then in the plan's order (one query)."""
    return (
        PlanAction.objects.filter(objective__axis__plan__creneau_id__in=list(creneau_ids))
        .exclude(status=ActionStatus.CANCELLED)
        .select_related("objective__axis__plan__creneau")
        .order_by(*PLAN_ACTION_ORDER)
    )


def plan_action(pk: int) -> PlanAction | None:
    """An action with its axis, plan and niche (what the check of a project's action reads)."""
    return PlanAction.objects.select_related("objective__axis__plan__creneau").filter(pk=pk).first()


def plans_for(creneau_ids: Iterable[int], first_year: int, last_year: int) -> list[Plan]:
    """The niches' plans (drafts and adopted) whose years meet first_year to last_year (one query)."""
    return list(
        Plan.objects.filter(creneau_id__in=list(creneau_ids), first_year__lte=last_year, last_year__gte=first_year)
        .select_related("creneau")
        .order_by("creneau__name_fr", "-first_year", "pk")
    )


def projects_serving(plan: Plan, user: Any) -> dict[int, list[plan_links.Serving]]:
    """The projects the user may see that serve each action of the plan, by action id (one query):
    planning.links shows them on the plan's page."""
    projects = (
        policies.visible_projects(user)
        .filter(plan_action__objective__axis__plan=plan)
        .only("pk", "title", "number", "status", "granted_amount", "plan_action_id")
        .order_by("number")
    )
    found: dict[int, list[plan_links.Serving]] = defaultdict(list)
    for project in projects:
        found[project.plan_action_id].append(  # type: ignore[index]
            plan_links.Serving(
                title=str(project),
                url=project.get_absolute_url(),
                status=str(project.get_status_display()),  # type: ignore[attr-defined]
                granted=project.granted_amount,
            )
        )
    return dict(found)


def projects_holding(action_ids: Iterable[int]) -> dict[int, int]:
    """How many projects name each of these actions, whoever may see them (one query)."""
    rows = (
        Project.objects.filter(plan_action_id__in=list(action_ids))
        .order_by()
        .values("plan_action_id")
        .annotate(count=Count("pk"))
    )
    return {row["plan_action_id"]: row["count"] for row in rows}


# --- A year of the créneaux' projects, for their annual reports (results) ------------------------
# A joint project counts whole for each of its créneaux: each bilan reports what its créneau took part in.

_PAID_OUT = Coalesce(F("project__disbursements__paid_amount"), F("project__disbursements__amount"))
SIDES = (impact_rules.EXPECTED, impact_rules.ACTUAL)


def zero(figure: impact_rules.Figure) -> Any:
    return ZERO if figure.money else 0


@dataclass(frozen=True)
class YearProjects:
    """A créneau's projects seen from a year: granted in the year (count, aid), paid out in the year,
    where all its submitted projects stand today, and the impact its projects closed in the year
    reported in their final reports (expected against actual)."""

    granted: int = 0
    granted_amount: Decimal = ZERO
    disbursed: Decimal = ZERO
    by_status: tuple[tuple[str, int], ...] = ()
    closed: int = 0
    expected_jobs: int = 0
    actual_jobs: int = 0
    expected_investment: Decimal = ZERO
    actual_investment: Decimal = ZERO
    expected_sales: Decimal = ZERO
    actual_sales: Decimal = ZERO
    expected_companies: int = 0
    actual_companies: int = 0
    # The figures of decision 40: reported, None when every final report of those projects came before them.
    expected_jobs_kept: int = 0
    actual_jobs_kept: int | None = None
    expected_public_investment: Decimal = ZERO
    actual_public_investment: Decimal | None = None
    expected_export_sales: Decimal = ZERO
    actual_export_sales: Decimal | None = None
    expected_export_contracts: int = 0
    actual_export_contracts: int | None = None
    expected_export_contracts_amount: Decimal = ZERO
    actual_export_contracts_amount: Decimal | None = None
    #: Projects closed in the year whose final report came before those figures (not counted in them).
    older_reports: int = 0


def creneaux_year_projects(creneau_ids: Sequence[int], year: int) -> dict[int, YearProjects]:
    """`YearProjects` of each créneau, by créneau id, in four queries whatever their number."""
    ids = list(creneau_ids)
    links = ProjectCreneau.objects.filter(creneau_id__in=ids).order_by()
    granted = {
        row["creneau_id"]: row
        for row in links.filter(project__status__in=COMMITTED, project__granted_at__year=year)
        .values("creneau_id")
        .annotate(n=Count("pk"), amount=Sum("project__granted_amount"))
    }
    paid = dict(
        links.filter(project__disbursements__status__in=PAID_CLAIMS, project__disbursements__decided_at__year=year)
        .values("creneau_id")
        .annotate(s=Sum(_PAID_OUT))
        .values_list("creneau_id", "s")
    )
    statuses: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for creneau_id, status, n in (
        links.exclude(project__status=ProjectStatus.DRAFT)
        .values("creneau_id", "project__status")
        .annotate(n=Count("pk"))
        .order_by("creneau_id", "project__status")
        .values_list("creneau_id", "project__status", "n")
    ):
        statuses[creneau_id].append((status, n))
    closed_in_year = ProjectEvent.objects.filter(
        project_id=OuterRef("project_id"), to_status=ProjectStatus.CLOSED, occurred_at__year=year
    )
    impact = {
        row["creneau_id"]: row
        for row in links.filter(Exists(closed_in_year), project__status=ProjectStatus.CLOSED)
        .values("creneau_id")
        .annotate(
            n=Count("pk"),
            # The figures of decision 40 are given together: one of them tells the reports that gave them.
            reported_added=Count("project__actual_jobs_kept"),
            **{name: Sum(f"project__{name}") for side in SIDES for name in impact_rules.fields(side)},
        )
    }
    added = set(impact_rules.fields(impact_rules.ACTUAL, impact_rules.ADDED))
    result = {}
    for creneau_id in ids:
        g = granted.get(creneau_id, {})
        i = impact.get(creneau_id, {})
        closed, reported_added = i.get("n") or 0, i.get("reported_added") or 0
        figures: dict[str, Any] = {}
        for figure in impact_rules.FIGURES:
            for side in SIDES:
                name = figure.field(side)
                unknown = name in added and closed > 0 and reported_added == 0  # only reports of before
                figures[name] = i.get(name) if i.get(name) is not None else None if unknown else zero(figure)
        result[creneau_id] = YearProjects(
            granted=g.get("n") or 0,
            granted_amount=g.get("amount") or ZERO,
            disbursed=paid.get(creneau_id) or ZERO,
            by_status=tuple(statuses.get(creneau_id, ())),
            closed=closed,
            older_reports=closed - reported_added,
            **figures,
        )
    return result


def granted_in_year(creneau_id: int, year: int) -> list[dict[str, Any]]:
    """The créneau's projects granted in the year, by number, with the aid granted and paid to date (one query)."""
    paid_out = Coalesce(F("disbursements__paid_amount"), F("disbursements__amount"))
    return list(
        Project.objects.filter(creneau_links__creneau_id=creneau_id, status__in=COMMITTED, granted_at__year=year)
        .annotate(paid=Coalesce(Sum(paid_out, filter=Q(disbursements__status__in=PAID_CLAIMS)), ZERO))
        .order_by("number", "pk")
        .values("pk", "number", "title", "status", "granted_amount", "paid")
    )


# --- The public site: granted projects' pages and the program's results (decision 54) ----------------

#: How many published projects a créneau's fiche or a region's page lists.
SHOWCASE_SIZE = 5
#: How many créneaux the results page names (those that received the most aid).
RESULTS_NICHES = 15


def _cost() -> Any:
    """A project's total cost, the sum of its cost lines (a subquery: no join that would repeat rows)."""
    lines = ProjectCost.objects.filter(project=OuterRef("pk")).order_by().values("project").annotate(s=Sum("amount"))
    return Coalesce(Subquery(lines.values("s")), ZERO, output_field=DecimalField(max_digits=16, decimal_places=2))


def _public_niches() -> Prefetch:
    niches = Creneau.objects.only("pk", "slug", "name_fr", "name_en").order_by(localized_expression("name"), "pk")
    return Prefetch("creneaux", queryset=niches)


def public_projects() -> QuerySet[Project]:
    """The published projects as the public list shows them, latest published first, with their
    region, carrier and créneaux (two queries a page)."""
    return (
        policies.published_projects()
        .select_related("region", "carrier")
        .prefetch_related(_public_niches())
        .order_by("-published_at", "-pk")
    )


def public_years() -> list[int]:
    """The years in which published projects were granted, latest first (the list's choice of year; one query)."""
    years = policies.published_projects().annotate(year=ExtractYear("granted_at")).values_list("year", flat=True)
    return sorted({year for year in years.order_by().distinct() if year is not None}, reverse=True)


def public_niches() -> QuerySet[Creneau]:
    """The créneaux of the published projects, by name (the list's choice of niche; one query)."""
    # A subquery rather than a join and DISTINCT: PostgreSQL sorts DISTINCT rows only by what they select.
    links = ProjectCreneau.objects.filter(project__in=policies.published_projects().values("pk"))
    return (
        Creneau.objects.filter(pk__in=links.values("creneau_id"))
        .only("pk", "slug", "name_fr", "name_en")
        .order_by(localized_expression("name"), "pk")
    )


@dataclass(frozen=True)
class PublicSheet:
    """What a published project's page shows: what was financed, the aid, the cost and its leverage,
    and once the ministry accepted its final report, the results it reported. Nothing of the file
    under review, no person, no document."""

    project: Project
    cost: Decimal
    #: The project's results, from its final report once the ministry accepted it (closed); None before.
    results: list[impact_rules.Line] | None

    @property
    def aid(self) -> Decimal:
        return self.project.granted_amount or ZERO

    @property
    def leverage(self) -> Decimal | None:
        return Leverage(self.cost, self.aid, 1).ratio


def public_sheet(pk: int) -> PublicSheet | None:
    """A published project's page, or None when it is not published (two queries)."""
    project = (
        policies.published_projects()
        .select_related("region", "carrier")
        .prefetch_related(_public_niches())
        .annotate(total_cost=_cost())
        .filter(pk=pk)
        .first()
    )
    if project is None:
        return None
    reported = project.status == ProjectStatus.CLOSED
    results = impact_rules.lines(project) if reported else None
    return PublicSheet(project=project, cost=project.total_cost, results=results)  # type: ignore[attr-defined]


def _project_entries(projects: QuerySet[Project]) -> list[showcase.Entry]:
    found = projects.select_related(None).only("pk", "title", "granted_at").order_by("-published_at", "-pk")
    return [
        showcase.Entry(
            title=project.title,
            url=project.get_public_url(),
            on=timezone.localdate(project.granted_at) if project.granted_at else None,
            lang=project.title_lang,
        )
        for project in found[:SHOWCASE_SIZE]
    ]


def _project_section(projects: QuerySet[Project], more_url: str) -> list[showcase.Section]:
    entries = _project_entries(projects)
    if not entries:
        return []
    return [
        showcase.Section(
            title=_("Projects financed"), entries=entries, more_url=more_url, more_label=_("All the projects financed")
        )
    ]


def creneau_sections(creneau: Creneau) -> list[showcase.Section]:
    """The créneau's published projects, on its fiche (one query)."""
    more = f"{reverse('funding_public:project_list')}?creneau={creneau.slug}"
    return _project_section(policies.published_projects().filter(creneau_links__creneau=creneau), more)


def region_sections(region: Region) -> list[showcase.Section]:
    """The region's published projects, on its page (one query)."""
    more = f"{reverse('funding_public:project_list')}?region={region.code}"
    return _project_section(policies.published_projects().filter(region=region), more)


@dataclass(frozen=True)
class ImpactTotals:
    """The results the closed projects reported, added up: None for a figure no report gave."""

    projects: int
    figures: dict[str, Any]

    @property
    def lines(self) -> list[tuple[impact_rules.Figure, Any]]:
        return [(figure, self.figures.get(figure.field(impact_rules.ACTUAL))) for figure in impact_rules.FIGURES]


@dataclass(frozen=True)
class ResultRow:
    """A row of the results: a group's aid (a region, a créneau, a year) with its projects' total cost."""

    aid: AidRow
    cost: Decimal

    @property
    def leverage(self) -> Decimal | None:
        return Leverage(self.cost, self.aid.amount, self.aid.projects).ratio


@dataclass(frozen=True)
class ProgramResults:
    """The program's results for the public: the aid granted by region, by créneau (the most aided)
    and by year, with each group's cost and leverage; the totals; what the closed projects reported."""

    regions: list[ResultRow]
    creneaux: list[ResultRow]
    years: list[ResultRow]
    total: Leverage
    impact: ImpactTotals


def results_projects(*, region: Region | None = None, year: int | None = None) -> QuerySet[Project]:
    """The projects the results count: every project whose aid is granted (published or not: these
    are sums), of a region, granted in a year."""
    projects = granted(Project.objects.all()).order_by()
    if region is not None:
        projects = projects.filter(region=region)
    if year is not None:
        projects = projects.filter(granted_at__year=year)
    return projects


def granted_years() -> list[int]:
    """The years in which aid was granted, latest first (the results page's choice of year; one query)."""
    years = results_projects().annotate(year=ExtractYear("granted_at")).values_list("year", flat=True).distinct()
    return sorted({year for year in years if year is not None}, reverse=True)


def program_results(*, region: Region | None = None, year: int | None = None) -> ProgramResults:
    """The program's results (five queries whatever the number of projects: every sum by the database).

    A project of several créneaux counts whole in each, as in the bilans: each créneau took part in
    all of it, so the créneaux' rows may add up to more than the total. Leverage is the projects'
    total cost (their cost lines) for each dollar of aid granted, as on the fund's dashboard.
    """
    projects = results_projects(region=region, year=year)
    costed = projects.annotate(cost=_cost())
    by_region = list(
        costed.values("region__code", "region__name")
        .annotate(amount=Sum("granted_amount"), n=Count("pk"), total_cost=Sum("cost"))
        .order_by("region__code")
    )
    by_year = list(
        costed.annotate(year=ExtractYear("granted_at"))
        .values("year")
        .annotate(amount=Sum("granted_amount"), n=Count("pk"), total_cost=Sum("cost"))
        .order_by("year")
    )
    links = ProjectCreneau.objects.filter(project__in=projects.values("pk")).order_by()
    niche_cost = ProjectCost.objects.filter(project=OuterRef("project_id")).order_by().values("project")
    by_niche = list(
        links.annotate(
            cost=Coalesce(
                Subquery(niche_cost.annotate(s=Sum("amount")).values("s")),
                ZERO,
                output_field=DecimalField(max_digits=16, decimal_places=2),
            )
        )
        .values("creneau__slug", "creneau__name_fr", "creneau__name_en")
        .annotate(amount=Sum("project__granted_amount"), n=Count("project_id"), total_cost=Sum("cost"))
        .order_by("-amount", "creneau__name_fr")[:RESULTS_NICHES]
    )
    totals = costed.aggregate(amount=Sum("granted_amount"), n=Count("pk"), total_cost=Sum("cost"))
    closed = projects.filter(status=ProjectStatus.CLOSED).aggregate(
        n=Count("pk"), **{name: Sum(name) for name in impact_rules.fields(impact_rules.ACTUAL)}
    )

    def rows(found: list[dict[str, Any]], key: Callable[[dict[str, Any]], Any], label: Any) -> list[ResultRow]:
        aid = _with_bars([AidRow(key(row), label(row), row["amount"] or ZERO, row["n"]) for row in found])
        return [ResultRow(line, row["total_cost"] or ZERO) for line, row in zip(aid, found, strict=True)]

    return ProgramResults(
        regions=rows(by_region, lambda r: r["region__code"], lambda r: r["region__name"]),
        creneaux=rows(
            by_niche,
            lambda r: r["creneau__slug"],
            lambda r: localized(SimpleNamespace(name_fr=r["creneau__name_fr"], name_en=r["creneau__name_en"]), "name"),
        ),
        years=rows(by_year, lambda r: r["year"], lambda r: str(r["year"])),
        total=Leverage(totals["total_cost"] or ZERO, totals["amount"] or ZERO, totals["n"]),
        impact=ImpactTotals(projects=closed.pop("n"), figures=closed),
    )
