"""Every read of the events a page, the plans' pages, the bilans or a service needs."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accord.accounts.models import User
from accord.planning import links as plan_links
from accord.planning.models import Action
from accord.registry import personal_data, queues, showcase
from accord.registry.models import Creneau

from . import policies
from .models import (
    ACTIVE,
    Event,
    EventAudience,
    EventStatus,
    Registration,
    RegistrationStatus,
    Synthesis,
    SynthesisStatus,
    Theme,
    Workshop,
    WorkshopNote,
)


def creneau_events(creneau: Creneau, year: int) -> list[Event]:
    """The créneau's events that start in the calendar year, in date order, each with its plan
    action and that action's axis (for its plan's page), how many registrations hold a seat or a
    place in line (`active_registrations`) and whether it has workshops (`has_workshops`, decision 53):
    one query, whatever the number of events."""
    return list(
        Event.objects.filter(creneau=creneau, starts_on__year=year)
        .select_related("action__objective__axis")
        .annotate(
            active_registrations=Count("registrations", filter=Q(registrations__status__in=ACTIVE)),
            has_workshops=Exists(Workshop.objects.filter(event=OuterRef("pk"))),
        )
        .order_by("starts_on", "pk")
    )


def creneaux_year_events(creneau_ids: Iterable[int], year: int) -> dict[int, tuple[int, int]]:
    """By créneau, how many of its events starting in the calendar year were held and how many people
    attended them (one query, whatever the number of créneaux): the regional and program bilans."""
    rows = (
        Event.objects.filter(
            creneau_id__in=list(creneau_ids),
            status=EventStatus.HELD,
            starts_on__year=year,
        )
        .order_by()
        .values("creneau_id")
        .annotate(n=Count("pk"), people=Sum("attendance"))
        .values_list("creneau_id", "n", "people")
    )
    return {creneau_id: (held, people or 0) for creneau_id, held, people in rows}


def event_years(creneau: Creneau, also: int) -> list[int]:
    """The years the créneau has events in, and `also` (this year), latest first (one query)."""
    years = set(
        Event.objects.filter(creneau=creneau)
        .annotate(year=ExtractYear("starts_on"))
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return sorted(years | {also}, reverse=True)


def creneau_actions(creneau: Creneau) -> QuerySet[Action]:
    """The actions of the créneau's plans, which an event may serve (the form's choices and the
    service's check), by plan, axis and objective."""
    return (
        Action.objects.filter(objective__axis__plan__creneau=creneau)
        .select_related("objective__axis__plan")
        .order_by(
            "-objective__axis__plan__first_year",
            "objective__axis__position",
            "objective__axis__pk",
            "objective__position",
            "objective__pk",
            "position",
            "pk",
        )
    )


# --- What serves a plan's actions (planning.links, decision 35) ---------------------------------


def events_serving(plan: Any, user: Any) -> dict[int, list[plan_links.Serving]]:
    """The events the user may see that serve each action of the plan, by action id (one query):
    planning.links shows them on the plan's page."""
    events = (
        policies.visible_events(user)
        .filter(action__objective__axis__plan=plan)
        .only("pk", "creneau_id", "title_fr", "title_en", "starts_on", "status", "action_id")
        .order_by("starts_on", "pk")
    )
    found: dict[int, list[plan_links.Serving]] = defaultdict(list)
    for event in events:
        found[event.action_id].append(  # type: ignore[index]
            plan_links.Serving(
                title=f"{event.title} – {date_format(event.starts_on, 'SHORT_DATE_FORMAT')}",
                url=event.get_absolute_url(),
                status=str(event.get_status_display()),  # type: ignore[attr-defined]
            )
        )
    return dict(found)


def events_holding(action_ids: Iterable[int]) -> dict[int, int]:
    """How many events name each of these actions, whoever may see them (one query)."""
    rows = Event.objects.filter(action_id__in=list(action_ids)).order_by().values("action_id").annotate(n=Count("pk"))
    return {row["action_id"]: row["n"] for row in rows}


# --- Law 25: what the events hold about a person (registry.personal_data) -----------------------


def person_registrations(person: Any) -> QuerySet[Registration]:
    """The registrations made with the person's email address (any case)."""
    if not person.email:
        return Registration.objects.none()
    return Registration.objects.filter(email__iexact=person.email)


