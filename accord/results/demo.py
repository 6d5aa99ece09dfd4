"""Results demonstration data: the ministry's common indicators, targets in every demo plan, and
three years of values for every niche that has a plan: the two older years approved, the latest
submitted and awaiting approval (in the ministry's queue).

Written through the services: the technical administrator (program-wide) reports and submits,
the ministry's demo account approves (whoever submits never approves). The figures vary from
niche to niche so that the table shows every verdict. Safe to run again: an indicator, a target
or a value that exists is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.planning.models import Plan
from accord.registry.demo import DEMO_DOMAIN
from accord.registry.models import Creneau

from . import selectors, services
from .models import Direction, Indicator, IndicatorTarget, IndicatorValue, Unit

ORDER = 35  # after the plans (25) and the fund (30)
REASON = "Données de démonstration"
CENT = Decimal("0.01")

# (code, French, English, unit, cumulative, source, a niche's yearly figure to start from)
COMMON = [
    (
        "entreprises-membres",
        "Entreprises membres",
        "Member enterprises",
        Unit.COUNT,
        False,
        "Registre du créneau",
        "40",
    ),
    ("emplois", "Emplois créés", "Jobs created", Unit.COUNT, True, "Sondage annuel auprès des entreprises", "25"),
    ("investissements", "Investissements", "Investment", Unit.DOLLARS, True, "Projets soutenus et sondage", "1500000"),
    ("ventes-export", "Ventes à l'exportation", "Export sales", Unit.DOLLARS, False, "Sondage annuel", "12000000"),
    ("projets-finances", "Projets financés", "Projects funded", Unit.COUNT, True, "Fonds FSDCE", "4"),
    ("effet-levier", "Effet de levier", "Leverage", Unit.RATIO, False, "Montage financier des projets", "2.5"),
    ("activites", "Activités tenues", "Events held", Unit.COUNT, False, "Registre des activités", "6"),
    ("participation", "Participants aux activités", "Attendance", Unit.PEOPLE, False, "Registre des activités", "180"),
    ("personnes-formees", "Personnes formées", "People trained", Unit.PEOPLE, True, "Registre des formations", "60"),
]
# How a niche's year compares with its plan's pace: ahead, just short, well short.
PACES = [Decimal("1.08"), Decimal("0.95"), Decimal("0.80")]


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    ministry = User.objects.get(email=f"ministere@{DEMO_DOMAIN}")
    with transaction.atomic():
        indicators = _common(admin)
        plans = [p for p in (selectors.current_plan(c, today) for c in _creneaux_with_plans()) if p is not None]
        for index, plan in enumerate(plans):
            _targets(admin, plan, indicators)
            _values(admin, ministry, plan, indicators, index, today)
    stdout.write(
        f"  {len(indicators)} common indicators, {IndicatorValue.objects.count()} values for {len(plans)} niches"
    )
    return []


def _creneaux_with_plans() -> list[Creneau]:
    return list(Creneau.objects.filter(pk__in=Plan.objects.values("creneau_id")).order_by("slug"))


def _common(admin: User) -> list[tuple[Indicator, Decimal]]:
    existing = {i.code: i for i in Indicator.objects.filter(plan__isnull=True)}
    found = []
    for position, (code, name_fr, name_en, unit, cumulative, source, base) in enumerate(COMMON, start=1):
        indicator = existing.get(code) or services.define_indicator(
            actor=admin,
            data={
                "code": code,
                "name_fr": name_fr,
                "name_en": name_en,
                "unit": unit,
                "direction": Direction.INCREASE,
                "cumulative": cumulative,
                "source": source,
                "position": position,
            },
            reason=REASON,
        )
        found.append((indicator, Decimal(base)))
    return found


def _exact(indicator: Indicator) -> Decimal:
    """Cents for dollars and ratios; whole enterprises, jobs and people."""
    return CENT if indicator.unit in (Unit.DOLLARS, Unit.RATIO) else Decimal(1)


def _pace(indicator: Indicator, base: Decimal, k: int) -> Decimal:
    """The plan's expectation by its k-th year: 10 % more a year, or for a cumulative indicator the
    running total of 1.1 times the base a year."""
    if indicator.cumulative:
        return (base * k * Decimal("1.1")).quantize(_exact(indicator))
    return (base * (1 + Decimal("0.1") * k)).quantize(_exact(indicator))


def _targets(admin: User, plan: Plan, indicators: list[tuple[Indicator, Decimal]]) -> None:
    if IndicatorTarget.objects.filter(plan=plan).exists():
        return
    for indicator, base in indicators:
        for k, year in enumerate(range(plan.first_year, plan.last_year + 1), start=1):
            services.set_target(plan, indicator, actor=admin, year=year, value=_pace(indicator, base, k), reason=REASON)


def _values(
    admin: User,
    ministry: User,
    plan: Plan,
    indicators: list[tuple[Indicator, Decimal]],
    index: int,
    today: datetime.date,
) -> None:
    creneau = plan.creneau
    taken = set(IndicatorValue.objects.filter(creneau=creneau).values_list("indicator_id", "year"))
    for number, (indicator, base) in enumerate(indicators):
        for age, year in enumerate(range(today.year - 2, today.year + 1)):
            if (indicator.pk, year) in taken:
                continue
            pace = PACES[(index + number + age) % len(PACES)]
            k = max(year - plan.first_year + 1, 1)
            # A cumulative indicator's yearly figure is the year's share, not the running total.
            yearly = base * Decimal("1.1") if indicator.cumulative else base * (1 + Decimal("0.1") * k)
            value = services.report_value(
                creneau,
                indicator,
                actor=admin,
                year=year,
                value=(yearly * pace).quantize(_exact(indicator)),
                comment="Compilé par la coordination du créneau.",
                reason=REASON,
            )
            services.submit_value(value, actor=admin)
            if year < today.year:
                services.approve_value(value, actor=ministry, note=REASON)
