"""Signal receivers of accounts, for what Django's own code does: signing in, changing passwords.

Passwords are changed by Django's own code (the password-change and reset views, the
technical admin, `manage.py changepassword`), each through `User.set_password()` then
`save()`. A password change ends every API token of its account (decision 17).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from accord.core.middleware import SessionLifetimeMiddleware

from . import services
from .models import User


@receiver(post_save, sender=User, dispatch_uid="accord.accounts.end_api_tokens_on_password_change")
def end_api_tokens_on_password_change(sender: type[User], instance: User, **kwargs: Any) -> None:
    """A saved new password ends the account's API tokens.

    `_password` is Django's own mark of a password set since the last save (it calls the
    validators' `password_changed()` from it); a hash upgrade at sign-in clears it first,
    so re-hashing the same password ends nothing.
    """
    if getattr(instance, "_password", None) is None:
        return
    services.end_api_tokens(instance, actor=None, reason=_("Password changed: API tokens ended"))


@receiver(user_logged_in, dispatch_uid="accord.accounts.start_session_lifetime")
def start_session_lifetime(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    """A session's idle and absolute limits count from the sign-in."""
    if request is not None and hasattr(request, "session"):
        SessionLifetimeMiddleware.start(request)
