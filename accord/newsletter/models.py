"""The newsletter (bulletin): its subscribers, their consent, the issues sent and each delivery.

A subscriber gives an address, a language and interests (créneaux, regions, themes); the
subscription counts only once confirmed from the address (double opt-in), and the consent is kept
with its date, its source and the wording consented to (CASL, Law 25). An issue is composed from
published news and stories for an audience; sending it freezes the audience as one delivery per
confirmed subscriber matched, which a task sends in batches (decision 49).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.communication.models import Publication, Theme
from accord.core.i18n import localized
from accord.core.models import TimeStampedModel
from accord.registry.models import Creneau, Region


class Language(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscriber(TimeStampedModel):
    """An address that asked for the newsletter: pending until confirmed from the address itself,
    then confirmed until it unsubscribes. Its consent's date, source and wording are its proof."""

    # Stored as typed but unique whatever the case (constraint below); the services compare lowercased.
    email = models.EmailField(_("email address"), max_length=254)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.FR)
    creneaux = models.ManyToManyField(Creneau, verbose_name=_("niches"), blank=True, related_name="+")
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True, related_name="+")
    status = models.CharField(
        _("status"), max_length=15, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING
    )
    # When the (latest) subscription was asked for; its confirmation link expires a while after.
    requested_at = models.DateTimeField(_("requested"))
    # The hash of the confirmation link's token (the link itself is only in the email).
    confirm_token_hash = models.CharField(max_length=64, blank=True)
    confirm_expires_at = models.DateTimeField(null=True, blank=True)
    # The consent: when it was given (confirmed), where the subscription came from, the wording shown.
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_source = models.CharField(_("consent source"), max_length=200, blank=True)
    consent_wording = models.CharField(_("consent wording version"), max_length=20, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    # In every email's unsubscribe link: 32 random bytes, never derived from the address.
    unsubscribe_token = models.CharField(max_length=64, unique=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        indexes = [models.Index(fields=["status", "language"], name="newsletter_subscriber_status")]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="%(app_label)s_%(class)s_email_unique",
                violation_error_message=_("This address is already on the list."),
            ),
            models.CheckConstraint(
                condition=~Q(status=SubscriberStatus.CONFIRMED) | Q(consent_at__isnull=False),
                name="%(app_label)s_%(class)s_confirmed_has_consent",
                violation_error_message=_("A confirmed subscription keeps the date of its consent."),
            ),
            models.CheckConstraint(
                condition=~Q(status=SubscriberStatus.UNSUBSCRIBED) | Q(unsubscribed_at__isnull=False),
                name="%(app_label)s_%(class)s_unsubscribed_has_date",
                violation_error_message=_("An unsubscription keeps its date."),
            ),
        ]

    def __str__(self) -> str:
        return self.email


class SubscriberTheme(models.Model):
    """A theme of success stories the subscriber wants (one row each, so the audience is a join)."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "theme"], name="%(app_label)s_%(class)s_once"),
        ]

    def __str__(self) -> str:
        return self.theme


class SubscriberEventKind(models.TextChoices):
    REQUESTED = "requested", _("Subscription requested")
    CONFIRMED = "confirmed", _("Subscription confirmed")
    INTERESTS = "interests", _("Interests changed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
    ANONYMISED = "anonymised", _("Anonymised")


class SubscriberEvent(models.Model):
    """Who or what changed a subscription, when, and where from: the proof of consent and of its
    withdrawal. A subscriber's own steps have no account: `source` says where they came from."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=15, choices=SubscriberEventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=200, blank=True)
    wording = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


class IssueStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("newsletter issue", "Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", pgettext_lazy("newsletter issue", "Sent")


class Issue(TimeStampedModel):
    """One bulletin: a title and an introduction in French and English, the published news and stories
    it gathers (in order), and its audience (niches, regions, themes, language; empty is everyone).
    A draft until sent; sending, then sent, it is in the public archive."""

    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_fr = models.TextField(_("introduction (French)"), max_length=3000, blank=True)
    intro_en = models.TextField(_("introduction (English)"), max_length=3000, blank=True)
    creneaux = models.ManyToManyField(Creneau, verbose_name=_("niches"), blank=True, related_name="+")
    regions = models.ManyToManyField(Region, verbose_name=_("regions"), blank=True, related_name="+")
    themes = models.JSONField(_("themes"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=IssueStatus.choices, default=IssueStatus.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["status", "sent_at"], name="newsletter_issue_status_sent")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=IssueStatus.SENT) | Q(sent_at__isnull=False),
                name="%(app_label)s_%(class)s_sent_has_date",
                violation_error_message=_("A sent issue keeps its date."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Its page in the public archive (a 404 until it is sent)."""
        return reverse("newsletter:archive_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def intro(self) -> str:
        return localized(self, "intro")


class IssueItem(models.Model):
    """A publication an issue gathers, at its place in the issue."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["issue", "position"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "publication"], name="%(app_label)s_%(class)s_once"),
            models.UniqueConstraint(fields=["issue", "position"], name="%(app_label)s_%(class)s_position"),
        ]

    def __str__(self) -> str:
        return f"{self.issue_id}:{self.position}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", pgettext_lazy("delivery", "Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One issue to one subscriber: written when the issue is sent (the audience frozen), then marked
    sent or failed by the task. A delivery marked sent is never sent again."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["issue", "pk"]
        indexes = [models.Index(fields=["issue", "status"], name="newsletter_delivery_status")]
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="%(app_label)s_%(class)s_once"),
            models.CheckConstraint(
                condition=~Q(status=DeliveryStatus.SENT) | Q(sent_at__isnull=False),
                name="%(app_label)s_%(class)s_sent_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} → {self.subscriber_id}"
