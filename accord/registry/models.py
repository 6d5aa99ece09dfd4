"""The registry: regions, créneaux, organisations and people.

This is the most upstream domain context; every other context points at it. Writes go
through `services.py`; every model here keeps a full change history (django-simple-history)
so the back office can show who changed which field, when and why.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accord.core.collation import COLLATION
from accord.core.i18n import localized
from accord.core.models import SearchIndexedModel, SearchQuerySet, TimeStampedModel
from accord.core.text import normalize

from .validators import validate_neq

region_code_validator = RegexValidator(
    r"^[0-9A-Z][0-9A-Z-]{0,9}$", _("A region code is made of digits or capital letters, for example 05.")
)


# --- Regions -------------------------------------------------------------------------------


class RegionQuerySet(SearchQuerySet):
    def with_resource_status(self, on: datetime.date | None = None) -> RegionQuerySet:
        """Annotate `resource_region`: whether the region is a resource region on that day."""
        on = on or timezone.localdate()
        current = ResourceRegionStatus.objects.filter(region=OuterRef("pk")).in_force(on)
        return self.annotate(resource_region=Exists(current))


class Region(SearchIndexedModel):
    """An administrative region (Québec has 17, coded 01 to 17)."""

    SEARCH_FIELDS = ("code", "name")

    code = models.CharField(_("code"), max_length=10, unique=True, validators=[region_code_validator])
    name = models.CharField(_("name"), max_length=120, db_collation=COLLATION)
    # Counts the edits: an edit form carries the revision it started from (optimistic locking).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text", "revision"])
    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("registry:region_detail", args=[self.code])

    def is_resource_region(self, on: datetime.date | None = None) -> bool:
        """Whether a resource-region status is in force on that day (today by default)."""
        annotated = getattr(self, "resource_region", None)
        if annotated is not None and on is None:
            return bool(annotated)
        return self.resource_statuses.in_force(on or timezone.localdate()).exists()  # type: ignore[attr-defined]


class ResourceRegionStatusQuerySet(models.QuerySet["ResourceRegionStatus"]):
    def in_force(self, on: datetime.date) -> ResourceRegionStatusQuerySet:
        """Statuses whose validity period contains the day."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)


class ResourceRegionStatus(models.Model):
    """A period during which a region is a resource region (larger fund envelope).

    The list of resource regions changes over time and between programs, so the status
    is dated data, never a constant.
    """

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="resource_statuses"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Leave empty while in force."))
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = ResourceRegionStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource-region status")
        verbose_name_plural = _("resource-region statuses")
        ordering = ["region", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_to_after_from",
                violation_error_message=_("The end of validity cannot come before its start."),
            ),
        ]

    def __str__(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.region.code}: {self.valid_from.isoformat()} → {end}"


# --- Créneaux ------------------------------------------------------------------------------


class CreneauCategory(models.TextChoices):
    """The ministry's classification of a créneau."""

    LEADER = "leader", _("Leader")
    ASSOCIATE = "associate", _("Associate")
    EMERGING = "emerging", _("Emerging")
    UNDER_EVALUATION = "under_evaluation", _("Under evaluation")


class RecognitionStage(models.TextChoices):
    """Steps towards recognition, in order."""

    PRINCIPLE_AGREEMENT = "principle_agreement", _("Named in the agreement in principle")
    STRATEGY_AUTHORISED = "strategy_authorised", _("Authorised to prepare its strategy")
    RECOGNISED = "recognised", _("Recognised (implementation agreement signed)")


STAGE_ORDER = list(RecognitionStage.values)


class ManagementStructure(models.TextChoices):
    """Who hosts the créneau's coordination."""

    HOST_ORGANISATION = "host_organisation", _("Hosted by a partner organisation")
    DEDICATED_NONPROFIT = "dedicated_nonprofit", _("Dedicated non-profit organisation")


