"""A gathering's parallel workshops and their synthesis (decision 53), under /gestion/evenements/: the
themes and workshops (with their chair, facilitator and note-taker), each workshop's notes page (one
text area per theme, for its note-taker), and the synthesis editor beside the notes of every workshop,
with its steps (review, return, publish, withdraw).

These pages are open to the events area's people and to anyone the registry knows: a workshop's
note-taker need not sit on a committee. What each may open is the policies' business (404 outside
`workshop_events`, 403 for a change they may not make).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accord.core.steps import form_step

from .. import policies, selectors, services, workflow
from ..forms import NotesForm, StepForm, SynthesisForm, ThemeForm, WorkshopForm
from ..models import Event, SynthesisStatus, Theme, Workshop
from . import GET_OR_POST

workshops_required = policies.WORKSHOPS.required


def _event(request: HttpRequest, pk: int) -> Event:
    return get_object_or_404(policies.workshop_events(request.user).select_related("creneau"), pk=pk)  # type: ignore[no-any-return]


def _editor(request: HttpRequest, event: Event) -> None:
    if not policies.can_edit_synthesis(request.user, event):
        raise PermissionDenied(_("You may not manage this event's workshops and synthesis."))


def _back(event: Event) -> str:
    return reverse("events:gathering", args=[event.pk])


@require_GET
@workshops_required
def gathering(request: HttpRequest, pk: int) -> HttpResponse:
    """The gathering's themes and workshops with their three roles, and where its synthesis stands."""
    event = _event(request, pk)
    context = selectors.gathering(event)
    status = context["synthesis"].status if context["synthesis"] else SynthesisStatus.DRAFT
    context.update(
        event=event,
        can_edit=policies.can_edit_synthesis(request.user, event) and event.status != "cancelled",
        open=workflow.notes_refusal(status) is None,
        status_label=SynthesisStatus(status).label,
    )
    return render(request, "events/bo/gathering.html", context)


def _structure_form(request: HttpRequest, event: Event, form: Any, run: Any, title: str) -> HttpResponse:
    context = {"title": title, "cancel_url": _back(event)}
    return form_step(request, form, run, template="core/object_form.html", context=context, back=_back(event))


@GET_OR_POST
@workshops_required
def theme_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    _editor(request, event)
    form = ThemeForm(request.POST or None, initial={"position": len(selectors.event_themes(event)) + 1})

    def run(data: dict[str, Any]) -> str:
        services.save_theme(event, actor=request.user, data=form.data_for_service(), reason=data["reason"])
        return _("The theme was added.")

    return _structure_form(request, event, form, run, _("New theme of “%(event)s”") % {"event": event.title})


@GET_OR_POST
@workshops_required
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = get_object_or_404(Theme.objects.filter(event__in=policies.workshop_events(request.user)), pk=pk)
    event = Event.objects.select_related("creneau").get(pk=theme.event_id)
    _editor(request, event)
    form = ThemeForm(request.POST or None, instance=theme)

    def run(data: dict[str, Any]) -> str:
        services.save_theme(event, actor=request.user, data=form.data_for_service(), theme=theme, reason=data["reason"])
        return _("Your changes were saved.")

    return _structure_form(request, event, form, run, _("Edit the theme “%(theme)s”") % {"theme": theme.title})


def _workshop_initial(workshop: Workshop | None) -> dict[str, Any]:
    if workshop is None:
        return {}
    return {"chair": workshop.chair, "facilitator": workshop.facilitator, "note_taker": workshop.note_taker}


@GET_OR_POST
@workshops_required
def workshop_create(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event(request, pk)
    _editor(request, event)
    position = len(selectors.event_workshops(event)) + 1
    form = WorkshopForm(request.POST or None, initial={"position": position})

    def run(data: dict[str, Any]) -> str:
        services.save_workshop(event, actor=request.user, data=form.data_for_service(), reason=data["reason"])
        return _("The workshop was added.")

    return _structure_form(request, event, form, run, _("New workshop of “%(event)s”") % {"event": event.title})


def _workshop(request: HttpRequest, pk: int) -> Workshop:
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_workshops(request.user).select_related("event__creneau", "chair", "facilitator", "note_taker"),
        pk=pk,
    )


@GET_OR_POST
@workshops_required
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request, pk)
    event = workshop.event
    _editor(request, event)
    form = WorkshopForm(request.POST or None, instance=workshop, initial=_workshop_initial(workshop))

    def run(data: dict[str, Any]) -> str:
        services.save_workshop(
            event, actor=request.user, data=form.data_for_service(), workshop=workshop, reason=data["reason"]
        )
        return _("Your changes were saved.")

    return _structure_form(request, event, form, run, _("Edit the workshop “%(workshop)s”") % {"workshop": workshop})


