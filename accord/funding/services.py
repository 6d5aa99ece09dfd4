"""Every write of the fund: program settings, projects and their pipeline, the envelope's ledger.

Each transition locks the project's row, checks the policy, then the transition table,
saves the fields that change with their history, writes a ProjectEvent, and queues the
emails after the commit. A grant locks the envelope's row before it reads what is left,
so two grants decided at the same moment cannot both take the last dollars.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.core import public
from accord.core.i18n import in_french, message, render_message
from accord.core.money import format_money
from accord.core.services import (
    actor_or_none,
    apply_changes,
    check_revision,
    create_with_history,
    delete_with_history,
    lock,
    record_event,
)
from accord.core.validation import reject_nul
from accord.core.workflow import InvalidTransition
from accord.governance import selectors as governance_selectors
from accord.governance import services as governance
from accord.governance.models import CommitteeKind, Resolution, ResolutionOutcome
from accord.planning.models import Action as PlanAction
from accord.planning.models import ActionStatus, Plan
from accord.registry.models import Creneau, Organisation, Region

from . import guide as rules
from . import impact, ledger, policies, selectors, similarity, tasks, workflow
from .models import (
    DEFAULT_ENVELOPE,
    RESOURCE_REGION_ENVELOPE,
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
from .workflow import Action

# --- Helpers ---------------------------------------------------------------------------------


def _event(
    project: Project,
    kind: str,
    *,
    actor: Any,
    resolution: Resolution | None = None,
    audience: str | None = None,
    **fields: Any,
) -> None:
    """Append to the project's timeline; a resolution names its committee. The entry is read by
    its kind's audience (workflow.EVENT_AUDIENCE) unless the caller narrows it."""
    committee = resolution.committee if resolution is not None else None
    record_event(
        ProjectEvent,
        project=project,
        action=kind,
        actor=actor,
        resolution=resolution,
        committee=committee,
        audience=audience or workflow.event_audience(kind),
        **fields,
    )


def _move(
    project: Project,
    action: str,
    *,
    actor: Any,
    note: str = "",
    note_message: Mapping[str, Any] | None = None,
    changes: Mapping[str, Any] | None = None,
    amount: Decimal | None = None,
    resolution: Resolution | None = None,
    delegation: Delegation | None = None,
) -> Project:
    """Take the project through `action` (the caller holds the lock and checked the policy).

    `note` is a person's reason, as written; `note_message` the system's words (decision 25),
    stored as a message and rendered in each reader's language. The people concerned are told
    after the commit.
    """
    if note_message:
        note = in_french(note_message)
    before = project.status
    after = workflow.target(before, action)
    entered = {"status": after, "status_entered_at": timezone.now()}
    apply_changes(project, {**(changes or {}), **entered}, actor=actor, reason=note)
    _event(
        project,
        action,
        actor=actor,
        from_status=before,
        to_status=after,
        note=note,
        note_message=note_message or {},
        amount=amount,
        resolution=resolution,
        delegation=delegation,
    )
    refresh_figures(project.region_id, project.period_id)
    if before in workflow.COMMITTED or after in workflow.COMMITTED:
        # The program's public results count the granted projects, and a published project's page
        # shows its status's figures (decision 54): the public pages kept whole change with it.
        public.bump()
    project_id = project.pk
    transaction.on_commit(lambda: tasks.notify_step.delay(project_id, action))
    return project


def refresh_figures(region_id: int, period_id: int) -> None:
    """Compute the dashboard's figures of the region and period again, in the caller's transaction.

    Every write that changes a project's status, amounts, region or period, or the envelope's
    ledger, calls this before it commits. The envelope's row lock makes concurrent writers of
    one region take turns: each reads the others' committed rows and its own.
    """
    envelope = (
        Envelope.objects.select_for_update()
        .select_related("period")
        .filter(region_id=region_id, period_id=period_id)
        .first()
    )
    if envelope is None:  # no envelope, no figures: the dashboard shows envelopes only
        return
    fresh = selectors.region_figures(envelope.period, [envelope])[region_id]
    EnvelopeFigures.objects.update_or_create(envelope=envelope, defaults=selectors.figures_fields(fresh))
    NicheFigures.objects.filter(envelope=envelope).delete()
    NicheFigures.objects.bulk_create(selectors.niche_rows(envelope, fresh))


def refresh_all_figures() -> int:
    """Compute every envelope's figures again (after a bulk load, or to check the kept ones); how many."""
    done = 0
    for period in ProgramPeriod.objects.all():
        envelopes = list(Envelope.objects.filter(period=period))
        fresh = selectors.region_figures(period, envelopes)
        rows = [EnvelopeFigures(envelope=e, **selectors.figures_fields(fresh[e.region_id])) for e in envelopes]
        EnvelopeFigures.objects.filter(envelope__period=period).delete()
        EnvelopeFigures.objects.bulk_create(rows)
        NicheFigures.objects.filter(envelope__period=period).delete()
        NicheFigures.objects.bulk_create(
            [row for e in envelopes for row in selectors.niche_rows(e, fresh[e.region_id])], batch_size=2000
        )
        done += len(rows)
    return done


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_step(actor: Any, project: Project, step: str, message: str) -> None:
    """The policy for a step of the pipeline (workflow.STEPS: who may take it).

    Every write to a project passes here: a project of the program's history is refused first,
    with its own words, whoever asks (decision 55)."""
    _require_not_imported(project)
    _require(policies.may_take(actor, project, step), message)


def _require_not_imported(project: Project) -> None:
    """A project imported from the program's history is read-only: its file is the program's archive."""
    if project.imported_at is not None:
        raise PermissionDenied(
            _("This project comes from the program's history: it is read-only. Import its file again to correct it.")
        )


def _require_open(step: str, status: str, message: str) -> None:
    """The status for a step that moves no project (workflow.STEPS: when it is open)."""
    if not workflow.is_open(step, status):
        raise InvalidTransition(message)


def _reason(reason: str) -> str:
    reject_nul(reason)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason: the carrier reads it.")})
    return reason.strip()


# --- Program settings ------------------------------------------------------------------------


def default_envelope(region: Region, on: datetime.date) -> Decimal:
    """4,000,000 $, or 4,800,000 $ for a region that is a resource region on that day."""
    return RESOURCE_REGION_ENVELOPE if region.is_resource_region(on) else DEFAULT_ENVELOPE


@transaction.atomic
def create_period(
    *, actor: Any, code: str, name: str, starts_on: datetime.date, ends_on: datetime.date
) -> ProgramPeriod:
    """A program period, with each region's envelope at its default amount."""
    _require(policies.can_manage_program(actor), _("Only the ministry sets up the program."))
    period = ProgramPeriod(code=code, name=name, starts_on=starts_on, ends_on=ends_on)
    create_with_history(period, actor=actor)
    for region in Region.objects.with_resource_status(starts_on):
        envelope = Envelope(region=region, period=period, amount=default_envelope(region, starts_on))
        create_with_history(envelope, actor=actor)
        EnvelopeFigures.objects.create(envelope=envelope)
    return period


