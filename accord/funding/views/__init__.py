"""The fund's pages, one module per subject: projects, the pipeline's steps, the dashboard,
envelopes, and the program's settings (periods, the guide, delegations).

Thin views: what the user may see first (the policies' querysets; out of scope is a 404),
then whether they may do it (the policies; 403), then a form and a service. What they share
is here: the two areas' access decorators and the project a request may open.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from .. import policies
from ..forms import formset_class, line_count
from ..models import Project

GET_OR_POST = require_http_methods(["GET", "POST"])

funding_required = policies.FUNDING.required
program_required = policies.PROGRAM.required


def visible_project(request: HttpRequest, pk: int) -> Project:
    """The project, if the user may see it (a 404 otherwise)."""
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_projects(request.user).select_related("carrier", "region", "period"), pk=pk
    )


def require_step(request: HttpRequest, project: Project, step: str) -> None:
    """A 403 unless the user's powers allow the step on the project (workflow.STEPS, policies.may_take)."""
    if not policies.may_take(request.user, project, step):
        raise PermissionDenied(gettext("You may not take this step on this project."))


def require_manager(request: HttpRequest) -> None:
    """A 403 unless the user sets up the program (the ministry)."""
    if not policies.can_manage_program(request.user):
        raise PermissionDenied(gettext("Only the ministry changes the program's settings."))


def added_line(request: HttpRequest, kind: str) -> HttpResponse:
    """One more empty line of a table of lines ("add a line", an htmx fragment), and the table's new count.

    The caller checked that `kind` is one of its form's tables and that the user may fill it in.
    """
    index = line_count(request.GET.get(f"{kind}-TOTAL_FORMS"))
    formset = formset_class(kind)(prefix=kind)
    line = formset.blank_line(index)
    # The new line takes the focus (htmx focuses an element with autofocus that it swaps in).
    next(iter(line.fields.values())).widget.attrs["autofocus"] = True
    context = {"formset": formset, "line": line, "number": index + 1, "total": index + 1}
    return render(request, "funding/project_lines.html#added_line", context)
