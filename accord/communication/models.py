"""News and success stories (bons coups): what the program makes known on its public site.

A publication is news or a success story. A story carries a créneau, a region, a theme (the seed's
workshop themes) and its measured results. Each is written in French, with an English version, as
sanitised rich text (richtext.py), may carry one image with its alternative text, and is a draft,
scheduled or published: one date says which (workflow.state), so a scheduled publication shows by
itself once its time has come, without a task flipping a flag (decision 46).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.files import unguessable_path
from accord.core.i18n import localized
from accord.core.models import SearchIndexedModel, SearchQuerySet, TimeStampedModel
from accord.registry.models import Creneau, Region


class PublicationKind(models.TextChoices):
    NEWS = "news", pgettext_lazy("publication kind", "News")
    STORY = "story", _("Success story")


class Theme(models.TextChoices):
    """The themes of the seed's workshops (2008), under which its success stories were told."""

    MOBILISATION = "mobilisation", _("Mobilisation")
    GOVERNANCE = "governance", _("Governance")
    COMMUNICATION = "communication", _("Communication")
    COLLABORATION = "collaboration", _("Inter-niche collaboration")
    WORKFORCE = "workforce", _("Workforce")
    INNOVATION = "innovation", _("Innovation")
    INTERNATIONAL = "international", _("International development")


#: Addresses under /nouvelles/ and /bons-coups/ that are the lists' own (feeds, the embedded block,
#: the page on relaying them): no publication's slug may be one of them.
RESERVED_SLUGS = frozenset({"rss", "atom", "bloc", "relayer"})


def image_path(instance: Publication, filename: str) -> str:
    """Under an unguessable folder (decision 14): the image has no public address of its own."""
    return unguessable_path("communication", filename)


class PublicationQuerySet(SearchQuerySet):
    def published(self, now: object) -> PublicationQuerySet:
        """Published by `now`: those scheduled for a moment that has come included."""
        return self.filter(published_at__lte=now)


