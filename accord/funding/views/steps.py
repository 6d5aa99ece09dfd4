"""The pipeline's steps on a project: submit, withdraw, return, analyse, grant, countersign, refuse,
record the agreement, file documents, claim and pay instalments, report, close.

Each view opens the project the user may see (404), checks the user's power for the step
(workflow.STEPS, policies.may_take; 403), then calls the service. A step the project's
status does not allow is an error message on the project's page (core.steps).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accord.core import confirm
from accord.core.money import format_money
from accord.core.steps import button_step, form_step, refused
from accord.core.workflow import InvalidTransition

from .. import guide as rules
from .. import impact, policies, selectors, services, workflow
from ..forms import (
    AgreementForm,
    AnalysisForm,
    ClaimForm,
    CloseForm,
    DecideClaimForm,
    FinalReportForm,
    GrantForm,
    ProjectDocumentForm,
    PublicationForm,
    ReasonForm,
    ReturnForm,
    TermsSheet,
)
from ..models import ClaimStatus, Disbursement, Project, ProjectStatus
from . import GET_OR_POST, added_line, funding_required, require_step, visible_project


def _step(request: HttpRequest, pk: int, step: str) -> Project:
    """The project the user may see (404), if they may take the step (403)."""
    project = visible_project(request, pk)
    require_step(request, project, step)
    return project


def _form_step(
    request: HttpRequest,
    project: Project,
    step: str,
    form: Any,
    run: Callable[[dict[str, Any]], str],
    *,
    title: str,
    submit_label: str,
    lead: str = "",
    error_field: str | None = None,
    **context: Any,
) -> HttpResponse:
    """A step with a form on a page of its own (GET shows it, POST takes it), if the status allows it."""
    back = project.get_absolute_url()
    try:
        workflow.require_open(step, project.status)
    except InvalidTransition as exc:
        return refused(request, exc, back)
    return form_step(
        request,
        form,
        run,
        template="funding/project_action.html",
        context={"project": project, "title": title, "submit_label": submit_label, "lead": lead, **context},
        back=back,
        error_field=error_field,
    )


@require_POST
@funding_required
def project_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit, or say each of the guide's problems on a line of its own, each saying what to change."""
    project = _step(request, pk, "submit")
    back = project.get_absolute_url()
    try:
        services.submit_project(project, actor=request.user)
    except InvalidTransition as exc:
        return refused(request, exc, back)
    except ValidationError as exc:
        problems = exc.messages
        messages.error(
            request,
            ngettext(
                "The project cannot be submitted yet: change what follows, then submit it again.",
                "The project cannot be submitted yet: change the %(count)d points that follow, then submit it again.",
                len(problems),
            )
            % {"count": len(problems)},
        )
        # One message per problem: the page lists them one per line.
        for problem in problems:
            messages.error(request, problem)
        return redirect(back)
    if project.status == ProjectStatus.ANALYSIS:
        messages.success(request, _("The project was resubmitted: it is back in the ministry's analysis."))
    else:
        messages.success(
            request, _("The project was submitted: it goes on the agenda of the niche committee's next meeting.")
        )
    return redirect(back)


@GET_OR_POST
@funding_required
def project_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    project = _step(request, pk, "withdraw")

    def run(data: dict[str, Any]) -> str:
        services.withdraw_project(project, actor=request.user, reason=data["reason"])
        return _("The project was withdrawn.")

    return _form_step(
        request,
        project,
        "withdraw",
        ReasonForm(request.POST or None),
        run,
        title=_("Withdraw %(number)s") % {"number": project.number},
        submit_label=_("Withdraw the project"),
        lead=_("A withdrawn project cannot come back; aid already committed returns to the envelope."),
    )


