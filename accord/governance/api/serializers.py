"""API representations of committees, meetings, resolutions and minutes, and the input of their writes.

Input serializers only shape and type-check what the client sends; the services check the
powers, the transitions and the bylaws again, and their errors become 400/403/409 in
accord.core.api.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accord.registry.models import Organisation, Person

from .. import policies, subjects
from ..models import (
    AgendaItem,
    AttendanceStatus,
    Bylaws,
    BylawsAcknowledgement,
    Committee,
    Constituency,
    DecisionMode,
    DelegationChange,
    ItemKind,
    Mandate,
    MandateRole,
    Meeting,
    MinutesComment,
    MinutesStatus,
    NoticeAnswer,
    NoticeAnswerKind,
    Recusal,
    Resolution,
    VoteChoice,
    subject_of,
)

# --- Subjects ------------------------------------------------------------------------------


def subject_label(content_type: ContentType) -> str:
    return f"{content_type.app_label}.{content_type.model}"


class SubjectSerializer(serializers.Serializer):
    """The record a resolution or an agenda item is about."""

    type = serializers.CharField(help_text='"app_label.model", for example "registry.organisation".')
    id = serializers.IntegerField(min_value=1)


def subject_data(obj: Any) -> dict[str, Any] | None:
    """{"type", "id"} of a row's generic subject; the caller select_related its subject_type."""
    if obj.subject_type_id is None:
        return None
    return {"type": subject_label(obj.subject_type), "id": obj.subject_id}


def resolve_subject(data: dict[str, Any] | None, user: Any) -> Any:
    """The record {"type", "id"} names, if the user may see it; a 400 otherwise."""
    if data is None:
        return None
    app_label, _dot, model = data["type"].lower().partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        raise serializers.ValidationError({"type": [_("Unknown kind of record.")]}) from None
    kind = subjects.by_label(subject_label(content_type))
    if kind is None:
        raise serializers.ValidationError({"type": [_("A resolution cannot be about this kind of record.")]})
    # Out of the user's sight is answered like a record that does not exist.
    subject = kind.visible(user).filter(pk=data["id"]).first()
    if subject is None:
        raise serializers.ValidationError({"id": [_("No such record.")]})
    return subject


def _user(serializer: serializers.Field) -> Any:
    request = serializer.context.get("request")
    return getattr(request, "user", None)


# --- Committees ----------------------------------------------------------------------------


class MemberSerializer(serializers.ModelSerializer):
    """A current mandate on the committee."""

    mandate = serializers.IntegerField(source="pk", read_only=True, help_text="The mandate's id.")
    person = serializers.IntegerField(source="person_id", read_only=True, help_text="The person's id.")
    name = serializers.CharField(source="person.full_name", read_only=True)
    organisation = serializers.IntegerField(
        source="organisation_id", read_only=True, allow_null=True, help_text="Id of the organisation represented."
    )

    class Meta:
        model = Mandate
        fields = ["mandate", "person", "name", "role", "voting", "constituency", "organisation", "starts_on", "ends_on"]


class SeatSerializer(MemberSerializer):
    """A seat just given: a current mandate, or one proposed and awaiting approval."""

    class Meta(MemberSerializer.Meta):
        fields = [*MemberSerializer.Meta.fields, "approval"]


class SeatablePersonField(serializers.PrimaryKeyRelatedField):
    """A person's id, among the people the committee the view names in the context may seat."""

    def get_queryset(self) -> Any:
        committee = self.context.get("committee")
        return policies.seatable_people(committee) if committee is not None else Person.objects.none()


class SeatInputSerializer(serializers.Serializer):
    """Input of POST /committees/{slug}/mandates/: services.start_mandate."""

    person = SeatablePersonField(queryset=Person.objects.none(), help_text="The person's id.")
    role = serializers.ChoiceField(choices=MandateRole.choices)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Last day of the term; left out under bylaws with a binding term, the term's last day.",
    )
    voting = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="By the role if left out."
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None
    )
    constituency = serializers.ChoiceField(choices=Constituency.choices)
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    override_reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="Ministry only: seat against the committee's binding bylaws (term, consecutive terms, size), "
        "with this reason.",
    )


