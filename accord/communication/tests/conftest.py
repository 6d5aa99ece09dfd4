"""The cast of the communication's tests: the plans' cast (a niche of Estrie with its committee's
member and coordinator, Estrie's and Montérégie's offices, the ministry, a stranger), and an
interregional niche of Estrie and Montérégie; publications come from the services."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from accord.communication import services
from accord.planning.tests.conftest import cast  # noqa: F401  the plans' cast, reused
from accord.registry.models import Region
from accord.registry.tests.factories import CreneauFactory


@pytest.fixture
def interregional(cast: dict[str, Any]) -> Any:  # noqa: F811
    """A niche of Estrie and Montérégie."""
    return CreneauFactory(slug="micro-nano", regions=[Region.objects.get(code="05"), Region.objects.get(code="16")])


def story_data(cast: dict[str, Any], **data: Any) -> dict[str, Any]:  # noqa: F811
    return {
        "creneau": cast["creneau"],
        "region": Region.objects.get(code="05"),
        "theme": "workforce",
        "title_fr": "Des vidéos de formation pour les opérateurs",
        "title_en": "Training videos for machine operators",
        "summary_fr": "Le créneau a produit des vidéos de formation.",
        "summary_en": "The niche produced training videos.",
        "body_fr": "<p>Des <strong>vidéos</strong> destinées aux opérateurs de machines à bois.</p>",
        "body_en": "<p><strong>Videos</strong> for woodworking machine operators.</p>",
        "results_fr": "12 vidéos, 140 opérateurs formés",
        "results_en": "12 videos, 140 operators trained",
        **data,
    }


def make_story(cast: dict[str, Any], actor: Any = None, **data: Any) -> Any:  # noqa: F811
    return services.create_publication(
        kind="story", actor=actor or cast["coordinator"], data=story_data(cast, **data), reason="Bon coup 2025"
    )


def make_news(cast: dict[str, Any], actor: Any = None, **data: Any) -> Any:  # noqa: F811
    values = {
        "creneau": cast["creneau"],
        "title_fr": "Assemblée annuelle du créneau",
        "title_en": "The niche's annual meeting",
        "body_fr": "<p>Elle aura lieu en juin.</p>",
        **data,
    }
    return services.create_publication(kind="news", actor=actor or cast["coordinator"], data=values)


def published(cast: dict[str, Any], publication: Any, *, days_ago: int = 0) -> Any:  # noqa: F811
    """Published through the service, then dated back (a list needs distinct dates)."""
    services.publish_publication(publication, actor=cast["ministry"])
    if days_ago:
        type(publication).objects.filter(pk=publication.pk).update(
            published_at=timezone.now() - datetime.timedelta(days=days_ago)
        )
        publication.refresh_from_db()
    return publication