class CreneauQuerySet(SearchQuerySet):
    def active(self) -> CreneauQuerySet:
        """Créneaux not ended by a merger or a withdrawal."""
        return self.filter(ended_on__isnull=True)

    def in_region(self, region: Region | int) -> CreneauQuerySet:
        return self.filter(regions=region)


class Creneau(SearchIndexedModel, TimeStampedModel):
    """A créneau d'excellence: a regional (or interregional) industry cluster."""

    SEARCH_FIELDS = ("name_fr", "name_en", "industry_fr", "industry_en", "slug")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=200, db_collation=COLLATION)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True, db_collation=COLLATION)
    description_fr = models.TextField(_("definition (French)"), blank=True)
    description_en = models.TextField(_("definition (English)"), blank=True)
    industry_fr = models.CharField(_("industry (French)"), max_length=200, blank=True)
    industry_en = models.CharField(_("industry (English)"), max_length=200, blank=True)
    regions: models.ManyToManyField[Region, CreneauRegion] = models.ManyToManyField(
        Region, verbose_name=_("regions"), through="CreneauRegion", related_name="creneaux"
    )
    category = models.CharField(_("category"), max_length=20, choices=CreneauCategory.choices)
    recognition_stage = models.CharField(_("recognition stage"), max_length=30, choices=RecognitionStage.choices)
    principle_agreement_on = models.DateField(_("agreement in principle signed on"), null=True, blank=True)
    strategy_authorised_on = models.DateField(_("strategy authorised on"), null=True, blank=True)
    implementation_agreement_on = models.DateField(_("implementation agreement signed on"), null=True, blank=True)
    management_structure = models.CharField(
        _("management structure"), max_length=30, choices=ManagementStructure.choices, blank=True
    )
    management_organisation = models.ForeignKey(
        "Organisation",
        verbose_name=_("managing organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_creneaux",
    )
    # The holder of the coordinator mandate on the créneau's niche committee, kept here by
    # governance's services in the same transaction as the mandate (decision 23): the registry
    # reads it cheaply and never edits it.
    coordinator = models.ForeignKey(
        "Person",
        verbose_name=_("coordinator"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="coordinated_creneaux",
        help_text=_("The holder of the coordinator mandate on the niche committee."),
    )
    website = models.URLField(_("website"), blank=True)
    predecessors = models.ManyToManyField(
        "self", verbose_name=_("predecessors"), symmetrical=False, blank=True, related_name="successors"
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True, help_text=_("Date of a merger or withdrawal."))
    # Counts the edits: an edit form carries the revision it started from (optimistic locking).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["search_text", "created_at", "updated_at", "revision"])
    objects = CreneauQuerySet.as_manager()

    class Meta:
        verbose_name = _("niche")
        verbose_name_plural = _("niches")
        ordering = ["name_fr"]
        # The active créneaux counted on every landing page: a narrow index, not a pass over wide rows.
        indexes = [models.Index(fields=["id"], condition=Q(ended_on__isnull=True), name="registry_creneau_active")]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=CreneauCategory.values),
                name="%(app_label)s_%(class)s_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(recognition_stage__in=RecognitionStage.values),
                name="%(app_label)s_%(class)s_stage_valid",
            ),
            # A date can only be recorded for a step the créneau has reached.
            models.CheckConstraint(
                condition=Q(strategy_authorised_on__isnull=True)
                | Q(recognition_stage__in=[RecognitionStage.STRATEGY_AUTHORISED, RecognitionStage.RECOGNISED]),
                name="%(app_label)s_%(class)s_strategy_date_needs_stage",
                violation_error_message=_("A strategy authorisation date needs the matching recognition stage."),
            ),
            models.CheckConstraint(
                condition=Q(implementation_agreement_on__isnull=True)
                | Q(recognition_stage=RecognitionStage.RECOGNISED),
                name="%(app_label)s_%(class)s_implementation_date_needs_stage",
                violation_error_message=_("An implementation agreement date means the niche is recognised."),
            ),
            # The steps follow each other, and a créneau ends after it began.
            models.CheckConstraint(
                condition=Q(strategy_authorised_on__isnull=True)
                | Q(principle_agreement_on__isnull=True)
                | Q(strategy_authorised_on__gte=F("principle_agreement_on")),
                name="%(app_label)s_%(class)s_strategy_after_principle",
                violation_error_message=_("The strategy cannot be authorised before the agreement in principle."),
            ),
            models.CheckConstraint(
                condition=Q(implementation_agreement_on__isnull=True)
                | Q(strategy_authorised_on__isnull=True)
                | Q(implementation_agreement_on__gte=F("strategy_authorised_on")),
                name="%(app_label)s_%(class)s_implementation_after_strategy",
                violation_error_message=_(
                    "The implementation agreement cannot come before the strategy's authorisation."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(principle_agreement_on__isnull=True)
                | Q(ended_on__gte=F("principle_agreement_on")),
                name="%(app_label)s_%(class)s_ends_after_it_began",
                violation_error_message=_("A niche cannot end before its agreement in principle."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:creneau_detail", args=[self.slug])

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def description(self) -> str:
        return localized(self, "description")

    @property
    def industry(self) -> str:
        return localized(self, "industry")

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        dates = [
            ("principle_agreement_on", self.principle_agreement_on),
            ("strategy_authorised_on", self.strategy_authorised_on),
            ("implementation_agreement_on", self.implementation_agreement_on),
        ]
        known = [(name, d) for name, d in dates if d is not None]
        for (_earlier_name, earlier), (later_name, later) in itertools.pairwise(known):
            if later < earlier:
                errors[later_name] = _("The recognition steps must be in chronological order.")
        reached = STAGE_ORDER.index(self.recognition_stage) if self.recognition_stage in STAGE_ORDER else -1
        for index, (name, value) in enumerate(dates):
            if value is not None and index > reached:
                errors[name] = _("This date belongs to a recognition stage the niche has not reached.")
        if errors:
            raise ValidationError(errors)


class CreneauRegion(models.Model):
    """A region a créneau belongs to; interregional créneaux have several."""

    creneau = models.ForeignKey(Creneau, verbose_name=_("niche"), on_delete=models.CASCADE, related_name="region_links")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="creneau_links")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region of a niche")
        verbose_name_plural = _("regions of niches")
        constraints = [
            models.UniqueConstraint(fields=["creneau", "region"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.creneau} – {self.region}"


# --- Organisations -------------------------------------------------------------------------


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    RESEARCH_CENTRE = "research_centre", _("Research centre")
    COLLEGE_UNIVERSITY = "college_university", _("College or university")
    SECTOR_ASSOCIATION = "sector_association", _("Sector association")
    ECONOMIC_DEVELOPMENT = "economic_development", _("Economic development body (CLD, CRÉ, SADC…)")
    PUBLIC_BODY = "public_body", _("Public body")
    FOREIGN_CLUSTER = "foreign_cluster", _("Foreign cluster")
    OTHER = "other", _("Other")


class SizeBand(models.TextChoices):
    """Employee count bands (Statistics Canada's business-count bands, grouped)."""

    MICRO = "micro", _("Micro (1 to 4 employees)")
    SMALL = "small", _("Small (5 to 99 employees)")
    MEDIUM = "medium", _("Medium (100 to 499 employees)")
    LARGE = "large", _("Large (500 employees or more)")


class TransformationLevel(models.TextChoices):
    FIRST = "first", _("1st transformation")
    SECOND = "second", _("2nd transformation")
    THIRD = "third", _("3rd transformation")


LARGE_ENTERPRISE_SIZE = _(
    "A large enterprise has at least 100 employees: choose its size band or clear “large enterprise”."
)
ENTERPRISE_ONLY_FIELDS = ("neq", "size_band", "is_leader", "is_large_enterprise", "transformation_level")


class OrganisationQuerySet(SearchQuerySet):
    def enterprises(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.ENTERPRISE)


class Organisation(SearchIndexedModel, TimeStampedModel):
    """An enterprise, research centre, school, association, public body or foreign cluster."""

    SEARCH_FIELDS = ("name", "neq", "city")

    name = models.CharField(_("name"), max_length=200, db_collation=COLLATION)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    description = models.TextField(_("description"), blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Contact details: shown only to staff whose scope covers the organisation.
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Enterprise-only facts.
    # NULL, not "", for "no NEQ": the unique constraint must allow many organisations without one.
    neq = models.CharField(  # noqa: DJ001
        _("Québec enterprise number (NEQ)"), max_length=10, null=True, blank=True, validators=[validate_neq]
    )
    size_band = models.CharField(_("size"), max_length=10, choices=SizeBand.choices, blank=True)
    is_leader = models.BooleanField(_("leader enterprise"), default=False)
    is_large_enterprise = models.BooleanField(_("large enterprise"), default=False)
    transformation_level = models.CharField(
        _("transformation level"), max_length=10, choices=TransformationLevel.choices, blank=True
    )
    creneaux: models.ManyToManyField[Creneau, Membership] = models.ManyToManyField(
        Creneau, verbose_name=_("niches"), through="Membership", related_name="members", blank=True
    )
    # Counts the edits: an edit form carries the revision it started from (optimistic locking).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Fictional record of the demonstration."))
    # The public site and the API show published organisations only. One added by hand is
    # published at once; one created by an import waits for a person to publish it.
    is_published = models.BooleanField(
        _("published"), default=True, help_text=_("Shown on the public site and in the public API.")
    )
    import_batch = models.ForeignKey(
        "ImportBatch",
        verbose_name=_("created by the import"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )

    history = HistoricalRecords(excluded_fields=["search_text", "created_at", "updated_at", "revision"])
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "pk"]
        indexes = [
            # The lists' default order: without it, the first page sorts every organisation.
            models.Index(fields=["name", "id"], name="registry_org_name"),
            models.Index(fields=["region", "kind", "name"], name="registry_org_region_kind_name"),
            models.Index(fields=["kind", "name"], name="registry_org_kind_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["neq"],
                condition=Q(neq__isnull=False),
                name="%(app_label)s_%(class)s_neq_unique",
                violation_error_message=_("Another organisation already has this NEQ."),
            ),
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.ENTERPRISE)
                | Q(
                    neq__isnull=True, size_band="", is_leader=False, is_large_enterprise=False, transformation_level=""
                ),
                name="%(app_label)s_%(class)s_enterprise_fields_only_for_enterprises",
                violation_error_message=_(
                    "NEQ, size, leader, large-enterprise and transformation level apply to enterprises only."
                ),
            ),
            # Walkthrough B: "Small (5 to 99 employees)" beside "Large enterprise: yes" went unnoticed.
            models.CheckConstraint(
                condition=~Q(is_large_enterprise=True, size_band__in=[SizeBand.MICRO, SizeBand.SMALL]),
                name="%(app_label)s_%(class)s_large_enterprise_size",
                violation_error_message=LARGE_ENTERPRISE_SIZE,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:organisation_detail", args=[self.slug])

    @property
    def is_enterprise(self) -> bool:
        return self.kind == OrganisationKind.ENTERPRISE

    def clean(self) -> None:
        super().clean()
        if self.neq == "":
            self.neq = None
        if not self.is_enterprise:
            errors = {}
            for name in ENTERPRISE_ONLY_FIELDS:
                value = getattr(self, name)
                if value not in (None, "", False):
                    errors[name] = _("Only enterprises have this information.")
            if errors:
                raise ValidationError(errors)


class Membership(models.Model):
    """An organisation's membership in a créneau."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    creneau = models.ForeignKey(Creneau, verbose_name=_("niche"), on_delete=models.CASCADE, related_name="memberships")
    joined_on = models.DateField(_("member since"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "creneau"], name="%(app_label)s_%(class)s_unique"),
        ]
        indexes = [models.Index(fields=["creneau", "organisation"], name="registry_membership_creneau")]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.creneau}"


class MemberYear(models.Model):
    """How many of a créneau's member enterprises (published) joined it in a year (0: no date known),
    kept by the services in the transaction of each change (standing.py): the benchmark of the
    results' dashboards divides each créneau's figure by its members at the end of a year, the sum of
    these rows up to that year, instead of counting hundreds of thousands of memberships (decision 45)."""

    creneau = models.ForeignKey(Creneau, verbose_name=_("niche"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year joined"))
    enterprises = models.PositiveIntegerField(_("member enterprises"))

    class Meta:
        verbose_name = _("member enterprises by year joined")
        verbose_name_plural = _("member enterprises by year joined")
        constraints = [models.UniqueConstraint(fields=["creneau", "year"], name="registry_memberyear_one_per_year")]

    def __str__(self) -> str:
        return f"{self.creneau_id} {self.year}: {self.enterprises}"


# --- People --------------------------------------------------------------------------------


class Language(models.TextChoices):
    FRENCH = "fr", "Français"
    ENGLISH = "en", "English"


class PersonQuerySet(SearchQuerySet):
    pass


class Person(SearchIndexedModel, TimeStampedModel):
    """Someone active in the program: business person, coordinator, researcher, civil servant.

    Email and phone are personal details: only staff whose scope covers the person see them.
    """

    SEARCH_FIELDS = ("first_name", "last_name", "email")

    first_name = models.CharField(_("first name"), max_length=100, db_collation=COLLATION)
    last_name = models.CharField(_("last name"), max_length=100, db_collation=COLLATION)
    # NULL, not "", for "no email": the unique constraint must allow many people without one.
    email = models.EmailField(_("email"), null=True, blank=True)  # noqa: DJ001
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.FRENCH
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("The region whose office keeps this record up to date."),
    )
    organisations: models.ManyToManyField[Organisation, Affiliation] = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), through="Affiliation", related_name="people", blank=True
    )
    # Counts the edits: an edit form carries the revision it started from (optimistic locking).
    revision = models.PositiveIntegerField(_("revision"), default=1, editable=False)

    is_demo = models.BooleanField(_("demo data"), default=False, help_text=_("Fictional record of the demonstration."))

    history = HistoricalRecords(excluded_fields=["search_text", "created_at", "updated_at", "revision"])
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="registry_person_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(email__isnull=False),
                name="%(app_label)s_%(class)s_email_unique",
                violation_error_message=_("Another person already has this email address."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        super().clean()
        self.email = (self.email or "").strip().lower() or None


class Affiliation(models.Model):
    """A person's tie to an organisation, with their job title there."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="affiliations"
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="%(app_label)s_%(class)s_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "person"], name="registry_affiliation_org")]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation}"


# --- Imports -------------------------------------------------------------------------------


class ImportKind(models.TextChoices):
    ORGANISATIONS = "organisations", _("Organisations")
    PEOPLE = "people", _("People")


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    APPLYING = "applying", _("Being imported")
    APPLIED = "applied", _("Imported")
    REJECTED = "rejected", _("Rejected: nothing saved")
    FAILED = "failed", _("Stopped: partly imported")


class ImportBatch(models.Model):
    """One uploaded file of organisations or people, from preview to import.

    The file is kept so the import can be checked again at confirmation and audited later.
    An import is all or nothing: one invalid row and nothing is saved. Checking and saving
    run as background tasks (decision 26): `progress` counts the rows done by the running
    step, `results` keeps each row's outcome for the paginated preview.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    progress = models.PositiveIntegerField(_("rows done"), default=0)
    # One {"number", "label", "action", "errors"} per row, in file order.
    results = models.JSONField(_("results"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ImportKind.values), name="%(app_label)s_%(class)s_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()})"


# --- Law 25 -------------------------------------------------------------------------------


class AnonymisationBasis(models.TextChoices):
    """Why a person's information was anonymised: the legal basis recorded with the act."""

    REQUEST = "request", _("The person's request (Law 25: de-indexing and destruction)")
    PURPOSE_ACHIEVED = "purpose_achieved", _("The purposes for which it was collected are achieved")
    RETENTION = "retention", _("Its retention period has elapsed (retention rule)")


class Anonymisation(models.Model):
    """Append-only: a person's information replaced for good, on which legal basis, by whom and when.

    The person's row stays (mandates, votes and projects point to it) with neutral values;
    their history versions are rewritten the same way (decision 18). No row ever leaves.
    """

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="anonymisation"
    )
    basis = models.CharField(_("legal basis"), max_length=20, choices=AnonymisationBasis.choices)
    explanation = models.TextField(_("explanation"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when a retention rule did it."),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(basis__in=AnonymisationBasis.values), name="%(app_label)s_%(class)s_basis_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.get_basis_display()}"


# --- Partner search (decision 58) ----------------------------------------------------------


class OfferKind(models.TextChoices):
    """What an organisation declares: what it can do for others, or what it looks for."""

    CAPABILITY = "capability", _("Capability")
    NEED = "need", _("Need")


class OfferQuerySet(SearchQuerySet):
    def active(self) -> OfferQuerySet:
        """Offers not ended."""
        return self.filter(ended_at__isnull=True)


class Offer(SearchIndexedModel, TimeStampedModel):
    """A capability or a need an organisation declares, for members of other créneaux to find it.

    Nothing is deleted: an offer that no longer holds is ended (who, when, why), and every change
    is in its history. Who may declare comes from today's facts (policies.can_declare_offers).
    """

    SEARCH_FIELDS = ("label_fr", "label_en", "description", "sector")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="offers"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OfferKind.choices)
    label_fr = models.CharField(_("label (French)"), max_length=150)
    label_en = models.CharField(_("label (English)"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    sector = models.CharField(
        _("sector"), max_length=80, blank=True, help_text=_("One short word or two, for example: composites, welding.")
    )
    # The sector as the filter compares it (no accents, no case): « Soudage » and "soudage" are one.
    sector_key = models.CharField(max_length=80, blank=True, editable=False, db_index=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, editable=False)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["search_text", "sector_key", "created_at", "updated_at"])
    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("capability or need")
        verbose_name_plural = _("capabilities and needs")
        ordering = ["organisation", "kind", "label_fr", "pk"]
        indexes = [
            models.Index(fields=["organisation", "kind"], name="registry_offer_org_kind"),
            models.Index(fields=["kind", "sector"], condition=Q(ended_at__isnull=True), name="registry_offer_active"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OfferKind.values), name="%(app_label)s_%(class)s_kind_valid"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True, ended_by__isnull=True) | Q(ended_at__isnull=False),
                name="%(app_label)s_%(class)s_ended_by_needs_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sector_key = normalize(self.sector)[:80]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "sector" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sector_key"}
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return localized(self, "label")

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class ContactStatus(models.TextChoices):
    """Where a contact request stands: the coordinator forwards it or declines it."""

    PENDING = "pending", _("Waiting for the coordinator")
    FORWARDED = "forwarded", _("Forwarded")
    DECLINED = "declined", _("Declined")


class ContactRequest(models.Model):
    """A member's request to be put in touch with the organisation behind an offer.

    It goes to the coordinators of the organisation's créneaux, never to a personal address: they
    forward it or decline it with a note. Who handles it comes from today's coordinator mandates.
    """

    offer = models.ForeignKey(Offer, verbose_name=_("offer"), on_delete=models.PROTECT, related_name="contact_requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requester_organisation = models.ForeignKey(
        Organisation, verbose_name=_("on behalf of"), on_delete=models.PROTECT, related_name="contact_requests_sent"
    )
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(_("status"), max_length=20, choices=ContactStatus.choices, default=ContactStatus.PENDING)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "requested_at"], name="registry_contact_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ContactStatus.values), name="%(app_label)s_%(class)s_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=ContactStatus.PENDING) | Q(handled_at__isnull=False),
                name="%(app_label)s_%(class)s_handled_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester_organisation} → {self.offer}"
