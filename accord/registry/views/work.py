"""The notification centre: every item of the user's work queues, one queue at a time, paged;
and the user's choice of a daily digest of them by email."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accord.accounts import services as account_services

from .. import policies, selectors
from ..forms import DigestForm


@require_http_methods(["GET", "POST"])
@policies.WORK.required
def work_centre(request: HttpRequest) -> HttpResponse:
    """GET: the queues and the chosen one's items (`?queue=`, `?page=`); POST: the digest preference."""
    # An unticked box sends nothing: an empty post is still a choice (off).
    form = DigestForm(
        request.POST if request.method == "POST" else None,
        initial={"queue_digest": getattr(request.user, "queue_digest", False)},
    )
    if request.method == "POST" and form.is_valid():
        enabled = form.cleaned_data["queue_digest"]
        account_services.set_queue_digest(request.user, actor=request.user, enabled=enabled)  # type: ignore[arg-type]
        if enabled:
            messages.success(request, _("You will receive a digest each morning when something waits for you."))
        else:
            messages.success(request, _("You will no longer receive the daily digest."))
        return redirect("registry_bo:work_centre")
    context = selectors.work_centre(request.user, request.GET.get("queue", ""), request.GET.get("page", 1))
    if context["unknown"]:
        raise Http404(_("No such work queue."))
    return render(request, "registry/bo/work_centre.html", {**context, "form": form})
