"""Every write to accounts: creating users, granting and ending roles, second factors, API tokens."""

from __future__ import annotations

import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential
from knox.models import get_digest_token
from knox.settings import CONSTANTS, knox_settings

from accord.core import retention, tasks
from accord.core.links import site_url
from accord.core.services import apply_changes, attribute, create_with_history, delete_with_history, lock, record_event
from accord.core.validation import reject_nul_characters

from . import policies, selectors
from .models import AuthToken, Role, RoleAssignment, SecondFactorEvent, SecondFactorEventKind, User


@transaction.atomic
def create_user(
    *,
    actor: Any,
    email: str,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "fr",
) -> User:
    """Open an account (ministry only) and email its owner a link to choose a password."""
    if not policies.can_manage_users(actor):
        raise PermissionDenied(_("Only ministry staff may open accounts."))
    email = User.objects.normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": _("An account already exists for this address.")})
    user = User(email=email, first_name=first_name, last_name=last_name, preferred_language=preferred_language)
    user.set_unusable_password()
    create_with_history(user, actor=actor, reason=_("Account opened"))
    transaction.on_commit(lambda: send_invitation(user))
    return user


@transaction.atomic
def set_queue_digest(user: User, *, actor: Any, enabled: bool) -> bool:
    """A user turns their daily digest of work queues on or off (only their own).

    Returns whether anything changed; the change is in the account's history.
    """
    if actor is None or getattr(actor, "pk", None) != user.pk:
        raise PermissionDenied(_("Only the account's owner chooses their emails."))
    # Read again under the lock: the caller may hold the request's lazy user.
    account = User.objects.select_for_update().get(pk=user.pk)
    changed = apply_changes(account, {"queue_digest": enabled}, actor=actor, reason=_("Daily digest preference"))
    return bool(changed)


@transaction.atomic
def invite_person(person: Any, *, actor: Any, reason: str = "") -> User:
    """Open an account for a person of the registry and email them the invitation (staff).

    The account is tied to the person, in their language, with no password and no role: the
    invitation's link lets them choose a password (one click), and what they then see follows
    from their mandates and affiliations. A person invited earlier who never chose a password
    is sent the invitation again (recorded in the account's history); one who did is refused.
    """
    if not policies.can_invite_people(actor):
        raise PermissionDenied(_("Only ministry and regional-office staff invite people."))
    existing = User.objects.select_for_update().filter(person=person).first()
    if existing is not None:
        if existing.has_usable_password() or existing.last_login is not None or not existing.is_active:
            raise ValidationError(_("%(person)s already has an account.") % {"person": person})
        record_invitation_again(existing, actor=actor, reason=reason)
        return existing
    email = User.objects.normalize_email(person.email)
    if not email:
        raise ValidationError(_("%(person)s has no email address: add one before inviting them.") % {"person": person})
    if User.objects.filter(email=email).exists():
        raise ValidationError(_("Another account already uses the address %(email)s.") % {"email": email})
    user = User(
        email=email,
        first_name=person.first_name,
        last_name=person.last_name,
        preferred_language=person.preferred_language or "fr",
        person=person,
    )
    user.set_unusable_password()
    create_with_history(user, actor=actor, reason=reason or _("Invited to Accord"))
    transaction.on_commit(lambda: send_invitation(user))
    return user


def record_invitation_again(user: User, *, actor: Any, reason: str = "") -> None:
    """Send the invitation again to an account whose owner never chose a password, and record it."""
    lock(user)
    attribute(user, actor=actor, reason=reason or _("Invitation sent again"))
    user.save(update_fields=["email"])  # no change, but a history row saying who sent it again, and when
    transaction.on_commit(lambda: send_invitation(user))