class BylawsSerializer(serializers.ModelSerializer):
    """One version of the bylaws; `adopted_on` and `adopted_by` are null while it is a draft."""

    adopted_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="number", read_only=True, allow_null=True, help_text="Number of the adopting resolution."
    )

    class Meta:
        model = Bylaws
        fields = [
            "version",
            "adopted_on",
            "adopted_by",
            "mission",
            "business_majority",
            "business_majority_blocking",
            "min_leader_enterprises",
            "leader_enterprises_blocking",
            "max_members",
            "max_members_blocking",
            "term_months",
            "term_months_blocking",
            "max_consecutive_terms",
            "max_consecutive_terms_blocking",
            "min_meetings_per_year",
            "quorum_rule",
            "quorum_fraction",
            "quorum_count",
            "decision_rule",
            "consensus_allowed",
            "proxies_allowed",
            "max_proxies_per_member",
            "conflict_of_interest_policy",
            "coordinator_report_months",
        ]
        read_only_fields = fields


class BylawsDraftSerializer(serializers.ModelSerializer):
    """The terms of a new version, drafted: a resolution of the committee adopts it later."""

    class Meta:
        model = Bylaws
        fields = [name for name in BylawsSerializer.Meta.fields if name not in ("version", "adopted_on", "adopted_by")]


class AcknowledgementRowSerializer(serializers.Serializer):
    """A current member and when they acknowledged the version in force (null: not yet)."""

    mandate = serializers.IntegerField(source="mandate.pk", help_text="The mandate's id.")
    person = serializers.IntegerField(source="mandate.person_id", help_text="The person's id.")
    name = serializers.CharField(source="mandate.person.full_name")
    acknowledged_at = serializers.DateTimeField(allow_null=True)


class BylawsStatusSerializer(serializers.Serializer):
    """The committee's bylaws: every version, the one in force, and who acknowledged it."""

    in_force = serializers.IntegerField(allow_null=True, help_text="The version in force today, if any.")
    acknowledged_at = serializers.DateTimeField(
        allow_null=True, help_text="When you acknowledged the version in force (null: not yet, or not a member)."
    )
    versions = BylawsSerializer(many=True, help_text="Every version, drafts included, the latest first.")
    acknowledgements = AcknowledgementRowSerializer(
        many=True,
        allow_null=True,
        help_text="To those who manage the committee: each current member and whether they acknowledged.",
    )


class BylawsAcknowledgementSerializer(serializers.ModelSerializer):
    """A member's acknowledgement of a version of the bylaws."""

    version = serializers.IntegerField(source="bylaws.version", read_only=True)

    class Meta:
        model = BylawsAcknowledgement
        fields = ["version", "acknowledged_at"]
        read_only_fields = fields


class CommitteeSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(help_text="In the language of Accept-Language (French by default).")
    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Code of a regional committee's region."
    )
    creneau: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of a niche committee's niche."
    )
    # Declared fields leave the class body (DRF's metaclass), so this `parent` does not
    # shadow Field.parent at run time; mypy cannot know.
    parent: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="slug", read_only=True, help_text="Slug of the committee an executive or work committee reports to."
    )
    regions = serializers.SerializerMethodField(help_text="Codes of an interregional committee's regions.")
    creneaux = serializers.SerializerMethodField(help_text="Slugs of an interregional committee's niches.")
    members = MemberSerializer(source="current_mandates", many=True, read_only=True, help_text="Current mandates.")

    class Meta:
        model = Committee
        fields = [
            "slug",
            "name",
            "kind",
            "code",
            "region",
            "creneau",
            "regions",
            "creneaux",
            "parent",
            "dissolved_on",
            "members",
        ]
        read_only_fields = ["dissolved_on"]

    def get_name(self, obj: Committee) -> str:
        return obj.name

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_regions(self, obj: Committee) -> list[str]:
        return [region.code for region in obj.region_list]  # type: ignore[attr-defined]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_creneaux(self, obj: Committee) -> list[str]:
        return [creneau.slug for creneau in obj.creneau_list]  # type: ignore[attr-defined]


# --- Meetings ------------------------------------------------------------------------------


class AgendaItemSerializer(serializers.ModelSerializer):
    subject = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "kind", "subject"]

    @extend_schema_field(SubjectSerializer(allow_null=True))
    def get_subject(self, obj: AgendaItem) -> dict[str, Any] | None:
        return subject_data(obj)


class MeetingSerializer(serializers.ModelSerializer):
    committee: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    items = AgendaItemSerializer(many=True, read_only=True, help_text="The agenda, in order.")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "status",
            "cancellation_reason",
            "chaired_by",
            "items",
        ]
        extra_kwargs = {"chaired_by": {"help_text": "Mandate id of the member who chairs."}}


