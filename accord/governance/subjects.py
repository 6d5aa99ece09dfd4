"""The contract between governance and what its committees decide on.

A resolution or an agenda item may be about a record of another kind: an organisation,
minutes to approve, a fund project. Governance knows nothing of those kinds; each one is
registered here once, at start-up, by the app that owns it (its AppConfig.ready()), with
what governance asks of it:

- `visible(user)`: the records of that kind the user may see (an API client names a
  subject as {"type": "funding.project", "id": 12});
- `interested(record)`: the organisations with an interest in it, {organisation_id:
  "carrier" | "partner"}: members representing them are recused;
- `notes(records)`: what a committee should know before it decides on each record,
  {record_id: [sentences]}, read for a whole agenda at once;
- `decided(record, resolution, *, actor)`: the record follows the committee's decision,
  inside the decision's transaction;
- `binds_composition`: a niche committee decides on it only within the composition its
  bylaws make bind (business people a majority of those who vote, its leader enterprises
  seated): the fund's projects, the program's money.

A kind that is not registered cannot be a subject through the API, recuses nobody, has no
notes and does not follow decisions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet


def _nobody(record: Any) -> Mapping[int, str]:
    return {}


def _no_notes(records: Sequence[Any]) -> Mapping[Any, list[str]]:
    return {}


def _nothing(record: Any, resolution: Any, *, actor: Any) -> None:
    return None


@dataclass(frozen=True)
class DecidableSubject:
    """What governance needs of one kind of record its committees decide on."""

    model: type[Model]
    visible: Callable[[Any], QuerySet[Any]]
    interested: Callable[[Any], Mapping[int, str]] = field(default=_nobody)
    notes: Callable[[Sequence[Any]], Mapping[Any, list[str]]] = field(default=_no_notes)
    decided: Callable[..., None] = field(default=_nothing)  # (record, resolution, *, actor)
    binds_composition: bool = False
    #: (record, resolution): raises ValidationError when the committee may not adopt it as it
    #: stands, checked when the adoption is recorded (before the chair's sign-off gives it effect).
    adoptable: Callable[[Any, Any], None] = field(default=lambda record, resolution: None)

    @property
    def label(self) -> str:
        """ "app_label.model", as the API names the kind."""
        return self.model._meta.label_lower


_SUBJECTS: dict[str, DecidableSubject] = {}


def register(subject: DecidableSubject) -> None:
    """Let committees decide on records of this kind (called from an AppConfig.ready())."""
    _SUBJECTS[subject.label] = subject


def by_label(label: str) -> DecidableSubject | None:
    """The registered kind named "app_label.model", or None."""
    return _SUBJECTS.get(label.lower())


def of(record: Any) -> DecidableSubject | None:
    """The registered kind of this record, or None (no record, or a kind committees do not decide on)."""
    if record is None:
        return None
    return _SUBJECTS.get(record._meta.label_lower)


def binds_composition(app_label: str, model: str) -> bool:
    """Whether a niche committee decides on records of this kind only within its binding composition.

    Named by its content type's app label and model, so the record itself need not be read.
    """
    kind = by_label(f"{app_label}.{model}")
    return kind is not None and kind.binds_composition


def check_adoption(record: Any, resolution: Any) -> None:
    """Refuse (ValidationError) an adoption the record's app forbids as the resolution stands."""
    kind = of(record)
    if kind is not None:
        kind.adoptable(record, resolution)


def interested_organisations(record: Any) -> Mapping[int, str]:
    """{organisation_id: "carrier" | "partner"} for the record, if its kind says so."""
    kind = of(record)
    return kind.interested(record) if kind is not None else {}


def decision_notes(records: Iterable[Any]) -> dict[tuple[str, Any], list[str]]:
    """What a committee should know before deciding, keyed by (label, pk), for records of any kinds."""
    by_kind: dict[str, list[Any]] = {}
    for record in records:
        kind = of(record)
        if kind is not None:
            by_kind.setdefault(kind.label, []).append(record)
    notes: dict[tuple[str, Any], list[str]] = {}
    for label, group in by_kind.items():
        for pk, sentences in _SUBJECTS[label].notes(group).items():
            if sentences:
                notes[(label, pk)] = list(sentences)
    return notes


def follow(record: Any, resolution: Any, *, actor: Any) -> None:
    """The record follows the committee's decision, if its kind does."""
    kind = of(record)
    if kind is not None:
        kind.decided(record, resolution, actor=actor)
