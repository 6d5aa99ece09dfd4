"""Every write to news and stories: the policy, the rules of a story, the rich text cleaned, the
image checked, the steps of publication, each with its history, and the public version bumped."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accord.communication import services
from accord.communication.models import Publication
from accord.core import public
from accord.core.workflow import InvalidTransition
from accord.registry.models import Region

from .conftest import make_news, make_story, story_data

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


def png(name="atelier.png", content=PNG):
    return SimpleUploadedFile(name, content, "image/png")


def test_a_story_is_a_draft_with_its_author_and_reason(cast):
    story = make_story(cast)
    assert story.published_at is None and story.slug == "des-videos-de-formation-pour-les-operateurs"
    record = story.history.get()
    assert (record.history_user, record.history_change_reason) == (cast["coordinator"], "Bon coup 2025")
    assert not Publication.objects.published(timezone.now()).exists()


def test_the_rich_text_is_cleaned_before_it_is_saved(cast):
    story = make_story(cast, body_fr='<p onclick="x()">Bon <script>alert(1)</script>coup</p><img src=x onerror=y>')
    assert story.body_fr == "<p>Bon coup</p>"


@pytest.mark.parametrize(
    ("missing", "field"),
    [({"creneau": None}, "creneau"), ({"region": None}, "region"), ({"theme": ""}, "theme")],
)
def test_a_story_names_its_niche_region_and_theme(cast, missing, field):
    # A ministry author: the refusal is the story's rule, not the author's scope.
    with pytest.raises(ValidationError) as refused:
        services.create_publication(kind="story", actor=cast["ministry"], data=story_data(cast, **missing))
    assert field in refused.value.message_dict
    assert not Publication.objects.exists()


def test_the_region_is_one_of_the_niches(cast):
    with pytest.raises(ValidationError) as refused:
        services.create_publication(
            kind="story", actor=cast["ministry"], data=story_data(cast, region=Region.objects.get(code="16"))
        )
    assert "region" in refused.value.message_dict


def test_news_has_no_theme(cast):
    news = make_news(cast, theme="innovation")
    assert news.theme == ""


def test_only_who_covers_the_niche_or_region_writes(cast):
    for who in ("member", "stranger"):
        with pytest.raises(PermissionDenied):
            make_story(cast, actor=cast[who])
    # An editor of another region is told on the form that this niche or region is not theirs.
    with pytest.raises(ValidationError) as refused:
        make_story(cast, actor=cast["office_out"])
    assert "region" in refused.value.message_dict
    story = make_story(cast, actor=cast["office_in"])
    with pytest.raises(PermissionDenied):
        services.update_publication(story, actor=cast["office_out"], data={"title_fr": "Autre"})
    # Nor may an office move a piece of news out of its region.
    news = make_news(cast, actor=cast["office_in"])
    with pytest.raises(ValidationError) as refused:
        services.update_publication(news, actor=cast["office_in"], data={"creneau": None})
    assert "creneau" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        services.publish_publication(story, actor=cast["office_out"])
    assert Publication.objects.get(pk=story.pk).title_fr == story_data(cast)["title_fr"]


def test_program_wide_news_is_the_ministrys(cast):
    with pytest.raises(ValidationError):
        make_news(cast, actor=cast["office_in"], creneau=None)
    assert make_news(cast, actor=cast["ministry"], creneau=None).creneau is None


def test_nul_is_refused(cast):
    with pytest.raises(ValidationError):
        make_story(cast, summary_fr="Un\x00bon coup")
    assert not Publication.objects.exists()


def test_an_image_needs_its_alternative_text_and_must_be_an_image(cast):
    with pytest.raises(ValidationError) as refused:
        make_story(cast, image=png())
    assert "image_alt_fr" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_story(cast, image=png("piege.png", b"<html><script>alert(1)</script></html>"), image_alt_fr="Un atelier")
    assert "image" in refused.value.message_dict
    with pytest.raises(ValidationError):
        make_story(cast, image=SimpleUploadedFile("x.svg", b"<svg onload=alert(1)>", "image/svg+xml"), image_alt_fr="x")
    story = make_story(cast, image=png(), image_alt_fr="Un opérateur devant une machine à bois")
    assert story.image.name.startswith("communication/") and story.image.name.endswith("/atelier.png")


def test_publishing_needs_the_english_title_and_a_storys_results(cast):
    news = make_news(cast, title_en="")
    with pytest.raises(InvalidTransition, match="titre anglais"):
        services.publish_publication(news, actor=cast["coordinator"])
    story = make_story(cast, results_fr="")
    with pytest.raises(InvalidTransition, match="résultats mesurés"):
        services.publish_publication(story, actor=cast["coordinator"])
    assert not Publication.objects.filter(published_at__isnull=False).exists()


def test_publishing_now_bumps_the_public_version_and_records_who(cast):
    story = make_story(cast)
    before = public.version()
    services.publish_publication(story, actor=cast["office_in"], reason="Validé")
    assert public.version() == before + 1
    assert Publication.objects.published(timezone.now()).get() == story
    latest = story.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (cast["office_in"], "Validé")
    with pytest.raises(InvalidTransition, match="déjà publiée"):
        services.publish_publication(story, actor=cast["office_in"])


def test_a_scheduled_story_shows_by_itself_when_its_moment_comes(cast):
    story = make_story(cast)
    at = timezone.now() + datetime.timedelta(hours=2)
    services.schedule_publication(story, actor=cast["coordinator"], at=at)
    assert not Publication.objects.published(timezone.now()).exists()
    assert Publication.objects.published(at).get() == story  # nothing written in between
    with pytest.raises(InvalidTransition, match="à venir"):
        services.schedule_publication(
            story, actor=cast["coordinator"], at=timezone.now() - datetime.timedelta(minutes=1)
        )


def test_withdrawing_makes_a_draft_again(cast):
    story = make_story(cast)
    services.publish_publication(story, actor=cast["coordinator"])
    before = public.version()
    services.unpublish_publication(story, actor=cast["coordinator"], reason="Erreur")
    assert story.published_at is None and public.version() == before + 1
    with pytest.raises(InvalidTransition, match="rien à retirer"):
        services.unpublish_publication(story, actor=cast["coordinator"])


def test_correcting_a_published_story_bumps_the_version_a_draft_does_not(cast):
    story = make_story(cast)
    before = public.version()
    services.update_publication(story, actor=cast["coordinator"], data={"summary_fr": "Corrigé."})
    assert public.version() == before
    services.publish_publication(story, actor=cast["coordinator"])
    before = public.version()
    changed = services.update_publication(story, actor=cast["coordinator"], data={"results_fr": "15 vidéos"})
    assert changed == ["results_fr"] and public.version() == before + 1
