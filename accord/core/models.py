"""Abstract building blocks shared by every context. No domain rules here."""

from __future__ import annotations

from typing import Any, ClassVar, Self

from django.db import models
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
