"""Every write to the events: each service locks the row, checks the policy, then the workflow,
validates, and saves what changes with its history (who, when and why: `core.services`).

Registrations (decision 48) lock their event's row first, so two people registering at once never
take the same last seat, and a cancellation hands its seat to the first on the waiting list in the
same transaction. Emails (with the event's .ics file) are queued after the commit. Every service
that changes what the public site shows bumps the public version in its transaction
(`core.public.bump`): an event's page and the calendar say whether seats remain, so a registration
or a cancellation bumps it when the event becomes full or has seats again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.public import bump
from accord.core.services import apply_changes, create_with_history, lock
from accord.core.workflow import InvalidTransition
from accord.registry.models import Creneau

from . import policies, selectors, tasks, workflow
from .models import (
    ACTIVE,
    Event,
    EventAudience,
    EventStatus,
    Registration,
    RegistrationStatus,
    Synthesis,
    SynthesisStatus,
    Theme,
    Workshop,
    WorkshopNote,
)

#: What the forms and the API may set; status and attendance move only through the steps below.
EVENT_FIELDS = (
    "title_fr",
    "title_en",
    "kind",
    "summary",
    "summary_en",
    "starts_on",
    "ends_on",
    "place",
    "action",
    "audience",
    "registration_open",
    "registration_closes_on",
    "capacity",
)


def _only(data: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    return {name: data[name] for name in names if name in data}


def _refuse(actor: Any, creneau: Creneau) -> None:
    if not policies.can_manage_events(actor, creneau):
        raise PermissionDenied(_("You may not manage this niche's events."))


def _check_action(creneau: Creneau, data: Mapping[str, Any]) -> None:
    """The action an event serves is one of its own créneau's plans (a crafted id is refused, not saved)."""
    action = data.get("action")
    if action is not None and not selectors.creneau_actions(creneau).filter(pk=action.pk).exists():
        raise ValidationError(
            {"action": _("Choose an action of this niche's plans: this one belongs to another niche.")},
            code="creneau",
        )


