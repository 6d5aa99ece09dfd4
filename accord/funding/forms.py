"""Every form of the fund: the project and its steps, then the program's settings.

Forms validate input; services save. The project form is one form and three formsets
(budget, financing plan, partners). It is also read, unsaved, to check the figures against
the fund guide while the carrier fills it in: `figures()` builds the guide's Figures from
whatever is valid so far. Amounts and rates are read as the user writes them in their
language (4 000 000,00 in French, 4,000,000.00 in English).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accord.core import files
from accord.core.files import check_document
from accord.core.forms import (
    NumberField,
    RevisionMixin,
    SubmissionTokenMixin,
    money_input,
    rate_input,
    refuse_line_breaks,
    use_nul_message,
)
from accord.core.money import format_money
from accord.planning.models import Action as PlanAction
from accord.planning.models import PlanStatus
from accord.registry.forms import OrganisationField
from accord.registry.models import Creneau, Organisation, OrganisationKind, Region

from . import guide as rules
from . import impact, selectors, services, workflow
from .models import (
    ZERO,
    Agreement,
    Audience,
    CostCategory,
    FinancingSource,
    FundGuide,
    ProgramPeriod,
    Project,
    ProjectDocument,
)
from .services import CONTENT_FIELDS, GUIDE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY: dict[str, Any] = {"min_value": Decimal("0"), "max_digits": 14, "decimal_places": 2}
REASON_MAX = 2000
#: Refusals of a negative figure of impact, in words rather than Django's "greater than or equal to 0".
COUNT_ERRORS = {"min_value": _("A number cannot be negative.")}
MONEY_ERRORS = {
    "min_value": _("An amount cannot be negative."),
    "invalid": _("Enter an amount in dollars, for example 4 000 000,00."),
}


class Form(forms.Form):
    """A form whose text fields refuse NUL characters with a clear message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_nul_message(self)


def project_field(name: str, **kwargs: Any) -> Any:
    """The form field of a Project field: its label, help text, length and choices."""
    field = cast("models.Field[Any, Any]", Project._meta.get_field(name))
    return field.formfield(**kwargs)


def impact_field(name: str, **kwargs: Any) -> Any:
    """The form field of a figure of impact (funding.impact): an amount or a number, never negative."""
    figure = impact.BY_KEY[name.split("_", 1)[1]]
    if figure.money:
        return project_field(name, form_class=NumberField, error_messages=MONEY_ERRORS, **MONEY, **kwargs)
    return project_field(name, min_value=0, error_messages=COUNT_ERRORS, **kwargs)


def add_impact_errors(form: forms.Form, side: str) -> None:
    """Put the refusals of the form's figures of impact (funding.impact.refusals) on their fields;
    the services check them again."""
    data = getattr(form, "cleaned_data", {})
    for name, problem in impact.refusals(data, side).items():
        if name in form.fields and name not in form.errors:
            form.add_error(name, problem)


# --- The project form ------------------------------------------------------------------------


