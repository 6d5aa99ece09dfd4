"""The fund guide's rules: examples in plain words, then properties over any figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.funding import guide, services
from accord.funding.models import CostCategory, FinancingSource, FundGuide, Project, ProjectStatus
from accord.registry.models import OrganisationKind

from .conftest import draft

ENTERPRISE = OrganisationKind.ENTERPRISE


def rules(**values):
    """An unsaved guide version with the model's defaults (40 % / 50 %, caps 50 % / 70 %)."""
    return FundGuide(version=1, in_force_from=datetime.date(2024, 1, 1), **values)


def figures(requested, costs=(("equipment", "100000"),), financing=(), kind=ENTERPRISE, documents=()):
    return guide.Figures(
        carrier_kind=kind,
        costs=[(category, Decimal(amount)) for category, amount in costs],
        requested=Decimal(requested),
        financing=[(source, Decimal(amount)) for source, amount in financing],
        documents=list(documents),
    )


def messages(report):
    return [problem.message for problem in report.problems]


def test_a_balanced_project_within_the_rates_passes():
    report = guide.check(rules(), figures("40000", financing=[("own", "60000")]))
    assert report.ok
    assert report.max_aid == Decimal("40000.00")


def test_the_rate_depends_on_the_carrier():
    assert not guide.check(rules(), figures("45000", financing=[("own", "55000")])).ok
    college = figures("45000", financing=[("own", "55000")], kind=OrganisationKind.COLLEGE_UNIVERSITY)
    report = guide.check(rules(eligible_carrier_kinds=[ENTERPRISE, "college_university"]), college)
    assert report.ok, messages(report)


def test_ineligible_costs_count_in_the_cost_but_not_in_the_aid():
    costs = (("equipment", "50000"), ("buildings", "50000"))
    report = guide.check(rules(), figures("30000", costs=costs, financing=[("own", "70000")]))
    assert report.max_by_rate == Decimal("20000.00")
    with translation.override("fr"):
        report = guide.check(rules(), figures("30000", costs=costs, financing=[("own", "70000")]))
        buildings = str(CostCategory.BUILDINGS.label)
    assert any(buildings in note.message for note in report.notes), report.notes
    assert any("20\u00a0000,00\u00a0$" in m for m in messages(report)), messages(report)


def test_an_ineligible_cost_is_information_and_never_a_problem():
    # The guide's own words: such a cost counts in the project's cost, not in the aid; it refuses nothing.
    costs = (("equipment", "50000"), ("buildings", "50000"))
    report = guide.check(rules(), figures("20000", costs=costs, financing=[("own", "80000")]))
    assert report.ok, messages(report)
    assert [note.field for note in report.notes] == ["costs"]


def test_each_problem_says_what_to_change():
    report = guide.check(rules(min_amount=Decimal("5000")), figures("4000", financing=[("own", "10000")]))
    assert [p.field for p in report.problems] == ["requested_amount", "financing"]
    # Each problem is read in the reader's language, whatever the language it was found in.
    with translation.override("en"):
        assert messages(report)[0].endswith("raise the amount.")
        assert messages(report)[1].endswith("correct the financing lines or the budget.")
    with translation.override("fr"):
        assert messages(report)[0].endswith("augmentez le montant.")


def test_other_public_aid_counts_against_the_cumulative_cap():
    # 40 % asked of the fund + 20 % from another public program = 60 % > 50 % for an enterprise.
    report = guide.check(rules(), figures("40000", financing=[("public", "20000"), ("own", "40000")]))
    assert report.max_by_cap == Decimal("30000.00")
    assert not report.ok


def test_a_draft_may_be_unbalanced_but_a_submission_may_not():
    unbalanced = figures("40000", financing=[("own", "10000")])
    assert guide.check(rules(), unbalanced, complete=False).ok
    report = guide.check(rules(), unbalanced)
    assert [p.field for p in report.problems] == ["financing"]


def test_required_documents_are_matched_without_accents_or_case():
    required = rules(required_documents=["Plan d'affaires", "Lettre d'appui"])
    report = guide.check(required, figures("40000", financing=[("own", "60000")], documents=["PLAN D'AFFAIRES"]))
    assert [p.field for p in report.problems] == ["documents"]
    assert "Lettre d'appui" in report.problems[0].message