@transaction.atomic
def create_event(creneau: Creneau, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> Event:
    """A planned event of the créneau; the action it serves, if any, is one of the créneau's plans'."""
    _refuse(actor, creneau)
    _check_action(creneau, data)
    event = create_with_history(Event(creneau=creneau, **_only(data, EVENT_FIELDS)), actor=actor, reason=reason)
    bump()  # the public calendar and feeds list it
    return event


@transaction.atomic
def update_event(event: Event, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change a planned or held event's details (a cancelled one is kept as it was). A held event
    keeps a start in the past: it took place."""
    lock(event)
    _refuse(actor, event.creneau)
    workflow.target(event.status, workflow.EDIT)
    changes = _only(data, EVENT_FIELDS)
    _check_action(event.creneau, changes)
    if event.status == EventStatus.HELD and "starts_on" in changes:
        try:
            workflow.check_held_date(changes["starts_on"], timezone.localdate())
        except InvalidTransition as exc:
            raise ValidationError({"starts_on": str(exc)}, code="held") from exc
    changed = apply_changes(event, changes, actor=actor, reason=reason)
    if changed:
        bump()
    if "capacity" in changed and event.status == EventStatus.PLANNED:
        _promote(event, actor=actor, reason=reason)  # more seats: the waiting list moves up
    return changed


@transaction.atomic
def mark_held(event: Event, *, actor: Any, attendance: int, reason: str = "") -> list[str]:
    """The event took place: held, with how many people attended (given again, it corrects the
    figure). Refused before the event starts, and for a cancelled event."""
    lock(event)
    _refuse(actor, event.creneau)
    workflow.target(event.status, workflow.HOLD)
    workflow.check_held_date(event.starts_on, timezone.localdate())
    if attendance is None or attendance < 0:
        raise ValidationError({"attendance": _("Give how many people attended (0 or more).")}, code="attendance")
    changed = apply_changes(event, {"status": EventStatus.HELD, "attendance": attendance}, actor=actor, reason=reason)
    bump()
    return changed


@transaction.atomic
def cancel_event(event: Event, *, actor: Any, reason: str = "") -> list[str]:
    """The planned event will not take place; it stays in the records, cancelled, with the reason. Its
    registrants are told by email (their registrations stay as they were: the event is what ended)."""
    lock(event)
    _refuse(actor, event.creneau)
    workflow.target(event.status, workflow.CANCEL)
    changed = apply_changes(event, {"status": EventStatus.CANCELLED}, actor=actor, reason=reason)
    bump()
    # Whoever holds a seat or a place in line is told, with the calendar file that cancels it.
    for registration_id in Registration.objects.filter(event=event, status__in=ACTIVE).values_list("pk", flat=True):
        _send(registration_id, "cancelled")
    return changed


# --- Registration (decision 48) -----------------------------------------------------------------


def _full(event: Event) -> bool:
    return workflow.is_full(event.capacity, selectors.confirmed_count(event))


def _bump_if_fullness_changed(event: Event, was_full: bool) -> None:
    # The public pages kept whole say "full" or not, never the exact seats left: a registration
    # changes them only when it fills the last seat or frees one (decision 48).
    if _full(event) != was_full:
        bump()


def _send(registration_id: int, kind: str) -> None:
    transaction.on_commit(lambda: tasks.send_registration_email.delay(registration_id, kind))


@transaction.atomic
def register(
    event: Event,
    *,
    name: str,
    email: str,
    organisation: str = "",
    language: str = "fr",
    actor: Any = None,
    source: str = "public_form",
) -> Registration:
    """Register someone to the event: confirmed while seats remain, else on the waiting list.

    Refused when registration is closed (not open, past its last day, the event cancelled, held or
    started), for a members-only event when the actor is not a member of its créneau, and when the
    address already holds a seat or a place in line. The event's row is locked first: two people
    registering at once are counted one after the other, so the seats are never exceeded. The
    person gets an email in their language with the event's .ics file. Submitting the form is the
    consent (its date and source are kept).
    """
    lock(event)
    opening = workflow.Opening(
        status=event.status,
        registration_open=event.registration_open,
        starts_on=event.starts_on,
        closes_on=event.registration_closes_on,
        members_only=event.audience == EventAudience.MEMBERS,
        is_member=policies.is_member_of(actor, event),
    )
    workflow.check_registration(opening, timezone.localdate())
    email = (email or "").strip().lower()
    if Registration.objects.filter(event=event, email__iexact=email, status__in=ACTIVE).exists():
        raise ValidationError({"email": _("This email address is already registered to this event.")}, code="duplicate")
    confirmed = selectors.confirmed_count(event)
    registration = create_with_history(
        Registration(
            event=event,
            name=(name or "").strip(),
            email=email,
            organisation=(organisation or "").strip(),
            language=language if language in ("fr", "en") else "fr",
            status=workflow.seat_or_waiting_list(event.capacity, confirmed),
            consent_at=timezone.now(),
            consent_source=source,
        ),
        actor=actor,
        reason="",
    )
    _bump_if_fullness_changed(event, workflow.is_full(event.capacity, confirmed))
    _send(registration.pk, registration.status)
    return registration


def _promote(event: Event, *, actor: Any, reason: str) -> list[int]:
    """Hand the free seats to the first on the waiting list (the caller holds the event's lock)."""
    chosen = workflow.promotions(event.capacity, selectors.confirmed_count(event), selectors.waiting_ids(event))
    for registration in Registration.objects.filter(pk__in=chosen).order_by("created_at", "pk"):
        apply_changes(registration, {"status": RegistrationStatus.CONFIRMED}, actor=actor, reason=reason)
        _send(registration.pk, "promoted")
    return chosen


@transaction.atomic
def cancel_registration(registration: Registration, *, actor: Any = None, token: str = "", reason: str = "") -> None:
    """Cancel a registration, by its registrant (with the key of their link) or by whoever manages
    the event; its seat goes to the first on the waiting list in the same transaction.

    The event's row is locked before the registration's, as `register` does, so a cancellation and a
    registration at once never give the same seat twice. Refused once the event has started.
    """
    event = registration.event
    lock(event)
    lock(registration)
    own = bool(token) and token == registration.token
    if not own and not policies.can_manage_registrations(actor, event):
        raise PermissionDenied(_("You may not cancel this registration."))
    refusal = workflow.cancellation_refusal(registration.status, event.status, event.starts_on, timezone.localdate())
    if refusal:
        raise InvalidTransition(refusal)
    was_full = _full(event)
    apply_changes(registration, {"status": RegistrationStatus.CANCELLED}, actor=actor, reason=reason)
    _promote(event, actor=actor, reason=reason)
    _bump_if_fullness_changed(event, was_full)


@transaction.atomic
def mark_attendance(event: Event, attended_ids: Iterable[int], *, actor: Any, reason: str = "") -> int:
    """Record who of the confirmed registrants came (the others did not); the event is then held,
    its attendance the number who came. Refused before the event starts and for a cancelled event.
    Returns the attendance."""
    lock(event)
    if not policies.can_manage_registrations(actor, event):
        raise PermissionDenied(_("You may not manage this niche's events."))
    workflow.target(event.status, workflow.HOLD)
    workflow.check_held_date(event.starts_on, timezone.localdate())
    came = set(attended_ids)
    confirmed = list(Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).order_by("pk"))
    for registration in confirmed:
        apply_changes(registration, {"attended": registration.pk in came}, actor=actor, reason=reason)
    attendance = sum(1 for registration in confirmed if registration.pk in came)
    if confirmed:
        apply_changes(event, {"status": EventStatus.HELD, "attendance": attendance}, actor=actor, reason=reason)
        bump()
    return attendance


def anonymise_registrations(registrations: Any, *, dry_run: bool = False) -> int:
    """Replace the name, address and organisation of these registrations, their history included:
    the counts (confirmed, attended) stay for the bilans."""
    ids = list(registrations.exclude(email="").values_list("pk", flat=True))
    if dry_run or not ids:
        return len(ids)
    Registration.objects.filter(pk__in=ids).update(name="", email="", organisation="")
    Registration.history.filter(id__in=ids).update(name="", email="", organisation="")  # type: ignore[attr-defined]
    return len(ids)


#: Registrations name people until a year after their event: long enough for the créneau's bilan of
#: the year and a follow-up of the participants, then anonymised (decision 48).
REGISTRATION_PERIOD = datetime.timedelta(days=365)


def anonymise_past_registrations(today: datetime.date, *, dry_run: bool = False) -> int:
    """Retention rule `event_registrations`: registrations of events over for a year are anonymised."""
    over = today - REGISTRATION_PERIOD
    past = Registration.objects.filter(
        Q(event__ends_on__lt=over) | Q(event__ends_on__isnull=True, event__starts_on__lt=over)
    )
    return anonymise_registrations(past, dry_run=dry_run)


def anonymise_person_registrations(person: Any, *, actor: Any, reason: str) -> None:
    """The person's anonymisation: their registrations (by the address their record had) name them no more."""
    email = getattr(person, "former_email", None) or person.email
    if email:
        anonymise_registrations(Registration.objects.filter(email__iexact=email))


# --- A gathering's workshops and their synthesis (decision 53) ----------------------------------

THEME_FIELDS = ("position", "title_fr", "title_en")
WORKSHOP_FIELDS = ("position", "title", "place", "starts_at", "chair", "facilitator", "note_taker")


def _refuse_editor(actor: Any, event: Event) -> None:
    if not policies.can_edit_synthesis(actor, event):
        raise PermissionDenied(_("You may not manage this event's workshops and synthesis."))


def _synthesis(event: Event, *, actor: Any) -> Synthesis:
    """The event's synthesis, started as a draft the first time it is needed (the caller holds the
    event's lock, so two editors never start two)."""
    found = selectors.synthesis_of(event)
    if found is None:
        found = create_with_history(Synthesis(event=event), actor=actor, reason="")
    return found


def _check_structure_open(event: Event, *, actor: Any) -> Synthesis:
    """The event's lock taken, the editor checked: the themes and workshops change only while the
    event is not cancelled and its synthesis is a draft (the notes are what it is written from)."""
    lock(event)
    _refuse_editor(actor, event)
    workflow.check_gathering_open(event.status)
    synthesis = _synthesis(event, actor=actor)
    workflow.check_notes_open(synthesis.status)
    return synthesis


@transaction.atomic
def save_theme(
    event: Event, *, actor: Any, data: Mapping[str, Any], theme: Theme | None = None, reason: str = ""
) -> Theme:
    """Add a theme to the gathering, or change one: the same themes for every workshop."""
    _check_structure_open(event, actor=actor)
    values = _only(data, THEME_FIELDS)
    if theme is None:
        return create_with_history(Theme(event=event, **values), actor=actor, reason=reason)
    if theme.event_id != event.pk:
        raise PermissionDenied(_("This theme belongs to another event."))
    lock(theme)
    apply_changes(theme, values, actor=actor, reason=reason)
    return theme


@transaction.atomic
def save_workshop(
    event: Event, *, actor: Any, data: Mapping[str, Any], workshop: Workshop | None = None, reason: str = ""
) -> Workshop:
    """Add a workshop to the gathering, or change one (its room, time, chair, facilitator, note-taker).
    A new note-taker writes the notes from now on; the one replaced may no longer."""
    _check_structure_open(event, actor=actor)
    values = _only(data, WORKSHOP_FIELDS)
    if workshop is None:
        return create_with_history(Workshop(event=event, **values), actor=actor, reason=reason)
    if workshop.event_id != event.pk:
        raise PermissionDenied(_("This workshop belongs to another event."))
    lock(workshop)
    apply_changes(workshop, values, actor=actor, reason=reason)
    return workshop


@transaction.atomic
def write_notes(workshop: Workshop, *, actor: Any, texts: Mapping[int, str], reason: str = "") -> list[int]:
    """Save a workshop's notes, one text per theme of its gathering (keyed by the theme's id), each with
    its history (who wrote what, when). Written by the workshop's note-taker or whoever manages the
    event, while the synthesis is a draft and the event not cancelled. Returns the themes whose notes
    changed; a theme of another gathering is refused."""
    event = workshop.event
    lock(event)  # the synthesis's steps lock the event too: notes never change under a review
    if not policies.can_write_notes(actor, workshop):
        raise PermissionDenied(_("Only the workshop's note-taker and the event's managers write its notes."))
    workflow.check_gathering_open(event.status)
    workflow.check_notes_open(selectors.synthesis_status(event))
    themes = set(Theme.objects.filter(event=event).values_list("pk", flat=True))
    if set(texts) - themes:
        raise ValidationError(_("These notes name a theme of another event."), code="theme")
    existing = {note.theme_id: note for note in WorkshopNote.objects.filter(workshop=workshop).select_for_update()}
    changed = []
    for theme_id, text in texts.items():
        text = (text or "").strip()
        note = existing.get(theme_id)
        if note is None:
            if text:
                create_with_history(
                    WorkshopNote(workshop=workshop, theme_id=theme_id, text=text), actor=actor, reason=reason
                )
                changed.append(theme_id)
        elif apply_changes(note, {"text": text}, actor=actor, reason=reason):
            changed.append(theme_id)
    return changed


@transaction.atomic
def edit_synthesis(
    event: Event, *, actor: Any, introduction: str, texts: Mapping[int, str], reason: str = ""
) -> list[str]:
    """Write the synthesis: its introduction and each theme's synthesis (keyed by the theme's id), while
    it is a draft. Returns what changed (`introduction` and the themes' ids)."""
    lock(event)
    _refuse_editor(actor, event)
    workflow.check_gathering_open(event.status)
    synthesis = _synthesis(event, actor=actor)
    lock(synthesis)
    workflow.synthesis_target(synthesis.status, workflow.EDIT)
    themes = {theme.pk: theme for theme in Theme.objects.filter(event=event).select_for_update()}
    if set(texts) - set(themes):
        raise ValidationError(_("This synthesis names a theme of another event."), code="theme")
    changed = [
        str(name)
        for name in apply_changes(synthesis, {"introduction": (introduction or "").strip()}, actor=actor, reason=reason)
    ]
    for theme_id, text in texts.items():
        if apply_changes(themes[theme_id], {"synthesis_text": (text or "").strip()}, actor=actor, reason=reason):
            changed.append(str(theme_id))
    return changed


@transaction.atomic
def take_synthesis_step(event: Event, step: str, *, actor: Any, reason: str = "") -> str:
    """Move the synthesis: to review (its notes close), back to draft with why, published on the event's
    public page (only whoever manages the event; every theme has its synthesis), or withdrawn with why.
    Each step is in its history: who, when, why. Publishing and withdrawing change the public site."""
    lock(event)
    _refuse_editor(actor, event)
    workflow.check_gathering_open(event.status)
    synthesis = _synthesis(event, actor=actor)
    lock(synthesis)
    status = workflow.synthesis_target(synthesis.status, step)
    if step in workflow.REASON_REQUIRED and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why: the editor reads it in the synthesis's history.")}, code="reason")
    if step in (workflow.SUBMIT, workflow.PUBLISH):
        themes = selectors.event_themes(event)
        refusal = workflow.publish_refusal(
            [t.title_fr for t in themes], [t.title_fr for t in themes if not t.synthesis_text.strip()]
        )
        if refusal:
            raise InvalidTransition(refusal)
    changes: dict[str, Any] = {"status": status}
    if status == SynthesisStatus.PUBLISHED:
        changes["published_at"] = timezone.now()
    elif synthesis.status == SynthesisStatus.PUBLISHED:
        changes["published_at"] = None
    apply_changes(synthesis, changes, actor=actor, reason=reason)
    if step in (workflow.PUBLISH, workflow.WITHDRAW):
        bump()  # the event's public page shows it, or no longer
    return status
