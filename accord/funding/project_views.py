"""Project pages of the fund: the pipeline list, the project form, the project page and its steps.

Thin views: the projects the user may see first (out of scope is a 404), then the policy
for the step (403), then a service. A service that refuses an input (ValidationError)
shows it on the form with status 400 and saves nothing; a step the project's status does
not allow (InvalidTransition) is an error message on the project's page. Committee
decisions are not steps here: they are resolutions adopted in the committees' meetings,
and the page says which committee the project waits for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord.core.forms import apply_service_errors
from accord.core.history import history_entries
from accord.core.listing import list_page
from accord.core.money import format_money
from accord.governance import policies as governance_policies
from accord.governance import selectors as governance_selectors
from accord.governance.models import Committee, CommitteeKind
from accord.registry.models import Creneau

from . import documents, policies, selectors, services, workflow
from . import guide as rules
from .filters import ProjectFilterSet
from .models import (
    ZERO,
    ClaimStatus,
    Disbursement,
    FundGuide,
    GrantSignature,
    Project,
    ProjectCost,
    ProjectCreneau,
    ProjectDocument,
    ProjectEvent,
    ProjectFunding,
    ProjectPartner,
    ProjectStatus,
)
from .project_forms import (
    CHECKLIST,
    AgreementForm,
    AnalysisForm,
    ClaimForm,
    DecideClaimForm,
    FinalReportForm,
    GrantForm,
    ProjectDocumentForm,
    ProjectSheet,
    ReasonForm,
    checklist,
)
from .tables import ProjectTable
from .workflow import Action

S = ProjectStatus
GET_OR_POST = require_http_methods(["GET", "POST"])


def funding_required(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Anonymous visitors sign in; signed-in users with no part in the fund get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policies.can_access_funding(request.user):
            raise PermissionDenied(
                _("The fund's pages are for carriers, committee members and ministry and regional-office staff.")
            )
        return view(request, *args, **kwargs)

    return wrapper


# --- Who may take which step ---------------------------------------------------------------------


#: The timeline's words for what happened; the steps of the pipeline have theirs in the workflow.
EVENT_LABELS: dict[str, Any] = {
    **workflow.ACTION_LABELS,
    "create": gettext_lazy("Draft created"),
    "update": gettext_lazy("Draft changed"),
    "document": gettext_lazy("Document filed"),
    "analysis": gettext_lazy("Ministry analysis recorded"),
    "claim": gettext_lazy("Instalment claimed"),
    "paid": gettext_lazy("Instalment paid"),
    "claim_rejected": gettext_lazy("Claim rejected"),
    "resolution": gettext_lazy("Resolution recorded"),
}


def event_label(event: ProjectEvent) -> str:
    if event.action == Action.RETURN and event.from_status == S.FINAL_REPORT:
        return _("Final report returned to the carrier")
    return str(EVENT_LABELS.get(event.action, event.action))


@dataclass(frozen=True)
class Powers:
    """What the user's roles allow on the project, whatever its status (read once per request)."""

    edit: bool
    review: bool
    grant: bool

    @classmethod
    def of(cls, user: Any, project: Project) -> Powers:
        return cls(
            edit=policies.can_edit_project(user, project),
            review=policies.can_review(user, project),
            grant=policies.can_grant(user),
        )

    def may(self, step: str) -> bool:
        """Whether the policy allows the step (a 403 otherwise)."""
        if step in ("withdraw", "document"):
            return self.edit or self.review
        if step == "return":
            return self.review
        if step in ("edit", "submit", "claim", "report"):
            return self.edit
        return self.grant


def step_open(step: str, project: Project) -> bool:
    """Whether the project's status allows the step (the services check it again)."""
    status = project.status
    return {
        "edit": status in workflow.EDITABLE,
        "submit": (status, Action.SUBMIT) in workflow.TRANSITIONS,
        "withdraw": (status, Action.WITHDRAW) in workflow.TRANSITIONS,
        "return": status in (S.SUBMITTED, S.NICHE_APPROVED, S.ANALYSIS),
        "analysis": status in (S.ANALYSIS, S.AWAITING_SIGNATURE),
        "grant": status == S.ANALYSIS,
        "countersign": status == S.AWAITING_SIGNATURE,
        "refuse": status in (S.ANALYSIS, S.AWAITING_SIGNATURE),
        "agreement": status == S.GRANTED,
        "document": status not in workflow.FINAL,
        "claim": status in workflow.DISBURSING,
        "decide": status in workflow.DISBURSING | {S.FINAL_REPORT},
        "report": status == S.AGREEMENT_SIGNED,
        "report_return": status == S.FINAL_REPORT,
        "close": status == S.FINAL_REPORT,
    }[step]


