"""Every write to the results: the values' steps, the lock on approved values, the audit trail,
the separation of duties, targets and indicators, and the refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from accord.core.workflow import InvalidTransition
from accord.results import services
from accord.results.models import Indicator, IndicatorTarget, IndicatorValue, IndicatorValueEvent

from .conftest import approved, report

pytestmark = pytest.mark.django_db


def kinds(value):
    return list(IndicatorValueEvent.objects.filter(value=value).order_by("pk").values_list("kind", flat=True))


def test_a_value_goes_from_draft_to_approved_and_each_step_is_audited(people, jobs):
    value = report(people, jobs, 2025, "12")
    assert value.status == "draft"
    services.edit_value(value, actor=people["coordinator"], value=Decimal("14"), reason="Recompté")
    services.submit_value(value, actor=people["coordinator"])
    assert (value.status, value.submitted_by) == ("submitted", people["coordinator"])
    services.approve_value(value, actor=people["office_in"], note="Vérifié")
    value.refresh_from_db()
    assert (value.status, value.value) == ("approved", Decimal("14"))
    assert kinds(value) == ["reported", "edited", "submitted", "approved"]
    approval = value.events.get(kind="approved")
    assert (approval.actor, approval.from_status, approval.to_status, approval.amount, approval.reason) == (
        people["office_in"],
        "submitted",
        "approved",
        Decimal("14"),
        "Vérifié",
    )
    edit = value.events.get(kind="edited")
    assert edit.shown_note == "Valeur modifiée de 12 à 14."
    with translation.override("en"):
        assert edit.shown_note == "Value changed from 12 to 14."
    assert value.history.first().history_user == people["office_in"]


def test_an_approved_value_is_locked(people, jobs):
    value = approved(people, jobs, 2025, "10")
    with pytest.raises(InvalidTransition, match="verrouillée"):
        services.edit_value(value, actor=people["ministry"], value=Decimal("11"))
    for step in (services.submit_value, services.approve_value):
        with pytest.raises(InvalidTransition):
            step(value, actor=people["colleague"])
    with pytest.raises(InvalidTransition):
        services.return_value(value, actor=people["colleague"], reason="Erreur")
    value.refresh_from_db()
    assert (value.value, value.status) == (Decimal("10.00"), "approved")
    assert kinds(value) == ["reported", "submitted", "approved"]


def test_a_submitted_value_changes_only_once_returned_and_is_submitted_again(people, jobs):
    value = report(people, jobs, 2025, "10")
    services.submit_value(value, actor=people["coordinator"])
    with pytest.raises(InvalidTransition):
        services.edit_value(value, actor=people["coordinator"], value=Decimal("11"))
    with pytest.raises(InvalidTransition):
        services.submit_value(value, actor=people["coordinator"])
    with pytest.raises(ValidationError):
        services.return_value(value, actor=people["ministry"], reason="  ")
    services.return_value(value, actor=people["ministry"], reason="Le chiffre inclut 2024.")
    value.refresh_from_db()
    assert (value.status, value.return_reason) == ("returned", "Le chiffre inclut 2024.")
    services.edit_value(value, actor=people["coordinator"], value=Decimal("8"))
    services.submit_value(value, actor=people["coordinator"])
    value.refresh_from_db()
    assert (value.status, value.return_reason, value.value) == ("submitted", "", Decimal("8.00"))
    assert kinds(value) == ["reported", "submitted", "returned", "edited", "submitted"]
    assert value.events.get(kind="returned").reason == "Le chiffre inclut 2024."


def test_whoever_submitted_a_value_never_approves_or_returns_it(people, jobs):
    value = report(people, jobs, 2025, "10", actor="ministry")
    services.submit_value(value, actor=people["ministry"])
    with pytest.raises(PermissionDenied, match="une autre personne"):
        services.approve_value(value, actor=people["ministry"])
    with pytest.raises(PermissionDenied):
        services.return_value(value, actor=people["ministry"], reason="Non")
    services.approve_value(value, actor=people["colleague"])
    assert value.status == "approved"


def test_only_the_ministry_and_the_niches_office_approve(people, jobs):
    value = report(people, jobs, 2025, "10")
    services.submit_value(value, actor=people["coordinator"])
    for who in ("member", "office_out", "stranger"):
        with pytest.raises(PermissionDenied):
            services.approve_value(value, actor=people[who])
    value.refresh_from_db()
    assert value.status == "submitted"
    services.approve_value(value, actor=people["office_in"])


def test_only_the_coordinator_the_office_and_the_ministry_report(people, jobs):
    for who in ("member", "office_out", "stranger"):
        with pytest.raises(PermissionDenied):
            report(people, jobs, 2025, "1", actor=who)
    value = report(people, jobs, 2025, "1", actor="office_in")
    for who in ("member", "office_out"):
        with pytest.raises(PermissionDenied):
            services.edit_value(value, actor=people[who], value=Decimal(2))
        with pytest.raises(PermissionDenied):
            services.submit_value(value, actor=people[who])
    assert not IndicatorValue.objects.exclude(pk=value.pk).exists()


def test_a_value_is_refused_for_a_year_not_begun_a_retired_indicator_or_twice(people, jobs):
    with pytest.raises(ValidationError) as error:
        report(people, jobs, timezone.localdate().year + 1, "1")
    assert "year" in error.value.message_dict
    report(people, jobs, 2025, "1")
    with pytest.raises(ValidationError):
        report(people, jobs, 2025, "2")
    services.set_indicator_active(jobs, actor=people["ministry"], active=False)
    with pytest.raises(ValidationError) as error:
        report(people, jobs, 2024, "1")
    assert "indicator" in error.value.message_dict
    assert IndicatorValue.objects.count() == 1


def test_a_plans_own_indicator_takes_values_of_its_niche_only(people, members):
    from accord.registry.tests.factories import CreneauFactory

    other = CreneauFactory(slug="autre")
    with pytest.raises(ValidationError):
        services.report_value(other, members, actor=people["ministry"], year=2025, value=Decimal(1))
    assert report(people, members, 2025, "30").indicator == members


def test_common_indicators_are_the_ministrys_and_their_meaning_is_fixed_once_they_have_values(people, jobs):
    for who in ("office_in", "coordinator"):
        with pytest.raises(PermissionDenied):
            services.define_indicator(actor=people[who], data={"code": "x", "name_fr": "X"})
        with pytest.raises(PermissionDenied):
            services.update_indicator(jobs, actor=people[who], data={"name_fr": "Y"})
    with pytest.raises(ValidationError):
        services.define_indicator(actor=people["ministry"], data={"code": "emplois", "name_fr": "Doublon"})
    services.update_indicator(jobs, actor=people["ministry"], data={"unit": "people"})
    report(people, jobs, 2025, "1")
    with pytest.raises(ValidationError) as error:
        services.update_indicator(jobs, actor=people["ministry"], data={"unit": "count", "name_fr": "Emplois"})
    assert "unit" in error.value.message_dict
    assert services.update_indicator(jobs, actor=people["ministry"], data={"name_fr": "Emplois"}) == ["name_fr"]
    assert Indicator.history.filter(id=jobs.pk).count() == 3


def test_a_plans_own_indicator_is_defined_by_its_editors_and_may_reuse_a_common_code(people, plan, jobs):
    with pytest.raises(PermissionDenied):
        services.define_indicator(actor=people["member"], plan=plan, data={"code": "a", "name_fr": "A"})
    own = services.define_indicator(actor=people["coordinator"], plan=plan, data={"code": "emplois", "name_fr": "E"})
    assert own.plan == plan
    with pytest.raises(ValidationError):
        services.define_indicator(actor=people["office_in"], plan=plan, data={"code": "emplois", "name_fr": "E2"})


def test_targets_are_set_in_the_plans_years_by_its_editors(people, plan, jobs, members):
    target = services.set_target(plan, jobs, actor=people["coordinator"], year=2025, value=Decimal("20"))
    services.set_target(plan, jobs, actor=people["coordinator"], year=2025, value=Decimal("25"))
    target.refresh_from_db()
    assert target.value == Decimal("25")
    with pytest.raises(ValidationError):
        services.set_target(plan, jobs, actor=people["coordinator"], year=2030, value=Decimal("1"))
    with pytest.raises(PermissionDenied):
        services.set_target(plan, jobs, actor=people["member"], year=2025, value=Decimal("1"))
    other_plan = services.set_target  # a plan's own indicator belongs to that plan only
    from accord.planning.tests.conftest import make_plan

    later = make_plan(people, 2027, 2029)
    with pytest.raises(ValidationError):
        other_plan(later, members, actor=people["ministry"], year=2027, value=Decimal("1"))
    assert services.set_target(plan, jobs, actor=people["ministry"], year=2025, value=None) is None
    assert not IndicatorTarget.objects.exists()
