import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from accord.accounts.policies import (
    can_access_backoffice,
    can_manage_second_factors,
    requires_second_factor,
    scope_for,
)

from .factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def test_scope_follows_current_roles_only(estrie, monteregie):
    user = UserFactory()
    grant(user, "regional_office", estrie)
    grant(user, "regional_office", monteregie, starts_on=datetime.date(2000, 1, 1), ends_on=datetime.date(2001, 1, 1))
    grant(user, "ministry", starts_on=datetime.date.today() + datetime.timedelta(days=3))
    scope = scope_for(user)
    assert (scope.program_wide, scope.region_ids) == (False, frozenset({estrie.pk}))


def test_scope_is_computed_with_one_query_per_request(estrie_user, django_assert_num_queries):
    with django_assert_num_queries(1):
        scope_for(estrie_user)
        scope_for(estrie_user)


def test_anonymous_inactive_and_superusers(estrie):
    assert not can_access_backoffice(AnonymousUser())
    inactive = UserFactory(is_active=False)
    grant(inactive, "ministry")
    assert not can_access_backoffice(inactive)
    assert scope_for(UserFactory(is_superuser=True)).program_wide


class TestRequiresSecondFactor:
    """Who holds powers over the program's money or its servers signs in with a second factor."""

    @pytest.fixture(autouse=True)
    def _on(self, settings):
        settings.ACCORD_REQUIRE_SECOND_FACTOR = True

    def test_ministry_regional_office_and_technical_admins_require_it(self, ministry_user, estrie_user):
        assert requires_second_factor(ministry_user)
        assert requires_second_factor(estrie_user)
        assert requires_second_factor(UserFactory(is_staff=True))
        assert requires_second_factor(UserFactory(is_superuser=True))

    def test_others_are_only_offered_it(self, outsider):
        assert not requires_second_factor(outsider)
        assert not requires_second_factor(AnonymousUser())
        assert not requires_second_factor(UserFactory(is_staff=True, is_active=False))

    def test_an_ended_regional_office_role_no_longer_requires_it(self, estrie):
        user = UserFactory()
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        grant(user, "regional_office", estrie, starts_on=datetime.date(2020, 1, 1), ends_on=yesterday)
        assert not requires_second_factor(user)
        grant(user, "ministry", starts_on=datetime.date.today() + datetime.timedelta(days=3))
        assert not requires_second_factor(user), "a role that starts later requires nothing today"

    def test_the_setting_turns_the_requirement_off(self, ministry_user, settings):
        settings.ACCORD_REQUIRE_SECOND_FACTOR = False
        assert not requires_second_factor(ministry_user)
        assert not requires_second_factor(UserFactory(is_superuser=True, is_staff=True))


def test_only_the_owner_manages_their_second_factors(ministry_user, outsider):
    assert can_manage_second_factors(outsider, outsider)
    assert not can_manage_second_factors(ministry_user, outsider)
    assert not can_manage_second_factors(AnonymousUser(), outsider)
