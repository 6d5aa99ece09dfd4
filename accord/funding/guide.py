"""The fund guide's rules, checked on a project's figures. Pure: no database.

The same checks run while the carrier fills in the form (each problem in plain words,
saying what to change), when the project is submitted, and when the ministry grants an
amount, so a granted project can never exceed its aid rate or the cumulative public-aid cap.
What the guide only says for information (a cost it does not accept counts in the project's
cost, not in the aid) is a note, never a problem: it does not stop a submission.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from accord.core.i18n import format_number, message, number, render_message
from accord.core.money import CENT
from accord.core.text import normalize

from .models import ZERO, CostCategory, FinancingSource, FundGuide


def percent(value: Decimal) -> str:
    """A rate for a message: 40, not 40.00; 12,5 in French."""
    return format_number(value)


@dataclass(frozen=True)
class Figures:
    """What the guide looks at in a project."""

    carrier_kind: str
    costs: Sequence[tuple[str, Decimal]]
    requested: Decimal
    financing: Sequence[tuple[str, Decimal]] = ()
    documents: Sequence[str] = ()

    @property
    def total_cost(self) -> Decimal:
        return sum((amount for _category, amount in self.costs), ZERO)

    def eligible_cost(self, guide: FundGuide) -> Decimal:
        allowed = set(guide.eligible_cost_categories)
        return sum((amount for category, amount in self.costs if category in allowed), ZERO)

    def financed(self, source: str) -> Decimal:
        return sum((amount for kind, amount in self.financing if kind == source), ZERO)


#: The guide's sentences, stored as message keys where a service keeps them (a refused grant's
#: timeline entry), so that each reader reads them in their language (accord.core.i18n).
MESSAGES = {
    "funding.guide.carrier_kind": gettext_lazy(
        "The fund guide does not allow this kind of organisation to carry a project:"
        " choose a carrier of a kind the guide accepts."
    ),
    "funding.guide.ineligible_costs": gettext_lazy(
        "“%(category)s” costs are not eligible: they count in the project's cost but not in the aid."
    ),
    "funding.guide.no_budget": gettext_lazy("Enter the project's budget: at least one cost."),
    "funding.guide.above_rate": gettext_lazy(
        "The aid is at most %(rate)s %% of the eligible costs, that is %(max)s: lower the aid or add eligible costs."
    ),
    "funding.guide.above_public_cap": gettext_lazy(
        "With the other public aid, public funding may not exceed %(cap)s %% of the eligible costs:"
        " the fund can add at most %(max)s. Lower the aid or the other public funding."
    ),
    "funding.guide.below_minimum": gettext_lazy("The aid is at least %(min)s: raise the amount."),
    "funding.guide.above_maximum": gettext_lazy("The aid is at most %(max)s: lower the amount."),
    "funding.guide.unbalanced": gettext_lazy(
        "The financing plan (%(financed)s) must equal the project's cost (%(cost)s):"
        " correct the financing lines or the budget."
    ),
    "funding.guide.missing_document": gettext_lazy("Attach the required document “%(title)s”."),
}


@dataclass(frozen=True)
class Problem:
    """A rule the project breaks, on the field to correct: `text` is the stored message (key and
    parameters), read in the active language as `message`."""

    field: str
    text: dict[str, Any]

    @property
    def message(self) -> str:
        return render_message(self.text)


def _problem(field_name: str, key: str, **params: Any) -> Problem:
    return Problem(field_name, message(key, **params))


@dataclass
class Report:
    """The guide's verdict: the problems, the notes (information only), and the amounts the rules allow."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    max_by_rate: Decimal = ZERO
    max_by_cap: Decimal = ZERO
    max_aid: Decimal = ZERO

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_field(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for problem in self.problems:
            grouped.setdefault(problem.field, []).append(problem.message)
        return grouped


def _floor(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_DOWN)


def limits(guide: FundGuide, figures: Figures) -> tuple[Decimal, Decimal]:
    """The most aid the rate allows, and the most the cumulative public-aid cap leaves."""
    eligible = figures.eligible_cost(guide)
    by_rate = _floor(eligible * guide.max_rate(figures.carrier_kind) / 100)
    other_public = figures.financed(FinancingSource.PUBLIC)
    by_cap = max(ZERO, _floor(eligible * guide.public_cap(figures.carrier_kind) / 100) - other_public)
    return by_rate, by_cap


def check(guide: FundGuide, figures: Figures, *, amount: Decimal | None = None, complete: bool = True) -> Report:
    """Check the project against the guide, for the aid requested or for `amount` (a grant).

    `complete=False` leaves out what a draft may still lack (documents, a balanced plan).
    """
    aid = figures.requested if amount is None else amount
    aid_field = "requested_amount" if amount is None else "amount"
    report = Report()
    problems = report.problems
    kinds = set(guide.eligible_carrier_kinds)
    if figures.carrier_kind not in kinds:
        problems.append(_problem("carrier", "funding.guide.carrier_kind"))
    ineligible = sorted(
        {category for category, amount in figures.costs if category not in guide.eligible_cost_categories and amount}
    )
    for category in ineligible:
        # Information, not a refusal: the rate and the caps are simply computed without them.
        report.notes.append(_problem("costs", "funding.guide.ineligible_costs", category=CostCategory(category)))
    if not figures.costs or figures.total_cost <= 0:
        problems.append(_problem("costs", "funding.guide.no_budget"))
    report.max_by_rate, report.max_by_cap = limits(guide, figures)
    report.max_aid = min(report.max_by_rate, report.max_by_cap, guide.max_amount)
    rate = guide.max_rate(figures.carrier_kind)
    if aid > report.max_by_rate:
        problems.append(_problem(aid_field, "funding.guide.above_rate", rate=number(rate), max=report.max_by_rate))
    if aid > report.max_by_cap:
        cap = number(guide.public_cap(figures.carrier_kind))
        problems.append(_problem(aid_field, "funding.guide.above_public_cap", cap=cap, max=report.max_by_cap))
    if aid < guide.min_amount:
        problems.append(_problem(aid_field, "funding.guide.below_minimum", min=guide.min_amount))
    if aid > guide.max_amount:
        problems.append(_problem(aid_field, "funding.guide.above_maximum", max=guide.max_amount))
    if complete:
        financed = figures.requested + sum((amount for _source, amount in figures.financing), ZERO)
        if financed != figures.total_cost:
            problems.append(
                _problem("financing", "funding.guide.unbalanced", financed=financed, cost=figures.total_cost)
            )
        for title in missing_documents(guide, figures.documents):
            problems.append(_problem("documents", "funding.guide.missing_document", title=title))
    return report


def missing_documents(guide: FundGuide, filed: Iterable[str]) -> list[str]:
    """The guide's required documents not found among the filed titles (accents and case aside)."""
    have = {normalize(title) for title in filed}
    return [title for title in guide.required_documents if normalize(title) not in have]


# --- The ministry's analysis ---------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """A point of the guide the analyst checks, with what the guide's own check found (None: cannot tell)."""

    key: str
    label: Any
    ok: bool | None


CHECKLIST: tuple[tuple[str, Any], ...] = (
    ("carrier_eligible", gettext_lazy("The carrier is eligible")),
    ("costs_eligible", gettext_lazy("The costs are eligible")),
    ("rate_respected", gettext_lazy("The aid rate is respected")),
    ("cap_respected", gettext_lazy("The cumulative public-aid cap is respected")),
    ("amount_within_limits", gettext_lazy("The aid is within the guide's minimum and maximum")),
    ("documents_present", gettext_lazy("The required documents are filed")),
)


def checklist(guide: FundGuide | None, figures: Figures | None) -> list[ChecklistItem]:
    """The guide's eligibility points, each with the automatic verdict when the guide can tell."""
    if guide is None or figures is None:
        return [ChecklistItem(key, label, None) for key, label in CHECKLIST]
    by_rate, by_cap = limits(guide, figures)
    aid = figures.requested
    verdicts = {
        "carrier_eligible": figures.carrier_kind in guide.eligible_carrier_kinds,
        "costs_eligible": not any(
            amount and category not in guide.eligible_cost_categories for category, amount in figures.costs
        ),
        "rate_respected": aid <= by_rate,
        "cap_respected": aid <= by_cap,
        "amount_within_limits": guide.min_amount <= aid <= guide.max_amount,
        "documents_present": not missing_documents(guide, figures.documents),
    }
    return [ChecklistItem(key, label, verdicts[key]) for key, label in CHECKLIST]