@GET_OR_POST
@funding_required
def project_return(request: HttpRequest, pk: int) -> HttpResponse:
    project = _step(request, pk, "return")

    def run(data: dict[str, Any]) -> str:
        services.return_project(
            project, actor=request.user, reason=data["reason"], needs_committees=data.get("needs_committees", False)
        )
        return _("The project was returned to the carrier for changes.")

    return _form_step(
        request,
        project,
        "return",
        ReturnForm(request.POST or None, project=project),
        run,
        title=_("Return %(number)s for changes") % {"number": project.number},
        submit_label=_("Return the project"),
    )


@GET_OR_POST
@funding_required
def project_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(selectors.with_file(policies.visible_projects(request.user)), pk=pk)
    require_step(request, project, "analysis")
    guide = project.guide or selectors.current_guide()
    items = rules.checklist(guide, selectors.figures(project))
    form = AnalysisForm(request.POST or None, items=items, project=project)

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
        run,
        title=_("Analysis of %(number)s") % {"number": project.number},
        submit_label=_("Record the analysis"),
    )


@GET_OR_POST
@funding_required
def project_grant(request: HttpRequest, pk: int) -> HttpResponse:
    """Grant the aid, beside the figures the ministry weighs; it commits money, so it is confirmed first."""
    project = _step(request, pk, "grant")
    initial = {"amount": project.recommended_amount or project.requested_amount}
    form = GrantForm(request.POST if request.method == "POST" else None, initial=initial)
    if (
        form.is_bound
        and workflow.is_open("grant", project.status)
        and form.is_valid()
        and not confirm.is_confirmed(request)
    ):
        amount = form.cleaned_data["amount"]
        if services.grant_refusal(project, amount=amount, justification=form.cleaned_data["justification"]) is None:
            figures = selectors.grant_figures(project, amount)
            guide_threshold = figures.second_signature_above
            if guide_threshold is not None and amount > guide_threshold:
                consequences = [
                    _("Your signature for %(amount)s will be recorded; nothing is committed yet.")
                    % {"amount": format_money(amount)},
                    _("Above %(threshold)s, a second ministry officer must countersign to commit the aid.")
                    % {"threshold": format_money(guide_threshold)},
                ]
            else:
                consequences = [
                    _("%(amount)s will be committed against the envelope of %(region)s.")
                    % {"amount": format_money(amount), "region": project.region.name},
                    _("%(left)s will remain available in the envelope.")
                    % {"left": format_money((figures.available or 0) - amount)},
                    _("The carrier will be told that the aid is granted."),
                ]
            return confirm.confirmation(
                request,
                title=_("Grant %(amount)s to %(number)s?") % {"amount": format_money(amount), "number": project.number},
                consequences=consequences,
                submit_label=_("Grant %(amount)s") % {"amount": format_money(amount)},
                back=project.get_absolute_url(),
            )

    def run(data: dict[str, Any]) -> str:
        services.grant_project(project, actor=request.user, amount=data["amount"], justification=data["justification"])
        if project.status == ProjectStatus.AWAITING_SIGNATURE:
            return _("Your signature is recorded: a second ministry officer must sign to commit the aid.")
        return _("%(amount)s is granted and committed against the envelope.") % {"amount": format_money(data["amount"])}

    return _form_step(
        request,
        project,
        "grant",
        form,
        run,
        title=_("Grant the aid to %(number)s") % {"number": project.number},
        submit_label=_("Grant"),
        grant_figures=selectors.grant_figures(project),
    )


@require_POST
@funding_required
def project_countersign(request: HttpRequest, pk: int) -> HttpResponse:
    project = _step(request, pk, "countersign")
    if not confirm.is_confirmed(request):
        amount = selectors.first_signature_amount(project)
        return confirm.confirmation(
            request,
            title=_("Countersign the grant to %(number)s?") % {"number": project.number},
            consequences=[
                _("%(amount)s will be committed against the envelope of %(region)s.")
                % {"amount": format_money(amount), "region": project.region.name},
                _("The carrier will be told that the aid is granted."),
            ],
            submit_label=_("Countersign and commit %(amount)s") % {"amount": format_money(amount)},
            back=project.get_absolute_url(),
        )

    def run() -> str:
        services.countersign_project(project, actor=request.user)
        return _("%(amount)s is granted and committed against the envelope.") % {
            "amount": format_money(project.granted_amount)
        }

    return button_step(request, run, back=project.get_absolute_url())


