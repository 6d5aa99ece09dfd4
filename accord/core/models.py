"""Abstract building blocks shared by every context. No domain rules here."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import text


class TimeStampedModel(models.Model):
    """Adds creation and last-modification timestamps."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class SearchQuerySet(models.QuerySet):
    """Accent- and case-insensitive search over the row's `search_text` column."""

    def search(self, query: str | None) -> Self:
        """Rows whose search text contains every word of the query, in any order."""
        qs = self
        for term in text.search_terms(query or ""):
            qs = qs.filter(search_text__contains=term)
        return qs


class SearchIndexedModel(models.Model):
    """Keeps a normalised copy of the row's searchable text in `search_text`.

    Subclasses list their source fields in SEARCH_FIELDS. The column is derived, like a
    search index, so it is refreshed on every save rather than by services.
    """

    SEARCH_FIELDS: ClassVar[tuple[str, ...]] = ()

    search_text = models.TextField(editable=False, default="", blank=True)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def build_search_text(self) -> str:
        """The normalised text this row is found by."""
        return text.build_search_text(getattr(self, name) for name in self.SEARCH_FIELDS)


class PublicVersion(models.Model):
    """One number that changes with anything the public site shows (see accord.core.public).

    A single row. Services bump it inside the transaction of their change, so a visitor
    never gets a page cached under a version whose data has since changed.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("public version")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="%(app_label)s_%(class)s_single_row")]

    def __str__(self) -> str:
        return str(self.value)


class AccessAction(models.TextChoices):
    """How someone reached personal information (Law 25: a record of who consulted what)."""

    VIEW = "view", _("Viewed a person's page")
    EXPORT = "export", _("Exported a person's information")
    LIST_EXPORT = "list_export", _("Exported a list of people")
    API = "api", _("Read people through the API")


class PersonalDataAccess(models.Model):
    """Append-only: who read or exported personal information, when, what and how many rows.

    Written by one INSERT from the page, export or API endpoint that shows people; never
    updated. Its entries are deleted by the retention rule `access_log` (decision 18).
    """

    at = models.DateTimeField(_("when"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=AccessAction.choices)
    # What was read, as the address asked for it (the list's filters included).
    what = models.CharField(_("what"), max_length=500)
    # The person concerned when there is one ("registry.person" and its id): core knows no models above it.
    subject_type = models.CharField(_("kind of record"), max_length=60, blank=True)
    subject_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=1)

    class Meta:
        verbose_name = _("access to personal information")
        verbose_name_plural = _("accesses to personal information")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"], name="core_access_at"),
            models.Index(fields=["subject_type", "subject_id", "-at"], name="core_access_subject"),
            models.Index(fields=["user", "-at"], name="core_access_user"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=AccessAction.values), name="%(app_label)s_%(class)s_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.what}"


class IdempotencyKey(models.Model):
    """One submission of a form or an API call that creates something, and what it created.

    The row is written in the transaction of the creation: the same key from the same user
    in the same scope (the kind of thing created) gives back the first result, never a
    second row (`accord.core.services.once`). `fingerprint` is a digest of what the API
    call sent, so a key reused for another body is refused rather than silently answered.
    """

    key = models.CharField(_("key"), max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(_("scope"), max_length=100)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    content_type = models.ForeignKey(ContentType, null=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "key"], name="%(app_label)s_%(class)s_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"

    @property
    def target(self) -> models.Model | None:
        """What the first submission created."""
        content_type = self.content_type
        if content_type is None or self.object_id is None:
            return None
        model = content_type.model_class()
        return model._default_manager.filter(pk=self.object_id).first() if model else None


class EmailDelivery(models.Model):
    """One email of a batch (a meeting's notice, a circulation of minutes) taken by the mail server.

    A batch is one sending (the Celery task's id, kept across its retries): when the server
    fails midway, the retry skips those already delivered instead of sending them twice
    (`accord.core.mail.send_once`). Deleted after their period (retention rule `email_deliveries`).
    """

    batch = models.CharField(_("batch"), max_length=150)
    recipient = models.CharField(_("recipient"), max_length=254)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("email delivered")
        verbose_name_plural = _("emails delivered")
        indexes = [models.Index(fields=["sent_at"], name="core_delivery_sent")]
        constraints = [
            models.UniqueConstraint(fields=["batch", "recipient"], name="%(app_label)s_%(class)s_once_per_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.batch} → {self.recipient}"
