"""Who sees and does what in the results, from today's roles and mandates."""

from __future__ import annotations

import pytest

from accord.results import policies, services

from .conftest import report

pytestmark = pytest.mark.django_db

ROLES = ("member", "coordinator", "office_in", "office_out", "ministry", "stranger")


def test_reading_follows_the_plans(people, jobs, members):
    value = report(people, members, 2025, "3")
    for who in ROLES:
        user = people[who]
        reads = who in ("member", "coordinator", "office_in", "ministry")
        assert policies.visible_values(user).filter(pk=value.pk).exists() == reads, who
        assert policies.visible_indicators(user).filter(pk=members.pk).exists() == reads, who
        assert policies.can_access_results(user) == (who != "stranger"), who
    # A common indicator is everyone's with the area.
    assert policies.visible_indicators(people["office_out"]).filter(pk=jobs.pk).exists()


def test_the_powers_by_role(people, jobs):
    creneau = people["creneau"]
    reporters = {"coordinator", "office_in", "ministry"}
    reviewers = {"office_in", "ministry"}
    for who in ROLES:
        user = people[who]
        assert policies.can_report(user, creneau) == (who in reporters), who
        assert policies.can_review_creneau(user, creneau) == (who in reviewers), who
        assert policies.can_define_common_indicators(user) == (who == "ministry"), who
        assert policies.can_edit_indicator(user, jobs) == (who == "ministry"), who


def test_the_submitter_is_out_of_the_review_and_of_the_queue(people, jobs):
    value = report(people, jobs, 2025, "3", actor="office_in")
    services.submit_value(value, actor=people["office_in"])
    assert not policies.can_review(people["office_in"], value)
    assert not policies.reviewable_values(people["office_in"]).filter(pk=value.pk).exists()
    assert policies.can_review(people["ministry"], value)
    assert policies.reviewable_values(people["ministry"]).filter(pk=value.pk).exists()
    assert not policies.reviewable_values(people["office_out"]).exists()
    assert not policies.reviewable_values(people["coordinator"]).exists()


def test_a_coordinator_whose_mandate_ended_no_longer_reports(people, jobs):
    import datetime

    mandate = people["committee"].mandates.get(role="coordinator")
    mandate.ends_on = datetime.date(2020, 1, 1)
    mandate.starts_on = datetime.date(2019, 1, 1)
    mandate.save()
    user = type(people["coordinator"]).objects.get(pk=people["coordinator"].pk)  # no cached roles
    assert not policies.can_report(user, people["creneau"])
