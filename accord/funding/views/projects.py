"""Project pages: the pipeline list, the project form and its guide check, the project page, its
PDF, its history and its documents.

A service that refuses an input (ValidationError) shows it on the form with status 400 and
saves nothing. Committee decisions are not steps here: they are resolutions adopted in the
committees' meetings, and the page says which committee the project waits for.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accord.accounts.policies import scope_for
from accord.core.files import download_response
from accord.core.forms import apply_service_errors, show_conflict
from accord.core.history import history_entries
from accord.core.listing import list_page
from accord.core.services import EditConflict
from accord.core.steps import create_once, refused
from accord.core.workflow import InvalidTransition
from accord.registry import queues
from accord.registry.models import Creneau

from .. import documents, policies, selectors, services, workflow
from .. import guide as rules
from ..filters import ProjectFilterSet
from ..forms import (
    AgreementForm,
    AnalysisForm,
    ClaimForm,
    DecideClaimForm,
    FinalReportForm,
    GrantForm,
    ProjectDocumentForm,
    ProjectForm,
    ProjectSheet,
    ReasonForm,
    ReturnForm,
    SimilarSearchForm,
)
from ..models import (
    Agreement,
    AgreementInstalment,
    ClaimStatus,
    EventKind,
    FundGuide,
    Project,
    ProjectCost,
    ProjectCreneau,
    ProjectDocument,
    ProjectEvent,
    ProjectFunding,
    ProjectPartner,
    ProjectStatus,
    ReportingDate,
)
from ..tables import ProjectTable
from . import GET_OR_POST, added_line, funding_required, require_step, visible_project

# --- The list ---------------------------------------------------------------------------------------


@require_GET
@funding_required
def project_list(request: HttpRequest) -> HttpResponse:
    """The pipeline: every project the user may see, filtered, sorted, exported."""
    queryset = (
        policies.visible_projects(request.user)
        .select_related("carrier", "region")
        .only(
            "pk",
            "number",
            "title",
            "status",
            "requested_amount",
            "granted_amount",
            "created_at",
            "carrier__name",
            "region__code",
        )
        .prefetch_related(Prefetch("creneaux", queryset=Creneau.objects.only("pk", "name_fr", "name_en")))
    )
    extra: dict[str, Any] = {}
    if policies.can_create_project(request.user):
        extra["create_url"] = reverse("funding:project_create")
    if not request.GET and not scope_for(request.user).is_staff:
        # A carrier lands here after signing in: what waits for them leads the page (decision 28).
        extra["queues"] = queues.for_user(request.user)
        extra["show_queues"] = True
    return list_page(
        request,
        queryset=queryset,
        filterset_class=ProjectFilterSet,
        # The reader's words for each status (decision 0027).
        table_class=partial(ProjectTable, user=request.user),
        title=_("Projects"),
        export_name="projects",
        extra=extra,
    )


# --- The project form --------------------------------------------------------------------------------


@dataclass(frozen=True)
class GuideCheck:
    """What the fund guide says of the figures typed so far (see the form's partial)."""

    guide: FundGuide | None
    report: rules.Report | None = None
    figures: rules.Figures | None = None
    waiting: str = ""

    @property
    def eligible_cost(self) -> Decimal | None:
        if self.guide is None or self.figures is None:
            return None
        return self.figures.eligible_cost(self.guide)

    @property
    def rate(self) -> str:
        """The highest aid rate for the carrier's kind, as a number in the reader's language."""
        if self.guide is None or self.figures is None:
            return ""
        return rules.percent(self.guide.max_rate(self.figures.carrier_kind))


def guide_check(sheet: ProjectSheet) -> GuideCheck:
    """The current guide's verdict on the unsaved form; documents and balance come at submission."""
    guide = selectors.current_guide()
    if guide is None:
        return GuideCheck(None)
    figures = sheet.figures()
    if figures is None:
        return GuideCheck(guide, waiting=_("Choose the carrier: the guide's rules depend on its kind."))
    return GuideCheck(guide, rules.check(guide, figures, complete=False), figures)


def _saved_check(project: Project) -> GuideCheck:
    guide = selectors.current_guide()
    if guide is None:
        return GuideCheck(None)
    figures = selectors.figures(project)
    return GuideCheck(guide, rules.check(guide, figures, complete=False), figures)


def _content(sheet: ProjectSheet) -> services.Content:
    return services.Content(
        fields=sheet.content_fields(),
        creneaux=list(sheet.form.cleaned_data["creneaux"]),
        costs=sheet.lines(sheet.costs),
        financing=sheet.lines(sheet.financing),
        partners=sheet.lines(sheet.partners),
    )


def _saved(request: HttpRequest, project: Project, check: GuideCheck) -> HttpResponse:
    if check.report is not None and not check.report.ok:
        messages.warning(
            request,
            _(
                "The draft %(number)s was saved, but the fund guide would refuse it as it stands: "
                "correct the problems listed before you submit it."
            )
            % {"number": project.number},
        )
    else:
        messages.success(request, _("The draft %(number)s was saved.") % {"number": project.number})
    return redirect(project.get_absolute_url())


def _form_page(
    request: HttpRequest,
    sheet: ProjectSheet,
    check: GuideCheck | None,
    *,
    title: str,
    cancel_url: str,
    status: int | None = None,
) -> HttpResponse:
    context = {
        "sheet": sheet,
        "form": sheet.form,
        "check": check,
        "project": sheet.project,
        "title": title,
        "cancel_url": cancel_url,
        **_similar_context(request, sheet.project),
    }
    if status is None:
        status = 400 if sheet.has_errors and "add_line" not in request.POST else 200
    return render(request, "funding/project_form.html", context, status=status)


def _similar_context(request: HttpRequest, project: Project | None) -> dict[str, Any]:
    """The similar projects of the text in the form as posted, or of the saved project (decision 56)."""
    if request.method == "POST":
        title, summary = request.POST.get("title", ""), request.POST.get("summary", "")
    elif project is not None:
        title, summary = project.title, project.summary
    else:
        return {"similar": [], "searched": False}
    most = selectors.SIMILAR_MAX_CHARS
    title, summary = title[:most].replace("\x00", ""), summary[:most].replace("\x00", "")
    if not (title + summary).strip():
        return {"similar": [], "searched": False}
    exclude = [project.pk] if project is not None else []
    similar = selectors.similar_projects(request.user, title=title, summary=summary, exclude=exclude)
    return {"similar": similar, "searched": True}


@require_POST
@funding_required
def project_similar(request: HttpRequest) -> HttpResponse:
    """The similar projects of the title and summary as they are being typed (an htmx fragment)."""
    project = None
    wanted = request.POST.get("project", "")
    if wanted.isdigit():
        project = visible_project(request, int(wanted))
    elif not policies.can_create_project(request.user):
        raise PermissionDenied
    return render(request, "funding/project_form.html#similar_panel", _similar_context(request, project))


@require_GET
@funding_required
def similar_search(request: HttpRequest) -> HttpResponse:
    """Staff search the program's projects similar to a text they type (decision 56)."""
    if not policies.can_search_similar(request.user):
        raise PermissionDenied(str(policies.SIMILAR.refusal))
    form = SimilarSearchForm(request.GET or None)
    similar: list[selectors.SimilarProject] = []
    searched = False
    if form.is_valid():
        similar = selectors.similar_projects(request.user, title=form.cleaned_data["text"], limit=20)
        searched = True
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request, "funding/similar_search.html", {"form": form, "similar": similar, "searched": searched}, status=status
    )


