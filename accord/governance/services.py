"""Every write in governance.

Each service checks the actor's powers (PermissionDenied), the transition and the
bylaws (ValidationError or InvalidTransition, nothing saved), locks what it changes,
records a CommitteeEvent (who, when, why) and queues emails after the commit. Pages,
the API, the demo loader and tests all go through here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.accounts import services as account_services
from accord.accounts.models import User
from accord.core import validation
from accord.core.i18n import in_french, message
from accord.core.services import (
    actor_or_none,
    apply_changes,
    attribute,
    check_revision,
    count_revision,
    create_with_history,
    delete_with_history,
    labels,
    lock,
    record_event,
    unique_slug,
)
from accord.core.workflow import InvalidTransition
from accord.registry import services as registry_services
from accord.registry.models import Affiliation

from . import compliance, decisions, policies, selectors, standing, subjects, tasks, workflow
from .models import (
    NON_VOTING_ROLES,
    AgendaDocument,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Bylaws,
    BylawsAcknowledgement,
    Committee,
    CommitteeEvent,
    CommitteeKind,
    CoordinatorReport,
    DecisionMode,
    Delegation,
    DelegationChange,
    EventKind,
    ItemKind,
    Mandate,
    MandateRole,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesStatus,
    NoticeAnswer,
    NoticeAnswerKind,
    NoticeStatus,
    PendingAgendaItem,
    Recusal,
    RecusalReason,
    ReportProgress,
    Resolution,
    ResolutionOutcome,
    SeatApproval,
    Vote,
    minutes_paragraphs,
    subject_of,
)


def _summary(key: str, data: Mapping[str, Any] | None = None, /, **params: Any) -> dict[str, Any]:
    """A timeline summary the system composes: stored as a message in `data` and read in the
    reader's language (CommitteeEvent.shown_summary); the column keeps its French words."""
    said = message(key, **params)
    return {"summary": in_french(said)[:300], "data": {**(data or {}), "summary": said}}


# --- Committees ----------------------------------------------------------------------------


def _home_region_id(committee: Committee, regions: Iterable[Any]) -> int | None:
    """The region whose office may set the committee up."""
    if committee.region_id:
        return committee.region_id
    if committee.creneau_id:
        return committee.creneau.regions.values_list("pk", flat=True).first()  # type: ignore[union-attr]
    if committee.parent_id:
        return _home_region_id(committee.parent, ())  # type: ignore[arg-type]
    first = next(iter(regions), None)
    return getattr(first, "pk", None)


@transaction.atomic
def create_committee(
    *,
    actor: Any,
    data: dict[str, Any],
    regions: Iterable[Any] = (),
    creneaux: Iterable[Any] = (),
    reason: str = "",
) -> Committee:
    """Set up a committee; a regional office sets up those of its region."""
    committee = Committee(**data)
    if not policies.can_create_committee(actor, region_id=_home_region_id(committee, regions)):
        raise PermissionDenied(_("You may not set up a committee here."))
    if not committee.slug:
        committee.slug = unique_slug(Committee, committee.name_fr, max_length=120)
    create_with_history(committee, actor=actor, reason=reason)
    if regions:
        committee.regions.set(regions)
    if creneaux:
        committee.creneaux.set(creneaux)
    record_event(
        CommitteeEvent,
        committee=committee,
        kind=EventKind.COMMITTEE_CREATED,
        actor=actor,
        summary=str(committee),
        note=reason,
    )
    return committee


@transaction.atomic
def update_committee(
    committee: Committee,
    *,
    actor: Any,
    data: dict[str, Any],
    regions: Iterable[Any] | None = None,
    creneaux: Iterable[Any] | None = None,
    reason: str = "",
    revision: int | None = None,
) -> list[str]:
    """Change a committee's details; a change of its regions or niches goes in the timeline.

    `revision` is the one the editor started from: EditConflict, nothing changed, when it is stale.
    """
    lock(committee)
    if not policies.can_manage_committee(actor, committee):
        raise PermissionDenied(_("You may not change this committee."))
    regions = list(regions) if regions is not None else None
    creneaux = list(creneaux) if creneaux is not None else None
    links = {name: values for name, values in (("regions", regions), ("creneaux", creneaux)) if values is not None}
    check_revision(
        committee,
        {**data, **{name: labels(values) for name, values in links.items()}},
        revision,
        current={name: labels(getattr(committee, name).all()) for name in links},
    )
    changed = apply_changes(committee, data, actor=actor, reason=reason, revision=revision)
    for name, values in (("regions", regions), ("creneaux", creneaux)):
        if values is None:
            continue
        relation = getattr(committee, name)
        before = set(relation.values_list("pk", flat=True))
        after = {value.pk for value in values}
        if before != after:
            relation.set(after)
            changed.append(name)
            count_revision(committee)
            shown = ", ".join(str(value) for value in values) or "–"
            record_event(
                CommitteeEvent,
                committee=committee,
                kind=EventKind.COMMITTEE_CHANGED,
                actor=actor,
                note=reason,
                **_summary(f"governance.{name}_changed", values=shown),
            )
    if "dissolved_on" in changed:
        standing.restate([committee.pk])
    return changed


# --- Mandates ------------------------------------------------------------------------------


@transaction.atomic
def start_mandate(
    committee: Committee,
    *,
    actor: Any,
    person: Any,
    role: str,
    starts_on: datetime.date,
    constituency: str,
    ends_on: datetime.date | None = None,
    voting: bool | None = None,
    organisation: Any = None,
    reason: str = "",
    override_reason: str = "",
) -> Mandate:
    """Seat a person on the committee; one seat per person per committee at a time.

    Staff covering the committee seat at once; a seat proposed by the committee's officers
    waits for their approval (`approve_mandate`) and grants nothing until then.

    The bylaws in force on the first day bind where they say so: a mandate no longer than the
    term (with a term set, no last day means the term's last day), no more consecutive terms
    than allowed, no voting seat beyond the maximum. The ministry alone may seat against them,
    with `override_reason`, which the history and the timeline keep.
    """
    Committee.objects.select_for_update().get(pk=committee.pk)
    if not policies.can_manage_committee(actor, committee):
        raise PermissionDenied(_("You may not change the members of this committee."))
    if voting is None:
        voting = role not in NON_VOTING_ROLES
    bylaws = selectors.bylaws_in_force(committee, starts_on)
    if ends_on is None and bylaws is not None and bylaws.term_months and bylaws.term_months_blocking:
        # Under a binding term, a mandate without a last day ends with its term.
        ends_on = compliance.term_end(starts_on, bylaws.term_months)
    overlapping = (
        committee.mandates.filter(person=person, starts_on__lte=ends_on or datetime.date.max)
        .exclude(ends_on__lt=starts_on)
        .exclude(approval=SeatApproval.DECLINED)
    )
    if overlapping.exists():
        raise ValidationError({"person": _("This person already holds a seat on this committee for these dates.")})
    if not policies.seatable_people(committee).filter(pk=person.pk).exists():
        raise ValidationError(
            {"person": _("Only people of the committee's regions and of its niches' organisations can be seated.")}
        )
    theirs = policies.representable_organisations(person)
    if organisation is not None and not theirs.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("The person may represent only one of their own organisations.")})
    previous = list(
        committee.mandates.filter(person=person)
        .exclude(approval=SeatApproval.DECLINED)
        .values_list("starts_on", "ends_on")
    )
    refusals: list[compliance.SeatRefusal | None] = [
        *compliance.seat_refusals(bylaws, person=str(person), starts_on=starts_on, ends_on=ends_on, previous=previous)
    ]
    if voting:
        refusals.append(_size_refusal(committee, bylaws, starts_on))
    overridden = _check_bylaws(committee, refusals, actor=actor, override_reason=override_reason)
    approved = policies.can_approve_seat(actor, committee)
    mandate = Mandate(
        committee=committee,
        person=person,
        role=role,
        starts_on=starts_on,
        ends_on=ends_on,
        voting=voting,
        organisation=organisation,
        constituency=constituency,
        approval=SeatApproval.APPROVED if approved else SeatApproval.PENDING,
    )
    note = _with_override(reason, override_reason, overridden)
    create_with_history(mandate, actor=actor, reason=note)
    record_event(
        CommitteeEvent,
        committee=committee,
        kind=EventKind.MANDATE_STARTED if approved else EventKind.MANDATE_PROPOSED,
        actor=actor,
        note=note,
        mandate=mandate,
        **_summary(
            "governance.person_and",
            {"bylaws_overridden": overridden} if overridden else {},
            person=person,
            what=MandateRole(role),
        ),
    )
    keep_one_coordinator(mandate, actor=actor, reason=reason)
    standing.restate([mandate.committee_id])
    return mandate


def _size_refusal(committee: Committee, bylaws: Bylaws | None, on: datetime.date) -> compliance.SeatRefusal | None:
    """A voting seat more than the binding maximum on a day, counting the approved voting seats then."""
    seated = committee.mandates.current(on).voting().count()  # type: ignore[attr-defined]
    return compliance.size_refusal(bylaws, voting_members=seated + 1, on=on)


