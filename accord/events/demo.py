"""Events demonstration data: each niche's events over three years, written through the services as
its coordinator would. Held ones with their attendance in the past two years and earlier this year,
a cancelled mission, and planned ones to come; those that serve an action of the niche's plan (the
planning demo's titles) name it. Safe to run again: a niche that has events is left as it is.

Registration (decision 48): the public events to come take registrations, the information session
with 40 seats and a few people registered, the job fair without a limit; a public breakfast of 3
seats is full, with two people on its waiting list; a matchmaking is for the niche's members only.

The Grand rendez-vous ACCORD (decision 53): last autumn's gathering of three parallel workshops, each
with its chair, facilitator and note-taker, the seed's themes, the notes, and its synthesis published.
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
        gathering = load_gathering(admin, today)
    stdout.write(f"  events for {created} niches, {Event.objects.count()} in all")
    if gathering is not None:
        stdout.write(f"  {GATHERING_FR}: {gathering.workshops.count()} workshops, its synthesis published")
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


# --- The Grand rendez-vous: parallel workshops and their synthesis (decision 53) ----------------

GATHERING_FR = "Grand rendez-vous ACCORD"
GATHERING_EN = "ACCORD Grand rendez-vous"

#: The seed's themes, the same in every workshop: (French, English).
THEMES = [
    ("La mobilisation", "Mobilisation"),
    ("La gouvernance", "Governance"),
    ("La communication", "Communication"),
    ("La collaboration intercréneaux", "Collaboration between niches"),
    (
        "Enjeux au cœur de l'action des créneaux : main-d'œuvre, innovation, développement international",
        "Issues at the heart of the niches' action: workforce, innovation, international development",
    ),
]

#: (title, room, hour) of each parallel workshop.
WORKSHOPS = [("Atelier A", "Salle Champlain", 9), ("Atelier B", "Salle Frontenac", 9), ("Atelier C", "Salle Laval", 9)]

#: Each workshop's notes, theme by theme (drawn from the seed).
NOTES = [
    [
        "La mobilisation n'est pas spontanée : il faut des gestes concrets.\n\n"
        "Exemple cité : le regroupement d'achat de matières premières (CASI) en Chaudière-Appalaches.",
        "Demande répétée : régionaliser la gestion du fonds de créneau pour plus d'autonomie.",
        "Le projet ACCORD manque de visibilité en région. Proposition : un bulletin d'information ACCORD.",
        "Le comité interrégional meuble réunit les présidents de cinq régions depuis 2005.",
        "Main-d'œuvre : identifier les besoins des entreprises avant d'adapter la formation.",
    ],
    [
        "Au moins une entreprise leader doit participer ; les porteurs de projets doivent être des entreprises.",
        "L'embauche d'un coordonnateur déclenche la mise en œuvre du plan d'action.\n\n"
        "Un règlement de créneau clarifie les règles de fonctionnement.",
        "Créer un site web ACCORD et diffuser les résultats concrets par plusieurs canaux.",
        "Les créneaux du transport ont un comité interrégional : cartographie des entreprises, image commune.",
        "Innovation : réunir chercheurs et entreprises ; le réseautage génère des partenariats de recherche.",
    ],
    [
        "Visites d'entreprises et déjeuners-rencontres aident les membres à comprendre la démarche.",
        "L'arrimage avec les instances locales (CRÉ, CLD) reste hétérogène selon les régions.",
        "Définir une stratégie de communication propre à chaque région, avec un budget.",
        "Rechercher les complémentarités pour être compétitifs à l'international.",
        "International : missions à l'étranger et liens avec des « clusters » apparentés ; "
        "le Symposium a fait naître des projets.",
    ],
]

#: The synthesis of each theme (the seed's own).
SYNTHESIS = [
    "Selon la plupart des participants, la mobilisation des gens d'affaires n'est pas spontanée : des actions "
    "doivent être entreprises pour créer l'engagement désiré au sein des créneaux. Assurer la participation "
    "active et prépondérante des gens d'affaires, favoriser une bonne compréhension de la démarche, donner "
    "accès à de l'information privilégiée et poser des gestes concrets.",
    "La gouvernance se situe au cœur des préoccupations. La régionalisation de la responsabilité de la gestion "
    "du fonds de créneau, pour assurer une plus grande autonomie, a été une demande récurrente dans chaque "
    "atelier. L'embauche d'un coordonnateur est unanimement reconnue comme l'élément déclencheur de la mise en "
    "œuvre du plan d'action.",
    "Le projet souffre d'un certain manque de visibilité et n'est pas suffisamment connu et compris en région. "
    "Développer des outils de communication performants et élaborer des stratégies de communication régionales.",
    "Rechercher les complémentarités intercréneaux, notamment pour accroître les chances d'être compétitifs sur "
    "la scène internationale : les contacts directs entre créneaux contribuent au développement de projets "
    "concrets de collaboration.",
    "La main-d'œuvre est un défi majeur pour toutes les régions ; l'innovation est un des moyens les plus "
    "probants pour se démarquer ; le développement international passe par l'arrimage avec les programmes en "
    "place et les liens avec des « clusters » apparentés à l'étranger.",
]

INTRODUCTION = (
    "Afin de faciliter les interactions, les participants étaient répartis dans des ateliers parallèles. Les "
    "ateliers étaient présidés par des présidents de comités régionaux ACCORD et animés par un représentant du "
    "ministère. Les mêmes thèmes ont été abordés dans chacun des groupes.\n\n"
    "Un secrétaire d'atelier prenait des notes qui ont servi de base à l'élaboration de cette synthèse."
)


def load_gathering(admin: User, today: datetime.date) -> Event | None:
    """The Grand rendez-vous of last autumn, held: three parallel workshops chaired by regional committees'
    presidents, the seed's themes, each note-taker's notes, and the synthesis published. Its note-takers
    are members of the demo coordinator's niche committee (they can sign in). Left as it is when there."""
    from accord.governance.models import CommitteeKind, Mandate, MandateRole  # noqa: PLC0415

    if Event.objects.filter(title_fr=GATHERING_FR).exists():
        return None
    coordinator = User.objects.filter(email=f"coordination@{DEMO_DOMAIN}").select_related("person").first()
    mandate = (
        Mandate.objects.current().filter(person=coordinator.person, role=MandateRole.COORDINATOR).first()
        if coordinator and coordinator.person_id
        else None
    )
    if mandate is None or mandate.committee.creneau is None:
        return None
    creneau = mandate.committee.creneau
    chairs = [
        m.person
        for m in Mandate.objects.current()
        .filter(role=MandateRole.PRESIDENT, committee__kind=CommitteeKind.REGIONAL)
        .select_related("person")
        .order_by("committee__region__code")[:3]
    ]
    members = [
        m.person
        for m in Mandate.objects.current()
        .filter(committee=mandate.committee, person__user__isnull=False)
        .exclude(role=MandateRole.COORDINATOR)
        .select_related("person")
        .order_by("pk")[:6]
    ]
    if len(chairs) < 3 or len(members) < 6:
        return None
    day = datetime.date(today.year - 1, 11, 20)
    event = services.create_event(
        creneau,
        actor=admin,
        data={
            "title_fr": GATHERING_FR,
            "title_en": GATHERING_EN,
            "kind": EventKind.FORUM,
            "audience": EventAudience.PUBLIC,
            "starts_on": day,
            "place": "Québec, Centre des congrès",
            "summary": "Ateliers d'échanges intercréneaux : bons coups et meilleures pratiques.",
            "summary_en": "Workshops between niches: successes and best practices.",
        },
        reason=REASON,
    )
    services.mark_held(event, actor=admin, attendance=180, reason=REASON)
    themes = [
        services.save_theme(event, actor=admin, data={"position": n, "title_fr": fr, "title_en": en}, reason=REASON)
        for n, (fr, en) in enumerate(THEMES, 1)
    ]
    for n, (title, room, hour) in enumerate(WORKSHOPS):
        workshop = services.save_workshop(
            event,
            actor=admin,
            data={
                "position": n + 1,
                "title": title,
                "place": room,
                "starts_at": datetime.time(hour, 0),
                "chair": chairs[n],
                "facilitator": members[n + 3],
                "note_taker": members[n],
            },
            reason=REASON,
        )
        note_taker = User.objects.filter(person=members[n]).first()
        texts = {theme.pk: text for theme, text in zip(themes, NOTES[n], strict=True)}
        services.write_notes(workshop, actor=note_taker or admin, texts=texts, reason=REASON)
    services.edit_synthesis(
        event,
        actor=admin,
        introduction=INTRODUCTION,
        texts={theme.pk: text for theme, text in zip(themes, SYNTHESIS, strict=True)},
        reason=REASON,
    )
    services.take_synthesis_step(event, "submit", actor=admin, reason=REASON)
    services.take_synthesis_step(event, "publish", actor=admin, reason=REASON)
    return event
