"""One place that turns domain exceptions into API responses.

Services raise Django's ValidationError (400 with field errors) and PermissionDenied
(403); conflicts with the state of things (an over-committed envelope, a transition not
allowed) are 409. Views do not catch them one by one.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accord.funding.workflow import InvalidTransition as ProjectTransitionRefused
from accord.governance.workflow import InvalidTransition


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail: Any = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
        else:
            detail = {"non_field_errors": [str(m) for m in exc.messages]}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, InvalidTransition | ProjectTransitionRefused):
        exc = Conflict(str(exc) or None)
    return drf_exception_handler(exc, context)