def _check_bylaws(
    committee: Committee, refusals: Iterable[compliance.SeatRefusal | None], *, actor: Any, override_reason: str
) -> list[str]:
    """Refuse a seat that breaks a binding rule of the bylaws, unless the ministry overrides it with a reason.

    Returns the rules overridden (Bylaws field names), for the history and the timeline.
    """
    found = [refusal for refusal in refusals if refusal is not None]
    if not found:
        return []
    if not override_reason.strip():
        errors: dict[str, list[str]] = {}
        for refusal in found:
            errors.setdefault(refusal.field, []).append(refusal.message)
        raise ValidationError(errors)
    if not policies.can_override_bylaws(actor, committee):
        raise PermissionDenied(_("Only the ministry may seat a member against the committee's bylaws."))
    return [refusal.rule for refusal in found]


def _with_override(reason: str, override_reason: str, overridden: list[str]) -> str:
    # The reason for the override is the user's own words: kept as typed, next to theirs.
    return "\n".join(filter(None, [reason.strip(), override_reason.strip() if overridden else ""]))


def _decide_seat(
    mandate: Mandate, *, actor: Any, approval: str, kind: str, reason: str, override_reason: str = ""
) -> Mandate:
    lock(mandate)
    committee = mandate.committee
    if not policies.can_approve_seat(actor, committee):
        raise PermissionDenied(_("Seats are approved by the regional office or the ministry."))
    if mandate.approval != SeatApproval.PENDING:
        raise InvalidTransition(_("This seat is not awaiting approval."))
    overridden: list[str] = []
    if approval == SeatApproval.APPROVED and mandate.voting:
        # The size is counted when the seat takes effect: others may have been seated since it was proposed.
        bylaws = selectors.bylaws_in_force(committee, mandate.starts_on)
        refusal = _size_refusal(committee, bylaws, mandate.starts_on)
        overridden = _check_bylaws(committee, [refusal], actor=actor, override_reason=override_reason)
    note = _with_override(reason, override_reason, overridden)
    apply_changes(mandate, {"approval": approval}, actor=actor, reason=note)
    record_event(
        CommitteeEvent,
        committee=committee,
        kind=kind,
        actor=actor,
        note=note,
        mandate=mandate,
        **_summary(
            "governance.person_and",
            {"bylaws_overridden": overridden} if overridden else {},
            person=mandate.person,
            what=MandateRole(mandate.role),
        ),
    )
    return mandate


@transaction.atomic
def approve_mandate(mandate: Mandate, *, actor: Any, reason: str = "", override_reason: str = "") -> Mandate:
    """Staff covering the committee approve a proposed seat: it takes effect.

    A voting seat beyond the binding maximum of the bylaws in force on its first day is refused,
    unless the ministry overrides the bylaws with `override_reason`.
    """
    _decide_seat(
        mandate,
        actor=actor,
        approval=SeatApproval.APPROVED,
        kind=EventKind.MANDATE_APPROVED,
        reason=reason,
        override_reason=override_reason,
    )
    keep_one_coordinator(mandate, actor=actor, reason=reason)
    standing.restate([mandate.committee_id])
    return mandate


