"""Events: what a créneau organises to rally its members and make the program known (maillage,
information sessions, breakfasts, company visits, missions, forums, trade shows, training).

An event belongs to one créneau and may serve one action of that créneau's plans. It is planned,
then held (with how many people attended) or cancelled (workflow.py). People register to it
(`Registration`, decision 48): confirmed while seats remain, else on its waiting list.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import translation
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
    summary_en = models.TextField(_("summary (English)"), blank=True)
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

    # Registration (decision 48): open or not, until when, and how many seats (empty: no limit).
    registration_open = models.BooleanField(
        _("registration open"), default=False, help_text=_("People may register on the public site.")
    )
    registration_closes_on = models.DateField(
        _("registration closes on"),
        null=True,
        blank=True,
        help_text=_("The last day to register; empty: until the day before the event."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("How many people may attend; empty for no limit. Beyond it, people go on a waiting list."),
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
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="%(app_label)s_%(class)s_capacity_positive",
                violation_error_message=_("The number of seats is at least 1 (leave it empty for no limit)."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_public_url(self) -> str:
        """Its page on the public site (a members-only event's is shown to its créneau's members only)."""
        return reverse("events_public:event_detail", args=[self.pk])

    @property
    def shown_summary(self) -> str:
        """The English summary when English is active and given, else the French one."""
        if (translation.get_language() or "fr")[:2] == "en" and self.summary_en:
            return self.summary_en
        return self.summary

    @property
    def summary_lang(self) -> str:
        """ "fr" when an English page shows the French summary (for the lang attribute), else ""."""
        english = (translation.get_language() or "fr")[:2] == "en"
        return "fr" if english and not self.summary_en and self.summary else ""

    @property
    def title_lang(self) -> str:
        """ "fr" when an English page shows the French title, else ""."""
        return "fr" if (translation.get_language() or "fr")[:2] == "en" and not self.title_en else ""

    def get_absolute_url(self) -> str:
        """Its line in its créneau's list of the year."""
        url = reverse("events:creneau_events", args=[self.creneau_id])
        return f"{url}?year={self.starts_on.year}#event-{self.pk}"

    @property
    def title(self) -> str:
        """The English title when English is active and given, else the French one."""
        return localized(self, "title")


class RegistrationStatus(models.TextChoices):
    # Une inscription (feminine): words of its own in French.
    CONFIRMED = "confirmed", pgettext_lazy("registration", "Confirmed")
    WAITLISTED = "waitlisted", pgettext_lazy("registration", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")


#: Registrations that hold a seat or a place in line.
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


def new_token() -> str:
    """An unguessable key for the registrant's own page (cancel without an account)."""
    return secrets.token_urlsafe(24)


class Registration(TimeStampedModel):
    """Someone registered to an event: confirmed (a seat), on the waiting list (in order of
    registration) or cancelled; once the event is held, whether they came.

    Personal information (Law 25): name, email, organisation, kept with the consent's date and
    source, exported with the person's data and anonymised after the retention period."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=[("fr", "Français"), ("en", "English")], default="fr"
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    attended = models.BooleanField(pgettext_lazy("registration", "attended"), null=True, blank=True)
    token = models.CharField(_("key"), max_length=64, unique=True, default=new_token, editable=False)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_source = models.CharField(_("consent given through"), max_length=50)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "token"])

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="events_registration_list")]
        constraints = [
            # One seat or place in line per address and event, whatever its case; an anonymised row
            # (no address) and a cancelled one hold none.
            models.UniqueConstraint(
                F("event"),
                Lower("email"),
                condition=Q(status__in=ACTIVE) & ~Q(email=""),
                name="%(app_label)s_%(class)s_one_active_per_email",
                violation_error_message=_("This email address is already registered to this event."),
            ),
            models.CheckConstraint(
                condition=Q(attended__isnull=True) | Q(status=RegistrationStatus.CONFIRMED),
                name="%(app_label)s_%(class)s_attended_only_confirmed",
                violation_error_message=_("Attendance is recorded only for a confirmed registration."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event_id}"

    def get_absolute_url(self) -> str:
        """The registrant's own page (the token is the key)."""
        return reverse("events_public:registration", args=[self.token])


# --- Large gatherings: parallel workshops and their synthesis (decision 53) --------------------


class Theme(TimeStampedModel):
    """A theme of a gathering: the same in every workshop (the seed: « Les mêmes thèmes ont été abordés
    dans chacun des groupes »), in order. Its `synthesis_text` is what the editor draws from the notes of
    every workshop on it."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    synthesis_text = models.TextField(_("synthesis of the theme"), blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "title_fr"],
                name="%(app_label)s_%(class)s_one_title_per_event",
                violation_error_message=_("This event already has a theme of this title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The English title when English is active and given, else the French one."""
        return localized(self, "title")

    @property
    def title_lang(self) -> str:
        """ "fr" when an English page shows the French title, else ""."""
        return "fr" if (translation.get_language() or "fr")[:2] == "en" and not self.title_en else ""


class Workshop(TimeStampedModel):
    """One of a gathering's parallel workshops: where, when, and its three roles (the seed: chaired by a
    regional committee's president, led by a ministry representative, a secretary taking the notes)."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="workshops")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("room"), max_length=200, blank=True)
    starts_at = models.TimeField(_("start time"), null=True, blank=True)
    # PROTECT, as mandates: a person named in a workshop stays (anonymised if need be), never deleted under it.
    chair = models.ForeignKey(
        "registry.Person",
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workshops_chaired",
    )
    facilitator = models.ForeignKey(
        "registry.Person",
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workshops_facilitated",
    )
    note_taker = models.ForeignKey(
        "registry.Person",
        verbose_name=_("note-taker"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="workshops_noted",
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["event", "position", "pk"]
        indexes = [models.Index(fields=["note_taker"], name="events_workshop_note_taker")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "title"],
                name="%(app_label)s_%(class)s_one_title_per_event",
                violation_error_message=_("This event already has a workshop of this title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Its notes page (the note-taker's work)."""
        return reverse("events:workshop_notes", args=[self.pk])


class WorkshopNote(TimeStampedModel):
    """What a workshop's note-taker wrote on one theme (plain text, paragraphs kept)."""

    workshop = models.ForeignKey(Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="notes")
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("workshop notes")
        verbose_name_plural = _("workshop notes")
        ordering = ["workshop", "theme", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "theme"],
                name="%(app_label)s_%(class)s_one_per_theme",
                violation_error_message=_("This workshop already has notes on this theme."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id} – {self.theme_id}"


class SynthesisStatus(models.TextChoices):
    # Une synthèse (feminine): words of its own in French.
    DRAFT = "draft", pgettext_lazy("synthesis", "Draft")
    REVIEW = "review", pgettext_lazy("synthesis", "In review")
    PUBLISHED = "published", pgettext_lazy("synthesis", "Published")


class Synthesis(TimeStampedModel):
    """The synthesis of a gathering's workshops: an introduction and, per theme (`Theme.synthesis_text`),
    what the notes of every workshop said; a draft, then in review, then published on the event's
    public page (its history says who took each step, when and why)."""

    event = models.OneToOneField(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="synthesis")
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SynthesisStatus.choices, default=SynthesisStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("synthesis")
        verbose_name_plural = _("syntheses")
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=False) | ~Q(status=SynthesisStatus.PUBLISHED),
                name="%(app_label)s_%(class)s_published_has_date",
                violation_error_message=_("A published synthesis has its date of publication."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}"

    def get_absolute_url(self) -> str:
        return reverse("events:synthesis", args=[self.event_id])
