"""Planning: a créneau's plan for a span of years, its axes, objectives and actions.

A plan holds the créneau's strategy and its action plan. Actions carry the progress: a
status gives a default figure (progress.DEFAULT_PROGRESS) that a progress entered by hand
overrides; objectives, axes and the plan read theirs from their actions, weighted, when
shown (progress.py, selectors.plan_figures). Only the plan's own progress is also kept on the
plan, by the services, for the program's dashboard (standing.py, amendment to decision 45).
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
    """A créneau's strategic and action plan for the years first_year to last_year (inclusive).

    It keeps its weighted progress (`kept_progress`), stored again in the transaction of every change
    of its actions (standing.py), so that the program's dashboard reads thousands of them without
    rolling up their actions (amendment to decision 45)."""

    creneau = models.ForeignKey(Creneau, verbose_name=_("niche"), on_delete=models.PROTECT, related_name="plans")
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR)
    last_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR)
    strategy_fr = models.TextField(_("strategy (French)"), blank=True)
    strategy_en = models.TextField(_("strategy (English)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    # The niche committee's resolution that adopted it: decided in Accord (the plan is a subject
    # the committee decides on, governance.subjects, decision 36) or recorded by the ministry.
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # On the niche committee's agenda since then (its next meeting's, or waiting for one); cleared
    # by the committee's decision.
    submitted_at = models.DateTimeField(_("submitted to the committee at"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        Resolution,
        verbose_name=_("last rejected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # progress.mean of its actions that count, as selectors.plan_progress gives it; None while none counts.
    kept_progress = models.DecimalField(
        _("progress (kept)"), max_digits=4, decimal_places=1, null=True, blank=True, editable=False
    )

    # The kept progress is computed from the actions, not changed by anyone: their history keeps them.
    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "kept_progress"])

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


class ProgrammeStatus(models.TextChoices):
    # Une programmation (feminine): words of its own in French.
    DRAFT = "draft", pgettext_lazy("programme", "Draft")
    ADOPTED = "adopted", pgettext_lazy("programme", "Adopted")


class Programme(TimeStampedModel):
    """A year's programming of a plan: the actions the niche committee makes that year's
    priorities, each with the year's target. One per plan and year; frozen once adopted."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="programmes")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted to the committee at"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        Resolution,
        verbose_name=_("last rejected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("annual programme")
        verbose_name_plural = _("annual programmes")
        ordering = ["plan_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("The plan already has a programme for this year."),
            ),
            models.CheckConstraint(
                condition=~Q(status=ProgrammeStatus.ADOPTED) | Q(adopted_on__isnull=False),
                name="%(app_label)s_%(class)s_adopted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return _("Programme %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("planning:programme_detail", args=[self.pk])


class Priority(models.Model):
    """An action of the plan made a priority of the year, with the year's target (words and/or a figure)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="priorities"
    )
    # PROTECT: an action named by a programme is removed only after its priority (services say so).
    action = models.ForeignKey(Action, verbose_name=_("action"), on_delete=models.PROTECT, related_name="priorities")
    target_fr = models.TextField(_("target of the year (French)"), blank=True)
    target_en = models.TextField(_("target of the year (English)"), blank=True)
    target_figure = models.DecimalField(
        _("target figure"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A number to reach this year, if the target has one (participants, enterprises, dollars…)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "action"],
                name="%(app_label)s_%(class)s_once_per_programme",
                violation_error_message=_("This action is already a priority of the programme."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.action_id}"

    @property
    def target(self) -> str:
        return localized(self, "target")
