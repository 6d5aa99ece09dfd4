"""The impact (retombées) of a project: the figures it expects when it is drafted, those its final
report gives, their labels, and the rules that keep a set of them coherent (decision 40). Pure: no
database.

Each figure has an expected field (`expected_<key>`, 0 unless typed) and a reported one
(`actual_<key>`, None until the final report gives it). The bilans add them up over the projects
closed in a year. `investment` is the private investment (the column kept from before investment
was split, decision 40) and `public_investment` the public one, the FSDCE aid included. Export
sales are the part of the additional sales made outside Québec; export contracts are new
contracts with customers outside Québec, counted and valued.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accord.core.money import format_money

EXPECTED = "expected"
ACTUAL = "actual"


@dataclass(frozen=True)
class Figure:
    """One measure of impact: its key, its label, whether it is an amount of money, and the
    figure it is a part of (export sales are part of the additional sales)."""

    key: str
    label: Promise
    money: bool = False
    part_of: str = ""

    def field(self, side: str) -> str:
        """The field holding it: `expected_<key>` or `actual_<key>`."""
        return f"{side}_{self.key}"


FIGURES: tuple[Figure, ...] = (
    Figure("jobs", _("Jobs created")),
    Figure("jobs_kept", _("Jobs kept")),
    Figure("investment", _("Private investment"), money=True),
    Figure("public_investment", _("Public investment"), money=True),
    Figure("sales", _("Additional sales"), money=True),
    Figure("export_sales", _("Export sales"), money=True, part_of="sales"),
    Figure("export_contracts", _("Export contracts")),
    Figure("export_contracts_amount", _("Amount of the export contracts"), money=True),
    Figure("companies", _("Companies reached")),
)
BY_KEY = {figure.key: figure for figure in FIGURES}

#: The figures added by decision 40: a final report submitted before gives none of them.
ADDED = ("jobs_kept", "public_investment", "export_sales", "export_contracts", "export_contracts_amount")


def fields(side: str, keys: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The names of the fields of one side (`expected` or `actual`), in the order they are shown."""
    return tuple(figure.field(side) for figure in FIGURES if keys is None or figure.key in keys)


@dataclass(frozen=True)
class Line:
    """A row of an impact table: a figure, what was expected and what was reported (None: not given)."""

    figure: Figure
    expected: Any
    actual: Any

    @property
    def label(self) -> Promise:
        return self.figure.label

    @property
    def money(self) -> bool:
        return self.figure.money

    @property
    def part(self) -> bool:
        """A part of the line above it (export sales of the additional sales): shown as such."""
        return bool(self.figure.part_of)

    @property
    def expected_text(self) -> str:
        return self._text(self.expected)

    @property
    def actual_text(self) -> str:
        return self._text(self.actual)

    def _text(self, value: Any) -> str:
        """As the reader's language writes it; "—" when not given."""
        if value is None:
            return "—"
        return format_money(Decimal(value)) if self.money else str(value)


def lines(source: Any) -> list[Line]:
    """The impact table of anything holding the `expected_…` and `actual_…` figures: a project, a
    bilan's impact part. A figure the source does not hold (an older snapshot) reads as None."""
    return [
        Line(figure, getattr(source, figure.field(EXPECTED), None), getattr(source, figure.field(ACTUAL), None))
        for figure in FIGURES
    ]


def refusals(values: Mapping[str, Any], side: str) -> dict[str, str]:
    """Why these figures of one side do not hold together, by field name; empty when they do.

    A figure absent or None is not checked (an expected figure left blank counts as 0, a final
    report submitted before decision 40 has no export figures). Rules: no figure is negative; export
    sales are at most the additional sales they are part of; export contracts have an amount, and an
    amount has the contracts it comes from.
    """
    problems: dict[str, str] = {}

    def value(key: str) -> Any:
        return values.get(BY_KEY[key].field(side))

    for figure in FIGURES:
        number = value(figure.key)
        if number is not None and number < 0:
            problems[figure.field(side)] = str(
                _("An amount cannot be negative.") if figure.money else _("A number cannot be negative.")
            )
    export, sales = value("export_sales"), value("sales")
    if export is not None and sales is not None and sales >= 0 and export > sales:
        problems.setdefault(
            BY_KEY["export_sales"].field(side),
            str(
                _("Export sales are part of the additional sales: at most %(sales)s.")
                % {"sales": format_money(Decimal(sales))}
            ),
        )
    count, amount = value("export_contracts"), value("export_contracts_amount")
    if count is not None and amount is not None:
        if count > 0 and amount == 0:
            problems.setdefault(
                BY_KEY["export_contracts_amount"].field(side), str(_("Give the amount of the export contracts."))
            )
        elif amount > 0 and count == 0:
            problems.setdefault(
                BY_KEY["export_contracts"].field(side),
                str(_("Give the number of export contracts this amount comes from (at least 1).")),
            )
    return problems