def _only_shown(request: HttpRequest) -> bool:
    """The form was posted to be shown again (checked, or with one more line), not saved."""
    return "check" in request.POST or "add_line" in request.POST


@GET_OR_POST
@funding_required
def project_create(request: HttpRequest) -> HttpResponse:
    """A new draft: the project, its budget, its financing plan and its partners, in one form."""
    if not policies.can_create_project(request.user):
        raise PermissionDenied(_("Only a carrier, a niche coordinator or the staff draft projects."))
    sheet = ProjectSheet(
        request.POST or None, carriers=policies.carriers_for(request.user), add_line=request.POST.get("add_line")
    )
    check = None
    if request.method == "POST":
        valid = sheet.is_valid()
        check = guide_check(sheet)
        # "Check" asks for the guide's verdict without saving, "add a line" for one more line
        # (the page works without JavaScript).
        if valid and not _only_shown(request):
            try:
                result = create_once(
                    request,
                    sheet.form,
                    lambda: services.create_project(
                        sheet.form.cleaned_data["carrier"], _content(sheet), actor=request.user
                    ),
                    scope="funding.project",
                )
            except ValidationError as exc:
                apply_service_errors(sheet.form, exc)
            except PermissionDenied:
                sheet.form.add_error("carrier", _("You may not draft a project for this organisation."))
            else:
                if not result.created:
                    return redirect(result.obj.get_absolute_url())
                return _saved(request, result.obj, check)
    return _form_page(request, sheet, check, title=_("New project"), cancel_url=reverse("funding:project_list"))