class ProjectForm(SubmissionTokenMixin, RevisionMixin, Form):
    """The project's own fields; the carrier only when the project is created."""

    title = project_field("title")
    summary = project_field("summary", widget=forms.Textarea(attrs={"rows": 5}))
    objectives = project_field("objectives", widget=forms.Textarea(attrs={"rows": 4}))
    plan_action = forms.CharField(
        label=_("Plan action"),
        required=False,
        widget=forms.Select,
        help_text=_(
            "The action of a plan of the project's niches that the project serves, by plan and axis. "
            "The list follows the niches chosen."
        ),
    )
    carrier = forms.ModelChoiceField(
        label=_("Carrier"),
        queryset=Organisation.objects.none(),
        help_text=_("The organisation that carries the project and receives the aid."),
    )
    region = project_field("region")
    period = project_field("period")
    creneaux = forms.ModelMultipleChoiceField(
        label=_("Niches"),
        queryset=Creneau.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A joint project serves several niches: the committee of each niche decides on it."),
    )
    starts_on = project_field("starts_on", widget=DATE)
    ends_on = project_field("ends_on", widget=DATE)
    requested_amount = project_field("requested_amount", form_class=NumberField, **MONEY)
    expected_jobs = impact_field("expected_jobs")
    # The figures added by decision 40 may be left blank: 0 (a form of before still posts).
    expected_jobs_kept = impact_field("expected_jobs_kept", required=False)
    expected_investment = impact_field("expected_investment")
    expected_public_investment = impact_field("expected_public_investment", required=False)
    expected_sales = impact_field("expected_sales")
    expected_export_sales = impact_field("expected_export_sales", required=False)
    expected_export_contracts = impact_field("expected_export_contracts", required=False)
    expected_export_contracts_amount = impact_field("expected_export_contracts_amount", required=False)
    expected_companies = impact_field("expected_companies")

    #: The form's fieldsets: (part of the page, legend, field names). The "money" part sits
    #: beside the guide's check, with the budget and the financing plan it reads.
    GROUPS = (
        ("head", _("The project"), ("title", "summary", "objectives")),
        ("head", _("Carrier, region and niches"), ("carrier", "region", "period", "creneaux", "plan_action")),
        ("money", _("Dates and aid requested"), ("starts_on", "ends_on", "requested_amount")),
        (
            "tail",
            _("Expected impact: jobs and investment"),
            ("expected_jobs", "expected_jobs_kept", "expected_investment", "expected_public_investment"),
        ),
        (
            "tail",
            _("Expected impact: sales, export and companies"),
            (
                "expected_sales",
                "expected_export_sales",
                "expected_export_contracts",
                "expected_export_contracts_amount",
                "expected_companies",
            ),
        ),
    )

    def __init__(self, *args: Any, carriers: Any = None, project: Project | None = None, **kwargs: Any) -> None:
        if project is not None:
            kwargs.setdefault("initial", initial_of(project))
        super().__init__(*args, **kwargs)
        refuse_line_breaks(self, "title")
        self.project = project
        if project is not None:
            self.initial.setdefault("revision", project.revision)
        self.fields["creneaux"].queryset = Creneau.objects.active().order_by("name_fr")  # type: ignore[attr-defined]
        self._offer_plan_actions()
        if project is not None:
            # The carrier of a project does not change: it is shown, not asked.
            del self.fields["carrier"]
        else:
            choices = carriers.only("pk", "name", "kind", "region").order_by("name")
            self.fields["carrier"].queryset = choices  # type: ignore[attr-defined]
            if not self.is_bound:
                self._prefill(list(choices[:2]))

    def chosen_creneaux(self) -> list[int]:
        """The niches the form holds: those posted, else the project's (their plans' actions are offered)."""
        if self.is_bound:
            values = self.data.getlist("creneaux") if hasattr(self.data, "getlist") else self.data.get("creneaux", [])
            return [int(v) for v in values if str(v).isdigit()][:50]
        return [int(pk) for pk in self.initial.get("creneaux", [])]

    def _offer_plan_actions(self) -> None:
        """The actions of the chosen niches' plans, grouped by plan and axis (one query).

        The project's own action stays offered even when cancelled since. Without niches, the
        list is empty and says so; the choice is checked again when the form is cleaned.
        """
        actions = list(selectors.plan_actions(self.chosen_creneaux()))
        current_id = self.project.plan_action_id if self.project is not None else None
        if current_id is not None and current_id not in {a.pk for a in actions}:
            current = selectors.plan_action(current_id)
            if current is not None:
                actions.insert(0, current)
        self.plan_actions = {str(action.pk): action for action in actions}
        field = self.fields["plan_action"]
        field.widget.choices = plan_action_choices(actions)  # type: ignore[attr-defined]
        if not actions:
            field.help_text = _(
                "No plan action to choose yet: the niches chosen have no plan (choose the niches first)."
            )
        if self.project is not None and self.project.former_axis and current_id is None:
            # Typed before projects named plan actions and not matched by the migration: the
            # editor reads it to choose the action.
            field.help_text = format_lazy(
                "{} {}", field.help_text, _("Axis typed before: “%(axis)s”.") % {"axis": self.project.former_axis}
            )

    def clean_plan_action(self) -> PlanAction | None:
        value = self.cleaned_data.get("plan_action") or ""
        if not value:
            return None
        known = value.isdecimal() and len(value) < 19  # an id the database can hold
        action = self.plan_actions.get(value) or (selectors.plan_action(int(value)) if known else None)
        if action is None:
            raise forms.ValidationError(_("Choose an action in the list."))
        return action

    def _prefill(self, first_two: list[Organisation]) -> None:
        """What a new draft can know already: the carrier's organisation, its region, the open period.

        A carrier's employee drafts for their organisation: it is chosen for them, and its
        region with it. The period is the one of the program covering today, if any.
        """
        if len(first_two) == 1:
            self.fields["carrier"].initial = first_two[0].pk
            if first_two[0].region_id is not None:
                self.fields["region"].initial = first_two[0].region_id
        period = selectors.open_period()
        if period is not None:
            self.fields["period"].initial = period.pk

    def groups(self, part: str | None = None) -> list[tuple[Any, list[forms.BoundField]]]:
        """The fieldsets of one part of the page (all of them without `part`), with their fields."""
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for where, legend, names in self.GROUPS
            if part is None or where == part
        ]

    def head_groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return self.groups("head")

    def money_groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return self.groups("money")

    def tail_groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return self.groups("tail")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key in impact.ADDED:
            name = impact.BY_KEY[key].field(impact.EXPECTED)
            if name in self.fields and data.get(name) is None and name not in self.errors:
                data[name] = ZERO if impact.BY_KEY[key].money else 0
        add_impact_errors(self, impact.EXPECTED)
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("A project cannot end before it starts."))
        action = data.get("plan_action")
        if action is not None and data.get("creneaux") is not None:
            # The service checks it again; here the message comes with the other errors.
            refusal = services.plan_action_refusal(
                action,
                list(data["creneaux"]),
                starts_on,
                ends_on,
                current_id=self.project.plan_action_id if self.project is not None else None,
            )
            if refusal:
                self.add_error("plan_action", refusal)
        return data

    def carrier_kind(self) -> str | None:
        """The kind of the carrier, from the project or the valid choice so far."""
        if self.project is not None:
            return self.project.carrier.kind
        carrier = getattr(self, "cleaned_data", {}).get("carrier")
        return carrier.kind if carrier is not None else None


