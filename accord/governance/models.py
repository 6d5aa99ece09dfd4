"""Governance: committees, mandates, bylaws, meetings, minutes and resolutions.

Committees decide. A decision exists only as a resolution adopted in a meeting, with its
votes, the quorum at the time of the vote and the members recused for a conflict of
interest; services enforce those rules, the database keeps the invariants it can.
Every transition is written to the committee's timeline (CommitteeEvent).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.collation import COLLATION
from accord.core.files import unguessable_path
from accord.core.i18n import localized, render_message
from accord.core.models import SearchIndexedModel, SearchQuerySet, TimeStampedModel

# --- Committees ----------------------------------------------------------------------------


class CommitteeKind(models.TextChoices):
    REGIONAL = "regional", _("Regional committee")
    CRENEAU = "creneau", _("Niche committee")
    EXECUTIVE = "executive", _("Executive committee")
    WORK = "work", _("Work committee or sector table")
    INTERREGIONAL = "interregional", _("Interregional committee")


class WorkTopic(models.TextChoices):
    WORKFORCE = "workforce", _("Workforce")
    INNOVATION = "innovation", _("Innovation")
    MARKETS = "markets", _("Markets and marketing")
    PRODUCTIVITY = "productivity", _("Productivity")
    INTERNATIONAL = "international", _("International development")
    OTHER = "other", _("Other topic")


committee_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,38}[A-Z0-9]$", _("Capital letters, digits and dashes, for example CC-MEUBLE-17.")
)


class CommitteeQuerySet(SearchQuerySet):
    def active(self) -> CommitteeQuerySet:
        return self.filter(dissolved_on__isnull=True)


class Committee(SearchIndexedModel, TimeStampedModel):
    """A body that meets and decides: regional, niche (créneau), executive, work or interregional."""

    SEARCH_FIELDS = ("name_fr", "name_en", "code")

    kind = models.CharField(_("kind"), max_length=20, choices=CommitteeKind.choices)
    name_fr = models.CharField(_("name (French)"), max_length=200, db_collation=COLLATION)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True, db_collation=COLLATION)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[committee_code_validator],
        help_text=_("Prefix of the resolution numbers, for example CC-MEUBLE-17."),
    )
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    creneau = models.ForeignKey(
        "registry.Creneau",
        verbose_name=_("niche"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committees",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subcommittees",
        help_text=_("The committee an executive or work committee reports to."),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=WorkTopic.choices, blank=True)
    # Interregional committees gather niches of several regions (furniture, transport…).
    regions = models.ManyToManyField(
        "registry.Region", verbose_name=_("regions"), blank=True, related_name="interregional_committees"
    )
    creneaux = models.ManyToManyField(
        "registry.Creneau", verbose_name=_("niches"), blank=True, related_name="interregional_committees"
    )
    created_on = models.DateField(_("created on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    # Counts the edits: an edit form carries the revision it started from (optimistic locking).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text", "created_at", "updated_at", "revision"])
    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name_fr"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CommitteeKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind=CommitteeKind.REGIONAL) | Q(region__isnull=False, creneau__isnull=True),
                name="%(app_label)s_%(class)s_regional_has_region",
                violation_error_message=_("A regional committee belongs to one region."),
            ),
            models.CheckConstraint(
                condition=~Q(kind=CommitteeKind.CRENEAU) | Q(creneau__isnull=False),
                name="%(app_label)s_%(class)s_creneau_has_creneau",
                violation_error_message=_("A niche committee belongs to its niche."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[CommitteeKind.EXECUTIVE, CommitteeKind.WORK]) | Q(parent__isnull=False),
                name="%(app_label)s_%(class)s_subcommittee_has_parent",
                violation_error_message=_("An executive or work committee reports to a committee."),
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(kind=CommitteeKind.REGIONAL),
                name="%(app_label)s_%(class)s_one_regional_per_region",
                violation_error_message=_("This region already has its regional committee."),
            ),
            models.UniqueConstraint(
                fields=["creneau"],
                condition=Q(kind=CommitteeKind.CRENEAU),
                name="%(app_label)s_%(class)s_one_committee_per_creneau",
                violation_error_message=_("This niche already has its committee."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:committee_detail", args=[self.slug])

    @property
    def name(self) -> str:
        return localized(self, "name")


class MandateRole(models.TextChoices):
    PRESIDENT = "president", _("President")
    CO_PRESIDENT = "co_president", _("Co-president")
    VICE_PRESIDENT = "vice_president", _("Vice-president")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")
    OBSERVER = "observer", _("Observer")
    COORDINATOR = "coordinator", _("Coordinator")


# Roles that may convene meetings, keep the minutes and record decisions.
OFFICER_ROLES = frozenset({MandateRole.PRESIDENT, MandateRole.CO_PRESIDENT, MandateRole.SECRETARY})
NON_VOTING_ROLES = frozenset({MandateRole.OBSERVER, MandateRole.COORDINATOR})


class Constituency(models.TextChoices):
    BUSINESS = "business", _("Business")
    RESEARCH = "research", _("Research")
    EDUCATION = "education", _("Education")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


class SeatApproval(models.TextChoices):
    """A seat proposed by a committee's officers takes effect once staff covering the committee approve it."""

    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class MandateQuerySet(models.QuerySet["Mandate"]):
    def current(self, on: datetime.date | None = None) -> MandateQuerySet:
        """Approved mandates in force on a day (today by default); `ends_on` is the last day."""
        on = on or timezone.localdate()
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on, approval=SeatApproval.APPROVED
        )

    def pending(self) -> MandateQuerySet:
        """Seats proposed and not yet approved or declined."""
        return self.filter(approval=SeatApproval.PENDING)

    def voting(self) -> MandateQuerySet:
        return self.filter(voting=True)