class Publication(SearchIndexedModel, TimeStampedModel):
    """A piece of news or a success story, in French and English, a draft until it has a publication
    date, then scheduled until that moment, then published."""

    kind = models.CharField(_("kind"), max_length=10, choices=PublicationKind.choices)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    creneau = models.ForeignKey(
        Creneau,
        verbose_name=_("niche"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_fr = models.TextField(_("summary (French)"), max_length=600, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=600, blank=True)
    # Sanitised HTML (richtext.clean): only what the services saved after cleaning it.
    body_fr = models.TextField(_("text (French)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    results_fr = models.TextField(_("measured results (French)"), blank=True)
    results_en = models.TextField(_("measured results (English)"), blank=True)
    image = models.FileField(_("image"), upload_to=image_path, max_length=300, blank=True)
    image_alt_fr = models.CharField(_("image's alternative text (French)"), max_length=250, blank=True)
    image_alt_en = models.CharField(_("image's alternative text (English)"), max_length=250, blank=True)
    # None: a draft. In the future: scheduled. Past: published (workflow.state).
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    # Found by its titles and summaries in either language, accents and case aside (the site's search).
    SEARCH_FIELDS = ("title_fr", "title_en", "summary_fr", "summary_en")

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "published_at"], name="communication_kind_published"),
            models.Index(fields=["creneau", "published_at"], name="communication_creneau_pub"),
            models.Index(fields=["region", "published_at"], name="communication_region_pub"),
            models.Index(fields=["published_at"], name="communication_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=PublicationKind.NEWS)
                | (Q(creneau__isnull=False) & Q(region__isnull=False) & ~Q(theme="")),
                name="%(app_label)s_%(class)s_story_has_niche_region_theme",
                violation_error_message=_("A success story names its niche, its region and its theme."),
            ),
            models.CheckConstraint(
                condition=Q(kind=PublicationKind.STORY) | Q(theme=""),
                name="%(app_label)s_%(class)s_theme_only_for_stories",
                violation_error_message=_("Only a success story has a theme."),
            ),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt_fr=""),
                name="%(app_label)s_%(class)s_image_has_alt_text",
                violation_error_message=_("Describe the image in its alternative text."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Its public page (a 404 until it is published)."""
        name = "story_detail" if self.kind == PublicationKind.STORY else "news_detail"
        return reverse(f"communication:{name}", args=[self.slug])

    @property
    def title(self) -> str:
        """The English title when English is active and given, else the French one."""
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def body(self) -> str:
        return localized(self, "body")

    @property
    def results(self) -> str:
        return localized(self, "results")

    @property
    def image_alt(self) -> str:
        return localized(self, "image_alt")

    def _lang(self, field: str) -> str:
        """ "fr" when an English reader is shown the French text (no English version of the field):
        the page marks it with lang="fr", so that screen readers read it in French."""
        english = (translation.get_language() or "fr")[:2] == "en"
        return "fr" if english and not getattr(self, f"{field}_en") else ""

    @property
    def title_lang(self) -> str:
        return self._lang("title")

    @property
    def summary_lang(self) -> str:
        return self._lang("summary")

    @property
    def body_lang(self) -> str:
        return self._lang("body")

    @property
    def results_lang(self) -> str:
        return self._lang("results")

    @property
    def image_alt_lang(self) -> str:
        return self._lang("image_alt")


# --- Regional communication plans (section 3 of the seed: « une stratégie de communication … dans chaque
# région », « un budget devrait être accordé »; decision 51) -------------------------------------------


class ActivityKind(models.TextChoices):
    WEBSITE = "website", _("Website")
    NEWSLETTER = "newsletter", _("Newsletter")
    EVENT = "event", _("Event")
    MEDIA = "media", _("Media relations")
    SOCIAL = "social", _("Social media")
    PUBLICATION = "publication", _("Publication or fact sheet")
    ADVERTISING = "advertising", _("Advertising")
    OTHER = "other", pgettext_lazy("communication activity", "Other")


class ActivityStatus(models.TextChoices):
    # Une activité (feminine): words of its own in French.
    PLANNED = "planned", pgettext_lazy("activity", "Planned")
    UNDER_WAY = "under_way", pgettext_lazy("activity", "Under way")
    DONE = "done", pgettext_lazy("activity", "Done")
    CANCELLED = "cancelled", pgettext_lazy("activity", "Cancelled")


class CommunicationPlan(TimeStampedModel):
    """A region's communication plan for a year: what it aims at, the budget granted to it, and its
    activities. The regional office keeps it; the ministry reads every region's."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="communication_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    budget = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    aims_fr = models.TextField(_("aims (French)"), blank=True)
    aims_en = models.TextField(_("aims (English)"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")
        ordering = ["-year", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"],
                name="communication_plan_one_per_region_and_year",
                violation_error_message=_("This region already has a communication plan for this year."),
            ),
            models.CheckConstraint(condition=Q(budget__gte=0), name="communication_plan_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("communication_bo:plan_detail", args=[self.pk])

    @property
    def aims(self) -> str:
        return localized(self, "aims")


class PlanActivity(TimeStampedModel):
    """An activity of a regional communication plan: what, when, its budget, the niches it serves, how
    it stands and what came of it."""

    plan = models.ForeignKey(
        CommunicationPlan, verbose_name=_("communication plan"), on_delete=models.CASCADE, related_name="activities"
    )
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    budget = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(Decimal(0))]
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    creneaux = models.ManyToManyField(Creneau, verbose_name=_("niches served"), blank=True, related_name="+")
    outcome = models.TextField(_("what came of it"), blank=True)
    # The niches served are part of the activity's history too (who changed them, when, why).
    history = HistoricalRecords(m2m_fields=[creneaux])

    class Meta:
        verbose_name = _("communication activity")
        verbose_name_plural = _("communication activities")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(budget__gte=0), name="communication_activity_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="communication_activity_ends_after_start",
                violation_error_message=_("An activity cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")


# --- Members-only information (section 1 of the seed: « Donner accès à de l'information privilégiée »;
# decision 52) -------------------------------------------------------------------------------------


class BriefingKind(models.TextChoices):
    """The seed's privileged information: business opportunities, studies and watch, best practices."""

    TENDER = "tender", _("Call for tenders")
    PARTNERSHIP = "partnership", _("Partnership request")
    BUYER_NEED = "buyer_need", _("Buyer's need")
    STUDY = "study", _("Strategic study")
    WATCH = "watch", _("Watch document")
    PRACTICE = "practice", _("Best practice")


#: The business opportunities: the kinds that may close on a date.
OPPORTUNITY_KINDS = frozenset({BriefingKind.TENDER, BriefingKind.PARTNERSHIP, BriefingKind.BUYER_NEED})


class BriefingStatus(models.TextChoices):
    # Une information (feminine): words of its own in French.
    DRAFT = "draft", pgettext_lazy("briefing", "Draft")
    PUBLISHED = "published", pgettext_lazy("briefing", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("briefing", "Withdrawn")


def briefing_file_path(instance: Briefing, filename: str) -> str:
    """Under an unguessable folder (decision 14): the file has no address but its view's, which
    checks that the reader is a member of a targeted créneau and records the download."""
    return unguessable_path("briefings", filename)


class BriefingQuerySet(SearchQuerySet):
    def published(self) -> BriefingQuerySet:
        return self.filter(status=BriefingStatus.PUBLISHED)

    def open_opportunities(self, today: object) -> BriefingQuerySet:
        """Business opportunities whose closing date, if any, has not passed."""
        return self.filter(kind__in=OPPORTUNITY_KINDS).filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))


class Briefing(SearchIndexedModel, TimeStampedModel):
    """A piece of members-only information: a business opportunity (call for tenders, partnership
    request, buyer's need), a strategic study, a watch document or a best practice, for the members
    of the créneaux it targets. A draft until published; withdrawn, members no longer see it."""

    kind = models.CharField(_("kind"), max_length=20, choices=BriefingKind.choices)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_fr = models.TextField(_("summary (French)"), max_length=2000)
    summary_en = models.TextField(_("summary (English)"), max_length=2000, blank=True)
    creneaux = models.ManyToManyField(Creneau, verbose_name=_("niches targeted"), related_name="briefings")
    closes_on = models.DateField(
        _("closing date"),
        null=True,
        blank=True,
        help_text=_("For a business opportunity: after this date it shows as closed."),
    )
    contact = models.CharField(
        _("contact"), max_length=200, blank=True, help_text=_("Whom members write to or call about it.")
    )
    file = models.FileField(_("document"), upload_to=briefing_file_path, max_length=300, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=BriefingStatus.choices, default=BriefingStatus.DRAFT)
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)
    # The targeted niches are part of its history too: who widened or narrowed its readers, when, why.
    history = HistoricalRecords(m2m_fields=[creneaux], excluded_fields=["created_at", "updated_at", "search_text"])
    # Found by its titles and summaries in either language, accents and case aside (the members' area).
    SEARCH_FIELDS = ("title_fr", "title_en", "summary_fr", "summary_en")

    objects = BriefingQuerySet.as_manager()

    class Meta:
        verbose_name = _("members-only information")
        verbose_name_plural = _("members-only information")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"], name="communication_briefing_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(kind__in=sorted(OPPORTUNITY_KINDS)),
                name="communication_briefing_closing_only_for_opportunities",
                violation_error_message=_("Only a business opportunity has a closing date."),
            ),
            models.CheckConstraint(
                condition=Q(status=BriefingStatus.DRAFT) | Q(published_at__isnull=False),
                name="communication_briefing_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Its page in the members' area (a 404 to whoever is not a member of a targeted créneau)."""
        return reverse("communication:briefing_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    def _lang(self, field: str) -> str:
        """ "fr" when an English reader is shown the French text (see Publication._lang)."""
        english = (translation.get_language() or "fr")[:2] == "en"
        return "fr" if english and not getattr(self, f"{field}_en") else ""

    @property
    def title_lang(self) -> str:
        return self._lang("title")

    @property
    def summary_lang(self) -> str:
        return self._lang("summary")

    @property
    def is_opportunity(self) -> bool:
        return self.kind in OPPORTUNITY_KINDS

    @property
    def file_name(self) -> str:
        """The document's own name, without the unguessable folder it is stored under."""
        return PurePosixPath(self.file.name or "").name

    def is_closed(self, today: datetime.date) -> bool:
        """An opportunity past its closing date shows as closed (members still read it)."""
        return self.closes_on is not None and self.closes_on < today


class BriefingDownload(models.Model):
    """One download of a briefing's document: who, when. A row per download (never a counter), so
    its editors see who read what, and the person's export lists theirs (Law 25)."""

    briefing = models.ForeignKey(
        Briefing, verbose_name=_("members-only information"), on_delete=models.CASCADE, related_name="downloads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="briefing_downloads"
    )
    at = models.DateTimeField(_("downloaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["briefing", "at"], name="communication_download_at"),
            models.Index(fields=["user", "at"], name="communication_download_user"),
        ]

    def __str__(self) -> str:
        return f"{self.briefing_id} {self.user_id} {self.at:%Y-%m-%d %H:%M}"