def plan_action_choices(actions: Sequence[PlanAction]) -> list[tuple[Any, Any]]:
    """The select's options: "—", then one group per plan and axis ("2025–2028 › Innovation"),
    the niche first when the actions come from several niches' plans."""
    niches = len({action.objective.axis.plan.creneau_id for action in actions}) > 1
    groups: dict[tuple[int, int], tuple[str, list[tuple[str, str]]]] = {}
    for action in actions:
        axis = action.objective.axis
        plan = axis.plan
        label = f"{plan.years} › {axis.name}"
        if plan.status != PlanStatus.ADOPTED:
            label = f"{plan.years} ({plan.get_status_display()}) › {axis.name}"  # type: ignore[attr-defined]
        if niches:
            label = f"{plan.creneau.name} — {label}"
        groups.setdefault((plan.pk, axis.pk), (label, []))[1].append((str(action.pk), action.title))
    return [("", "—"), *groups.values()]


def initial_of(project: Project) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(project, name) for name in CONTENT_FIELDS if name != "plan_action"}
    values["plan_action"] = str(project.plan_action_id or "")
    values["region"] = project.region_id
    values["period"] = project.period_id
    values["creneaux"] = [link.creneau_id for link in project.creneau_links.all()]  # type: ignore[attr-defined]
    return values


# --- Lines: budget, financing plan, partners ---------------------------------------------------


DELETION = forms.formsets.DELETION_FIELD_NAME


class LineFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """The lines of one table of the form: added in place, each with a box to remove it."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        form.fields[DELETION].label = _("Remove the line")

    def blank_line(self, index: int) -> forms.Form:
        """A new, empty line numbered `index` (0-based), as "add a line" fetches it."""
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix(index),
            empty_permitted=True,
            use_required_attribute=False,
        )
        self.add_fields(form, index)
        return form


class LineForm(Form):
    """A line of a table in the form: left blank, it is ignored; begun, it must be complete."""

    REQUIRED: tuple[tuple[str, Any], ...] = ()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank(data):
            return data
        for name, message in self.REQUIRED:
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        return data

    def is_blank(self, data: dict[str, Any]) -> bool:
        # The formset's "remove" box is not part of the line.
        return all(data.get(name) in (None, "") for name in self.fields if name != DELETION) and not self.errors

    def removed(self) -> bool:
        """The line's "remove" box is ticked: the line is left out."""
        return bool(getattr(self, "cleaned_data", {}).get(DELETION))


class CostLineForm(LineForm):
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *CostCategory.choices], required=False)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    amount = NumberField(label=_("Amount"), required=False, **MONEY)

    REQUIRED = (("category", _("Choose the category of this cost.")), ("amount", _("Enter the amount.")))

    def line(self) -> tuple[str, str, Decimal] | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("category") and data.get("amount") is not None:
            return (data["category"], data.get("description", ""), data["amount"])
        return None


FINANCING_SOURCES = [(s.value, s.label) for s in FinancingSource if s != FinancingSource.FSDCE]


class FinancingLineForm(LineForm):
    source = forms.ChoiceField(label=_("Source"), choices=[("", "—"), *FINANCING_SOURCES], required=False)
    funder = forms.CharField(label=_("Funder"), max_length=200, required=False)
    amount = NumberField(label=_("Amount"), required=False, **MONEY)

    REQUIRED = (("source", _("Choose the source of this funding.")), ("amount", _("Enter the amount.")))

    def line(self) -> tuple[str, str, Decimal] | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("source") and data.get("amount") is not None:
            return (data["source"], data.get("funder", ""), data["amount"])
        return None


class PartnerLineForm(LineForm):
    # The table's legend says to type the name or the NEQ (a help text per line would repeat it).
    organisation = OrganisationField(label=_("Partner"), required=False, options="funding:partner_options")
    role = forms.CharField(label=_("Role in the project"), max_length=200, required=False)

    REQUIRED = (("organisation", _("Name the partner organisation.")),)

    def line(self) -> tuple[Organisation, str] | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("organisation") is not None:
            return (data["organisation"], data.get("role", ""))
        return None


