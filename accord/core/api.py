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

from .services import EditConflict, KeyReused, Once, fingerprint, once
from .workflow import InvalidTransition


class Conflict(exceptions.APIException):
    """The request is well formed but the object's state refuses it (409)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


class PreconditionFailed(exceptions.APIException):
    """The client's If-Match names a revision the record has moved past (412)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The record was changed since you read it."
    default_code = "precondition_failed"


class KeyReusedError(exceptions.APIException):
    """An Idempotency-Key sent again with another body (422)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This idempotency key was already used for a different request."
    default_code = "idempotency_key_reused"


def create_once(request: Any, create: Any, *, scope: str) -> Once:
    """An API create that honours the `Idempotency-Key` header (core.services.once).

    The same key from the same user gives back the first result; with another body, 422.
    """
    key = request.headers.get("Idempotency-Key", "").strip() or None
    data = request.data
    if hasattr(data, "lists"):
        data = dict(data.lists())
    return once(create, key=key, user=request.user, scope=scope, digest=fingerprint(data) if key else "")


def created(data: Any, result: Once) -> Response:
    """201 with the object, first time or repeat; a repeat says so in `Idempotent-Replayed`."""
    response = Response(data, status=status.HTTP_201_CREATED)
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    return response


def etag(revision: int) -> str:
    """The ETag of a record with a revision: the revision itself, quoted."""
    return f'"{revision}"'


def if_match(request: Any) -> int | None:
    """The revision the client's If-Match names; None without the header (or with `*`).

    A value that is not one of our ETags can match nothing: 412.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    value = header.split(",")[0].strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionFailed()
    return int(value)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, after turning Django's refusals and InvalidTransition into API exceptions."""
    if isinstance(exc, KeyReused):
        exc = KeyReusedError(" ".join(exc.messages))
    elif isinstance(exc, EditConflict):
        fields = {name: {"theirs": str(theirs), "yours": str(yours)} for name, (theirs, yours) in exc.fields.items()}
        conflict: Any = {"detail": str(exc), "revision": exc.revision, "fields": fields}
        exc = PreconditionFailed(conflict)
    elif isinstance(exc, DjangoValidationError):
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
    (a committee's slug) keep DRF's pattern. No format suffixes (`/projects.json`): the API
    speaks JSON at one address per resource, and the suffixed routes answered 500."""

    include_format_suffixes = False

    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        if getattr(viewset, "lookup_field", "pk") != "pk" or hasattr(viewset, "lookup_value_regex"):
            return super().get_lookup_regex(viewset, lookup_prefix)
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or "pk"
        return f"(?P<{lookup_prefix}{lookup_url_kwarg}>[0-9]+)"