@GET_OR_POST
@funding_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft, or a project returned for changes."""
    project = visible_project(request, pk)
    require_step(request, project, "edit")
    if not workflow.is_open("edit", project.status):
        messages.error(request, _("A project can be changed only as a draft or when it is returned."))
        return redirect(project.get_absolute_url())
    sheet = ProjectSheet(request.POST or None, project=project, add_line=request.POST.get("add_line"))
    if request.method != "POST":
        check = _saved_check(project)
    else:
        valid = sheet.is_valid()
        check = guide_check(sheet)
        if valid and not _only_shown(request):
            try:
                services.update_project(project, _content(sheet), actor=request.user, revision=sheet.form.revision)
            except InvalidTransition as exc:
                return refused(request, exc, project.get_absolute_url())
            except EditConflict as conflict:
                show_conflict(sheet.form, conflict)
                return _form_page(
                    request,
                    sheet,
                    check,
                    title=_("Edit %(number)s") % {"number": project.number},
                    cancel_url=project.get_absolute_url(),
                    status=409,
                )
            except ValidationError as exc:
                apply_service_errors(sheet.form, exc)
            else:
                return _saved(request, project, check)
    return _form_page(
        request,
        sheet,
        check,
        title=_("Edit %(number)s") % {"number": project.number},
        cancel_url=project.get_absolute_url(),
    )


@require_POST
@funding_required
def project_check(request: HttpRequest) -> HttpResponse:
    """The guide's verdict on the form as it is being filled in (an htmx fragment)."""
    project = None
    wanted = request.POST.get("project", "")
    if wanted.isdigit():
        project = visible_project(request, int(wanted))
    elif not policies.can_create_project(request.user):
        raise PermissionDenied
    sheet = ProjectSheet(request.POST, carriers=policies.carriers_for(request.user), project=project)
    sheet.is_valid()
    return render(request, "funding/project_form.html#guide_check", {"check": guide_check(sheet), "project": project})


@require_POST
@funding_required
def project_plan_actions(request: HttpRequest) -> HttpResponse:
    """The plan-action field again, offering the actions of the niches now ticked (an htmx fragment)."""
    project = None
    wanted = request.POST.get("project", "")
    if wanted.isdigit():
        project = visible_project(request, int(wanted))
        require_step(request, project, "edit")
    elif not policies.can_create_project(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST, carriers=policies.carriers_for(request.user), project=project)
    return render(request, "funding/project_form.html#plan_action_field", {"field": form["plan_action"]})


