"""Every write to news and success stories: each service checks the policy (today's roles and
mandates), locks the row, checks the workflow, cleans the rich text, validates, and saves what changes
with its history (who, when and why: `core.services`). A change the public may see bumps the public
version in the same transaction (accord.core.public), so no page kept whole outlives it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import public
from accord.core.files import FileKind, check_upload
from accord.core.services import apply_changes, create_with_history, lock, unique_slug, unique_slug_base
from accord.core.workflow import InvalidTransition
from accord.registry.models import Creneau, CreneauRegion, Region

from . import policies, richtext, workflow
from .models import RESERVED_SLUGS, Publication, PublicationKind

#: What the forms may set; the publication date moves only through the steps below.
FIELDS = (
    "creneau",
    "region",
    "theme",
    "title_fr",
    "title_en",
    "summary_fr",
    "summary_en",
    "body_fr",
    "body_en",
    "results_fr",
    "results_en",
    "image",
    "image_alt_fr",
    "image_alt_en",
)

#: A publication's image: a photograph or a drawing, typed by its content (decision 14). No SVG: it
#: may hold a script.
IMAGE = FileKind("PNG, JPEG, WebP", (".png", ".jpg", ".jpeg", ".webp"), ("png", "jpg", "webp"))
IMAGE_MAX_BYTES = 5 * 1024 * 1024


def _refuse_area(actor: Any) -> None:
    if not policies.can_access_communication(actor):
        raise PermissionDenied(_("You may not write news or success stories."))


def _refuse(actor: Any, publication: Publication) -> None:
    if not policies.can_edit_publication(actor, publication):
        raise PermissionDenied(_("You may not change this publication."))


def _values(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields given, the rich text cleaned, the image checked; a news item has no theme."""
    values = {name: data[name] for name in FIELDS if name in data}
    for name in ("body_fr", "body_en"):
        if name in values:
            values[name] = richtext.clean(values[name])
    if isinstance(values.get("image"), UploadedFile):
        try:
            check_upload(values["image"], kinds=[IMAGE], max_bytes=IMAGE_MAX_BYTES)
        except ValidationError as exc:
            raise ValidationError({"image": exc.messages}, code="image") from exc
    if kind == PublicationKind.NEWS:
        values["theme"] = ""
    return values


def _check(actor: Any, kind: str, values: Mapping[str, Any], current: Publication | None = None) -> None:
    """The user writes for this niche and region (policies.covers); the region is one of the niche's; a
    story names its niche, region and theme; an image is described. Each refusal names its field."""

    def value(name: str) -> Any:
        return values[name] if name in values else getattr(current, name, None)

    creneau: Creneau | None = value("creneau")
    region: Region | None = value("region")
    errors: dict[str, str] = {}
    if not policies.covers(actor, creneau, region):
        # The editor chose a niche or region that is not theirs: a message on the form, nothing saved.
        errors["region" if region is not None else "creneau"] = _("You may not write for this niche or this region.")
    if kind == PublicationKind.STORY:
        for name, message in (
            ("creneau", _("A success story names its niche.")),
            ("region", _("A success story names its region.")),
            ("theme", _("A success story names its theme.")),
        ):
            if not value(name):
                errors[name] = message
    if (
        creneau is not None
        and region is not None
        and not CreneauRegion.objects.filter(creneau=creneau, region=region).exists()
    ):
        errors["region"] = _("Choose one of the niche's regions.")
    if value("image") and not (value("image_alt_fr") or "").strip():
        errors["image_alt_fr"] = _("Describe the image in its alternative text: people who cannot see it read it.")
    if errors:
        raise ValidationError(errors, code="invalid")


@transaction.atomic
def create_publication(*, kind: str, actor: Any, data: Mapping[str, Any], reason: str = "") -> Publication:
    """A draft: news or a success story, of a niche and region the author covers (policies.covers)."""
    _refuse_area(actor)
    values = _values(kind, data)
    _check(actor, kind, values)
    title = values.get("title_fr", "")
    # The lists' own addresses (/nouvelles/rss/…) come before the publications': never take one.
    if unique_slug_base(title) in RESERVED_SLUGS:
        title = f"{title} 2"
    slug = unique_slug(Publication, title)
    return create_with_history(Publication(kind=kind, slug=slug, **values), actor=actor, reason=reason)


@transaction.atomic
def update_publication(publication: Publication, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change a publication (in whatever state: a published one is corrected in place). The user must
    cover it as it is and as it will be: an office cannot move a story out of its region."""
    lock(publication)
    _refuse(actor, publication)
    values = _values(publication.kind, data)
    _check(actor, publication.kind, values, current=publication)
    changed = apply_changes(publication, values, actor=actor, reason=reason)
    if changed and publication.published_at is not None:
        public.bump()
    return changed


def _ready(publication: Publication) -> None:
    refusal = workflow.publish_refusal(publication.kind, publication.title_en, publication.results_fr)
    if refusal:
        raise InvalidTransition(refusal)


@transaction.atomic
def publish_publication(publication: Publication, *, actor: Any, reason: str = "") -> list[str]:
    """Publish now: the public sees it at once, in French and English."""
    lock(publication)
    _refuse(actor, publication)
    now = timezone.now()
    workflow.target(workflow.state(publication.published_at, now), workflow.PUBLISH)
    _ready(publication)
    changed = apply_changes(publication, {"published_at": now}, actor=actor, reason=reason)
    public.bump()
    return changed


@transaction.atomic
def schedule_publication(publication: Publication, *, actor: Any, at: datetime.datetime, reason: str = "") -> list[str]:
    """Publish at a moment to come: until then only editors see it; from then on, everyone, with no
    further step (workflow.state; the public pages' clock, selectors.latest_moment)."""
    lock(publication)
    _refuse(actor, publication)
    now = timezone.now()
    workflow.target(workflow.state(publication.published_at, now), workflow.SCHEDULE)
    workflow.check_moment(at, now)
    _ready(publication)
    changed = apply_changes(publication, {"published_at": at}, actor=actor, reason=reason)
    public.bump()
    return changed


@transaction.atomic
def unpublish_publication(publication: Publication, *, actor: Any, reason: str = "") -> list[str]:
    """Withdraw a published or scheduled publication: a draft again, gone from the public site."""
    lock(publication)
    _refuse(actor, publication)
    workflow.target(workflow.state(publication.published_at, timezone.now()), workflow.UNPUBLISH)
    changed = apply_changes(publication, {"published_at": None}, actor=actor, reason=reason)
    public.bump()
    return changed
