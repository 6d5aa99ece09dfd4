"""The FSDCE fund: program periods, regional envelopes, the fund guide, projects and their ledger.

Money is Decimal everywhere. What an envelope has left is never stored: it is derived from
an append-only ledger of commitments, releases and disbursements, and services take the
envelope's row lock before they write to it, so that concurrent grants cannot over-commit.
A committee decision on a project exists only as a resolution adopted in a meeting of that
committee (governance); the project links to it. Every transition is written to the
project's timeline (ProjectEvent).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from accord.core.files import unguessable_path
from accord.core.i18n import render_message, system_text_field
from accord.core.models import SearchIndexedModel, SearchQuerySet, TimeStampedModel
from accord.core.money import format_money
from accord.governance.models import Committee, Resolution
from accord.planning.models import Action as PlanAction
from accord.registry.models import Creneau, Organisation, OrganisationKind, Region

ZERO = Decimal("0.00")
PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
POSITIVE = [MinValueValidator(Decimal("0.00"))]

#: The envelope of a region for a period, unless the ministry sets another amount.
DEFAULT_ENVELOPE = Decimal("4000000.00")
RESOURCE_REGION_ENVELOPE = Decimal("4800000.00")


def money_field(label: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    """Dollars and cents, never negative."""
    return models.DecimalField(label, max_digits=14, decimal_places=2, validators=POSITIVE, **kwargs)


def rate_field(label: Any, default: str) -> models.DecimalField[Any, Any]:
    """A percentage, 0 to 100."""
    return models.DecimalField(label, max_digits=5, decimal_places=2, validators=PERCENT, default=Decimal(default))


# --- Program settings ------------------------------------------------------------------------


class ProgramPeriod(TimeStampedModel):
    """A period of the program (for example 2008-2013), with one envelope per region."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("program period")
        verbose_name_plural = _("program periods")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A period ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


