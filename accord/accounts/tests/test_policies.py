import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from accord.accounts.policies import can_access_backoffice, scope_for

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