@require_GET
@funding_required
def project_line(request: HttpRequest, kind: str) -> HttpResponse:
    """One more empty line of a table of the form ("add a line", an htmx fragment), and the table's new count."""
    if kind not in ProjectSheet.BLANK_LINES:
        raise Http404
    wanted = request.GET.get("project", "")
    if wanted.isdigit():
        require_step(request, visible_project(request, int(wanted)), "edit")
    elif not policies.can_create_project(request.user):
        raise PermissionDenied
    return added_line(request, kind)


@require_GET
@funding_required
def partner_options(request: HttpRequest) -> HttpResponse:
    """The registry's organisations matching what is typed in a partner field (an htmx listbox's options)."""
    if not policies.can_create_project(request.user):
        raise PermissionDenied
    field = request.GET.get("field", "")
    query = request.GET.get(field, "") if field.endswith("-organisation") else ""
    context = {
        "suggestions": selectors.partner_suggestions(request.user, query),
        "listbox": f"id_{field}-options",
        # "Nothing matches" only once a search was made (two letters at least).
        "searched": len(query.strip()) >= 2,
    }
    return render(request, "registry/organisation_options.html", context)


# --- The project page -----------------------------------------------------------------------------


def _project_for_page(request: HttpRequest, pk: int) -> Project:
    """A project the user may see, with everything its page and its PDF show."""
    project = get_object_or_404(selectors.with_file(policies.visible_projects(request.user)), pk=pk)
    return selectors.read_decisions(project)


def _program_links(request: HttpRequest, project: Project, guide: FundGuide | None) -> dict[str, str]:
    """Links to the envelope, the guide and the delegation, for those who may read the program's pages.

    Whoever sees the region's envelope reads the program's pages (views.program); the
    carrier does not, and gets the names without the links.
    """
    envelope_id = (
        policies.visible_envelopes(request.user)
        .filter(region_id=project.region_id, period_id=project.period_id)
        .values_list("pk", flat=True)
        .first()
    )
    if envelope_id is None:
        return {"envelope_url": "", "guide_url": "", "delegation_url": ""}
    return {
        "envelope_url": reverse("funding:envelope_detail", args=[envelope_id]),
        "guide_url": reverse("funding:guide_detail", args=[guide.version]) if guide is not None else "",
        "delegation_url": reverse("funding:delegation_list") if project.delegation_id else "",
    }


def _step_forms(
    request: HttpRequest,
    project: Project,
    can: dict[str, bool],
    guide: FundGuide | None,
    documents: list[ProjectDocument],
) -> dict[str, Any]:
    """The unbound forms of the steps the user may take, each with ids of its own on the page.

    `documents` are those the reader reads (the sheet's): a new version replaces only one of them."""
    forms: dict[str, Any] = {}
    for step in ("withdraw", "refuse", "report_return"):
        if can[step]:
            forms[step] = ReasonForm(auto_id=f"{step}_%s")
    if can["return"]:
        forms["return"] = ReturnForm(project=project, auto_id="return_%s")
    if can["analysis"]:
        items = rules.checklist(guide, selectors.figures(project))
        forms["analysis"] = AnalysisForm(items=items, project=project, auto_id="analysis_%s")
    if can["grant"]:
        amount = project.recommended_amount or project.requested_amount
        forms["grant"] = GrantForm(initial={"amount": amount}, auto_id="grant_%s")
    if can["agreement"]:
        forms["agreement"] = AgreementForm(auto_id="agreement_%s")
    if can["document"]:
        audiences = policies.document_audiences(request.user, project)
        current = [d for d in documents if d.replaced_by_id is None]
        required = guide.required_documents if guide is not None else []
        forms["document"] = ProjectDocumentForm(
            audiences=audiences, auto_id="document_%s", required=required, documents=current
        )
    if can["claim"]:
        forms["claim"] = ClaimForm(auto_id="claim_%s")
    if can["report"]:
        forms["report"] = FinalReportForm(auto_id="report_%s")
    return forms


def _last_return(project: Project, events: list[ProjectEvent]) -> ProjectEvent | None:
    """While the project is returned, the return that asked for the changes (events are newest first)."""
    if project.status != ProjectStatus.RETURNED:
        return None
    return next((event for event in events if event.action == EventKind.RETURN), None)


