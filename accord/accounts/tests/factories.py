from __future__ import annotations

import factory

from accord.accounts.models import RoleAssignment, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.django.Password(PASSWORD)


def grant(user, role, region=None, **kwargs):
    """A current role assignment, created directly (the services are tested on their own)."""
    return RoleAssignment.objects.create(user=user, role=role, region=region, **kwargs)