class ProjectSheet:
    """The project form and its three tables, validated and read together."""

    #: Blank lines after the existing ones; "add a line" adds more in place.
    BLANK_LINES = {"costs": 2, "financing": 1, "partners": 1}
    #: The tables of the form, by their prefix.
    LINE_FORMS: dict[str, type[LineForm]] = {}

    def __init__(
        self,
        data: Any = None,
        *,
        carriers: Any = None,
        project: Project | None = None,
        add_line: str | None = None,
    ) -> None:
        self.project = project
        data = with_added_line(data, add_line, self.BLANK_LINES)
        self.form = ProjectForm(data, carriers=carriers, project=project)
        initial = lines_of(project) if project is not None else {"costs": [], "financing": [], "partners": []}
        self.costs = self._formset(CostLineForm, "costs", data, initial["costs"])
        self.financing = self._formset(FinancingLineForm, "financing", data, initial["financing"])
        self.partners = self._formset(PartnerLineForm, "partners", data, initial["partners"])

    def _formset(self, form_class: Any, prefix: str, data: Any, initial: list[dict[str, Any]]) -> Any:
        return formset_class(prefix)(data, prefix=prefix, initial=initial)

    @property
    def formsets(self) -> list[Any]:
        return [self.costs, self.financing, self.partners]

    @property
    def is_bound(self) -> bool:
        return self.form.is_bound

    def is_valid(self) -> bool:
        # Every part is validated, so every error shows at once.
        results = [self.form.is_valid(), *(formset.is_valid() for formset in self.formsets)]
        return all(results)

    @property
    def has_errors(self) -> bool:
        return bool(self.form.errors) or any(f.total_error_count() for f in self.formsets)

    def lines(self, formset: Any) -> list[Any]:
        return [line for form in formset.forms if not form.removed() and (line := form.line()) is not None]

    def content_fields(self) -> dict[str, Any]:
        return {name: self.form.cleaned_data[name] for name in CONTENT_FIELDS}

    def figures(self) -> rules.Figures | None:
        """The guide's view of the figures typed so far (invalid ones left out); None without a carrier."""
        kind = self.form.carrier_kind()
        if kind is None:
            return None
        costs = [(category, amount) for category, _description, amount in self.lines(self.costs)]
        financing = [(source, amount) for source, _funder, amount in self.lines(self.financing)]
        requested = self.form.cleaned_data.get("requested_amount") if hasattr(self.form, "cleaned_data") else None
        return rules.Figures(carrier_kind=kind, costs=costs, requested=requested or ZERO, financing=financing)


ProjectSheet.LINE_FORMS = {"costs": CostLineForm, "financing": FinancingLineForm, "partners": PartnerLineForm}
#: The most lines a table takes (Django's formsets refuse more than their absolute maximum).
MAX_LINES = 200


def formset_class(prefix: str) -> type[LineFormSet]:
    """The formset of one table of the project form (`costs`, `financing` or `partners`) or of
    the agreement's terms (`instalments`, `reports`)."""
    sheet: Any = TermsSheet if prefix in TermsSheet.LINE_FORMS else ProjectSheet
    return forms.formset_factory(  # type: ignore[return-value]
        sheet.LINE_FORMS[prefix],
        formset=LineFormSet,
        extra=sheet.BLANK_LINES[prefix],
        can_delete=True,
        max_num=MAX_LINES,
        absolute_max=MAX_LINES,
    )


def with_added_line(data: Any, add_line: str | None, tables: Any) -> Any:
    """Without JavaScript, "add a line" posts the form: it comes back with one more line in that table."""
    if data is None or add_line not in tables:
        return data
    data = data.copy()
    key = f"{add_line}-TOTAL_FORMS"
    data[key] = str(line_count(data.get(key)) + 1)
    return data


def line_count(value: Any) -> int:
    """A table's number of lines as the page sends it, within 0 and MAX_LINES - 1."""
    text = str(value or "")
    return min(int(text), MAX_LINES - 1) if text.isdigit() else 0


def lines_of(project: Project) -> dict[str, list[dict[str, Any]]]:
    return {
        "costs": [
            {"category": c.category, "description": c.description, "amount": c.amount}
            for c in project.costs.all()  # type: ignore[attr-defined]
        ],
        "financing": [
            {"source": f.source, "funder": f.funder, "amount": f.amount}
            for f in project.financing.all()  # type: ignore[attr-defined]
        ],
        "partners": [
            {"organisation": p.organisation.name, "role": p.role}
            for p in project.partner_links.select_related("organisation")  # type: ignore[attr-defined]
        ],
    }


# --- The pipeline's forms ----------------------------------------------------------------------


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The carrier reads it."),
    )


