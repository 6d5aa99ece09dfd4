"""Who sees and changes what in the collaboration between créneaux (decision 57), from today's roles
and mandates (decision 13); who declared a link or wrote a note gives no power over it.

- The area (`COLLABORATION`): ministry and regional-office staff, and the members of niche
  committees. The links name shared member enterprises and joint projects, and the notes tell what
  went wrong: they are for the program's people, not the public site.
- Declared links: the ministry, and the coordinator or an officer (president, co-president,
  secretary) of the niche committee of either créneau declare a link and end it.
- Experience notes: published ones are read by everyone in the area (the other créneaux'
  committees, staff); the ministry and the coordinators of the note's créneau (today's mandate)
  write it, publish it and withdraw it, and see it as a draft or withdrawn. Anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import scope_for
from accord.core.access import Area
from accord.governance.models import OFFICER_ROLES, MandateRole
from accord.governance.policies import niche_roles
from accord.registry.models import Creneau

from .models import CreneauLink, ExperienceNote, ExperienceNoteQuerySet, NoteStatus

#: The mandates on a niche committee that speak for its créneau about its links with others.
DECLARING_ROLES = OFFICER_ROLES | {MandateRole.COORDINATOR}


def can_access_collaboration(user: Any) -> bool:
    """Staff, and the members of a niche committee (one query per request, shared with the menus)."""
    return scope_for(user).is_staff or bool(niche_roles(user))


#: The collaboration area's gate, for its pages and its API.
COLLABORATION = Area(
    can_access_collaboration,
    _(
        "The links between niches and the experience notes are for the members of niche committees "
        "and for ministry and regional-office staff."
    ),
)


# --- Declared links -----------------------------------------------------------------------------------


def declaring_creneaux(user: Any) -> frozenset[int] | None:
    """The créneaux the user speaks for about their links: None for the ministry (every one), else
    those whose niche committee they coordinate or preside (or co-preside, or are secretary of)."""
    if scope_for(user).program_wide:
        return None
    return frozenset(pk for pk, held in niche_roles(user).items() if held & DECLARING_ROLES)


def may_declare(user: Any) -> bool:
    """Whether the user may declare any link (the page offers the form)."""
    speaks_for = declaring_creneaux(user)
    return speaks_for is None or bool(speaks_for)


def can_declare_link(user: Any, source: Creneau, target: Creneau) -> bool:
    """Declare a link between these créneaux: the ministry, or whoever speaks for either of them."""
    speaks_for = declaring_creneaux(user)
    return speaks_for is None or source.pk in speaks_for or target.pk in speaks_for


def can_end_link(user: Any, link: CreneauLink) -> bool:
    """End a declared link: whoever may declare it, for either of its créneaux."""
    speaks_for = declaring_creneaux(user)
    return speaks_for is None or link.source_id in speaks_for or link.target_id in speaks_for


def visible_links() -> Any:
    """The declared links, current and ended: everyone in the area reads them (the créneaux are public,
    the reason is what their people wrote for the others to read)."""
    return CreneauLink.objects.all()


# --- Experience notes ---------------------------------------------------------------------------------


def writable_note_creneaux(user: Any) -> Any:
    """The créneaux the user writes notes for: the ministry's all, a coordinator's own (today)."""
    if scope_for(user).program_wide:
        return Creneau.objects.all()
    coordinated = [pk for pk, held in niche_roles(user).items() if MandateRole.COORDINATOR in held]
    return Creneau.objects.filter(pk__in=coordinated)


def _written(user: Any) -> Q:
    if scope_for(user).program_wide:
        return Q()
    coordinated = [pk for pk, held in niche_roles(user).items() if MandateRole.COORDINATOR in held]
    return Q(creneau_id__in=coordinated)


def readable_notes(user: Any) -> ExperienceNoteQuerySet:
    """The published notes the user reads: everyone in the area reads them all; others none."""
    if not can_access_collaboration(user):
        return ExperienceNote.objects.none()
    return ExperienceNote.objects.published()


def visible_notes(user: Any) -> ExperienceNoteQuerySet:
    """The notes the user may open (404 for the others): the published ones, and whatever the status
    those of the créneaux they write for."""
    if not can_access_collaboration(user):
        return ExperienceNote.objects.none()
    if scope_for(user).program_wide:
        return ExperienceNote.objects.all()
    return ExperienceNote.objects.filter(Q(status=NoteStatus.PUBLISHED) | _written(user))


def can_write_notes(user: Any) -> bool:
    """Whether the user writes notes for some créneau (the list offers "new note")."""
    return scope_for(user).program_wide or any(MandateRole.COORDINATOR in held for held in niche_roles(user).values())


def can_edit_note(user: Any, note: ExperienceNote) -> bool:
    """Change, publish or withdraw the note: the ministry, or a coordinator of its créneau today."""
    if scope_for(user).program_wide:
        return True
    return MandateRole.COORDINATOR in niche_roles(user).get(note.creneau_id, frozenset())