@GET_OR_POST
@workshops_required
def workshop_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """A workshop's notes, one text area per theme (works without JavaScript): its note-taker and the
    event's managers write them; the gathering's other people read them."""
    workshop = _workshop(request, pk)
    event = workshop.event
    can_write = policies.can_write_notes(request.user, workshop)
    if request.method == "POST" and not can_write:
        raise PermissionDenied(_("Only the workshop's note-taker and the event's managers write its notes."))
    sheet = selectors.workshop_sheet(workshop)
    refusal = workflow.notes_refusal(selectors.synthesis_status(event))
    if event.status == "cancelled":
        refusal = _("This event is cancelled: its workshops and synthesis are kept as they were.")
    form = NotesForm(request.POST or None, sheet=sheet)
    back = reverse("events:workshop_notes", args=[workshop.pk])

    def run(data: dict[str, Any]) -> str:
        changed = services.write_notes(workshop, actor=request.user, texts=form.texts(), reason=data["reason"])
        return _("The notes were saved.") if changed else _("Nothing changed.")

    context = {
        "workshop": workshop,
        "event": event,
        "sheet": sheet,
        "can_write": can_write and refusal is None,
        "refusal": refusal,
        "can_edit": policies.can_edit_synthesis(request.user, event),
    }
    return form_step(request, form, run, template="events/bo/workshop_notes.html", context=context, back=back)


@GET_OR_POST
@workshops_required
def synthesis(request: HttpRequest, pk: int) -> HttpResponse:
    """The synthesis editor: each theme's notes from every workshop beside its synthesis, the
    introduction, the steps and the history. Its editors (whoever manages the event) write it while it
    is a draft; the gathering's people read it."""
    event = _event(request, pk)
    can_edit = policies.can_edit_synthesis(request.user, event)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("You may not manage this event's workshops and synthesis."))
    found = selectors.synthesis_of(event)
    sheet = selectors.synthesis_sheet(event)
    status = found.status if found else SynthesisStatus.DRAFT
    form = SynthesisForm(
        request.POST or None,
        themes=[entry.theme for entry in sheet],
        initial={"introduction": found.introduction if found else ""},
    )
    back = reverse("events:synthesis", args=[event.pk])

    def run(data: dict[str, Any]) -> str:
        changed = services.edit_synthesis(
            event, actor=request.user, introduction=data["introduction"], texts=form.texts(), reason=data["reason"]
        )
        return _("The synthesis was saved.") if changed else _("Nothing changed.")

    live = event.status != "cancelled"
    steps = {
        step: can_edit and live and workflow.synthesis_allowed(status, step)
        for step in (workflow.EDIT, workflow.SUBMIT, workflow.RETURN, workflow.PUBLISH, workflow.WITHDRAW)
    }
    fields = {name: form[name] for name in form.fields}
    context = {
        "event": event,
        "synthesis": found,
        "status_label": SynthesisStatus(status).label,
        "entries": [(entry, fields[f"theme_{entry.theme.pk}"]) for entry in sheet],
        "steps": steps,
        "history": selectors.synthesis_history(found),
    }
    return form_step(request, form, run, template="events/bo/synthesis.html", context=context, back=back)


#: Each step's page: its title and what it does, in plain language.
STEP_PAGES = {
    workflow.SUBMIT: (
        _("Send the synthesis to review"),
        _(
            "The workshops' notes close; the chairs, facilitators and note-takers read the synthesis. It "
            "comes back to draft if a manager returns it."
        ),
    ),
    workflow.RETURN: (
        _("Return the synthesis to draft"),
        _("The synthesis and the notes may change again. Say why: the editor reads it in its history."),
    ),
    workflow.PUBLISH: (
        _("Publish the synthesis"),
        _("The synthesis shows on the event's public page, to the event's audience, and as a PDF file."),
    ),
    workflow.WITHDRAW: (
        _("Withdraw the synthesis"),
        _("The synthesis leaves the event's public page and returns to draft. Say why."),
    ),
}


def _step_view(step: str) -> Any:
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        event = _event(request, pk)
        _editor(request, event)
        back = reverse("events:synthesis", args=[event.pk])
        # Bound on every POST: a button with no reason typed still takes the step.
        form = StepForm(request.POST if request.method == "POST" else None, required=step in workflow.REASON_REQUIRED)
        title, explanation = STEP_PAGES[step]

        def run(data: dict[str, Any]) -> str:
            status = services.take_synthesis_step(event, step, actor=request.user, reason=data["reason"])
            return _("The synthesis is now: %(status)s.") % {"status": SynthesisStatus(status).label}

        context = {"event": event, "title": title, "explanation": explanation, "back": back}
        return form_step(request, form, run, template="events/bo/synthesis_step.html", context=context, back=back)

    view.__name__ = view.__qualname__ = f"synthesis_{step}"
    view.__doc__ = f"The synthesis's step {step!r}: a page says what follows (and asks why), the button takes it."
    return GET_OR_POST(workshops_required(view))


synthesis_submit = _step_view(workflow.SUBMIT)
synthesis_return = _step_view(workflow.RETURN)
synthesis_publish = _step_view(workflow.PUBLISH)
synthesis_withdraw = _step_view(workflow.WITHDRAW)