STEPS = (
    "edit",
    "submit",
    "withdraw",
    "return",
    "analysis",
    "grant",
    "countersign",
    "refuse",
    "agreement",
    "document",
    "claim",
    "decide",
    "report",
    "report_return",
    "close",
)


def abilities(user: Any, project: Project) -> dict[str, bool]:
    powers = Powers.of(user, project)
    return {step: powers.may(step) and step_open(step, project) for step in STEPS}


def _allowed(request: HttpRequest, project: Project, step: str) -> None:
    if not Powers.of(request.user, project).may(step):
        raise PermissionDenied(_("You may not take this step on this project."))


# --- Loading and answering -------------------------------------------------------------------------


def _project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_projects(request.user).select_related("carrier", "region", "period"), pk=pk
    )


def _file_lookups() -> list[Prefetch]:
    """The rows of a project's file, each in one query."""
    return [
        Prefetch(
            "creneau_links",
            queryset=ProjectCreneau.objects.select_related("creneau", "resolution__committee").order_by(
                "creneau__name_fr"
            ),
        ),
        Prefetch(
            "partner_links",
            queryset=ProjectPartner.objects.select_related("organisation").order_by("organisation__name"),
        ),
        Prefetch("costs", queryset=ProjectCost.objects.order_by("pk")),
        Prefetch("financing", queryset=ProjectFunding.objects.order_by("pk")),
        Prefetch("documents", queryset=ProjectDocument.objects.select_related("uploaded_by")),
        Prefetch("signatures", queryset=GrantSignature.objects.select_related("signed_by")),
        Prefetch("disbursements", queryset=Disbursement.objects.select_related("proof", "claimed_by", "decided_by")),
        Prefetch(
            "events", queryset=ProjectEvent.objects.select_related("actor", "resolution", "committee", "delegation")
        ),
    ]


_PAGE_RELATED = ("guide", "carrier", "region", "period", "created_by", "regional_resolution__committee", "delegation")


def _project_for_page(request: HttpRequest, pk: int) -> Project:
    """A project with everything its page and its PDF show, in a fixed number of queries."""
    return get_object_or_404(  # type: ignore[no-any-return]
        policies.visible_projects(request.user).select_related(*_PAGE_RELATED).prefetch_related(*_file_lookups()),
        pk=pk,
    )


def _text(exc: Exception) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _refused(request: HttpRequest, exc: Exception, project: Project) -> HttpResponse:
    messages.error(request, _text(exc))
    return redirect(project.get_absolute_url())


def _closed_step(request: HttpRequest, project: Project) -> HttpResponse:
    messages.error(
        request,
        _("This step is not possible while the project's status is “%(status)s”.")
        % {"status": ProjectStatus(project.status).label},
    )
    return redirect(project.get_absolute_url())


def _optional_url(name: str, *args: Any) -> str:
    """The address of a page of the program's settings, or "" if it is not installed."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _program_links(request: HttpRequest, project: Project, guide: FundGuide | None) -> dict[str, str]:
    """Links to the envelope, the guide and the delegation, for those who may read the program's pages.

    Whoever sees the region's envelope reads the program's pages (see program_views); the
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
        "envelope_url": _optional_url("funding:envelope_detail", envelope_id),
        "guide_url": _optional_url("funding:guide_detail", guide.version) if guide is not None else "",
        "delegation_url": _optional_url("funding:delegation_list") if project.delegation_id else "",
    }


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
    extra = {}
    if policies.can_create_project(request.user):
        extra["create_url"] = reverse("funding:project_create")
    return list_page(
        request,
        queryset=queryset,
        filterset_class=ProjectFilterSet,
        table_class=ProjectTable,
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


def guide_check(sheet: ProjectSheet) -> GuideCheck:
    """The current guide's verdict on the unsaved form; documents and balance come at submission."""
    guide = services.current_guide()
    if guide is None:
        return GuideCheck(None)
    figures = sheet.figures()
    if figures is None:
        return GuideCheck(guide, waiting=_("Choose the carrier: the guide's rules depend on its kind."))
    return GuideCheck(guide, rules.check(guide, figures, complete=False), figures)


def _saved_check(project: Project) -> GuideCheck:
    guide = services.current_guide()
    if guide is None:
        return GuideCheck(None)
    figures = services.figures(project)
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
    request: HttpRequest, sheet: ProjectSheet, check: GuideCheck | None, *, title: str, cancel_url: str
) -> HttpResponse:
    context = {
        "sheet": sheet,
        "form": sheet.form,
        "check": check,
        "project": sheet.project,
        "title": title,
        "cancel_url": cancel_url,
    }
    return render(request, "funding/project_form.html", context, status=400 if sheet.has_errors else 200)


