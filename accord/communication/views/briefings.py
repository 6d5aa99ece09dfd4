"""The editors' pages of the members-only information (decision 52): the list of what they see,
writing one, its page with its status and steps (publish, withdraw), its history, and who downloaded
its document (with the CSV and Excel export, recorded in the access log: it names people)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.access_log import AccessAction, record_access
from accord.core.exports import wants_export
from accord.core.forms import apply_service_errors
from accord.core.htmx import render_page
from accord.core.listing import list_page
from accord.core.steps import form_step

from .. import policies, selectors, services, workflow
from ..filters import DownloadFilterSet
from ..forms import BriefingForm, StepForm
from ..models import Briefing, BriefingStatus
from ..tables import DownloadTable
from . import GET_OR_POST, communication_required

PAGE_SIZE = 25


def _briefing(request: HttpRequest, pk: int) -> Briefing:
    """One the user sees in the back office (404 otherwise)."""
    return get_object_or_404(policies.visible_briefings(request.user).prefetch_related("creneaux"), pk=pk)  # type: ignore[no-any-return]


def _edited(request: HttpRequest, pk: int) -> Briefing:
    """One the user sees (404) and may change (403)."""
    briefing = _briefing(request, pk)
    if not policies.can_edit_briefing(request.user, briefing):
        raise PermissionDenied(_("You may not change this information: it targets a niche you do not write for."))
    return briefing


def _detail_url(briefing: Briefing) -> str:
    return reverse("communication_bo:briefing_detail", args=[briefing.pk])


@require_GET
@communication_required
def briefing_list(request: HttpRequest) -> HttpResponse:
    """The members-only information the user sees, drafts first, by status, with its downloads."""
    status = request.GET.get("status", "")
    status = status if status in BriefingStatus.values else ""
    found = selectors.backoffice_briefings(request.user)
    if status:
        found = found.filter(status=status)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {"page": page, "status": status, "statuses": BriefingStatus.choices}
    return render_page(request, "communication/bo/briefing_list.html", context, partial="results")


@GET_OR_POST
@communication_required
def briefing_create(request: HttpRequest) -> HttpResponse:
    """A draft, for niches the user writes for."""
    form = BriefingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            briefing = services.create_briefing(
                actor=request.user, data=form.data_for_service(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Check it, then publish it to the niches' members."))
            return redirect(_detail_url(briefing))
    context = {
        "form": form,
        "title": _("New members-only information"),
        "cancel_url": reverse("communication_bo:briefing_list"),
    }
    return render(request, "core/object_form.html", context, status=400 if form.is_bound else 200)


@GET_OR_POST
@communication_required
def briefing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    briefing = _edited(request, pk)
    back = _detail_url(briefing)
    form = BriefingForm(request.POST or None, request.FILES or None, instance=briefing, user=request.user)

    def run(data: dict[str, Any]) -> str:
        changed = services.update_briefing(
            briefing, actor=request.user, data=form.data_for_service(), reason=data["reason"]
        )
        return _("Your changes were saved.") if changed else _("Nothing changed.")

    context = {"title": _("Edit “%(title)s”") % {"title": briefing.title_fr}, "cancel_url": back}
    return form_step(request, form, run, template="core/object_form.html", context=context, back=back)


@require_GET
@communication_required
def briefing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Its page as members read it, with its status, its downloads' count and, for its editors, the steps."""
    briefing = _briefing(request, pk)
    context = {
        "briefing": briefing,
        "closed": briefing.is_closed(timezone.localdate()),
        "can_edit": policies.can_edit_briefing(request.user, briefing),
        "can_publish": workflow.briefing_allowed(briefing.status, workflow.BRIEFING_PUBLISH),
        "can_withdraw": workflow.briefing_allowed(briefing.status, workflow.BRIEFING_WITHDRAW),
        "downloads": briefing.downloads.count(),
    }
    return render(request, "communication/bo/briefing_detail.html", context)


@require_GET
@communication_required
def briefing_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed it, when, why and what: whoever sees it reads it."""
    briefing = _briefing(request, pk)
    context = {
        "object": briefing.title_fr,
        "entries": selectors.briefing_history(briefing),
        "back_url": _detail_url(briefing),
    }
    return render(request, "core/object_history.html", context)


@require_GET
@communication_required
def briefing_downloads(request: HttpRequest, pk: int) -> HttpResponse:
    """Who downloaded its document, when, and the export (CSV, Excel): for its editors, each view and
    export written in the access log (Law 25)."""
    briefing = _edited(request, pk)
    if not wants_export(request):  # the export is logged by list_page, with its rows
        record_access(request, AccessAction.VIEW, subject=briefing)
    return list_page(
        request,
        queryset=selectors.briefing_downloads(briefing),
        filterset_class=DownloadFilterSet,
        table_class=DownloadTable,
        title=_("Downloads of “%(title)s”") % {"title": briefing.title_fr},
        export_name=f"telechargements-{briefing.pk}",
        template="communication/bo/briefing_downloads.html",
        extra={"briefing": briefing},
        personal_data=True,
    )


def _step(request: HttpRequest, pk: int, run_service: Any, *, title: str, button: str, explain: str) -> HttpResponse:
    briefing = _edited(request, pk)
    back = _detail_url(briefing)
    form = StepForm(request.POST if request.method == "POST" else None)

    def run(data: dict[str, Any]) -> str:
        return run_service(briefing, data)  # type: ignore[no-any-return]

    context = {"publication": briefing, "title": title, "button": button, "explain": explain, "back": back}
    return form_step(request, form, run, template="communication/bo/publication_step.html", context=context, back=back)


@GET_OR_POST
@communication_required
def briefing_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish (again): the members of its niches read it from now on."""

    def run(briefing: Briefing, data: dict[str, Any]) -> str:
        services.publish_briefing(briefing, actor=request.user, reason=data["reason"])
        return _("Published: the members of its niches read it in their area.")

    return _step(
        request,
        pk,
        run,
        title=_("Publish to the members"),
        button=_("Publish"),
        explain=_("The members of the niches it targets read it and download its document from now on."),
    )


@GET_OR_POST
@communication_required
def briefing_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw: members no longer see it nor its document."""

    def run(briefing: Briefing, data: dict[str, Any]) -> str:
        services.withdraw_briefing(briefing, actor=request.user, reason=data["reason"])
        return _("Withdrawn: members no longer see it; its downloads stay recorded.")

    return _step(
        request,
        pk,
        run,
        title=_("Withdraw the information"),
        button=_("Withdraw"),
        explain=_("Members no longer see it nor its document; you may publish it again later."),
    )