class AgendaItemInputSerializer(serializers.ModelSerializer):
    subject = SubjectSerializer(required=False, allow_null=True)

    class Meta:
        model = AgendaItem
        fields = ["title", "description", "kind", "subject"]
        extra_kwargs = {"kind": {"default": ItemKind.DISCUSSION}}


class MeetingPlanSerializer(serializers.Serializer):
    """Input of POST /meetings/: services.plan_meeting."""

    committee: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", queryset=Committee.objects.none()
    )
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    location = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    online_url = serializers.URLField(required=False, allow_blank=True, default="")
    items = AgendaItemInputSerializer(many=True, required=False, default=list)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = policies.visible_committees(_user(self))  # type: ignore[attr-defined]

    def validate_items(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        user = _user(self)
        # plan_meeting creates AgendaItem(**item): the subject becomes its two columns.
        result = []
        for item in items:
            item = dict(item)
            subject = resolve_subject(item.pop("subject", None), user)
            result.append({**item, **subject_of(subject)})
        return result


class ReasonSerializer(serializers.Serializer):
    # The reason is also the history's change reason, which holds 100 characters.
    reason = serializers.CharField(max_length=100)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


# --- Attendance ----------------------------------------------------------------------------


class CommitteeMandateField(serializers.PrimaryKeyRelatedField):
    """A mandate id, among the mandates of the committee the view names in the context."""

    def get_queryset(self) -> Any:
        committee_id = self.context.get("committee_id")
        return Mandate.objects.filter(committee_id=committee_id) if committee_id else Mandate.objects.none()


class AttendanceInputSerializer(serializers.Serializer):
    """One line of POST /meetings/{id}/attendance/: services.record_attendance."""

    mandate = CommitteeMandateField(queryset=Mandate.objects.none(), help_text="The member's mandate id.")
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    proxy_holder = CommitteeMandateField(
        queryset=Mandate.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Mandate id of the member holding the proxy (status proxy only).",
    )


class AttendanceSheetInputSerializer(serializers.Serializer):
    """A whole sheet for POST /meetings/{id}/attendance/: services.record_attendance_sheet, every line or none."""

    lines = AttendanceInputSerializer(many=True, allow_empty=False)


class AttendanceLineSerializer(serializers.Serializer):
    """A member on the day of the meeting (a row of selectors.Sitting.member_rows) and what was recorded."""

    mandate = serializers.IntegerField(source="mandate.pk", help_text="The member's mandate id.")
    person = serializers.IntegerField(source="mandate.person_id", help_text="The person's id.")
    name = serializers.CharField(source="mandate.person.full_name")
    role = serializers.CharField(source="mandate.role")
    voting = serializers.BooleanField(source="mandate.voting")
    # Null while nothing is recorded (a row's attendance is then None).
    status = serializers.ChoiceField(
        source="attendance.status",
        choices=AttendanceStatus.choices,
        allow_null=True,
        help_text="Null while nothing is recorded.",
    )
    proxy_holder = serializers.IntegerField(
        source="attendance.proxy_holder_id", allow_null=True, help_text="Mandate id of the proxy holder."
    )


class QuorumSerializer(serializers.Serializer):
    """The quorum of the meeting before any recusal (a decisions.Tally)."""

    voting_members = serializers.IntegerField(help_text="Voting members on the day of the meeting.")
    present = serializers.IntegerField(
        help_text="Voting members present, or represented where the bylaws allow proxies."
    )
    needed = serializers.IntegerField(
        source="quorum", help_text="Quorum under the bylaws in force on the day of the meeting."
    )
    met = serializers.BooleanField(source="quorum_met")


class AttendanceSheetSerializer(serializers.Serializer):
    """Every member on the day of the meeting, with what was recorded, and the quorum (a selectors.Sitting)."""

    meeting = serializers.IntegerField(source="meeting.pk")
    lines = AttendanceLineSerializer(source="member_rows", many=True)
    quorum = QuorumSerializer()


# --- A member's answer to a notice ----------------------------------------------------------


class ProxyHolderSerializer(serializers.Serializer):
    """A voting colleague who may hold the member's proxy."""

    mandate = serializers.IntegerField(source="pk", help_text="The colleague's mandate id.")
    person = serializers.IntegerField(source="person_id", help_text="The person's id.")
    name = serializers.CharField(source="person.full_name")


class NoticeAnswerSerializer(serializers.ModelSerializer):
    """The answer a seat gave to a notice (its latest version)."""

    proxy_holder = serializers.IntegerField(
        source="proxy_holder_id", allow_null=True, help_text="Mandate id of the colleague holding the proxy."
    )

    class Meta:
        model = NoticeAnswer
        fields = ["answer", "proxy_holder", "note", "answered_at", "through_link"]
        read_only_fields = fields
        extra_kwargs = {"through_link": {"help_text": "Given through the notice email's signed link."}}


class AnsweringSerializer(serializers.Serializer):
    """Your seat's answer to the meeting's notice and what it may answer (a selectors.Answering)."""

    meeting = serializers.IntegerField(source="meeting.pk")
    mandate = serializers.IntegerField(source="mandate.pk", help_text="Your mandate id: the seat that answers.")
    open = serializers.BooleanField(
        help_text="Answers are taken (and changed) while the meeting is convened, until it opens."
    )
    proxies_allowed = serializers.BooleanField(
        source="bylaws_allow_proxies", help_text="The bylaws in force on the day of the meeting allow proxies."
    )
    answers = serializers.SerializerMethodField(help_text="The answers your seat may give.")
    proxy_holders = ProxyHolderSerializer(
        many=True, help_text="Who may hold your proxy: the other voting members (none if you may give no proxy)."
    )
    answer = NoticeAnswerSerializer(source="existing", allow_null=True, help_text="Null until you answer.")

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=NoticeAnswerKind.choices)))
    def get_answers(self, obj: Any) -> list[str]:
        return [value for value, _label in obj.choices]


