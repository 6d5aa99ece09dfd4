"""Users and their roles.

A user signs in with an email address. What they may do follows from role assignments:
data rows scoped to the whole program, a region or a créneau, with a start and an end,
never from a global flag alone. Governance mandates add to these powers later.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken
from simple_history import register
from simple_history.models import HistoricalRecords

from accord.core.collation import COLLATION


class UserManager(BaseUserManager["User"]):
    """Creates users keyed by a lower-cased email address."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=self.normalize_email(username))

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in to Accord, identified by email."""

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True, db_collation=COLLATION)
    last_name = models.CharField(_("last name"), max_length=150, blank=True, db_collation=COLLATION)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="fr"
    )
    person = models.OneToOneField(
        "registry.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("technical administrator"),
        default=False,
        help_text=_("May open the technical administration site."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Off unless the user asks: an email every morning is welcome only to those who want it.
    queue_digest = models.BooleanField(
        _("daily digest of my work queues"),
        default=False,
        help_text=_("One email each morning listing what waits for you, sent only when something does."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=Q(email=Lower("email")),
                name="%(app_label)s_%(class)s_email_lower_case",
                violation_error_message=_("Email addresses are stored in lower case."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def clean(self) -> None:
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Role(models.TextChoices):
    """Staff roles of the foundation. Committee powers come from governance mandates."""

    MINISTRY = "ministry", _("Ministry staff")
    REGIONAL_OFFICE = "regional_office", _("Regional office staff")
    # Law 25: the person in charge of the protection of personal information (decision 18).
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def current(self, on: Any = None) -> RoleAssignmentQuerySet:
        """Assignments in force on a day (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on), starts_on__lte=on)


class RoleAssignment(models.Model):
    """Gives a user a role over the whole program or one region, for a period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    # The first day without the role: ending a role today removes its powers at once.
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=Role.values),
                name="%(app_label)s_%(class)s_role_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(role__in=[Role.MINISTRY, Role.PRIVACY_OFFICER], region__isnull=True)
                    | Q(role=Role.REGIONAL_OFFICE, region__isnull=False)
                ),
                name="%(app_label)s_%(class)s_scope_matches_role",
                violation_error_message=_(
                    "Ministry staff and the privacy officer cover the whole program; regional office staff one region."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("A role cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        if self.region_id:
            return f"{self.get_role_display()} — {self.region}"
        return str(self.get_role_display())

    def is_current(self, on: Any = None) -> bool:
        on = on or timezone.localdate()
        return self.starts_on <= on and (self.ends_on is None or self.ends_on > on)


class SecondFactorEventKind(models.TextChoices):
    """What happened to a user's second factor (shown in the account's history)."""

    ADDED = "added", _("Second factor added")
    REMOVED = "removed", _("Second factor removed")
    BACKUP_CODES = "backup_codes", _("Backup codes generated")
    BACKUP_CODE_USED = "backup_code_used", _("Backup code used")
    RESET = "reset", _("Second factor reset")


class SecondFactorEvent(models.Model):
    """Append-only: a second factor added to or removed from an account, by whom, when and why.

    Also the backup codes generated and each one used, and a reset by the ministry or the
    technical administrator (its reason is required).

    The devices themselves are django-otp's rows, which change at every sign-in (the last
    time step used, the failure count): their history would drown these two facts.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="second_factor_events"
    )
    kind = models.CharField(_("event"), max_length=16, choices=SecondFactorEventKind.choices)
    device_name = models.CharField(_("device"), max_length=64, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("second factor event")
        verbose_name_plural = _("second factor events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"], name="accounts_2fa_event_user_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SecondFactorEventKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.device_name}"


# API tokens are django-rest-knox's (only a hash of each is stored; each expires). Their
# history, kept here, says who issued and who revoked each one, when and why.
register(AuthToken, app="accord.accounts")
