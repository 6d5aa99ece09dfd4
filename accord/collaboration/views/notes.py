"""The experience notes: the list with its search and filters, a note, writing one, its steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.forms import apply_service_errors
from accord.core.htmx import render_page
from accord.core.steps import form_step

from .. import policies, selectors, services, workflow
from ..filters import NoteFilterSet
from ..forms import NoteForm, StepForm
from ..models import ExperienceNote
from . import GET_OR_POST, collaboration_required

PAGE_SIZE = 20


def _note(request: HttpRequest, pk: int) -> ExperienceNote:
    """One the user may open (404 otherwise)."""
    return get_object_or_404(selectors.note(request.user, pk))  # type: ignore[no-any-return]


def _edited(request: HttpRequest, pk: int) -> ExperienceNote:
    """One the user may open (404) and change (403)."""
    note = _note(request, pk)
    if not policies.can_edit_note(request.user, note):
        raise PermissionDenied(_("Only the coordinators of the note's niche change it."))
    return note


def _detail_url(note: ExperienceNote) -> str:
    return reverse("collaboration:note_detail", args=[note.pk])


@require_GET
@collaboration_required
def note_list(request: HttpRequest) -> HttpResponse:
    """The notes the user reads (and the drafts of those they write), by words, créneau and status."""
    filterset = NoteFilterSet(request.GET or None, queryset=selectors.notes(request.user), request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "filter": filterset,
        "page": page,
        "can_write": policies.can_write_notes(request.user),
    }
    return render_page(request, "collaboration/note_list.html", context, partial="results")


@GET_OR_POST
@collaboration_required
def note_create(request: HttpRequest) -> HttpResponse:
    """A draft, for a créneau the user coordinates (the ministry: any)."""
    if not policies.can_write_notes(request.user):
        raise PermissionDenied(_("Experience notes are written by the coordinators of the niches."))
    form = NoteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.create_note(
                form.cleaned_data["creneau"],
                actor=request.user,
                data=form.data_for_service(),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Check it, then publish it for the other niches."))
            return redirect(_detail_url(note))
    context = {"form": form, "title": _("New experience note"), "cancel_url": reverse("collaboration:note_list")}
    return render(request, "core/object_form.html", context, status=400 if form.is_bound else 200)


@GET_OR_POST
@collaboration_required
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = _edited(request, pk)
    back = _detail_url(note)
    form = NoteForm(request.POST or None, instance=note, user=request.user)

    def run(data: dict[str, Any]) -> str:
        changed = services.update_note(note, actor=request.user, data=form.data_for_service(), reason=data["reason"])
        return _("Your changes were saved.") if changed else _("Nothing changed.")

    context = {"title": _("Edit “%(title)s”") % {"title": note.title_fr}, "cancel_url": back}
    return form_step(request, form, run, template="core/object_form.html", context=context, back=back)


@require_GET
@collaboration_required
def note_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The note, the projects and actions it concerns that the reader may see, and its steps for its editors."""
    note = _note(request, pk)
    projects = selectors.note_projects(note, request.user)
    context = {
        "note": note,
        "projects": projects,
        "hidden_projects": selectors.hidden_projects(note, projects),
        "actions": selectors.note_actions(note, request.user),
        "can_edit": policies.can_edit_note(request.user, note),
        "can_publish": workflow.allowed(note.status, workflow.PUBLISH),
        "can_withdraw": workflow.allowed(note.status, workflow.WITHDRAW),
    }
    return render(request, "collaboration/note_detail.html", context)


@require_GET
@collaboration_required
def note_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Who wrote, changed, published or withdrew it, when and why."""
    note = _note(request, pk)
    context = {"object": note.title_fr, "entries": selectors.note_history(note), "back_url": _detail_url(note)}
    return render(request, "core/object_history.html", context)


def _step(request: HttpRequest, pk: int, run_service: Any, *, title: str, button: str, explain: str) -> HttpResponse:
    note = _edited(request, pk)
    back = _detail_url(note)
    form = StepForm(request.POST if request.method == "POST" else None)

    def run(data: dict[str, Any]) -> str:
        return run_service(note, data)  # type: ignore[no-any-return]

    context = {"note": note, "title": title, "button": button, "explain": explain, "back": back}
    return form_step(request, form, run, template="collaboration/note_step.html", context=context, back=back)


@GET_OR_POST
@collaboration_required
def note_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish (again): the other niches' committees and staff read it from now on."""

    def run(note: ExperienceNote, data: dict[str, Any]) -> str:
        services.publish_note(note, actor=request.user, reason=data["reason"])
        return _("Published: the other niches' committees read it.")

    return _step(
        request,
        pk,
        run,
        title=_("Publish the note"),
        button=_("Publish"),
        explain=_("The committees of every niche and the ministry and regional-office staff read it from now on."),
    )


@GET_OR_POST
@collaboration_required
def note_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw: its readers no longer see it; its history keeps it."""

    def run(note: ExperienceNote, data: dict[str, Any]) -> str:
        services.withdraw_note(note, actor=request.user, reason=data["reason"])
        return _("Withdrawn: the other niches no longer see it; its history keeps it.")

    return _step(
        request,
        pk,
        run,
        title=_("Withdraw the note"),
        button=_("Withdraw"),
        explain=_("The other niches no longer see it; you may publish it again later."),
    )
