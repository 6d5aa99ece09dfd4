"""Every read of news and success stories a page, the registry's pages or the public version needs."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accord.accounts.models import User
from accord.core.history import HistoryEntry, history_entries
from accord.registry import personal_data, showcase
from accord.registry.models import Creneau, Region

from . import policies, workflow
from .models import (
    ActivityStatus,
    Briefing,
    BriefingDownload,
    BriefingQuerySet,
    CommunicationPlan,
    PlanActivity,
    Publication,
    PublicationKind,
    PublicationQuerySet,
)

#: How many a créneau's fiche and a region's page show (the list pages show them all).
SHOWN = 5


def public_list(kind: str, *, now: datetime.datetime) -> PublicationQuerySet:
    """The published news, or stories, latest first, each with its niche and region (the lists, the
    feeds and the block narrow them with the FilterSet): one query per page, whatever the number."""
    found = policies.published_publications(now).filter(kind=kind).select_related("creneau", "region")
    return found.order_by("-published_at", "-pk")


def public_detail(kind: str, slug: str, *, now: datetime.datetime) -> PublicationQuerySet:
    """The published publication of that kind and address (empty: a 404)."""
    return policies.published_publications(now).filter(kind=kind, slug=slug).select_related("creneau", "region")


def backoffice_list(user: Any, *, kind: str = "", state: str = "", now: datetime.datetime) -> PublicationQuerySet:
    """The publications the user sees in the back office, each with its niche and region: the drafts
    first, then by the publication date the list shows, the latest first (the scheduled ones, then
    the published); narrowed to a kind and a state (draft, scheduled, published) when asked."""
    found = policies.visible_publications(user).select_related("creneau", "region")
    if kind:
        found = found.filter(kind=kind)
    if state == workflow.DRAFT:
        found = found.filter(published_at__isnull=True)
    elif state == workflow.SCHEDULED:
        found = found.filter(published_at__gt=now)
    elif state == workflow.PUBLISHED:
        found = found.filter(published_at__lte=now)
    return found.order_by(F("published_at").desc(nulls_first=True), "-pk")


def publication_history(publication: Publication) -> list[HistoryEntry]:
    """Who changed the publication, when, why and what, newest first (its publication steps included)."""
    return history_entries(Publication.history.filter(id=publication.pk).select_related("history_user"))  # type: ignore[attr-defined]


def latest_moment(now: datetime.datetime) -> Subquery:
    """The public version's clock (accord.core.public): the latest publication moment that has come.

    It changes exactly when a scheduled publication's moment comes, so the public pages kept
    whole are drawn again then, without any write (decision 46).
    """
    return Subquery(
        Publication.objects.filter(published_at__lte=now).order_by("-published_at").values("published_at")[:1]
    )


# --- The registry's pages (registry.showcase) -------------------------------------------------------


def _entries(found: PublicationQuerySet) -> list[showcase.Entry]:
    return [
        showcase.Entry(
            title=item.title,
            url=item.get_absolute_url(),
            on=timezone.localdate(item.published_at) if item.published_at else None,
            label=str(item.get_theme_display()) if item.theme else "",  # type: ignore[attr-defined]
            lang=item.title_lang,
        )
        for item in found
    ]


def _sections(found: PublicationQuerySet, query: str) -> list[showcase.Section]:
    """The latest SHOWN stories and the latest SHOWN news among those found, in one query (a window
    ranks each kind's rows by date)."""
    ranked = found.annotate(
        rank=Window(RowNumber(), partition_by=[F("kind")], order_by=[F("published_at").desc(), F("pk").desc()])
    ).filter(rank__lte=SHOWN)
    return _split(list(ranked.order_by("-published_at", "-pk")), query)


def creneau_sections(creneau: Creneau) -> list[showcase.Section]:
    """The créneau's published stories and news, for its fiche (one query)."""
    found = policies.published_publications(timezone.now()).filter(creneau=creneau)
    return _sections(found, f"?creneau={creneau.slug}")


def region_sections(region: Region) -> list[showcase.Section]:
    """The region's published stories and news, for its page (one query)."""
    found = policies.published_publications(timezone.now()).filter(region=region)
    return _sections(found, f"?region={region.code}")


def search_sections(words: str) -> list[showcase.Section]:
    """The published stories and news whose titles or summaries hold every word, accents and case
    aside, for the site's search (one query); each section links to its list narrowed the same way."""
    found = policies.published_publications(timezone.now()).search(words)
    return _sections(found, "?" + urlencode({"q": words}))


def _split(rows: list[Publication], query: str) -> list[showcase.Section]:
    stories = [row for row in rows if row.kind == PublicationKind.STORY][:SHOWN]
    news = [row for row in rows if row.kind == PublicationKind.NEWS][:SHOWN]
    sections = []
    if stories:
        sections.append(
            showcase.Section(
                title=_("Success stories"),
                entries=_entries(stories),  # type: ignore[arg-type]
                more_url=reverse("communication:story_list") + query,
                more_label=_("All success stories"),
            )
        )
    if news:
        sections.append(
            showcase.Section(
                title=_("News"),
                entries=_entries(news),  # type: ignore[arg-type]
                more_url=reverse("communication:news_list") + query,
                more_label=_("All news"),
            )
        )
    return sections


# --- Law 25: what the news and stories hold about a person (registry.personal_data) ---------------


def person_personal_data(person: Any) -> dict[str, Any]:
    """The changes the person's accounts made to news, stories and members-only information (who, when,
    why: their history), and the members-only documents they downloaded. They name nobody else."""
    users = list(User.objects.filter(person=person).values_list("pk", flat=True))
    history = Publication.history.filter(history_user_id__in=users).order_by("history_date", "pk")  # type: ignore[attr-defined]
    downloads = BriefingDownload.objects.filter(user_id__in=users).order_by("at", "pk")
    return {
        "changes_made": personal_data.rows(
            history, "id", "kind", "title_fr", "history_type", "history_date", "history_change_reason"
        ),
        # Members-only information they wrote or changed, and whose document they downloaded (decision 52).
        "members_information_changes": personal_data.rows(
            Briefing.history.filter(history_user_id__in=users).order_by("history_date", "pk"),  # type: ignore[attr-defined]
            "id",
            "kind",
            "title_fr",
            "history_type",
            "history_date",
            "history_change_reason",
        ),
        "downloads": personal_data.rows(downloads, "briefing_id", "briefing__title_fr", "at"),
    }


# --- Regional communication plans (decision 51) ----------------------------------------------------


def communication_plans(user: Any) -> QuerySet[CommunicationPlan]:
    """The plans the user sees, the latest year first, each with what its activities cost (cancelled
    ones aside), how many there are and how many are done: one query whatever their number."""
    live = ~Q(activities__status=ActivityStatus.CANCELLED)
    return (
        policies.visible_communication_plans(user)
        .select_related("region")
        .annotate(
            planned=Sum("activities__budget", filter=live),
            activity_count=Count("activities", filter=live),
            done=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
        )
        .order_by("-year", "region__code")
    )


def plan_activities(plan: CommunicationPlan) -> list[PlanActivity]:
    """The plan's activities by date, each with its niches (two queries)."""
    return list(plan.activities.prefetch_related("creneaux").order_by("starts_on", "pk"))


def _activity_subject(record: Any, _names: Any) -> str:
    """An activity's records name it; the plan's own name nothing (the page is the plan's)."""
    return getattr(record, "title_fr", "")


def plan_history(plan: CommunicationPlan) -> list[HistoryEntry]:
    """Who changed the plan and its activities, when, why and what, newest first."""
    activities = PlanActivity.history.filter(plan_id=plan.pk).select_related("history_user")  # type: ignore[attr-defined]
    return history_entries(
        CommunicationPlan.history.filter(id=plan.pk).select_related("history_user"),  # type: ignore[attr-defined]
        activities,
        subject_of=_activity_subject,
    )


# --- Members-only information (decision 52) ----------------------------------------------------------


def member_briefings(user: Any) -> BriefingQuerySet:
    """What the members' area lists for the user (the FilterSet narrows it), the latest published first,
    each with its créneaux: two queries per page, whatever the number."""
    return policies.readable_briefings(user).prefetch_related(_creneaux()).order_by("-published_at", "-pk")


def member_briefing(user: Any, pk: int) -> BriefingQuerySet:
    """The published briefing of that number the user may read (empty: a 404)."""
    return policies.readable_briefings(user).filter(pk=pk).prefetch_related(_creneaux())


def backoffice_briefings(user: Any) -> BriefingQuerySet:
    """What the user sees in the back office, the drafts first then the latest published, each with its
    créneaux and how many times its document was downloaded: two queries per page."""
    return (
        policies.visible_briefings(user)
        .prefetch_related(_creneaux())
        .annotate(download_count=Count("downloads"))
        .order_by(F("published_at").desc(nulls_first=True), "-pk")
    )


def _creneaux() -> Prefetch:
    return Prefetch("creneaux", queryset=Creneau.objects.only("pk", "slug", "name_fr", "name_en").order_by("name_fr"))


def briefing_downloads(briefing: Briefing) -> QuerySet[BriefingDownload]:
    """Who downloaded its document and when, the latest first (one query for the page or the export)."""
    return BriefingDownload.objects.filter(briefing=briefing).select_related("user").order_by("-at", "-pk")


def briefing_history(briefing: Briefing) -> list[HistoryEntry]:
    """Who changed it, when, why and what, its publication and withdrawal included, newest first."""
    return history_entries(Briefing.history.filter(id=briefing.pk).select_related("history_user"))  # type: ignore[attr-defined]