def send_invitation(user: User) -> None:
    """Queue the welcome email with a one-time link to set a password, in the user's language."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(user.preferred_language):
        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
        context = {"user": user, "url": site_url(path)}
        subject = _("Your Accord account")
        body = render_to_string("accounts/email/invitation.txt", context)
    tasks.send_email.delay(subject=subject, body=body, to=[user.email])


@transaction.atomic
def grant_role(
    user: User,
    *,
    actor: Any,
    role: str,
    region: Any = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    note: str = "",
) -> RoleAssignment:
    """Give a user a staff role (ministry only). The same current role twice is refused."""
    if not policies.can_manage_users(actor):
        raise PermissionDenied(_("Only ministry staff may grant roles."))
    if role in (Role.MINISTRY, Role.PRIVACY_OFFICER):
        region = None
    duplicate = RoleAssignment.objects.current().filter(user=user, role=role, region=region)
    if duplicate.exists():
        raise ValidationError({"role": _("This user already holds this role.")})
    assignment = RoleAssignment(
        user=user,
        role=role,
        region=region,
        starts_on=starts_on or timezone.localdate(),
        ends_on=ends_on,
        granted_by=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
    create_with_history(assignment, actor=actor, reason=note)
    policies.forget_scope(user)
    return assignment


@transaction.atomic
def end_role(assignment: RoleAssignment, *, actor: Any, ends_on: datetime.date | None = None, reason: str = "") -> None:
    """End a role on a day (today by default); the assignment and its history stay."""
    assignment.refresh_from_db(from_queryset=RoleAssignment.objects.select_for_update())
    if not policies.can_manage_users(actor):
        raise PermissionDenied(_("Only ministry staff may end roles."))
    if assignment.user_id == getattr(actor, "pk", None) and assignment.role == Role.MINISTRY:
        raise ValidationError(_("You cannot end your own ministry role; ask a colleague."))
    ends_on = ends_on or timezone.localdate()
    if assignment.ends_on is not None and assignment.ends_on <= ends_on:
        raise ValidationError(_("This role has already ended."))
    apply_changes(assignment, {"ends_on": max(ends_on, assignment.starts_on)}, actor=actor, reason=reason)
    policies.forget_scope(assignment.user)


def start_totp_enrolment(user: User, *, actor: Any) -> TOTPDevice:
    """The authenticator app the user is adding: an unconfirmed TOTP device with a new secret.

    Showing the page again shows the same secret (the one unconfirmed device is kept), so
    a code read from an app set up a moment ago still matches. Only the owner enrols.
    """
    if not policies.can_manage_second_factors(actor, user):
        raise PermissionDenied(_("Only the owner of an account may add a second factor to it."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="", confirmed=False)
    return device


def confirm_totp_device(device: TOTPDevice, *, actor: Any, code: str, name: str = "") -> None:
    """Confirm a new authenticator app with a code it shows; the account's history records it.

    A wrong code changes nothing but the device's failure count (django-otp then makes
    each further try wait twice as long), which is why the refusal is raised only once
    the count is committed.
    """
    with transaction.atomic():
        lock(device)
        if not policies.can_manage_second_factors(actor, device.user):
            raise PermissionDenied(_("Only the owner of an account may add a second factor to it."))
        if device.confirmed:
            raise ValidationError(_("This authenticator app is already confirmed."))
        device.name = name.strip()
        reject_nul_characters(device)
        verified = device.verify_token(code.strip())
        if verified:
            device.confirmed = True
            device.save(update_fields=["name", "confirmed"])
            record_event(
                SecondFactorEvent,
                actor=actor,
                user=device.user,
                kind=SecondFactorEventKind.ADDED,
                device_name=device.name,
            )
    if not verified:
        raise ValidationError({"code": _("This code is not the one the app shows; try the current code.")})


def record_security_key(device: WebAuthnCredential, *, actor: Any) -> None:
    """Record a security key just registered (django-otp-webauthn saved it) in the account's history."""
    record_event(SecondFactorEvent, actor=actor, user=device.user, kind=SecondFactorEventKind.ADDED, device_name="")


@transaction.atomic
def rename_security_key(device: WebAuthnCredential, *, actor: Any, name: str) -> None:
    """Give a security key a name, to tell one's keys apart (its owner only)."""
    lock(device)
    if not policies.can_manage_second_factors(actor, device.user):
        raise PermissionDenied(_("Only the owner of an account may name its security keys."))
    device.name = name.strip()
    reject_nul_characters(device)
    device.save(update_fields=["name"])


