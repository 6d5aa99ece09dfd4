"""The cast of the events' tests: the plans' cast (a niche of Estrie with its committee's member and
coordinator, Estrie's and Montérégie's offices, the ministry, a stranger), a plan with one action,
a niche of Montérégie with its own plan and action; events come from the services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from accord.events import services
from accord.planning.tests.conftest import add_action, cast, make_plan  # noqa: F401  the plans' cast, reused
from accord.registry.models import Region
from accord.registry.tests.factories import CreneauFactory

PAST = datetime.date(2025, 5, 14)


@pytest.fixture
def action(cast: dict[str, Any]) -> Any:  # noqa: F811
    """An action of the Estrie niche's plan 2025–2027."""
    return add_action(make_plan(cast), cast["ministry"], title="Salon de l'emploi")


@pytest.fixture
def other_action(cast: dict[str, Any]) -> Any:  # noqa: F811
    """An action of another niche's plan (Montérégie)."""
    other = CreneauFactory(slug="aero", regions=[Region.objects.get(code="16")])
    from accord.planning import services as planning

    plan = planning.create_plan(other, actor=cast["ministry"], data={"first_year": 2025, "last_year": 2027})
    return add_action(plan, cast["ministry"], title="Mission au Bourget")


def make_event(cast: dict[str, Any], **data: Any) -> Any:  # noqa: F811
    values = {"title_fr": "Petit-déjeuner des membres", "kind": "breakfast", "starts_on": PAST, **data}
    return services.create_event(cast["creneau"], actor=cast["coordinator"], data=values)


@pytest.fixture
def event(cast: dict[str, Any]) -> Any:  # noqa: F811
    return make_event(cast)


SOON = 30  # days from today: an event to come


def soon(days: int = SOON) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=days)


def open_event(cast: dict[str, Any], **data: Any) -> Any:  # noqa: F811
    """A public event to come, registration open, with `capacity` seats if given."""
    values = {
        "title_fr": "Forum de l'innovation",
        "title_en": "Innovation forum",
        "kind": "forum",
        "starts_on": soon(),
        "place": "Sherbrooke",
        "audience": "public",
        "registration_open": True,
        **data,
    }
    return services.create_event(cast["creneau"], actor=cast["coordinator"], data=values)


def sign_up(event: Any, n: int, *, actor: Any = None, prefix: str = "p") -> list[Any]:
    """n people registered, one after the other."""
    return [
        services.register(event, name=f"Personne {i}", email=f"{prefix}{i}@example.org", actor=actor) for i in range(n)
    ]


@pytest.fixture
def affiliate(cast: dict[str, Any]) -> Any:  # noqa: F811
    """An account of someone working for a member organisation of the niche (not on its committee)."""
    from accord.accounts.tests.factories import UserFactory
    from accord.registry.tests.factories import AffiliationFactory, PersonFactory

    person = PersonFactory(email="employe@example.org")
    AffiliationFactory(person=person, organisation=cast["organisation"])
    return UserFactory(email="employe@example.org", person=person)


# --- A gathering's workshops (decision 53) --------------------------------------------------------


def make_gathering(cast: dict[str, Any], *, audience: str = "public") -> dict[str, Any]:  # noqa: F811
    """A forum of the Estrie niche with two themes and two workshops, each with a note-taker who can
    sign in (`taker_a`, `taker_b`) and chaired by the niche committee's member; no notes yet."""
    from accord.accounts.tests.factories import UserFactory
    from accord.registry.tests.factories import PersonFactory

    event = make_event(cast, title_fr="Grand rendez-vous", title_en="Grand gathering", kind="forum", audience=audience)
    coordinator = cast["coordinator"]
    themes = [
        services.save_theme(
            event, actor=coordinator, data={"position": 1, "title_fr": "La mobilisation", "title_en": "Mobilisation"}
        ),
        services.save_theme(
            event, actor=coordinator, data={"position": 2, "title_fr": "La gouvernance", "title_en": ""}
        ),
    ]
    takers = [
        UserFactory(email=f"{key}@example.org", person=PersonFactory(first_name="Note", last_name=key))
        for key in ("a", "b")
    ]
    workshops = [
        services.save_workshop(
            event,
            actor=coordinator,
            data={
                "position": n + 1,
                "title": f"Atelier {key.upper()}",
                "place": "Salle 1",
                "chair": cast["member"].person,
                "note_taker": taker.person,
            },
        )
        for n, (key, taker) in enumerate(zip(("a", "b"), takers, strict=True))
    ]
    return {"event": event, "themes": themes, "workshops": workshops, "taker_a": takers[0], "taker_b": takers[1]}


@pytest.fixture
def gathering(cast: dict[str, Any]) -> dict[str, Any]:  # noqa: F811
    return make_gathering(cast)


def publish(gathering: dict[str, Any], actor: Any) -> None:
    """Notes from both workshops, every theme's synthesis written, reviewed and published."""
    for workshop, letter in zip(gathering["workshops"], "AB", strict=True):
        services.write_notes(
            workshop, actor=actor, texts={t.pk: f"Notes {letter} sur {t.title_fr}" for t in gathering["themes"]}
        )
    services.edit_synthesis(
        gathering["event"],
        actor=actor,
        introduction="Trois ateliers parallèles.",
        texts={t.pk: f"Synthèse de {t.title_fr}" for t in gathering["themes"]},
    )
    services.take_synthesis_step(gathering["event"], "submit", actor=actor)
    services.take_synthesis_step(gathering["event"], "publish", actor=actor)