@GET_OR_POST
@funding_required
def project_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    project = _step(request, pk, "refuse")

    def run(data: dict[str, Any]) -> str:
        services.refuse_project(project, actor=request.user, reason=data["reason"])
        return _("The project was refused.")

    return _form_step(
        request,
        project,
        "refuse",
        ReasonForm(request.POST or None),
        run,
        title=_("Refuse %(number)s") % {"number": project.number},
        submit_label=_("Refuse the aid"),
    )


@GET_OR_POST
@funding_required
def project_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    project = _step(request, pk, "agreement")

    def run(data: dict[str, Any]) -> str:
        services.sign_agreement(project, actor=request.user, signed_on=data["signed_on"])
        return _("The agreement is recorded as signed: the carrier may claim instalments.")

    return _form_step(
        request,
        project,
        "agreement",
        AgreementForm(request.POST or None),
        run,
        title=_("Agreement of %(number)s") % {"number": project.number},
        submit_label=_("Record the signed agreement"),
    )


@GET_OR_POST
@funding_required
def project_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _step(request, pk, "document")
    guide = project.guide or selectors.current_guide()

    required = guide.required_documents if guide is not None else []
    reader = policies.reader_audience(request.user, project)
    form = ProjectDocumentForm(
        request.POST or None,
        request.FILES or None,
        audiences=policies.document_audiences(request.user, project),
        required=required,
        # A new version may replace only a document the reader reads.
        documents=selectors.readable_documents(selectors.current_documents(project), reader),
    )

    def run(data: dict[str, Any]) -> str:
        document = services.attach_document(
            project,
            actor=request.user,
            title=data["title"],
            file=data["file"],
            audience=data.get("audience") or None,
            kind=data.get("kind") or "",
            replaces=form.replaced(),
        )
        return _("“%(title)s” was filed with the project.") % {"title": document.title}

    return _form_step(
        request,
        project,
        "document",
        form,
        run,
        title=_("File a document with %(number)s") % {"number": project.number},
        submit_label=_("File the document"),
    )


@GET_OR_POST
@funding_required
def project_claim(request: HttpRequest, pk: int) -> HttpResponse:
    project = _step(request, pk, "claim")

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
        run,
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
    require_step(request, project, "decide")

    def run(data: dict[str, Any]) -> str:
        pay = data["decision"] == "pay"
        services.decide_disbursement(
            disbursement, actor=request.user, pay=pay, note=data["note"], amount=data.get("amount")
        )
        if disbursement.status == ClaimStatus.PARTLY_PAID:
            return _("%(paid)s of the claim of %(amount)s was paid; the rest is closed as not paid.") % {
                "paid": format_money(disbursement.paid),
                "amount": format_money(disbursement.amount),
            }
        if pay:
            return _("The instalment of %(amount)s was paid.") % {"amount": format_money(disbursement.amount)}
        return _("The claim was rejected.")

    if disbursement.status != ClaimStatus.CLAIMED:
        messages.error(request, _("This claim was already decided."))
        return redirect(project.get_absolute_url())
    form = DecideClaimForm(request.POST or None)
    if (
        form.is_bound
        and form.is_valid()
        and form.cleaned_data["decision"] == "pay"
        and not confirm.is_confirmed(request)
    ):
        try:
            to_pay = services.payment_amount(
                disbursement, amount=form.cleaned_data.get("amount"), note=form.cleaned_data.get("note") or ""
            )
        except ValidationError:
            to_pay = None  # refused: the step below says why, with nothing to confirm
        if to_pay is not None:
            return confirm.confirmation(
                request,
                title=_("Pay %(amount)s to %(number)s?") % {"amount": format_money(to_pay), "number": project.number},
                consequences=[
                    _("%(amount)s will be released to %(carrier)s and recorded as paid from the envelope.")
                    % {"amount": format_money(to_pay), "carrier": project.carrier.name},
                ],
                submit_label=_("Pay %(amount)s") % {"amount": format_money(to_pay)},
                back=project.get_absolute_url(),
            )
    return _form_step(
        request,
        project,
        "decide",
        form,
        run,
        error_field="note",
        title=_("Claim of %(amount)s for %(number)s")
        % {"amount": format_money(disbursement.amount), "number": project.number},
        submit_label=_("Decide"),
        lead=disbursement.claim,
    )