def remove_second_factor(device: Device, *, actor: Any, password: str) -> None:
    """Remove an authenticator app or a security key, after the owner has typed their password again.

    A stolen session alone cannot take off the second factor. Removing the last one of an
    account also removes its backup codes (they stand in for a device, never alone); if the
    account requires a second factor, its owner is sent to enrol again at the next page.
    """
    with transaction.atomic():
        lock(device)
        user = device.user
        if not policies.can_manage_second_factors(actor, user):
            raise PermissionDenied(_("Only the owner of an account may remove its second factor."))
        if not user.check_password(password):
            raise ValidationError({"password": _("This password is not right.")})
        name = device.name
        device.delete()
        record_event(SecondFactorEvent, actor=actor, user=user, kind=SecondFactorEventKind.REMOVED, device_name=name)
        if not selectors.has_second_factor(user):
            StaticDevice.objects.filter(user=user).delete()


#: How many backup codes one generation gives.
BACKUP_CODE_COUNT = 10


@transaction.atomic
def generate_backup_codes(user: User, *, actor: Any) -> list[str]:
    """Ten new single-use backup codes, which replace any earlier ones; returned to be shown once.

    Only the owner generates them, and only beside an authenticator app or a security key:
    they are the way back in when that device is lost, not a second factor of their own.
    Codes are stored as django-otp keeps them (each row deleted when used).
    """
    if not policies.can_manage_second_factors(actor, user):
        raise PermissionDenied(_("Only the owner of an account may generate its backup codes."))
    User.objects.select_for_update().filter(pk=user.pk).first()  # one generation at a time per account
    if not selectors.has_second_factor(user):
        raise ValidationError(_("Add an authenticator app or a security key first: backup codes stand in for them."))
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    record_event(SecondFactorEvent, actor=actor, user=user, kind=SecondFactorEventKind.BACKUP_CODES)
    return codes


def verify_second_factor(user: User, code: str) -> Device | None:
    """The confirmed device of the user that accepts this code (an app's or a backup code), or None.

    Each device is locked while it checks the code: a code is accepted once (django-otp
    remembers the last time step used, and deletes a backup code once used) and a failure
    is counted on each device, which then waits twice as long before it checks another
    code. A backup code used is recorded in the account's history.
    """
    code = "".join(code.split()).lower()
    with transaction.atomic():
        for device in TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update().order_by("pk"):
            if device.verify_token(code):
                return device
        for backup in StaticDevice.objects.devices_for_user(user, confirmed=True).select_for_update().order_by("pk"):
            if backup.verify_token(code):
                record_event(SecondFactorEvent, actor=user, user=user, kind=SecondFactorEventKind.BACKUP_CODE_USED)
                return backup
    return None


def reset_second_factor(user: User, *, actor: Any, reason: str) -> int:
    """Take every second factor off an account whose owner lost them, and end their sessions and API tokens.

    The ministry resets those of regional-office staff and ministry colleagues, the
    technical administrator anyone's but their own (`policies.can_reset_second_factor`).
    The reason is required and kept in the account's history; the owner is emailed, in
    their language. They enrol again at their next sign-in. Returns how many devices went.
    """
    reason = reason.strip()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if not policies.can_reset_second_factor(actor, user):
            raise PermissionDenied(_("You may not reset the second factor of this account."))
        if not reason:
            raise ValidationError({"reason": _("Say why the second factor is reset.")})
        if len(reason) > 300:
            raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
        removed = 0
        for model in (TOTPDevice, WebAuthnCredential, StaticDevice):
            removed += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
        end_sessions(user)
        end_api_tokens(user, actor=actor, reason=_("Second factor reset: %(reason)s") % {"reason": reason})
        record_event(SecondFactorEvent, actor=actor, user=user, kind=SecondFactorEventKind.RESET, reason=reason)
        transaction.on_commit(lambda: _send_reset_notice(user, reason))
    return removed


