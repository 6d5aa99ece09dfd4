"""Events demonstration data: each niche's events over three years, written through the services as
its coordinator would. Held ones with their attendance in the past two years and earlier this year,
a cancelled mission, and planned ones to come; those that serve an action of the niche's plan (the
planning demo's titles) name it. Safe to run again: a niche that has events is left as it is.

Registration (decision 48): the public events to come take registrations, the information session
with 40 seats and a few people registered, the job fair without a limit; a public breakfast of 3
seats is full, with two people on its waiting list; a matchmaking is for the niche's members only.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.planning.models import Action
from accord.registry.demo import DEMO_DOMAIN
from accord.registry.models import Creneau

from . import services
from .models import Event, EventAudience, EventKind

ORDER = 32  # after the plans (25, their actions) and the fund (30), before the bilans (35) that list them
REASON = "Données de démonstration"

# (years back, month, day, title fr, title en, kind, audience, attendance or None, the plan action it serves).
# Years back 0 and days from today (negative: past) for this year's, so that the demo's "now" holds.
PAST = [
    (2, 10, 22, "Forum annuel du créneau", "Annual forum of the niche", EventKind.FORUM, EventAudience.PUBLIC, 140, ""),
    (
        1,
        2,
        12,
        "Petit-déjeuner des membres",
        "Members' breakfast",
        EventKind.BREAKFAST,
        EventAudience.MEMBERS,
        32,
        "Rencontre annuelle des membres",
    ),
    (
        1,
        5,
        7,
        "Maillage entreprises–cégep",
        "Enterprise–college matchmaking",
        EventKind.MATCHMAKING,
        EventAudience.MEMBERS,
        48,
        "Projet de recherche avec le cégep",
    ),
    (
        1,
        9,
        18,
        "Formation sur l'automatisation",
        "Automation training",
        EventKind.TRAINING,
        EventAudience.MEMBERS,
        21,
        "Diagnostics numériques",
    ),
]
# (days from today, title fr, title en, kind, audience, attendance (held) or None (planned), action).
THIS_YEAR = [
    (-20, "Visite d'entreprise", "Company visit", EventKind.COMPANY_VISIT, EventAudience.MEMBERS, 26, ""),
    (
        25,
        "Séance d'information sur le FSDCE",
        "Information session on the FSDCE",
        EventKind.INFORMATION,
        EventAudience.PUBLIC,
        None,
        "",
    ),
    (
        70,
        "Salon de l'emploi régional",
        "Regional job fair",
        EventKind.TRADE_SHOW,
        EventAudience.PUBLIC,
        None,
        "Salon de l'emploi régional",
    ),
]
CANCELLED = (
    1,
    11,
    5,
    "Mission technologique en Europe",
    "Technology mission to Europe",
    EventKind.MISSION,
    "Mission technologique à l'étranger",
)


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    created = 0
    with transaction.atomic():
        for creneau in Creneau.objects.filter(events__isnull=True).order_by("slug"):
            _events(admin, creneau, today)
            created += 1
    stdout.write(f"  events for {created} niches, {Event.objects.count()} in all")
    return []


def _action(creneau: Creneau, title: str) -> Action | None:
    if not title:
        return None
    return (
        Action.objects.filter(objective__axis__plan__creneau=creneau, title=title)
        .order_by("-objective__axis__plan__first_year", "pk")
        .first()
    )


def _create(admin: User, creneau: Creneau, day: datetime.date, row: tuple[Any, ...]) -> Event:
    title_fr, title_en, kind, audience, action = row
    return services.create_event(
        creneau,
        actor=admin,
        data={
            "title_fr": title_fr,
            "title_en": title_en,
            "kind": kind,
            "audience": audience,
            "starts_on": day,
            "place": f"{creneau.name_fr}, salle des partenaires",
            "action": _action(creneau, action),
            "summary": f"{title_fr} du créneau {creneau.name_fr}.",
        },
        reason=REASON,
    )


#: (days from today, title fr, title en, kind, audience, seats, people registered).
OPEN = [
    (
        40,
        "Petit-déjeuner des partenaires",
        "Partners' breakfast",
        EventKind.BREAKFAST,
        EventAudience.PUBLIC,
        3,
        5,
    ),
    (
        55,
        "Maillage entre membres",
        "Members' matchmaking",
        EventKind.MATCHMAKING,
        EventAudience.MEMBERS,
        30,
        2,
    ),
]
PEOPLE = [
    ("Anne Tremblay", "Meubles Tremblay"),
    ("Louis Gagnon", "Usinage Gagnon"),
    ("Marie Roy", "Cégep régional"),
    ("Sophie Côté", ""),
    ("Jean Bouchard", "Bois franc Bouchard"),
]


def _register(admin: User, event: Event, creneau: Creneau, count: int) -> None:
    for index, (name, organisation) in enumerate(PEOPLE[:count]):
        first = name.split()[0].lower()
        services.register(
            event,
            name=name,
            email=f"{first}.{creneau.slug}@{DEMO_DOMAIN}",
            organisation=organisation,
            language="en" if index == 3 else "fr",
            actor=admin,
            source="demo",
        )


def _events(admin: User, creneau: Creneau, today: datetime.date) -> None:
    for back, month, day, title_fr, title_en, kind, audience, attendance, action in PAST:
        event = _create(
            admin, creneau, datetime.date(today.year - back, month, day), (title_fr, title_en, kind, audience, action)
        )
        services.mark_held(event, actor=admin, attendance=attendance, reason=REASON)
    for days, title_fr, title_en, kind, audience, came, action in THIS_YEAR:
        event = _create(
            admin, creneau, today + datetime.timedelta(days=days), (title_fr, title_en, kind, audience, action)
        )
        if came is not None:
            services.mark_held(event, actor=admin, attendance=came, reason=REASON)
        elif audience == EventAudience.PUBLIC:  # open to registration, the session with 40 seats
            seats = 40 if kind == EventKind.INFORMATION else None
            data = {"registration_open": True, "capacity": seats}
            services.update_event(event, actor=admin, data=data, reason=REASON)
            if seats:
                _register(admin, event, creneau, 3)
    for days, title_fr, title_en, kind, audience, seats, count in OPEN:
        event = _create(admin, creneau, today + datetime.timedelta(days=days), (title_fr, title_en, kind, audience, ""))
        services.update_event(event, actor=admin, data={"registration_open": True, "capacity": seats}, reason=REASON)
        _register(admin, event, creneau, count)
    back, month, day, title_fr, title_en, kind, action = CANCELLED
    event = _create(
        admin,
        creneau,
        datetime.date(today.year - back, month, day),
        (title_fr, title_en, kind, EventAudience.MEMBERS, action),
    )
    services.cancel_event(event, actor=admin, reason="Trop peu d'inscriptions")
