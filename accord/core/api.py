"""What every app's API shares: domain refusals turned into HTTP answers in one place, and
the router (ids are numbers).

Services raise Django's ValidationError (400 with field errors) and PermissionDenied
(403); a step the object's status does not allow (InvalidTransition) is a conflict with
the state of things (409). Viewsets do not catch them one by one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import exception_handler as drf_exception_handler

from .workflow import InvalidTransition


class Conflict(exceptions.APIException):
    """The request is well formed but the object's state refuses it (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, after turning Django's refusals and InvalidTransition into API exceptions."""
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail: Any = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, InvalidTransition):
        exc = Conflict(str(exc) or None)
    elif isinstance(exc, exceptions.AuthenticationFailed):
        # Credentials were sent and refused (an expired or revoked token): 401 with the scheme
        # to use. DRF answers 403 when session authentication comes first, as it does here
        # for the browsable pages; a caller without credentials still gets 403, as before.
        exc.status_code = status.HTTP_401_UNAUTHORIZED
        exc.auth_header = "Token"  # type: ignore[attr-defined]
    return drf_exception_handler(exc, context)


class Router(DefaultRouter):
    """Every app's router: a record looked up by its id takes digits only, so `/projects/abc/`
    is no such record (404), never a query that fails. Viewsets looked up by another field
    (a committee's slug) keep DRF's pattern."""

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        if getattr(viewset, "lookup_field", "pk") != "pk" or hasattr(viewset, "lookup_value_regex"):
            return super().get_lookup_regex(viewset, lookup_prefix)
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or "pk"
        return f"(?P<{lookup_prefix}{lookup_url_kwarg}>[0-9]+)"
