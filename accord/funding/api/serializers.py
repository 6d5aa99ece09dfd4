"""API representations of the fund's envelopes and projects, and the input of their writes.

Input serializers only shape and type-check what the client sends; the services check the
powers, the transitions, the fund guide and the envelope again. Money is a decimal string
("35000.00"), never a float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accord.core.files import check_document
from accord.core.links import site_url
from accord.planning.models import Action as PlanAction
from accord.registry.models import Creneau, Organisation, Region

from .. import guide as rules
from .. import impact, policies, selectors, workflow
from ..models import (
    AboveShareDecision,
    Agreement,
    AgreementInstalment,
    Disbursement,
    Envelope,
    FinancingSource,
    ProgramPeriod,
    Project,
    ProjectCost,
    ProjectEvent,
    ProjectFunding,
    ReportingDate,
)

#: The refusal of a negative figure: an amount (True) or a number (False).
NEGATIVE = {True: _("An amount cannot be negative."), False: _("A number cannot be negative.")}


def money(**kwargs: Any) -> serializers.DecimalField:
    """A read-only amount in dollars and cents, as a string."""
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, **kwargs)


# --- Envelopes -----------------------------------------------------------------------------


class EnvelopeSerializer(serializers.ModelSerializer):
    """A region's envelope for a period and its balance, read from the ledger.

    The view attaches each row's ledger.Balance as `balance` (one computation per page).
    """

    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Code of the program period."
    )
    total = money(source="balance.total", help_text="The envelope's amount.")
    committed = money(source="balance.committed", help_text="Commitments less releases.")
    disbursed = money(source="balance.disbursed", help_text="Instalments paid out of the commitments.")
    available = money(source="balance.available", help_text="The envelope less what it has committed.")

    class Meta:
        model = Envelope
        fields = ["id", "region", "period", "total", "committed", "disbursed", "available"]


# --- Projects ------------------------------------------------------------------------------


class ProjectSerializer(serializers.ModelSerializer):
    """A project as the lists show it."""

    carrier = serializers.IntegerField(source="carrier_id", read_only=True, help_text="The carrier organisation's id.")
    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Code of the region whose envelope funds the project."
    )
    period: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    creneaux = serializers.SerializerMethodField(help_text="Slugs of the niches the project serves.")
    requested_amount = money()
    granted_amount = money(allow_null=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "number",
            "title",
            "summary",
            "carrier",
            "region",
            "period",
            "creneaux",
            "status",
            "requested_amount",
            "granted_amount",
            "created_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_creneaux(self, obj: Project) -> list[str]:
        return [creneau.slug for creneau in obj.creneau_list]  # type: ignore[attr-defined]

    def reader(self, obj: Project) -> str | None:
        """The audience the requesting user reads on the project (policies.reader_audience)."""
        request = self.context.get("request")
        return policies.reader_audience(getattr(request, "user", None), obj)

    def to_representation(self, instance: Project) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(instance)
        # An internal status reads, outside the ministry, as the step it belongs to.
        data["status"] = workflow.status_for(instance.status, self.reader(instance))
        return data


class CostSerializer(serializers.ModelSerializer):
    """A line of the budget."""

    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.00"))

    class Meta:
        model = ProjectCost
        fields = ["category", "description", "amount"]


# The FSDCE request is the project's requested_amount, not a line of its financing plan.
OTHER_SOURCES = [(s.value, s.label) for s in FinancingSource if s != FinancingSource.FSDCE]


class FinancingSerializer(serializers.ModelSerializer):
    """A line of the financing plan other than the FSDCE request."""

    # Declared fields leave the class body (DRF's metaclass), so this `source` does not
    # shadow Field.source at run time; mypy cannot know.
    source = serializers.ChoiceField(choices=OTHER_SOURCES)  # type: ignore[assignment]
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.00"))

    class Meta:
        model = ProjectFunding
        fields = ["source", "funder", "amount"]


class PartnerSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id", help_text="The partner organisation's id.")
    name = serializers.CharField(source="organisation.name")
    role = serializers.CharField()


class ResolutionRefSerializer(serializers.Serializer):
    """A committee's resolution on the project."""

    id = serializers.IntegerField()
    number = serializers.CharField()