@transaction.atomic
def decline_mandate(mandate: Mandate, *, actor: Any, reason: str) -> Mandate:
    """Staff covering the committee decline a proposed seat; it stays in the record, granting nothing."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the seat is declined.")})
    return _decide_seat(
        mandate, actor=actor, approval=SeatApproval.DECLINED, kind=EventKind.MANDATE_DECLINED, reason=reason
    )


@transaction.atomic
def end_mandate(mandate: Mandate, *, actor: Any, ends_on: datetime.date, reason: str) -> Mandate:
    """End a mandate on its last day; the mandate and its history stay."""
    lock(mandate)
    if not policies.can_manage_committee(actor, mandate.committee):
        raise PermissionDenied(_("You may not change the members of this committee."))
    if not reason.strip():
        raise ValidationError({"end_reason": _("Say why the mandate ends.")})
    if mandate.ends_on is not None and mandate.ends_on < ends_on:
        raise ValidationError({"ends_on": _("This mandate already ends earlier.")})
    apply_changes(mandate, {"ends_on": ends_on, "end_reason": reason}, actor=actor, reason=reason)
    record_event(
        CommitteeEvent,
        committee=mandate.committee,
        kind=EventKind.MANDATE_ENDED,
        actor=actor,
        note=reason,
        mandate=mandate,
        **_summary("governance.person_and", person=mandate.person, what=MandateRole(mandate.role)),
    )
    keep_one_coordinator(mandate, actor=actor, reason=reason)
    standing.restate([mandate.committee_id])
    return mandate


def keep_one_coordinator(mandate: Mandate, *, actor: Any, reason: str = "") -> None:
    """A niche has one coordinator: the holder of the coordinator mandate on its committee (decision 23).

    Called in the transaction of every service that starts, approves or ends a mandate. On a
    niche committee, a coordinator mandate whose dates overlap another one's (proposed or
    approved) is refused, and the whole step with it; then the créneau's coordinator in the
    registry is set to today's holder, with the actor and the reason in its history. The
    daily `tasks.sync_coordinators` catches up with mandates that start or end on a later day.
    """
    committee = mandate.committee
    if mandate.role != MandateRole.COORDINATOR or committee.kind != CommitteeKind.CRENEAU:
        return
    # Two services seating two coordinators at once must not both pass the check.
    Committee.objects.select_for_update().filter(pk=committee.pk).first()
    if mandate.approval != SeatApproval.DECLINED:
        others = (
            committee.mandates.filter(role=MandateRole.COORDINATOR, starts_on__lte=mandate.ends_on or datetime.date.max)
            .exclude(pk=mandate.pk)
            .exclude(ends_on__lt=mandate.starts_on)
            .exclude(approval=SeatApproval.DECLINED)
        )
        if others.exists():
            raise ValidationError(
                {
                    "role": _(
                        "This niche committee already has a coordinator for these dates: "
                        "end their mandate before seating another."
                    )
                }
            )
    holder = selectors.niche_coordinator(committee)
    registry_services.record_coordinator(
        committee.creneau,  # type: ignore[arg-type]
        holder.person if holder else None,
        actor=actor,
        reason=reason,
    )


# --- Bylaws --------------------------------------------------------------------------------


@transaction.atomic
def draft_bylaws(committee: Committee, *, actor: Any, data: dict[str, Any]) -> Bylaws:
    """Write a new version of the bylaws as a draft: it binds nobody until adopted.

    Only an adopted resolution of the committee puts it in force (`adopt_bylaws`, called when
    the resolution whose subject it is is adopted); earlier versions stay as they were.
    """
    Committee.objects.select_for_update().get(pk=committee.pk)
    if not policies.can_manage_committee(actor, committee):
        raise PermissionDenied(_("You may not change this committee's bylaws."))
    version = (committee.bylaws.aggregate(m=Max("version"))["m"] or 0) + 1
    bylaws = Bylaws(**data, committee=committee, version=version, adopted_on=None, adopted_by=None)
    create_with_history(bylaws, actor=actor)
    record_event(
        CommitteeEvent, committee=committee, kind=EventKind.BYLAWS_DRAFTED, actor=actor, summary=str(bylaws)[:300]
    )
    return bylaws


def _check_adoptable(bylaws: Bylaws, committee_id: int) -> None:
    """Refuse (ValidationError) bylaws a resolution of `committee_id` may not adopt: only its own drafts."""
    if bylaws.committee_id != committee_id:
        raise ValidationError(_("Bylaws are adopted by a resolution of their own committee."))
    if not bylaws.is_draft:
        raise ValidationError(_("This version of the bylaws has already been adopted."))


@transaction.atomic
def adopt_bylaws(bylaws: Bylaws, *, resolution: Resolution, actor: Any) -> Bylaws:
    """Put a draft in force: the committee adopted the resolution whose subject it is.

    The version is in force from the local day of the decision and names the resolution;
    each member seated that day then receives it by email, as a PDF (after the commit). A
    resolution of another committee, or one not adopted, changes nothing (ValidationError).
    """
    lock(bylaws)
    _check_adoptable(bylaws, resolution.committee_id)
    adopting = (
        resolution.outcome == ResolutionOutcome.ADOPTED
        and resolution.decided_at is not None
        and resolution.subject_id == bylaws.pk
        and isinstance(resolution.subject, Bylaws)
    )
    if not adopting:
        raise ValidationError(_("Bylaws are adopted by an adopted resolution of the committee about them."))
    adopted_on = timezone.localdate(resolution.decided_at)
    apply_changes(bylaws, {"adopted_on": adopted_on, "adopted_by": resolution}, actor=actor)
    record_event(
        CommitteeEvent,
        committee=resolution.committee,
        kind=EventKind.BYLAWS_ADOPTED,
        actor=actor,
        summary=str(bylaws)[:300],
        meeting=resolution.meeting,
        resolution=resolution,
    )
    standing.restate([bylaws.committee_id])
    bylaws_id = bylaws.pk
    transaction.on_commit(lambda: tasks.send_bylaws_in_force.delay(bylaws_id))
    return bylaws


@transaction.atomic
def acknowledge_bylaws(committee: Committee, *, actor: Any) -> BylawsAcknowledgement:
    """A member says they read the bylaws in force today; asking again changes nothing.

    Only a person holding a current mandate on the committee acknowledges, for themselves.
    """
    if not policies.can_acknowledge_bylaws(actor, committee):
        raise PermissionDenied(_("Only a member of the committee acknowledges its bylaws."))
    person_id = actor.person_id
    # The seat that makes them a member (the policy saw it; the first if they hold two).
    mandate = committee.mandates.current().filter(person_id=person_id).earliest("pk")  # type: ignore[attr-defined]
    bylaws = selectors.bylaws_in_force(committee)
    if bylaws is None:
        raise ValidationError(_("This committee has no bylaws in force to acknowledge."))
    lock(bylaws)  # two clicks at once: the second waits and finds the first
    done = BylawsAcknowledgement.objects.filter(bylaws=bylaws, person_id=person_id).first()
    if done is not None:
        return done
    acknowledgement = create_with_history(
        BylawsAcknowledgement(bylaws=bylaws, person_id=person_id, mandate=mandate), actor=actor
    )
    record_event(
        CommitteeEvent,
        committee=committee,
        kind=EventKind.BYLAWS_ACKNOWLEDGED,
        actor=actor,
        summary=f"{mandate.person} – v{bylaws.version}"[:300],
        mandate=mandate,
    )
    return acknowledgement


# --- Meetings ------------------------------------------------------------------------------


def _next_position(meeting: Meeting) -> int:
    return (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1


def _place_pending_items(meeting: Meeting, *, actor: Any) -> int:
    """Put the decisions forwarded to this committee on the agenda of this meeting."""
    placed = 0
    for pending in PendingAgendaItem.objects.select_for_update().filter(committee=meeting.committee, placed_on=None):
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=_next_position(meeting),
            title=pending.title,
            kind=pending.kind,
            subject_type=pending.subject_type,
            subject_id=pending.subject_id,
            forwarded_from=pending.source,
        )
        pending.placed_on = item
        pending.save(update_fields=["placed_on"])
        if pending.source is not None:
            said = _summary("governance.item_received", title=pending.title, number=pending.source.number)
        else:
            said = {"summary": pending.title[:300]}
        record_event(
            CommitteeEvent,
            committee=meeting.committee,
            kind=EventKind.ITEM_RECEIVED,
            actor=actor,
            **said,
            meeting=meeting,
            resolution=pending.source,
        )
        placed += 1
    return placed


@transaction.atomic
def plan_meeting(
    committee: Committee,
    *,
    actor: Any,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    location: str = "",
    online_url: str = "",
    items: Sequence[dict[str, Any]] = (),
) -> Meeting:
    """Plan a meeting with its agenda; decisions forwarded to the committee join the agenda."""
    if not policies.can_convene(actor, committee):
        raise PermissionDenied(_("You may not plan this committee's meetings."))
    if not location and not online_url:
        raise ValidationError({"location": _("Give a place or an online meeting link.")})
    meeting = Meeting(
        committee=committee, title=title, starts_at=starts_at, ends_at=ends_at, location=location, online_url=online_url
    )
    create_with_history(meeting, actor=actor)
    for position, item in enumerate(items, start=1):
        create_with_history(AgendaItem(meeting=meeting, position=position, **item), actor=actor)
    record_event(
        CommitteeEvent,
        committee=committee,
        kind=EventKind.MEETING_PLANNED,
        actor=actor,
        summary=str(meeting),
        meeting=meeting,
    )
    # A meeting of today is still to come until it opens (it opens on its day or later).
    if meeting.meeting_date >= timezone.localdate():
        _place_pending_items(meeting, actor=actor)
    return meeting


MEETING_DETAILS = ("title", "starts_at", "ends_at", "location", "online_url")


@transaction.atomic
def update_meeting(
    meeting: Meeting, *, actor: Any, data: dict[str, Any], reason: str = "", revision: int | None = None
) -> list[str]:
    """Change the title, time or place of a meeting not yet held; members convened hear of it.

    `revision` is the one the editor started from: EditConflict when someone saved since.
    """
    lock(meeting)
    if not policies.can_convene(actor, meeting.committee):
        raise PermissionDenied(_("You may not change this meeting."))
    if meeting.status not in workflow.AGENDA_EDITABLE:
        raise InvalidTransition(_("A meeting that has started cannot be rescheduled."))
    unknown = set(data) - set(MEETING_DETAILS)
    if unknown:
        raise ValueError(f"Not a meeting detail: {', '.join(sorted(unknown))}")
    location = data.get("location", meeting.location)
    online_url = data.get("online_url", meeting.online_url)
    if not location and not online_url:
        raise ValidationError({"location": _("Give a place or an online meeting link.")})
    changed = apply_changes(meeting, data, actor=actor, reason=reason, revision=revision)
    if not changed:
        return changed
    record_event(
        CommitteeEvent,
        committee=meeting.committee,
        kind=EventKind.MEETING_CHANGED,
        actor=actor,
        summary=str(meeting),
        note=reason,
        meeting=meeting,
    )
    if meeting.status == MeetingStatus.CONVENED:
        # The members were convened to the old time or place: they get the new notice.
        apply_changes(
            meeting,
            {"notice_sent_at": timezone.now(), "notice_status": NoticeStatus.QUEUED, "notice_error": ""},
            actor=actor,
            reason=reason,
        )
        meeting_id = meeting.pk
        transaction.on_commit(lambda: tasks.send_meeting_notice.delay(meeting_id))
    return changed


@transaction.atomic
def add_agenda_item(
    meeting: Meeting,
    *,
    actor: Any,
    title: str,
    description: str = "",
    kind: str = ItemKind.DISCUSSION,
    subject: Any = None,
) -> AgendaItem:
    """Add an item at the end of the agenda while it may change; it may be about a record (minutes to approve…)."""
    lock(meeting)
    if not policies.can_convene(actor, meeting.committee):
        raise PermissionDenied(_("You may not change this agenda."))
    if meeting.status not in workflow.AGENDA_EDITABLE:
        raise InvalidTransition(_("The agenda of a meeting that has started cannot change."))
    if isinstance(subject, Minutes):
        _check_approvable(subject, meeting)
    if isinstance(subject, Bylaws):
        _check_adoptable(subject, meeting.committee_id)
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting),
        title=title,
        description=description,
        kind=kind,
        **subject_of(subject),
    )
    create_with_history(item, actor=actor)
    return item


@transaction.atomic
def attach_document(item: AgendaItem, *, actor: Any, title: str, file: Any) -> AgendaDocument:
    """Attach a document to an item while the agenda may still change."""
    meeting = item.meeting
    lock(meeting)
    if not policies.can_convene(actor, meeting.committee):
        raise PermissionDenied(_("You may not change this agenda."))
    if meeting.status not in workflow.AGENDA_EDITABLE:
        raise InvalidTransition(_("The agenda of a meeting that has started cannot change."))
    document = AgendaDocument(item=item, title=title, file=file, uploaded_by=actor_or_none(actor))
    validation.reject_nul_characters(document)
    document.full_clean()
    document.save()
    record_event(
        CommitteeEvent,
        committee=meeting.committee,
        kind=EventKind.DOCUMENT_ATTACHED,
        actor=actor,
        summary=f"{item.position}. {item.title} – {title}"[:300],
        meeting=meeting,
    )
    return document


def _transition(meeting: Meeting, target: str) -> str:
    lock(meeting)
    current = meeting.status
    workflow.check_meeting(current, target)
    return current


@transaction.atomic
def convene_meeting(meeting: Meeting, *, actor: Any) -> Meeting:
    """Convene the members: the notice goes by email with a calendar invitation."""
    if not policies.can_convene(actor, meeting.committee):
        raise PermissionDenied(_("You may not convene this committee."))
    previous = _transition(meeting, MeetingStatus.CONVENED)
    if not meeting.items.exists():
        raise ValidationError(_("Add at least one item to the agenda before convening."))
    now = timezone.now()
    # "Being sent" until the task has handed every message to the mail server.
    changes: dict[str, Any] = {
        "status": MeetingStatus.CONVENED,
        "notice_sent_at": now,
        "notice_status": NoticeStatus.QUEUED,
        "notice_error": "",
    }
    if previous == MeetingStatus.PLANNED:
        changes["convened_at"] = now
    apply_changes(meeting, changes, actor=actor)
    record_event(
        CommitteeEvent,
        committee=meeting.committee,
        kind=EventKind.MEETING_CONVENED,
        actor=actor,
        meeting=meeting,
        **(
            {"summary": str(meeting)}
            if previous == MeetingStatus.PLANNED
            else _summary("governance.notice_again", m=meeting)
        ),
    )
    meeting_id = meeting.pk
    transaction.on_commit(lambda: tasks.send_meeting_notice.delay(meeting_id))
    return meeting


@transaction.atomic
def open_meeting(meeting: Meeting, *, actor: Any, reason: str = "", chair: Mandate | None = None) -> Meeting:
    """The meeting is in session: attendance, interests, resolutions and votes are recorded.

    It opens on its scheduled day (local date) or later; opening it earlier needs a reason,
    which the history and the timeline keep with who opened it and when. The member who
    chairs is the one named, else the one named before, else the officer opening it, else
    the committee's only president (co-presidents choose: `name_chair`).
    """
    if not policies.can_run_meeting(actor, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    _transition(meeting, MeetingStatus.HELD)
    now = timezone.now()
    scheduled_on = meeting.meeting_date
    workflow.check_opening(scheduled_on, timezone.localdate(now), reason)
    early = timezone.localdate(now) < scheduled_on
    reason = reason.strip()
    if chair is not None:
        _check_chair(meeting, chair)
    chair = chair or meeting.chaired_by or _default_chair(meeting, actor)
    apply_changes(
        meeting, {"status": MeetingStatus.HELD, "opened_at": now, "chaired_by": chair}, actor=actor, reason=reason
    )
    record_event(
        CommitteeEvent,
        committee=meeting.committee,
        kind=EventKind.MEETING_OPENED,
        actor=actor,
        note=reason,
        meeting=meeting,
        **(
            _summary("governance.opened_early", {"scheduled_on": scheduled_on.isoformat(), "early": True}, m=meeting)
            if early
            else {"summary": str(meeting)[:300]}
        ),
    )
    # A meeting held counts in the meetings of the year the bylaws ask for.
    standing.restate([meeting.committee_id])
    return meeting


def _default_chair(meeting: Meeting, actor: Any) -> Mandate | None:
    """The officer opening the meeting if they preside, else the committee's only president."""
    seats = list(
        meeting.committee.mandates.current(meeting.meeting_date)
        .filter(role__in=[MandateRole.PRESIDENT, MandateRole.CO_PRESIDENT])
        .order_by("pk")
    )
    own = [s for s in seats if s.person_id == getattr(actor, "person_id", None)]
    presidents = [s for s in seats if s.role == MandateRole.PRESIDENT]
    if own:
        return own[0]
    return presidents[0] if len(presidents) == 1 else None


