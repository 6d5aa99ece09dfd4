"""Results: the indicators that measure a créneau's objectives, their yearly targets, and the
values the créneau reports for each year, which count only once approved.

An indicator is either common (no plan: the ministry defines it for every créneau, so that
créneaux can be compared) or a plan's own (defined with the plan). Targets are set in a plan,
per year of the plan. Values are per créneau and year; their life is workflow.py's table, and
every step is in IndicatorValueEvent (append-only). Comparisons to targets are measures.py's.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.i18n import localized, render_message, system_text_field
from accord.core.models import TimeStampedModel
from accord.planning.models import Plan
from accord.registry.models import Creneau

YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]


class Unit(models.TextChoices):
    COUNT = "count", pgettext_lazy("unit", "Number")
    DOLLARS = "dollars", _("Dollars")
    PERCENT = "percent", _("Percent")
    PEOPLE = "people", _("People")
    HOURS = "hours", _("Hours")
    RATIO = "ratio", _("Ratio")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Higher is better")
    DECREASE = "decrease", _("Lower is better")


#: The order indicators are listed in: the program's common ones first (no plan), on SQLite and
#: PostgreSQL alike (PostgreSQL puts NULLs last by default), then each plan's, by position.
INDICATOR_ORDER = (F("plan_id").asc(nulls_first=True), "position", "code", "pk")


class Indicator(TimeStampedModel):
    """What is measured: a common indicator of the program (no plan) or one of a plan's own.

    `cumulative`: the yearly values add up, and a year's target is the running total expected by
    the end of that year (jobs created, people trained); otherwise each year stands on its own
    (member enterprises, export sales). Retired (`active` off), never deleted once it has values.
    """

    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text=_("Empty for an indicator common to every niche."),
    )
    code = models.SlugField(_("code"), max_length=50)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.INCREASE)
    cumulative = models.BooleanField(
        _("cumulative"),
        default=False,
        help_text=_("The yearly values add up; each year's target is the running total expected by then."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, max_digits=16, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True, validators=YEAR)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(plan__isnull=True),
                name="%(app_label)s_%(class)s_common_code_unique",
                violation_error_message=_("A common indicator already has this code."),
            ),
            models.UniqueConstraint(
                fields=["plan", "code"],
                condition=Q(plan__isnull=False),
                name="%(app_label)s_%(class)s_plan_code_unique",
                violation_error_message=_("This plan already has an indicator with this code."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True) | Q(baseline__isnull=False),
                name="%(app_label)s_%(class)s_baseline_year_has_value",
                violation_error_message=_("Give the baseline value of the baseline year."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def is_common(self) -> bool:
        return self.plan_id is None


class TargetVerdict(models.TextChoices):
    """How a target of a common indicator stands against its figure (measures.compare), kept on the
    target by the services (standing.py); blank: not kept (a plan's own indicator)."""

    MET = "met", _("Target met")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    UNKNOWN = "unknown", _("No approved figure")


class IndicatorTarget(models.Model):
    """What a plan aims for an indicator in one of its years (a running total for a cumulative one).

    A common indicator's target keeps its verdict against the créneau's figure (`verdict`), stored
    again in the transaction of every change it depends on (standing.py), so that the program's
    dashboard counts thousands of them without comparing each (decision 45)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicator_targets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    verdict = models.CharField(
        _("verdict"), max_length=8, choices=TargetVerdict.choices, blank=True, default="", editable=False
    )

    # The verdict is computed from the values, not changed by anyone: the history keeps the target.
    history = HistoricalRecords(excluded_fields=["verdict"])

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator_id", "year"]
        indexes = [
            # The dashboards count the year's kept verdicts of the plans chosen (selectors._verdicts):
            # only the common indicators' targets keep one, and the index holds what the count reads.
            models.Index(
                fields=["year", "plan"],
                include=["indicator", "verdict"],
                condition=~Q(verdict=""),
                name="results_target_verdicts",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "plan", "year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("This indicator already has a target for this year in this plan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.value}"


class ValueStatus(models.TextChoices):
    # A value (une valeur: feminine) has words of its own in French.
    DRAFT = "draft", pgettext_lazy("indicator value", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("indicator value", "Submitted")
    APPROVED = "approved", pgettext_lazy("indicator value", "Approved")
    RETURNED = "returned", pgettext_lazy("indicator value", "Returned")


class IndicatorValue(TimeStampedModel):
    """A créneau's figure for an indicator and a year: reported, submitted, then approved (locked) or
    returned for changes. Only approved values count in comparisons to targets."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    creneau = models.ForeignKey(
        Creneau, verbose_name=_("niche"), on_delete=models.PROTECT, related_name="indicator_values"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT)
    return_reason = models.TextField(_("reason for the return"), blank=True)
    # Who sent the value for approval: they never approve it themselves (separation of duties).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["creneau_id", "indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "creneau", "year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("This niche already has a value of this indicator for this year."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ValueStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ValueStatus.RETURNED) | ~Q(return_reason=""),
                name="%(app_label)s_%(class)s_returned_has_reason",
            ),
        ]
        indexes = [
            # The approval queue: submitted values, the oldest first, then by id (values submitted together
            # share their moment: the first few are read from the index, not sorted from all of them).
            models.Index(fields=["status", "submitted_at", "id"], name="results_value_queue_order"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("results:value_detail", args=[self.pk])


class CommonTotal(models.Model):
    """The program's approved values of a common indicator in a year: their sum and how many there are
    (one a créneau). Approved values never change, so approve_value adds each one here in its own
    transaction; the program's dashboard reads these rows instead of summing millions of values
    (decision 38, amendment of stop 28). `services.count_common_totals` counts them again from the
    values, for data written without the services."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="program_totals"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    total = models.DecimalField(_("total"), max_digits=20, decimal_places=2, default=0)
    count = models.PositiveIntegerField(_("values"), default=0)

    class Meta:
        verbose_name = _("program total")
        verbose_name_plural = _("program totals")
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="results_commontotal_one_per_year")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.year}: {self.total} ({self.count})"


class ProgramYear(models.Model):
    """How many créneaux have an approved value of a common indicator in a year: kept with the program's
    totals (CommonTotal) by approve_value, when a créneau's first common value of the year is approved."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True, validators=YEAR)
    creneaux = models.PositiveIntegerField(_("niches reporting"), default=0)

    class Meta:
        verbose_name = _("program year")
        verbose_name_plural = _("program years")

    def __str__(self) -> str:
        return f"{self.year}: {self.creneaux}"


class EventKind(models.TextChoices):
    REPORTED = "reported", _("Reported")
    EDITED = "edited", _("Edited")
    SUBMITTED = "submitted", pgettext_lazy("indicator value", "Submitted")
    APPROVED = "approved", pgettext_lazy("indicator value", "Approved")
    RETURNED = "returned", pgettext_lazy("indicator value", "Returned")


#: The notes the services write (accord.core.i18n): stored by key, read in the reader's language.
MESSAGES = {
    "results.reported": _("Value reported: %(value)s."),
    "results.changed": _("Value changed from %(old)s to %(new)s."),
    "results.comment_changed": _("Comment changed."),
}


class IndicatorValueEvent(models.Model):
    """Append-only audit of a value: each report, edit, submission, approval and return, with who and when."""

    value = models.ForeignKey(IndicatorValue, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=EventKind.choices)
    from_status = models.CharField(_("from"), max_length=10, choices=ValueStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=ValueStatus.choices, blank=True)
    amount = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    # The user's words (a return's reason, a submission's note), as they wrote them.
    reason = models.TextField(_("reason"), blank=True)
    # What the system writes (a change of figure), by key (accord.core.i18n).
    note_message = system_text_field()

    class Meta:
        verbose_name = _("indicator value event")
        verbose_name_plural = _("indicator value events")
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["value", "occurred_at"], name="results_event_value")]

    def __str__(self) -> str:
        return f"{self.value_id} {self.kind}"

    @property
    def shown_note(self) -> str:
        """What the system wrote, in the reader's language."""
        return render_message(self.note_message)