@GET_OR_POST
@funding_required
def project_create(request: HttpRequest) -> HttpResponse:
    """A new draft: the project, its budget, its financing plan and its partners, in one form."""
    if not policies.can_create_project(request.user):
        raise PermissionDenied(_("Only a carrier, a niche coordinator or the staff draft projects."))
    sheet = ProjectSheet(request.POST or None, carriers=policies.carriers_for(request.user))
    check = None
    if request.method == "POST":
        valid = sheet.is_valid()
        check = guide_check(sheet)
        # "Check" asks for the guide's verdict without saving (the page works without JavaScript).
        if valid and "check" not in request.POST:
            try:
                project = services.create_project(
                    sheet.form.cleaned_data["carrier"], _content(sheet), actor=request.user
                )
            except ValidationError as exc:
                apply_service_errors(sheet.form, exc)
            except PermissionDenied:
                sheet.form.add_error("carrier", _("You may not draft a project for this organisation."))
            else:
                return _saved(request, project, check)
    return _form_page(request, sheet, check, title=_("New project"), cancel_url=reverse("funding:project_list"))


@GET_OR_POST
@funding_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft, or a project returned for changes."""
    project = _project(request, pk)
    _allowed(request, project, "edit")
    if not step_open("edit", project):
        messages.error(request, _("A project can be changed only as a draft or when it is returned."))
        return redirect(project.get_absolute_url())
    sheet = ProjectSheet(request.POST or None, project=project)
    if request.method != "POST":
        check = _saved_check(project)
    else:
        valid = sheet.is_valid()
        check = guide_check(sheet)
        if valid and "check" not in request.POST:
            try:
                services.update_project(project, _content(sheet), actor=request.user)
            except workflow.InvalidTransition as exc:
                return _refused(request, exc, project)
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
        project = _project(request, int(wanted))
    elif not policies.can_create_project(request.user):
        raise PermissionDenied
    sheet = ProjectSheet(request.POST, carriers=policies.carriers_for(request.user), project=project)
    sheet.is_valid()
    return render(request, "funding/project_form.html#guide_check", {"check": guide_check(sheet), "project": project})


# --- The project page -----------------------------------------------------------------------------


def _committees_awaited(request: HttpRequest, project: Project) -> list[dict[str, Any]]:
    """The committees whose resolution the project waits for, with their next meeting."""
    if project.status == S.SUBMITTED:
        waiting = [link.creneau_id for link in project.creneau_links.all() if link.resolution_id is None]  # type: ignore[attr-defined]
        committees = list(
            Committee.objects.active()  # type: ignore[attr-defined]
            .filter(kind=CommitteeKind.CRENEAU, creneau_id__in=waiting)
            .order_by("name_fr")
        )
    elif project.status == S.NICHE_APPROVED:
        regional = services.regional_committee(project)
        committees = [regional] if regional is not None else []
    else:
        return []
    visible = set(
        governance_policies.visible_committees(request.user)
        .filter(pk__in=[c.pk for c in committees])
        .values_list("pk", flat=True)
    )
    return [
        {
            "committee": committee,
            "regional": committee.kind == CommitteeKind.REGIONAL,
            "visible": committee.pk in visible,
            "next_meeting": governance_selectors.upcoming_meetings(committee).first(),
        }
        for committee in committees
    ]


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part * 100 / whole).quantize(Decimal("0.1")) if whole else None


def sheet_context(project: Project, guide: FundGuide | None = None) -> dict[str, Any]:
    """What the project page and its PDF both show (the project's file prefetched)."""
    costs = list(project.costs.all())  # type: ignore[attr-defined]
    financing = list(project.financing.all())  # type: ignore[attr-defined]
    total_cost = sum((c.amount for c in costs), ZERO)
    guide = guide or project.guide or services.current_guide()
    report = services.guide_report(project)
    eligible = services.figures(project).eligible_cost(guide) if guide is not None else None
    financed = project.requested_amount + sum((f.amount for f in financing), ZERO)
    events = list(project.events.all())  # type: ignore[attr-defined]
    for event in events:
        event.label = event_label(event)  # type: ignore[attr-defined]
    analysis = [
        {"label": label, "checked": project.checklist.get(key)} for key, label in CHECKLIST if key in project.checklist
    ]
    return {
        "project": project,
        "creneau_links": list(project.creneau_links.all()),  # type: ignore[attr-defined]
        "partners": list(project.partner_links.all()),  # type: ignore[attr-defined]
        "costs": costs,
        "financing": financing,
        "total_cost": total_cost,
        "eligible_cost": eligible,
        "financed": financed,
        "requested_share": _percent(project.requested_amount, eligible) if eligible else None,
        "guide": guide,
        "report": report,
        "analysis": analysis,
        "signatures": list(project.signatures.all()),  # type: ignore[attr-defined]
        "disbursements": list(project.disbursements.all()),  # type: ignore[attr-defined]
        "paid": sum(
            (d.amount for d in project.disbursements.all() if d.status == ClaimStatus.PAID),  # type: ignore[attr-defined]
            ZERO,
        ),
        "documents": list(project.documents.all()),  # type: ignore[attr-defined]
        "events": events,
    }


def _step_forms(project: Project, can: dict[str, bool], guide: FundGuide | None) -> dict[str, Any]:
    """The unbound forms of the steps the user may take, each with ids of its own on the page."""
    forms: dict[str, Any] = {}
    for step in ("withdraw", "return", "refuse", "report_return"):
        if can[step]:
            forms[step] = ReasonForm(auto_id=f"{step}_%s")
    if can["analysis"]:
        items = checklist(guide, services.figures(project))
        forms["analysis"] = AnalysisForm(items=items, project=project, auto_id="analysis_%s")
    if can["grant"]:
        amount = project.recommended_amount or project.requested_amount
        forms["grant"] = GrantForm(initial={"amount": amount}, auto_id="grant_%s")
    if can["agreement"]:
        forms["agreement"] = AgreementForm(auto_id="agreement_%s")
    if can["document"]:
        forms["document"] = ProjectDocumentForm(auto_id="document_%s")
    if can["claim"]:
        forms["claim"] = ClaimForm(auto_id="claim_%s")
    if can["report"]:
        forms["report"] = FinalReportForm(auto_id="report_%s")
    return forms


@require_GET
@funding_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The project: its file, the guide's verdict, where it waits, who decided what, and the next steps."""
    project = _project_for_page(request, pk)
    guide = project.guide or services.current_guide()
    sheet = sheet_context(project, guide)
    can = abilities(request.user, project)
    if can["countersign"]:
        # The second signature is another officer's.
        can["countersign"] = not project.signatures.filter(signed_by_id=request.user.pk).exists()  # type: ignore[attr-defined]
    if can["decide"]:
        for claim in sheet["disbursements"]:
            open_claim = claim.status == ClaimStatus.CLAIMED
            claim.decide_form = DecideClaimForm(auto_id=f"decide{claim.pk}_%s") if open_claim else None
    links = _program_links(request, project, guide)
    context = {
        "project": project,
        "sheet": sheet,
        "guide": guide,
        "can": can,
        "forms": _step_forms(project, can, guide),
        "awaited": _committees_awaited(request, project),
        "equity": selectors.equity_warning(project) if project.status in workflow.PIPELINE else None,
        **links,
        "required_documents": guide.required_documents if guide else [],
    }
    return render(request, "funding/project_detail.html", context)


@require_GET
@funding_required
def project_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The project sheet the ministry reviews, in the language of the page it was asked from."""
    project = _project_for_page(request, pk)
    return documents.project_pdf(request, project, sheet_context(project))


@require_GET
@funding_required
def project_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every recorded change of the project's fields and lines."""
    project = _project(request, pk)

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
        subject_of=subject,
    )
    return render(
        request,
        "core/object_history.html",
        {"object": project, "entries": entries, "back_url": project.get_absolute_url()},
    )