class NicheResolutionSerializer(serializers.Serializer):
    creneau = serializers.CharField(help_text="Slug of the niche.")
    resolution = ResolutionRefSerializer(allow_null=True, help_text="Null until its niche committee decides.")


class ProjectResolutionsSerializer(serializers.Serializer):
    niche = NicheResolutionSerializer(many=True, help_text="One line per niche of the project.")
    regional = ResolutionRefSerializer(allow_null=True, help_text="The regional committee's resolution.")


class EventSerializer(serializers.ModelSerializer):
    """A step of the project's timeline."""

    actor = serializers.SerializerMethodField(help_text="Name of who took the step; null for the system.")
    amount = money(allow_null=True)
    resolution = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="number", read_only=True, help_text="Number of the resolution that took the step."
    )
    delegation = serializers.IntegerField(
        source="delegation_id", read_only=True, allow_null=True, help_text="Id of the delegation it was granted under."
    )

    # As the reader is told them (selectors.readable_events): the second signature is the grant.
    action = serializers.CharField(source="told_action", read_only=True)
    from_status = serializers.CharField(source="told_from", read_only=True)
    to_status = serializers.CharField(source="told_to", read_only=True)
    note = serializers.CharField(
        source="shown_note",
        read_only=True,
        help_text="What happened, in the request's language when the system wrote it.",
    )

    class Meta:
        model = ProjectEvent
        fields = [
            "action",
            "from_status",
            "to_status",
            "actor",
            "occurred_at",
            "note",
            "amount",
            "resolution",
            "delegation",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor(self, obj: ProjectEvent) -> str | None:
        return None if obj.actor is None else (obj.actor.get_full_name() or str(obj.actor))


class DisbursementSerializer(serializers.ModelSerializer):
    """An instalment: the carrier's claim and the ministry's decision on it."""

    amount = money(help_text="The amount claimed.")
    paid_amount = money(
        allow_null=True,
        help_text="What the ministry paid (null until paid); the rest of the claim was closed as not paid.",
    )
    proof = serializers.IntegerField(
        source="proof_id", read_only=True, allow_null=True, help_text="Id of the proof among the project's documents."
    )
    claim = serializers.CharField(
        source="shown_claim",
        read_only=True,
        help_text="What the instalment pays for (the final payment of the holdback in the reader's language).",
    )

    class Meta:
        model = Disbursement
        fields = ["id", "amount", "paid_amount", "claim", "proof", "status", "claimed_at", "decided_at", "note"]


class InstalmentSerializer(serializers.ModelSerializer):
    """A line of the agreement's payment schedule."""

    amount = money()

    class Meta:
        model = AgreementInstalment
        fields = ["milestone", "due_on", "amount"]


class ReportingDateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportingDate
        fields = ["report", "due_on"]


class AgreementTermsSerializer(serializers.ModelSerializer):
    """The agreement's terms: conditions, holdback, payment schedule and reporting dates (null before drafting)."""

    holdback = money(help_text="The part of the aid kept until the final report is accepted.")
    instalments = InstalmentSerializer(many=True, read_only=True)
    reporting_dates = ReportingDateSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["conditions", "holdback_rate", "holdback", "instalments", "reporting_dates", "drafted_at"]
        read_only_fields = fields


class AboveShareSerializer(serializers.ModelSerializer):
    """A decision that took one of the project's niches above its fair share of the envelope, and why."""

    creneau = serializers.SlugRelatedField(slug_field="slug", read_only=True)  # type: ignore[var-annotated]
    amount = money()
    target = money(help_text="The niche's fair share of the envelope.")
    committed = money(help_text="What the niche had committed before the decision.")
    reaching = money(help_text="What the niche reaches with the decision.")
    over = money(help_text="How far above its fair share plus the margin.")
    resolution = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="number", read_only=True, help_text="Number of the committee's resolution, if a committee decided."
    )
    justification = serializers.CharField(source="reasons", read_only=True, help_text="The written reasons.")
    decided_by = serializers.SerializerMethodField(help_text="Name of who recorded the decision.")

    class Meta:
        model = AboveShareDecision
        fields = [
            "creneau",
            "action",
            "amount",
            "target",
            "margin",
            "committed",
            "reaching",
            "over",
            "resolution",
            "justification",
            "decided_by",
            "decided_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decided_by(self, obj: AboveShareDecision) -> str | None:
        return None if obj.decided_by is None else (obj.decided_by.get_full_name() or str(obj.decided_by))


class ProjectPlanActionSerializer(serializers.Serializer):
    """The plan action a project serves, with its axis and plan (decision 35)."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True, help_text="The action's title.")
    axis = serializers.CharField(source="objective.axis.name", read_only=True, help_text="The axis's name.")
    plan = serializers.IntegerField(source="objective.axis.plan_id", read_only=True, help_text="The plan's id.")
    years = serializers.CharField(
        source="objective.axis.plan.years", read_only=True, help_text="The plan's years, for example 2025–2028."
    )


class ProjectDetailSerializer(ProjectSerializer):
    """A project with its content, the committees' resolutions, what the ministry's analysis,
    the agreement, the instalments and the final report recorded, and its timeline (what its page shows)."""

    partners = PartnerSerializer(source="partner_links", many=True, read_only=True)
    plan_action = ProjectPlanActionSerializer(
        read_only=True, allow_null=True, help_text="The action of a plan of its niches the project serves."
    )
    former_axis = serializers.CharField(
        read_only=True,
        help_text="The axis as it was typed before projects named a plan action (kept, no longer edited).",
    )
    costs = CostSerializer(many=True, read_only=True)
    financing = FinancingSerializer(many=True, read_only=True)
    expected_investment = money(help_text="Private investment expected (decision 40).")
    expected_public_investment = money(help_text="Public investment expected: the FSDCE aid and other public aid.")
    expected_sales = money()
    expected_export_sales = money(help_text="The part of the additional sales expected outside Québec.")
    expected_export_contracts_amount = money(help_text="Total value of the export contracts expected.")
    guide: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="version", read_only=True, help_text="Version of the fund guide the project was submitted under."
    )
    delegation = serializers.IntegerField(
        source="delegation_id", read_only=True, allow_null=True, help_text="Id of the delegation it was granted under."
    )
    resolutions = serializers.SerializerMethodField()
    recommended_amount = money(
        allow_null=True,
        help_text="The amount the ministry's analysis recommends (null for readers outside the ministry).",
    )
    checklist = serializers.DictField(
        child=serializers.BooleanField(),
        read_only=True,
        help_text="The analysis's checklist: each point of the guide the analyst checked (true) or not (false)."
        " Empty for readers outside the ministry and the regional offices.",
    )
    agreement = serializers.SerializerMethodField(help_text="The agreement's terms; null before they are drafted.")
    disbursements = DisbursementSerializer(
        many=True, read_only=True, help_text="Instalments claimed, paid or rejected, oldest first."
    )
    actual_cost = money(allow_null=True)
    actual_investment = money(allow_null=True, help_text="Private investment reported (decision 40).")
    actual_public_investment = money(allow_null=True, help_text="Public investment reported; null: not reported.")
    actual_sales = money(allow_null=True)
    actual_export_sales = money(allow_null=True, help_text="Export sales reported; null: not reported.")
    actual_export_contracts_amount = money(
        allow_null=True, help_text="Total value of the export contracts signed; null: not reported."
    )
    history = EventSerializer(
        source="readable_events",
        many=True,
        read_only=True,
        help_text="The timeline, latest first: the entries the user reads (a carrier never reads the ministry's own).",
    )
    above_share = AboveShareSerializer(
        source="above_share_decisions",
        many=True,
        read_only=True,
        help_text="Decisions that took a niche above its fair share of the envelope, with their justification.",
    )

    class Meta(ProjectSerializer.Meta):
        fields = [
            *ProjectSerializer.Meta.fields,
            "objectives",
            "plan_action",
            "former_axis",
            "starts_on",
            "ends_on",
            "partners",
            "costs",
            "financing",
            *impact.fields(impact.EXPECTED),
            "guide",
            "granted_at",
            "delegation",
            "resolutions",
            "recommended_amount",
            "checklist",
            "analysis_notes",
            "agreement",
            "agreement_signed_on",
            "disbursements",
            "actual_cost",
            *impact.fields(impact.ACTUAL),
            "final_report",
            "history",
            "above_share",
            "resubmit_to",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Project) -> dict[str, Any]:
        """What the user reads of the project: the ministry's own work and the timeline entries
        addressed to others are left out here, by the same selectors as the page's."""
        reader = self.reader(instance)
        instance.readable_events = selectors.readable_events(instance.events.all(), reader)  # type: ignore[attr-defined]
        data = super().to_representation(instance)
        if not selectors.reads_ministry_work(reader):
            data.update(recommended_amount=None, checklist={}, analysis_notes="")
        if not selectors.reads_committee_work(reader):
            data["above_share"] = []
        return data

    @extend_schema_field(AgreementTermsSerializer(allow_null=True))
    def get_agreement(self, obj: Project) -> dict[str, Any] | None:
        agreement = selectors.agreement_of(obj)
        return None if agreement is None else AgreementTermsSerializer(agreement).data

    @extend_schema_field(ProjectResolutionsSerializer())
    def get_resolutions(self, obj: Project) -> dict[str, Any]:
        def ref(resolution: Any) -> dict[str, Any] | None:
            return None if resolution is None else {"id": resolution.pk, "number": resolution.number}

        niche = [
            {"creneau": link.creneau.slug, "resolution": ref(link.resolution)}
            for link in obj.creneau_links.all()  # type: ignore[attr-defined]
        ]
        return {"niche": niche, "regional": ref(obj.regional_resolution)}


# --- Input ---------------------------------------------------------------------------------


class PartnerInputSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text="The partner organisation's id."
    )
    role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ProjectInputSerializer(serializers.ModelSerializer):
    """Input of POST /projects/: services.create_project with a services.Content."""

    carrier = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), help_text="Id of the organisation that carries the project."
    )
    region = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="code", queryset=Region.objects.all(), help_text="Code of the region whose envelope funds it."
    )
    period = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="code", queryset=ProgramPeriod.objects.all(), help_text="Code of the program period."
    )
    creneaux = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="slug", queryset=Creneau.objects.all(), many=True, help_text="Slugs of the niches it serves."
    )
    costs = CostSerializer(many=True, required=False, default=list)
    financing = FinancingSerializer(many=True, required=False, default=list)
    partners = PartnerInputSerializer(many=True, required=False, default=list)
    plan_action = serializers.PrimaryKeyRelatedField(
        queryset=PlanAction.objects.select_related("objective__axis__plan"),
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of the action of a plan of its niches that the project serves (a plan whose years meet"
        " the project's; not a cancelled action).",
    )

    class Meta:
        model = Project
        fields = [
            "carrier",
            "title",
            "summary",
            "objectives",
            "plan_action",
            "region",
            "period",
            "creneaux",
            "starts_on",
            "ends_on",
            "requested_amount",
            *impact.fields(impact.EXPECTED),
            "costs",
            "financing",
            "partners",
        ]
        # The figures of impact are optional (0 unless sent); a negative one is refused in words.
        extra_kwargs = {
            figure.field(impact.EXPECTED): {"error_messages": {"min_value": NEGATIVE[figure.money]}}
            for figure in impact.FIGURES
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        problems: dict[str, list[Any]] = {
            name: [problem] for name, problem in impact.refusals(attrs, impact.EXPECTED).items()
        }
        if attrs["ends_on"] < attrs["starts_on"]:
            problems["ends_on"] = [_("A project cannot end before it starts.")]
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


class AmountSerializer(serializers.Serializer):
    """Input of POST /projects/{id}/grant/."""

    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=Decimal("0.01"), help_text='The aid granted, for example "35000.00".'
    )
    justification = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The written reasons, required when the aid takes a niche above its fair share of the"
        " envelope plus the margin (400 without them).",
    )


