"""Collaboration between créneaux (decision 57): the links a créneau's people declare with another
créneau (supplier and customer, shared technology, shared market), and the experience notes their
coordinators write for the other créneaux' committees.

The other reasons two créneaux are linked (shared members, joint projects, interregional committees,
shared plan themes, a merger, similar projects) are read from the other apps' data by the selectors:
they are facts of those apps, never copied here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.i18n import localized
from accord.core.models import SearchIndexedModel, SearchQuerySet, TimeStampedModel
from accord.funding.models import Project
from accord.planning.models import Action
from accord.registry.models import Creneau


class DeclaredKind(models.TextChoices):
    """What a declared link says: the créneaux' people know it, no table holds it."""

    SUPPLIER_CUSTOMER = "supplier_customer", _("Supplier and customer")
    SHARED_TECHNOLOGY = "shared_technology", _("Shared technology")
    SHARED_MARKET = "shared_market", _("Shared market")
    OTHER = "other", _("Other complementarity")


class LinkKind(models.TextChoices):
    """Every reason two créneaux are linked: the declared kinds, then those read from the data."""

    SUPPLIER_CUSTOMER = DeclaredKind.SUPPLIER_CUSTOMER.value, DeclaredKind.SUPPLIER_CUSTOMER.label
    SHARED_TECHNOLOGY = DeclaredKind.SHARED_TECHNOLOGY.value, DeclaredKind.SHARED_TECHNOLOGY.label
    SHARED_MARKET = DeclaredKind.SHARED_MARKET.value, DeclaredKind.SHARED_MARKET.label
    OTHER = DeclaredKind.OTHER.value, DeclaredKind.OTHER.label
    SHARED_MEMBERS = "shared_members", _("Shared member organisations")
    JOINT_PROJECTS = "joint_projects", _("Joint projects")
    COMMITTEE = "committee", _("Interregional committee")
    SHARED_THEMES = "shared_themes", _("Shared themes of their plans")
    MERGER = "merger", _("Merger (predecessor)")
    SIMILAR_PROJECTS = "similar_projects", _("Similar projects")


class CreneauLinkQuerySet(models.QuerySet["CreneauLink"]):
    def current(self) -> CreneauLinkQuerySet:
        """Links not ended: the ones the pages and the map count."""
        return self.filter(ended_at__isnull=True)


class CreneauLink(TimeStampedModel):
    """A complementarity between two créneaux declared by their people: its kind and its reason.

    A supplier-customer link reads from the supplier (`source`) to the customer (`target`); the
    other kinds have no direction. Ending a link keeps the row with who ended it, when and why:
    nothing declared is lost (`ended_at`)."""

    source = models.ForeignKey(
        Creneau, verbose_name=_("niche"), on_delete=models.CASCADE, related_name="declared_links_from"
    )
    target = models.ForeignKey(
        Creneau, verbose_name=_("linked niche"), on_delete=models.CASCADE, related_name="declared_links_to"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeclaredKind.choices)
    description_fr = models.TextField(_("reason (French)"), max_length=2000)
    description_en = models.TextField(_("reason (English)"), max_length=2000, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("declared at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    end_reason = models.TextField(_("why it ended"), max_length=2000, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = CreneauLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("declared link")
        verbose_name_plural = _("declared links")
        ordering = ["-declared_at", "-pk"]
        indexes = [
            models.Index(fields=["source", "target"], name="collab_link_source"),
            models.Index(fields=["target", "source"], name="collab_link_target"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="collaboration_link_two_niches",
                violation_error_message=_("A niche is not linked to itself: choose another niche."),
            ),
            models.CheckConstraint(condition=Q(kind__in=DeclaredKind.values), name="collaboration_link_kind_valid"),
            # One current link of a kind from one créneau to another; an ended one may be declared again.
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                condition=Q(ended_at__isnull=True),
                name="collaboration_link_one_current",
                violation_error_message=_("This link is already declared."),
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | ~Q(end_reason=""),
                name="collaboration_link_end_has_reason",
                violation_error_message=_("Say why the link ends."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} – {self.target} ({self.get_kind_display()})"

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def description_lang(self) -> str:
        """ "fr" when an English reader is shown the French text."""
        english = (translation.get_language() or "fr")[:2] == "en"
        return "fr" if english and not self.description_en else ""


class NoteStatus(models.TextChoices):
    # Une note (feminine): words of its own in French.
    DRAFT = "draft", pgettext_lazy("note", "Draft")
    PUBLISHED = "published", pgettext_lazy("note", "Published")
    WITHDRAWN = "withdrawn", pgettext_lazy("note", "Withdrawn")


class ExperienceNoteQuerySet(SearchQuerySet):
    def published(self) -> ExperienceNoteQuerySet:
        return self.filter(status=NoteStatus.PUBLISHED)


class ExperienceNote(SearchIndexedModel, TimeStampedModel):
    """A short note a créneau's coordinator writes for the other créneaux' committees: what worked,
    what did not, the results, and the projects and plan actions it concerns. A draft until
    published; withdrawn, readers no longer see it, and its history keeps every version."""

    creneau = models.ForeignKey(
        Creneau, verbose_name=_("niche"), on_delete=models.PROTECT, related_name="experience_notes"
    )
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    worked_fr = models.TextField(_("what worked (French)"), max_length=5000)
    worked_en = models.TextField(_("what worked (English)"), max_length=5000, blank=True)
    did_not_work_fr = models.TextField(_("what did not work (French)"), max_length=5000, blank=True)
    did_not_work_en = models.TextField(_("what did not work (English)"), max_length=5000, blank=True)
    results_fr = models.TextField(_("results (French)"), max_length=5000, blank=True)
    results_en = models.TextField(_("results (English)"), max_length=5000, blank=True)
    projects = models.ManyToManyField(Project, verbose_name=_("projects"), blank=True, related_name="experience_notes")
    actions = models.ManyToManyField(
        Action, verbose_name=_("plan actions"), blank=True, related_name="experience_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    published_at = models.DateTimeField(_("publication date"), null=True, blank=True)

    # The projects and actions named are part of its history too.
    history = HistoricalRecords(
        m2m_fields=[projects, actions], excluded_fields=["created_at", "updated_at", "search_text"]
    )
    SEARCH_FIELDS = (
        "title_fr",
        "title_en",
        "worked_fr",
        "worked_en",
        "did_not_work_fr",
        "did_not_work_en",
        "results_fr",
        "results_en",
    )

    objects = ExperienceNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("experience note")
        verbose_name_plural = _("experience notes")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "published_at"], name="collab_note_status"),
            models.Index(fields=["creneau", "status"], name="collab_note_creneau"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=NoteStatus.DRAFT) | Q(published_at__isnull=False),
                name="collaboration_note_published_has_date",
            ),
            models.CheckConstraint(condition=Q(status__in=NoteStatus.values), name="collaboration_note_status_valid"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("collaboration:note_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def worked(self) -> str:
        return localized(self, "worked")

    @property
    def did_not_work(self) -> str:
        return localized(self, "did_not_work")

    @property
    def results(self) -> str:
        return localized(self, "results")

    def lang(self, field: str) -> str:
        """ "fr" when an English reader is shown the French text of this field."""
        english = (translation.get_language() or "fr")[:2] == "en"
        return "fr" if english and not getattr(self, f"{field}_en") else ""

    @property
    def title_lang(self) -> str:
        return self.lang("title")

    @property
    def worked_lang(self) -> str:
        return self.lang("worked")

    @property
    def did_not_work_lang(self) -> str:
        return self.lang("did_not_work")

    @property
    def results_lang(self) -> str:
        return self.lang("results")