class PublicationForm(Form):
    """A granted project's public page (decision 54): its summary for the public, in French and in
    English if the ministry wishes, and why (optional: publishing is the ministry's usual step)."""

    public_summary = forms.CharField(
        label=_("Public summary (French)"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What was financed and for whom, in a few sentences the public understands. Never a person's name."
        ),
    )
    public_summary_en = forms.CharField(
        label=_("Public summary (English)"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "en"}),
        help_text=_("Optional: without it, the English page shows the French summary."),
    )
    reason = forms.CharField(
        label=_("Note"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: kept in the project's history."),
    )


class ReturnForm(ReasonForm):
    """A return for changes; from the ministry's analysis, it says where the resubmission goes."""

    needs_committees = forms.BooleanField(
        label=_("The changes need a new decision of the committees"),
        required=False,
        help_text=_(
            "Unticked, the resubmitted project comes back to the ministry's analysis; "
            "ticked, it goes before the niche committee and the regional committee again."
        ),
    )

    def __init__(self, *args: Any, project: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if project.status != "analysis":
            del self.fields["needs_committees"]


class AnalysisForm(Form):
    notes = forms.CharField(label=_("Analyst notes"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    recommended_amount = NumberField(label=_("Recommended amount"), required=False, **MONEY)

    def __init__(self, *args: Any, items: list[rules.ChecklistItem], project: Project, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "notes": project.analysis_notes,
                "recommended_amount": project.recommended_amount,
                **{f"check_{key}": bool(value) for key, value in (project.checklist or {}).items()},
            },
        )
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            if item.ok is None:
                verdict = _("The guide cannot tell.")
            elif item.ok:
                verdict = _("The guide's check finds it respected.")
            else:
                verdict = _("The guide's check finds a problem.")
            self.fields[f"check_{item.key}"] = forms.BooleanField(label=item.label, required=False, help_text=verdict)
        # The checklist first, then the notes and the amount.
        self.order_fields([f"check_{item.key}" for item in items])

    def checklist(self) -> dict[str, bool]:
        return {item.key: bool(self.cleaned_data.get(f"check_{item.key}")) for item in self.items}


class GrantForm(Form):
    amount = NumberField(
        label=_("Aid granted"),
        help_text=_("Committed against the region's envelope; above the guide's threshold, a second officer signs."),
        **MONEY,
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Required when the aid takes a niche above its fair share of the envelope plus the margin:"
            " the reasons are kept with the grant and shown on the dashboard."
        ),
    )


class AgreementForm(Form):
    signed_on = forms.DateField(label=_("Agreement signed on"), widget=DATE, initial=timezone.localdate)


# --- The agreement's terms: conditions, holdback, payment schedule, reporting dates (decision 32) ---


class InstalmentLineForm(LineForm):
    milestone = forms.CharField(label=_("Milestone"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Claimable from"), widget=DATE, required=False)
    amount = NumberField(label=_("Amount"), required=False, **MONEY)

    REQUIRED = (
        ("milestone", _("Name the milestone that releases this instalment.")),
        ("due_on", _("Enter the date from which it may be claimed.")),
        ("amount", _("Enter the amount.")),
    )

    def line(self) -> workflow.Instalment | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("milestone") and data.get("due_on") and data.get("amount") is not None:
            return workflow.Instalment(data["milestone"], data["due_on"], data["amount"])
        return None


class ReportLineForm(LineForm):
    report = forms.CharField(label=_("Report"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DATE, required=False)

    REQUIRED = (("report", _("Name the report.")), ("due_on", _("Enter the date it is due.")))

    def line(self) -> workflow.ReportDue | None:
        data = getattr(self, "cleaned_data", {})
        if data.get("report") and data.get("due_on"):
            return workflow.ReportDue(data["report"], data["due_on"])
        return None


class TermsForm(Form):
    conditions = forms.CharField(
        label=_("Particular conditions"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10000,
        help_text=_("What the carrier undertakes beyond the fund guide; printed in the agreement."),
    )
    holdback_rate = NumberField(
        label=_("Holdback (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("50"),
        max_digits=4,
        decimal_places=1,
        help_text=_("The share of the aid paid only once the final report is accepted (0 to 50 %)."),
    )


def proposed_terms(project: Project, today: Any = None) -> dict[str, Any]:
    """A first draft of the terms for a project without any: half of the aid at signature, 40 %
    at mid-term, the 10 % holdback on acceptance of the final report, due three months after
    the project ends; every date on or after the grant."""
    granted = project.granted_amount or ZERO
    start = max(today or timezone.localdate(), project.starts_on)
    middle = max(start, project.starts_on + (project.ends_on - project.starts_on) / 2)
    report_due = max(start, project.ends_on + datetime.timedelta(days=90))
    first = (granted / 2).quantize(Decimal("0.01"))
    kept = workflow.holdback(granted, Decimal("10"))
    return {
        "conditions": "",
        "holdback_rate": Decimal("10.0"),
        "instalments": [
            {"milestone": _("Signature of the agreement"), "due_on": start, "amount": first},
            {"milestone": _("Mid-term progress report"), "due_on": middle, "amount": granted - first - kept},
            {"milestone": _("Final report accepted (holdback)"), "due_on": max(start, project.ends_on), "amount": kept},
        ],
        "reports": [
            {"report": _("Mid-term progress report"), "due_on": middle},
            {"report": _("Final report"), "due_on": report_due},
        ],
    }


def terms_of(agreement: Agreement) -> dict[str, Any]:
    return {
        "conditions": agreement.conditions,
        "holdback_rate": agreement.holdback_rate,
        "instalments": [
            {"milestone": line.milestone, "due_on": line.due_on, "amount": line.amount}
            for line in agreement.instalments.all()  # type: ignore[attr-defined]
        ],
        "reports": [
            {"report": line.report, "due_on": line.due_on}
            for line in agreement.reporting_dates.all()  # type: ignore[attr-defined]
        ],
    }


class TermsSheet:
    """The agreement's terms: the form and its two tables (schedule, reporting dates), read together."""

    BLANK_LINES = {"instalments": 1, "reports": 1}
    LINE_FORMS: dict[str, type[LineForm]] = {"instalments": InstalmentLineForm, "reports": ReportLineForm}

    def __init__(
        self, data: Any = None, *, project: Project, agreement: Agreement | None, add_line: str | None = None
    ) -> None:
        data = with_added_line(data, add_line, self.BLANK_LINES)
        initial = terms_of(agreement) if agreement is not None else proposed_terms(project)
        self.form = TermsForm(
            data, initial={"conditions": initial["conditions"], "holdback_rate": initial["holdback_rate"]}
        )
        self.instalments = formset_class("instalments")(data, prefix="instalments", initial=initial["instalments"])
        self.reports = formset_class("reports")(data, prefix="reports", initial=initial["reports"])

    @property
    def formsets(self) -> list[Any]:
        return [self.instalments, self.reports]

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), *(formset.is_valid() for formset in self.formsets)]
        return all(results)

    @property
    def line_errors(self) -> bool:
        return self.form.is_bound and any(formset.total_error_count() for formset in self.formsets)

    def lines(self, formset: Any) -> list[Any]:
        return [line for form in formset.forms if not form.removed() and (line := form.line()) is not None]


class ProjectDocumentForm(Form):
    """A document for the project: of a type the guide requires (a new version replaces the one filed), or another."""

    kind = forms.ChoiceField(
        label=_("Type of document"),
        required=False,
        help_text=_("A document the fund guide requires is recognised by its type; a new one replaces the one filed."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=ProjectDocument._meta.get_field("title").max_length,  # type: ignore[arg-type]
        required=False,
        help_text=_("Required for another document; by default, the type's name."),
    )
    replaces = forms.TypedChoiceField(
        label=_("Replaces"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("The previous version stays in the file's history."),
    )
    file = forms.FileField(label=_("File"), help_text=_("PDF, office document, text or CSV; 20 MB at most."))
    audience = forms.ChoiceField(
        label=_("Who may read it"),
        required=False,
        help_text=_(
            "By default, a document the fund guide requires is the carrier's; another one stays with"
            " the committees or the staff who file it."
        ),
    )

    def __init__(
        self,
        *args: Any,
        audiences: list[str],
        required: Sequence[str] = (),
        documents: Sequence[ProjectDocument] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if len(audiences) <= 1:
            # A carrier's documents are the carrier's: nothing to choose.
            del self.fields["audience"]
        else:
            self.fields["audience"].choices = [  # type: ignore[attr-defined]
                ("", _("By the kind of document")),
                *[(a, Audience(a).label) for a in audiences],
            ]
        self.documents = {document.pk: document for document in documents}
        self.fields["kind"].choices = [("", _("Another document")), *((title, title) for title in required)]  # type: ignore[attr-defined]
        self.fields["replaces"].choices = [  # type: ignore[attr-defined]
            ("", _("Nothing: a new document")),
            *((document.pk, document.title) for document in documents),
        ]
        if not required:
            del self.fields["kind"]
        if not documents:
            del self.fields["replaces"]

    def clean_file(self) -> Any:
        return check_document(self.cleaned_data["file"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data.setdefault("audience", "")
        if not data.get("kind") and not (data.get("title") or "").strip() and "title" not in self.errors:
            replaced = self.documents.get(data.get("replaces") or 0)
            if replaced is None:
                self.add_error("title", _("Give the document a title, or choose its type."))
            else:
                data["title"] = replaced.title
        return data

    def replaced(self) -> ProjectDocument | None:
        return self.documents.get(self.cleaned_data.get("replaces") or 0)


class ClaimForm(Form):
    amount = NumberField(label=_("Amount claimed"), **MONEY)
    claim = forms.CharField(
        label=_("Claim"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("What the instalment pays for.")
    )
    proof = forms.FileField(
        label=_("Proof"), help_text=_("Invoices or a statement of expenses (PDF, office document).")
    )

    def clean_proof(self) -> Any:
        return check_document(self.cleaned_data["proof"])


class DecideClaimForm(Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("pay", _("Pay")), ("reject", _("Reject"))])
    amount = NumberField(
        label=_("Amount paid"),
        required=False,
        help_text=_("Leave blank to pay the whole claim. Less than the claim: the rest is closed as not paid."),
        **MONEY,
    )
    note = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required to pay less than the claim or to reject it: the carrier reads it."),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several documents in one field, each checked as any project document; none is fine."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        return [check_document(super(DocumentsField, self).clean(file, initial)) for file in files if file]


class CloseForm(Form):
    """Accept the final report: the final payment (the holdback due, unless another amount is
    entered with the reason), then the project is closed."""

    final_payment = NumberField(
        label=_("Final payment"),
        required=False,
        help_text=_("Leave blank to pay the holdback due. Another amount takes a reason."),
        **MONEY,
    )
    note = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("Required when the final payment is not the holdback due: the carrier reads it."),
    )


def report_field(key: str, help_text: Any = "") -> Any:
    """A figure of impact of the final report (funding.impact), required, labelled as the tables show it."""
    return impact_field(f"actual_{key}", required=True, label=impact.BY_KEY[key].label, help_text=help_text)


class FinalReportForm(Form):
    """The final report: the actual cost, the figures of impact, what the project achieved.

    Given the project, each figure says what the project expected, and a report the ministry
    returned comes back filled in as it was submitted.
    """

    actual_cost = NumberField(label=_("Actual cost"), error_messages=MONEY_ERRORS, **MONEY)
    actual_jobs = report_field("jobs")
    actual_jobs_kept = report_field(
        "jobs_kept", _("Existing jobs the project helped keep; they do not count among the jobs created.")
    )
    actual_investment = report_field(
        "investment", _("What the carrier, its partner companies and private lenders invested.")
    )
    actual_public_investment = report_field(
        "public_investment", _("Public money invested: the FSDCE aid received and the other public aid.")
    )
    actual_sales = report_field("sales")
    actual_export_sales = report_field("export_sales", _("The part of the additional sales made outside Québec."))
    actual_export_contracts = report_field(
        "export_contracts", _("New contracts signed with customers outside Québec (0 if none).")
    )
    actual_export_contracts_amount = report_field("export_contracts_amount", _("Their total value (0 if none)."))
    actual_companies = report_field("companies")
    final_report = forms.CharField(
        label=_("Final report"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the project achieved, against its objectives."),
    )
    attachments = DocumentsField(
        label=_("Attachments"),
        help_text=_("Optional: the report's supporting documents (PDF, office document, text or CSV; 20 MB each)."),
    )

    def __init__(self, *args: Any, project: Project | None = None, **kwargs: Any) -> None:
        if project is not None:
            kwargs.setdefault("initial", reported_of(project))
        super().__init__(*args, **kwargs)
        if project is None:
            return
        for line in impact.lines(project):
            field = self.fields[line.figure.field(impact.ACTUAL)]
            shown = format_money(line.expected) if line.money else line.expected
            expected = _("Expected: %(value)s.") % {"value": shown}
            field.help_text = format_lazy("{} {}", field.help_text, expected) if field.help_text else expected

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        add_impact_errors(self, impact.ACTUAL)
        return data


def reported_of(project: Project) -> dict[str, Any]:
    """What the project's final report gave (a report returned to the carrier is sent again)."""
    names = ("actual_cost", *impact.fields(impact.ACTUAL), "final_report")
    return {name: value for name in names if (value := getattr(project, name)) not in (None, "")}


# --- The program's settings: envelopes, equity, periods, the fund guide, delegations ---------------

REASON_HELP = _("Kept in the history of the change.")


def reason_input(label: Any = None) -> forms.CharField:
    return forms.CharField(label=label or _("Reason for the change"), max_length=300, help_text=REASON_HELP)


# --- Envelopes -------------------------------------------------------------------------------


class EnvelopeForm(forms.Form):
    amount = money_input(_("Amount of the envelope"))
    equity_margin = rate_input(
        _("Equity margin (%)"),
        help_text=_("How far above its fair share a niche may go before the regional committee is warned."),
    )
    reason = reason_input()


class EquityForm(forms.Form):
    """One weight per active niche of the region: a niche's target is its weight over the sum of weights."""

    reason = reason_input()

    def __init__(self, *args: Any, creneaux: list[Creneau], weights: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.creneaux = creneaux
        reason = self.fields.pop("reason")
        for creneau in creneaux:
            self.fields[f"weight_{creneau.pk}"] = NumberField(
                label=creneau.name,
                max_digits=6,
                decimal_places=2,
                min_value=0,
                initial=weights.get(creneau.pk, 1),
                error_messages={"min_value": _("A weight cannot be negative.")},
            )
        self.fields["reason"] = reason

    def weights(self) -> dict[int, Any]:
        return {creneau.pk: self.cleaned_data[f"weight_{creneau.pk}"] for creneau in self.creneaux}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get(f"weight_{creneau.pk}") for creneau in self.creneaux]
        if values and all(value is not None for value in values) and not any(values):
            raise forms.ValidationError(_("At least one niche needs a weight above zero."))
        return data


# --- Periods ---------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=20, help_text=_("Letters, digits and hyphens, for example 2029-2034.")
    )
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", _("A period ends after it starts."))
        return data


# --- The fund guide --------------------------------------------------------------------------


class GuideForm(forms.Form):
    """A new version of the guide, filled in from the one in force."""

    in_force_from = forms.DateField(label=_("In force from"), widget=DATE)
    eligible_carrier_kinds = forms.MultipleChoiceField(
        label=_("Organisations that may carry a project"),
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of organisation.")},
    )
    eligible_cost_categories = forms.MultipleChoiceField(
        label=_("Eligible costs"),
        choices=CostCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one category of costs.")},
    )
    max_rate_enterprise = rate_input(_("Maximum aid rate for an enterprise (%)"))
    max_rate_organisation = rate_input(_("Maximum aid rate for another organisation (%)"))
    public_cap_enterprise = rate_input(_("Cumulative public aid cap for an enterprise (%)"))
    public_cap_organisation = rate_input(_("Cumulative public aid cap for another organisation (%)"))
    min_amount = money_input(_("Minimum aid"))
    max_amount = money_input(_("Maximum aid"))
    second_signature_above = money_input(
        _("Second ministry signature above"),
        help_text=_("A grant above this amount takes the signatures of two ministry officers."),
    )
    required_documents = forms.CharField(
        label=_("Required documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One document per line, as the carrier will title it."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, latest: FundGuide | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latest = latest

    def clean_required_documents(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data.get("required_documents", "").splitlines())
        titles: list[str] = []
        for line in lines:
            if line and line not in titles:
                titles.append(line)
        return titles

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_amount"), data.get("max_amount")
        if low is not None and high is not None and high < low:
            self.add_error("max_amount", _("The maximum aid cannot be below the minimum."))
        latest = self.latest
        if latest is not None and data.get("in_force_from") and data["in_force_from"] < latest.in_force_from:
            self.add_error(
                "in_force_from",
                _("A new version comes into force on or after the version before it (%(date)s).")
                % {"date": formats.date_format(latest.in_force_from, "DATE_FORMAT")},
            )
        return data


def guide_initial(guide: FundGuide | None) -> dict[str, Any]:
    """The form's starting values: the given version's rules, or the model's defaults."""
    source = guide or FundGuide()
    initial = {name: getattr(source, name) for name in GUIDE_FIELDS if name != "in_force_from"}
    initial["required_documents"] = "\n".join(source.required_documents or [])
    return initial


# --- Delegations -----------------------------------------------------------------------------


class DelegationForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    period = forms.ModelChoiceField(label=_("Period"), queryset=ProgramPeriod.objects.none())
    up_to = money_input(
        _("Up to"), help_text=_("The regional committee grants the projects whose aid is at most this amount.")
    )
    reason = reason_input(_("Reason"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("code")  # type: ignore[attr-defined]
        self.fields["period"].queryset = ProgramPeriod.objects.order_by("-starts_on")  # type: ignore[attr-defined]

    def clean_up_to(self) -> Any:
        value = self.cleaned_data["up_to"]
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Enter a positive amount."))
        return value


class RevokeForm(forms.Form):
    reason = reason_input(_("Why the delegation is revoked"))


class SimilarSearchForm(forms.Form):
    """The text staff compare with the program's projects (decision 56)."""

    text = forms.CharField(
        label=_("Title or description of a project"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Type what a project is about, in your own words: rewordings and synonyms are found."),
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if "\x00" in text:
            raise forms.ValidationError(_("The text holds a null character: remove it."))
        return text


# --- The program's history (decision 55) ----------------------------------------------------------

#: The largest file of the program's history the page and the API take (the command takes any).
HISTORY_MAX_BYTES = 10 * 1024 * 1024
#: A file of the program's history: a spreadsheet saved as CSV or Excel, or JSON Lines.
HISTORY_FILE_KINDS = (files.CSV, files.XLSX, files.FileKind("JSON Lines", (".jsonl", ".ndjson"), ()))


class HistoryImportForm(forms.Form):
    """The file of past projects the ministry uploads; its rows are checked by funding.imports."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8, comma or semicolon), Excel (.xlsx) or JSON Lines (.jsonl), one project a row, "
            "the column names on the first row; 10 MB at most (the command takes larger files)."
        ),
    )

    def clean_file(self) -> Any:
        return files.check_upload(self.cleaned_data["file"], kinds=HISTORY_FILE_KINDS, max_bytes=HISTORY_MAX_BYTES)
