"""Every write to the results: indicators, targets and values. Each service locks what it changes,
checks the policy, then the workflow, saves what changes with its history (who and why,
`core.services`), and appends a value's steps to its audit trail (IndicatorValueEvent).

An approved value is locked: no service changes it again (workflow.check_editable), and whoever
submitted a value never approves or returns it (policies.can_review).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.core import public, retention
from accord.core.i18n import message, number
from accord.core.services import apply_changes, create_with_history, delete_with_history, lock, record_event
from accord.governance import selectors as governance_selectors
from accord.governance import services as governance
from accord.governance.models import CommitteeKind, ItemKind, Resolution, ResolutionOutcome
from accord.planning.models import Plan
from accord.registry.models import Creneau

from . import policies, report, selectors, standing, workflow
from .models import (
    NARRATIVE,
    Bilan,
    BilanEvent,
    BilanEventKind,
    BilanStatus,
    CommonTotal,
    EventKind,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    IndicatorValueEvent,
    ProgramYear,
    ValueReminder,
    ValueStatus,
)

INDICATOR_FIELDS = (
    "code",
    "name_fr",
    "name_en",
    "unit",
    "direction",
    "cumulative",
    "source",
    "baseline",
    "baseline_year",
    "position",
)
# Once a value is reported, what the figures mean can no longer change under them.
MEANING = ("code", "unit", "direction", "cumulative")


def _only(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


# --- Indicators ----------------------------------------------------------------------------------


@transaction.atomic
def define_indicator(*, actor: Any, data: Mapping[str, Any], plan: Plan | None = None, reason: str = "") -> Indicator:
    """A new indicator: common to every créneau (no plan; the ministry) or a plan's own (its editors)."""
    if plan is None:
        if not policies.can_define_common_indicators(actor):
            raise PermissionDenied(_("Only the ministry defines the indicators common to every niche."))
    else:
        lock(plan)
        if not policies.can_set_targets(actor, plan):
            raise PermissionDenied(_("You may not change this niche's plans."))
    return create_with_history(Indicator(plan=plan, **_only(data, INDICATOR_FIELDS)), actor=actor, reason=reason)