@transaction.atomic
def set_envelope(envelope: Envelope, *, actor: Any, amount: Decimal, equity_margin: Decimal, reason: str) -> Envelope:
    """Change an envelope's amount (never below what it has committed) or its equity margin."""
    _require(policies.can_manage_program(actor), _("Only the ministry changes an envelope."))
    envelope.refresh_from_db(from_queryset=Envelope.objects.select_for_update())
    promised = selectors.committed(envelope.pk)
    if amount < promised:
        raise ValidationError(
            {"amount": _("The envelope has already committed %(committed)s.") % {"committed": format_money(promised)}}
        )
    apply_changes(envelope, {"amount": amount, "equity_margin": equity_margin}, actor=actor, reason=_reason(reason))
    return envelope


@transaction.atomic
def set_equity_weights(envelope: Envelope, *, actor: Any, weights: Mapping[int, Decimal], reason: str) -> None:
    """Weigh the niches' fair shares of the envelope (1 each by default)."""
    _require(policies.can_manage_program(actor), _("Only the ministry changes an envelope."))
    reason = _reason(reason)
    existing = {w.creneau_id: w for w in EquityWeight.objects.filter(envelope=envelope)}
    for creneau_id, weight in weights.items():
        if weight < 0:
            raise ValidationError({"weights": _("A weight cannot be negative.")})
        row = existing.get(creneau_id)
        if row is None:
            create_with_history(
                EquityWeight(envelope=envelope, creneau_id=creneau_id, weight=weight), actor=actor, reason=reason
            )
        else:
            apply_changes(row, {"weight": weight}, actor=actor, reason=reason)


GUIDE_FIELDS = (
    "in_force_from",
    "eligible_carrier_kinds",
    "eligible_cost_categories",
    "max_rate_enterprise",
    "max_rate_organisation",
    "public_cap_enterprise",
    "public_cap_organisation",
    "min_amount",
    "max_amount",
    "second_signature_above",
    "required_documents",
    "notes",
)


