import pytest
from django.db import IntegrityError, transaction

from accord.accounts.models import RoleAssignment, User

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_emails_are_stored_in_lower_case_and_unique():
    user = User.objects.create_user("Marie@Example.ORG", "x")
    assert user.email == "marie@example.org"
    assert User.objects.get_by_natural_key("MARIE@example.org") == user
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Other@Example.org")


def test_role_scope_must_match_the_role(estrie):
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role="regional_office", region=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role="ministry", region=estrie)
