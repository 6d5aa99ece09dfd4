"""The créneaux' member enterprises counted by year joined (models.MemberYear): kept by the services,
read by the results' benchmark.

The benchmark of the results' dashboards divides each créneau's figure by its member enterprises at
the end of the year (published enterprises whose membership began by then or has no date). Counting
them live went over every membership joined to its organisation: 166 ms at the international scale
(390,000 memberships, 300,000 organisations), on every view of the ministry's dashboard. The counts by
créneau and year joined are kept instead, stored again in the transaction of every change they depend
on (decision 45, amendment):

- an organisation's memberships change (`services.set_memberships`, through `create_organisation`
  and `update_organisation`);
- an organisation's kind or publication changes (`update_organisation`, `publish_organisations`).

An import adds organisations unpublished: they count once published. Nothing else writes memberships.
The créneaux are locked first, in order: of two changes at once, the one that stores last computes
after the other's commit. The counts are computed by the same query whether stored or checked
(`selectors.members_by_year`), so the kept and the live readings cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from . import selectors
from .models import Creneau, Membership, MemberYear


def restate(creneau_ids: Iterable[int]) -> None:
    """Count again the member enterprises of these créneaux by year joined, in the caller's transaction."""
    ids = sorted(set(creneau_ids))
    if not ids:
        return
    with transaction.atomic():
        list(Creneau.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
        MemberYear.objects.filter(creneau_id__in=ids).delete()
        MemberYear.objects.bulk_create(
            MemberYear(creneau_id=creneau_id, year=year, enterprises=n)
            for creneau_id, year, n in selectors.members_by_year(ids)
        )


def restate_members_of(organisation_ids: Iterable[int]) -> None:
    """Count again the créneaux these organisations are members of (their kind or publication changed)."""
    restate(
        Membership.objects.filter(organisation_id__in=list(organisation_ids))
        .values_list("creneau_id", flat=True)
        .distinct()
    )


def restate_all() -> int:
    """Count every créneau's member enterprises again: for data written without the services (the bench's,
    the migration that added the counts). Returns the number of rows stored."""
    with transaction.atomic():
        MemberYear.objects.all().delete()
        return len(
            MemberYear.objects.bulk_create(
                (
                    MemberYear(creneau_id=creneau_id, year=year, enterprises=n)
                    for creneau_id, year, n in selectors.members_by_year(None)
                ),
                batch_size=5000,
            )
        )