@transaction.atomic
def publish_guide(*, actor: Any, **values: Any) -> FundGuide:
    """A new version of the fund guide. Published versions never change."""
    _require(policies.can_manage_program(actor), _("Only the ministry publishes the fund guide."))
    unknown = set(values) - set(GUIDE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown guide fields: {sorted(unknown)}")
    FundGuide.objects.select_for_update().all().exists()  # one version number at a time
    version = (FundGuide.objects.aggregate(m=Max("version"))["m"] or 0) + 1
    guide = FundGuide(version=version, adopted_by=actor_or_none(actor), **values)
    create_with_history(guide, actor=actor)
    return guide


@transaction.atomic
def delegate(
    *, actor: Any, region: Region, period: ProgramPeriod, up_to: Decimal, reason: str, decision: str = ""
) -> Delegation:
    """The ministry hands the final approval of smaller projects to a region's committee."""
    _require(policies.can_manage_program(actor), _("Only the ministry delegates its decisions."))
    delegation = Delegation(
        region=region,
        period=period,
        decision=decision or DelegatedDecision.FINAL_APPROVAL,
        up_to=up_to,
        granted_by=actor,
        reason=_reason(reason),
    )
    create_with_history(delegation, actor=actor)
    return delegation


@transaction.atomic
def revoke_delegation(delegation: Delegation, *, actor: Any, reason: str) -> Delegation:
    """The ministry takes a delegation back: projects granted under it keep their grant."""
    _require(policies.can_manage_program(actor), _("Only the ministry delegates its decisions."))
    delegation.refresh_from_db(from_queryset=Delegation.objects.select_for_update())
    if delegation.revoked_at is not None:
        raise InvalidTransition(_("This delegation was already revoked."))
    apply_changes(delegation, {"revoked_at": timezone.now(), "revoked_by": actor}, actor=actor, reason=_reason(reason))
    return delegation


# --- Drafting a project ------------------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    """What the carrier writes in a project: the fields, the budget, the financing and the partners."""

    fields: Mapping[str, Any]
    creneaux: Sequence[Creneau]
    costs: Sequence[tuple[str, str, Decimal]] = ()  # category, description, amount
    financing: Sequence[tuple[str, str, Decimal]] = ()  # source, funder, amount
    partners: Sequence[tuple[Organisation, str]] = ()  # organisation, role


CONTENT_FIELDS = (
    "title",
    "summary",
    "objectives",
    "plan_action",
    "region",
    "period",
    "starts_on",
    "ends_on",
    "requested_amount",
    *impact.fields(impact.EXPECTED),
)


def _check_scope(carrier: Organisation, region: Region, creneaux: Sequence[Creneau]) -> None:
    if not creneaux:
        raise ValidationError({"creneaux": _("Choose the niche (or niches) the project serves.")})
    region_ids = set()
    for creneau in creneaux:
        region_ids |= {link.region_id for link in creneau.region_links.all()}  # type: ignore[attr-defined]
    if region.pk not in region_ids:
        raise ValidationError({"region": _("The region's envelope funds projects of its own niches only.")})


def plan_action_refusal(
    action: PlanAction | None,
    creneaux: Sequence[Creneau],
    starts_on: datetime.date | None,
    ends_on: datetime.date | None,
    *,
    current_id: int | None = None,
) -> str | None:
    """Why the project may not name this plan action, or None (R-MOB-10, decision 35).

    The action belongs to a plan, draft or adopted, of one of the project's niches, whose years
    meet the project's (start to end); it is not cancelled, unless the project named it already
    (an action cancelled since keeps the projects that served it). The refusal says which plans
    the project may take an action from.
    """
    if action is None:
        return None
    if action.status == ActionStatus.CANCELLED and action.pk != current_id:
        return _("The action “%(action)s” is cancelled: choose another one.") % {"action": action.title}
    plan = action.objective.axis.plan
    niche_ids = {creneau.pk for creneau in creneaux}
    if starts_on is None or ends_on is None:
        fits = plan.creneau_id in niche_ids
        allowed: list[Plan] = []
    else:
        fits = plan.creneau_id in niche_ids and plan.first_year <= ends_on.year and plan.last_year >= starts_on.year
        allowed = [] if fits else selectors.plans_for(niche_ids, starts_on.year, ends_on.year)
    if fits:
        return None
    if allowed:
        plans = "; ".join(f"{p} – {p.creneau.name}" for p in allowed)
        return _(
            "The action “%(action)s” is not in a plan of the project's niches for its years: "
            "choose an action of %(plans)s."
        ) % {"action": action.title, "plans": plans}
    return _(
        "The action “%(action)s” is not in a plan of the project's niches for its years, "
        "and those niches have no plan for these years: leave the plan action empty."
    ) % {"action": action.title}


def _check_impact(project: Project | None, fields: Mapping[str, Any], side: str) -> None:
    """Refuse figures of impact that do not hold together (funding.impact.refusals), each on its field;
    those not given are the project's (a new one's defaults)."""

    def value(name: str) -> Any:
        if name in fields:
            return fields[name]
        if project is not None:
            return getattr(project, name)
        return cast("models.Field[Any, Any]", Project._meta.get_field(name)).get_default()

    values = {name: value(name) for name in impact.fields(side)}
    problems = impact.refusals(values, side)
    if problems:
        raise ValidationError(problems)


def _check_plan_action(project: Project | None, fields: Mapping[str, Any], creneaux: Sequence[Creneau]) -> None:
    def value(name: str) -> Any:
        return fields[name] if name in fields else getattr(project, name, None)

    refusal = plan_action_refusal(
        value("plan_action"),
        creneaux,
        value("starts_on"),
        value("ends_on"),
        current_id=project.plan_action_id if project is not None else None,
    )
    if refusal:
        raise ValidationError({"plan_action": refusal}, code="plan_action")


def _write_content(project: Project, content: Content, *, actor: Any) -> None:
    """Replace the budget, financing and partners with `content`'s, with history."""
    for model in (ProjectCost, ProjectFunding, ProjectPartner):
        for row in model.objects.filter(project=project):
            delete_with_history(row, actor=actor)
    for category, description, amount in content.costs:
        create_with_history(
            ProjectCost(project=project, category=category, description=description, amount=amount), actor=actor
        )
    for source, funder, amount in content.financing:
        create_with_history(ProjectFunding(project=project, source=source, funder=funder, amount=amount), actor=actor)
    seen = set()
    for organisation, role in content.partners:
        if organisation.pk == project.carrier_id or organisation.pk in seen:
            continue
        seen.add(organisation.pk)
        create_with_history(ProjectPartner(project=project, organisation=organisation, role=role), actor=actor)
    wanted = {c.pk for c in content.creneaux}
    links = {link.creneau_id: link for link in ProjectCreneau.objects.filter(project=project)}
    for creneau_id, link in links.items():
        if creneau_id not in wanted:
            delete_with_history(link, actor=actor)
    for creneau_id in wanted - set(links):
        create_with_history(ProjectCreneau(project=project, creneau_id=creneau_id), actor=actor)


def _next_number(region: Region, year: int) -> str:
    prefix = f"FSDCE-{region.code}-{year}-"
    last = (
        Project.objects.select_for_update()
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    sequence = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{sequence:04d}"


@transaction.atomic
def create_project(carrier: Organisation, content: Content, *, actor: Any) -> Project:
    """A draft project carried by `carrier`, numbered per region and year."""
    _require(policies.can_create_project(actor, carrier), _("You may not draft a project for this organisation."))
    fields = {name: content.fields[name] for name in CONTENT_FIELDS if name in content.fields}
    region = fields["region"]
    _check_scope(carrier, region, content.creneaux)
    _check_plan_action(None, fields, content.creneaux)
    _check_impact(None, fields, impact.EXPECTED)
    Region.objects.select_for_update().filter(pk=region.pk).exists()  # one number at a time per region
    project = Project(
        carrier=carrier,
        number=_next_number(region, timezone.localdate().year),
        created_by=actor_or_none(actor),
        **fields,
    )
    create_with_history(project, actor=actor)
    _write_content(project, content, actor=actor)
    _event(project, EventKind.CREATE, actor=actor, to_status=ProjectStatus.DRAFT)
    refresh_figures(project.region_id, project.period_id)
    pair_similar([project])
    return project


@transaction.atomic
def update_project(
    project: Project, content: Content, *, actor: Any, reason: str = "", revision: int | None = None
) -> Project:
    """The carrier changes a draft (or a project returned for changes).

    `revision` is the one the editor started from: EditConflict, nothing changed, when it is stale.
    """
    lock(project)
    _require_step(actor, project, "edit", _("You may not change this project."))
    _require_open("edit", project.status, _("A project can be changed only as a draft or when it is returned."))
    fields = {name: content.fields[name] for name in CONTENT_FIELDS if name in content.fields}
    _check_scope(project.carrier, fields.get("region", project.region), content.creneaux)
    _check_plan_action(project, fields, content.creneaux)
    _check_impact(project, fields, impact.EXPECTED)
    before = (project.region_id, project.period_id)
    check_revision(project, fields, revision)
    changed = apply_changes(project, fields, actor=actor, reason=reason, revision=revision)
    if not changed:
        # Only the budget, financing, partners or niches changed: still an edit of the project.
        project.revision += 1
        project.save(update_fields=["revision"])
    _write_content(project, content, actor=actor)
    _event(project, EventKind.UPDATE, actor=actor, note=reason)
    # A draft may move to another region or period: both sets of figures change.
    for region_id, period_id in {before, (project.region_id, project.period_id)}:
        refresh_figures(region_id, period_id)
    if {"title", "summary"} & set(changed):
        pair_similar([project])  # its text changed: its similar projects may have too
    return project


@transaction.atomic
def attach_document(
    project: Project,
    *,
    actor: Any,
    title: str,
    file: Any,
    audience: str | None = None,
    kind: str = "",
    replaces: ProjectDocument | None = None,
) -> ProjectDocument:
    """File a document with the project (a required one, a proof, the signed agreement…).

    `kind` is the fund guide's required document it is (its title in the guide). A document
    of a kind already filed replaces it, as does one filed to replace `replaces`: the older
    version is kept, marked replaced, so the file keeps its history and the guide's check
    reads the newest version only.

    Read by `audience`, or by the default for its kind (workflow.document_audience): a
    document the carrier files is always the carrier's; staff and committees may narrow
    theirs, never beyond what they read themselves. Its timeline entry has its audience.
    """
    lock(project)
    _require_step(actor, project, "document", _("You may not file documents here."))
    _require_open("document", project.status, _("The file of a closed project no longer changes."))
    reject_nul(title)
    kind = kind.strip()
    guide = project.guide or selectors.current_guide()
    if kind and (guide is None or kind not in guide.required_documents):
        raise ValidationError({"kind": _("Choose a type of document the fund guide requires.")})
    allowed = policies.document_audiences(actor, project)
    reader = allowed[-1] if allowed else Audience.CARRIER
    if audience is None:
        required = guide.required_documents if guide is not None else []
        audience = workflow.document_audience(kind or title, required, reader)
    if audience not in allowed:
        raise ValidationError({"audience": _("Choose who may read the document among the choices offered.")})
    current = ProjectDocument.objects.select_for_update().filter(project=project, replaced_by=None)
    if replaces is not None:
        previous = current.filter(pk=replaces.pk).first()
        if previous is None:
            raise ValidationError({"replaces": _("Only a current document of this project can be replaced.")})
    else:
        previous = current.filter(kind=kind).first() if kind else None
    document = ProjectDocument(
        project=project,
        title=title.strip() or kind,
        kind=kind or (previous.kind if previous is not None else ""),
        file=file,
        uploaded_by=actor_or_none(actor),
        audience=audience,
    )
    document.full_clean()
    document.save()
    if previous is not None:
        previous.replaced_by = document
        previous.save(update_fields=["replaced_by"])
    _event(project, EventKind.DOCUMENT, actor=actor, note=document.title, audience=audience)
    return document


def _guide_errors(report: rules.Report | None) -> None:
    if report is None:
        raise ValidationError(_("No fund guide is in force: the ministry must publish one first."))
    if not report.ok:
        raise ValidationError(report.by_field())


# --- The pipeline --------------------------------------------------------------------------------


@transaction.atomic
def submit_project(project: Project, *, actor: Any) -> Project:
    """To the niche committee(s): checked against the guide, then on each committee's next agenda."""
    lock(project)
    _require_step(actor, project, "submit", _("You may not submit this project."))
    workflow.target(project.status, Action.SUBMIT)
    guide = selectors.current_guide()
    if guide is None:
        raise ValidationError(_("No fund guide is in force: the ministry must publish one first."))
    _guide_errors(rules.check(guide, selectors.figures(project)))
    if project.status == ProjectStatus.RETURNED and project.resubmit_to == ProjectStatus.ANALYSIS:
        # The ministry asked for the changes and no new committee decision: back to its analysis.
        return _move(project, Action.RESUBMIT, actor=actor, changes={"guide": guide, "resubmit_to": ""})
    committees = selectors.niche_committees(project)
    if not committees:
        raise ValidationError(_("The project's niche has no committee to decide on it."))
    # A resubmitted project is decided on afresh (each link keeps the history of its resolution).
    for link in ProjectCreneau.objects.filter(project=project).exclude(resolution=None):
        apply_changes(link, {"resolution": None}, actor=actor)
    _move(project, Action.SUBMIT, actor=actor, changes={"guide": guide, "resubmit_to": ""})
    today = timezone.localdate()
    for committee in committees:
        # A niche committee that delegated its decisions on projects sends them to its executive committee.
        decider = governance_selectors.delegate_of(committee, today) or committee
        governance.put_on_next_agenda(decider, actor=actor, title=str(project), subject=project)
    return project


def follow_resolution(project: Project, resolution: Resolution, *, actor: Any) -> None:
    """A committee decided on the project in a meeting: the project moves accordingly.

    A niche committee of one of its niches decides first (each of them, for a joint
    project), or the executive committee it delegated its decisions on projects to by
    resolution; then the regional committee of its region. A resolution of another body, or
    one that comes at the wrong step, is recorded on the project's timeline and moves nothing.
    """
    lock(project)
    _require_not_imported(project)
    committee = resolution.committee
    adopted = resolution.outcome == ResolutionOutcome.ADOPTED
    if resolution.outcome not in (ResolutionOutcome.ADOPTED, ResolutionOutcome.REJECTED):
        return
    niche = committee
    if committee.kind == CommitteeKind.EXECUTIVE:
        # An executive committee decides for the niche committee that delegated it, by resolution.
        decided_on = timezone.localdate(resolution.decided_at) if resolution.decided_at else timezone.localdate()
        niche = governance_selectors.delegating_committee(committee, decided_on) or committee
    if niche.kind == CommitteeKind.CRENEAU and niche.creneau_id and project.status == ProjectStatus.SUBMITTED:
        link = ProjectCreneau.objects.filter(project=project, creneau_id=niche.creneau_id).first()
        if link is not None:
            _follow_niche(project, link, resolution, adopted=adopted, actor=actor)
            return
    if (
        committee.kind == CommitteeKind.REGIONAL
        and committee.region_id == project.region_id
        and project.status == ProjectStatus.NICHE_APPROVED
    ):
        _follow_regional(project, resolution, adopted=adopted, actor=actor)
        return
    note = message("funding.resolution_does_not_move")
    _event(project, EventKind.RESOLUTION, actor=actor, note=in_french(note), note_message=note, resolution=resolution)


#: The very similar projects kept for each project (the complementarities count them).
SIMILAR_PAIRS = 5


def pair_similar(projects: Sequence[Project]) -> None:
    """Find again the very similar projects of these projects, whose text was just written (decision 56).

    In the writer's transaction: the index reads the rows it sees, so a project is paired with the
    projects committed before it and with itself never. Pairs pointing at these projects go too: the
    other side is found again when its own text changes, or here if it still resembles.
    """
    if not projects:
        return
    ids = [project.pk for project in projects]
    SimilarPair.objects.filter(Q(project_id__in=ids) | Q(other_id__in=ids)).delete()
    index = selectors.similarity_index()
    pairs = []
    for project in projects:
        text = similarity.project_text(project.title, project.summary)
        hits = index.search(text, limit=max(SIMILAR_PAIRS, similarity.CROWD), exclude=[project.pk])
        for hit in similarity.standing_out(hits)[:SIMILAR_PAIRS]:
            pairs.append(SimilarPair(project_id=project.pk, other_id=hit.project_id, score=hit.score))
    SimilarPair.objects.bulk_create(pairs, ignore_conflicts=True)


def _record_similar_seen(project: Project, resolution: Resolution, *, actor: Any) -> None:
    """The decision's record says the committee was told of a very similar project (decision 56)."""
    close = selectors.closest_similar(project)
    if close is None:
        return
    other, score = close
    note = message("funding.similar_seen", number=other.number, percent=round(score * 100))
    _event(project, EventKind.RESOLUTION, actor=actor, note=in_french(note), note_message=note, resolution=resolution)


def _follow_niche(project: Project, link: ProjectCreneau, resolution: Resolution, *, adopted: bool, actor: Any) -> None:
    _record_similar_seen(project, resolution, actor=actor)
    if not adopted:
        _move(project, Action.REFUSE, actor=actor, note=resolution.number, resolution=resolution)
        return
    apply_changes(link, {"resolution": resolution}, actor=actor)
    waiting = ProjectCreneau.objects.filter(project=project, resolution__isnull=True).exists()
    if waiting:
        _event(project, Action.NICHE_APPROVE, actor=actor, resolution=resolution)
        return
    _move(project, Action.NICHE_APPROVE, actor=actor, resolution=resolution)
    target = selectors.regional_committee(project)
    if target is not None:
        governance.put_on_next_agenda(target, actor=actor, title=str(project), subject=project, source=resolution)


def check_adoption(project: Project, resolution: Resolution) -> None:
    """The regional committee adopts a project above a niche's fair share only with its written reasons."""
    committee = resolution.committee
    if (
        committee.kind == CommitteeKind.REGIONAL
        and committee.region_id == project.region_id
        and project.status == ProjectStatus.NICHE_APPROVED
    ):
        _check_fair_share(project, project.requested_amount, _envelope_of(project), resolution.justification)


def _follow_regional(project: Project, resolution: Resolution, *, adopted: bool, actor: Any) -> None:
    _record_similar_seen(project, resolution, actor=actor)
    if not adopted:
        _move(project, Action.REFUSE, actor=actor, note=resolution.number, resolution=resolution)
        return
    # Adopting a project that takes a niche above its fair share takes the committee's written
    # reasons, on the resolution: refused without them, which undoes the whole decision.
    envelope = _envelope_of(project)
    excess = _check_fair_share(project, project.requested_amount, envelope, resolution.justification)
    apply_changes(project, {"regional_resolution": resolution}, actor=actor)
    delegation = selectors.delegation_for(project, project.requested_amount)
    action, problem = Action.REGIONAL_APPROVE, None
    if delegation is not None:
        envelope = envelope or _locked_envelope(project)  # no envelope: refused, with the reason
        problem = _grant_problem(project, project.requested_amount, envelope)
        if problem is None:
            action = Action.DELEGATED_GRANT
            _commit(
                project,
                envelope,
                action,
                project.requested_amount,
                actor=actor,
                resolution=resolution,
                delegation=delegation,
            )
    if action == Action.REGIONAL_APPROVE:
        # Without a delegation, or when its checks fail, the ministry takes the file (told why).
        _move(project, action, actor=actor, resolution=resolution, note_message=problem)
    _record_above_share(
        project, envelope, excess, action=action, amount=project.requested_amount, actor=actor, resolution=resolution
    )


@transaction.atomic
def return_project(project: Project, *, actor: Any, reason: str, needs_committees: bool = False) -> Project:
    """Back to the carrier for changes, with the reasons.

    Resubmitted, the project goes back to the step that asked for the changes: to the ministry's
    analysis when it was returned from there, unless `needs_committees` (the changes need a new
    decision of the committees); to the niche committee otherwise.
    """
    lock(project)
    _require_step(actor, project, "return", _("You may not return this project."))
    # The transition table also returns a final report (to the ministry alone: return_final_report).
    workflow.require_open("return", project.status)
    back_to = ProjectStatus.ANALYSIS if project.status == ProjectStatus.ANALYSIS and not needs_committees else ""
    return _move(project, Action.RETURN, actor=actor, note=_reason(reason), changes={"resubmit_to": back_to})


@transaction.atomic
def withdraw_project(project: Project, *, actor: Any, reason: str) -> Project:
    """The carrier gives up; a commitment already made goes back to the envelope."""
    lock(project)
    _require_step(actor, project, "withdraw", _("You may not withdraw this project."))
    reason = _reason(reason)
    workflow.target(project.status, Action.WITHDRAW)
    if project.status == ProjectStatus.GRANTED:
        _release(project, project.granted_amount or ZERO, actor=actor, note=reason)
    return _move(project, Action.WITHDRAW, actor=actor, note=reason)


@transaction.atomic
def record_analysis(
    project: Project, *, actor: Any, checklist: Mapping[str, bool], notes: str, recommended_amount: Decimal | None
) -> Project:
    """The ministry's analysis: the guide's checklist, the analyst's notes, a recommended amount."""
    lock(project)
    _require_step(actor, project, "analysis", _("Only the ministry analyses projects."))
    _require_open(
        "analysis", project.status, _("The ministry analyses a project once the regional committee approved it.")
    )
    reject_nul(notes)
    changed = apply_changes(
        project,
        {"checklist": dict(checklist), "analysis_notes": notes, "recommended_amount": recommended_amount},
        actor=actor,
    )
    if changed:
        _event(project, EventKind.ANALYSIS, actor=actor, amount=recommended_amount, note=notes)
    return project


def _grant_problem(project: Project, amount: Decimal, envelope: Envelope) -> dict[str, Any] | None:
    """Why `amount` cannot be granted now (the guide, then the envelope), or None.

    A message (accord.core.i18n): the timeline keeps it and shows it in each reader's language.
    The caller holds the envelope's row lock, so what is left cannot change before it commits.
    """
    report = selectors.guide_report(project, amount=amount)
    if report is None:
        return message("funding.no_guide")
    if not report.ok:
        # The guide's own sentences, each read in the reader's language.
        return message("funding.guide_problems", problems=[problem.text for problem in report.problems])
    available = envelope.amount - selectors.committed(envelope.pk)
    if amount > available:
        return message("funding.envelope_short", region=project.region, available=available, amount=amount)
    return None


def _envelope_of(project: Project) -> Envelope | None:
    """The project's envelope under its row lock, if the region has one for the period."""
    return Envelope.objects.select_for_update().filter(region_id=project.region_id, period_id=project.period_id).first()


def _check_fair_share(
    project: Project, amount: Decimal, envelope: Envelope | None, justification: str, *, field: str | None = None
) -> list[ledger.Excess]:
    """The niches `amount` would take above their fair share plus the margin (R-FND-04).

    Such a decision is refused (ValidationError, on `field` if given) without a written
    justification; the message names each niche, its fair share and what it would reach.
    The caller holds the envelope's row lock, so the shares cannot move before it commits.
    """
    if envelope is None:
        return []
    excess = selectors.above_share(project, amount, envelope)
    if not excess or justification.strip():
        return excess
    messages = [
        _(
            "Equity: with this decision the niche %(niche)s would reach %(reaching)s, above its fair share of"
            " the envelope (%(target)s plus %(margin)s %%). Give the written justification of this decision."
        )
        % {
            "niche": item.share.name,
            "reaching": format_money(item.reaching),
            "target": format_money(item.share.target),
            "margin": rules.percent(item.share.margin),
        }
        for item in excess
    ]
    raise ValidationError({field: messages} if field else messages)


def _record_above_share(
    project: Project,
    envelope: Envelope | None,
    excess: Sequence[ledger.Excess],
    *,
    action: str,
    amount: Decimal,
    actor: Any,
    resolution: Resolution | None = None,
    justification: str = "",
) -> None:
    """Keep each niche a decision took above its fair share, with the figures and who decided."""
    if envelope is None:  # no envelope, no share of it
        return
    for item in excess:
        AboveShareDecision.objects.create(
            project=project,
            envelope=envelope,
            creneau_id=item.share.creneau_id,
            action=action,
            amount=amount,
            target=item.share.target,
            margin=item.share.margin,
            committed=item.share.committed,
            reaching=item.reaching,
            resolution=resolution,
            justification="" if resolution is not None else justification.strip(),
            decided_by=actor_or_none(actor),
        )


def _locked_envelope(project: Project) -> Envelope:
    """The project's envelope under its row lock: what it has left cannot change before the commit."""
    envelope = _envelope_of(project)
    if envelope is None:
        raise ValidationError(_("The region has no envelope for this period."))
    return envelope


def _commit(
    project: Project,
    envelope: Envelope,
    action: str,
    amount: Decimal,
    *,
    actor: Any,
    resolution: Resolution | None = None,
    delegation: Delegation | None = None,
) -> Project:
    """Commit `amount` against the envelope (locked by the caller) and mark the project granted."""
    LedgerEntry.objects.create(
        envelope=envelope, project=project, kind=EntryKind.COMMITMENT, amount=amount, recorded_by=actor_or_none(actor)
    )
    return _move(
        project,
        action,
        actor=actor,
        amount=amount,
        resolution=resolution,
        delegation=delegation,
        changes={"granted_amount": amount, "granted_at": timezone.now(), "delegation": delegation},
    )


def _release(project: Project, amount: Decimal, *, actor: Any, note: str = "", note_message: Any = None) -> None:
    """Give back to the envelope; the note is a person's reason, or `note_message` the system's words."""
    if amount <= 0:
        return
    LedgerEntry.objects.create(
        envelope=_locked_envelope(project),
        project=project,
        kind=EntryKind.RELEASE,
        amount=amount,
        recorded_by=actor_or_none(actor),
        note=in_french(note_message) if note_message else note,
        note_message=note_message or {},
    )


def grant_refusal(project: Project, *, amount: Decimal, justification: str = "") -> ValidationError | None:
    """Why granting `amount` would be refused now (the guide, the envelope, equity), or None.

    No lock and no write: the page asks it before its confirmation, so that a grant the
    service would refuse says why at once rather than after "Confirm". The service checks
    again under the envelope's lock.
    """
    if amount <= 0:
        return ValidationError({"amount": _("Enter a positive amount.")})
    envelope = selectors.project_envelope(project)
    if envelope is None:
        return ValidationError(_("The region has no envelope for this period."))
    problem = _grant_problem(project, amount, envelope)
    if problem is not None:
        return ValidationError({"amount": render_message(problem)})
    try:
        _check_fair_share(project, amount, envelope, justification, field="justification")
    except ValidationError as exc:
        return exc
    return None


@transaction.atomic
def grant_project(project: Project, *, actor: Any, amount: Decimal, justification: str = "") -> Project:
    """The ministry grants `amount`: committed against the envelope, or awaiting a second signature.

    Refused, with the reason, when it breaks the guide or exceeds what the envelope has left;
    and without a written `justification` when it takes a niche above its fair share (kept,
    with the figures, as an AboveShareDecision). The second signature co-signs that decision.
    """
    lock(project)
    _require_step(actor, project, "grant", _("Only the ministry grants aid."))
    if amount <= 0:
        raise ValidationError({"amount": _("Enter a positive amount.")})
    guide = project.guide or selectors.current_guide()
    needs_two = guide is not None and amount > guide.second_signature_above
    workflow.target(project.status, Action.SIGN if needs_two else Action.GRANT)
    envelope = _locked_envelope(project)
    problem = _grant_problem(project, amount, envelope)
    if problem is not None:
        raise ValidationError({"amount": render_message(problem)})
    reject_nul(justification)
    excess = _check_fair_share(project, amount, envelope, justification, field="justification")
    GrantSignature.objects.create(project=project, signed_by=actor, amount=amount)
    action = Action.SIGN if needs_two else Action.GRANT
    if needs_two:
        _move(project, action, actor=actor, amount=amount, changes={"recommended_amount": amount})
    else:
        _commit(project, envelope, action, amount, actor=actor)
    _record_above_share(
        project, envelope, excess, action=action, amount=amount, actor=actor, justification=justification
    )
    return project


@transaction.atomic
def countersign_project(project: Project, *, actor: Any) -> Project:
    """A second ministry officer signs: the aid is committed."""
    lock(project)
    _require_step(actor, project, "countersign", _("Only the ministry grants aid."))
    workflow.target(project.status, Action.COUNTERSIGN)
    first = project.signatures.order_by("signed_at").first()  # type: ignore[attr-defined]
    if first is None:
        raise InvalidTransition(_("The first signature is missing."))
    if first.signed_by_id == actor.pk:
        raise ValidationError(_("The second signature must be another officer's."))
    envelope = _locked_envelope(project)
    problem = _grant_problem(project, first.amount, envelope)
    if problem is not None:
        raise ValidationError({"amount": render_message(problem)})
    GrantSignature.objects.create(project=project, signed_by=actor, amount=first.amount)
    return _commit(project, envelope, Action.COUNTERSIGN, first.amount, actor=actor)


@transaction.atomic
def refuse_project(project: Project, *, actor: Any, reason: str) -> Project:
    """The ministry refuses the aid, with the reason."""
    lock(project)
    _require_step(actor, project, "refuse", _("Only the ministry refuses aid."))
    # Committees refuse by resolution, not through this action.
    _require_open("refuse", project.status, _("The ministry refuses a project during its analysis."))
    return _move(project, Action.REFUSE, actor=actor, note=_reason(reason))


@transaction.atomic
def set_agreement_terms(
    project: Project,
    *,
    actor: Any,
    conditions: str,
    holdback_rate: Decimal,
    instalments: Sequence[workflow.Instalment],
    reporting_dates: Sequence[workflow.ReportDue],
) -> Agreement:
    """The ministry drafts (or redrafts) the agreement's terms before it is signed.

    The payment schedule adds up to the aid granted; the holdback is `holdback_rate` % of the
    aid, kept until the final report is accepted; every date falls after the grant
    (workflow.terms_problems, each problem one sentence). Redrafting replaces the lines;
    their history keeps the earlier ones. Once signed, the terms are frozen.
    """
    lock(project)
    _require_step(actor, project, "terms", _("Only the ministry drafts the agreement."))
    _require_open(
        "terms",
        project.status,
        _("The agreement's terms are drafted once the aid is granted, before the agreement is signed."),
    )
    reject_nul(conditions)
    for line in instalments:
        reject_nul(line.milestone)
    for due in reporting_dates:
        reject_nul(due.report)
    granted = project.granted_amount or ZERO
    # A granted project is dated (a constraint keeps it so).
    granted_on = timezone.localdate(project.granted_at or timezone.now())
    problems = workflow.terms_problems(granted, granted_on, instalments, reporting_dates)
    if problems:
        raise ValidationError(problems)
    values = {
        "conditions": conditions.strip(),
        "holdback_rate": holdback_rate,
        "holdback": workflow.holdback(granted, holdback_rate),
        "drafted_by": actor_or_none(actor),
        "drafted_at": timezone.now(),
    }
    agreement = Agreement.objects.filter(project=project).first()
    if agreement is None:
        agreement = create_with_history(Agreement(project=project, **values), actor=actor)
    else:
        apply_changes(agreement, values, actor=actor)
        for old in [*agreement.instalments.all(), *agreement.reporting_dates.all()]:  # type: ignore[attr-defined]
            delete_with_history(old, actor=actor)
    for position, line in enumerate(instalments):
        create_with_history(
            AgreementInstalment(
                agreement=agreement,
                position=position,
                milestone=line.milestone.strip(),
                due_on=line.due_on,
                amount=line.amount,
            ),
            actor=actor,
        )
    for position, due in enumerate(reporting_dates):
        create_with_history(
            ReportingDate(agreement=agreement, position=position, report=due.report.strip(), due_on=due.due_on),
            actor=actor,
        )
    _event(project, EventKind.AGREEMENT_TERMS, actor=actor, amount=agreement.holdback or None)
    return agreement


@transaction.atomic
def sign_agreement(project: Project, *, actor: Any, signed_on: datetime.date) -> Project:
    """The ministry records the agreement signed with the carrier: instalments may be claimed.

    The agreement is the one drafted (set_agreement_terms): without terms there is nothing to sign.
    """
    lock(project)
    _require_step(actor, project, "agreement", _("Only the ministry signs the agreement."))
    _require_open("agreement", project.status, _("The agreement is signed once the aid is granted."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The agreement cannot be signed in the future.")})
    if not Agreement.objects.filter(project=project).exists():
        raise ValidationError(
            _(
                "Draft the agreement's terms (payment schedule, holdback, reporting dates)"
                " before recording its signature."
            )
        )
    return _move(project, Action.SIGN_AGREEMENT, actor=actor, changes={"agreement_signed_on": signed_on})


@transaction.atomic
def claim_disbursement(project: Project, *, actor: Any, amount: Decimal, claim: str, proof: Any) -> Disbursement:
    """The carrier claims an instalment, with its proof; never more than the aid not yet claimed."""
    lock(project)
    _require_step(actor, project, "claim", _("You may not claim for this project."))
    _require_open("claim", project.status, _("Instalments are claimed once the agreement is signed."))
    if amount <= 0:
        raise ValidationError({"amount": _("Enter a positive amount.")})
    reject_nul(claim)
    limit = selectors.claim_limit(project, Agreement.objects.filter(project=project).first())
    if amount > limit.granted - limit.claimed:
        left = max(limit.granted - limit.claimed, ZERO)
        raise ValidationError(
            {"amount": _("At most %(left)s of the aid remains to be claimed.") % {"left": format_money(left)}}
        )
    if amount > limit.left:
        raise ValidationError({"amount": claim_refusal(limit)})
    title = message("funding.proof", claim=claim[:150])
    document = ProjectDocument(
        project=project,
        title=in_french(title),
        title_message=title,
        file=proof,
        uploaded_by=actor_or_none(actor),
        audience=Audience.CARRIER,  # the carrier's own claim
    )
    document.full_clean()
    document.save()
    disbursement = Disbursement.objects.create(
        project=project, amount=amount, claim=claim, proof=document, claimed_by=actor_or_none(actor)
    )
    _event(project, EventKind.CLAIM, actor=actor, amount=amount, note=claim)
    return disbursement


def claim_refusal(limit: selectors.ClaimLimit) -> str:
    """Why no more may be claimed today: the schedule's instalments due, the holdback, the next instalment."""
    parts = [
        _("At most %(left)s can be claimed today.") % {"left": format_money(limit.left)},
        _("The payment schedule releases %(released)s by today, and %(claimed)s was already claimed.")
        % {"released": format_money(limit.released), "claimed": format_money(limit.claimed)},
    ]
    if limit.kept:
        parts.append(
            _("%(kept)s is held back until the final report is accepted.") % {"kept": format_money(limit.kept)}
        )
    if limit.next_instalment is not None:
        parts.append(
            _("The next instalment, “%(milestone)s” (%(amount)s), may be claimed from %(date)s.")
            % {
                "milestone": limit.next_instalment.milestone,
                "amount": format_money(limit.next_instalment.amount),
                "date": date_format(limit.next_instalment.due_on, "DATE_FORMAT"),
            }
        )
    return " ".join(parts)


def payment_amount(disbursement: Disbursement, *, amount: Decimal | None, note: str) -> Decimal:
    """What paying the claim pays (the whole claim when `amount` is None), or the refusal.

    No database: the page asks it before its confirmation, which names the amount released.
    Paying less than the claim takes the reason in `note`.
    """
    paid = disbursement.amount if amount is None else amount
    if paid <= 0:
        raise ValidationError({"amount": _("Enter a positive amount, or reject the claim.")})
    if paid > disbursement.amount:
        raise ValidationError(
            {
                "amount": _("The ministry pays at most the amount claimed (%(claimed)s).")
                % {"claimed": format_money(disbursement.amount)}
            }
        )
    if paid < disbursement.amount:
        _reason(note)
    return paid


@transaction.atomic
def decide_disbursement(
    disbursement: Disbursement, *, actor: Any, pay: bool, note: str = "", amount: Decimal | None = None
) -> Disbursement:
    """The ministry pays the instalment (a disbursement on the ledger) or rejects the claim.

    It pays `amount` (the whole claim when None), at most what was claimed. Paying less takes
    the reason in `note`: the rest of the claim is closed as not paid, and may be claimed again.
    Rejecting the claim takes the reason too.
    """
    project = disbursement.project
    lock(project)
    _require_step(actor, project, "decide", _("Only the ministry pays instalments."))
    lock(disbursement)
    if disbursement.status != ClaimStatus.CLAIMED:
        raise InvalidTransition(_("This claim was already decided."))
    reject_nul(note)
    paid = payment_amount(disbursement, amount=amount, note=note) if pay else ZERO
    partial = pay and paid < disbursement.amount
    if not pay or partial:
        note = _reason(note)
    status = (ClaimStatus.PARTLY_PAID if partial else ClaimStatus.PAID) if pay else ClaimStatus.REJECTED
    apply_changes(
        disbursement,
        {
            "status": status,
            "paid_amount": paid if pay else None,
            "decided_by": actor,
            "decided_at": timezone.now(),
            "note": note.strip(),
        },
        actor=actor,
        reason=note.strip(),
    )
    if pay:
        LedgerEntry.objects.create(
            envelope=_locked_envelope(project),
            project=project,
            kind=EntryKind.DISBURSEMENT,
            amount=paid,
            recorded_by=actor_or_none(actor),
            note=note.strip(),
        )
    kind = EventKind.PAID if pay else EventKind.CLAIM_REJECTED
    _event(project, kind, actor=actor, amount=paid if pay else disbursement.amount, note=note.strip())
    if pay:
        refresh_figures(project.region_id, project.period_id)
    return disbursement


@transaction.atomic
def submit_final_report(
    project: Project,
    *,
    actor: Any,
    actual_cost: Decimal,
    actual_jobs: int,
    actual_investment: Decimal,
    actual_sales: Decimal,
    report: str,
    actual_companies: int | None = None,
    actual_jobs_kept: int | None = None,
    actual_public_investment: Decimal | None = None,
    actual_export_sales: Decimal | None = None,
    actual_export_contracts: int | None = None,
    actual_export_contracts_amount: Decimal | None = None,
    attachments: Sequence[Any] = (),
) -> Project:
    """The carrier reports what the project cost and achieved, against every planned indicator.

    `actual_investment` is the private investment (decision 40). The page and the API require
    every figure; one a caller leaves out stays unreported (None). The figures must hold together
    (`impact.refusals`: none negative, export sales within the additional sales, export contracts
    with their amount), each refusal on its field. The `attachments` are filed with the project's
    documents (the same rules as any document), each titled after the report; the timeline records
    each. The history keeps who reported and when.
    """
    lock(project)
    _require_step(actor, project, "report", _("You may not report on this project."))
    reject_nul(report)
    reported = {
        "actual_jobs": actual_jobs,
        "actual_jobs_kept": actual_jobs_kept,
        "actual_investment": actual_investment,
        "actual_public_investment": actual_public_investment,
        "actual_sales": actual_sales,
        "actual_export_sales": actual_export_sales,
        "actual_export_contracts": actual_export_contracts,
        "actual_export_contracts_amount": actual_export_contracts_amount,
        "actual_companies": actual_companies,
    }
    problems = impact.refusals(reported, impact.ACTUAL)
    if actual_cost is not None and actual_cost < 0:
        problems["actual_cost"] = str(_("An amount cannot be negative."))
    if not report.strip():
        problems["final_report"] = str(_("Describe what the project achieved."))
    if problems:
        raise ValidationError(problems)
    for file in attachments:
        reject_nul(file.name)
        document = ProjectDocument(
            project=project,
            title=_("Final report: %(name)s") % {"name": file.name[:150]},
            file=file,
            uploaded_by=actor_or_none(actor),
        )
        document.full_clean()
        document.save()
        _event(project, EventKind.DOCUMENT, actor=actor, note=document.title)
    return _move(
        project,
        Action.REPORT,
        actor=actor,
        changes={"actual_cost": actual_cost, **reported, "final_report": report.strip()},
    )


def final_payment(project: Project, *, amount: Decimal | None, note: str) -> Decimal:
    """What accepting the final report pays (the holdback due when `amount` is None), or the refusal.

    No database write: the page asks it before its confirmation, which names the amounts.
    The ministry pays at most the aid not yet paid; another amount than the holdback due
    takes the reason in `note`.
    """
    agreement = Agreement.objects.filter(project=project).first()
    due = selectors.holdback_due(project, agreement)
    if amount is None:
        return due
    unpaid = (project.granted_amount or ZERO) - selectors.paid(project)
    if amount < 0 or amount > unpaid:
        raise ValidationError(
            {
                "final_payment": _("The final payment is between 0 and the aid not yet paid, %(unpaid)s.")
                % {"unpaid": format_money(unpaid)}
            }
        )
    if amount != due:
        try:
            _reason(note)
        except ValidationError:
            raise ValidationError(
                {"note": _("Say why the final payment is not the holdback due (%(due)s).") % {"due": format_money(due)}}
            ) from None
    return amount


@transaction.atomic
def close_project(
    project: Project, *, actor: Any, final_payment_amount: Decimal | None = None, note: str = ""
) -> Project:
    """The ministry accepts the final report and closes the file.

    Accepting the report pays the holdback kept under the agreement (`final_payment_amount`
    when the ministry pays another amount, with the reason in `note`): a paid instalment on
    the ledger. Then what was committed and not paid goes back to the envelope.
    """
    lock(project)
    _require_step(actor, project, "close", _("Only the ministry closes a project."))
    workflow.target(project.status, Action.CLOSE)
    if project.disbursements.filter(status=ClaimStatus.CLAIMED).exists():  # type: ignore[attr-defined]
        raise ValidationError(_("Decide the pending claims before closing the project."))
    reject_nul(note)
    pay = final_payment(project, amount=final_payment_amount, note=note)
    if pay > 0:
        words = message("funding.final_payment")
        Disbursement.objects.create(
            project=project,
            amount=pay,
            paid_amount=pay,
            status=ClaimStatus.PAID,
            claim=in_french(words),
            claim_message=words,
            claimed_by=actor_or_none(actor),
            decided_by=actor_or_none(actor),
            decided_at=timezone.now(),
            note=note.strip()[:300],
        )
        LedgerEntry.objects.create(
            envelope=_locked_envelope(project),
            project=project,
            kind=EntryKind.DISBURSEMENT,
            amount=pay,
            recorded_by=actor_or_none(actor),
            note=in_french(words),
            note_message=words,
        )
        _event(project, EventKind.PAID, actor=actor, amount=pay, note=in_french(words), note_message=words)
    unspent = (project.granted_amount or ZERO) - selectors.paid(project)
    _release(project, unspent, actor=actor, note_message=message("funding.unspent_at_closing"))
    return _move(project, Action.CLOSE, actor=actor, amount=unspent if unspent > 0 else None)


@transaction.atomic
def return_final_report(project: Project, *, actor: Any, reason: str) -> Project:
    """The ministry sends the final report back to the carrier, with the reason."""
    lock(project)
    _require_step(actor, project, "report_return", _("Only the ministry reviews final reports."))
    _require_open("report_return", project.status, _("There is no final report to return."))
    return _move(project, Action.RETURN, actor=actor, note=_reason(reason))


def destroy_expired_documents(today: datetime.date, *, dry_run: bool = False) -> int:
    """Retention rule `closed_project_documents`: the documents of a project that ended more than
    the fund's period ago are destroyed, file and row; the timeline records each (the system)."""
    documents = selectors.expired_documents(today)
    if dry_run:
        return documents.count()
    count = 0
    for document in documents:
        with transaction.atomic():
            title, project, audience = document.title, document.project, document.audience
            document.file.delete(save=False)
            document.delete()
            # The entry names the document: it is read by those who could read the document.
            _event(project, EventKind.DOCUMENT_DESTROYED, actor=None, note=title, audience=audience)
        count += 1
    return count


# --- The public page (decision 54) -----------------------------------------------------------


def _public_summary(summary: str, summary_en: str) -> tuple[str, str]:
    reject_nul(summary)
    reject_nul(summary_en)
    if not summary.strip():
        raise ValidationError({"public_summary": _("Write the public summary: what was financed, and for whom.")})
    return summary.strip(), summary_en.strip()


@transaction.atomic
def publish_project(project: Project, *, actor: Any, summary: str, summary_en: str = "", reason: str = "") -> Project:
    """The ministry publishes a granted project on the public site, or changes what its page says.

    The page says what was financed with the summary written here for the public (French, and
    English if given), never the carrier's file. Only a project whose aid is granted may be published
    (workflow.PUBLIC): one under review, refused or withdrawn is refused in plain words. The first
    publication keeps its date; each is in the project's history (who, when, why) and its timeline,
    and bumps the public version in this transaction.
    """
    lock(project)
    _require_step(actor, project, "publish", _("Only the ministry publishes projects on the public site."))
    refusal = workflow.publication_refusal(project.status)
    if refusal:
        raise InvalidTransition(refusal)
    reject_nul(reason)
    summary, summary_en = _public_summary(summary, summary_en)
    changes = {
        "public_summary": summary,
        "public_summary_en": summary_en,
        "published_at": project.published_at or timezone.now(),
    }
    note = reason.strip()
    if apply_changes(project, changes, actor=actor, reason=note or in_french(message("funding.published"))):
        words = {} if note else message("funding.published")
        _event(project, EventKind.PUBLISH, actor=actor, note=note or in_french(words), note_message=words)
        public.bump()
    return project


@transaction.atomic
def unpublish_project(project: Project, *, actor: Any, reason: str) -> Project:
    """The ministry removes a project's public page, with the reason (its summary is kept for a later
    publication). Recorded in its history and timeline; the public version is bumped."""
    lock(project)
    _require_step(actor, project, "unpublish", _("Only the ministry removes projects from the public site."))
    if project.published_at is None:
        raise InvalidTransition(_("This project is not published: there is no public page to remove."))
    reason = _reason(reason)
    apply_changes(project, {"published_at": None}, actor=actor, reason=reason)
    _event(project, EventKind.UNPUBLISH, actor=actor, note=reason)
    public.bump()
    return project