@transaction.atomic
def update_indicator(indicator: Indicator, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change an indicator; its code, unit, direction and cumulative flag are fixed once it has values."""
    lock(indicator)
    if not policies.can_edit_indicator(actor, indicator):
        raise PermissionDenied(_("You may not change this indicator."))
    changes = _only(data, INDICATOR_FIELDS)
    fixed = [name for name in MEANING if name in changes and changes[name] != getattr(indicator, name)]
    if fixed and indicator.values.exists():
        raise ValidationError(
            {name: _("Values were reported for this indicator: this can no longer change.") for name in fixed},
            code="has_values",
        )
    return apply_changes(indicator, changes, actor=actor, reason=reason)


@transaction.atomic
def set_indicator_active(indicator: Indicator, *, actor: Any, active: bool, reason: str = "") -> list[str]:
    """Retire an indicator (no new values; those reported stay and still show) or bring it back."""
    lock(indicator)
    if not policies.can_edit_indicator(actor, indicator):
        raise PermissionDenied(_("You may not change this indicator."))
    return apply_changes(indicator, {"active": active}, actor=actor, reason=reason)


# --- Targets -------------------------------------------------------------------------------------


@transaction.atomic
def set_target(
    plan: Plan, indicator: Indicator, *, actor: Any, year: int, value: Decimal | None, reason: str = ""
) -> IndicatorTarget | None:
    """The plan's target for an indicator in one of its years; None as the value removes it.

    The indicator is a common one or the plan's own; the year is one of the plan's.
    """
    lock(plan)
    if not policies.can_set_targets(actor, plan):
        raise PermissionDenied(_("You may not change this niche's plans."))
    if indicator.plan_id not in (None, plan.pk):
        raise ValidationError({"indicator": _("Choose a common indicator or one of this plan's.")}, code="indicator")
    if not plan.first_year <= year <= plan.last_year:
        raise ValidationError(
            {"year": _("Choose a year of the plan (%(years)s).") % {"years": plan.years}}, code="year"
        )
    existing = IndicatorTarget.objects.select_for_update().filter(plan=plan, indicator=indicator, year=year).first()
    if value is None:
        if existing is not None:
            delete_with_history(existing, actor=actor, reason=reason)
        return None
    if existing is None:
        existing = create_with_history(
            IndicatorTarget(plan=plan, indicator=indicator, year=year, value=value), actor=actor, reason=reason
        )
    else:
        apply_changes(existing, {"value": value}, actor=actor, reason=reason)
    # The verdict against the créneau's figure, kept for the dashboards (standing.py).
    standing.restate(IndicatorTarget.objects.filter(pk=existing.pk))
    existing.refresh_from_db(fields=["verdict"])
    return existing


# --- Values --------------------------------------------------------------------------------------


def _event(value: IndicatorValue, kind: str, *, actor: Any, old: str = "", **fields: Any) -> IndicatorValueEvent:
    return record_event(  # type: ignore[no-any-return]
        IndicatorValueEvent,
        actor=actor,
        value=value,
        kind=kind,
        from_status=old,
        to_status=value.status,
        amount=value.value,
        **fields,
    )


def _require_reporter(actor: Any, creneau: Creneau) -> None:
    if not policies.can_report(actor, creneau):
        raise PermissionDenied(_("You may not report this niche's values."))


@transaction.atomic
def report_value(
    creneau: Creneau,
    indicator: Indicator,
    *,
    actor: Any,
    year: int,
    value: Decimal,
    comment: str = "",
    reason: str = "",
) -> IndicatorValue:
    """A créneau's value of an indicator for a year, as a draft (one per indicator and year).

    The indicator is active, common or one of the créneau's plans'; the year has begun.
    """
    _require_reporter(actor, creneau)
    errors: dict[str, str] = {}
    if not indicator.active:
        errors["indicator"] = _("This indicator is retired: it takes no new values.")
    elif indicator.plan_id is not None and indicator.plan.creneau_id != creneau.pk:  # type: ignore[union-attr]
        errors["indicator"] = _("Choose a common indicator or one of this niche's plans.")
    if year > timezone.localdate().year:
        errors["year"] = _("A value is reported for a year that has begun.")
    if errors:
        raise ValidationError(errors)
    row = IndicatorValue(indicator=indicator, creneau=creneau, year=year, value=value, comment=comment)
    create_with_history(row, actor=actor, reason=reason)
    _event(row, EventKind.REPORTED, actor=actor, note_message=message("results.reported", value=number(value)))
    return row


@transaction.atomic
def edit_value(
    row: IndicatorValue,
    *,
    actor: Any,
    value: Decimal | None = None,
    comment: str | None = None,
    reason: str = "",
) -> list[str]:
    """Change a draft or returned value's figure or comment; refused once submitted, and for good once approved."""
    lock(row)
    _require_reporter(actor, row.creneau)
    workflow.check_editable(row.status)
    old = row.value
    changes: dict[str, Any] = {}
    if value is not None:
        changes["value"] = value
    if comment is not None:
        changes["comment"] = comment
    changed = apply_changes(row, changes, actor=actor, reason=reason)
    if changed:
        note = (
            message("results.changed", old=number(old), new=number(row.value))
            if "value" in changed
            else message("results.comment_changed")
        )
        _event(row, EventKind.EDITED, actor=actor, old=row.status, reason=reason, note_message=note)
    return changed


def _move(row: IndicatorValue, step: workflow.Step, *, actor: Any, changes: Mapping[str, Any], reason: str) -> None:
    old = row.status
    to = workflow.target(step, old)
    # The history's reason is short; the audit trail keeps the user's words whole.
    apply_changes(row, {"status": to, **changes}, actor=actor, reason=reason[:100])
    kind = {workflow.Step.SUBMIT: EventKind.SUBMITTED, workflow.Step.APPROVE: EventKind.APPROVED}.get(
        step, EventKind.RETURNED
    )
    _event(row, kind, actor=actor, old=old, reason=reason)


@transaction.atomic
def submit_value(row: IndicatorValue, *, actor: Any, note: str = "") -> IndicatorValue:
    """Send a draft or returned value for approval; its submitter will not be the one to approve it."""
    lock(row)
    _require_reporter(actor, row.creneau)
    changes = {"submitted_by": actor, "submitted_at": timezone.now(), "return_reason": ""}
    _move(row, workflow.Step.SUBMIT, actor=actor, changes=changes, reason=note)
    return row


def _require_reviewer(actor: Any, row: IndicatorValue) -> None:
    if not policies.can_review_creneau(actor, row.creneau):
        raise PermissionDenied(_("Only the ministry or the niche's regional office approves its values."))
    if policies.submitted_it(actor, row):
        raise PermissionDenied(_("You submitted this value: someone else must approve or return it."))


@transaction.atomic
def approve_value(row: IndicatorValue, *, actor: Any, note: str = "") -> IndicatorValue:
    """Approve a submitted value: it counts from now on, and it is locked."""
    lock(row)
    _require_reviewer(actor, row)
    _move(row, workflow.Step.APPROVE, actor=actor, changes={}, reason=note)
    if row.indicator.plan_id is None:
        # The program's totals of common indicators (CommonTotal): an approved value never changes.
        total, _created = CommonTotal.objects.select_for_update().get_or_create(indicator=row.indicator, year=row.year)
        CommonTotal.objects.filter(pk=total.pk).update(total=F("total") + row.value, count=F("count") + 1)
        year, _created = ProgramYear.objects.select_for_update().get_or_create(year=row.year)
        others = IndicatorValue.objects.filter(
            creneau_id=row.creneau_id, year=row.year, status=ValueStatus.APPROVED, indicator__plan__isnull=True
        ).exclude(pk=row.pk)
        if not others.exists():
            ProgramYear.objects.filter(pk=year.pk).update(creneaux=F("creneaux") + 1)
        # The verdicts of the targets it counts in (standing.py).
        standing.restate_value(row)
    return row


def count_common_totals() -> int:
    """Count the program's totals of common indicators again from the approved values (CommonTotal):
    for data written without the services (the bench's synthetic data). Returns the rows written."""
    rows = (
        IndicatorValue.objects.filter(status=ValueStatus.APPROVED, indicator__plan__isnull=True)
        .order_by()
        .values("indicator_id", "year")
        .annotate(total=Sum("value"), count=Count("pk"))
    )
    approved = IndicatorValue.objects.filter(status=ValueStatus.APPROVED, indicator__plan__isnull=True).order_by()
    years = approved.values("year").annotate(creneaux=Count("creneau_id", distinct=True))
    with transaction.atomic():
        CommonTotal.objects.all().delete()
        ProgramYear.objects.all().delete()
        ProgramYear.objects.bulk_create([ProgramYear(**row) for row in years])
        return len(CommonTotal.objects.bulk_create([CommonTotal(**row) for row in rows], batch_size=1000))


@transaction.atomic
def return_value(row: IndicatorValue, *, actor: Any, reason: str) -> IndicatorValue:
    """Return a submitted value for changes, saying why (required)."""
    lock(row)
    _require_reviewer(actor, row)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the value is returned.")}, code="required")
    _move(row, workflow.Step.RETURN, actor=actor, changes={"return_reason": reason}, reason=reason)
    return row


# --- Bilans (decision 37) ------------------------------------------------------------------------

BILAN_FIELDS = tuple(f"{name}_{language}" for name in NARRATIVE for language in ("fr", "en"))


def _bilan_event(bilan: Bilan, kind: str, *, actor: Any, old: str = "", **fields: Any) -> BilanEvent:
    return record_event(  # type: ignore[no-any-return]
        BilanEvent, actor=actor, bilan=bilan, kind=kind, from_status=old, to_status=bilan.status, **fields
    )


def bilan_title(bilan: Bilan) -> str:
    """The agenda item's title, in French (the committees' record): « Bilan 2025 du créneau Meuble »."""
    with translation.override("fr"):
        return _("Annual report %(year)s of the niche %(niche)s") % {"year": bilan.year, "niche": bilan.creneau.name_fr}


def _require_writer(actor: Any, creneau: Creneau) -> None:
    if not policies.can_write_bilan(actor, creneau):
        raise PermissionDenied(_("You may not write this niche's annual report."))


@transaction.atomic
def write_bilan(creneau: Creneau, *, actor: Any, year: int, data: Mapping[str, Any], reason: str = "") -> Bilan:
    """Write the narrative of the créneau's bilan of `year`: the first time starts it (a draft);
    afterwards it changes only while a draft (the committee decides on what it reads)."""
    _require_writer(actor, creneau)
    if year > timezone.localdate().year:
        raise ValidationError({"year": _("An annual report is written for a year that has begun.")}, code="year")
    narrative = _only(data, BILAN_FIELDS)
    bilan = Bilan.objects.select_for_update().filter(creneau=creneau, year=year).first()
    if bilan is None:
        bilan = create_with_history(Bilan(creneau=creneau, year=year, **narrative), actor=actor, reason=reason)
        _bilan_event(bilan, BilanEventKind.WRITTEN, actor=actor, reason=reason)
        return bilan
    workflow.check_bilan_editable(bilan.status)
    if apply_changes(bilan, narrative, actor=actor, reason=reason):
        _bilan_event(bilan, BilanEventKind.WRITTEN, actor=actor, old=bilan.status, reason=reason)
    return bilan


@transaction.atomic
def submit_bilan(bilan: Bilan, *, actor: Any, note: str = "") -> Bilan:
    """Send the draft bilan to the créneau's niche committee: on its next agenda (or waiting for one),
    as a subject it decides on by resolution (governance.subjects)."""
    lock(bilan)
    _require_writer(actor, bilan.creneau)
    workflow.check_bilan_submittable(bilan.status)
    if not bilan.highlights_fr.strip():
        raise ValidationError(
            {"highlights_fr": _("Write the highlights in French before submitting the annual report.")},
            code="required",
        )
    committee = governance_selectors.niche_committee_of(bilan.creneau_id)
    if committee is None:
        raise ValidationError(_("The niche has no committee to adopt its annual report."), code="no_committee")
    old = bilan.status
    changes = {"status": BilanStatus.SUBMITTED, "submitted_at": timezone.now(), "return_reason": ""}
    apply_changes(bilan, changes, actor=actor, reason=note[:100])
    _bilan_event(bilan, BilanEventKind.SUBMITTED, actor=actor, old=old, reason=note, committee=committee)
    governance.put_on_next_agenda(committee, actor=actor, title=bilan_title(bilan), subject=bilan)
    return bilan


def _is_niche_decision(bilan: Bilan, resolution: Resolution) -> bool:
    committee = resolution.committee
    return committee.kind == CommitteeKind.CRENEAU and committee.creneau_id == bilan.creneau_id


def check_adoption(bilan: Bilan, resolution: Resolution) -> None:
    """The niche committee adopts a bilan only once it is submitted to it (governance.subjects.adoptable)."""
    if _is_niche_decision(bilan, resolution) and bilan.status != BilanStatus.SUBMITTED:
        raise ValidationError(_("This annual report is not before the committee: it must be submitted first."))


def follow_resolution(bilan: Bilan, resolution: Resolution, *, actor: Any) -> None:
    """The niche committee decided on the bilan (inside the decision's transaction).

    Adopted: the figures are generated once more and frozen in `snapshot` in this transaction, the
    public site changes, and the bilan lands by itself on the next agenda of the regional committee
    of each of the créneau's regions, to be presented: an information item, the regional committee
    does not decide on it (decision 39). Rejected: back to a draft, with the resolution as the
    reason. Another committee's resolution (a regional committee taking note) changes nothing.
    """
    lock(bilan)
    if resolution.outcome not in (ResolutionOutcome.ADOPTED, ResolutionOutcome.REJECTED):
        return
    if not _is_niche_decision(bilan, resolution) or bilan.status != BilanStatus.SUBMITTED:
        return
    old = bilan.status
    if resolution.outcome == ResolutionOutcome.REJECTED:
        reason = f"{resolution.number} – {resolution.text}".strip()
        changes = {"status": BilanStatus.DRAFT, "resolution": resolution, "return_reason": reason}
        apply_changes(bilan, changes, actor=actor, reason=resolution.number)
        _bilan_event(bilan, BilanEventKind.REJECTED, actor=actor, old=old, reason=reason, resolution=resolution)
        return
    decided = resolution.decided_at or timezone.now()
    snapshot = report.to_json(selectors.bilan_report(bilan.creneau, bilan.year))
    changes = {
        "status": BilanStatus.ADOPTED,
        "resolution": resolution,
        "adopted_on": timezone.localdate(decided),
        "snapshot": snapshot,
        "return_reason": "",
    }
    apply_changes(bilan, changes, actor=actor, reason=resolution.number)
    _bilan_event(bilan, BilanEventKind.ADOPTED, actor=actor, old=old, resolution=resolution)
    public.bump()  # the public summary appears
    for regional in governance_selectors.regional_committees_of(bilan.creneau_id):
        # Presented to the regional committee, not decided by it: an information item.
        governance.put_on_next_agenda(
            regional,
            actor=actor,
            title=bilan_title(bilan),
            subject=bilan,
            source=resolution,
            kind=ItemKind.INFORMATION,
        )
        _bilan_event(bilan, BilanEventKind.SENT_TO_REGION, actor=actor, old=bilan.status, committee=regional)


# --- Retention (Law 25, decision 18) -------------------------------------------------------------

#: How long the record of a reminder is kept: its year is reminded only while it is the reporting
#: year (`deadlines.reporting_year`, at most until the March after the next), so after two years the
#: row no longer keeps anyone from being emailed twice; it only says who was told, and when.
REMINDER_PERIOD = retention.years(2)


def delete_expired_reminders(today: Any, *, dry_run: bool = False) -> int:
    """Delete the records of reminders sent more than REMINDER_PERIOD ago (the retention rule)."""
    rows = ValueReminder.objects.filter(sent_at__lt=retention.cutoff(today, REMINDER_PERIOD))
    return retention.delete(rows, dry_run=dry_run)