class ReminderStep(models.TextChoices):
    DUE = "due", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class ValueReminder(models.Model):
    """That a créneau's reporters were emailed about a value of an indicator and a year not yet
    submitted, at one step (due soon, overdue): each value and step is reminded once (decision 39).

    Append-only, written by the daily task after the emails left; the value may not exist yet (nothing
    reported), so the row names the indicator, the créneau and the year rather than a value.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="reminders"
    )
    creneau = models.ForeignKey(Creneau, verbose_name=_("niche"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    step = models.CharField(_("step"), max_length=10, choices=ReminderStep.choices)
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    # Who was emailed: the créneau's reporters that day (personal data: registry.personal_data).
    sent_to = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("sent to"), related_name="+")

    class Meta:
        verbose_name = _("reminder of a value")
        verbose_name_plural = _("reminders of values")
        ordering = ["-sent_at", "pk"]
        constraints = [
            # Its order serves the task's look-up: the reminders of one year and step.
            models.UniqueConstraint(
                fields=["year", "step", "creneau", "indicator"],
                name="%(app_label)s_%(class)s_once_per_step",
                violation_error_message=_("This value was already reminded at this step."),
            ),
            models.CheckConstraint(
                condition=Q(step__in=ReminderStep.values),
                name="%(app_label)s_%(class)s_step_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.creneau_id} {self.indicator_id} {self.year} {self.step}"


# --- Bilans --------------------------------------------------------------------------------------


class BilanStatus(models.TextChoices):
    # A bilan (un bilan: masculine) has words of its own in French.
    DRAFT = "draft", pgettext_lazy("bilan", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("bilan", "Before the committee")
    ADOPTED = "adopted", pgettext_lazy("bilan", "Adopted")


#: The narrative sections the coordinator writes, each in French and (optionally) English.
NARRATIVE = ("highlights", "challenges", "outlook")


class Bilan(TimeStampedModel):
    """A créneau's annual report (bilan annuel) for one year: the figures are generated from the data
    (selectors.bilan_report) and the coordinator writes the narrative; the niche committee adopts it
    by resolution, which freezes the figures in `snapshot` (R-PLN-02, decision 37)."""

    creneau = models.ForeignKey(Creneau, verbose_name=_("niche"), on_delete=models.PROTECT, related_name="bilans")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    status = models.CharField(_("status"), max_length=10, choices=BilanStatus.choices, default=BilanStatus.DRAFT)
    highlights_fr = models.TextField(_("highlights and achievements (French)"), blank=True)
    highlights_en = models.TextField(_("highlights and achievements (English)"), blank=True)
    challenges_fr = models.TextField(_("challenges (French)"), blank=True)
    challenges_en = models.TextField(_("challenges (English)"), blank=True)
    outlook_fr = models.TextField(_("outlook (French)"), blank=True)
    outlook_en = models.TextField(_("outlook (English)"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The committee's answer: the resolution that adopted it (or last rejected it, with the reason).
    resolution = models.ForeignKey(
        "governance.Resolution",
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    return_reason = models.TextField(_("reason for the return"), blank=True)
    # The generated report as the committee adopted it (selectors.report_to_json): an adopted
    # bilan never changes when the data it was computed from changes later.
    snapshot = models.JSONField(_("figures as adopted"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "snapshot"])

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["creneau_id", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["creneau", "year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("This niche already has an annual report for this year."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=BilanStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=BilanStatus.ADOPTED)
                | Q(adopted_on__isnull=False, resolution__isnull=False, snapshot__isnull=False),
                name="%(app_label)s_%(class)s_adopted_is_frozen",
            ),
        ]

    def __str__(self) -> str:
        return _("Annual report %(year)s of %(niche)s") % {"year": self.year, "niche": self.creneau}

    def get_absolute_url(self) -> str:
        return reverse("results:bilan_detail", args=[self.creneau_id, self.year])

    @property
    def highlights(self) -> str:
        return localized(self, "highlights")

    @property
    def challenges(self) -> str:
        return localized(self, "challenges")

    @property
    def outlook(self) -> str:
        return localized(self, "outlook")


class BilanEventKind(models.TextChoices):
    WRITTEN = "written", _("Narrative written")
    SUBMITTED = "submitted", _("Submitted to the niche committee")
    ADOPTED = "adopted", _("Adopted by the niche committee")
    REJECTED = "rejected", _("Rejected by the niche committee")
    SENT_TO_REGION = "sent_to_region", _("Put on the regional committee's agenda")


class BilanEvent(models.Model):
    """Append-only audit of a bilan: each edit, submission and committee decision, with who and when."""

    bilan = models.ForeignKey(Bilan, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("what"), max_length=20, choices=BilanEventKind.choices)
    from_status = models.CharField(_("from"), max_length=10, choices=BilanStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=BilanStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    resolution = models.ForeignKey(
        "governance.Resolution",
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    committee = models.ForeignKey(
        "governance.Committee",
        verbose_name=_("committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("annual report event")
        verbose_name_plural = _("annual report events")
        ordering = ["occurred_at", "pk"]
        indexes = [models.Index(fields=["bilan", "occurred_at"], name="results_bilan_event")]

    def __str__(self) -> str:
        return f"{self.bilan_id} {self.kind}"
