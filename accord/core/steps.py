"""How a page takes a step (a service call) and answers: the same for every app.

A step is a service call. It either succeeds (a message, then back to the object's page),
is refused because of the object's status (InvalidTransition: the reason as an error
message on the page the user came from), or refuses the input (ValidationError: the
errors on the form's fields, status 400, nothing saved). PermissionDenied is left to
Django (403).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import apply_service_errors, show_conflict
from .services import EditConflict, Once, once
from .workflow import InvalidTransition


def error_text(exc: Exception) -> str:
    """A refusal as one line of text."""
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def refused(request: HttpRequest, exc: Exception, url: str) -> HttpResponse:
    """Back to `url` with the refusal as an error message."""
    messages.error(request, error_text(exc))
    return redirect(url)


def back_to(request: HttpRequest, *allowed: str) -> str:
    """Where a button sends the user back: the page it was posted from (`next`), among the allowed ones."""
    wanted = request.POST.get("next", "")
    return wanted if wanted in allowed else allowed[0]


def button_step(request: HttpRequest, run: Callable[[], str], *, back: str) -> HttpResponse:
    """A step without a form: `run()` calls the service and returns the message of success."""
    try:
        done = run()
    except (InvalidTransition, ValidationError) as exc:
        return refused(request, exc, back)
    messages.success(request, done)
    return redirect(back)


def form_step(
    request: HttpRequest,
    form: Any,
    run: Callable[[dict[str, Any]], str],
    *,
    template: str,
    context: dict[str, Any],
    back: str,
    done_url: str | Callable[[], str] | None = None,
    error_field: str | None = None,
) -> HttpResponse:
    """A step with a form: GET shows it, a valid POST takes the step.

    After the step, the user goes to `done_url` (called once the step is taken when it is a
    function: the page of what the step created), else back to `back`.

    `run(cleaned_data)` calls the service and returns the message of success; the service's
    errors go on their fields, else on `error_field`, else on the whole form. A status
    that does not allow the step sends the user back to `back` with the reason.
    """
    if request.method == "POST" and form.is_valid():
        try:
            done = run(form.cleaned_data)
        except InvalidTransition as exc:
            return refused(request, exc, back)
        except EditConflict as conflict:
            show_conflict(form, conflict)
            return render(request, template, {**context, "form": form}, status=409)
        except ValidationError as exc:
            apply_service_errors(form, exc, default=error_field)
        else:
            messages.success(request, done)
            return redirect((done_url() if callable(done_url) else done_url) or back)
    return render(request, template, {**context, "form": form}, status=400 if form.is_bound else 200)


def create_once(request: HttpRequest, form: Any, create: Callable[[], Any], *, scope: str) -> Once:
    """Create through `create()` once per form drawn (its submission token): a repeat gets the first result.

    A repeat (a double click, a page posted again) adds a message saying so; the caller
    redirects to `result.obj` in both cases.
    """
    result = once(create, key=form.submission_token, user=request.user, scope=scope)
    if not result.created:
        messages.info(request, _("This form had already been sent: here is what it created."))
    return result
