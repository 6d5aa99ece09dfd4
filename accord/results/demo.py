"""Results demonstration data: the ministry's common indicators, targets in every demo plan, and
three years of values for every niche that has a plan: the two older years approved, the latest
submitted and awaiting approval (in the ministry's queue).

Written through the services: the technical administrator (program-wide) reports and submits,
the ministry's demo account approves (whoever submits never approves). The figures vary from
niche to niche so that the table shows every verdict. Safe to run again: an indicator, a target
or a value that exists is left as it is.

Then last year's bilan of every niche with a plan: its narrative in French and English, submitted to
its niche committee, and adopted there by resolution in a meeting held today where the committee can
meet (members, a chair); otherwise it stays before the committee. A niche that has its bilan of last
year is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.core.workflow import InvalidTransition
from accord.governance import demo as governance_demo
from accord.governance import selectors as governance_selectors
from accord.governance import services as governance
from accord.governance.models import AttendanceStatus, DecisionMode
from accord.planning.models import Plan
from accord.registry.demo import DEMO_DOMAIN
from accord.registry.models import Creneau

from . import selectors, services
from .models import Bilan, Direction, Indicator, IndicatorTarget, IndicatorValue, Unit

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
        bilans = [_bilan(admin, creneau, today.year - 1) for creneau in _creneaux_with_plans()]
    stdout.write(
        f"  {len(indicators)} common indicators, {IndicatorValue.objects.count()} values for {len(plans)} niches, "
        f"{sum(1 for b in bilans if b is not None)} bilans"
    )
    return []


def _narrative(creneau: Creneau, year: int) -> dict[str, str]:
    return {
        "highlights_fr": f"En {year}, le créneau {creneau.name_fr} a mobilisé ses entreprises autour de son plan "
        "d'action : nouveaux projets soutenus par le FSDCE, activités de réseautage et missions commerciales.",
        "highlights_en": f"In {year}, the {creneau.name_en or creneau.name_fr} niche rallied its enterprises around "
        "its action plan: new projects supported by the FSDCE, networking events and trade missions.",
        "challenges_fr": "La rareté de la main-d'œuvre spécialisée freine encore la croissance des entreprises.",
        "challenges_en": "The shortage of skilled workers still slows the enterprises' growth.",
        "outlook_fr": "Accroître les ventes hors Québec et accompagner le virage numérique des PME.",
        "outlook_en": "Grow sales outside Québec and support the SMEs' digital shift.",
    }


def _bilan(admin: User, creneau: Creneau, year: int) -> Bilan | None:
    """Last year's bilan of the niche: written, submitted, and adopted where its committee can meet."""
    if Bilan.objects.filter(creneau=creneau, year=year).exists():
        return None
    bilan = services.write_bilan(creneau, actor=admin, year=year, data=_narrative(creneau, year), reason=REASON)
    committee = governance_selectors.niche_committee_of(creneau.pk)
    if committee is None:  # no committee to submit it to: it stays a draft
        return bilan
    try:
        with transaction.atomic():  # a committee that cannot decide leaves the bilan before it
            _adopt(admin, committee, bilan)
    except (ValidationError, PermissionDenied, InvalidTransition):
        bilan.refresh_from_db()
        services.submit_bilan(bilan, actor=admin, note=REASON)
    return bilan


def _adopt(admin: User, committee: Any, bilan: Bilan) -> None:
    """A meeting of the committee today, planned before the bilan is submitted so that the bilan lands on
    its agenda (the earliest meeting being prepared), in session and deciding on it by consensus."""
    meeting = governance.plan_meeting(
        committee,
        actor=admin,
        title=f"Adoption du bilan {bilan.year}",
        starts_at=timezone.now(),
        location="Salle du conseil, Centre d'affaires régional",
    )
    services.submit_bilan(bilan, actor=admin, note=REASON)
    governance.convene_meeting(meeting, actor=admin)
    governance.open_meeting(meeting, actor=admin)
    for mandate in committee.mandates.current().order_by("pk"):
        governance.record_attendance(meeting, mandate, actor=admin, status=AttendanceStatus.PRESENT)
    governance_demo.seat_chair(admin, meeting)
    kind = ContentType.objects.get_for_model(Bilan)
    item = meeting.items.filter(subject_type=kind, subject_id=bilan.pk).first()
    if item is None:  # it went to a meeting planned earlier today: that one will decide
        raise ValidationError("The bilan is on another meeting's agenda.")
    resolution = governance.propose_resolution(
        meeting,
        actor=admin,
        title=f"Adoption du bilan annuel {bilan.year}",
        text=f"Il est résolu d'adopter le bilan annuel {bilan.year} du créneau et de le présenter au comité régional.",
        item=item,
        subject=bilan,
    )
    governance_demo.decide(admin, resolution, mode=DecisionMode.CONSENSUS)
    # The meeting stays in session: closing it calls for minutes, and the governance demo's closed
    # meetings (three per committee, their minutes approved in turn) stay as they are.
    bilan.refresh_from_db()


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