@GET_OR_POST
@funding_required
def project_report(request: HttpRequest, pk: int) -> HttpResponse:
    project = _step(request, pk, "report")

    def run(data: dict[str, Any]) -> str:
        services.submit_final_report(
            project,
            actor=request.user,
            actual_cost=data["actual_cost"],
            **{name: data[name] for name in impact.fields(impact.ACTUAL)},
            report=data["final_report"],
            attachments=data["attachments"],
        )
        return _("The final report was submitted to the ministry.")

    return _form_step(
        request,
        project,
        "report",
        FinalReportForm(request.POST or None, request.FILES or None, project=project),
        run,
        title=_("Final report of %(number)s") % {"number": project.number},
        submit_label=_("Submit the final report"),
    )


@GET_OR_POST
@funding_required
def project_report_return(request: HttpRequest, pk: int) -> HttpResponse:
    project = _step(request, pk, "report_return")

    def run(data: dict[str, Any]) -> str:
        services.return_final_report(project, actor=request.user, reason=data["reason"])
        return _("The final report was returned to the carrier.")

    return _form_step(
        request,
        project,
        "report_return",
        ReasonForm(request.POST or None),
        run,
        title=_("Return the final report of %(number)s") % {"number": project.number},
        submit_label=_("Return the final report"),
    )


