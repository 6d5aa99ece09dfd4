"""Governance endpoints. Reads start from the policies' querysets (out of scope is 404);
writes call the services, which check the powers, the transitions and the bylaws again.
The pages of accord.governance.views call the same selectors, policies and services.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import mixins, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from accord.core.access_log import AccessAction, record_access
from accord.core.api import create_once, created
from accord.registry.models import Creneau, Region

from .. import documents, policies, selectors, services
from ..filters import CommitteeFilterSet, MeetingFilterSet, ResolutionFilterSet
from ..models import Committee, Mandate, Meeting, Minutes, MinutesStatus, Recusal, Resolution
from .serializers import (
    AnsweringSerializer,
    AttendanceInputSerializer,
    AttendanceSheetInputSerializer,
    AttendanceSheetSerializer,
    BylawsAcknowledgementSerializer,
    BylawsDraftSerializer,
    BylawsSerializer,
    BylawsStatusSerializer,
    ChairInputSerializer,
    CommitteeSerializer,
    DecideInputSerializer,
    InterestInputSerializer,
    MeetingPlanSerializer,
    MeetingSerializer,
    MinutesCommentInputSerializer,
    MinutesCommentSerializer,
    MinutesCommentsSerializer,
    NoticeAnswerInputSerializer,
    OptionalReasonSerializer,
    ReasonSerializer,
    ResolutionProposeSerializer,
    ResolutionSerializer,
    SeatInputSerializer,
    SeatSerializer,
    VoteInputSerializer,
    VoteSheetInputSerializer,
)


class CommitteeViewSet(viewsets.ReadOnlyModelViewSet):
    """Committees the user may see, with their current members; `name` follows Accept-Language."""

    permission_classes = [policies.GOVERNANCE.permission]
    serializer_class = CommitteeSerializer
    lookup_field = "slug"
    filterset_class = CommitteeFilterSet
    queryset = Committee.objects.none()  # for the schema; requests use get_queryset
    ordering_fields = ["name_fr", "code"]

    def get_queryset(self) -> QuerySet[Committee]:
        # Members in the order of the committee page (selectors.current_mandates).
        current = (
            Mandate.objects.current()
            .select_related("person")
            .order_by(selectors.ROLE_ORDER, "person__last_name", "person__first_name", "pk")
        )
        return (
            policies.visible_committees(self.request.user)
            .select_related("region", "creneau", "parent")
            .prefetch_related(
                Prefetch("regions", queryset=Region.objects.only("pk", "code").order_by("code"), to_attr="region_list"),
                Prefetch(
                    "creneaux", queryset=Creneau.objects.only("pk", "slug").order_by("slug"), to_attr="creneau_list"
                ),
                Prefetch("mandates", queryset=current, to_attr="current_mandates"),
            )
            .order_by("name_fr", "pk")
        )

    # Members are people: every read is recorded in the access log (Law 25), with the number
    # of members it returned.
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        results = _page_rows(response)
        record_access(request, AccessAction.API, rows=sum(len(c["members"]) for c in results))
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        record_access(request, AccessAction.API, rows=len(response.data["members"]))
        return response

    @extend_schema(request=SeatInputSerializer, responses={201: SeatSerializer})
    @action(detail=True, methods=["post"])
    def mandates(self, request: Request, slug: Any = None) -> Response:
        """Seat a person: at once by staff covering the committee, proposed (awaiting approval) by its officers.

        A seat the committee's binding bylaws refuse (a term too long, a consecutive term too
        many, a voting seat beyond the maximum) is a 400 naming the field; the ministry alone
        may seat against them, with `override_reason`.
        """
        committee = get_object_or_404(policies.visible_committees(request.user), slug=slug)
        if not policies.can_manage_committee(request.user, committee):
            raise PermissionDenied(_("You may not change the members of this committee."))
        serializer = SeatInputSerializer(data=request.data, context={"committee": committee, "request": request})
        serializer.is_valid(raise_exception=True)
        mandate = services.start_mandate(committee, actor=request.user, **serializer.validated_data)
        return Response(SeatSerializer(mandate).data, status=status.HTTP_201_CREATED)

    def _committee(self, slug: Any) -> Committee:
        return get_object_or_404(policies.visible_committees(self.request.user), slug=slug)  # type: ignore[no-any-return]

    @extend_schema(methods=["GET"], request=None, responses=BylawsStatusSerializer)
    @extend_schema(methods=["POST"], request=BylawsDraftSerializer, responses={201: BylawsSerializer})
    @action(detail=True, methods=["get", "post"])
    def bylaws(self, request: Request, slug: Any = None) -> Response:
        """Every version of the bylaws, drafts included, and the one in force; to those who manage the
        committee, which current members acknowledged it (the committee's bylaws page shows the same).

        POST drafts a new version (those who manage the committee): it comes into force when a
        resolution of the committee about it ({"type": "governance.bylaws", "id": …}) is adopted.
        """
        committee = self._committee(slug)
        if request.method == "POST":
            return self._draft_bylaws(request, committee)
        in_force = selectors.bylaws_in_force(committee)
        rows = None
        if in_force is not None and policies.can_manage_committee(request.user, committee):
            rows = selectors.bylaws_acknowledgements(in_force)
            record_access(request, AccessAction.API, rows=len(rows))  # members are people (Law 25)
        data = {
            "in_force": in_force.version if in_force else None,
            "acknowledged_at": selectors.bylaws_acknowledged_at(in_force, request.user),
            "versions": selectors.bylaws_versions(committee),
            "acknowledgements": rows,
        }
        return Response(BylawsStatusSerializer(data).data)

    def _draft_bylaws(self, request: Request, committee: Committee) -> Response:
        # The power first, as the pages do: who may not draft learns nothing from the body's checks.
        if not policies.can_manage_committee(request.user, committee):
            raise PermissionDenied(_("You may not change this committee's bylaws."))
        serializer = BylawsDraftSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        result = create_once(
            request,
            lambda: services.draft_bylaws(committee, actor=request.user, data=data),
            scope="governance.bylaws",
        )
        return created(BylawsSerializer(result.obj).data, result)

    @extend_schema(request=None, responses=BylawsAcknowledgementSerializer)
    @action(detail=True, methods=["post"], url_path="bylaws/acknowledge", url_name="bylaws-acknowledge")
    def acknowledge_bylaws(self, request: Request, slug: Any = None) -> Response:
        """A member acknowledges the bylaws in force; posting again answers the first acknowledgement."""
        acknowledgement = services.acknowledge_bylaws(self._committee(slug), actor=request.user)
        return Response(BylawsAcknowledgementSerializer(acknowledgement).data)


def _page_rows(response: Response) -> Any:
    """The records of a list answer, paginated or not."""
    data = response.data
    return data.get("results", data) if isinstance(data, dict) else data


def _log_recusals(request: Request, resolutions: Any) -> None:
    rows = sum(len(resolution["recusals"]) for resolution in resolutions)
    if rows:
        record_access(request, AccessAction.API, rows=rows)


def _sheet_or_line(request: Request) -> bool:
    """A sheet ({"lines": […]}) rather than one line (the one-line body of the first API)."""
    return isinstance(request.data, dict) and "lines" in request.data


class ZipRenderer(renderers.BaseRenderer):
    """Lets a client ask for the pack with `Accept: application/zip`.

    The pack itself is a streamed response that no renderer touches; a refusal is answered in
    JSON whatever the client accepts (MeetingViewSet.finalize_response).
    """

    media_type = "application/zip"
    format = "zip"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> Any:
        return renderers.JSONRenderer().render(data, accepted_media_type, renderer_context)


class MeetingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Meetings of the committees the user may see, with their agenda; officers and staff run them,
    members answer their notice and download their documents."""

    permission_classes = [policies.GOVERNANCE.permission]

    filterset_class = MeetingFilterSet
    queryset = Meeting.objects.none()
    ordering_fields = ["starts_at"]

    def get_serializer_class(self) -> Any:
        return MeetingPlanSerializer if self.action == "create" else MeetingSerializer

    def get_queryset(self) -> QuerySet[Meeting]:
        visible = policies.visible_meetings(self.request.user)
        return selectors.meetings_with_agenda(visible, documents=False).order_by("-starts_at", "-pk")

    def _meeting(self, pk: Any) -> Meeting:
        return get_object_or_404(policies.visible_meetings(self.request.user).select_related("committee"), pk=pk)

    def _show(self, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=meeting.pk)
        return Response(MeetingSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=MeetingPlanSerializer, responses={201: MeetingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        committee = data.pop("committee")
        result = create_once(
            request, lambda: services.plan_meeting(committee, actor=request.user, **data), scope="governance.meeting"
        )
        return created(self._show(result.obj).data, result)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def convene(self, request: Request, pk: Any = None) -> Response:
        """Send the notice to the members (again, if already convened)."""
        meeting = self._meeting(pk)
        services.convene_meeting(meeting, actor=request.user)
        return self._show(meeting)

    @extend_schema(request=OptionalReasonSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request: Request, pk: Any = None) -> Response:
        """The meeting is in session; before its scheduled day, only with a `reason` (400 without one)."""
        meeting = self._meeting(pk)
        # The power first, as the pages do: who may not run it learns nothing from the body's checks.
        if not policies.can_run_meeting(request.user, meeting):
            raise PermissionDenied(_("You may not run this meeting."))
        serializer = OptionalReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.open_meeting(meeting, actor=request.user, reason=serializer.validated_data["reason"])
        return self._show(meeting)

    @extend_schema(request=ChairInputSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def chair(self, request: Request, pk: Any = None) -> Response:
        """Name the member who chairs (a mandate of the committee): every decision names them."""
        meeting = self._meeting(pk)
        if not policies.can_run_meeting(request.user, meeting):
            raise PermissionDenied(_("You may not run this meeting."))
        context = {**self.get_serializer_context(), "committee_id": meeting.committee_id}
        serializer = ChairInputSerializer(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.name_chair(meeting, actor=request.user, mandate=data["mandate"], reason=data["reason"])
        return self._show(meeting)

    @extend_schema(request=None, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        """Close the meeting once every resolution is decided or deferred."""
        meeting = self._meeting(pk)
        services.close_meeting(meeting, actor=request.user)
        return self._show(meeting)

    @extend_schema(request=ReasonSerializer, responses=MeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        """Cancel a planned or convened meeting; convened members are told."""
        meeting = self._meeting(pk)
        # The power first, as the pages do: who may not cancel learns nothing from the body's checks.
        if not policies.can_convene(request.user, meeting.committee):
            raise PermissionDenied(_("You may not cancel this meeting."))
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.cancel_meeting(meeting, actor=request.user, reason=serializer.validated_data["reason"])
        return self._show(meeting)

    @extend_schema(methods=["GET"], request=None, responses=AttendanceSheetSerializer)
    @extend_schema(
        methods=["POST"],
        request=PolymorphicProxySerializer(
            "AttendanceSheetOrLine",
            serializers=[AttendanceSheetInputSerializer, AttendanceInputSerializer],
            resource_type_field_name=None,
        ),
        responses=AttendanceSheetSerializer,
    )
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request: Request, pk: Any = None) -> Response:
        """The attendance sheet and the live quorum.

        POST records a sheet, {"lines": [{"mandate", "status", "proxy_holder"}, …]}, every line
        or none (a 400 names each refused line by its mandate id), or a single line as its own body.
        """
        meeting = self._meeting(pk)
        if request.method == "POST":
            if not policies.can_run_meeting(request.user, meeting):
                raise PermissionDenied()
            context = {**self.get_serializer_context(), "committee_id": meeting.committee_id}
            if _sheet_or_line(request):
                sheet = AttendanceSheetInputSerializer(data=request.data, context=context)
                sheet.is_valid(raise_exception=True)
                lines = [
                    (line["mandate"], line["status"], line["proxy_holder"]) for line in sheet.validated_data["lines"]
                ]
                services.record_attendance_sheet(meeting, lines, actor=request.user)
            else:
                line = AttendanceInputSerializer(data=request.data, context=context)
                line.is_valid(raise_exception=True)
                services.record_attendance(meeting, actor=request.user, **line.validated_data)
        answer = AttendanceSheetSerializer(selectors.sitting(meeting)).data
        # The sheet names each member with their attendance: a read of people (Law 25).
        record_access(request, AccessAction.API, rows=len(answer["lines"]))
        return Response(answer)

    @extend_schema(methods=["GET"], request=None, responses=AnsweringSerializer)
    @extend_schema(methods=["POST"], request=NoticeAnswerInputSerializer, responses=AnsweringSerializer)
    @action(detail=True, methods=["get", "post"])
    def answer(self, request: Request, pk: Any = None) -> Response:
        """Your answer to the meeting's notice: attending, excused, or your proxy to a voting colleague
        where the bylaws allow proxies. GET says what you answered and may answer, and to whom you may give
        your proxy.

        POST answers for your own seat, and may change the answer until the meeting opens (409 after).
        Who holds no seat on the committee on the day of the meeting is refused (403).
        """
        meeting = self._meeting(pk)
        on_the_day = selectors.sitting(meeting, attendances=())
        mandate = on_the_day.own_mandate(request.user)
        if mandate is None:
            raise PermissionDenied(policies.NO_SEAT)
        if request.method == "POST":
            context = {**self.get_serializer_context(), "committee_id": meeting.committee_id}
            serializer = NoticeAnswerInputSerializer(data=request.data, context=context)
            serializer.is_valid(raise_exception=True)
            services.answer_notice(meeting, mandate, actor=request.user, **serializer.validated_data)
        answering = selectors.notice_answering(meeting, mandate, on_the_day)
        if answering.proxy_holders:
            record_access(request, AccessAction.API, rows=len(answering.proxy_holders))  # colleagues named (Law 25)
        return Response(AnsweringSerializer(answering).data)

    @extend_schema(
        request=None,
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="A zip: the agenda as PDF, each item's documents (prefixed with the item's number) and "
                "the latest minutes as PDF.",
            )
        },
    )
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, ZipRenderer])
    def pack(self, request: Request, pk: Any = None) -> StreamingHttpResponse:
        """The meeting's documents as one zip, streamed (the meeting page's download): for whoever sees the meeting."""
        return documents.pack_response(get_object_or_404(self.get_queryset(), pk=pk))

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # A refusal of the pack (403, 404) is JSON, even to a client that asked only for a zip.
        if isinstance(response, Response) and isinstance(getattr(request, "accepted_renderer", None), ZipRenderer):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


class MinutesViewSet(viewsets.GenericViewSet):
    """Minutes of the meetings the user may see: the comments members make on a circulated draft."""

    permission_classes = [policies.GOVERNANCE.permission]
    queryset = Minutes.objects.none()

    def _minutes(self, pk: Any) -> Minutes:
        visible = policies.visible_minutes(self.request.user).select_related("meeting__committee")
        return get_object_or_404(visible, pk=pk)  # type: ignore[no-any-return]

    @extend_schema(methods=["GET"], request=None, responses=MinutesCommentsSerializer)
    @extend_schema(methods=["POST"], request=MinutesCommentInputSerializer, responses={201: MinutesCommentSerializer})
    @action(detail=True, methods=["get", "post"])
    def comments(self, request: Request, pk: Any = None) -> Response:
        """The minutes paragraph by paragraph, each with its comments, and the comments on paragraphs amended
        since; whoever sees the meeting reads them.

        POST comments one paragraph (its number, from 1) while the minutes are circulated: the committee's
        members and staff covering it. Approved minutes take no more (409); a draft nobody was sent, none (403).
        """
        minutes = self._minutes(pk)
        if request.method == "POST":
            return self._comment(request, minutes)
        paragraphs, orphans = selectors.minutes_paragraphs_with_comments(minutes)
        data = {
            "minutes": minutes,
            "may_comment": policies.can_comment_minutes(request.user, minutes),
            "paragraphs": paragraphs,
            "orphans": orphans,
        }
        rows = sum(len(p.comments) for p in paragraphs) + len(orphans)
        if rows:
            record_access(request, AccessAction.API, rows=rows)  # each comment names its author (Law 25)
        return Response(MinutesCommentsSerializer(data).data)

    def _comment(self, request: Request, minutes: Minutes) -> Response:
        # The power first, as the page does: who may not comment learns nothing from the body's
        # checks. Approved minutes go on to the service, which says their comments are closed (409).
        if minutes.status != MinutesStatus.APPROVED and not policies.can_comment_minutes(request.user, minutes):
            raise PermissionDenied(_("You may not comment on these minutes."))
        serializer = MinutesCommentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        paragraph, text = serializer.validated_data["paragraph"], serializer.validated_data["text"]
        # Comments are append-only: a request sent again with its Idempotency-Key adds no second one.
        result = create_once(
            request,
            lambda: services.comment_minutes(minutes, actor=request.user, paragraph=paragraph, text=text),
            scope="governance.minutes_comment",
        )
        return created(MinutesCommentSerializer(result.obj).data, result)


class ResolutionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Resolutions of the committees the user may see: proposed, voted and decided in session."""

    permission_classes = [policies.GOVERNANCE.permission]

    filterset_class = ResolutionFilterSet
    queryset = Resolution.objects.none()
    ordering_fields = ["decided_at", "year", "sequence"]

    def get_serializer_class(self) -> Any:
        return ResolutionProposeSerializer if self.action == "create" else ResolutionSerializer

    def get_queryset(self) -> QuerySet[Resolution]:
        recusals = Recusal.objects.select_related("mandate__person").order_by("pk")
        return (
            policies.visible_resolutions(self.request.user)
            .select_related("committee", "forward_to", "subject_type")
            .prefetch_related(Prefetch("recusals", queryset=recusals))
            .order_by("-year", "-sequence", "pk")
        )

    # A recusal names a member and the interest they declared: a read that returns any is
    # recorded in the access log (Law 25), with their number.
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        results = _page_rows(response)
        _log_recusals(request, results)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        _log_recusals(request, [response.data])
        return response

    def _resolution(self, pk: Any) -> Resolution:
        visible = policies.visible_resolutions(self.request.user).select_related("committee", "meeting__committee")
        return get_object_or_404(visible, pk=pk)

    def _running(self, resolution: Resolution) -> None:
        # 403 before the input is looked at; the services check again under their lock.
        if not policies.can_run_meeting(self.request.user, resolution.meeting):
            raise PermissionDenied()

    def _input(self, serializer_class: Any, resolution: Resolution) -> dict[str, Any]:
        context = {**self.get_serializer_context(), "committee_id": resolution.committee_id}
        serializer = serializer_class(data=self.request.data, context=context)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _show(self, resolution: Resolution, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=resolution.pk)
        return Response(ResolutionSerializer(fresh, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ResolutionProposeSerializer, responses={201: ResolutionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Put a resolution to a meeting in session; members with an interest in its subject are recused."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        meeting = data.pop("meeting")
        # A resolution is numbered when it is proposed: a request sent again must not make two.
        result = create_once(
            request,
            lambda: services.propose_resolution(meeting, actor=request.user, **data),
            scope="governance.resolution",
        )
        return created(self._show(result.obj).data, result)

    @extend_schema(
        request=PolymorphicProxySerializer(
            "VoteSheetOrLine",
            serializers=[VoteSheetInputSerializer, VoteInputSerializer],
            resource_type_field_name=None,
        ),
        responses=ResolutionSerializer,
    )
    @action(detail=True, methods=["post"])
    def votes(self, request: Request, pk: Any = None) -> Response:
        """Record (or change) votes; refused for a recused, absent or non-voting member.

        A sheet, {"lines": [{"mandate", "choice"}, …]}, is recorded whole or not at all (a 400
        names each refused line by its mandate id); a single vote may be sent as its own body.
        """
        resolution = self._resolution(pk)
        self._running(resolution)
        if _sheet_or_line(request):
            data = self._input(VoteSheetInputSerializer, resolution)
            lines = [(line["mandate"], line["choice"]) for line in data["lines"]]
            services.record_votes(resolution, lines, actor=request.user)
        else:
            data = self._input(VoteInputSerializer, resolution)
            services.record_vote(resolution, data["mandate"], actor=request.user, choice=data["choice"])
        return self._show(resolution)

    @extend_schema(request=InterestInputSerializer, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def interest(self, request: Request, pk: Any = None) -> Response:
        """A member declares an interest and is recused (by themself or by whoever runs the meeting)."""
        resolution = self._resolution(pk)
        data = self._input(InterestInputSerializer, resolution)
        services.declare_interest(resolution, data["mandate"], actor=request.user, interest=data["interest"])
        return self._show(resolution)

    @extend_schema(request=DecideInputSerializer, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        """Close the vote or record a consensus: adopted or rejected under the bylaws, with the quorum."""
        resolution = self._resolution(pk)
        self._running(resolution)
        data = self._input(DecideInputSerializer, resolution)
        services.decide_resolution(resolution, actor=request.user, mode=data["mode"])
        return self._show(resolution)

    @extend_schema(request=None, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request: Request, pk: Any = None) -> Response:
        """The member who chaired confirms a decision someone else recorded: it takes effect."""
        resolution = self._resolution(pk)
        if not policies.can_sign_off(request.user, resolution):
            raise PermissionDenied(_("Only the member who chaired the meeting signs off this decision."))
        services.sign_off_resolution(resolution, actor=request.user)
        return self._show(resolution)

    @extend_schema(request=OptionalReasonSerializer, responses=ResolutionSerializer)
    @action(detail=True, methods=["post"])
    def defer(self, request: Request, pk: Any = None) -> Response:
        """Postpone the decision (no quorum needed)."""
        resolution = self._resolution(pk)
        self._running(resolution)
        data = self._input(OptionalReasonSerializer, resolution)
        services.defer_resolution(resolution, actor=request.user, reason=data["reason"])
        return self._show(resolution)