class NoticeAnswerInputSerializer(serializers.Serializer):
    """Input of POST /meetings/{id}/answer/: services.answer_notice, for your own seat."""

    answer = serializers.ChoiceField(choices=NoticeAnswerKind.choices)
    proxy_holder = CommitteeMandateField(
        queryset=Mandate.objects.none(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Mandate id of the voting colleague who holds your proxy (answer proxy only, where the bylaws "
        "allow proxies).",
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


# --- Comments on minutes --------------------------------------------------------------------


class MinutesCommentSerializer(serializers.ModelSerializer):
    """A comment on one paragraph of circulated minutes."""

    author = serializers.CharField(source="author.__str__", read_only=True, help_text="Who wrote it.")

    class Meta:
        model = MinutesComment
        fields = ["id", "paragraph", "excerpt", "text", "author", "created_at"]
        read_only_fields = fields
        extra_kwargs = {"excerpt": {"help_text": "The paragraph as it read when commented (the minutes may change)."}}


class ParagraphSerializer(serializers.Serializer):
    """One paragraph of the minutes with the comments on it (a selectors.Paragraph)."""

    number = serializers.IntegerField()
    text = serializers.CharField()
    comments = MinutesCommentSerializer(many=True)


class MinutesCommentsSerializer(serializers.Serializer):
    """The minutes paragraph by paragraph with their comments, as the comments page shows them."""

    minutes = serializers.IntegerField(source="minutes.pk")
    meeting = serializers.IntegerField(source="minutes.meeting_id")
    version = serializers.IntegerField(source="minutes.version")
    status = serializers.ChoiceField(source="minutes.status", choices=MinutesStatus.choices)
    may_comment = serializers.BooleanField(
        help_text="You may comment: the minutes are circulated and you sit on the committee or staff cover it."
    )
    paragraphs = ParagraphSerializer(many=True)
    orphans = MinutesCommentSerializer(
        many=True, help_text="Comments on paragraphs the minutes no longer have (amended since), with their excerpt."
    )


class MinutesCommentInputSerializer(serializers.Serializer):
    """Input of POST /minutes/{id}/comments/: services.comment_minutes."""

    paragraph = serializers.IntegerField(min_value=1, help_text="The paragraph's number, from 1.")
    text = serializers.CharField(max_length=2000)


# --- Resolutions ---------------------------------------------------------------------------


class RecusalSerializer(serializers.ModelSerializer):
    mandate = serializers.IntegerField(source="mandate_id", read_only=True)
    name = serializers.CharField(source="mandate.person.full_name", read_only=True)

    class Meta:
        model = Recusal
        fields = ["mandate", "name", "reason", "declared_interest"]


class ResolutionSerializer(serializers.ModelSerializer):
    committee: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    item = serializers.IntegerField(source="item_id", read_only=True, allow_null=True)
    subject = serializers.SerializerMethodField()
    forward_to: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The committee that takes the decision next, once adopted."
    )
    delegates_to: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The executive committee a delegation names."
    )
    recusals = RecusalSerializer(many=True, read_only=True)

    class Meta:
        model = Resolution
        fields = [
            "id",
            "number",
            "committee",
            "meeting",
            "item",
            "title",
            "text",
            "subject",
            "forward_to",
            "gives_coordinator_mandate",
            "justification",
            "outcome",
            "decision_mode",
            "voting_members",
            "recused_count",
            "present_count",
            "quorum_required",
            "votes_for",
            "votes_against",
            "abstentions",
            "decided_at",
            "chaired_by",
            "signed_off_at",
            "delegation",
            "delegates_to",
            "recusals",
        ]
        extra_kwargs = {
            "chaired_by": {"help_text": "Mandate id of the member who chaired when the decision was taken."},
            "signed_off_at": {
                "help_text": "When the chair confirmed the decision; null while a decision recorded by "
                "someone else awaits the chair's sign-off (it has no effect until then)."
            },
        }

    @extend_schema_field(SubjectSerializer(allow_null=True))
    def get_subject(self, obj: Resolution) -> dict[str, Any] | None:
        return subject_data(obj)


class ResolutionProposeSerializer(serializers.Serializer):
    """Input of POST /resolutions/: services.propose_resolution."""

    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())
    title = serializers.CharField(max_length=300)
    text = serializers.CharField()
    item = serializers.PrimaryKeyRelatedField(
        queryset=AgendaItem.objects.none(), required=False, allow_null=True, default=None
    )
    subject = SubjectSerializer(required=False, allow_null=True, default=None)
    forward_to: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Committee.objects.active(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of the committee that must take the decision next, once adopted.",
    )
    gives_coordinator_mandate = serializers.BooleanField(required=False, default=False)
    delegation = serializers.ChoiceField(
        choices=DelegationChange.choices,
        required=False,
        default=DelegationChange.NONE,
        help_text="A niche committee delegates its decisions on projects to its executive committee, or ends that.",
    )
    delegates_to: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Committee.objects.active(),
        required=False,
        allow_null=True,
        default=None,
        help_text="Slug of the executive committee, with `delegation`.",
    )
    justification = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The committee's written reasons where the subject asks for them (a fund project above a"
        " niche's fair share of the envelope): the decision is refused without them.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meetings = policies.visible_meetings(_user(self))
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["item"].queryset = AgendaItem.objects.filter(meeting__in=meetings)  # type: ignore[attr-defined]

    def validate_subject(self, value: dict[str, Any] | None) -> Any:
        return resolve_subject(value, _user(self))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        meeting, forward_to = attrs["meeting"], attrs.get("forward_to")
        if forward_to is not None and forward_to.pk == meeting.committee_id:
            raise serializers.ValidationError({"forward_to": [_("Forward the decision to another committee.")]})
        return attrs