def person_personal_data(person: Any) -> dict[str, Any]:
    """What the events hold about a person: the changes their accounts made to events (who, when,
    why: the events' history) and their registrations to events, with their consent."""
    users = list(User.objects.filter(person=person).values_list("pk", flat=True))
    history = Event.history.filter(history_user_id__in=users).order_by("history_date", "pk")  # type: ignore[attr-defined]
    return {
        "changes_made": personal_data.rows(
            history, "id", "creneau_id", "title_fr", "history_type", "history_date", "history_change_reason"
        ),
        "registrations": personal_data.rows(
            person_registrations(person).order_by("created_at", "pk"),
            "event_id",
            "event__title_fr",
            "event__starts_on",
            "name",
            "email",
            "organisation",
            "language",
            "status",
            "attended",
            "created_at",
            "consent_at",
            "consent_source",
        ),
        # A gathering's workshops (decision 53): where the person chairs, leads or takes the notes, and
        # the notes their accounts wrote (the notes' history names its authors).
        "workshop_roles": personal_data.rows(
            Workshop.objects.filter(Q(chair=person) | Q(facilitator=person) | Q(note_taker=person)).order_by("pk"),
            "event_id",
            "event__title_fr",
            "title",
            "chair_id",
            "facilitator_id",
            "note_taker_id",
        ),
        "workshop_notes_written": personal_data.rows(
            WorkshopNote.history.filter(history_user_id__in=users).order_by("history_date", "pk"),  # type: ignore[attr-defined]
            "workshop_id",
            "theme_id",
            "text",
            "history_type",
            "history_date",
        ),
    }


# --- Registration (decision 48) -------------------------------------------------------------------


