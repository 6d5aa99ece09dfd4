"""The editors' pages: their publications, writing news or a story, the preview, and the steps that
publish now, schedule or withdraw. A preview shows the page the public will see, in the language of
the address (/en/… for English), with the state and the steps around it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.files import download_response
from accord.core.forms import apply_service_errors
from accord.core.htmx import render_page
from accord.core.steps import form_step

from .. import policies, selectors, services, workflow
from ..forms import PublicationForm, ScheduleForm, StepForm
from ..models import Publication, PublicationKind
from . import GET_OR_POST, communication_required, require_editor

PAGE_SIZE = 25


def _publication(request: HttpRequest, pk: int) -> Publication:
    found = policies.visible_publications(request.user).select_related("creneau", "region")
    return get_object_or_404(found, pk=pk)  # type: ignore[no-any-return]


def _preview_url(publication: Publication) -> str:
    return reverse("communication_bo:publication_preview", args=[publication.pk])


@require_GET
@communication_required
def publication_list(request: HttpRequest) -> HttpResponse:
    """The news and stories the user sees, latest change first, by kind and state, with each one's state."""
    kind = request.GET.get("kind", "")
    kind = kind if kind in PublicationKind.values else ""
    state = request.GET.get("state", "")
    state = state if state in workflow.LABELS else ""
    now = timezone.now()
    page = Paginator(selectors.backoffice_list(request.user, kind=kind, state=state, now=now), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for publication in page:
        publication.state = workflow.state(publication.published_at, now)  # type: ignore[attr-defined]
        publication.state_label = workflow.LABELS[publication.state]  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "page": page,
        "kind": kind,
        "state": state,
        "kinds": PublicationKind.choices,
        "states": list(workflow.LABELS.items()),
    }
    return render_page(request, "communication/bo/publication_list.html", context, partial="results")


def _create(request: HttpRequest, kind: str) -> HttpResponse:
    form = PublicationForm(request.POST or None, request.FILES or None, kind=kind, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            publication = services.create_publication(
                kind=kind, actor=request.user, data=form.data_for_service(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Preview it, then publish or schedule it."))
            return redirect(_preview_url(publication))
    title = _("New success story") if kind == PublicationKind.STORY else _("New piece of news")
    context = {"form": form, "title": title, "cancel_url": reverse("communication_bo:publication_list")}
    return render(request, "core/object_form.html", context, status=400 if form.is_bound else 200)


@GET_OR_POST
@communication_required
def news_create(request: HttpRequest) -> HttpResponse:
    return _create(request, PublicationKind.NEWS)


@GET_OR_POST
@communication_required
def story_create(request: HttpRequest) -> HttpResponse:
    return _create(request, PublicationKind.STORY)


@GET_OR_POST
@communication_required
def publication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication(request, pk)
    require_editor(request, publication)
    back = _preview_url(publication)
    form = PublicationForm(
        request.POST or None, request.FILES or None, instance=publication, kind=publication.kind, user=request.user
    )

    def run(data: dict[str, Any]) -> str:
        changed = services.update_publication(
            publication, actor=request.user, data=form.data_for_service(), reason=data["reason"]
        )
        return _("Your changes were saved.") if changed else _("Nothing changed.")

    context = {"title": _("Edit “%(title)s”") % {"title": publication.title_fr}, "cancel_url": back}
    return form_step(request, form, run, template="core/object_form.html", context=context, back=back)


@require_GET
@communication_required
def publication_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The publication as the public will see it, with its state and, for whoever may change it, the steps.
    An editor who sees it without covering it (another region's story of a niche of theirs) reads it."""
    publication = _publication(request, pk)
    state = workflow.state(publication.published_at, timezone.now())
    context = {
        "publication": publication,
        "can_edit": policies.can_edit_publication(request.user, publication),
        "preview": True,
        "state": state,
        "state_label": workflow.LABELS[state],
        "steps": {
            step: workflow.allowed(state, step) for step in (workflow.PUBLISH, workflow.SCHEDULE, workflow.UNPUBLISH)
        },
        "missing": workflow.publish_refusal(publication.kind, publication.title_en, publication.results_fr),
    }
    return render(request, "communication/bo/publication_preview.html", context)


@require_GET
@communication_required
def publication_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who changed the publication, when, why and what: whoever sees it reads it."""
    publication = _publication(request, pk)
    context = {
        "object": publication.title_fr,
        "entries": selectors.publication_history(publication),
        "back_url": _preview_url(publication),
    }
    return render(request, "core/object_history.html", context)


@require_GET
@communication_required
def preview_image(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The image of a publication the editor sees, whatever its state (a draft's is not public)."""
    publication = _publication(request, pk)
    if not publication.image:
        raise Http404
    return download_response(publication.image)


def _step(
    request: HttpRequest, pk: int, form_class: type, run_service: Any, *, title: str, button: str, explain: str
) -> HttpResponse:
    publication = _publication(request, pk)
    require_editor(request, publication)
    back = _preview_url(publication)
    # Bound on every POST: a step whose only field (the reason) is optional may be posted empty.
    form = form_class(request.POST if request.method == "POST" else None)

    def run(data: dict[str, Any]) -> str:
        return run_service(publication, data)

    context = {"publication": publication, "title": title, "button": button, "explain": explain, "back": back}
    return form_step(request, form, run, template="communication/bo/publication_step.html", context=context, back=back)


@GET_OR_POST
@communication_required
def publication_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish now: the public sees it at once."""

    def run(publication: Publication, data: dict[str, Any]) -> str:
        services.publish_publication(publication, actor=request.user, reason=data["reason"])
        return _("Published: it is on the public site, in French and English.")

    return _step(
        request,
        pk,
        StepForm,
        run,
        title=_("Publish now"),
        button=_("Publish now"),
        explain=_("It shows on the public site at once, in French and English."),
    )


@GET_OR_POST
@communication_required
def publication_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Schedule: it shows on the public site by itself from the moment chosen."""

    def run(publication: Publication, data: dict[str, Any]) -> str:
        services.schedule_publication(publication, actor=request.user, at=data["at"], reason=data["reason"])
        return _("Scheduled: it will show on the public site by itself at the moment chosen.")

    return _step(
        request,
        pk,
        ScheduleForm,
        run,
        title=_("Schedule the publication"),
        button=_("Schedule"),
        explain=_("Until then only editors see it; from then on, everyone, with nothing more to do."),
    )


@GET_OR_POST
@communication_required
def publication_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw: a draft again, gone from the public site."""

    def run(publication: Publication, data: dict[str, Any]) -> str:
        services.unpublish_publication(publication, actor=request.user, reason=data["reason"])
        return _("Withdrawn: it is a draft again and no longer on the public site.")

    return _step(
        request,
        pk,
        StepForm,
        run,
        title=_("Withdraw the publication"),
        button=_("Withdraw"),
        explain=_("It leaves the public site at once and becomes a draft again; you may publish it later."),
    )