def positive_money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"), **kwargs)


def any_money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        min_value=Decimal("0.00"),
        error_messages={"min_value": NEGATIVE[True]},
        **kwargs,
    )


def count(**kwargs: Any) -> serializers.IntegerField:
    """A number of jobs, contracts or companies: never negative."""
    return serializers.IntegerField(min_value=0, error_messages={"min_value": NEGATIVE[False]}, **kwargs)


CHECKLIST_KEYS = [key for key, _label in rules.CHECKLIST]


class AnalysisSerializer(serializers.Serializer):
    """Input of POST /projects/{id}/analysis/ (services.record_analysis), as the analysis page takes it."""

    checklist = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        default=dict,
        help_text="The points of the guide's checklist the analyst checked, by key ("
        + ", ".join(CHECKLIST_KEYS)
        + "); a point left out is not checked.",
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", help_text="The analyst's notes.")
    recommended_amount = any_money(required=False, allow_null=True, default=None)

    def validate_checklist(self, value: dict[str, bool]) -> dict[str, bool]:
        unknown = sorted(set(value) - set(CHECKLIST_KEYS))
        if unknown:
            raise serializers.ValidationError(
                _("Not a point of the guide's checklist: %(keys)s.") % {"keys": ", ".join(unknown)}
            )
        # Every point, as the page's form gives it: a box left unticked is False.
        return {key: bool(value.get(key)) for key in CHECKLIST_KEYS}


