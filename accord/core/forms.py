"""Form helpers shared by every context's pages: a service's refusal shown on the form, the form page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def apply_service_errors(form: Any, exc: ValidationError, *, default: str | None = None) -> None:
    """Put a service's validation errors on the form's fields (else on `default`, else the whole form)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else default, errors)
    else:
        form.add_error(default, exc)


def form_page(request: HttpRequest, form: Any, *, title: str, cancel_url: str, status: int = 200) -> HttpResponse:
    """The generic page of one form: its title, its fields and a way back."""
    return render(
        request, "core/object_form.html", {"form": form, "title": title, "cancel_url": cancel_url}, status=status
    )