class Envelope(TimeStampedModel):
    """A region's share of the fund for a period. Its balance is read from the ledger."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="envelopes")
    period = models.ForeignKey(
        ProgramPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="envelopes"
    )
    amount = money_field(_("amount"))
    #: How far above its fair share a niche may go before the regional committee is warned.
    equity_margin = rate_field(_("equity margin (% above the target share)"), "20")

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("envelope")
        verbose_name_plural = _("envelopes")
        ordering = ["period", "region__code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "period"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.region} – {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("funding:envelope_detail", args=[self.pk])


class EnvelopeFigures(models.Model):
    """What the fund's dashboard shows of an envelope's region and period, kept by the services.

    Computed again from the projects and the ledger inside the transaction of every change
    that alters them, under the envelope's row lock (services.refresh_figures), so a reader
    never sees figures older than the data. Never typed in. Amounts in the JSON columns are
    strings of Decimals; the dashboard adds them up.
    """

    envelope = models.OneToOneField(Envelope, on_delete=models.CASCADE, primary_key=True, related_name="figures")
    #: status → [projects, aid requested]
    stages = models.JSONField(default=dict)
    #: year of the grant → [aid granted, projects]
    years = models.JSONField(default=dict)
    aid = money_field(_("aid granted"), default=ZERO)
    granted = models.PositiveIntegerField(_("projects granted"), default=0)
    cost = money_field(_("cost of the granted projects"), default=ZERO)
    committed = models.DecimalField(_("committed"), max_digits=14, decimal_places=2, default=ZERO)
    disbursed = models.DecimalField(_("disbursed"), max_digits=14, decimal_places=2, default=ZERO)
    pipeline = money_field(_("aid requested in the approval chain"), default=ZERO)

    class Meta:
        verbose_name = _("envelope figures")
        verbose_name_plural = _("envelope figures")

    def __str__(self) -> str:
        return str(self.envelope_id)


class NicheFigures(models.Model):
    """Aid granted to one niche's projects from one envelope, kept by the services with EnvelopeFigures.

    A joint project's aid counts in equal parts for each of its niches. One row per niche
    that received aid, so the dashboard lets the database add up thousands of niches.
    """

    envelope = models.ForeignKey(Envelope, on_delete=models.CASCADE, related_name="niche_figures")
    creneau = models.ForeignKey(Creneau, on_delete=models.CASCADE, related_name="+")
    aid = models.DecimalField(_("aid granted"), max_digits=18, decimal_places=4, default=ZERO)
    projects = models.PositiveIntegerField(_("projects granted"), default=0)

    class Meta:
        verbose_name = _("niche figures")
        verbose_name_plural = _("niche figures")
        constraints = [
            models.UniqueConstraint(fields=["envelope", "creneau"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.envelope_id}: {self.creneau_id}"


class EquityWeight(models.Model):
    """A niche's weight in the equitable sharing of an envelope (1 by default: equal shares)."""

    envelope = models.ForeignKey(Envelope, on_delete=models.CASCADE, related_name="weights")
    creneau = models.ForeignKey(Creneau, verbose_name=_("niche"), on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0"))]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("equity weight")
        verbose_name_plural = _("equity weights")
        constraints = [
            models.UniqueConstraint(fields=["envelope", "creneau"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.creneau}: {self.weight}"


class CostCategory(models.TextChoices):
    SALARIES = "salaries", _("Salaries and benefits")
    FEES = "fees", _("Professional fees")
    EQUIPMENT = "equipment", _("Equipment")
    TRAVEL = "travel", _("Travel")
    PROMOTION = "promotion", _("Promotion and communication")
    TRAINING = "training", _("Training")
    STUDIES = "studies", _("Studies and research")
    BUILDINGS = "buildings", _("Land and buildings")
    OVERHEAD = "overhead", _("Overhead")


class FinancingSource(models.TextChoices):
    OWN = "own", _("Own funds")
    FSDCE = "fsdce", _("FSDCE request")
    PUBLIC = "public", _("Other public aid")
    PRIVATE = "private", _("Private funding")


def default_carrier_kinds() -> list[str]:
    return [OrganisationKind.ENTERPRISE.value]


def default_cost_categories() -> list[str]:
    return [c.value for c in CostCategory if c not in (CostCategory.BUILDINGS, CostCategory.OVERHEAD)]


def default_documents() -> list[str]:
    return []


class FundGuide(TimeStampedModel):
    """A version of the fund guide: the rules every project is checked against.

    A published version never changes; a change is a new version, and each project keeps
    the version it was checked against when it was submitted.
    """

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    in_force_from = models.DateField(_("in force from"))
    eligible_carrier_kinds = models.JSONField(_("eligible carriers"), default=default_carrier_kinds)
    eligible_cost_categories = models.JSONField(_("eligible costs"), default=default_cost_categories)
    max_rate_enterprise = rate_field(_("maximum aid rate for an enterprise (%)"), "40")
    max_rate_organisation = rate_field(_("maximum aid rate for another organisation (%)"), "50")
    public_cap_enterprise = rate_field(_("cumulative public aid cap for an enterprise (%)"), "50")
    public_cap_organisation = rate_field(_("cumulative public aid cap for another organisation (%)"), "70")
    min_amount = money_field(_("minimum aid"), default=Decimal("5000.00"))
    max_amount = money_field(_("maximum aid"), default=Decimal("500000.00"))
    second_signature_above = money_field(
        _("second ministry signature above"),
        default=Decimal("100000.00"),
        help_text=_("A grant above this amount takes the signatures of two ministry officers."),
    )
    required_documents = models.JSONField(_("required documents"), default=default_documents, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("fund guide")
        verbose_name_plural = _("fund guide versions")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_amount__gte=models.F("min_amount")),
                name="%(app_label)s_%(class)s_max_above_min",
                violation_error_message=_("The maximum aid cannot be below the minimum."),
            ),
        ]

    def __str__(self) -> str:
        return _("Fund guide, version %(version)s") % {"version": self.version}

    def max_rate(self, carrier_kind: str) -> Decimal:
        return self.max_rate_enterprise if carrier_kind == OrganisationKind.ENTERPRISE else self.max_rate_organisation

    def public_cap(self, carrier_kind: str) -> Decimal:
        return (
            self.public_cap_enterprise if carrier_kind == OrganisationKind.ENTERPRISE else self.public_cap_organisation
        )


class DelegatedDecision(models.TextChoices):
    FINAL_APPROVAL = "final_approval", _("Final approval of the aid")


class Delegation(TimeStampedModel):
    """The ministry hands a decision to a region's committee, for a period, up to an amount."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        ProgramPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="delegations"
    )
    decision = models.CharField(
        _("decision"), max_length=30, choices=DelegatedDecision.choices, default=DelegatedDecision.FINAL_APPROVAL
    )
    up_to = money_field(_("up to"), help_text=_("Projects whose aid is at most this amount."))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["created_at", "updated_at"])

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=DelegatedDecision.values), name="%(app_label)s_%(class)s_decision_valid"
            ),
        ]

    def __str__(self) -> str:
        return _("%(decision)s delegated to %(region)s up to %(amount)s") % {
            "decision": self.get_decision_display(),
            "region": self.region,
            "amount": format_money(self.up_to),
        }

    def get_absolute_url(self) -> str:
        return reverse("funding:delegation_list") + f"#delegation-{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


# --- Projects ----------------------------------------------------------------------------------


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("project status", "Draft")
    SUBMITTED = "submitted", _("Before the niche committee")
    NICHE_APPROVED = "niche_approved", _("Before the regional committee")
    ANALYSIS = "analysis", _("Ministry analysis")
    AWAITING_SIGNATURE = "awaiting_signature", _("Awaiting a second signature")
    GRANTED = "granted", _("Granted")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    FINAL_REPORT = "final_report", _("Final report submitted")
    CLOSED = "closed", pgettext_lazy("project status", "Closed")
    RETURNED = "returned", _("Returned for changes")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Project(SearchIndexedModel, TimeStampedModel):
    """A project carried by an enterprise (or another eligible organisation) asking the fund for aid."""

    SEARCH_FIELDS = ("number", "title", "summary")

    number = models.CharField(_("number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    objectives = models.TextField(_("objectives"), blank=True)
    # The action of a niche's plan the project serves (decision 35). PROTECT: an action that
    # projects serve does not vanish; planning's removals refuse it first, with a message
    # (planning.links), and the database refuses what slips past.
    plan_action = models.ForeignKey(
        PlanAction,
        verbose_name=_("plan action"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The action of the niche's plan the project serves."),
    )
    #: The axis as it was typed before projects named a plan action: kept, never edited again,
    #: shown only while no action is named (decision 35).
    former_axis = models.CharField(_("former axis (text)"), max_length=200, blank=True, editable=False)
    carrier = models.ForeignKey(
        Organisation, verbose_name=_("carrier"), on_delete=models.PROTECT, related_name="carried_projects"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="projects",
        help_text=_("The region whose envelope funds the project."),
    )
    period = models.ForeignKey(ProgramPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="+")
    creneaux: models.ManyToManyField[Creneau, ProjectCreneau] = models.ManyToManyField(
        Creneau, verbose_name=_("niches"), through="ProjectCreneau", related_name="projects"
    )
    partners: models.ManyToManyField[Organisation, ProjectPartner] = models.ManyToManyField(
        Organisation, verbose_name=_("partners"), through="ProjectPartner", related_name="partner_projects", blank=True
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    requested_amount = money_field(_("FSDCE aid requested"))
    status = models.CharField(_("status"), max_length=30, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    # When the project last took a step into its status (services._move, with the step's event): how
    # long it has waited there, read by the work queues from an index rather than from the events.
    status_entered_at = models.DateTimeField(_("in this status since"), default=timezone.now, editable=False)
    guide = models.ForeignKey(
        FundGuide,
        verbose_name=_("fund guide"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        help_text=_("The version the project was checked against when it was submitted."),
    )
    # Expected impact (funding.impact; decision 40). The figures added by decision 40 have a default in
    # the database too: a writer of before (an older migration's model, a raw insert) leaves them 0.
    expected_jobs = models.PositiveIntegerField(_("jobs to be created"), default=0)
    expected_jobs_kept = models.PositiveIntegerField(
        _("jobs to be kept"),
        default=0,
        db_default=0,
        help_text=_("Existing jobs the project helps keep; they do not count among the jobs to be created."),
    )
    #: The private investment: the column kept from before investment was split (decision 40).
    expected_investment = money_field(
        _("private investment expected"),
        default=ZERO,
        help_text=_("What the carrier, its partner companies and private lenders invest."),
    )
    expected_public_investment = money_field(
        _("public investment expected"),
        default=ZERO,
        db_default=ZERO,
        help_text=_("Public money invested: the FSDCE aid requested and the other public aid."),
    )
    expected_sales = money_field(_("additional sales expected"), default=ZERO)
    expected_export_sales = money_field(
        _("export sales expected"),
        default=ZERO,
        db_default=ZERO,
        help_text=_("The part of the additional sales made outside Québec."),
    )
    expected_export_contracts = models.PositiveIntegerField(
        _("export contracts expected"),
        default=0,
        db_default=0,
        help_text=_("New contracts with customers outside Québec."),
    )
    expected_export_contracts_amount = money_field(
        _("amount of the export contracts expected"), default=ZERO, db_default=ZERO, help_text=_("Their total value.")
    )
    expected_companies = models.PositiveIntegerField(_("companies reached"), default=0)
    # The decisions, each by a resolution adopted in a meeting.
    regional_resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("regional committee resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The ministry's analysis.
    checklist = models.JSONField(_("eligibility checklist"), default=dict, blank=True)
    analysis_notes = models.TextField(_("analyst notes"), blank=True)
    recommended_amount = money_field(_("recommended amount"), null=True, blank=True)
    granted_amount = money_field(_("aid granted"), null=True, blank=True)
    granted_at = models.DateTimeField(_("granted at"), null=True, blank=True)
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("granted under the delegation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    #: Where the carrier's resubmission of a returned project goes: the ministry's analysis when
    #: the ministry returned it without asking for a new committee decision; blank, the niche committee.
    resubmit_to = models.CharField(
        _("resubmitted to"),
        max_length=30,
        choices=[(ProjectStatus.ANALYSIS.value, ProjectStatus.ANALYSIS.label)],
        blank=True,
        editable=False,
    )
    # The final report.
    actual_cost = money_field(_("actual cost"), null=True, blank=True)
    actual_jobs = models.PositiveIntegerField(_("jobs created"), null=True, blank=True)
    actual_jobs_kept = models.PositiveIntegerField(_("jobs kept"), null=True, blank=True)
    actual_investment = money_field(_("actual private investment"), null=True, blank=True)
    actual_public_investment = money_field(_("actual public investment"), null=True, blank=True)
    actual_sales = money_field(_("actual additional sales"), null=True, blank=True)
    actual_export_sales = money_field(_("actual export sales"), null=True, blank=True)
    actual_export_contracts = models.PositiveIntegerField(_("export contracts signed"), null=True, blank=True)
    actual_export_contracts_amount = money_field(_("amount of the export contracts signed"), null=True, blank=True)
    actual_companies = models.PositiveIntegerField(_("companies actually reached"), null=True, blank=True)
    final_report = models.TextField(_("final report"), blank=True)
    # The public page (decision 54): the ministry publishes a granted project with a summary written
    # for the public, in French and, if it wishes, in English; None, the page does not exist.
    # A default in the database too: a writer of before (an older migration's function) leaves them empty.
    public_summary = models.TextField(_("public summary"), blank=True, default="", db_default="")
    public_summary_en = models.TextField(_("public summary (English)"), blank=True, default="", db_default="")
    published_at = models.DateTimeField(_("published on the public site"), null=True, blank=True)
    #: When the project came from the program's history (the import of past years' files; decision 55):
    #: such a project is read-only, its number is the program's own file number. None, made in Accord.
    imported_at = models.DateTimeField(
        _("imported from the program's history on"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Counts the edits: an edit form carries the revision it started from (optimistic locking).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    history = HistoricalRecords(
        excluded_fields=["search_text", "created_at", "updated_at", "revision", "status_entered_at"]
    )
    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["region", "period", "status"], name="funding_project_pipeline"),
            models.Index(fields=["status", "-created_at"], name="funding_project_status"),
            # The work queues: projects in a status, the longest waiting first.
            models.Index(fields=["status", "status_entered_at"], name="funding_project_waiting"),
            models.Index(fields=["carrier", "-created_at"], name="funding_project_carrier"),
            # The public list: the published projects, latest first (a few among thousands).
            models.Index(
                fields=["-published_at"], name="funding_project_published", condition=Q(published_at__isnull=False)
            ),
            # The similar projects' index in each process reads the projects changed since it last looked
            # (funding.similarity; decision 56): a few rows among 100,000.
            models.Index(fields=["updated_at"], name="funding_project_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProjectStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A project cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_at__isnull=False),
                name="%(app_label)s_%(class)s_grant_dated",
            ),
            # A public page says what was financed: it is never published without its summary.
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(public_summary=""),
                name="%(app_label)s_%(class)s_published_with_summary",
                violation_error_message=_("Write the public summary before publishing the project."),
            ),
            # The impact's figures (funding.impact.refusals says why in words; decision 40).
            models.CheckConstraint(
                condition=Q(expected_export_sales__lte=models.F("expected_sales"))
                & (
                    Q(actual_export_sales__isnull=True)
                    | Q(actual_sales__isnull=True)
                    | Q(actual_export_sales__lte=models.F("actual_sales"))
                ),
                name="%(app_label)s_%(class)s_export_within_sales",
                violation_error_message=_("Export sales are part of the additional sales: they cannot exceed them."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(expected_export_contracts=0, expected_export_contracts_amount=0)
                    | Q(expected_export_contracts__gt=0, expected_export_contracts_amount__gt=0)
                )
                & (
                    Q(actual_export_contracts__isnull=True, actual_export_contracts_amount__isnull=True)
                    | Q(actual_export_contracts=0, actual_export_contracts_amount=0)
                    | Q(actual_export_contracts__gt=0, actual_export_contracts_amount__gt=0)
                ),
                name="%(app_label)s_%(class)s_export_contracts_valued",
                violation_error_message=_("Export contracts have an amount, and an amount has its contracts."),
            ),
            models.CheckConstraint(
                condition=Q(expected_public_investment__gte=0)
                & Q(expected_export_sales__gte=0)
                & Q(expected_export_contracts_amount__gte=0)
                & (Q(actual_public_investment__isnull=True) | Q(actual_public_investment__gte=0))
                & (Q(actual_export_sales__isnull=True) | Q(actual_export_sales__gte=0))
                & (Q(actual_export_contracts_amount__isnull=True) | Q(actual_export_contracts_amount__gte=0)),
                name="%(app_label)s_%(class)s_impact_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("funding:project_detail", args=[self.pk])

    def get_public_url(self) -> str:
        """Its public page (a 404 unless published)."""
        return reverse("funding_public:project_detail", args=[self.pk])

    @property
    def shown_public_summary(self) -> str:
        """The English public summary when English is active and given, else the French one."""
        if (translation.get_language() or "fr")[:2] == "en" and self.public_summary_en:
            return self.public_summary_en
        return self.public_summary

    @property
    def public_summary_lang(self) -> str:
        """ "fr" when an English page shows the French summary (for the lang attribute), else ""."""
        english = (translation.get_language() or "fr")[:2] == "en"
        return "fr" if english and not self.public_summary_en else ""

    @property
    def title_lang(self) -> str:
        """ "fr" on an English page: a project's title is the carrier's, in French."""
        return "fr" if (translation.get_language() or "fr")[:2] == "en" else ""


class SimilarPair(models.Model):
    """A project and one very similar to it (decision 56), found when the project was written.

    Kept by the services in the transaction that writes the project's title or summary (the pairs of
    that project are found again, those pointing at it dropped), so the complementarities between
    niches count them with one query. Derived, like a search index: rows come and go with the texts.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="similar_pairs")
    other = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("similarity"))

    class Meta:
        verbose_name = _("pair of similar projects")
        verbose_name_plural = _("pairs of similar projects")
        indexes = [models.Index(fields=["other"], name="funding_similar_other")]
        constraints = [
            models.UniqueConstraint(fields=["project", "other"], name="%(app_label)s_%(class)s_once"),
            models.CheckConstraint(condition=~Q(project=models.F("other")), name="%(app_label)s_%(class)s_two"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} ~ {self.other_id} ({self.score:.2f})"


class ProjectCreneau(models.Model):
    """A niche the project serves; each niche's committee approves it by resolution."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="creneau_links")
    creneau = models.ForeignKey(
        Creneau, verbose_name=_("niche"), on_delete=models.PROTECT, related_name="project_links"
    )
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("niche committee resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("niche of the project")
        verbose_name_plural = _("niches of the project")
        constraints = [
            models.UniqueConstraint(fields=["project", "creneau"], name="%(app_label)s_%(class)s_unique"),
        ]
        indexes = [models.Index(fields=["creneau", "project"], name="funding_projectcreneau_niche")]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.creneau_id}"


class ProjectPartner(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partner_links")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role in the project"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.organisation_id}"


class ProjectCost(models.Model):
    """A line of the budget."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="costs")
    category = models.CharField(_("category"), max_length=20, choices=CostCategory.choices)
    description = models.CharField(_("description"), max_length=200, blank=True)
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=CostCategory.values), name="%(app_label)s_%(class)s_category_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.amount}"


