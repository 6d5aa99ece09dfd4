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


# --- Members-only information (decision 52) ----------------------------------------------------------


@pytest.fixture
def affiliate(cast: dict[str, Any]) -> Any:  # noqa: F811
    """An account of someone working for a member organisation of the niche (not on its committee)."""
    from accord.accounts.tests.factories import UserFactory
    from accord.registry.tests.factories import AffiliationFactory, PersonFactory

    person = PersonFactory(email="employe@example.org")
    AffiliationFactory(person=person, organisation=cast["organisation"])
    return UserFactory(email="employe@example.org", person=person)


@pytest.fixture
def other_niche(cast: dict[str, Any]) -> Any:  # noqa: F811
    """A niche of Montérégie only: Estrie's office and the niche's people are not its members."""
    return CreneauFactory(slug="bioalimentaire", regions=[Region.objects.get(code="16")])


def pdf(name: str = "appel.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", "application/pdf")


def make_briefing(
    cast: dict[str, Any],  # noqa: F811
    actor: Any = None,
    *,
    creneaux: Any = None,
    publish: bool = True,
    **data: Any,
) -> Any:
    """A call for tenders of the cast's niche, with its document, published unless asked otherwise."""
    values = {
        "kind": "tender",
        "title_fr": "Appel d'offres : mobilier de bureau",
        "title_en": "Call for tenders: office furniture",
        "summary_fr": "Un donneur d'ordres cherche 400 postes de travail.",
        "summary_en": "A buyer seeks 400 workstations.",
        "closes_on": timezone.localdate() + datetime.timedelta(days=30),
        "contact": "achats@example.org",
        "file": pdf(),
        "creneaux": creneaux if creneaux is not None else [cast["creneau"]],
        **data,
    }
    actor = actor or cast["coordinator"]
    briefing = services.create_briefing(actor=actor, data=values, reason="Occasion d'affaires")
    if publish:
        services.publish_briefing(briefing, actor=actor)
    return briefing