@require_GET
@funding_required
def project_document(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponseBase:
    """A document of the project, for those who may see the project (files are never served publicly)."""
    project = _project(request, pk)
    document = get_object_or_404(ProjectDocument.objects.filter(project=project), pk=doc_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("This document is no longer available.")) from exc
    return FileResponse(handle, as_attachment=True, filename=Path(document.file.name).name)


# --- The steps -------------------------------------------------------------------------------------


def _form_step(
    request: HttpRequest,
    project: Project,
    step: str,
    form: Any,
    *,
    run: Callable[[dict[str, Any]], str],
    title: str,
    submit_label: str,
    lead: str = "",
    error_field: str | None = None,
) -> HttpResponse:
    """A step with a form: GET shows it on a page of its own, POST takes the step.

    `run(cleaned_data)` calls the service and returns the message of success; the
    service's errors go on their fields, else on `error_field`, else on the whole form.
    """
    if not step_open(step, project):
        return _closed_step(request, project)
    if request.method == "POST" and form.is_valid():
        try:
            done = run(form.cleaned_data)
        except workflow.InvalidTransition as exc:
            return _refused(request, exc, project)
        except ValidationError as exc:
            apply_service_errors(form, exc, default=error_field)
        else:
            messages.success(request, done)
            return redirect(project.get_absolute_url())
    context = {"project": project, "form": form, "title": title, "submit_label": submit_label, "lead": lead}
    if step == "document":
        guide = project.guide or services.current_guide()
        context["required_documents"] = guide.required_documents if guide is not None else []
    return render(request, "funding/project_action.html", context, status=400 if form.is_bound else 200)


def _button_step(request: HttpRequest, project: Project, run: Callable[[], str]) -> HttpResponse:
    """A step without a form (a button on the project's page)."""
    try:
        done = run()
    except (workflow.InvalidTransition, ValidationError) as exc:
        return _refused(request, exc, project)
    messages.success(request, done)
    return redirect(project.get_absolute_url())


@require_POST
@funding_required
def project_submit(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "submit")

    def run() -> str:
        services.submit_project(project, actor=request.user)
        return _("The project was submitted: it goes on the agenda of the niche committee's next meeting.")

    return _button_step(request, project, run)


@GET_OR_POST
@funding_required
def project_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "withdraw")

    def run(data: dict[str, Any]) -> str:
        services.withdraw_project(project, actor=request.user, reason=data["reason"])
        return _("The project was withdrawn.")

    return _form_step(
        request,
        project,
        "withdraw",
        ReasonForm(request.POST or None),
        run=run,
        title=_("Withdraw %(number)s") % {"number": project.number},
        submit_label=_("Withdraw the project"),
        lead=_("A withdrawn project cannot come back; aid already committed returns to the envelope."),
    )


