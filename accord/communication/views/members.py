"""The members' area (decision 52): the members-only information a member may read, its page and its
document. Anyone who may not read an item, signed in or not, gets a 404 on its page and on its
document: the address says nothing of what is behind it. The list needs an account (sign in first)
and a créneau one is a member of (403 with the reason otherwise)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accord.core.files import download_response
from accord.core.htmx import render_page
from accord.core.listing import filtered

from .. import policies, selectors, services
from ..filters import BriefingFilterSet
from ..models import Briefing

PAGE_SIZE = 20

members_required = policies.MEMBERS.required
#: Members' pages are the reader's own: no shared cache keeps them.
private = cache_control(private=True)


def _readable(request: HttpRequest, pk: int) -> Briefing:
    """The published item the user may read, or a 404 (never a 403: nothing is said about it)."""
    return get_object_or_404(selectors.member_briefing(request.user, pk))  # type: ignore[no-any-return]


@require_GET
@private
@members_required
def briefing_list(request: HttpRequest) -> HttpResponse:
    """What the user may read, the latest first, by kind, niche, open or closed opportunity and words."""
    queryset = selectors.member_briefings(request.user)
    filterset = BriefingFilterSet(request.GET or None, queryset=queryset, request=request)
    page = Paginator(filtered(filterset, queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for briefing in page:
        briefing.closed = briefing.is_closed(today)  # type: ignore[attr-defined]
    context: dict[str, Any] = {"page": page, "filter": filterset}
    return render_page(request, "communication/members/briefing_list.html", context, partial="results")


@require_GET
@private
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Its page: what, for which niches, until when, whom to contact, and its document."""
    briefing = _readable(request, pk)
    context = {
        "briefing": briefing,
        "closed": briefing.is_closed(timezone.localdate()),
        "file_url": reverse("communication:briefing_file", args=[briefing.pk]),
    }
    return render(request, "communication/members/briefing_detail.html", context)


@require_GET
def briefing_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Its document, through this view only (the file has no address under MEDIA_URL), each download
    recorded: who and when (services.record_download)."""
    briefing = _readable(request, pk)
    if not briefing.file:
        raise Http404
    response = download_response(briefing.file)
    services.record_download(briefing, user=request.user)
    return response