class AgreementSerializer(serializers.Serializer):
    """Input of POST /projects/{id}/agreement/ (services.sign_agreement)."""

    signed_on = serializers.DateField(help_text="The day the agreement was signed, not in the future.")


class InstalmentInputSerializer(serializers.Serializer):
    milestone = serializers.CharField(max_length=200, help_text="The milestone that releases the instalment.")
    due_on = serializers.DateField(help_text="The day from which it may be claimed, not before the grant.")
    amount = positive_money()


class ReportDueInputSerializer(serializers.Serializer):
    report = serializers.CharField(max_length=200)
    due_on = serializers.DateField(help_text="The day the report is due, not before the grant.")


class TermsSerializer(serializers.Serializer):
    """Input of POST /projects/{id}/terms/ (services.set_agreement_terms): the agreement's terms, drafted
    (or redrafted) before its signature. The instalments add up to the aid granted."""

    conditions = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    holdback_rate = serializers.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=Decimal("50"),
        help_text="The share of the aid (%) paid once the final report is accepted.",
    )
    instalments = InstalmentInputSerializer(many=True)
    reporting_dates = ReportDueInputSerializer(many=True)


class CloseSerializer(serializers.Serializer):
    """Input of POST /projects/{id}/close/ (services.close_project): both optional."""

    final_payment = any_money(
        required=False,
        allow_null=True,
        default=None,
        help_text="The final payment on accepting the report; omitted or null, the holdback due.",
    )
    note = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required when the final payment is not the holdback due: the carrier reads it.",
    )