class ProjectFunding(models.Model):
    """A line of the financing plan other than the FSDCE request (which is the project's own field)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="financing")
    source = models.CharField(_("source"), max_length=20, choices=FinancingSource.choices)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("financing line")
        verbose_name_plural = _("financing plan")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=[FinancingSource.OWN, FinancingSource.PUBLIC, FinancingSource.PRIVATE]),
                name="%(app_label)s_%(class)s_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.amount}"


def project_document_path(instance: ProjectDocument, filename: str) -> str:
    """A random folder per file: a project's documents cannot be found by guessing their names."""
    return unguessable_path(f"funding/{instance.project_id}", filename)


class Audience(models.TextChoices):
    """Who may read a timeline entry, its note, a document or an email about a project.

    Each audience includes the ones after it: the ministry (and the regional office covering
    the project's region) reads everything; the committees and their coordinators read what
    is theirs and the carrier's; the carrier reads only what is addressed to it
    (workflow.EVENT_AUDIENCE, policies.reader_audience).
    """

    CARRIER = "carrier", _("Carrier and everyone who sees the project")
    COMMITTEE = "committee", _("Committee members and staff")
    MINISTRY = "ministry", _("Ministry and regional office staff only")


class ProjectDocument(models.Model):
    """A document filed with the project: one the guide requires, a claim's proof, the agreement…

    Its audience is chosen when it is filed: a carrier's own documents are the carrier's.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    #: The fund guide's required document this one is (its title in the guide), blank for another document.
    kind = models.CharField(_("type of document"), max_length=200, blank=True, default="")
    # A title the system composes ("Proof: …"), rendered in the reader's language (accord.core.i18n).
    title_message = system_text_field()
    file = models.FileField(_("file"), upload_to=project_document_path, max_length=300)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    audience = models.CharField(
        _("who may read it"), max_length=20, choices=Audience.choices, default=Audience.MINISTRY
    )
    #: The newer version that replaced this one: a replaced version is kept, as the document's history.
    replaced_by = models.ForeignKey(
        "self", verbose_name=_("replaced by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="%(app_label)s_%(class)s_audience_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.shown_title

    @property
    def shown_title(self) -> str:
        """The title in the reader's language when the system wrote it, else as the carrier typed it."""
        return render_message(self.title_message, self.title)