@GET_OR_POST
@funding_required
def project_return(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "return")

    def run(data: dict[str, Any]) -> str:
        services.return_project(project, actor=request.user, reason=data["reason"])
        return _("The project was returned to the carrier for changes.")

    return _form_step(
        request,
        project,
        "return",
        ReasonForm(request.POST or None),
        run=run,
        title=_("Return %(number)s for changes") % {"number": project.number},
        submit_label=_("Return the project"),
    )


@GET_OR_POST
@funding_required
def project_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project_for_page(request, pk)
    _allowed(request, project, "analysis")
    guide = project.guide or services.current_guide()
    form = AnalysisForm(request.POST or None, items=checklist(guide, services.figures(project)), project=project)

    def run(data: dict[str, Any]) -> str:
        services.record_analysis(
            project,
            actor=request.user,
            checklist=form.checklist(),
            notes=data["notes"],
            recommended_amount=data["recommended_amount"],
        )
        return _("The analysis was recorded.")

    return _form_step(
        request,
        project,
        "analysis",
        form,
        run=run,
        title=_("Analysis of %(number)s") % {"number": project.number},
        submit_label=_("Record the analysis"),
    )


@GET_OR_POST
@funding_required
def project_grant(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "grant")
    initial = {"amount": project.recommended_amount or project.requested_amount}

    def run(data: dict[str, Any]) -> str:
        services.grant_project(project, actor=request.user, amount=data["amount"])
        if project.status == S.AWAITING_SIGNATURE:
            return _("Your signature is recorded: a second ministry officer must sign to commit the aid.")
        return _("%(amount)s is granted and committed against the envelope.") % {"amount": format_money(data["amount"])}

    return _form_step(
        request,
        project,
        "grant",
        GrantForm(request.POST or None, initial=initial),
        run=run,
        title=_("Grant the aid to %(number)s") % {"number": project.number},
        submit_label=_("Grant"),
    )


@require_POST
@funding_required
def project_countersign(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "countersign")

    def run() -> str:
        services.countersign_project(project, actor=request.user)
        return _("%(amount)s is granted and committed against the envelope.") % {
            "amount": format_money(project.granted_amount)
        }

    return _button_step(request, project, run)