class ClaimSerializer(serializers.Serializer):
    """Input of POST /projects/{id}/claim/ (services.claim_disbursement): multipart, with the proof's file."""

    amount = positive_money(
        help_text="The instalment claimed; at most what the agreement's schedule releases by today, less the"
        " holdback and what was already claimed."
    )
    claim = serializers.CharField(help_text="What the instalment pays for.")
    proof = serializers.FileField(help_text="Invoices or a statement of expenses (PDF, office document).")

    def validate_proof(self, value: Any) -> Any:
        return check_document(value)


class ReturnSerializer(serializers.Serializer):
    """Input of POST /projects/{id}/return/ (services.return_project)."""

    # As ReasonSerializer: the reason is also the history's change reason (100 characters).
    reason = serializers.CharField(max_length=100, help_text="Why the project is returned: the carrier reads it.")
    needs_committees = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "Returned during the ministry's analysis: true when the changes need a new decision of the committees "
            "(the resubmission goes to the niche committee); false, it comes back to the ministry's analysis."
        ),
    )


class DecisionSerializer(serializers.Serializer):
    """Input of POST /projects/{id}/disbursements/{disbursement}/decide/ (services.decide_disbursement)."""

    decision = serializers.ChoiceField(choices=[("pay", _("Pay")), ("reject", _("Reject"))])
    amount = positive_money(
        required=False,
        allow_null=True,
        default=None,
        help_text="What the ministry pays, at most the amount claimed; omitted or null, the whole claim.",
    )
    note = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required to pay less than the claim or to reject it: the carrier reads it.",
    )


