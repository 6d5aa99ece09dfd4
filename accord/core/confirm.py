"""Irreversible steps ask first: a page naming what will happen, then the step.

A button that convenes a meeting, records a decision, commits or releases money posts to its
view as before. Without `confirmed=1` in the post, the view answers with a confirmation page
(status 200, nothing changed) that states the consequences and posts the same fields again
with `confirmed=1`. No JavaScript is needed, and a client that skips the page (a script, a
stale form) cannot take the step by accident. The API is not concerned: its callers say
what they mean.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

#: The field a confirmation page adds to the post it repeats.
CONFIRMED = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    """Whether the post comes from the confirmation page."""
    return request.method == "POST" and request.POST.get(CONFIRMED) == "1"


def confirmation(
    request: HttpRequest,
    *,
    title: str,
    consequences: list[str],
    submit_label: str,
    back: str,
) -> HttpResponse:
    """The confirmation page: what will happen, a button that posts the same fields with `confirmed=1`.

    `back` is the page to return to without taking the step (the object's page).
    """
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in {"csrfmiddlewaretoken", CONFIRMED}
        for value in values
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "title": title,
            "consequences": consequences,
            "submit_label": submit_label,
            "back": back,
            "fields": fields,
            "action": request.get_full_path(),
        },
    )
