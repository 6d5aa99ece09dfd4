"""The fund's dashboard: the program at a glance for a period, within what the user may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import policies, selectors
from . import program_required


@require_GET
@program_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The fund at a glance for a period, within what the user may see.

    Charts: bars drawn on the server as inline SVG, inside the very table that gives
    their figures. No JavaScript is needed; each table has a caption and header cells, so
    screen readers and text browsers read the numbers, and the bars are hidden from them
    (aria-hidden) rather than described twice. Every bar is labelled by the text of its
    row, never by its colour alone; the colours (#095797 and #223654 on white, the pale
    #dae6f0 outlined in #223654) keep at least 3:1 against what they touch. The figures
    come from a fixed number of queries whatever the number of regions or projects
    (see selectors.regional_dashboard). They are those of the regions whose envelopes the
    user sees: the dashboard is the program's view by region.
    """
    choices = selectors.periods()
    period = selectors.pick_period(choices, request.GET.get("period"))
    context: dict[str, Any] = {"periods": choices, "period": period, "data": None}
    if period is not None:
        envelopes = policies.visible_envelopes(request.user)
        context["data"] = selectors.regional_dashboard(period, envelopes, page=request.GET.get("page"))
        # Equity with a trace: the decisions that went above a niche's fair share, and why.
        context["above_share"] = selectors.above_share_decisions(request.user, period, envelopes)
    context["can_manage"] = policies.can_manage_program(request.user)
    return render(request, "funding/dashboard.html", context)