class FinalReportSerializer(serializers.Serializer):
    """Input of POST /projects/{id}/report/ (services.submit_final_report)."""

    actual_cost = any_money()
    actual_jobs = count(help_text="Jobs created (planned: expected_jobs).")
    actual_jobs_kept = count(help_text="Existing jobs the project helped keep (planned: expected_jobs_kept).")
    actual_investment = any_money(help_text="Private investment (planned: expected_investment).")
    actual_public_investment = any_money(
        help_text="Public investment, the FSDCE aid included (planned: expected_public_investment)."
    )
    actual_sales = any_money(help_text="Additional sales (planned: expected_sales).")
    actual_export_sales = any_money(
        help_text="The part of the additional sales made outside Québec (planned: expected_export_sales)."
    )
    actual_export_contracts = count(help_text="New contracts signed with customers outside Québec.")
    actual_export_contracts_amount = any_money(help_text="Their total value; 0 with no contract.")
    actual_companies = count(help_text="Companies reached (planned: expected_companies).")
    # A blank report is refused by the service, with its own words ("Describe what the project achieved.").
    final_report = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text="What the project achieved, against its objectives."
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="Supporting documents (multipart), filed with the project's documents.",
    )

    def validate_attachments(self, value: list[Any]) -> list[Any]:
        return [check_document(file) for file in value]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        problems = impact.refusals(attrs, impact.ACTUAL)
        if problems:
            raise serializers.ValidationError({name: [problem] for name, problem in problems.items()})
        return attrs


# --- The public site (decision 54) ------------------------------------------------------------------


class PublicProjectSerializer(serializers.ModelSerializer):
    """A published project as its public page shows it: what was financed, where, by whom, the aid."""

    title_lang = serializers.SerializerMethodField(help_text="The title's language: the carrier's, in French.")
    summary = serializers.CharField(
        source="shown_public_summary", read_only=True, help_text="In the language of Accept-Language."
    )
    summary_fr = serializers.CharField(source="public_summary", read_only=True)
    summary_en = serializers.CharField(source="public_summary_en", read_only=True)
    carrier = serializers.CharField(source="carrier.name", read_only=True, help_text="The carrying organisation.")
    region: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(slug_field="code", read_only=True)
    creneaux = serializers.SerializerMethodField(help_text="Slugs of the niches the project serves.")
    granted_amount = money(help_text="The FSDCE aid granted.")
    granted_on = serializers.SerializerMethodField(help_text="The day the aid was granted (Québec time).")
    url = serializers.SerializerMethodField(help_text="The project's page on the public site.")

    class Meta:
        model = Project
        fields = [
            "id",
            "title",
            "title_lang",
            "summary",
            "summary_fr",
            "summary_en",
            "carrier",
            "region",
            "creneaux",
            "granted_amount",
            "granted_on",
            "published_at",
            "url",
        ]

    def get_title_lang(self, obj: Project) -> str:
        return "fr"

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_creneaux(self, obj: Project) -> list[str]:
        return [creneau.slug for creneau in obj.creneaux.all()]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_granted_on(self, obj: Project) -> Any:
        return timezone.localdate(obj.granted_at).isoformat() if obj.granted_at else None

    def get_url(self, obj: Project) -> str:
        return site_url(obj.get_public_url())


# --- Similar projects (decision 56) --------------------------------------------------------------

SIMILAR_MAX_CHARS = selectors.SIMILAR_MAX_CHARS


class SimilarQuerySerializer(serializers.Serializer):
    """What the similar search reads: a title and a summary (at least one), and how many to return."""

    title = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=True)
    summary = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=True)
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=50)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        text = attrs["title"] + attrs["summary"]
        if "\x00" in text:
            raise serializers.ValidationError(_("The text holds a null character: remove it."))
        if not text.strip():
            raise serializers.ValidationError(_("Give a title or a summary to compare."))
        if len(text) > SIMILAR_MAX_CHARS:
            raise serializers.ValidationError(
                _("The text is too long to compare: at most %(max)s characters.") % {"max": f"{SIMILAR_MAX_CHARS:,}"}
            )
        return attrs


class SimilarProjectSerializer(serializers.Serializer):
    """A project found similar, as the reader may see it (title and reference null when they may not)."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.SerializerMethodField()
    title = serializers.CharField(allow_null=True)
    region = serializers.CharField(source="region.code")
    creneaux = serializers.SerializerMethodField()
    year = serializers.IntegerField()
    status = serializers.CharField()
    imported = serializers.BooleanField()
    score = serializers.FloatField()

    def get_reference(self, row: Any) -> str | None:
        return row.number if row.title is not None else None

    def get_creneaux(self, row: Any) -> list[str]:
        return [c.slug for c in row.creneaux]


class SimilarResultsSerializer(serializers.Serializer):
    results = SimilarProjectSerializer(many=True)
