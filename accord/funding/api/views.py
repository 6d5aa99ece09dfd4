"""Fund endpoints. Reads start from the policies' querysets (out of scope is 404); each step
checks the user's power as the pages do (policies.may_take: 403), then calls the service, which
checks the powers, the transitions, the guide and the envelope again.

Committee decisions are not endpoints here: a niche or regional committee decides on a
project by a resolution about it (POST /api/v1/resolutions/ with the subject
{"type": "funding.project", "id": …}), and the project follows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, views, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accord.core.api import Conflict, create_once, created
from accord.core.workflow import InvalidTransition
from accord.governance.api.serializers import ReasonSerializer
from accord.registry.models import Creneau

from .. import impact, policies, selectors, services, workflow
from ..filters import EnvelopeFilterSet, ProjectFilterSet, PublicProjectFilterSet
from ..models import AboveShareDecision, ClaimStatus, Envelope, Project, ProjectCreneau, ProjectEvent, ProjectPartner
from .serializers import (
    AgreementSerializer,
    AmountSerializer,
    AnalysisSerializer,
    ClaimSerializer,
    CloseSerializer,
    DecisionSerializer,
    EnvelopeSerializer,
    FinalReportSerializer,
    ProjectDetailSerializer,
    ProjectInputSerializer,
    ProjectSerializer,
    PublicProjectSerializer,
    ReturnSerializer,
    SimilarQuerySerializer,
    SimilarResultsSerializer,
    TermsSerializer,
)


class EnvelopeViewSet(viewsets.ReadOnlyModelViewSet):
    """Regional envelopes the user may see, with their balance read from the ledger."""

    permission_classes = [policies.PROGRAM.permission]
    serializer_class = EnvelopeSerializer
    filterset_class = EnvelopeFilterSet
    queryset = Envelope.objects.none()  # for the schema; requests use get_queryset
    ordering_fields = ["period__starts_on", "region__code"]

    def get_queryset(self) -> QuerySet[Envelope]:
        return (
            policies.visible_envelopes(self.request.user)
            .select_related("region", "period")
            .order_by("-period__starts_on", "region__code", "pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The balances of the whole page in one computation, not one per row.
        page = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        selectors.attach_balances(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        envelope = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        selectors.attach_balances([envelope])
        return Response(self.get_serializer(envelope).data)


def _niches() -> Prefetch:
    return Prefetch("creneaux", queryset=Creneau.objects.only("pk", "slug").order_by("slug"), to_attr="creneau_list")


def _detailed(projects: QuerySet[Project]) -> QuerySet[Project]:
    """What the project's page shows beyond the list: its content, resolutions and timeline."""
    return projects.select_related("guide", "regional_resolution").prefetch_related(
        selectors.plan_action_prefetch(),
        Prefetch(
            "creneau_links",
            queryset=ProjectCreneau.objects.select_related("creneau", "resolution").order_by("creneau__slug"),
        ),
        Prefetch("partner_links", queryset=ProjectPartner.objects.select_related("organisation").order_by("pk")),
        "costs",
        "financing",
        "disbursements",
        Prefetch("events", queryset=ProjectEvent.objects.select_related("actor", "resolution")),
        Prefetch(
            "above_share_decisions",
            queryset=AboveShareDecision.objects.select_related("creneau", "decided_by", "resolution").order_by(
                "decided_at", "pk"
            ),
        ),
    )


class ProjectViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """FSDCE projects the user may see: the ministry all, a regional office its region's,
    committee members their niches' or region's, a carrier its own."""

    permission_classes = [policies.FUNDING.permission]
    filterset_class = ProjectFilterSet
    queryset = Project.objects.none()
    ordering_fields = ["created_at", "number", "requested_amount"]

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return ProjectInputSerializer
        return ProjectSerializer if self.action == "list" else ProjectDetailSerializer

    def get_queryset(self) -> QuerySet[Project]:
        projects = (
            policies.visible_projects(self.request.user)
            .select_related("region", "period")
            .prefetch_related(_niches())
            .order_by("-created_at", "-pk")
        )
        return projects if self.action == "list" else _detailed(projects)  # type: ignore[no-any-return]

    def _project(self, pk: Any, step: str) -> Project:
        """The project the user may see (404), if they may take the step (403), as on the pages."""
        project = get_object_or_404(policies.visible_projects(self.request.user), pk=pk)
        if not policies.may_take(self.request.user, project, step):
            raise exceptions.PermissionDenied()
        return project

    def _open(self, pk: Any, step: str) -> Project:
        """`_project`, then the status (409) before the input is read, as the step's page does:
        a step the project is not at is refused whatever was sent."""
        project = self._project(pk, step)
        workflow.require_open(step, project.status)
        return project

    def _input(self, serializer_class: Any) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _show(self, project: Project, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=project.pk)  # detailed: every action but the list
        return Response(ProjectDetailSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ProjectInputSerializer, responses={201: ProjectDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Draft a project; its carrier's people, the coordinator of one of its niches or staff in scope."""
        if not policies.can_create_project(request.user):
            raise exceptions.PermissionDenied()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        carrier = data.pop("carrier")
        if not policies.can_create_project(request.user, carrier):
            raise exceptions.PermissionDenied()
        content = services.Content(
            creneaux=data.pop("creneaux"),
            costs=[(c["category"], c.get("description", ""), c["amount"]) for c in data.pop("costs")],
            financing=[(f["source"], f.get("funder", ""), f["amount"]) for f in data.pop("financing")],
            partners=[(p["organisation"], p["role"]) for p in data.pop("partners")],
            fields=data,
        )
        result = create_once(
            request, lambda: services.create_project(carrier, content, actor=request.user), scope="funding.project"
        )
        return created(self._show(result.obj).data, result)

    def _reason(self) -> str:
        serializer = ReasonSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["reason"]  # type: ignore[no-any-return]

    def _refused_as_conflict(self, step: Callable[[], Any]) -> None:
        """Run a grant step; what the guide or the envelope refuses is a conflict (409).

        A missing justification (a grant above a niche's fair share) is the request's to
        complete: 400 on that field.
        """
        try:
            step()
        except DjangoValidationError as error:
            if hasattr(error, "error_dict") and "justification" in error.error_dict:
                raise exceptions.ValidationError(error.message_dict) from None
            raise Conflict(" ".join(error.messages)) from None

    @extend_schema(request=None, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """To the niche committee(s), checked against the fund guide (400 with the guide's problems)."""
        project = self._project(pk, "submit")
        services.submit_project(project, actor=request.user)
        return self._show(project)

    @extend_schema(request=ReasonSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        """The carrier gives up; aid already committed goes back to the envelope."""
        project = self._project(pk, "withdraw")
        services.withdraw_project(project, actor=request.user, reason=self._reason())
        return self._show(project)

    @extend_schema(request=ReturnSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        """Back to the carrier for changes, with the reasons (ministry, regional office). Returned during the
        ministry's analysis, the resubmission comes back to the analysis unless `needs_committees`."""
        project = self._project(pk, "return")
        data = self._input(ReturnSerializer)
        services.return_project(
            project, actor=request.user, reason=data["reason"], needs_committees=data["needs_committees"]
        )
        return self._show(project)

    @extend_schema(request=AmountSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def grant(self, request: Request, pk: Any = None) -> Response:
        """The ministry grants the aid: committed against the envelope, or awaiting a second signature
        above the guide's threshold. 409 when the guide or what the envelope has left refuses it."""
        project = self._project(pk, "grant")
        serializer = AmountSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        amount, justification = serializer.validated_data["amount"], serializer.validated_data["justification"]
        self._refused_as_conflict(
            lambda: services.grant_project(project, actor=request.user, amount=amount, justification=justification)
        )
        return self._show(project)

    @extend_schema(request=None, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def countersign(self, request: Request, pk: Any = None) -> Response:
        """A second ministry officer signs a grant above the guide's threshold: the aid is committed."""
        project = self._project(pk, "countersign")
        self._refused_as_conflict(lambda: services.countersign_project(project, actor=request.user))
        return self._show(project)

    @extend_schema(request=ReasonSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: Any = None) -> Response:
        """The ministry refuses the aid during its analysis (committees refuse by resolution)."""
        project = self._project(pk, "refuse")
        services.refuse_project(project, actor=request.user, reason=self._reason())
        return self._show(project)

    @extend_schema(request=AnalysisSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def analysis(self, request: Request, pk: Any = None) -> Response:
        """The ministry records its analysis: the guide's checklist, the analyst's notes, a recommended
        amount (the analysis page). Recorded again, it replaces the previous one."""
        project = self._open(pk, "analysis")
        data = self._input(AnalysisSerializer)
        services.record_analysis(
            project,
            actor=request.user,
            checklist=data["checklist"],
            notes=data["notes"],
            recommended_amount=data["recommended_amount"],
        )
        return self._show(project)

    @extend_schema(request=TermsSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def terms(self, request: Request, pk: Any = None) -> Response:
        """The ministry drafts (or redrafts) the agreement's terms before its signature: conditions,
        holdback, payment schedule (adding up to the aid granted) and reporting dates."""
        project = self._open(pk, "terms")
        data = self._input(TermsSerializer)
        services.set_agreement_terms(
            project,
            actor=request.user,
            conditions=data["conditions"],
            holdback_rate=data["holdback_rate"],
            instalments=[workflow.Instalment(**line) for line in data["instalments"]],
            reporting_dates=[workflow.ReportDue(**line) for line in data["reporting_dates"]],
        )
        return self._show(project)

    @extend_schema(request=AgreementSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def agreement(self, request: Request, pk: Any = None) -> Response:
        """The ministry records the agreement signed with the carrier: instalments may be claimed."""
        project = self._open(pk, "agreement")
        data = self._input(AgreementSerializer)
        services.sign_agreement(project, actor=request.user, signed_on=data["signed_on"])
        return self._show(project)

    @extend_schema(request={"multipart/form-data": ClaimSerializer}, responses={201: ProjectDetailSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request: Request, pk: Any = None) -> Response:
        """The carrier claims an instalment with its proof (multipart/form-data); the claim appears
        under `disbursements` (201). Never more than the aid not yet claimed (400)."""
        project = self._open(pk, "claim")
        data = self._input(ClaimSerializer)
        services.claim_disbursement(
            project, actor=request.user, amount=data["amount"], claim=data["claim"], proof=data["proof"]
        )
        return self._show(project, status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses=ProjectDetailSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"disbursements/(?P<disbursement>[0-9]+)/decide",
        url_name="decide-disbursement",
    )
    def decide_disbursement(self, request: Request, pk: Any = None, disbursement: Any = None) -> Response:
        """The ministry pays a claimed instalment, in full or in part (`amount`, with the reason in `note`),
        or rejects the claim with the reason in `note`. A claim already decided is a conflict (409)."""
        project = self._open(pk, "decide")
        claim = get_object_or_404(project.disbursements.all(), pk=disbursement)  # type: ignore[attr-defined]
        if claim.status != ClaimStatus.CLAIMED:
            # Before the input, as the page does: there is nothing left to decide.
            raise InvalidTransition(_("This claim was already decided."))
        data = self._input(DecisionSerializer)
        services.decide_disbursement(
            claim, actor=request.user, pay=data["decision"] == "pay", note=data["note"], amount=data["amount"]
        )
        return self._show(project)

    @extend_schema(request=FinalReportSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: Any = None) -> Response:
        """The carrier reports what the project cost and achieved, against every planned indicator; the
        attachments (multipart, `attachments` repeated) are filed with the project's documents."""
        project = self._open(pk, "report")
        data = self._input(FinalReportSerializer)
        services.submit_final_report(
            project,
            actor=request.user,
            actual_cost=data["actual_cost"],
            **{name: data[name] for name in impact.fields(impact.ACTUAL)},
            report=data["final_report"],
            attachments=data["attachments"],
        )
        return self._show(project)

    @extend_schema(request=ReasonSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"], url_path="report/return", url_name="report-return")
    def report_return(self, request: Request, pk: Any = None) -> Response:
        """The ministry sends the final report back to the carrier, with the reason."""
        project = self._open(pk, "report_return")
        services.return_final_report(project, actor=request.user, reason=self._reason())
        return self._show(project)

    @extend_schema(request=CloseSerializer, responses=ProjectDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        """The ministry accepts the final report and closes the file: the holdback is paid (or
        `final_payment`, with the reason in `note`), the aid not paid goes back to the envelope.
        400 while a claim awaits its decision."""
        project = self._open(pk, "close")
        data = self._input(CloseSerializer)
        services.close_project(
            project, actor=request.user, final_payment_amount=data["final_payment"], note=data["note"]
        )
        return self._show(project)


class PublicProjectViewSet(viewsets.ReadOnlyModelViewSet):
    """/api/v1/public-projects/: the projects published on the public site, read-only, for everyone,
    latest published first, narrowed as the public list is (`region`, `creneau`, `year` of the grant;
    decision 54). Any other project is a 404, whoever asks."""

    serializer_class = PublicProjectSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = PublicProjectFilterSet
    queryset = Project.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.public_projects()


class SimilarProjectsView(views.APIView):
    """`POST /api/v1/projects/similar/`: the projects of the whole program most similar to a text
    (decision 56), best first, as the caller may see them; staff (ministry and regional offices)."""

    permission_classes = [policies.SIMILAR.permission]

    @extend_schema(request=SimilarQuerySerializer, responses=SimilarResultsSerializer)
    def post(self, request: Request) -> Response:
        query = SimilarQuerySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        rows = selectors.similar_projects(
            request.user, title=data["title"], summary=data["summary"], limit=data["limit"]
        )
        return Response(SimilarResultsSerializer({"results": rows}).data)
