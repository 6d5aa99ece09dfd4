"""Reads that span several governance models."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, Prefetch, QuerySet, Value, When
from django.utils import timezone

from .models import Attendance, Bylaws, Committee, Mandate, MandateRole, Meeting, MeetingStatus, Recusal, Resolution


def bylaws_in_force(committee: Committee, on: datetime.date | None = None) -> Bylaws | None:
    """The latest version adopted on or before the day."""
    on = on or timezone.localdate()
    return committee.bylaws.filter(adopted_on__lte=on).order_by("-version").first()  # type: ignore[no-any-return]


# Presidency first, then the other officers, the members, observers and the coordinator.
ROLE_ORDER = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(MandateRole.values)),
    default=Value(len(MandateRole.values)),
)


def current_mandates(committee: Committee, on: datetime.date | None = None) -> QuerySet[Mandate]:
    """Current members with their person and organisation, officers first."""
    return (
        committee.mandates.current(on)  # type: ignore[attr-defined,no-any-return]
        .select_related("person", "organisation")
        .order_by(ROLE_ORDER, "person__last_name", "person__first_name")
    )


def upcoming_meetings(committee: Committee) -> QuerySet[Meeting]:
    return committee.meetings.filter(  # type: ignore[no-any-return]
        starts_at__gte=timezone.now() - datetime.timedelta(hours=12),
        status__in=[MeetingStatus.PLANNED, MeetingStatus.CONVENED, MeetingStatus.HELD],
    ).order_by("starts_at")


def recent_resolutions(committee: Committee, limit: int = 10) -> QuerySet[Resolution]:
    return committee.resolutions.decided().order_by("-decided_at", "-pk")[:limit]  # type: ignore[attr-defined,no-any-return]


def meeting_for_page(meeting_id: int, visible: QuerySet[Meeting]) -> Meeting:
    """A meeting with everything its page shows, in a fixed number of queries."""
    return (
        visible.select_related("committee")
        .prefetch_related(  # type: ignore[no-any-return]
            "items__documents",
            Prefetch(
                "resolutions",
                queryset=Resolution.objects.order_by("sequence").prefetch_related(
                    Prefetch("recusals", queryset=Recusal.objects.select_related("mandate__person")),
                    "votes",
                ),
            ),
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("mandate__person", "proxy_holder__person"),
            ),
            "minutes",
        )
        .get(pk=meeting_id)
    )


def open_coordinator_mandates(committee: Committee) -> QuerySet[Resolution]:
    """Adopted resolutions that gave the coordinator a mandate not yet completed."""
    return committee.resolutions.filter(  # type: ignore[no-any-return]
        outcome="adopted", gives_coordinator_mandate=True, mandate_completed_on__isnull=True
    ).order_by("decided_at")


def conflicts(resolution: Resolution) -> list[dict[str, Any]]:
    """The members recused from a resolution, and why, for the page shown before the vote."""
    return [
        {"mandate": r.mandate, "reason": r.get_reason_display(), "interest": r.declared_interest}
        for r in resolution.recusals.select_related("mandate__person", "mandate__organisation")
    ]