class VoteInputSerializer(serializers.Serializer):
    """One vote for POST /resolutions/{id}/votes/: services.record_vote."""

    mandate = CommitteeMandateField(queryset=Mandate.objects.none(), help_text="The voter's mandate id.")
    choice = serializers.ChoiceField(choices=VoteChoice.choices)


class VoteSheetInputSerializer(serializers.Serializer):
    """A vote sheet for POST /resolutions/{id}/votes/: services.record_votes, every line or none."""

    lines = VoteInputSerializer(many=True, allow_empty=False)


class InterestInputSerializer(serializers.Serializer):
    """Input of POST /resolutions/{id}/interest/: services.declare_interest."""

    mandate = CommitteeMandateField(queryset=Mandate.objects.none(), help_text="The member's mandate id.")
    interest = serializers.CharField(help_text="The interest the member declares.")


class DecideInputSerializer(serializers.Serializer):
    """Input of POST /resolutions/{id}/decide/: services.decide_resolution."""

    mode = serializers.ChoiceField(choices=DecisionMode.choices, default=DecisionMode.VOTE)


class ChairInputSerializer(serializers.Serializer):
    """Input of POST /meetings/{id}/chair/: services.name_chair."""

    mandate = CommitteeMandateField(queryset=Mandate.objects.none(), help_text="The chair's mandate id.")
    reason = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