def _check_chair(meeting: Meeting, mandate: Mandate) -> None:
    if (
        mandate.committee_id != meeting.committee_id
        or not mandate.is_current(meeting.meeting_date)
        or mandate.role in NON_VOTING_ROLES
    ):
        raise ValidationError({"chair": _("The chair is a member of the committee, seated on the day of the meeting.")})


@transaction.atomic
def name_chair(meeting: Meeting, *, actor: Any, mandate: Mandate, reason: str = "") -> Meeting:
    """Name the member who chairs the meeting (before it opens or during it): later decisions name them."""
    lock(meeting)
    if not policies.can_run_meeting(actor, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    if meeting.status not in workflow.CHAIR_NAMEABLE:
        raise InvalidTransition(_("The chair is named before the meeting closes."))
    _check_chair(meeting, mandate)
    apply_changes(meeting, {"chaired_by": mandate}, actor=actor, reason=reason)
    record_event(
        CommitteeEvent,
        committee=meeting.committee,
        kind=EventKind.CHAIR_NAMED,
        actor=actor,
        summary=f"{mandate.person} – {meeting}"[:300],
        note=reason,
        meeting=meeting,
        mandate=mandate,
    )
    return meeting


@transaction.atomic
def close_meeting(meeting: Meeting, *, actor: Any) -> Meeting:
    """Close the meeting once every resolution is decided or deferred; the minutes can then be approved."""
    if not policies.can_run_meeting(actor, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    _transition(meeting, MeetingStatus.CLOSED)
    if meeting.resolutions.filter(outcome=ResolutionOutcome.PENDING).exists():
        raise ValidationError(_("Decide or defer every resolution before closing the meeting."))
    apply_changes(meeting, {"status": MeetingStatus.CLOSED, "closed_at": timezone.now()}, actor=actor)
    record_event(
        CommitteeEvent,
        committee=meeting.committee,
        kind=EventKind.MEETING_CLOSED,
        actor=actor,
        summary=str(meeting),
        meeting=meeting,
    )
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, actor: Any, reason: str) -> Meeting:
    """Cancel a meeting not yet held, with the reason; members already convened are told."""
    if not policies.can_convene(actor, meeting.committee):
        raise PermissionDenied(_("You may not cancel this meeting."))
    previous = _transition(meeting, MeetingStatus.CANCELLED)
    if not reason.strip():
        raise ValidationError({"cancellation_reason": _("Say why the meeting is cancelled.")})
    apply_changes(
        meeting, {"status": MeetingStatus.CANCELLED, "cancellation_reason": reason}, actor=actor, reason=reason
    )
    record_event(
        CommitteeEvent,
        committee=meeting.committee,
        kind=EventKind.MEETING_CANCELLED,
        actor=actor,
        summary=str(meeting),
        note=reason,
        meeting=meeting,
    )
    if previous == MeetingStatus.CONVENED:
        apply_changes(meeting, {"notice_status": NoticeStatus.QUEUED, "notice_error": ""}, actor=actor, reason=reason)
        meeting_id = meeting.pk
        transaction.on_commit(lambda: tasks.send_meeting_notice.delay(meeting_id, cancelled=True))
    return meeting


# --- Attendance and vote sheets ----------------------------------------------------------------

# (member, status, proxy holder) of one line of an attendance sheet.
AttendanceLine = tuple[Mandate, str, Mandate | None]
# (member, for / against / abstain) of one line of a vote sheet.
VoteLine = tuple[Mandate, str]


class SheetRefused(ValidationError):
    """Lines of an attendance or vote sheet were refused, so nothing of the sheet was saved.

    `lines` holds each refused line's own refusal by mandate id: a page shows it on the
    line, the API names the line (its message is {mandate id: [refusals]}).
    """

    def __init__(self, lines: dict[int, ValidationError]) -> None:
        super().__init__({str(pk): exc.messages for pk, exc in lines.items()})
        self.lines = lines


@transaction.atomic
def record_attendance_sheet(meeting: Meeting, lines: Iterable[AttendanceLine], *, actor: Any) -> list[Attendance]:
    """Record members present, excused, absent or represented by proxy: every line, or none.

    Proxies go last, since a proxy holder must be recorded as present first. Every line is
    checked against the members on the day of the meeting (selectors.sitting) and the lines
    before it; SheetRefused names each refused line.
    """
    lock(meeting)
    if not policies.can_run_meeting(actor, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    if meeting.status not in workflow.ATTENDANCE_OPEN:
        raise InvalidTransition(_("Attendance is recorded for a convened meeting or one in session."))
    sitting = selectors.sitting(meeting)
    recorded, refused = [], {}
    for mandate, status, holder in sorted(lines, key=lambda line: line[1] == AttendanceStatus.PROXY):
        try:
            recorded.append(_attend(sitting, mandate, status, holder, actor=actor))
        except ValidationError as exc:
            refused[mandate.pk] = exc
    if refused:
        raise SheetRefused(refused)  # the transaction rolls back the lines already written
    return recorded


def record_attendance(
    meeting: Meeting, mandate: Mandate, *, actor: Any, status: str, proxy_holder: Mandate | None = None
) -> Attendance:
    """Record one member's attendance: a sheet of one line, refused with that line's own reason."""
    try:
        return record_attendance_sheet(meeting, [(mandate, status, proxy_holder)], actor=actor)[0]
    except SheetRefused as exc:
        raise exc.lines[mandate.pk] from None


def _attend(
    sitting: selectors.Sitting, mandate: Mandate, status: str, holder: Mandate | None, *, actor: Any
) -> Attendance:
    meeting = sitting.meeting
    if mandate.pk not in sitting.by_pk:
        raise ValidationError(
            _("%(person)s is not a member of this committee on that day.") % {"person": mandate.person}
        )
    if status == AttendanceStatus.PROXY:
        _check_proxy(sitting, mandate, holder)
    else:
        holder = None
    existing = sitting.attendances.get(mandate.pk)
    if (
        existing is not None
        and existing.status != status
        and meeting.resolutions.filter(votes__mandate=mandate).exists()
    ):
        raise ValidationError(_("%(person)s has already voted at this meeting.") % {"person": mandate.person})
    if existing is None:
        attendance = Attendance(
            meeting=meeting, mandate=mandate, status=status, proxy_holder=holder, recorded_by=actor_or_none(actor)
        )
        create_with_history(attendance, actor=actor)
    else:
        attendance = existing
        apply_changes(attendance, {"status": status, "proxy_holder": holder}, actor=actor)
    record_event(
        CommitteeEvent,
        committee=meeting.committee,
        kind=EventKind.ATTENDANCE_RECORDED,
        actor=actor,
        meeting=meeting,
        mandate=mandate,
        **_summary("governance.person_and", person=mandate.person, what=AttendanceStatus(attendance.status)),
    )
    # The next lines are checked against this one (a proxy holder present, the proxies held).
    sitting.attendances[mandate.pk] = attendance
    return attendance


def _check_proxy(sitting: selectors.Sitting, mandate: Mandate, holder: Mandate | None) -> None:
    rules = sitting.rules
    if not rules.proxies_allowed:
        raise ValidationError(_("The bylaws of this committee do not allow proxies."))
    if not mandate.voting:
        raise ValidationError(_("Only a voting member can give a proxy."))
    if holder is None or holder.pk == mandate.pk:
        raise ValidationError({"proxy_holder": _("Choose the member who holds the proxy.")})
    if holder.pk not in sitting.voting_ids:
        raise ValidationError({"proxy_holder": _("The proxy holder must be a voting member of the committee.")})
    holder_attendance = sitting.attendances.get(holder.pk)
    if holder_attendance is None or holder_attendance.status != AttendanceStatus.PRESENT:
        raise ValidationError({"proxy_holder": _("The proxy holder must be recorded as present.")})
    held = sum(1 for a in sitting.attendances.values() if a.proxy_holder_id == holder.pk and a.mandate_id != mandate.pk)
    if held >= rules.max_proxies_per_member:
        raise ValidationError(
            {"proxy_holder": _("This member already holds %(n)s proxies, the most the bylaws allow.") % {"n": held}}
        )


@transaction.atomic
def record_votes(resolution: Resolution, lines: Iterable[VoteLine], *, actor: Any) -> list[Vote]:
    """Record (or change) members' votes, in person or through the member holding their proxy: every line, or none.

    A line is refused for a member who does not sit on the committee on the day of the
    meeting, does not vote, is recused, or is neither present nor represented (by proxy,
    where the bylaws allow it); SheetRefused names each refused line.
    """
    _pending(resolution)
    meeting = resolution.meeting
    if not policies.can_run_meeting(actor, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    sitting = selectors.sitting(meeting)
    recused = set(resolution.recusals.values_list("mandate_id", flat=True))  # type: ignore[attr-defined]
    recorded, refused = [], {}
    for mandate, choice in lines:
        try:
            recorded.append(_vote(sitting, resolution, recused, mandate, choice, actor=actor))
        except ValidationError as exc:
            refused[mandate.pk] = exc
    if refused:
        raise SheetRefused(refused)
    return recorded


def record_vote(resolution: Resolution, mandate: Mandate, *, actor: Any, choice: str) -> Vote:
    """Record one member's vote: a sheet of one line, refused with that line's own reason."""
    try:
        return record_votes(resolution, [(mandate, choice)], actor=actor)[0]
    except SheetRefused as exc:
        raise exc.lines[mandate.pk] from None


def _vote(
    sitting: selectors.Sitting, resolution: Resolution, recused: set[int], mandate: Mandate, choice: str, *, actor: Any
) -> Vote:
    if mandate.pk not in sitting.by_pk:
        raise ValidationError(
            _("%(person)s is not a member of this committee on that day.") % {"person": mandate.person}
        )
    if not mandate.voting:
        raise ValidationError(_("%(person)s does not vote.") % {"person": mandate.person})
    if mandate.pk in recused:
        raise ValidationError(
            _("%(person)s is recused from this resolution and cannot vote.") % {"person": mandate.person}
        )
    attendance = sitting.attendances.get(mandate.pk)
    if attendance is None or attendance.status not in (AttendanceStatus.PRESENT, AttendanceStatus.PROXY):
        raise ValidationError(_("%(person)s is not present or represented.") % {"person": mandate.person})
    cast_by = None
    if attendance.status == AttendanceStatus.PROXY:
        if not sitting.rules.proxies_allowed:
            raise ValidationError(_("The bylaws of this committee do not allow proxies."))
        cast_by = attendance.proxy_holder
    vote = Vote.objects.filter(resolution=resolution, mandate=mandate).first()
    if vote is None:
        vote = Vote(
            resolution=resolution, mandate=mandate, choice=choice, cast_by=cast_by, recorded_by=actor_or_none(actor)
        )
        create_with_history(vote, actor=actor)
    elif vote.choice != choice:
        # The history keeps the vote it replaces: who recorded it, when, and who changed it.
        apply_changes(
            vote,
            {"choice": choice, "cast_by": cast_by, "recorded_by": actor_or_none(actor), "recorded_at": timezone.now()},
            actor=actor,
        )
    return vote


# --- Resolutions ---------------------------------------------------------------------------


@transaction.atomic
def propose_resolution(
    meeting: Meeting,
    *,
    actor: Any,
    title: str,
    text: str,
    item: AgendaItem | None = None,
    subject: Any = None,
    forward_to: Committee | None = None,
    gives_coordinator_mandate: bool = False,
    delegation: str = DelegationChange.NONE,
    delegates_to: Committee | None = None,
    justification: str = "",
) -> Resolution:
    """Put a resolution to the meeting, numbered per committee and year.

    Members whose organisation carries or partners in the subject are recused at once. A
    niche committee's resolution may delegate its decisions on projects to its executive
    committee, or end that delegation (`delegation`, `delegates_to`). The `justification` is
    the committee's written reason where the subject's app asks for one (a fund project above
    a niche's fair share): that app checks it when the resolution is decided.
    """
    lock(meeting)
    if not policies.can_run_meeting(actor, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    if meeting.status not in workflow.IN_SESSION:
        raise InvalidTransition(_("Resolutions are put to a meeting in session."))
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("This item belongs to another meeting.")})
    if subject is None and item is not None:
        subject = item.subject
    if forward_to is not None and forward_to.pk == meeting.committee_id:
        raise ValidationError({"forward_to": _("Forward the decision to another committee.")})
    if (
        forward_to is not None
        and not policies.forward_targets(actor, meeting.committee).filter(pk=forward_to.pk).exists()
    ):
        raise ValidationError(
            {"forward_to": _("A decision goes to a committee you work with or to one above this one.")}
        )
    if isinstance(subject, Minutes):
        _check_approvable(subject, meeting)
    _check_delegation(meeting.committee, delegation, delegates_to)
    if isinstance(subject, Bylaws):
        _check_adoptable(subject, meeting.committee_id)
    committee = Committee.objects.select_for_update().get(pk=meeting.committee_id)
    resolution = Resolution(
        committee=committee,
        meeting=meeting,
        item=item,
        **_next_number(committee, timezone.localdate().year),
        title=title,
        text=text,
        forward_to=forward_to,
        gives_coordinator_mandate=gives_coordinator_mandate,
        delegation=delegation,
        delegates_to=delegates_to if delegation else None,
        justification=justification.strip(),
        **subject_of(subject),
    )
    create_with_history(resolution, actor=actor)
    for mandate, reason in _interested_seats(committee, meeting, subjects.interested_organisations(subject)):
        create_with_history(
            Recusal(resolution=resolution, mandate=mandate, reason=reason, recorded_by=actor_or_none(actor)),
            actor=actor,
        )
    record_event(
        CommitteeEvent,
        committee=committee,
        kind=EventKind.RESOLUTION_PROPOSED,
        actor=actor,
        summary=str(resolution)[:300],
        meeting=meeting,
        resolution=resolution,
    )
    return resolution


def _check_delegation(committee: Committee, delegation: str, delegates_to: Committee | None) -> None:
    """Only a niche committee delegates, and only to one of its own executive committees."""
    if not delegation:
        return
    if delegation not in DelegationChange.values:
        raise ValidationError({"delegation": _("Choose what the resolution does to the delegation.")})
    if committee.kind != CommitteeKind.CRENEAU:
        raise ValidationError({"delegation": _("Only a niche committee delegates its decisions on projects.")})
    if (
        delegates_to is None
        or delegates_to.kind != CommitteeKind.EXECUTIVE
        or delegates_to.parent_id != committee.pk
        or delegates_to.dissolved_on is not None
    ):
        raise ValidationError({"delegates_to": _("Choose one of this committee's executive committees.")})
    open_ = Delegation.objects.filter(committee=committee, delegate=delegates_to, ends_on__isnull=True).exists()
    if delegation == DelegationChange.REVOKE and not open_:
        raise ValidationError({"delegation": _("This executive committee has no delegation to end.")})
    if delegation == DelegationChange.GRANT and open_:
        raise ValidationError({"delegation": _("This executive committee already decides on projects.")})


def _next_number(committee: Committee, year: int) -> dict[str, Any]:
    """The committee's next number in `year`: the caller holds the lock on the committee's row."""
    sequence = (committee.resolutions.filter(year=year).aggregate(m=Max("sequence"))["m"] or 0) + 1
    return {"year": year, "sequence": sequence, "number": f"{committee.code}-{year}-{sequence:03d}"}


def _dated_decision(resolution: Resolution) -> dict[str, Any]:
    """The fields that date a decision now: its time, and its number when the year turned since the proposal.

    The year of a number is the year of the decision shown beside it (decision 20): a
    resolution proposed on 31 December and decided after midnight is numbered in the new
    year. A decision before the meeting opened is refused.
    """
    now = timezone.now()
    workflow.check_decision_time(resolution.meeting.opened_at, now)
    changes: dict[str, Any] = {"decided_at": now}
    year = timezone.localdate(now).year
    if year != resolution.year:
        committee = Committee.objects.select_for_update().get(pk=resolution.committee_id)
        changes.update(_next_number(committee, year))
    return changes


def _renumbered(resolution: Resolution, changes: dict[str, Any]) -> str:
    """Why the number changes, for the history; empty when it does not."""
    if "number" not in changes:
        return ""
    return _("Decided in %(year)s: %(old)s is numbered %(new)s.") % {
        "year": changes["year"],
        "old": resolution.number,
        "new": changes["number"],
    }


def _interested_seats(
    committee: Committee, meeting: Meeting, interested: Mapping[int, str]
) -> list[tuple[Mandate, str]]:
    """The seats whose holder has an interest in the subject, with its kind ("carrier", "partner").

    The conflict follows the person: the seat represents one of the interested organisations,
    or its holder is affiliated with one today, whatever organisation the seat represents (or
    none). A seat that represents an interested organisation takes that organisation's reason.
    """
    if not interested:
        return []
    seats = committee.mandates.current(meeting.meeting_date).filter(
        Q(organisation_id__in=interested) | Q(person__affiliations__organisation_id__in=interested)
    )
    ties: dict[int, str] = {}
    for person_id, organisation_id in Affiliation.objects.filter(
        person__in=seats.values("person_id"), organisation_id__in=interested
    ).values_list("person_id", "organisation_id"):
        # A carrier tie outweighs a partner tie for the recorded reason.
        if ties.get(person_id) != RecusalReason.CARRIER:
            ties[person_id] = interested[organisation_id]
    return [
        (seat, interested.get(seat.organisation_id) or ties[seat.person_id])  # type: ignore[arg-type]
        for seat in seats.distinct().order_by("pk")
    ]


def _pending(resolution: Resolution) -> None:
    lock(resolution)
    if resolution.is_decided:
        raise InvalidTransition(_("This resolution has already been decided."))
    if resolution.meeting.status not in workflow.IN_SESSION:
        raise InvalidTransition(_("The meeting is not in session."))


@transaction.atomic
def declare_interest(resolution: Resolution, mandate: Mandate, *, actor: Any, interest: str) -> Recusal:
    """A member declares an interest: they are recused, and a vote they cast no longer counts."""
    _pending(resolution)
    if not policies.can_declare_interest(actor, mandate):
        raise PermissionDenied(_("You may not declare an interest for this member."))
    if mandate.committee_id != resolution.committee_id or not mandate.is_current(resolution.meeting.meeting_date):
        raise ValidationError(_("This member does not sit on this committee."))
    if not interest.strip():
        raise ValidationError({"declared_interest": _("Describe the interest.")})
    recusal = Recusal.objects.filter(resolution=resolution, mandate=mandate).first()
    if recusal is None:
        recusal = create_with_history(
            Recusal(
                resolution=resolution,
                mandate=mandate,
                reason=RecusalReason.DECLARED,
                declared_interest=interest,
                recorded_by=actor_or_none(actor),
            ),
            actor=actor,
        )
    else:
        apply_changes(recusal, {"declared_interest": interest}, actor=actor, reason=interest)
    # The vote is withdrawn, not forgotten: its history keeps it, with the declared interest as the reason.
    withdrawn = 0
    for vote in Vote.objects.filter(resolution=resolution, mandate=mandate):
        delete_with_history(vote, actor=actor, reason=interest)
        withdrawn += 1
    # The declared interest is the member's words; that their vote was withdrawn, the system's.
    said = (
        _summary("governance.interest_vote_withdrawn", person=mandate.person, number=resolution.number)
        if withdrawn
        else {"summary": f"{mandate.person} – {resolution.number}"}
    )
    record_event(
        CommitteeEvent,
        committee=resolution.committee,
        kind=EventKind.INTEREST_DECLARED,
        actor=actor,
        note=interest.strip(),
        **said,
        meeting=resolution.meeting,
        resolution=resolution,
        mandate=mandate,
    )
    return recusal


@transaction.atomic
def decide_resolution(resolution: Resolution, *, actor: Any, mode: str = DecisionMode.VOTE) -> Resolution:
    """Close the vote (or record a consensus): adopted or rejected under the bylaws, with the quorum.

    Refused without quorum, and, for a niche committee deciding on a project, without the
    composition its bylaws make bind (decisions.Balance): the committee cannot decide; it
    may defer. An adopted resolution that names the next committee puts its item on that
    committee's next agenda.
    """
    _pending(resolution)
    meeting = resolution.meeting
    if not policies.can_run_meeting(actor, meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    chair = _sitting_chair(meeting)
    counts = selectors.tally(resolution)
    try:
        outcome = decisions.decide(counts, mode)
    except (decisions.NoQuorum, decisions.CompositionNotMet, decisions.DecisionNotAllowed) as exc:
        raise ValidationError(str(exc)) from exc
    if outcome == ResolutionOutcome.ADOPTED:
        # What the subject's app forbids (a project above a fair share without reasons) is refused now,
        # not when the chair signs off.
        subjects.check_adoption(resolution.subject, resolution)
    decision = _dated_decision(resolution)
    signed = chair.person_id == getattr(actor, "person_id", None)
    changes = {
        "outcome": outcome,
        "decision_mode": mode,
        "decision_rule": counts.rules.decision_rule,
        "voting_members": counts.voting_members,
        "recused_count": counts.recused,
        "present_count": counts.present,
        "quorum_required": counts.quorum,
        "votes_for": counts.votes_for if mode == DecisionMode.VOTE else None,
        "votes_against": counts.votes_against if mode == DecisionMode.VOTE else None,
        "abstentions": counts.abstentions if mode == DecisionMode.VOTE else None,
        "chaired_by": chair,
        "signed_off_at": decision["decided_at"] if signed else None,
        "signed_off_by": actor if signed else None,
        **decision,
    }
    apply_changes(resolution, changes, actor=actor, reason=_renumbered(resolution, changes))
    kind = EventKind.RESOLUTION_ADOPTED if outcome == ResolutionOutcome.ADOPTED else EventKind.RESOLUTION_REJECTED
    record_event(
        CommitteeEvent,
        committee=resolution.committee,
        kind=kind,
        actor=actor,
        summary=str(resolution)[:300],
        meeting=meeting,
        resolution=resolution,
    )
    if signed:
        _take_effect(resolution, actor=actor)
    else:
        record_event(
            CommitteeEvent,
            committee=resolution.committee,
            kind=EventKind.RESOLUTION_AWAITS_SIGN_OFF,
            actor=actor,
            summary=f"{resolution.number} – {chair.person}"[:300],
            meeting=meeting,
            resolution=resolution,
            mandate=chair,
        )
        resolution_id = resolution.pk
        transaction.on_commit(lambda: tasks.send_sign_off_request.delay(resolution_id))
    return resolution


def _sitting_chair(meeting: Meeting) -> Mandate:
    """The member chairing, present: a decision names them (refused when nobody chairs)."""
    chair = meeting.chaired_by
    if chair is None:
        raise ValidationError({"chair": _("Name the member who chairs the meeting before recording a decision.")})
    present = Attendance.objects.filter(meeting=meeting, mandate=chair, status=AttendanceStatus.PRESENT).exists()
    if not present:
        raise ValidationError(
            {"chair": _("%(name)s chairs the meeting but is not recorded as present.") % {"name": chair.person}}
        )
    return chair


@transaction.atomic
def sign_off_resolution(resolution: Resolution, *, actor: Any) -> Resolution:
    """The member who chaired confirms the result recorded by someone else: the decision takes effect."""
    lock(resolution)
    if not resolution.awaits_sign_off:
        raise InvalidTransition(_("This decision does not await a sign-off."))
    if not policies.can_sign_off(actor, resolution):
        raise PermissionDenied(
            _("Only the member who chaired the meeting, %(name)s, signs off this decision.")
            % {"name": resolution.chaired_by.person if resolution.chaired_by else "—"}
        )
    apply_changes(resolution, {"signed_off_at": timezone.now(), "signed_off_by": actor}, actor=actor)
    record_event(
        CommitteeEvent,
        committee=resolution.committee,
        kind=EventKind.RESOLUTION_SIGNED_OFF,
        actor=actor,
        summary=str(resolution)[:300],
        meeting=resolution.meeting,
        resolution=resolution,
    )
    _take_effect(resolution, actor=actor)
    return resolution


def _take_effect(resolution: Resolution, *, actor: Any) -> None:
    """What a signed-off decision does: approve minutes, forward, delegate, move its subject."""
    if resolution.outcome == ResolutionOutcome.ADOPTED:
        _after_adoption(resolution, actor=actor)
    # The subject (a project…) follows the decision: the app that owns it knows how (see subjects).
    subjects.follow(resolution.subject, resolution, actor=actor)


def _after_adoption(resolution: Resolution, *, actor: Any) -> None:
    subject = resolution.subject
    if isinstance(subject, Minutes):
        _approve_minutes(subject, resolution=resolution, actor=actor)
    if isinstance(subject, Bylaws):
        adopt_bylaws(subject, resolution=resolution, actor=actor)
    if resolution.forward_to_id:
        forward(resolution, actor=actor)
    if resolution.delegation:
        _delegate(resolution, actor=actor)


def _delegate(resolution: Resolution, *, actor: Any) -> None:
    """Grant or end the executive committee's power over the niche committee's projects."""
    decided_on = timezone.localdate(resolution.decided_at)
    delegate = resolution.delegates_to
    open_ = Delegation.objects.select_for_update().filter(
        committee_id=resolution.committee_id, delegate=delegate, ends_on__isnull=True
    )
    if resolution.delegation == DelegationChange.GRANT:
        if open_.exists():
            return
        create_with_history(
            Delegation(
                committee_id=resolution.committee_id, delegate=delegate, granted_by=resolution, starts_on=decided_on
            ),
            actor=actor,
        )
        kind = EventKind.DELEGATION_GRANTED
    else:
        # Ended the day before the decision: the executive committee no longer decides from that day.
        for delegation in open_:
            apply_changes(
                delegation, {"ends_on": decided_on - datetime.timedelta(days=1), "ended_by": resolution}, actor=actor
            )
        kind = EventKind.DELEGATION_ENDED
    record_event(
        CommitteeEvent,
        committee=resolution.committee,
        kind=kind,
        actor=actor,
        summary=f"{delegate} – {resolution.number}"[:300],
        resolution=resolution,
    )


def forward(resolution: Resolution, *, actor: Any) -> PendingAgendaItem:
    """Send the item to the next committee: on its next meeting's agenda, or waiting for one."""
    target = resolution.forward_to
    if target is None:
        raise ValueError(f"{resolution.number} names no committee to forward to.")
    record_event(
        CommitteeEvent,
        committee=resolution.committee,
        kind=EventKind.ITEM_FORWARDED,
        actor=actor,
        **_summary("governance.item_forwarded", title=resolution.title, committee=target),
        resolution=resolution,
    )
    return put_on_next_agenda(
        target, actor=actor, title=resolution.title, subject=resolution.subject, source=resolution
    )


def put_on_next_agenda(
    committee: Committee,
    *,
    actor: Any,
    title: str,
    subject: Any = None,
    source: Resolution | None = None,
    kind: str = ItemKind.DECISION,
) -> PendingAgendaItem:
    """An item `committee` takes up next (a decision, unless `kind` says otherwise): on its next
    meeting still being prepared, or waiting for one.

    Other contexts call this too (a project submitted to its niche committee lands on the
    committee's next agenda by itself; an adopted bilan is presented to the regional committee,
    for information).
    """
    pending = PendingAgendaItem.objects.create(
        committee=committee, title=title[:300], kind=kind, source=source, **subject_of(subject)
    )
    today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    upcoming = (
        committee.meetings.filter(status__in=workflow.AGENDA_EDITABLE, starts_at__gte=today)
        .order_by("starts_at")
        .first()
    )
    if upcoming is not None:
        _place_pending_items(upcoming, actor=actor)
    return pending


@transaction.atomic
def defer_resolution(resolution: Resolution, *, actor: Any, reason: str) -> Resolution:
    """Postpone the decision (no quorum needed to defer)."""
    _pending(resolution)
    if not policies.can_run_meeting(actor, resolution.meeting):
        raise PermissionDenied(_("You may not run this meeting."))
    changes = {"outcome": ResolutionOutcome.DEFERRED, **_dated_decision(resolution)}
    renumbered = _renumbered(resolution, changes)
    apply_changes(resolution, changes, actor=actor, reason=f"{reason}\n{renumbered}".strip())
    record_event(
        CommitteeEvent,
        committee=resolution.committee,
        kind=EventKind.RESOLUTION_DEFERRED,
        actor=actor,
        summary=str(resolution)[:300],
        note=reason,
        meeting=resolution.meeting,
        resolution=resolution,
    )
    return resolution


# --- Minutes -------------------------------------------------------------------------------


@transaction.atomic
def draft_minutes(meeting: Meeting, *, actor: Any, text: str) -> Minutes:
    """The secretary's first draft (or the correction of approved minutes, as a new version)."""
    lock(meeting)
    if not policies.can_run_meeting(actor, meeting):
        raise PermissionDenied(_("You may not write these minutes."))
    if meeting.status not in workflow.MINUTES_ALLOWED:
        raise InvalidTransition(_("Minutes are written once the meeting has been held."))
    latest = meeting.minutes.order_by("-version").first()
    if latest is not None and not latest.is_locked:
        raise ValidationError(_("These minutes are still being drafted: amend them instead."))
    minutes = Minutes(
        meeting=meeting,
        version=(latest.version + 1) if latest else 1,
        text=text,
        drafted_by=actor_or_none(actor),
        corrects=latest,
    )
    create_with_history(minutes, actor=actor)
    record_event(
        CommitteeEvent,
        committee=meeting.committee,
        kind=EventKind.MINUTES_DRAFTED,
        actor=actor,
        **_summary("governance.minutes_drafted", m=meeting, v=minutes.version),
        meeting=meeting,
    )
    return minutes


@transaction.atomic
def amend_minutes(minutes: Minutes, *, actor: Any, text: str, reason: str = "", revision: int | None = None) -> Minutes:
    """Change draft or circulated minutes; approved minutes never change.

    `revision` is the one the editor started from: EditConflict, nothing changed, when it is stale.
    """
    lock(minutes)
    if not policies.can_run_meeting(actor, minutes.meeting):
        raise PermissionDenied(_("You may not write these minutes."))
    if minutes.is_locked:
        raise ValidationError(_("Approved minutes never change; write a correction as a new version."))
    if (
        apply_changes(minutes, {"text": text}, actor=actor, reason=reason, revision=revision)
        and minutes.status == MinutesStatus.CIRCULATED
    ):
        record_event(
            CommitteeEvent,
            committee=minutes.meeting.committee,
            kind=EventKind.MINUTES_AMENDED,
            actor=actor,
            summary=str(minutes),
            note=reason,
            meeting=minutes.meeting,
        )
    return minutes


@transaction.atomic
def circulate_minutes(minutes: Minutes, *, actor: Any) -> Minutes:
    """Send the draft to the members for comments."""
    lock(minutes)
    if not policies.can_run_meeting(actor, minutes.meeting):
        raise PermissionDenied(_("You may not write these minutes."))
    workflow.check_minutes(minutes.status, MinutesStatus.CIRCULATED)
    apply_changes(minutes, {"status": MinutesStatus.CIRCULATED, "circulated_at": timezone.now()}, actor=actor)
    record_event(
        CommitteeEvent,
        committee=minutes.meeting.committee,
        kind=EventKind.MINUTES_CIRCULATED,
        actor=actor,
        summary=str(minutes),
        meeting=minutes.meeting,
    )
    minutes_id = minutes.pk
    transaction.on_commit(lambda: tasks.send_minutes_circulated.delay(minutes_id))
    return minutes


def _check_approvable(minutes: Minutes, meeting: Meeting) -> None:
    """Refuse (ValidationError) minutes that `meeting` may not approve: only those of an earlier meeting."""
    workflow.check_minutes_approval(
        same_committee=minutes.meeting.committee_id == meeting.committee_id,
        minutes_meeting_starts=minutes.meeting.starts_at,
        approving_meeting_starts=meeting.starts_at,
    )


def _approve_minutes(minutes: Minutes, *, resolution: Resolution, actor: Any) -> None:
    """Lock the minutes, approved by a resolution of a later meeting of the same committee."""
    lock(minutes)
    _check_approvable(minutes, resolution.meeting)
    workflow.check_minutes(minutes.status, MinutesStatus.APPROVED)
    # Approved on the day of the meeting that approves them, whenever its record is typed in.
    apply_changes(
        minutes,
        {"status": MinutesStatus.APPROVED, "approved_at": resolution.meeting.starts_at, "approved_by": resolution},
        actor=actor,
    )
    record_event(
        CommitteeEvent,
        committee=minutes.meeting.committee,
        kind=EventKind.MINUTES_APPROVED,
        actor=actor,
        summary=str(minutes),
        meeting=minutes.meeting,
        resolution=resolution,
    )


@transaction.atomic
def sign_minutes(minutes: Minutes, *, actor: Any) -> Minutes:
    """The member who chaired the meeting, or the committee's secretary, signs the approved minutes."""
    lock(minutes)
    if minutes.status != MinutesStatus.APPROVED:
        raise InvalidTransition(_("Minutes are signed once approved."))
    roles = policies.minutes_signatures(actor, minutes)
    now = timezone.now()
    changes: dict[str, Any] = {}
    if "chair" in roles and minutes.chair_signed_at is None:
        changes.update(chair_signed_by=actor, chair_signed_at=now)
    if "secretary" in roles and minutes.secretary_signed_at is None:
        changes.update(secretary_signed_by=actor, secretary_signed_at=now)
    if not roles:
        raise PermissionDenied(
            _("Approved minutes are signed by the member who chaired the meeting and by the committee's secretary.")
        )
    if not changes:
        raise InvalidTransition(_("You have already signed these minutes."))
    apply_changes(minutes, changes, actor=actor)
    record_event(
        CommitteeEvent,
        committee=minutes.meeting.committee,
        kind=EventKind.MINUTES_SIGNED,
        actor=actor,
        summary=str(minutes)[:300],
        meeting=minutes.meeting,
    )
    return minutes


# --- Coordinator reports -------------------------------------------------------------------


@transaction.atomic
def submit_report(
    committee: Committee,
    *,
    actor: Any,
    coordinator: Mandate,
    period_start: datetime.date,
    period_end: datetime.date,
    activities: str,
    next_steps: str = "",
    progress: Sequence[tuple[Resolution, str, bool]] = (),
) -> CoordinatorReport:
    """The coordinator accounts for a period, mandate by mandate."""
    if not policies.can_report(actor, committee):
        raise PermissionDenied(_("Only the coordinator reports to the committee."))
    if coordinator.committee_id != committee.pk or coordinator.role != MandateRole.COORDINATOR:
        raise ValidationError({"coordinator": _("Choose the committee's coordinator.")})
    report = CoordinatorReport(
        committee=committee,
        coordinator=coordinator,
        period_start=period_start,
        period_end=period_end,
        activities=activities,
        next_steps=next_steps,
        submitted_at=timezone.now(),
    )
    create_with_history(report, actor=actor)
    for resolution, text, completed in progress:
        if (
            resolution.committee_id != committee.pk
            or not resolution.gives_coordinator_mandate
            or resolution.outcome != ResolutionOutcome.ADOPTED
            or resolution.signed_off_at is None
        ):
            raise ValidationError(_("%(n)s did not give the coordinator a mandate.") % {"n": resolution.number})
        ReportProgress.objects.create(report=report, resolution=resolution, progress=text, completed=completed)
        if completed and resolution.mandate_completed_on is None:
            attribute(resolution, actor=actor)
            resolution.mandate_completed_on = period_end
            resolution.save(update_fields=["mandate_completed_on"])
    record_event(CommitteeEvent, committee=committee, kind=EventKind.REPORT_SUBMITTED, actor=actor, summary=str(report))
    standing.restate([committee.pk])
    return report


# --- Members taking part: invitations, answers to notices, comments on minutes -------------


@dataclass(frozen=True)
class Invitations:
    """What inviting a committee's members did: who was invited, who could not be (no email, address taken)."""

    invited: list[Any]
    without_email: list[Any]
    refused: list[tuple[Any, str]]


@transaction.atomic
def invite_members(committee: Committee, *, actor: Any) -> Invitations:
    """Invite to Accord every member of the committee today who has no account (staff covering it).

    Each gets an account tied to their person and an email to choose a password
    (accord.accounts.services.invite_person); members without an email address are listed
    back to the caller. The committee's timeline records how many were invited, and by whom.
    """
    lock(committee)
    if not policies.can_invite_members(actor, committee):
        raise PermissionDenied(_("Only staff covering this committee invite its members."))
    with_account = User.objects.filter(person__isnull=False).values("person_id")
    people = [
        m.person
        for m in selectors.current_mandates(committee).exclude(person_id__in=with_account).select_related("person")
    ]
    invited, without_email, refused = [], [], []
    for person in dict.fromkeys(people):  # a member holding two seats is invited once
        if not person.email:
            without_email.append(person)
            continue
        try:
            with transaction.atomic():
                invited.append(account_services.invite_person(person, actor=actor, reason=str(committee)))
        except ValidationError as exc:
            refused.append((person, " ".join(exc.messages)))
    if invited:
        record_event(
            CommitteeEvent,
            committee=committee,
            kind=EventKind.MEMBERS_INVITED,
            actor=actor,
            summary=", ".join(str(user) for user in invited)[:300],
            data={"invited": len(invited)},
        )
    return Invitations(invited=invited, without_email=without_email, refused=refused)


@transaction.atomic
def answer_notice(
    meeting: Meeting,
    mandate: Mandate,
    *,
    actor: Any,
    answer: str,
    proxy_holder: Mandate | None = None,
    note: str = "",
    through_link: bool = False,
) -> NoticeAnswer:
    """A member answers the notice of a convened meeting: attending, excused, or a proxy to a colleague.

    Signed in, only for their own seat (policies.can_answer_notice); `through_link`: the
    view read a valid signed link for this seat, which stands for the member (actor is then
    their account if they have one, else None). A proxy goes to a voting member of the same
    committee on the day of the meeting, and only when the bylaws in force allow proxies.
    The answer may change until the meeting opens; each version is kept (history) and the
    committee's timeline records it.
    """
    lock(meeting)
    if not through_link and not policies.can_answer_notice(actor, mandate):
        raise PermissionDenied(_("You may answer the notice for your own seat only."))
    if meeting.status != MeetingStatus.CONVENED:
        raise InvalidTransition(_("This meeting no longer takes answers to its notice."))
    if answer not in NoticeAnswerKind.values:
        raise ValidationError({"answer": _("Choose an answer.")})
    sitting = selectors.sitting(meeting)
    if mandate.pk not in sitting.by_pk:
        raise ValidationError(
            _("%(person)s is not a member of this committee on that day.") % {"person": mandate.person}
        )
    if answer == NoticeAnswerKind.PROXY:
        if not sitting.rules.proxies_allowed:
            raise ValidationError({"answer": _("The bylaws of this committee do not allow proxies.")})
        if not mandate.voting:
            raise ValidationError({"answer": _("Only a voting member can give a proxy.")})
        if proxy_holder is None or proxy_holder.pk == mandate.pk:
            raise ValidationError({"proxy_holder": _("Choose the member who holds the proxy.")})
        if proxy_holder.pk not in sitting.voting_ids:
            raise ValidationError({"proxy_holder": _("The proxy holder must be a voting member of the committee.")})
    else:
        proxy_holder = None
    note = note.strip()
    if len(note) > 300:
        raise ValidationError({"note": _("Keep the note under 300 characters.")})
    values = {
        "answer": answer,
        "proxy_holder": proxy_holder,
        "note": note,
        "answered_at": timezone.now(),
        "answered_by": actor_or_none(actor),
        "through_link": through_link,
    }
    existing = NoticeAnswer.objects.select_for_update().filter(meeting=meeting, mandate=mandate).first()
    if existing is None:
        reply = create_with_history(NoticeAnswer(meeting=meeting, mandate=mandate, **values), actor=actor)
    else:
        reply = existing
        apply_changes(reply, values, actor=actor)
    record_event(
        CommitteeEvent,
        committee=meeting.committee,
        kind=EventKind.NOTICE_ANSWERED,
        actor=actor,
        note=note,
        meeting=meeting,
        mandate=mandate,
        **_summary(
            "governance.person_and",
            {"answer": answer, "proxy_holder": proxy_holder.pk if proxy_holder else None},
            person=mandate.person,
            what=NoticeAnswerKind(answer),
        ),
    )
    return reply


@transaction.atomic
def comment_minutes(minutes: Minutes, *, actor: Any, paragraph: int, text: str) -> MinutesComment:
    """A member (or staff covering the committee) comments one paragraph of circulated minutes.

    Closed once the minutes are approved. The comment keeps the paragraph's text as it read,
    since the secretary may amend the minutes after; the committee's timeline records it.
    """
    lock(minutes)
    if minutes.status == MinutesStatus.APPROVED:
        raise InvalidTransition(_("These minutes are approved: comments are closed."))
    if not policies.can_comment_minutes(actor, minutes):
        raise PermissionDenied(_("You may not comment on these minutes."))
    paragraphs = minutes_paragraphs(minutes.text)
    if not 1 <= paragraph <= len(paragraphs):
        raise ValidationError({"paragraph": _("This paragraph is not in the minutes.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your comment.")})
    comment = MinutesComment(
        minutes=minutes,
        paragraph=paragraph,
        excerpt=paragraphs[paragraph - 1][:300],
        text=text,
        author=actor,
    )
    validation.reject_nul_characters(comment)
    comment.full_clean()
    comment.save(force_insert=True)
    record_event(
        CommitteeEvent,
        committee=minutes.meeting.committee,
        kind=EventKind.MINUTES_COMMENTED,
        actor=actor,
        note=text[:2000],
        **_summary("governance.minutes_commented", minutes=minutes, n=paragraph),
        meeting=minutes.meeting,
    )
    return comment
