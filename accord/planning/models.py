"""Planning: a créneau's plan for a span of years, its axes, objectives and actions.

A plan holds the créneau's strategy and its action plan. Actions carry the progress: a
status gives a default figure (progress.DEFAULT_PROGRESS) that a progress entered by hand
overrides; objectives, axes and the plan read theirs from their actions, weighted, when
shown (progress.py, selectors.plan_figures): nothing rolled up is stored.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.i18n import localized
from accord.core.models import TimeStampedModel
from accord.governance.models import Resolution
from accord.registry.models import Creneau, Organisation, Person

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class PlanStatus(models.TextChoices):
    # A plan (un plan: masculine), not a resolution or a project: words of its own in French.
    DRAFT = "draft", pgettext_lazy("plan", "Draft")
    ADOPTED = "adopted", pgettext_lazy("plan", "Adopted")


class Plan(TimeStampedModel):
    """A créneau's strategic and action plan for the years first_year to last_year (inclusive)."""

    creneau = models.ForeignKey(Creneau, verbose_name=_("niche"), on_delete=models.PROTECT, related_name="plans")
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR)
    last_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR)
    strategy_fr = models.TextField(_("strategy (French)"), blank=True)
    strategy_en = models.TextField(_("strategy (English)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    # The committee's decision, when it is recorded: the contract by which a committee decides
    # on a plan (as on a project, governance.subjects) is for later (decision 33).
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["creneau_id", "-first_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=F("first_year")),
                name="%(app_label)s_%(class)s_years_in_order",
                violation_error_message=_("The last year cannot come before the first."),
            ),
            models.UniqueConstraint(
                fields=["creneau", "first_year", "last_year"],
                name="%(app_label)s_%(class)s_one_per_span",
                violation_error_message=_("This niche already has a plan for these years."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.ADOPTED) | Q(adopted_on__isnull=False),
                name="%(app_label)s_%(class)s_adopted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return _("Plan %(first)s–%(last)s") % {"first": self.first_year, "last": self.last_year}

    def get_absolute_url(self) -> str:
        return reverse("planning:plan_detail", args=[self.pk])

    @property
    def strategy(self) -> str:
        return localized(self, "strategy")

    @property
    def years(self) -> str:
        return f"{self.first_year}–{self.last_year}"


class AxisKind(models.TextChoices):
    MOBILISATION = "mobilisation", _("Mobilisation")
    WORKFORCE = "workforce", _("Workforce")
    INNOVATION = "innovation", _("Innovation")
    INTERNATIONAL = "international", _("International development")
    MARKETING = "marketing", _("Marketing")
    COMMUNICATION = "communication", _("Communication")
    OTHER = "other", _("Other")


class Axis(models.Model):
    """An axis of a plan: one of the program's kinds, or the créneau's own (kind "other", named)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="axes")
    kind = models.CharField(_("kind"), max_length=20, choices=AxisKind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=AxisKind.OTHER) | ~Q(name_fr=""),
                name="%(app_label)s_%(class)s_other_is_named",
                violation_error_message=_("Name the niche's own axis."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The créneau's own name when it gave one, else the kind's."""
        return localized(self, "name") or str(self.get_kind_display())


class Objective(models.Model):
    """An objective under an axis."""

    axis = models.ForeignKey(Axis, verbose_name=_("axis"), on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField(_("objective"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DELAYED = "delayed", _("Delayed")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Action(TimeStampedModel):
    """An action serving an objective: who carries it, with whom, for how much, when, how far along."""

    objective = models.ForeignKey(
        Objective, verbose_name=_("objective"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("title"), max_length=300)
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner (organisation)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_person = models.ForeignKey(
        Person, verbose_name=_("owner (person)"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partners: models.ManyToManyField[Organisation, ActionPartner] = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), through="ActionPartner", blank=True, related_name="+"
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leave empty to use the status's default progress."),
    )
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("An action cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="%(app_label)s_%(class)s_weight_positive",
                violation_error_message=_("The weight must be above zero."),
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_at_most_100",
                violation_error_message=_("Progress cannot exceed 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActionPartner(models.Model):
    """An organisation taking part in an action (a row per link: its history records who added it)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="partner_links")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action partner")
        verbose_name_plural = _("action partners")
        constraints = [
            models.UniqueConstraint(fields=["action", "organisation"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.action_id}: {self.organisation_id}"
