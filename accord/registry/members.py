"""The contract of who counts as a member of which créneaux, for the partner search (decision 58).

One créneau has one set of members: the people of its member organisations, the members of its
niche committee, the regional offices of its regions (`accord.planning.policies.member_creneaux`,
which the events and the members' information already read). The registry cannot import planning
or governance: planning registers that function once, at start-up (its AppConfig.ready()). Until it
does (a registry used alone), the registry counts what it knows itself: the person's organisations'
memberships and the créneaux they coordinate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q

Source = Callable[[Any], frozenset[int]]

_SOURCE: list[Source] = []


def register(source: Source) -> None:
    """Declare the function answering which créneaux a user counts as a member of."""
    _SOURCE[:] = [source]


def creneaux_of(user: Any) -> frozenset[int]:
    """The ids of the créneaux the user counts as a member of, today."""
    if user is None or not user.is_authenticated:
        return frozenset()
    if _SOURCE:
        return _SOURCE[0](user)
    from .models import Creneau, Membership  # noqa: PLC0415  the contract module loads before the models

    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return frozenset()
    memberships = Membership.objects.filter(organisation__affiliations__person_id=person_id)
    condition = Q(pk__in=memberships.values("creneau_id")) | Q(coordinator_id=person_id)
    return frozenset(Creneau.objects.filter(condition).values_list("pk", flat=True))
