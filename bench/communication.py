"""Synthetic news, success stories and events for `make bench`: what the public site's lists read.

An *addition* (generate.ADDITIONS): a bench database whose other data is current gets these rows
without being generated again. Publications: one in five a success story (with the créneau, one of
its regions and a theme), the rest news, a few of them about a créneau; published over the last ten
years, a few scheduled in the coming weeks and a few drafts, as an editorial team leaves them. Events:
over the last five years and the next, two in three open to the public; those past held (with an
attendance) or cancelled, those to come planned.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable, Sequence

from django.db.models import Model
from django.utils import timezone

from accord.communication.models import Publication, PublicationKind, Theme
from accord.events.models import Event, EventAudience, EventKind, EventStatus
from accord.registry.models import Creneau, CreneauRegion

BATCH_SIZE = 5_000
STORY_SHARE = 0.2
NEWS_ABOUT_A_NICHE = 0.5
DRAFT_SHARE = 0.02
SCHEDULED_SHARE = 0.01
PUBLIC_SHARE = 2 / 3
CANCELLED_SHARE = 0.05
Log = Callable[[str], None]

TOPICS = [
    "Mission commerciale en Europe",
    "Nouvelle formation en usinage",
    "Forum annuel du créneau",
    "Table de concertation sur la main-d'œuvre",
    "Regroupement d'achats des membres",
    "Visite d'usine chez un membre",
    "Déjeuner-conférence sur l'innovation",
    "Maillage entre donneurs d'ordres et fournisseurs",
    "Étude de veille stratégique",
    "Salon professionnel international",
]
PARAGRAPH = (
    "<p>Les entreprises du créneau se sont réunies pour faire le point sur leurs projets communs. "
    "Les participants ont convenu de poursuivre le travail en comité et de partager leurs résultats "
    "avec les autres créneaux de la région.</p>"
)


def _save(model: type[Model], rows: Sequence[Model]) -> None:
    model.objects.bulk_create(rows, batch_size=BATCH_SIZE)  # type: ignore[attr-defined]


class CommunicationGenerator:
    """Writes the publications and events of a scale, in batches (no history: nobody wrote them)."""

    def __init__(self, *, publications: int, events: int, rng: random.Random, log: Log) -> None:
        self.publications = publications
        self.events = events
        self.rng = rng
        self.log = log
        self.now = timezone.now()
        # Each active créneau with its regions: a story names one of them.
        regions: dict[int, list[int]] = {}
        for creneau_id, region_id in CreneauRegion.objects.values_list("creneau_id", "region_id"):
            regions.setdefault(creneau_id, []).append(region_id)
        active = set(Creneau.objects.filter(ended_on__isnull=True).values_list("pk", flat=True))
        self.niches = [(pk, regions[pk]) for pk in sorted(regions) if pk in active]

    def run(self) -> None:
        self._publications()
        self._events()
        self.log(f"{self.publications:,} publications, {self.events:,} events")

    def _publications(self) -> None:
        rng, rows = self.rng, []
        themes = list(Theme.values)
        for number in range(self.publications):
            creneau_id, regions = rng.choice(self.niches)
            story = rng.random() < STORY_SHARE
            about = story or rng.random() < NEWS_ABOUT_A_NICHE
            draw = rng.random()
            ago = datetime.timedelta(minutes=rng.randint(1, 10 * 365 * 24 * 60))
            published_at: datetime.datetime | None = self.now - ago
            if draw < DRAFT_SHARE:
                published_at = None
            elif draw < DRAFT_SHARE + SCHEDULED_SHARE:
                published_at = self.now + datetime.timedelta(minutes=rng.randint(60, 30 * 24 * 60))
            topic = rng.choice(TOPICS)
            publication = Publication(
                kind=PublicationKind.STORY if story else PublicationKind.NEWS,
                slug=f"publication-{number + 1}",
                creneau_id=creneau_id if about else None,
                region_id=rng.choice(regions) if about else None,
                theme=rng.choice(themes) if story else "",
                title_fr=f"{topic} ({number + 1})",
                title_en=f"News {number + 1}",
                summary_fr=f"{topic} : ce que les membres du créneau en retiennent.",
                summary_en="What the niche's members take from it.",
                body_fr=PARAGRAPH * 3,
                results_fr="<p>Vingt entreprises participantes.</p>" if story else "",
                published_at=published_at,
            )
            # bulk_create skips save(), which keeps the search text.
            publication.search_text = publication.build_search_text()
            rows.append(publication)
            if len(rows) == BATCH_SIZE:
                _save(Publication, rows)
                rows = []
        _save(Publication, rows)

    def _events(self) -> None:
        rng, rows = self.rng, []
        kinds = list(EventKind.values)
        today = timezone.localdate()
        for number in range(self.events):
            creneau_id, _regions = rng.choice(self.niches)
            starts_on = today + datetime.timedelta(days=rng.randint(-5 * 365, 365))
            past = starts_on < today
            cancelled = rng.random() < CANCELLED_SHARE
            status = EventStatus.CANCELLED if cancelled else EventStatus.HELD if past else EventStatus.PLANNED
            rows.append(
                Event(
                    creneau_id=creneau_id,
                    title_fr=f"{rng.choice(TOPICS)} ({number + 1})",
                    kind=rng.choice(kinds),
                    summary="Une rencontre des membres du créneau et de leurs partenaires.",
                    starts_on=starts_on,
                    ends_on=starts_on + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2])),
                    place="Centre des congrès",
                    audience=EventAudience.PUBLIC if rng.random() < PUBLIC_SHARE else EventAudience.MEMBERS,
                    status=status,
                    attendance=rng.randint(10, 200) if status == EventStatus.HELD else None,
                )
            )
            if len(rows) == BATCH_SIZE:
                _save(Event, rows)
                rows = []
        _save(Event, rows)


def row_counts() -> dict[str, int]:
    return {"publications": Publication.objects.count(), "events": Event.objects.count()}


def clear() -> None:
    """Remove what an earlier version of this addition wrote (nothing else refers to these rows)."""
    Publication.objects.all().delete()
    Event.objects.all().delete()