@GET_OR_POST
@funding_required
def project_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "refuse")

    def run(data: dict[str, Any]) -> str:
        services.refuse_project(project, actor=request.user, reason=data["reason"])
        return _("The project was refused.")

    return _form_step(
        request,
        project,
        "refuse",
        ReasonForm(request.POST or None),
        run=run,
        title=_("Refuse %(number)s") % {"number": project.number},
        submit_label=_("Refuse the aid"),
    )


@GET_OR_POST
@funding_required
def project_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "agreement")

    def run(data: dict[str, Any]) -> str:
        services.sign_agreement(project, actor=request.user, signed_on=data["signed_on"])
        return _("The agreement is recorded as signed: the carrier may claim instalments.")

    return _form_step(
        request,
        project,
        "agreement",
        AgreementForm(request.POST or None),
        run=run,
        title=_("Agreement of %(number)s") % {"number": project.number},
        submit_label=_("Record the signed agreement"),
    )


@GET_OR_POST
@funding_required
def project_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "document")

    def run(data: dict[str, Any]) -> str:
        document = services.attach_document(project, actor=request.user, title=data["title"], file=data["file"])
        return _("“%(title)s” was filed with the project.") % {"title": document.title}

    return _form_step(
        request,
        project,
        "document",
        ProjectDocumentForm(request.POST or None, request.FILES or None),
        run=run,
        title=_("File a document with %(number)s") % {"number": project.number},
        submit_label=_("File the document"),
    )


@GET_OR_POST
@funding_required
def project_claim(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "claim")

    def run(data: dict[str, Any]) -> str:
        services.claim_disbursement(
            project, actor=request.user, amount=data["amount"], claim=data["claim"], proof=data["proof"]
        )
        return _("Your claim of %(amount)s was sent to the ministry.") % {"amount": format_money(data["amount"])}

    return _form_step(
        request,
        project,
        "claim",
        ClaimForm(request.POST or None, request.FILES or None),
        run=run,
        title=_("Claim an instalment of %(number)s") % {"number": project.number},
        submit_label=_("Send the claim"),
    )


@GET_OR_POST
@funding_required
def disbursement_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The ministry pays a claimed instalment or rejects the claim, with the reason."""
    disbursement = get_object_or_404(
        Disbursement.objects.filter(project__in=policies.visible_projects(request.user)).select_related("project"),
        pk=pk,
    )
    project = disbursement.project
    _allowed(request, project, "decide")

    def run(data: dict[str, Any]) -> str:
        pay = data["decision"] == "pay"
        services.decide_disbursement(disbursement, actor=request.user, pay=pay, note=data["note"])
        if pay:
            return _("The instalment of %(amount)s was paid.") % {"amount": format_money(disbursement.amount)}
        return _("The claim was rejected.")

    if disbursement.status != ClaimStatus.CLAIMED:
        messages.error(request, _("This claim was already decided."))
        return redirect(project.get_absolute_url())
    return _form_step(
        request,
        project,
        "decide",
        DecideClaimForm(request.POST or None),
        run=run,
        error_field="note",
        title=_("Claim of %(amount)s for %(number)s")
        % {"amount": format_money(disbursement.amount), "number": project.number},
        submit_label=_("Decide"),
        lead=disbursement.claim,
    )


@GET_OR_POST
@funding_required
def project_report(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "report")

    def run(data: dict[str, Any]) -> str:
        services.submit_final_report(
            project,
            actor=request.user,
            actual_cost=data["actual_cost"],
            actual_jobs=data["actual_jobs"],
            actual_investment=data["actual_investment"],
            actual_sales=data["actual_sales"],
            report=data["final_report"],
        )
        return _("The final report was submitted to the ministry.")

    return _form_step(
        request,
        project,
        "report",
        FinalReportForm(request.POST or None),
        run=run,
        title=_("Final report of %(number)s") % {"number": project.number},
        submit_label=_("Submit the final report"),
    )


@GET_OR_POST
@funding_required
def project_report_return(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "report_return")

    def run(data: dict[str, Any]) -> str:
        services.return_final_report(project, actor=request.user, reason=data["reason"])
        return _("The final report was returned to the carrier.")

    return _form_step(
        request,
        project,
        "report_return",
        ReasonForm(request.POST or None),
        run=run,
        title=_("Return the final report of %(number)s") % {"number": project.number},
        submit_label=_("Return the final report"),
    )


@require_POST
@funding_required
def project_close(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    _allowed(request, project, "close")

    def run() -> str:
        services.close_project(project, actor=request.user)
        return _("The project is closed; the aid not paid went back to the envelope.")

    return _button_step(request, project, run)
