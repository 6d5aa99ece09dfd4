"""Demonstration data of the newsletter: a few confirmed subscribers with their interests, in French
and English, and one issue sent to them (in the public archive), all through the services."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accord.accounts.models import User
from accord.communication.models import Publication, PublicationKind
from accord.registry.demo import DEMO_DOMAIN
from accord.registry.models import Creneau, Region

from . import services, tasks
from .models import Issue

ORDER = 40  # after communication (38): an issue gathers its published stories and news
SOURCE = "demo"

#: (address, language, créneau slugs, region codes, themes)
SUBSCRIBERS: list[tuple[str, str, list[str], list[str], list[str]]] = [
    ("lectrice.estrie@example.org", "fr", [], ["05"], []),
    ("reader.montreal@example.org", "en", [], ["06"], ["innovation", "international"]),
    ("veille.main-doeuvre@example.org", "fr", [], [], ["workforce"]),
    ("tout.le.programme@example.org", "fr", [], [], []),
]


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    if Issue.objects.exists():
        stdout.write(f"  newsletter: {Issue.objects.count()} issue(s) already")
        return []
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    regions = {r.code: r for r in Region.objects.all()}
    creneaux = {c.slug: c for c in Creneau.objects.all()}
    with transaction.atomic():
        for email, language, slugs, codes, themes in SUBSCRIBERS:
            _subscriber, token = services.request_subscription(
                email=email,
                language=language,
                creneaux=[creneaux[s] for s in slugs if s in creneaux],
                regions=[regions[c] for c in codes if c in regions],
                themes=themes,
                source=SOURCE,
            )
            if token:
                services.confirm_subscription(token, source=SOURCE)
        stories = list(Publication.objects.filter(kind=PublicationKind.STORY, published_at__isnull=False)[:3])
        news = list(Publication.objects.filter(kind=PublicationKind.NEWS, published_at__isnull=False)[:1])
        issue = services.create_issue(
            actor=admin,
            data={
                "title_fr": "Bulletin ACCORD : les bons coups des créneaux",
                "title_en": "ACCORD newsletter: the niches' success stories",
                "intro_fr": "Trois bons coups racontés au Grand rendez-vous des créneaux d'excellence, "
                "et une nouvelle du programme.",
                "intro_en": "Three success stories told at the Grand rendez-vous of the niches of excellence, "
                "and news of the program.",
                "publications": news + stories,
            },
            reason="Données de démonstration",
        )
        services.send_issue(issue, actor=admin, reason="Données de démonstration")
    # The sending is queued after the commit; inside an outer transaction (the demo's tests) it would
    # never come, so the demo sends its batch itself: deliveries already sent are not sent again.
    tasks.send_issue_batch(issue.pk)
    stdout.write(f"  newsletter: {len(SUBSCRIBERS)} subscribers, 1 issue sent")
    return []
