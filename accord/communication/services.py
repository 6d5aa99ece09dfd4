"""Every write to news and success stories: each service checks the policy (today's roles and
mandates), locks the row, checks the workflow, cleans the rich text, validates, and saves what changes
with its history (who, when and why: `core.services`). A change the public may see bumps the public
version in the same transaction (accord.core.public), so no page kept whole outlives it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core import public
from accord.core.files import FileKind, check_document, check_upload
from accord.core.money import format_money
from accord.core.services import (
    actor_or_none,
    apply_changes,
    attribute,
    create_with_history,
    lock,
    unique_slug,
    unique_slug_base,
)
from accord.core.workflow import InvalidTransition
from accord.registry.models import Creneau, CreneauRegion, Region

from . import policies, richtext, workflow
from .models import (
    OPPORTUNITY_KINDS,
    RESERVED_SLUGS,
    ActivityStatus,
    Briefing,
    BriefingDownload,
    CommunicationPlan,
    PlanActivity,
    Publication,
    PublicationKind,
)

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


# --- Regional communication plans (decision 51) ----------------------------------------------------

PLAN_FIELDS = ("year", "budget", "aims_fr", "aims_en")
ACTIVITY_FIELDS = ("title_fr", "title_en", "kind", "budget", "starts_on", "ends_on", "status", "outcome")


def _refuse_plan(actor: Any, region: Region) -> None:
    if not policies.can_keep_communication_plan(actor, region):
        raise PermissionDenied(_("Only the region's office keeps its communication plan."))


def _check_budget(*, budget: Decimal, activities: Decimal) -> None:
    """The activities are paid from the budget granted to the plan: together they stay within it."""
    if activities > budget:
        raise ValidationError(
            {
                "budget": _("The activities already planned cost %(activities)s, more than this budget of %(budget)s.")
                % {"activities": format_money(activities), "budget": format_money(budget)}
            },
            code="over_budget",
        )


def _activities_cost(plan: CommunicationPlan, *, without: PlanActivity | None = None) -> Decimal:
    found = plan.activities.exclude(status=ActivityStatus.CANCELLED)
    if without is not None:
        found = found.exclude(pk=without.pk)
    return found.aggregate(total=Sum("budget"))["total"] or Decimal(0)


@transaction.atomic
def create_communication_plan(
    *, region: Region, actor: Any, data: Mapping[str, Any], reason: str = ""
) -> CommunicationPlan:
    """The region's plan for a year (one a year), by its office."""
    _refuse_plan(actor, region)
    values = {name: data[name] for name in PLAN_FIELDS if name in data}
    return create_with_history(CommunicationPlan(region=region, **values), actor=actor, reason=reason)


@transaction.atomic
def update_communication_plan(
    plan: CommunicationPlan, *, actor: Any, data: Mapping[str, Any], reason: str = ""
) -> list[str]:
    """Change the plan's year, budget or aims; a budget below what its activities cost is refused."""
    lock(plan)
    _refuse_plan(actor, plan.region)
    changes = {name: data[name] for name in PLAN_FIELDS if name in data}
    if "budget" in changes:
        _check_budget(budget=changes["budget"], activities=_activities_cost(plan))
    return apply_changes(plan, changes, actor=actor, reason=reason)


def _check_creneaux(plan: CommunicationPlan, creneaux: list[Creneau]) -> None:
    """An activity serves niches of the plan's region."""
    theirs = set(CreneauRegion.objects.filter(region=plan.region).values_list("creneau_id", flat=True))
    outside = [creneau for creneau in creneaux if creneau.pk not in theirs]
    if outside:
        raise ValidationError(
            {"creneaux": _("Not a niche of this region: %(names)s.") % {"names": ", ".join(map(str, outside))}}
        )


@transaction.atomic
def save_activity(
    plan: CommunicationPlan,
    *,
    actor: Any,
    data: Mapping[str, Any],
    activity: PlanActivity | None = None,
    reason: str = "",
) -> PlanActivity:
    """Add an activity to the plan, or change one: within the plan's budget (a cancelled activity
    costs nothing), for niches of its region. The plan is locked first: two activities added at once
    never overrun its budget together."""
    lock(plan)
    _refuse_plan(actor, plan.region)
    values = {name: data[name] for name in ACTIVITY_FIELDS if name in data}
    creneaux = list(data.get("creneaux", []))
    _check_creneaux(plan, creneaux)
    budget = values.get("budget", activity.budget if activity else Decimal(0)) or Decimal(0)
    status = values.get("status", activity.status if activity else ActivityStatus.PLANNED)
    cost = _activities_cost(plan, without=activity) + (budget if status != ActivityStatus.CANCELLED else 0)
    if cost > plan.budget:
        raise ValidationError(
            {
                "budget": _("With this activity the plan would cost %(cost)s, more than its budget of %(budget)s.")
                % {"cost": format_money(cost), "budget": format_money(plan.budget)}
            },
            code="over_budget",
        )
    if activity is None:
        activity = create_with_history(PlanActivity(plan=plan, **values), actor=actor, reason=reason)
    else:
        lock(activity)
        apply_changes(activity, values, actor=actor, reason=reason)
    if {c.pk for c in activity.creneaux.all()} != {c.pk for c in creneaux}:
        attribute(activity, actor=actor, reason=reason)
        activity.creneaux.set(creneaux)
    return activity