def confirmed_count(event: Event) -> int:
    """How many seats the event's registrations hold (one query)."""
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def waiting_ids(event: Event) -> list[int]:
    """The waiting list, first come first (one query)."""
    return list(
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def with_seats(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events with how many seats their registrations hold (`confirmed`), in the same query."""
    return events.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED))
    )


def upcoming(events: QuerySet[Event], today: datetime.date) -> QuerySet[Event]:
    """The events not over by today, in date order, with their créneau and seats (one query)."""
    return with_seats(
        events.filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
        .select_related("creneau")
        .order_by("starts_on", "pk")
    )


def by_month(events: Iterable[Event]) -> list[tuple[datetime.date, list[Event]]]:
    """Events (in date order) grouped by the month they start in, each month by its first day."""
    months: list[tuple[datetime.date, list[Event]]] = []
    for event in events:
        month = event.starts_on.replace(day=1)
        if not months or months[-1][0] != month:
            months.append((month, []))
        months[-1][1].append(event)
    return months


#: How far back the feeds go: a calendar keeps what it imported, and a feed stays small.
FEED_PAST = datetime.timedelta(days=180)


def feed_events(today: datetime.date, **filters: Any) -> QuerySet[Event]:
    """The public events of a feed (members-only ones never), from six months back, with their créneau."""
    return (
        Event.objects.filter(audience=EventAudience.PUBLIC, starts_on__gte=today - FEED_PAST, **filters)
        .select_related("creneau")
        .order_by("starts_on", "pk")
    )


def order_registrations(registrations: QuerySet[Registration]) -> QuerySet[Registration]:
    """Registrations as their managers read them: confirmed first, then the waiting list in its
    order, then the cancelled ones."""
    rank = Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return registrations.annotate(rank=rank).order_by("rank", "created_at", "pk")


def registration_counts(event: Event) -> dict[str, int]:
    """How many registrations of each status (one query)."""
    rows = Registration.objects.filter(event=event).order_by().values_list("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    counts.update(dict(rows))
    return counts


# --- What a créneau's fiche and a region's page show (registry.showcase, decision 48) -------------

#: How many events to come a fiche or a region's page lists.
SHOWCASE_SIZE = 5


def _showcase(events: QuerySet[Event], title: Any, more_url: str) -> list[showcase.Section]:
    """The next public events, as one section (none when there are none): one query."""
    found = list(events.select_related("creneau").order_by("starts_on", "pk")[:SHOWCASE_SIZE])
    if not found:
        return []
    entries = [
        showcase.Entry(
            title=event.title,
            url=event.get_public_url(),
            on=event.starts_on,
            label=str(event.get_kind_display()),  # type: ignore[attr-defined]
            lang=event.title_lang,
        )
        for event in found
    ]
    return [showcase.Section(title=str(title), entries=entries, more_url=more_url, more_label=_("All the events"))]


def _to_come() -> QuerySet[Event]:
    today = timezone.localdate()
    return Event.objects.filter(audience=EventAudience.PUBLIC, status=EventStatus.PLANNED).filter(
        Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today)
    )


def creneau_sections(creneau: Creneau) -> list[showcase.Section]:
    """The créneau's next public events, on its fiche."""
    more = f"{reverse('events_public:calendar')}?creneau={creneau.slug}"
    return _showcase(_to_come().filter(creneau=creneau), _("Events to come"), more)


def region_sections(region: Any) -> list[showcase.Section]:
    """The next public events of the region's créneaux, on its page."""
    more = f"{reverse('events_public:calendar')}?region={region.code}"
    return _showcase(_to_come().filter(creneau__regions=region), _("Events to come"), more)


# --- A gathering's workshops and their synthesis (decision 53) ----------------------------------


def synthesis_of(event: Event) -> Synthesis | None:
    """The event's synthesis, if one was started (one query)."""
    return Synthesis.objects.filter(event=event).first()


def synthesis_status(event: Event) -> str:
    """Where the synthesis stands: a draft when none was started (one query)."""
    return Synthesis.objects.filter(event=event).values_list("status", flat=True).first() or SynthesisStatus.DRAFT


def event_themes(event: Event) -> list[Theme]:
    """The gathering's themes, in order (one query)."""
    return list(Theme.objects.filter(event=event).order_by("position", "pk"))


def event_workshops(event: Event) -> list[Workshop]:
    """The gathering's workshops in order, with their chair, facilitator and note-taker, and whether the
    note-taker has an account to sign in with (`note_taker_can_sign_in`): one query."""
    has_account = Exists(User.objects.filter(person_id=OuterRef("note_taker_id"), is_active=True))
    return list(
        Workshop.objects.filter(event=event)
        .select_related("chair", "facilitator", "note_taker")
        .annotate(note_taker_can_sign_in=has_account)
        .order_by("position", "pk")
    )


def gathering(event: Event) -> dict[str, Any]:
    """What the workshops' page shows: themes, workshops with their roles, the synthesis (three queries)."""
    return {"themes": event_themes(event), "workshops": event_workshops(event), "synthesis": synthesis_of(event)}


def workshop_sheet(workshop: Workshop) -> list[tuple[Theme, str]]:
    """Each theme of the workshop's gathering, in order, with what its note-taker wrote on it (two queries)."""
    texts = dict(WorkshopNote.objects.filter(workshop=workshop).values_list("theme_id", "text"))
    return [(theme, texts.get(theme.pk, "")) for theme in event_themes(workshop.event)]


@dataclass(frozen=True)
class ThemeNotes:
    """One theme of a gathering with the notes of every workshop on it, in the workshops' order."""

    theme: Theme
    notes: list[tuple[Workshop, str]]


def synthesis_sheet(event: Event) -> list[ThemeNotes]:
    """For each theme, in order, what every workshop's notes say, workshop after workshop (an empty text
    where a workshop wrote nothing): what the synthesis is written from. Three queries, whatever the
    number of themes, workshops and notes."""
    themes = event_themes(event)
    workshops = list(Workshop.objects.filter(event=event).order_by("position", "pk"))
    texts = {
        (workshop_id, theme_id): text
        for workshop_id, theme_id, text in WorkshopNote.objects.filter(workshop__event=event).values_list(
            "workshop_id", "theme_id", "text"
        )
    }
    return [
        ThemeNotes(theme, [(workshop, texts.get((workshop.pk, theme.pk), "")) for workshop in workshops])
        for theme in themes
    ]


def synthesis_history(synthesis: Synthesis | None) -> list[Any]:
    """The synthesis's steps and edits, latest first, with who took them (one query; none without one)."""
    if synthesis is None:
        return []
    return list(
        synthesis.history.select_related("history_user").order_by("-history_date", "-history_id")  # type: ignore[attr-defined]
    )


def published_synthesis(event: Event) -> Synthesis | None:
    """The event's synthesis once published, with its themes (`shown_themes`) and how many workshops it
    gathers (`workshop_count`): one query, two when there is one. None until it is published."""
    found = (
        Synthesis.objects.filter(event=event, status=SynthesisStatus.PUBLISHED)
        .annotate(workshop_count=Count("event__workshops", distinct=True))
        .first()
    )
    if found is not None:
        found.shown_themes = event_themes(event)  # type: ignore[attr-defined]
    return found


def _notes_item(workshop: Workshop) -> queues.Item:
    return queues.Item(
        subject=f"{workshop.title} – {workshop.event.title}",
        url=workshop.get_absolute_url(),
        since=workshop.event.starts_on,
        detail=str(_("Notes of the workshop")),
    )


def queues_for(user: Any, on: datetime.date) -> list[queues.Queue]:
    """What waits for a note-taker: the workshops whose notes they take, while the synthesis is a draft
    and the event not cancelled (one aggregate query; none for an account without a person)."""
    person_id = getattr(user, "person_id", None)
    if not getattr(user, "is_authenticated", False) or person_id is None:
        return []
    rows = (
        Workshop.objects.filter(note_taker_id=person_id)
        .exclude(event__status=EventStatus.CANCELLED)
        .exclude(event__synthesis__status__in=[SynthesisStatus.REVIEW, SynthesisStatus.PUBLISHED])
        .select_related("event")
    )
    return [
        queues.from_queryset(
            "workshop_notes",
            str(_("Workshop notes to take")),
            rows,
            since="event__starts_on",
            item=_notes_item,
            order=60,
        )
    ]