@require_GET
@funding_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The project: its file, the guide's verdict, where it waits, who decided what, and the next steps."""
    project = _project_for_page(request, pk)
    guide = project.guide or selectors.current_guide()
    reader = policies.reader_audience(request.user, project)
    sheet = selectors.project_sheet(project, guide, reader=reader)
    can = policies.open_steps(request.user, project)
    if can["countersign"]:
        # The second signature is another officer's.
        can["countersign"] = not any(s.signed_by_id == request.user.pk for s in sheet["signatures"])
    if can["decide"]:
        for claim in sheet["disbursements"]:
            open_claim = claim.status == ClaimStatus.CLAIMED
            claim.decide_form = DecideClaimForm(auto_id=f"decide{claim.pk}_%s") if open_claim else None
    context = {
        "project": project,
        "sheet": sheet,
        "guide": guide,
        "can": can,
        "forms": _step_forms(request, project, can, guide, sheet["documents"]),
        "awaited": selectors.committees_awaited(project, request.user),
        "equity": (
            selectors.equity_warning(project)
            if project.status in workflow.PIPELINE and selectors.reads_committee_work(reader)
            else None
        ),
        **_program_links(request, project, guide),
        "required_documents": guide.required_documents if guide else [],
        "returned": _last_return(project, sheet["events"]),
        "grant_figures": selectors.grant_figures(project) if can["grant"] else None,
        # The program's projects that resemble it (decision 56), as the reader may see them.
        "similar": selectors.similar_projects(
            request.user, title=project.title, summary=project.summary, exclude=[project.pk]
        ),
        "searched": True,
        # Whether the public reads it (decision 54): published, and in a status the site shows.
        "public_page": project.published_at is not None and project.status in workflow.PUBLIC,
    }
    return render(request, "funding/project_detail.html", context)


@require_GET
@funding_required
def project_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The project sheet the ministry reviews, in the language of the page it was asked from."""
    project = _project_for_page(request, pk)
    return documents.project_pdf(request, project, reader=policies.reader_audience(request.user, project))


@require_GET
@funding_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement generated from its terms: a draft before its signature. Whoever reads the
    project reads it (the carrier signs it); a project without terms has no agreement (404)."""
    project = visible_project(request, pk)
    agreement = selectors.agreement_terms(project)
    if agreement is None:
        raise Http404
    return documents.agreement_pdf(request, agreement)


@require_GET
@funding_required
def project_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded change of the project's fields and lines."""
    project = visible_project(request, pk)

    def records(model: Any, **filters: Any) -> Any:
        return model.history.filter(**filters).select_related("history_user")

    def subject(record: Any, names: dict[Any, str]) -> str:
        return "" if record.instance_type is Project else str(record.instance_type._meta.verbose_name).capitalize()

    entries = history_entries(
        records(Project, id=project.pk),
        records(ProjectCost, project_id=project.pk),
        records(ProjectFunding, project_id=project.pk),
        records(ProjectPartner, project_id=project.pk),
        records(ProjectCreneau, project_id=project.pk),
        records(Agreement, project_id=project.pk),
        records(AgreementInstalment, agreement__project_id=project.pk),
        records(ReportingDate, agreement__project_id=project.pk),
        subject_of=subject,
    )
    entries = selectors.readable_history(entries, policies.reader_audience(request.user, project))
    return render(
        request,
        "core/object_history.html",
        {"object": project, "entries": entries, "back_url": project.get_absolute_url()},
    )


@require_GET
@funding_required
def project_document(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponseBase:
    """A document of the project, for those who may see the project and read the document
    (files are never served publicly; a document addressed to others is answered as missing)."""
    project = visible_project(request, pk)
    readable = workflow.readable(policies.reader_audience(request.user, project))
    document = get_object_or_404(ProjectDocument.objects.filter(project=project, audience__in=readable), pk=doc_pk)
    return download_response(document.file)
