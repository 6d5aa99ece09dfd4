"""Which plan action a project's former axis (free text) names, if exactly one (decision 35).

Pure functions over plain values, so that the data migration that links the existing projects
(0019) and its tests read the same rule. The migration gathers, for each project, the actions
of the plans of its niches whose years meet the project's, then asks `matching_action`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: The labels of the program's axis kinds, in French and in English (planning.models.AxisKind):
#: a project typed either. Written out here because a migration reads them with no language active.
KIND_LABELS: dict[str, tuple[str, ...]] = {
    "mobilisation": ("Mobilisation",),
    "workforce": ("Main-d'œuvre", "Workforce"),
    "innovation": ("Innovation",),
    "international": ("Développement international", "International development"),
    "marketing": ("Commercialisation", "Marketing"),
    "communication": ("Communication",),
}


@dataclass(frozen=True)
class Candidate:
    """An action that may be the one a former axis names: its axis's names and kind, its own title."""

    action_id: int
    title: str
    axis_id: int
    axis_kind: str
    axis_name_fr: str = ""
    axis_name_en: str = ""
    cancelled: bool = False


def normalized(text: str) -> str:
    """The text as compared: trimmed, inner spaces single, case and accents ignored, apostrophes alike."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("œ", "oe").replace("Œ", "OE"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def axis_names(candidate: Candidate) -> set[str]:
    """Every name the axis answers to: its own names and its kind's labels (the "other" kind has none)."""
    names = [candidate.axis_name_fr, candidate.axis_name_en, *KIND_LABELS.get(candidate.axis_kind, ())]
    return {normalized(name) for name in names if name.strip()}


def matching_action(text: str, candidates: Iterable[Candidate]) -> int | None:
    """The action the text names, or None when none does or several could.

    First an axis: the text is the name (French or English) or the kind's label of the axes
    holding, together, exactly one action that counts (not cancelled), across the candidate
    plans. Else an action: exactly one action that counts has the text as its title. An axis of
    two actions, or two plans of the niche covering the same years, leave the choice to a person.
    """
    wanted = normalized(text)
    if not wanted:
        return None
    live: Sequence[Candidate] = [c for c in candidates if not c.cancelled]
    by_axis = {c.action_id for c in live if wanted in axis_names(c)}
    if len(by_axis) == 1:
        return next(iter(by_axis))
    by_title = {c.action_id for c in live if normalized(c.title) == wanted}
    return next(iter(by_title)) if len(by_title) == 1 else None
