"""The editors' pages of the newsletter: the issues they see, composing one, its preview (the email in
both languages and the recipients), sending it (a confirmation step), and its progress."""

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

from .. import policies, selectors, services
from ..emails import issue_message
from ..forms import IssueForm, StepForm
from ..models import Issue, IssueStatus, Subscriber
from . import GET_OR_POST, newsletter_required

PAGE_SIZE = 25


def _issue(request: HttpRequest, pk: int) -> Issue:
    return get_object_or_404(policies.visible_issues(request.user), pk=pk)  # type: ignore[no-any-return]


def _require_editor(request: HttpRequest, issue: Issue) -> None:
    if not policies.can_edit_issue(request.user, issue):
        raise PermissionDenied(_("You may not change this issue of the newsletter."))


def _detail_url(issue: Issue) -> str:
    return reverse("newsletter_bo:issue_detail", args=[issue.pk])


@require_GET
@newsletter_required
def issue_list(request: HttpRequest) -> HttpResponse:
    """The issues the user sees: drafts, being sent, sent."""
    page = Paginator(selectors.backoffice_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "newsletter/bo/issue_list.html", {"page": page})


@GET_OR_POST
@newsletter_required
def issue_create(request: HttpRequest) -> HttpResponse:
    """Compose a draft issue from published news and stories, for an audience the editor covers."""
    form = IssueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            issue = services.create_issue(
                actor=request.user, data=form.data_for_service(), reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Check its preview and its recipients, then send it."))
            return redirect(_detail_url(issue))
    context = {
        "form": form,
        "title": _("New issue of the newsletter"),
        "cancel_url": reverse("newsletter_bo:issue_list"),
    }
    return render(request, "core/object_form.html", context, status=400 if form.is_bound else 200)


@GET_OR_POST
@newsletter_required
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue(request, pk)
    _require_editor(request, issue)
    back = _detail_url(issue)
    form = IssueForm(request.POST or None, instance=issue, user=request.user)

    def run(data: dict[str, Any]) -> str:
        changed = services.update_issue(issue, actor=request.user, data=form.data_for_service(), reason=data["reason"])
        return _("Your changes were saved.") if changed or form.has_changed() else _("Nothing changed.")

    context = {"title": _("Edit “%(title)s”") % {"title": issue.title_fr}, "cancel_url": back}
    return form_step(request, form, run, template="core/object_form.html", context=context, back=back)


def _email_preview(issue: Issue, publications: list[Any], language: str) -> dict[str, Any]:
    # The preview draws the very email the task sends, to a sample subscriber.
    sample = Subscriber(email="exemple@example.org", language=language, unsubscribe_token="apercu")  # noqa: S106  a placeholder, not a secret
    message = issue_message(issue, publications, sample)
    return {"language": language, "subject": message.subject, "html": message.alternatives[0][0], "text": message.body}


@require_GET
@newsletter_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue: its state, its publications, the email in French and English, the recipients (a count
    and a page of them: those it would reach now for a draft, its deliveries once sent), the progress."""
    issue = _issue(request, pk)
    draft = issue.status == IssueStatus.DRAFT
    progress = None if draft else selectors.progress(issue)
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.boosted:
        # The progress polled while sending: its counts only, not the previews and recipients.
        return render_page(
            request, "newsletter/bo/issue_detail.html", {"issue": issue, "progress": progress}, partial="progress"
        )
    publications = selectors.items(issue)
    recipients = selectors.issue_audience(issue) if draft else selectors.deliveries(issue)
    page = Paginator(recipients, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "issue": issue,
        "draft": draft,
        "can_edit": policies.can_edit_issue(request.user, issue),
        "publications": publications,
        "creneaux": list(issue.creneaux.all()),
        "regions": list(issue.regions.all()),
        "page": page,
        "progress": progress,
        "previews": [_email_preview(issue, publications, lang) for lang in ("fr", "en")],
    }
    return render_page(request, "newsletter/bo/issue_detail.html", context, partial="progress")


@GET_OR_POST
@newsletter_required
def issue_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the issue, after confirming: its audience is frozen now."""
    issue = _issue(request, pk)
    _require_editor(request, issue)
    back = _detail_url(issue)
    form = StepForm(request.POST if request.method == "POST" else None)

    def run(data: dict[str, Any]) -> str:
        count = services.send_issue(issue, actor=request.user, reason=data["reason"])
        return _("Sending to %(count)s subscribers: follow the progress below.") % {"count": count}

    context = {
        "issue": issue,
        "count": selectors.issue_audience(issue).count(),
        "title": _("Send the issue"),
        "back": back,
    }
    return form_step(request, form, run, template="newsletter/bo/issue_send.html", context=context, back=back)