def test_the_aid_is_within_the_guides_minimum_and_maximum():
    too_little = guide.check(rules(min_amount=Decimal("5000")), figures("4000", financing=[("own", "96000")]))
    assert [problem.field for problem in too_little.problems] == ["requested_amount"]
    too_much = guide.check(rules(max_amount=Decimal("30000")), figures("35000", financing=[("own", "65000")]))
    assert [problem.field for problem in too_much.problems] == ["requested_amount"]
    assert guide.check(rules(max_amount=Decimal("35000")), figures("35000", financing=[("own", "65000")])).ok


def test_the_carrier_must_be_eligible():
    report = guide.check(rules(), figures("40000", financing=[("own", "60000")], kind=OrganisationKind.PUBLIC_BODY))
    assert [p.field for p in report.problems] == ["carrier"]


amounts = st.decimals(min_value=0, max_value=2_000_000, places=2, allow_nan=False, allow_infinity=False)
categories = st.sampled_from(CostCategory.values)
kinds = st.sampled_from(OrganisationKind.values)
rates = st.decimals(min_value=0, max_value=100, places=2)


@given(
    costs=st.lists(st.tuples(categories, amounts), min_size=1, max_size=6),
    other_public=amounts,
    aid=amounts,
    kind=kinds,
    rate=rates,
    cap=rates,
)
def test_an_amount_the_guide_accepts_never_exceeds_the_rate_or_the_caps(costs, other_public, aid, kind, rate, cap):
    version = rules(
        eligible_carrier_kinds=OrganisationKind.values,
        max_rate_enterprise=rate,
        max_rate_organisation=rate,
        public_cap_enterprise=cap,
        public_cap_organisation=cap,
    )
    values = guide.Figures(carrier_kind=kind, costs=costs, requested=aid, financing=[("public", other_public)])
    report = guide.check(version, values, amount=aid, complete=False)
    if report.ok:
        eligible = values.eligible_cost(version)
        assert aid * 100 <= eligible * rate
        assert (aid + other_public) * 100 <= eligible * cap
        assert version.min_amount <= aid <= version.max_amount
    # The largest aid the report announces is itself accepted (when any aid is possible).
    if report.max_aid >= version.min_amount and not [p for p in report.problems if p.field in ("costs", "carrier")]:
        assert guide.check(version, values, amount=report.max_aid, complete=False).ok


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    costs=st.lists(
        st.tuples(categories, st.decimals(min_value=1000, max_value=900_000, places=2)), min_size=1, max_size=4
    ),
    other_public_share=st.decimals(min_value=0, max_value=1, places=2),
    amount=st.decimals(min_value=1, max_value=600_000, places=2),
)
def test_a_granted_project_never_exceeds_its_rate_or_caps(world, costs, other_public_share, amount):
    """Through the service, whatever the figures and the amount: refused, or granted within the guide."""
    with transaction.atomic():
        total = sum(value for _c, value in costs)
        other_public = (total * other_public_share / 2).quantize(Decimal("0.01"))
        project = draft(world, costs=[(c, "", v) for c, v in costs], requested="5000")
        project.financing.create(source=FinancingSource.PUBLIC, amount=other_public)
        Project.objects.filter(pk=project.pk).update(status=ProjectStatus.ANALYSIS, guide=world.guide)
        project.refresh_from_db()
        try:
            services.grant_project(project, actor=world.ministry, amount=amount)
        except ValidationError:
            project.refresh_from_db()
            assert (project.status, project.granted_amount) == (ProjectStatus.ANALYSIS, None)
        else:
            project.refresh_from_db()
            # Above the second-signature threshold the amount waits on its first signature.
            granted = project.granted_amount or project.signatures.get().amount
            eligible = sum(v for c, v in costs if c in world.guide.eligible_cost_categories)
            assert granted * 100 <= eligible * world.guide.max_rate_enterprise
            assert (granted + other_public) * 100 <= eligible * world.guide.public_cap_enterprise
            assert world.guide.min_amount <= granted <= world.guide.max_amount
        transaction.set_rollback(True)