class GrantSignature(models.Model):
    """A ministry officer's signature on a grant (two above the guide's threshold)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="signatures")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)
    amount = money_field(_("amount"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "signed_by"], name="%(app_label)s_%(class)s_once"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.signed_by_id}"


# --- The agreement ---------------------------------------------------------------------------


class Agreement(models.Model):
    """The terms of the agreement the ministry signs with the carrier once the aid is granted.

    Its conditions, its payment schedule (instalments by milestone, adding up to the aid
    granted), the holdback kept until the final report is accepted, and the reporting dates.
    The terms are drafted while the project is granted and frozen once the agreement is
    signed; the agreement's PDF is generated from them (decision 32).
    """

    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="agreement")
    conditions = models.TextField(
        _("particular conditions"), blank=True, help_text=_("What the carrier undertakes beyond the fund guide.")
    )
    holdback_rate = models.DecimalField(
        _("holdback (%)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("10.0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("50"))],
        help_text=_("The share of the aid kept until the final report is accepted (0 to 50 %)."),
    )
    holdback = money_field(_("holdback"), default=ZERO, editable=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(holdback_rate__gte=0) & Q(holdback_rate__lte=50),
                name="%(app_label)s_%(class)s_holdback_rate_range",
                violation_error_message=_("The holdback is between 0 and 50 % of the aid."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}"


class AgreementInstalment(models.Model):
    """A line of the agreement's payment schedule: an instalment claimable from its milestone's date."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="instalments")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    milestone = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("from"))
    amount = money_field(_("amount"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instalment of the schedule")
        verbose_name_plural = _("payment schedule")
        ordering = ["due_on", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="%(app_label)s_%(class)s_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} ({self.due_on}): {self.amount}"


class ReportingDate(models.Model):
    """A report the carrier owes the ministry under the agreement, and when."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reporting_dates")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    report = models.CharField(_("report"), max_length=200)
    due_on = models.DateField(_("due on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting date")
        verbose_name_plural = _("reporting dates")
        ordering = ["due_on", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.report} ({self.due_on})"


class ClaimStatus(models.TextChoices):
    CLAIMED = "claimed", _("Claimed")
    PAID = "paid", _("Paid")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    REJECTED = "rejected", pgettext_lazy("claim status", "Rejected")


#: A claim the ministry paid, in full or in part: what was paid is on the ledger.
PAID_CLAIMS = (ClaimStatus.PAID, ClaimStatus.PARTLY_PAID)


class Disbursement(models.Model):
    """An instalment of the aid, paid against a claim with its proof.

    The ministry pays up to the amount claimed; what it does not pay is closed as not paid,
    the reason in `note`. `paid_amount` is what the ledger's disbursement records.
    """

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="disbursements")
    amount = money_field(_("amount claimed"))
    claim = models.TextField(_("claim"), help_text=_("What the instalment pays for."))
    #: The claim's words when the system wrote them (the final payment of the holdback).
    claim_message = system_text_field()
    proof = models.ForeignKey(
        ProjectDocument, verbose_name=_("proof"), on_delete=models.PROTECT, related_name="+", null=True
    )
    status = models.CharField(_("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.CLAIMED)
    paid_amount = models.DecimalField(
        _("amount paid"), max_digits=14, decimal_places=2, null=True, blank=True, validators=POSITIVE
    )
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["claimed_at", "pk"]
        # The ministry's "claims to pay": the claims waiting, the oldest first.
        indexes = [models.Index(fields=["status", "claimed_at"], name="funding_claim_waiting")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(paid_amount__isnull=True) | Q(paid_amount__lte=models.F("amount")),
                name="%(app_label)s_%(class)s_paid_within_claim",
                violation_error_message=_("The ministry pays at most the amount claimed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.amount} ({self.get_status_display()})"

    @property
    def paid(self) -> Decimal:
        """What the ministry paid of the claim (the whole claim for a payment recorded without the amount)."""
        if self.status not in PAID_CLAIMS:
            return ZERO
        return self.amount if self.paid_amount is None else self.paid_amount

    @property
    def shown_claim(self) -> str:
        """What the instalment pays for, in the reader's language when the system wrote it."""
        return render_message(self.claim_message, self.claim)

    @property
    def not_paid(self) -> Decimal:
        """What the ministry closed as not paid: the rest of a partial payment, or a rejected claim."""
        if self.status == ClaimStatus.CLAIMED:
            return ZERO
        return self.amount - self.paid


# --- The envelope's ledger --------------------------------------------------------------------


class EntryKind(models.TextChoices):
    COMMITMENT = "commitment", _("Commitment")
    RELEASE = "release", _("Release of an unspent commitment")
    DISBURSEMENT = "disbursement", _("Disbursement")


class LedgerEntry(models.Model):
    """One movement on an envelope. Append-only: a mistake is corrected by another entry.

    committed = commitments - releases; available = envelope - committed; disbursed =
    disbursements (paid out of what was committed, so they do not change `available`).
    """

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="entries")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    recorded_at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    note_message = system_text_field()

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger")
        ordering = ["recorded_at", "pk"]
        indexes = [models.Index(fields=["envelope", "kind"], name="funding_ledger_envelope")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EntryKind.values), name="%(app_label)s_%(class)s_kind_valid"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="%(app_label)s_%(class)s_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    @property
    def shown_note(self) -> str:
        """The note in the reader's language when the system wrote it ("Unspent at closing")."""
        return render_message(self.note_message, self.note)


# --- The project's timeline -------------------------------------------------------------------


class EventKind(models.TextChoices):
    """What a timeline entry records: a step of the pipeline (workflow.Action) or another event."""

    # The steps of the pipeline: they move the project (workflow.TRANSITIONS).
    SUBMIT = "submit", _("Submitted")
    RESUBMIT = "resubmit", _("Resubmitted to the ministry's analysis")
    NICHE_APPROVE = "niche_approve", _("Approved by the niche committee")
    REGIONAL_APPROVE = "regional_approve", _("Approved by the regional committee")
    DELEGATED_GRANT = "delegated_grant", _("Granted by the regional committee under a delegation")
    GRANT = "grant", _("Granted by the ministry")
    SIGN = "sign", _("First ministry signature")
    COUNTERSIGN = "countersign", _("Granted on the second ministry signature")
    REFUSE = "refuse", _("Refused")
    RETURN = "return", _("Returned for changes")
    WITHDRAW = "withdraw", _("Withdrawn")
    SIGN_AGREEMENT = "sign_agreement", _("Agreement signed")
    REPORT = "report", _("Final report submitted")
    CLOSE = "close", pgettext_lazy("project step", "Closed")
    # What else happens to a project.
    CREATE = "create", _("Draft created")
    UPDATE = "update", _("Draft changed")
    DOCUMENT = "document", _("Document filed")
    ANALYSIS = "analysis", _("Ministry analysis recorded")
    CLAIM = "claim", _("Instalment claimed")
    PAID = "paid", _("Instalment paid")
    CLAIM_REJECTED = "claim_rejected", _("Claim rejected")
    AGREEMENT_TERMS = "agreement_terms", _("Agreement's terms drafted")
    RESOLUTION = "resolution", _("Resolution recorded")
    DOCUMENT_DESTROYED = "document_destroyed", _("Document destroyed at the end of its retention period")
    PUBLISH = "publish", _("Published on the public site")
    UNPUBLISH = "unpublish", _("Removed from the public site")


class ProjectEvent(models.Model):
    """Append-only timeline of a project: who moved it where, when, why, by which resolution."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=40, choices=EventKind.choices)
    from_status = models.CharField(_("from"), max_length=30, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=30, choices=ProjectStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    note = models.TextField(_("note"), blank=True)
    note_message = system_text_field()
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, null=True, blank=True)
    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("under the delegation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    #: Who reads the entry and its note: workflow.EVENT_AUDIENCE's for its kind, set by the services.
    audience = models.CharField(
        _("who may read it"), max_length=20, choices=Audience.choices, default=Audience.MINISTRY
    )

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["project", "-occurred_at"], name="funding_event_project"),
            # When a project entered its status (the work queues' ages): its latest event leading there.
            models.Index(fields=["project", "to_status", "-occurred_at"], name="funding_event_entered"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=EventKind.values), name="%(app_label)s_%(class)s_action_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="%(app_label)s_%(class)s_audience_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def label(self) -> str:
        """The timeline's words for what happened: a return from the final report is the report's."""
        if self.action == EventKind.RETURN and self.from_status == ProjectStatus.FINAL_REPORT:
            return str(_("Final report returned to the carrier"))
        return self.get_action_display()

    @property
    def shown_note(self) -> str:
        """The note in the reader's language when the system wrote it; a person's reasons as written."""
        return render_message(self.note_message, self.note)


class AboveShareDecision(models.Model):
    """A decision that took a niche above its fair share of the envelope plus the margin, and why.

    Written by the service that decides (the regional committee's resolution, a delegated grant,
    the ministry's grant), in the decision's transaction, once per niche taken over. The figures
    are those the deciders had in front of them, kept as they were. The committee's reasons are
    the resolution's justification (governance); the ministry's are written here.
    """

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="above_share_decisions")
    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="above_share_decisions")
    creneau = models.ForeignKey(Creneau, verbose_name=_("niche"), on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("decision"), max_length=40, choices=EventKind.choices)
    amount = money_field(_("aid decided"))
    target = money_field(_("fair share"))
    margin = models.DecimalField(_("margin (%)"), max_digits=5, decimal_places=2)
    committed = money_field(_("committed before the decision"))
    reaching = money_field(_("committed with the decision"))
    resolution = models.ForeignKey(
        Resolution, verbose_name=_("resolution"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    justification = models.TextField(_("justification"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("decision above fair share")
        verbose_name_plural = _("decisions above fair share")
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["envelope", "-decided_at"], name="funding_above_share_envelope")]
        constraints = [
            # The reasons are written: on the committee's resolution, or here for the ministry.
            models.CheckConstraint(
                condition=Q(resolution__isnull=False) | ~Q(justification=""),
                name="%(app_label)s_%(class)s_justified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.creneau_id} {self.action}"

    @property
    def ceiling(self) -> Decimal:
        """The fair share plus the margin: what the niche may reach without a written justification."""
        return self.target * (1 + self.margin / 100)

    @property
    def over(self) -> Decimal:
        """How far the decision took the niche above its fair share plus the margin."""
        return (self.reaching - self.ceiling).quantize(Decimal("0.01"))

    @property
    def reasons(self) -> str:
        """The written justification: the resolution's for a committee, the ministry's own otherwise."""
        return self.resolution.justification if self.resolution is not None else self.justification


# --- The program's project history (decision 55) ----------------------------------------------


class ProjectImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    REJECTED = "rejected", _("Refused: nothing was saved")
    APPLIED = "applied", _("Imported")


class ProjectImport(models.Model):
    """One file of the program's past projects, from its check to its import (funding.imports).

    The audit of an import: who uploaded it, when, the file's name and what it did (rows, new and
    updated projects). The file itself is kept only between the check and the confirmation, so
    that the rows confirmed are the rows checked; it is emptied once the import is applied or
    refused. `results` keeps each row's outcome for the preview of a small file, and the
    refusals of a large one.
    """

    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"), blank=True, default=b"")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectImportStatus.choices, default=ProjectImportStatus.PREVIEWED
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("rows refused"), default=0)
    created_count = models.PositiveIntegerField(_("new projects"), default=0)
    updated_count = models.PositiveIntegerField(_("projects updated"), default=0)
    #: One {"number", "reference", "title", "action", "errors"} per row shown (funding.imports.RowResult).
    results = models.JSONField(_("results"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import of the program's history")
        verbose_name_plural = _("imports of the program's history")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProjectImportStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True) | Q(status=ProjectImportStatus.APPLIED),
                name="%(app_label)s_%(class)s_applied_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.uploaded_at:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("funding:history_import_detail", args=[self.pk])
