"""The communication's demo: every ✓ example of the seed is a published success story under its theme,
in French and English, of a créneau and one of its regions; news published, scheduled and drafted;
loading the demo again adds none."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from accord.communication.models import CommunicationPlan, Publication, Theme
from accord.registry.models import CreneauRegion

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seed" / "000_60f49fc8d9c148d6.txt"
# The seed's numbered sections and sub-headings, in order, and the theme each one's examples are told under.
SECTIONS = [
    ("1 - La mobilisation", Theme.MOBILISATION),
    ("2 – La gouvernance", Theme.GOVERNANCE),
    ("3 – La communication", Theme.COMMUNICATION),
    ("4 – La collaboration intercréneaux", Theme.COLLABORATION),
    ("**Main-d'œuvre**", Theme.WORKFORCE),
    ("• Innovation", Theme.INNOVATION),
    ("**Le développement international**", Theme.INTERNATIONAL),
]


def seed_examples_by_theme() -> dict[str, int]:
    """How many ✓ examples the seed gives under each theme."""
    counts: dict[str, int] = {}
    theme = None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        for heading, value in SECTIONS:
            if heading in line:
                theme = value
        if re.match(r"^\s*- ✓", line):
            counts[theme] = counts.get(theme, 0) + 1
    return counts


def test_every_seed_example_is_a_published_story_under_its_theme(demo):
    stories = Publication.objects.filter(kind="story")
    now = timezone.now()
    assert stories.published(now).count() == stories.count()
    if SEED.exists():
        expected = seed_examples_by_theme()
        assert sum(expected.values()) == 52
        found = {theme: stories.filter(theme=theme).count() for theme in Theme.values}
        assert found == expected
    else:  # the seed lives beside the repository, in the shared folder
        assert stories.count() == 52
    for story in stories:
        assert story.title_en and story.body_en and story.results_fr and story.results_en
        assert CreneauRegion.objects.filter(creneau=story.creneau_id, region=story.region_id).exists()


def test_news_published_scheduled_and_drafted(demo):
    news = Publication.objects.filter(kind="news")
    now = timezone.now()
    assert news.filter(published_at__lte=now).count() == 2
    assert news.filter(published_at__gt=now).count() == 1
    assert news.filter(published_at__isnull=True).count() == 1


def test_loading_the_demo_again_adds_no_publication(demo):
    assert (
        demo.first["communication.Publication"]
        == Publication.objects.count()
        == demo.second["communication.Publication"]
    )
    assert demo.first["communication.HistoricalPublication"] == demo.second["communication.HistoricalPublication"]


def test_estrie_keeps_a_communication_plan_within_its_budget(demo):
    plan = CommunicationPlan.objects.get(region__code="05")
    activities = list(plan.activities.all())
    assert len(activities) == 4 and sum(a.budget for a in activities) <= plan.budget
    assert {a.status for a in activities} >= {"done", "planned"}
    assert plan.history.first().history_user.email == "dr-estrie@demo.accord.example"


def test_the_demo_members_read_their_niches_information_and_not_the_others(demo):
    """porteur@ and coordination@ read items of every kind of their niches, with documents some have
    downloaded; Mauricie's furniture niche's items are 404 to them; the privacy officer has none."""
    from accord.accounts.models import User
    from accord.communication import policies
    from accord.communication.models import Briefing, BriefingDownload, BriefingKind

    porteur = User.objects.get(email="porteur@demo.accord.example")
    coordination = User.objects.get(email="coordination@demo.accord.example")
    theirs = policies.readable_briefings(porteur) | policies.readable_briefings(coordination)
    assert set(theirs.values_list("kind", flat=True)) == set(BriefingKind.values)
    mauricie = Briefing.objects.filter(creneaux__slug="meuble-mauricie")
    assert mauricie.exists() and not policies.readable_briefings(porteur).filter(pk__in=mauricie).exists()
    assert BriefingDownload.objects.filter(user=porteur).exists()
    assert Briefing.objects.filter(status="draft").count() == 1
    privacy = User.objects.get(email="confidentialite@demo.accord.example")
    assert not policies.readable_briefings(privacy).exists()
    assert demo.first["communication.BriefingDownload"] == demo.second["communication.BriefingDownload"]
