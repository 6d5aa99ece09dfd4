"""The results' demo: the common set, targets in every demo plan, three years of values per niche
with a plan (two approved, the latest awaiting approval), written through the services."""

import pytest
from django.utils import timezone

from accord.planning.models import Plan
from accord.registry.demo import DEMO_DOMAIN
from accord.results import selectors
from accord.results.demo import COMMON
from accord.results.measures import Verdict
from accord.results.models import Bilan, BilanEvent, Indicator, IndicatorTarget, IndicatorValue, IndicatorValueEvent

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def test_every_niche_with_a_plan_has_three_years_of_values(demo):
    year = timezone.localdate().year
    assert set(Indicator.objects.filter(plan__isnull=True).values_list("code", flat=True)) == {c[0] for c in COMMON}
    creneaux = set(Plan.objects.values_list("creneau_id", flat=True))
    assert creneaux
    assert set(IndicatorValue.objects.values_list("creneau_id", flat=True)) == creneaux
    for creneau_id in creneaux:
        values = IndicatorValue.objects.filter(creneau_id=creneau_id)
        assert values.count() == 3 * len(COMMON)
        assert set(values.filter(status="approved").values_list("year", flat=True)) == {year - 2, year - 1}
        assert set(values.filter(status="submitted").values_list("year", flat=True)) == {year}
    assert IndicatorTarget.objects.exists()
    # Whoever submitted did not approve; every approval is audited.
    approvals = IndicatorValueEvent.objects.filter(kind="approved")
    assert approvals.count() == IndicatorValue.objects.filter(status="approved").count()
    assert not approvals.filter(actor__email=f"admin@{DEMO_DOMAIN}").exists()
    plan = Plan.objects.order_by("pk").first()
    table = selectors.indicator_table(plan.creneau)
    verdicts = {cell.comparison.verdict for line in table.lines for cell in line.cells if cell.comparison}
    assert verdicts == set(Verdict)
    # Last year's bilan of every niche with a plan: before its committee, or adopted (figures frozen).
    bilans = Bilan.objects.filter(year=year - 1)
    assert set(bilans.values_list("creneau_id", flat=True)) == creneaux
    assert not bilans.filter(status="draft").exists()
    assert all(b.snapshot and b.resolution_id for b in bilans.filter(status="adopted"))
    assert bilans.filter(status="adopted").exists()
    for model in (Indicator, IndicatorTarget, IndicatorValue, Bilan, BilanEvent):
        label = model._meta.label
        assert demo.first[label] == model.objects.count() == demo.second[label], label


def test_the_kept_figures_are_the_live_ones(demo):
    """The demo writes through the services: every target's kept verdict and every niche's member
    enterprises by year joined are what the live queries find (decision 45)."""
    from accord.registry import selectors as registry_selectors
    from accord.registry.models import MemberYear

    common = IndicatorTarget.objects.filter(indicator__plan__isnull=True)
    assert common.exists()
    assert dict(common.values_list("pk", "verdict")) == selectors.target_verdicts(common)
    kept = set(MemberYear.objects.values_list("creneau_id", "year", "enterprises"))
    assert kept and kept == set(registry_selectors.members_by_year(None))
