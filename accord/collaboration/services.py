"""Every write of the collaboration between créneaux (decision 57): each service checks the policy
(today's roles and mandates), locks the row, checks the workflow, validates, and saves what changes
with its history (who, when, why: `core.services`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.services import actor_or_none, apply_changes, attribute, create_with_history, lock
from accord.core.workflow import InvalidTransition
from accord.registry.models import Creneau

from . import policies, selectors, workflow
from .models import CreneauLink, ExperienceNote

# --- Declared links ------------------------------------------------------------------------------------


@transaction.atomic
def declare_link(
    source: Creneau, target: Creneau, *, actor: Any, kind: str, description_fr: str, description_en: str = ""
) -> CreneauLink:
    """Declare a link between two créneaux (for a supplier and customer link, `source` supplies
    `target`): the ministry, or whoever speaks for either créneau. Refused: a créneau linked to itself,
    a link of that kind already current, a reason missing."""
    if not policies.can_declare_link(actor, source, target):
        raise PermissionDenied(_("You may declare links only for a niche whose committee you coordinate or preside."))
    if CreneauLink.objects.current().filter(source=source, target=target, kind=kind).exists():
        raise ValidationError({"kind": _("This link is already declared.")})
    link = CreneauLink(
        source=source,
        target=target,
        kind=kind,
        description_fr=description_fr,
        description_en=description_en,
        declared_by=actor_or_none(actor),
        declared_at=timezone.now(),
    )
    return create_with_history(link, actor=actor, reason=_("Link declared"))


@transaction.atomic
def end_link(link: CreneauLink, *, actor: Any, reason: str) -> list[str]:
    """End a declared link: the row stays, with who ended it, when and why (a reason is required)."""
    lock(link)
    if not policies.can_end_link(actor, link):
        raise PermissionDenied(_("You may end links only for a niche whose committee you coordinate or preside."))
    if link.ended_at is not None:
        raise InvalidTransition(_("This link has already ended."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the link ends.")})
    changes = {"ended_at": timezone.now(), "ended_by": actor_or_none(actor), "end_reason": reason.strip()}
    return apply_changes(link, changes, actor=actor, reason=reason)


# --- Experience notes ----------------------------------------------------------------------------------

#: What the forms set; the status moves only through the steps below.
NOTE_FIELDS = (
    "title_fr",
    "title_en",
    "worked_fr",
    "worked_en",
    "did_not_work_fr",
    "did_not_work_en",
    "results_fr",
    "results_en",
)


def _links(note_creneau: Creneau, actor: Any, data: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The projects and actions named, checked against what the author may name for the créneau."""
    found: dict[str, list[Any]] = {}
    errors: dict[str, str] = {}
    for name, choices, message in (
        ("projects", selectors.project_choices, _("Name only projects of the note's niche that you see.")),
        ("actions", selectors.action_choices, _("Name only actions of the note's niche's plans that you read.")),
    ):
        if name not in data:
            continue
        wanted = list(data[name] or [])
        allowed = set(choices(actor, [note_creneau]).filter(pk__in=[o.pk for o in wanted]).values_list("pk", flat=True))
        if any(o.pk not in allowed for o in wanted):
            errors[name] = message
        found[name] = wanted
    if errors:
        raise ValidationError(errors)
    return found


def _refuse(actor: Any, note: ExperienceNote) -> None:
    if not policies.can_edit_note(actor, note):
        raise PermissionDenied(_("Only the coordinators of the note's niche change it."))


@transaction.atomic
def create_note(creneau: Creneau, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> ExperienceNote:
    """A draft note of a créneau, by the ministry or a coordinator of the créneau today."""
    note = ExperienceNote(
        creneau=creneau, author=actor_or_none(actor), **{n: data[n] for n in NOTE_FIELDS if n in data}
    )
    _refuse(actor, note)
    links = _links(creneau, actor, data)
    create_with_history(note, actor=actor, reason=reason)
    for name, objects in links.items():
        attribute(note, actor=actor, reason=reason)
        getattr(note, name).set(objects)
    return note


@transaction.atomic
def update_note(note: ExperienceNote, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change its text and what it concerns; returns the fields changed (none: nothing written)."""
    lock(note)
    _refuse(actor, note)
    links = _links(note.creneau, actor, data)
    changed = apply_changes(note, {n: data[n] for n in NOTE_FIELDS if n in data}, actor=actor, reason=reason)
    for name, objects in links.items():
        if {o.pk for o in getattr(note, name).all()} != {o.pk for o in objects}:
            attribute(note, actor=actor, reason=reason)
            getattr(note, name).set(objects)
            changed.append(name)
    return changed


@transaction.atomic
def publish_note(note: ExperienceNote, *, actor: Any, reason: str = "") -> list[str]:
    """Publish (again): the other créneaux' committees and staff read it from now on."""
    lock(note)
    _refuse(actor, note)
    status = workflow.target(note.status, workflow.PUBLISH)
    return apply_changes(note, {"status": status, "published_at": timezone.now()}, actor=actor, reason=reason)


@transaction.atomic
def withdraw_note(note: ExperienceNote, *, actor: Any, reason: str = "") -> list[str]:
    """Withdraw: its readers no longer see it; its history keeps every version, and why."""
    lock(note)
    _refuse(actor, note)
    status = workflow.target(note.status, workflow.WITHDRAW)
    return apply_changes(note, {"status": status}, actor=actor, reason=reason)
