"""Events: what a créneau organises to rally its members and make the program known (maillage,
information sessions, breakfasts, company visits, missions, forums, trade shows, training).

An event belongs to one créneau and may serve one action of that créneau's plans. It is planned,
then held (with how many people attended) or cancelled (workflow.py). Registration and its lists
of participants come later (issue 14, decision 44): nothing here names a person.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.i18n import localized
from accord.core.models import TimeStampedModel
from accord.planning.models import Action
from accord.registry.models import Creneau


class EventKind(models.TextChoices):
    """The kinds of events the seed names (section 1, la mobilisation), and any other."""

    MATCHMAKING = "matchmaking", _("Matchmaking")
    INFORMATION = "information", _("Information session")
    BREAKFAST = "breakfast", _("Breakfast meeting")
    COMPANY_VISIT = "company_visit", _("Company visit")
    MISSION = "mission", _("Mission")
    FORUM = "forum", _("Forum")
    TRADE_SHOW = "trade_show", _("Trade show")
    TRAINING = "training", _("Training")
    OTHER = "other", pgettext_lazy("event kind", "Other")


class EventAudience(models.TextChoices):
    PUBLIC = "public", _("Open to the public")
    MEMBERS = "members", _("Members only")


class EventStatus(models.TextChoices):
    # Un événement (masculine): words of its own in French.
    PLANNED = "planned", pgettext_lazy("event", "Planned")
    HELD = "held", pgettext_lazy("event", "Held")
    CANCELLED = "cancelled", pgettext_lazy("event", "Cancelled")


class Event(TimeStampedModel):
    """An event of a créneau: what, when, where, for whom, the plan action it serves, and once held,
    how many people attended."""

    creneau = models.ForeignKey(Creneau, verbose_name=_("niche"), on_delete=models.PROTECT, related_name="events")
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    summary = models.TextField(_("summary"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Leave empty for a one-day event."))
    place = models.CharField(_("place"), max_length=200, blank=True)
    # PROTECT, as the fund's projects (decision 35): planning refuses, with a message, to remove an
    # action that events serve (planning.links, filled by EventsConfig.ready()), so an event never
    # loses its action without its history saying who unlinked it. SET_NULL would unlink it silently.
    action = models.ForeignKey(
        Action,
        verbose_name=_("plan action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    audience = models.CharField(
        _("audience"), max_length=10, choices=EventAudience.choices, default=EventAudience.MEMBERS
    )
    status = models.CharField(_("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED)
    attendance = models.PositiveIntegerField(
        pgettext_lazy("event", "attendance"),
        null=True,
        blank=True,
        help_text=_("How many people attended, entered once it is held."),
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["creneau", "starts_on"], name="events_event_creneau_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(attendance__isnull=True) | Q(status=EventStatus.HELD),
                name="%(app_label)s_%(class)s_attendance_once_held",
                violation_error_message=_("Attendance is entered only once the event is held."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Its line in its créneau's list of the year."""
        url = reverse("events:creneau_events", args=[self.creneau_id])
        return f"{url}?year={self.starts_on.year}#event-{self.pk}"

    @property
    def title(self) -> str:
        """The English title when English is active and given, else the French one."""
        return localized(self, "title")