class Mandate(TimeStampedModel):
    """A person's seat on a committee: role, term, voting right, whom they represent."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="mandates"
    )
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="mandates"
    )
    role = models.CharField(_("role"), max_length=20, choices=MandateRole.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True, help_text=_("Last day of the term."))
    voting = models.BooleanField(_("voting"), default=True)
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("represents"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    constituency = models.CharField(_("constituency"), max_length=20, choices=Constituency.choices)
    end_reason = models.CharField(_("reason for the end"), max_length=200, blank=True)
    # A seat opens the committee's files (projects, agenda documents): one proposed by the
    # committee's officers waits for the regional office's or the ministry's approval.
    approval = models.CharField(
        _("approval"), max_length=10, choices=SeatApproval.choices, default=SeatApproval.APPROVED
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])
    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["committee", "role", "person__last_name"]
        indexes = [
            models.Index(fields=["person", "ends_on"], name="governance_mandate_person"),
            # The work queue of mandates ending soon: one range of end days, in order, counted from the index.
            models.Index(fields=["ends_on", "starts_on", "approval"], name="governance_mandate_ending"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=MandateRole.values), name="%(app_label)s_%(class)s_role_valid"),
            models.CheckConstraint(
                condition=Q(approval__in=SeatApproval.values), name="%(app_label)s_%(class)s_approval_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A mandate cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(role__in=sorted(NON_VOTING_ROLES)) | Q(voting=False),
                name="%(app_label)s_%(class)s_observers_do_not_vote",
                violation_error_message=_("Observers and coordinators do not vote."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} ({self.committee})"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (
            self.approval == SeatApproval.APPROVED
            and self.starts_on <= on
            and (self.ends_on is None or self.ends_on >= on)
        )


# --- Bylaws --------------------------------------------------------------------------------


class QuorumRule(models.TextChoices):
    MAJORITY = "majority", _("A majority of the voting members")
    FRACTION = "fraction", _("A share of the voting members")
    FIXED = "fixed", _("A fixed number of voting members")


class DecisionRule(models.TextChoices):
    SIMPLE_MAJORITY = "simple_majority", _("Simple majority of the votes cast")
    TWO_THIRDS = "two_thirds", _("Two thirds of the votes cast")
    CONSENSUS = "consensus", _("Consensus")


class Bylaws(TimeStampedModel):
    """One version of a committee's bylaws (règlement), as checkable parameters.

    A version is drafted first (no `adopted_on`): it binds nobody. It comes into force when an
    adopted resolution of the same committee adopts it, on the day of that decision
    (`adopted_by`, `adopted_on`). Versions are kept: the version in force on a day is the last
    one adopted on or before it. Versions in force without a resolution are the historical
    records of bylaws adopted before Accord (decision 21); no service writes one any more.
    """

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="bylaws"
    )
    version = models.PositiveIntegerField(_("version"))
    # None while the version is a draft; the day of the adopting decision once in force.
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        "Resolution",
        verbose_name=_("adopted by resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mission = models.TextField(_("mission"), blank=True)
    business_majority = models.BooleanField(_("business people are a majority of the voting members"), default=True)
    min_leader_enterprises = models.PositiveSmallIntegerField(_("leader enterprises represented, at least"), default=1)
    max_members = models.PositiveSmallIntegerField(_("voting members, at most"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("term length (months)"), null=True, blank=True)
    max_consecutive_terms = models.PositiveSmallIntegerField(_("consecutive terms, at most"), null=True, blank=True)
    # Whether each composition rule binds (the services refuse what breaks it) or only advises
    # (the compliance panel shows it failed). Meetings a year and the coordinator's reports
    # are always advisory: a meeting that did not take place cannot be refused.
    business_majority_blocking = models.BooleanField(
        _("business majority binds"),
        default=True,
        help_text=_(
            "A niche committee cannot decide on a project unless business people are a majority of those who vote."
        ),
    )
    leader_enterprises_blocking = models.BooleanField(
        _("leader enterprises bind"),
        default=True,
        help_text=_("A niche committee cannot decide on a project without its minimum of leader enterprises."),
    )
    max_members_blocking = models.BooleanField(
        _("maximum size binds"), default=True, help_text=_("A voting seat beyond the maximum is refused.")
    )
    term_months_blocking = models.BooleanField(
        _("term length binds"), default=True, help_text=_("A mandate longer than the term is refused.")
    )
    max_consecutive_terms_blocking = models.BooleanField(
        _("consecutive terms bind"),
        default=True,
        help_text=_("A mandate beyond the consecutive terms allowed is refused."),
    )
    min_meetings_per_year = models.PositiveSmallIntegerField(_("meetings a year, at least"), null=True, blank=True)
    quorum_rule = models.CharField(_("quorum"), max_length=20, choices=QuorumRule.choices, default=QuorumRule.MAJORITY)
    quorum_fraction = models.DecimalField(
        _("quorum share"), max_digits=3, decimal_places=2, null=True, blank=True, help_text=_("For example 0.60.")
    )
    quorum_count = models.PositiveSmallIntegerField(_("quorum (members)"), null=True, blank=True)
    decision_rule = models.CharField(
        _("decision rule"), max_length=20, choices=DecisionRule.choices, default=DecisionRule.SIMPLE_MAJORITY
    )
    consensus_allowed = models.BooleanField(_("decisions by consensus allowed"), default=True)
    proxies_allowed = models.BooleanField(_("proxies allowed"), default=False)
    max_proxies_per_member = models.PositiveSmallIntegerField(
        _("proxies one member may hold"), default=1, validators=[MinValueValidator(1)]
    )
    conflict_of_interest_policy = models.TextField(_("conflict-of-interest policy"), blank=True)
    coordinator_report_months = models.PositiveSmallIntegerField(
        _("coordinator reports to the committee every (months)"), null=True, blank=True
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("bylaws")
        verbose_name_plural = _("bylaws")
        ordering = ["committee", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "version"], name="%(app_label)s_%(class)s_version_unique"),
            models.CheckConstraint(
                condition=Q(quorum_rule__in=QuorumRule.values), name="%(app_label)s_%(class)s_quorum_rule_valid"
            ),
            models.CheckConstraint(
                condition=Q(decision_rule__in=DecisionRule.values), name="%(app_label)s_%(class)s_decision_rule_valid"
            ),
            models.CheckConstraint(
                condition=~Q(quorum_rule=QuorumRule.FRACTION)
                | Q(quorum_fraction__gt=Decimal("0"), quorum_fraction__lte=Decimal("1")),
                name="%(app_label)s_%(class)s_fraction_in_range",
                violation_error_message=_("A quorum share is between 0 and 1, for example 0.60."),
            ),
            models.CheckConstraint(
                condition=~Q(quorum_rule=QuorumRule.FIXED) | Q(quorum_count__gte=1),
                name="%(app_label)s_%(class)s_fixed_quorum_set",
                violation_error_message=_("A fixed quorum needs its number of members."),
            ),
            models.CheckConstraint(
                condition=Q(adopted_by__isnull=True) | Q(adopted_on__isnull=False),
                name="%(app_label)s_%(class)s_adoption_dated",
                violation_error_message=_("Bylaws adopted by a resolution carry the date of the decision."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} – v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("governance:bylaws_list", args=[self.committee.slug]) + f"#v{self.version}"

    @property
    def is_draft(self) -> bool:
        return self.adopted_on is None


class BylawsAcknowledgement(models.Model):
    """A member's statement that they read a version of the bylaws, once per person and version."""

    bylaws = models.ForeignKey(
        Bylaws, verbose_name=_("bylaws"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    person = models.ForeignKey("registry.Person", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+")
    # The seat they held when they acknowledged: the reason they were asked to.
    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandate"), on_delete=models.PROTECT, related_name="bylaws_acknowledgements"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("acknowledgement of the bylaws")
        verbose_name_plural = _("acknowledgements of the bylaws")
        ordering = ["bylaws", "acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["bylaws", "person"], name="%(app_label)s_%(class)s_once_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.bylaws}"


# --- Meetings ------------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONVENED = "convened", _("Convened")
    HELD = "held", _("In session")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class NoticeStatus(models.TextChoices):
    NONE = "", _("Not sent")
    QUEUED = "queued", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Meeting(TimeStampedModel):
    """A meeting of a committee, from its convening to its closing."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)
    notice_sent_at = models.DateTimeField(_("notice sent at"), null=True, blank=True)
    # Where the last notice (or cancellation) is: set by the task that sends it, so the page
    # says "sent" only once the mail server took every message.
    notice_status = models.CharField(
        _("notice delivery"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.NONE, blank=True
    )
    notice_error = models.TextField(_("notice delivery error"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    cancellation_reason = models.CharField(_("reason for the cancellation"), max_length=300, blank=True)
    # The member who chairs (a president, a co-president, or whom the meeting chose): each
    # decision names them, and a decision recorded by someone else awaits their sign-off.
    chaired_by = models.ForeignKey(
        "Mandate", verbose_name=_("chaired by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Counts the edits: an edit form carries the revision it started from (optimistic locking).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "revision"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [
            # A committee's meetings by date; with the status, the meetings held in a year are counted
            # from the index alone (the compliance check, for every committee at once in the work queues).
            models.Index(fields=["committee", "starts_at", "status"], name="governance_meeting_committee"),
            # The work queue of agendas to prepare: the planned meetings still to come.
            models.Index(fields=["status", "starts_at"], name="governance_meeting_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])

    @property
    def meeting_date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()


class ItemKind(models.TextChoices):
    INFORMATION = "information", _("Information")
    DISCUSSION = "discussion", _("Discussion")
    DECISION = "decision", _("Decision")


class AgendaItem(models.Model):
    """An item of a meeting's agenda; it may point at what it is about (a project, a plan…)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.DISCUSSION)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    forwarded_from = models.ForeignKey(
        "Resolution",
        verbose_name=_("forwarded by resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_items",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="%(app_label)s_%(class)s_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


def agenda_document_path(instance: AgendaDocument, filename: str) -> str:
    """A random folder per file: committee papers cannot be found by guessing their names."""
    return unguessable_path(f"governance/agenda/{timezone.now():%Y}", filename)


class AgendaDocument(models.Model):
    """A document attached to an agenda item."""

    item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=agenda_document_path, max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["item", "uploaded_at"]

    def __str__(self) -> str:
        return self.title


class PendingAgendaItem(models.Model):
    """An item another committee takes up next, waiting for that committee's next meeting: a decision
    to take, or a matter presented for information (a niche's bilan to its regional committee)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="pending_items"
    )
    title = models.CharField(_("title"), max_length=300)
    # The kind of the agenda item it becomes.
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.DECISION)
    # None when no resolution sent it: a project submitted to the niche committee, for example.
    source = models.ForeignKey(
        "Resolution",
        verbose_name=_("forwarded by resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    placed_on = models.ForeignKey(
        AgendaItem, verbose_name=_("placed on"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("item waiting for a meeting")
        verbose_name_plural = _("items waiting for a meeting")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")
    PROXY = "proxy", _("Represented by proxy")


class Attendance(models.Model):
    """Whether a member attended a meeting, or gave a proxy to another member."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    mandate = models.ForeignKey(Mandate, verbose_name=_("member"), on_delete=models.PROTECT, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    proxy_holder = models.ForeignKey(
        Mandate,
        verbose_name=_("proxy given to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proxies_held",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "mandate"], name="%(app_label)s_%(class)s_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(status__in=AttendanceStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=AttendanceStatus.PROXY) & Q(proxy_holder__isnull=False))
                | (~Q(status=AttendanceStatus.PROXY) & Q(proxy_holder__isnull=True)),
                name="%(app_label)s_%(class)s_proxy_has_holder",
                violation_error_message=_("A proxy names the member who holds it, and only a proxy does."),
            ),
            models.CheckConstraint(
                condition=Q(proxy_holder__isnull=True) | ~Q(proxy_holder=models.F("mandate")),
                name="%(app_label)s_%(class)s_no_proxy_to_self",
                violation_error_message=_("A member cannot hold their own proxy."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate.person} – {self.get_status_display()}"


class NoticeAnswerKind(models.TextChoices):
    """What a member answers to a notice of meeting."""

    ATTENDING = "attending", _("I will attend")
    EXCUSED = "excused", _("I send my apologies")
    PROXY = "proxy", _("I give my proxy to a colleague")


class NoticeAnswer(models.Model):
    """A member's answer to the notice of a convened meeting: the secretary plans the attendance from it.

    An intention, not the attendance: what happened at the meeting is the `Attendance` the
    meeting records. Answered by the member signed in, or through the signed link of the
    notice email without signing in (`through_link`); changed until the meeting opens.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="notice_answers"
    )
    mandate = models.ForeignKey(
        Mandate, verbose_name=_("member"), on_delete=models.PROTECT, related_name="notice_answers"
    )
    answer = models.CharField(_("answer"), max_length=10, choices=NoticeAnswerKind.choices)
    proxy_holder = models.ForeignKey(
        Mandate,
        verbose_name=_("proxy given to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    through_link = models.BooleanField(_("answered through the email's link"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer to a notice")
        verbose_name_plural = _("answers to notices")
        ordering = ["meeting", "mandate"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "mandate"], name="%(app_label)s_%(class)s_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(answer__in=NoticeAnswerKind.values), name="%(app_label)s_%(class)s_answer_valid"
            ),
            models.CheckConstraint(
                condition=(Q(answer=NoticeAnswerKind.PROXY) & Q(proxy_holder__isnull=False))
                | (~Q(answer=NoticeAnswerKind.PROXY) & Q(proxy_holder__isnull=True)),
                name="%(app_label)s_%(class)s_proxy_has_holder",
                violation_error_message=_("A proxy names the member who holds it, and only a proxy does."),
            ),
            models.CheckConstraint(
                condition=Q(proxy_holder__isnull=True) | ~Q(proxy_holder=models.F("mandate")),
                name="%(app_label)s_%(class)s_no_proxy_to_self",
                violation_error_message=_("A member cannot hold their own proxy."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate.person} – {self.get_answer_display()}"


# --- Minutes -------------------------------------------------------------------------------


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for comments")
    APPROVED = "approved", _("Approved")


class Minutes(TimeStampedModel):
    """One version of a meeting's minutes. Once approved, a version never changes."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    # Approved minutes are signed by the member who chaired the meeting and by the secretary.
    chair_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by the chair"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    chair_signed_at = models.DateTimeField(_("signed by the chair at"), null=True, blank=True)
    secretary_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by the secretary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    secretary_signed_at = models.DateTimeField(_("signed by the secretary at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "Resolution",
        verbose_name=_("approved by resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrects = models.ForeignKey(
        "self",
        verbose_name=_("corrects version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    # Counts the edits: an edit form carries the revision it started from (optimistic locking).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at", "revision"])

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["meeting", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="%(app_label)s_%(class)s_version_unique"),
            models.CheckConstraint(
                condition=Q(status__in=MinutesStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=MinutesStatus.APPROVED) | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="%(app_label)s_%(class)s_approval_has_resolution",
                violation_error_message=_("Minutes are approved by a resolution."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} – v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.status == MinutesStatus.APPROVED


def minutes_paragraphs(text: str) -> list[str]:
    """The paragraphs of minutes (blocks separated by a blank line): what members comment on, one by one."""
    return [block.strip() for block in re.split(r"\n\s*\n", text.strip()) if block.strip()]


class MinutesComment(models.Model):
    """A member's comment on one paragraph of circulated minutes, before their approval (append-only).

    The paragraph's text is kept with the comment: the secretary may amend the minutes after,
    and the comment still says what it was about.
    """

    minutes = models.ForeignKey(Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="comments")
    paragraph = models.PositiveSmallIntegerField(_("paragraph"))
    excerpt = models.CharField(_("paragraph commented"), max_length=300, blank=True)
    text = models.TextField(_("comment"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        ordering = ["minutes", "paragraph", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(paragraph__gte=1), name="%(app_label)s_%(class)s_paragraph_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} §{self.paragraph}"


# --- Resolutions ---------------------------------------------------------------------------


class ResolutionOutcome(models.TextChoices):
    PENDING = "pending", _("Before the decision")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    DEFERRED = "deferred", _("Deferred")


class DecisionMode(models.TextChoices):
    VOTE = "vote", _("Vote")
    CONSENSUS = "consensus", _("Consensus")


class DelegationChange(models.TextChoices):
    """What a niche committee's resolution does to its executive committee's power over projects."""

    NONE = "", _("Nothing")
    GRANT = "grant", _("Delegates its decisions on projects")
    REVOKE = "revoke", _("Ends the delegation of its decisions on projects")


class ResolutionQuerySet(SearchQuerySet):
    def decided(self) -> ResolutionQuerySet:
        return self.exclude(outcome=ResolutionOutcome.PENDING)


class Resolution(SearchIndexedModel, TimeStampedModel):
    """A committee's formal decision, numbered per committee and year, taken in a meeting."""

    SEARCH_FIELDS = ("number", "title", "text")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="resolutions"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="resolutions"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    # Why the committee decides as it does where a rule of the subject's app asks for a written
    # reason (a fund project above a niche's fair share of the envelope): the subject's app
    # reads it when the resolution is decided (subjects.follow) and refuses the decision without it.
    justification = models.TextField(_("justification"), blank=True)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    forward_to = models.ForeignKey(
        Committee,
        verbose_name=_("decision to be taken next by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    gives_coordinator_mandate = models.BooleanField(_("gives the coordinator a mandate"), default=False)
    mandate_completed_on = models.DateField(_("mandate completed on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ResolutionOutcome.choices, default=ResolutionOutcome.PENDING
    )
    decision_mode = models.CharField(_("decided by"), max_length=20, choices=DecisionMode.choices, blank=True)
    decision_rule = models.CharField(_("decision rule"), max_length=20, choices=DecisionRule.choices, blank=True)
    # The tally at the time of the decision, kept as it was even if mandates change later.
    voting_members = models.PositiveSmallIntegerField(_("voting members"), null=True, blank=True)
    recused_count = models.PositiveSmallIntegerField(_("members recused"), null=True, blank=True)
    present_count = models.PositiveSmallIntegerField(_("present or represented"), null=True, blank=True)
    quorum_required = models.PositiveSmallIntegerField(_("quorum"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Who chaired when the decision was taken; the decision takes effect once signed off: at
    # once when the chair records it, otherwise when the chair confirms the recorded result.
    chaired_by = models.ForeignKey(
        "Mandate", verbose_name=_("chaired by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delegation = models.CharField(
        _("delegation"), max_length=10, choices=DelegationChange.choices, default=DelegationChange.NONE, blank=True
    )
    delegates_to = models.ForeignKey(
        Committee,
        verbose_name=_("executive committee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["search_text", "created_at", "updated_at"])
    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["-year", "-sequence", "pk"]
        indexes = [
            models.Index(fields=["committee", "year", "sequence"], name="governance_resolution_number"),
            models.Index(fields=["-year", "-sequence", "id"], name="governance_resolution_recent"),
            models.Index(fields=["subject_type", "subject_id"], name="governance_resolution_subject"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "sequence"], name="%(app_label)s_%(class)s_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=ResolutionOutcome.values), name="%(app_label)s_%(class)s_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome=ResolutionOutcome.PENDING) | Q(decided_at__isnull=False),
                name="%(app_label)s_%(class)s_decision_dated",
            ),
            models.CheckConstraint(
                condition=Q(delegation=DelegationChange.NONE) | Q(delegates_to__isnull=False),
                name="%(app_label)s_%(class)s_delegation_names_committee",
                violation_error_message=_("A delegation names the executive committee."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("governance:resolution_detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.outcome != ResolutionOutcome.PENDING

    @property
    def awaits_sign_off(self) -> bool:
        """Adopted or rejected, recorded by someone other than the chair, not yet confirmed by them."""
        return self.outcome in (ResolutionOutcome.ADOPTED, ResolutionOutcome.REJECTED) and self.signed_off_at is None


class Delegation(TimeStampedModel):
    """A niche committee's decisions on projects delegated to its executive committee, by resolution.

    In force from the granting resolution's decision until a resolution of the same committee
    ends it (`ends_on`, the last day).
    """

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="delegations"
    )
    delegate = models.ForeignKey(
        Committee, verbose_name=_("executive committee"), on_delete=models.PROTECT, related_name="delegated"
    )
    granted_by = models.ForeignKey(
        Resolution, verbose_name=_("granted by resolution"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    ended_by = models.ForeignKey(
        Resolution,
        verbose_name=_("ended by resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["committee", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "delegate"],
                condition=Q(ends_on__isnull=True),
                name="%(app_label)s_%(class)s_one_open_per_delegate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} → {self.delegate}"

    def in_force(self, on: datetime.date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Vote(models.Model):
    """A voting member's vote on a resolution, cast in person or by their proxy holder."""

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="votes"
    )
    mandate = models.ForeignKey(Mandate, verbose_name=_("member"), on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    cast_by = models.ForeignKey(
        Mandate,
        verbose_name=_("cast by proxy holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    # A changed vote keeps the one it replaces (who, when, why): the record of a decision.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "mandate"], name="%(app_label)s_%(class)s_one_per_member"),
            models.CheckConstraint(
                condition=Q(choice__in=VoteChoice.values), name="%(app_label)s_%(class)s_choice_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate.person}: {self.get_choice_display()}"


class RecusalReason(models.TextChoices):
    CARRIER = "carrier", _("Their organisation carries the item")
    PARTNER = "partner", _("Their organisation is a partner in the item")
    DECLARED = "declared", _("Declared interest")


class Recusal(models.Model):
    """A member who may not vote on a resolution because of a conflict of interest."""

    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), on_delete=models.CASCADE, related_name="recusals"
    )
    mandate = models.ForeignKey(Mandate, verbose_name=_("member"), on_delete=models.PROTECT, related_name="recusals")
    reason = models.CharField(_("reason"), max_length=20, choices=RecusalReason.choices)
    declared_interest = models.TextField(_("declared interest"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    # A changed or withdrawn recusal keeps the one it replaces (who, when, why).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")
        constraints = [
            models.UniqueConstraint(fields=["resolution", "mandate"], name="%(app_label)s_%(class)s_once_per_member"),
            models.CheckConstraint(
                condition=~Q(reason=RecusalReason.DECLARED) | ~Q(declared_interest=""),
                name="%(app_label)s_%(class)s_declaration_has_text",
                violation_error_message=_("Describe the declared interest."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandate.person} – {self.get_reason_display()}"


# --- Coordinator reports -------------------------------------------------------------------


class CoordinatorReport(TimeStampedModel):
    """The coordinator's periodic account to the committee."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="coordinator_reports"
    )
    coordinator = models.ForeignKey(
        Mandate, verbose_name=_("coordinator"), on_delete=models.PROTECT, related_name="reports"
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    activities = models.TextField(_("activities"))
    next_steps = models.TextField(_("next steps"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("coordinator report")
        verbose_name_plural = _("coordinator reports")
        ordering = ["committee", "-period_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="%(app_label)s_%(class)s_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} – {self.period_start:%Y-%m-%d} → {self.period_end:%Y-%m-%d}"


class ReportProgress(models.Model):
    """Progress on one mandate the committee gave the coordinator by resolution."""

    report = models.ForeignKey(
        CoordinatorReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="progress"
    )
    resolution = models.ForeignKey(
        Resolution, verbose_name=_("mandate given by"), on_delete=models.PROTECT, related_name="progress_reports"
    )
    progress = models.TextField(_("progress"))
    completed = models.BooleanField(_("completed"), default=False)

    class Meta:
        verbose_name = _("progress on a mandate")
        verbose_name_plural = _("progress on mandates")
        constraints = [
            models.UniqueConstraint(fields=["report", "resolution"], name="%(app_label)s_%(class)s_once_per_report"),
        ]

    def __str__(self) -> str:
        return f"{self.resolution.number}: {self.progress[:40]}"


# --- Timeline ------------------------------------------------------------------------------


class EventKind(models.TextChoices):
    COMMITTEE_CREATED = "committee_created", _("Committee created")
    COMMITTEE_CHANGED = "committee_changed", _("Regions or niches of the committee changed")
    BYLAWS_DRAFTED = "bylaws_drafted", _("Bylaws drafted")
    BYLAWS_ADOPTED = "bylaws_adopted", _("Bylaws adopted")
    BYLAWS_ACKNOWLEDGED = "bylaws_acknowledged", _("Bylaws acknowledged by a member")
    MANDATE_STARTED = "mandate_started", _("Mandate started")
    MANDATE_PROPOSED = "mandate_proposed", _("Seat proposed, awaiting approval")
    MANDATE_APPROVED = "mandate_approved", _("Seat approved")
    MANDATE_DECLINED = "mandate_declined", _("Seat declined")
    MANDATE_ENDED = "mandate_ended", _("Mandate ended")
    MEETING_PLANNED = "meeting_planned", _("Meeting planned")
    MEETING_CONVENED = "meeting_convened", _("Meeting convened")
    MEETING_CHANGED = "meeting_changed", _("Meeting rescheduled or moved")
    DOCUMENT_ATTACHED = "document_attached", _("Document attached to the agenda")
    MEETING_OPENED = "meeting_opened", _("Meeting opened")
    MEETING_CLOSED = "meeting_closed", _("Meeting closed")
    MEETING_CANCELLED = "meeting_cancelled", _("Meeting cancelled")
    ATTENDANCE_RECORDED = "attendance_recorded", _("Attendance recorded")
    INTEREST_DECLARED = "interest_declared", _("Interest declared")
    RESOLUTION_PROPOSED = "resolution_proposed", _("Resolution proposed")
    RESOLUTION_ADOPTED = "resolution_adopted", _("Resolution adopted")
    RESOLUTION_REJECTED = "resolution_rejected", _("Resolution rejected")
    RESOLUTION_DEFERRED = "resolution_deferred", _("Resolution deferred")
    RESOLUTION_AWAITS_SIGN_OFF = "resolution_awaits_sign_off", _("Decision recorded, awaiting the chair's sign-off")
    RESOLUTION_SIGNED_OFF = "resolution_signed_off", _("Decision signed off by the chair")
    CHAIR_NAMED = "chair_named", _("Chair of the meeting named")
    DELEGATION_GRANTED = "delegation_granted", _("Decisions on projects delegated to the executive committee")
    DELEGATION_ENDED = "delegation_ended", _("Delegation to the executive committee ended")
    ITEM_FORWARDED = "item_forwarded", _("Item forwarded to another committee")
    ITEM_RECEIVED = "item_received", _("Item received from another committee")
    MINUTES_DRAFTED = "minutes_drafted", _("Minutes drafted")
    MINUTES_CIRCULATED = "minutes_circulated", _("Minutes circulated")
    MINUTES_AMENDED = "minutes_amended", _("Minutes amended")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    MINUTES_SIGNED = "minutes_signed", _("Minutes signed")
    REPORT_SUBMITTED = "report_submitted", _("Coordinator report submitted")
    NOTICE_ANSWERED = "notice_answered", _("Notice answered by a member")
    MINUTES_COMMENTED = "minutes_commented", _("Minutes commented by a member")
    MEMBERS_INVITED = "members_invited", _("Members invited to Accord")


class CommitteeEvent(models.Model):
    """Append-only timeline of a committee: who did what, when and why. Written by services only."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    summary = models.CharField(_("summary"), max_length=300)
    note = models.TextField(_("note"), blank=True)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    resolution = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    mandate = models.ForeignKey(Mandate, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["committee", "-occurred_at"], name="governance_event_committee")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="%(app_label)s_%(class)s_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"

    @property
    def shown_summary(self) -> str:
        """The summary in the reader's language when the system composed it ("Anne Ouellet – Excused")."""
        return render_message(self.data.get("summary"), self.summary)

    @property
    def bylaws_overridden(self) -> list[str]:
        """The rules of the bylaws the ministry overrode for this step, named in the reader's language."""
        return [str(Bylaws._meta.get_field(rule).verbose_name) for rule in self.data.get("bylaws_overridden", [])]  # type: ignore[union-attr]


class CalendarToken(models.Model):
    """The secret in a user's calendar feed address (calendar apps cannot sign in)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user}"


def subject_of(obj: Any) -> dict[str, Any]:
    """Field values pointing a generic `subject` at obj (or at nothing)."""
    if obj is None:
        return {"subject_type": None, "subject_id": None}
    return {"subject_type": ContentType.objects.get_for_model(obj), "subject_id": obj.pk}


# --- Oversight ---------------------------------------------------------------------------------


class CommitteeStanding(models.Model):
    """A committee's standing on a day: which compliance checks it fails (bits in the order of
    compliance.FAILING_CHECKS) and when its coordinator's report is or was due. The work queues of
    those who oversee thousands of committees read these rows (selectors.oversight) instead of
    checking every committee at every sign-in.

    A row holds for its day only: the first reading of another day computes the committees' rows
    again. Every service that changes what the checks read (seats, bylaws in force, meetings held,
    reports, a seat holder's leader status) deletes its committees' rows in its own transaction, so
    the next reading computes them again; a row is never older than the facts it sums up.
    """

    committee = models.OneToOneField(
        Committee, verbose_name=_("committee"), primary_key=True, on_delete=models.CASCADE, related_name="standing"
    )
    day = models.DateField(_("day"))
    failed = models.PositiveSmallIntegerField(_("failed checks"), default=0)
    report_due = models.DateField(_("coordinator's report due"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee standing")
        verbose_name_plural = _("committee standings")
        indexes = [models.Index(fields=["day", "failed"], name="governance_standing_day")]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.day}: {self.failed}"
