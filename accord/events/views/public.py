"""The events on the public site (decision 48): the calendar by month, an event's page, registering
to it, the registrant's own page (cancel with the key of their link) and the iCalendar feeds.

The calendar, an event's page and the feeds are kept whole for anonymous visitors under the public
version and answered conditionally (accord.core.public); they say whether seats remain, never how
many, so a registration bumps the version only when the event fills up or has a seat again. The
registration form carries a CSRF token: it is a page of its own, never kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accord.core.forms import apply_service_errors
from accord.core.htmx import render_page
from accord.core.listing import filtered
from accord.core.public import public_page
from accord.core.steps import refused
from accord.core.workflow import InvalidTransition
from accord.registry.models import Creneau, Region

from .. import calendars, documents, policies, selectors, services, workflow
from ..filters import CalendarFilterSet
from ..forms import RegistrationForm
from ..models import Event, EventAudience, Registration, RegistrationStatus
from . import GET_OR_POST

PAGE_SIZE = 20


def _site_event(request: HttpRequest, pk: int) -> Event:
    """An event the site shows this visitor (a members-only one to its créneau's members only: 404)."""
    return get_object_or_404(  # type: ignore[no-any-return]
        selectors.with_seats(policies.site_events(request.user).select_related("creneau")), pk=pk
    )


def _opening(request: HttpRequest, event: Event) -> workflow.Opening:
    return workflow.Opening(
        status=event.status,
        registration_open=event.registration_open,
        starts_on=event.starts_on,
        closes_on=event.registration_closes_on,
        members_only=event.audience == EventAudience.MEMBERS,
        is_member=policies.is_member_of(request.user, event),
    )


@require_GET
@public_page
def calendar(request: HttpRequest) -> HttpResponse:
    """The events to come, by month, filtered by region, niche and kind; members see their niches'
    members-only events too."""
    today = timezone.localdate()
    queryset = selectors.upcoming(policies.site_events(request.user), today)
    filterset = CalendarFilterSet(request.GET or None, queryset=queryset, request=request)
    page = Paginator(filtered(filterset, queryset), PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.full = workflow.is_full(event.capacity, event.confirmed)  # type: ignore[attr-defined]
    context = {"page": page, "months": selectors.by_month(page), "filter": filterset}
    return render_page(request, "events/public/calendar.html", context, partial="results")


@require_GET
@public_page
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An event's page: what, when, where, for whom, and whether one may register (and if seats remain)."""
    event = _site_event(request, pk)
    refusal = workflow.registration_refusal(_opening(request, event), timezone.localdate())
    context = {
        "event": event,
        "refusal": refusal,
        "full": workflow.is_full(event.capacity, event.confirmed),  # type: ignore[attr-defined]
        # A gathering's synthesis, once published (decision 53): shown to whoever sees the event.
        "synthesis": selectors.published_synthesis(event),
    }
    return render(request, "events/public/event_detail.html", context)


@require_GET
@public_page
def synthesis_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """A gathering's published synthesis as a PDF file (404 until it is published, and to whoever may
    not see the event)."""
    event = _site_event(request, pk)
    synthesis = selectors.published_synthesis(event)
    if synthesis is None:
        raise Http404(_("This event has no published synthesis."))
    response = HttpResponse(documents.synthesis_pdf(event, synthesis, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.synthesis_file_name(event)}"'
    return response


@GET_OR_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration form (works without JavaScript); a valid one registers and shows the
    registrant's own page."""
    event = _site_event(request, pk)
    refusal = workflow.registration_refusal(_opening(request, event), timezone.localdate())
    language = (translation.get_language() or "fr")[:2]
    initial = {"language": language}
    user: Any = request.user
    if user.is_authenticated:  # a member signs up with their account's name and address, which they may change
        initial.update(name=user.get_full_name(), email=user.email)
    form = RegistrationForm(request.POST or None, initial=initial)
    if request.method == "POST" and refusal is None and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register(
                event,
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                language=data["language"],
                actor=request.user,
            )
        except InvalidTransition as exc:
            return refused(request, exc, event.get_public_url())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(request, _("You are registered. A confirmation was sent to your email address."))
            else:
                messages.success(request, _("The event is full: you are on the waiting list. An email confirms it."))
            return redirect(registration.get_absolute_url())
    context = {
        "event": event,
        "refusal": refusal,
        "form": form,
        "full": workflow.is_full(event.capacity, event.confirmed),  # type: ignore[attr-defined]
    }
    status = 409 if request.method == "POST" and refusal else (400 if form.is_bound else 200)
    return render(request, "events/public/register.html", context, status=status)


def _own(token: str) -> Registration:
    return get_object_or_404(Registration.objects.select_related("event__creneau"), token=token[:64])  # type: ignore[no-any-return]


@require_GET
@never_cache
def registration(request: HttpRequest, token: str) -> HttpResponse:
    """The registrant's own page (the key of their link): their status, place in line, the event's
    calendar file and the way to cancel."""
    own = _own(token)
    place = None
    if own.status == RegistrationStatus.WAITLISTED:
        place = selectors.waiting_ids(own.event).index(own.pk) + 1
    refusal = workflow.cancellation_refusal(own.status, own.event.status, own.event.starts_on, timezone.localdate())
    context = {"registration": own, "event": own.event, "place": place, "can_cancel": refusal is None}
    return render(request, "events/public/registration.html", context)


@GET_OR_POST
@never_cache
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """Cancel one's registration: a page says what follows, the button cancels."""
    own = _own(token)
    back = own.get_absolute_url()
    if request.method == "POST":
        try:
            services.cancel_registration(own, token=token, actor=request.user)
        except (InvalidTransition, PermissionDenied) as exc:
            return refused(request, exc, back)
        messages.success(request, _("Your registration is cancelled."))
        return redirect(back)
    return render(request, "events/public/registration_cancel.html", {"registration": own, "event": own.event})


def _ics(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response


@require_GET
@public_page
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One event's calendar file, to add it to one's calendar."""
    event = _site_event(request, pk)
    return _ics(calendars.event_file(event), f"evenement-{event.pk}")


def _feed(request: HttpRequest, name: str, file_name: str, **filters: Any) -> HttpResponse:
    events = selectors.feed_events(timezone.localdate(), **filters)
    return _ics(calendars.calendar(events, name=name), file_name)


@require_GET
@public_page
def feed(request: HttpRequest) -> HttpResponse:
    """Every public event (members-only ones never), from six months back."""
    return _feed(request, _("ACCORD events"), "accord-evenements")


@require_GET
@public_page
def creneau_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """The public events of one niche."""
    creneau = get_object_or_404(Creneau, slug=slug[:200])
    return _feed(
        request, _("Events of %(niche)s") % {"niche": creneau.name}, f"evenements-{creneau.slug}", creneau=creneau
    )


@require_GET
@public_page
def region_feed(request: HttpRequest, code: str) -> HttpResponse:
    """The public events of the niches of one region."""
    region = get_object_or_404(Region, code=code[:10])
    return _feed(
        request,
        _("Events of %(region)s") % {"region": region.name},
        f"evenements-region-{region.code}",
        creneau__regions=region,
    )