# --- Members-only information (decision 52) ----------------------------------------------------------

BRIEFING_FIELDS = ("kind", "title_fr", "title_en", "summary_fr", "summary_en", "closes_on", "contact", "file")


def _refuse_briefing(actor: Any, briefing: Briefing) -> None:
    if not policies.can_edit_briefing(actor, briefing):
        raise PermissionDenied(_("You may not change this information."))


def _briefing_values(data: Mapping[str, Any], current: Briefing | None = None) -> dict[str, Any]:
    """The fields given, the document checked by its content; a closing date only for an opportunity
    (the database refuses it too: `communication_briefing_closing_only_for_opportunities`)."""
    values = {name: data[name] for name in BRIEFING_FIELDS if name in data}
    if isinstance(values.get("file"), UploadedFile):
        try:
            check_document(values["file"])
        except ValidationError as exc:
            raise ValidationError({"file": exc.messages}, code="file") from exc
    kind = values.get("kind", current.kind if current else "")
    closes_on = values.get("closes_on", current.closes_on if current else None)
    if closes_on is not None and kind not in OPPORTUNITY_KINDS:
        raise ValidationError(
            {"closes_on": _("Only a business opportunity has a closing date: leave it empty.")}, code="closes_on"
        )
    return values


def _check_targets(actor: Any, creneaux: list[Creneau]) -> None:
    """At least one créneau, each one the editor writes for (policies.covers_creneaux)."""
    if not creneaux:
        raise ValidationError({"creneaux": _("Choose at least one niche: its members will read it.")})
    if not policies.covers_creneaux(actor, creneaux):
        raise ValidationError({"creneaux": _("You may not write for one of these niches.")})


@transaction.atomic
def create_briefing(*, actor: Any, data: Mapping[str, Any], reason: str = "") -> Briefing:
    """A draft of members-only information, for créneaux the author writes for: nobody but its editors
    sees it until it is published."""
    if not policies.can_access_communication(actor):
        raise PermissionDenied(_("You may not write members-only information."))
    values = _briefing_values(data)
    creneaux = list(data.get("creneaux", []))
    _check_targets(actor, creneaux)
    briefing = create_with_history(Briefing(author=actor_or_none(actor), **values), actor=actor, reason=reason)
    attribute(briefing, actor=actor, reason=reason)
    briefing.creneaux.set(creneaux)
    return briefing


@transaction.atomic
def update_briefing(briefing: Briefing, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change it, in whatever status (a published one is corrected in place). The editor must write for
    every créneau it targets, before and after: nobody takes a créneau's information away from it."""
    lock(briefing)
    _refuse_briefing(actor, briefing)
    values = _briefing_values(data, current=briefing)
    changed = apply_changes(briefing, values, actor=actor, reason=reason)
    if "creneaux" in data:
        creneaux = list(data["creneaux"])
        _check_targets(actor, creneaux)
        if {c.pk for c in briefing.creneaux.all()} != {c.pk for c in creneaux}:
            attribute(briefing, actor=actor, reason=reason)
            briefing.creneaux.set(creneaux)
            changed.append("creneaux")
    return changed


@transaction.atomic
def publish_briefing(briefing: Briefing, *, actor: Any, reason: str = "") -> list[str]:
    """Publish it (again, when withdrawn): the targeted créneaux' members read it from now on."""
    lock(briefing)
    _refuse_briefing(actor, briefing)
    status = workflow.briefing_target(briefing.status, workflow.BRIEFING_PUBLISH)
    return apply_changes(briefing, {"status": status, "published_at": timezone.now()}, actor=actor, reason=reason)


@transaction.atomic
def withdraw_briefing(briefing: Briefing, *, actor: Any, reason: str = "") -> list[str]:
    """Withdraw it: members no longer see it nor its document (a 404); its downloads stay recorded."""
    lock(briefing)
    _refuse_briefing(actor, briefing)
    status = workflow.briefing_target(briefing.status, workflow.BRIEFING_WITHDRAW)
    return apply_changes(briefing, {"status": status}, actor=actor, reason=reason)


def record_download(briefing: Briefing, *, user: Any) -> BriefingDownload:
    """One row per download of its document: who and when (never a counter). Only a reader of it
    downloads it: the view found it among `readable_briefings`, and this checks again."""
    if not policies.readable_briefings(user).filter(pk=briefing.pk).exists():
        raise PermissionDenied(_("You may not read this information."))
    return BriefingDownload.objects.create(briefing=briefing, user=user)