def end_sessions(user: User) -> int:
    """End every session of a user (signed out everywhere at their next request); returns how many.

    Sessions are rows keyed by a random key, not by user: each live one is read (they last
    12 hours at most, decision 17) and those of the user are deleted, from the cache too.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def _send_reset_notice(user: User, reason: str) -> None:
    with translation.override(user.preferred_language):
        context = {"user": user, "reason": reason, "url": site_url(reverse("accounts:login"))}
        subject = _("Your Accord second factor was reset")
        body = render_to_string("accounts/email/second_factor_reset.txt", context)
    tasks.send_email.delay(subject=subject, body=body, to=[user.email])


@transaction.atomic
def create_api_token(user: User, *, actor: Any, reason: str = "") -> tuple[AuthToken, str]:
    """Issue an API token to its owner and return it with the token string.

    The string is shown once: only its hash is stored. The token expires after the
    configured lifetime (`REST_KNOX["TOKEN_TTL"]`). `actor` is the owner signed in, or
    None for an operator's command run on the server (`create_api_token EMAIL`).
    """
    if actor is not None and not policies.can_manage_api_tokens(actor, user):
        raise PermissionDenied(_("Only the owner of an account may create its API tokens."))
    if not user.is_active:
        raise ValidationError(_("This account is inactive: it cannot have API tokens."))
    User.objects.select_for_update().filter(pk=user.pk).first()  # one issue at a time per account
    live = AuthToken.objects.filter(user=user)
    for expired in live.filter(expiry__lte=timezone.now()):
        delete_with_history(expired, actor=None, reason=_("API token expired"))
    if live.count() >= settings.ACCORD_API_TOKEN_LIMIT:
        raise ValidationError(
            _("This account already has %(limit)d API tokens: revoke one on your account page first.")
            % {"limit": settings.ACCORD_API_TOKEN_LIMIT}
        )
    digest, token = get_digest_token()
    instance = AuthToken(
        digest=digest,
        token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH],
        user=user,
        expiry=timezone.now() + knox_settings.TOKEN_TTL,
    )
    create_with_history(instance, actor=actor, reason=reason or _("API token created"))
    return instance, token


@transaction.atomic
def revoke_api_token(token: AuthToken, *, actor: Any, reason: str = "") -> None:
    """Revoke an API token (its owner only): it stops working at once."""
    if not policies.can_manage_api_tokens(actor, token.user):
        raise PermissionDenied(_("Only the owner of an account may revoke its API tokens."))
    delete_with_history(token, actor=actor, reason=reason or _("API token revoked"))


@transaction.atomic
def end_api_tokens(user: User, *, actor: Any, reason: str) -> int:
    """End every API token of a user (their password changed); returns how many ended.

    Called for every password change, whatever the path: the account's page, a reset link,
    the technical admin, `manage.py changepassword` (accord.accounts.receivers).
    """
    tokens = list(AuthToken.objects.select_for_update().filter(user=user))
    for token in tokens:
        delete_with_history(token, actor=actor, reason=reason)
    return len(tokens)


def anonymise_account(user: User, *, actor: Any, reason: str) -> None:
    """Replace what an account says of its owner, history versions included (Law 25).

    Called by the registry's anonymisation of the account's person, inside its transaction:
    the account is closed (no password, inactive, no API token), its email becomes an
    address that cannot receive mail, its names are cleared. The history versions of the
    account are rewritten the same way; the roles' history stays (it names no one).
    """
    lock(user)
    end_api_tokens(user, actor=actor, reason=reason)
    email = f"anonymised-{user.pk}@invalid.example"
    user.set_unusable_password()
    user.save(update_fields=["password"])
    apply_changes(
        user, {"email": email, "first_name": "", "last_name": "", "is_active": False}, actor=actor, reason=reason
    )
    User.history.filter(id=user.pk).update(email=email, first_name="", last_name="")
    policies.forget_scope(user)


def purge_expired_sessions(today: datetime.date, *, dry_run: bool = False) -> int:
    """Retention rule `expired_sessions`: sessions past their expiry are deleted."""
    return retention.delete(Session.objects.filter(expire_date__lt=timezone.now()), dry_run=dry_run)


def purge_expired_api_tokens(today: datetime.date, *, dry_run: bool = False) -> int:
    """Retention rule `expired_api_tokens`: API tokens past their expiry are deleted (their history stays)."""
    expired = AuthToken.objects.filter(expiry__lt=timezone.now())
    if dry_run:
        return expired.count()
    count = 0
    with transaction.atomic():
        for token in expired.select_for_update():
            delete_with_history(token, actor=None, reason="retention: expired_api_tokens")
            count += 1
    return count