@GET_OR_POST
@funding_required
def project_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the final report: pay the holdback (or another amount, with the reason), release
    what was not paid to the envelope and close the file, once the ministry confirms."""
    project = _step(request, pk, "close")
    form = CloseForm(request.POST if request.method == "POST" else None)
    if (
        form.is_bound
        and workflow.is_open("close", project.status)
        and form.is_valid()
        and not confirm.is_confirmed(request)
    ):
        try:
            to_pay = services.final_payment(
                project, amount=form.cleaned_data.get("final_payment"), note=form.cleaned_data.get("note") or ""
            )
        except ValidationError:
            to_pay = None  # refused: the step below says why, with nothing to confirm
        if to_pay is not None:
            unspent = (project.granted_amount or 0) - selectors.paid(project) - to_pay
            consequences = []
            if to_pay:
                consequences.append(
                    _(
                        "The final payment of %(amount)s will be released to %(carrier)s"
                        " and recorded as paid from the envelope."
                    )
                    % {"amount": format_money(to_pay), "carrier": project.carrier.name}
                )
            consequences += [
                _("%(amount)s not paid will be released and go back to the envelope.")
                % {"amount": format_money(unspent)},
                _("No instalment can be claimed or paid afterwards."),
            ]
            return confirm.confirmation(
                request,
                title=_("Accept the final report and close %(number)s?") % {"number": project.number},
                consequences=consequences,
                submit_label=_("Close the project"),
                back=project.get_absolute_url(),
            )

    def run(data: dict[str, Any]) -> str:
        services.close_project(
            project, actor=request.user, final_payment_amount=data.get("final_payment"), note=data.get("note") or ""
        )
        return _("The project is closed; the aid not paid went back to the envelope.")

    return _form_step(
        request,
        project,
        "close",
        form,
        run,
        error_field="note",
        title=_("Accept the final report of %(number)s and close it") % {"number": project.number},
        submit_label=_("Close the project"),
        lead=_("The holdback due is %(amount)s.")
        % {"amount": format_money(selectors.holdback_due(project, selectors.agreement_terms(project)))},
    )


# --- The agreement's terms (decision 32) ------------------------------------------------------------


@GET_OR_POST
@funding_required
def project_terms(request: HttpRequest, pk: int) -> HttpResponse:
    """The ministry drafts the agreement's terms: conditions, holdback, payment schedule, reporting dates."""
    project = _step(request, pk, "terms")
    back = project.get_absolute_url()
    try:
        workflow.require_open("terms", project.status)
    except InvalidTransition as exc:
        return refused(request, exc, back)
    agreement = selectors.agreement_terms(project)
    add_line = request.POST.get("add_line")
    sheet = TermsSheet(request.POST or None, project=project, agreement=agreement, add_line=add_line)
    status = 200
    if request.method == "POST" and add_line is None:
        status = 400
        if sheet.is_valid():
            data = sheet.form.cleaned_data
            try:
                services.set_agreement_terms(
                    project,
                    actor=request.user,
                    conditions=data["conditions"],
                    holdback_rate=data["holdback_rate"],
                    instalments=sheet.lines(sheet.instalments),
                    reporting_dates=sheet.lines(sheet.reports),
                )
            except InvalidTransition as exc:
                return refused(request, exc, back)
            except ValidationError as exc:
                problems = exc.messages
                for problem in problems:
                    sheet.form.add_error(None, problem)
            else:
                messages.success(
                    request,
                    _(
                        "The agreement's terms are recorded: download the agreement, have it signed,"
                        " then record its signature."
                    ),
                )
                return redirect(back)
    context = {
        "project": project,
        "sheet": sheet,
        "agreement": agreement,
        "title": _("Agreement of %(number)s: its terms") % {"number": project.number},
    }
    return render(request, "funding/agreement_terms.html", context, status=status)


@require_GET
@funding_required
def terms_line(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """One more empty line of the schedule or of the reporting dates (an htmx fragment)."""
    if kind not in TermsSheet.BLANK_LINES:
        raise Http404
    _step(request, pk, "terms")
    return added_line(request, kind)


@GET_OR_POST
@funding_required
def project_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a granted project on the public site, or change its public summary (the ministry)."""
    project = _step(request, pk, "publish")
    refusal = workflow.publication_refusal(project.status)
    if refusal:
        return refused(request, InvalidTransition(refusal), project.get_absolute_url())
    initial = {"public_summary": project.public_summary, "public_summary_en": project.public_summary_en}
    form = PublicationForm(request.POST or None, initial=initial)

    def run(data: dict[str, Any]) -> str:
        services.publish_project(
            project,
            actor=request.user,
            summary=data["public_summary"],
            summary_en=data["public_summary_en"],
            reason=data["reason"],
        )
        return _("The project's public page is online.")

    return _form_step(
        request,
        project,
        "publish",
        form,
        run,
        title=_("Publish %(number)s on the public site") % {"number": project.number},
        submit_label=_("Publish"),
        lead=_(
            "The public page shows the title, the niches, the region, the carrier's name, the aid granted, "
            "the total cost and the leverage, and once the final report is accepted, the results it reports. "
            "Nothing else of the file."
        ),
    )


@GET_OR_POST
@funding_required
def project_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a project's public page, with the reason (the ministry)."""
    project = _step(request, pk, "unpublish")

    def run(data: dict[str, Any]) -> str:
        services.unpublish_project(project, actor=request.user, reason=data["reason"])
        return _("The project's public page was removed.")

    return _form_step(
        request,
        project,
        "unpublish",
        ReasonForm(request.POST or None),
        run,
        title=_("Remove %(number)s from the public site") % {"number": project.number},
        submit_label=_("Remove the public page"),
    )
