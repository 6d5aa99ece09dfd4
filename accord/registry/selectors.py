"""Reads that take more than one queryset, shared by pages, the API and documents.

Each returns what its page shows in a fixed number of queries, whatever the number of rows.
Querysets stay lazy: a template that does not show a part does not read it.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.accounts import selectors as account_selectors
from accord.accounts.models import RoleAssignment, User
from accord.core.history import HistoryEntry, history_entries
from accord.core.text import normalize

from . import personal_data, policies, powers, queues
from .models import (
    Affiliation,
    Anonymisation,
    ContactRequest,
    ContactStatus,
    Creneau,
    CreneauCategory,
    CreneauRegion,
    ImportBatch,
    Membership,
    MemberYear,
    Offer,
    OfferQuerySet,
    Organisation,
    OrganisationKind,
    OrganisationQuerySet,
    Person,
    Region,
    ResourceRegionStatus,
)
from .partners import question_terms

# Lists of organisations or people read their regions in a second, tiny query rather than
# a join: with a search, PostgreSQL underestimates the matches and joins the region table
# row by row (measured: 12 ms instead of 4 for 555 matches at the international scale).
REGION = Prefetch("region", queryset=Region.objects.only("pk", "code", "name"))
# The regions of each créneau of a list, as `region_list`.
REGIONS = Prefetch("regions", queryset=Region.objects.only("pk", "code", "name"), to_attr="region_list")
# The fields a public list of créneaux shows.
CRENEAU_CARD = ("pk", "slug", "name_fr", "name_en", "category", "recognition_stage", "ended_on")


# --- The public site -----------------------------------------------------------------------


def home(user: Any) -> dict[str, Any]:
    """The home page's figures: regions with their active créneaux, créneaux by category."""
    creneaux = policies.visible_creneaux(user).active()
    return {
        "regions": regions_with_creneau_counts(policies.visible_regions(user)),
        "creneau_count": creneaux.count(),
        "categories": category_counts(creneaux),
    }


def regions_with_creneau_counts(regions: QuerySet[Region]) -> QuerySet[Region]:
    """Regions with their resource status today and their number of active créneaux."""
    return regions.with_resource_status().annotate(  # type: ignore[attr-defined]
        creneau_count=Count("creneaux", filter=Q(creneaux__ended_on__isnull=True))
    )


def category_counts(creneaux: QuerySet[Creneau]) -> list[dict[str, Any]]:
    """How many créneaux in each category, in the category's order."""
    counts = dict(creneaux.order_by().values_list("category").annotate(n=Count("pk")))
    return [{"value": value, "label": label, "count": counts.get(value, 0)} for value, label in CreneauCategory.choices]


def regions_with_active_creneaux(regions: QuerySet[Region]) -> QuerySet[Region]:
    """Regions with their resource status today and their active créneaux (`active_creneaux`)."""
    active = Creneau.objects.active().only("pk", "slug", "name_fr", "name_en", "category")
    return regions.with_resource_status().prefetch_related(  # type: ignore[attr-defined]
        Prefetch("creneaux", queryset=active, to_attr="active_creneaux")
    )


def region_creneaux(region: Region) -> QuerySet[Creneau]:
    """A region's créneaux, active ones first, each with all its regions (interregional ones)."""
    return region.creneaux.all().only(*CRENEAU_CARD).prefetch_related(REGIONS).order_by("ended_on", "name_fr")


def creneau_directory(creneaux: QuerySet[Creneau]) -> QuerySet[Creneau]:
    """The public list of créneaux: active ones first, with their regions and industry."""
    return (
        creneaux.only(*CRENEAU_CARD, "industry_fr", "industry_en")
        .prefetch_related(REGIONS)
        .order_by("ended_on", "name_fr")
    )


def creneau_sheet(creneau: Creneau) -> dict[str, Any]:
    """What the fiche créneau shows besides the créneau: regions, lineage and members."""
    return {
        "regions": creneau.regions.only("pk", "code", "name"),
        "predecessors": creneau.predecessors.only("pk", "slug", "name_fr", "name_en"),
        "successors": creneau.successors.only("pk", "slug", "name_fr", "name_en"),
        "members": creneau_members(creneau),
    }


#: The year of a membership without a date: it counts in every year.
UNDATED = 0


def members_by_year(creneau_ids: Sequence[int] | None) -> list[tuple[int, int, int]]:
    """Counted live: how many published enterprises joined each of these créneaux (all with None) in
    each year, as (créneau, year joined or UNDATED, enterprises), one grouped query. What
    standing.py keeps (models.MemberYear)."""
    memberships = Membership.objects.filter(
        organisation__kind=OrganisationKind.ENTERPRISE, organisation__is_published=True
    ).order_by()
    if creneau_ids is not None:
        memberships = memberships.filter(creneau_id__in=list(creneau_ids))
    rows = (
        memberships.annotate(joined=Coalesce(ExtractYear("joined_on"), Value(UNDATED)))
        .values_list("creneau_id", "joined")
        .annotate(n=Count("pk"))
    )
    return [(creneau_id, year, n) for creneau_id, year, n in rows]


def member_enterprises(creneaux: QuerySet[Creneau], year: int) -> dict[int, int]:
    """How many enterprises each of these créneaux had as members at the end of a year (one grouped
    query over the counts the services keep by year joined, models.MemberYear; a créneau without any
    is absent): published enterprises whose membership began by then or has no date. The registry
    records no departures: a membership that ended is removed, so a past year counts today's members
    who had joined by then."""
    return dict(
        MemberYear.objects.filter(creneau__in=creneaux, year__lte=year)
        .order_by()
        .values("creneau_id")
        .annotate(n=Sum("enterprises"))
        .values_list("creneau_id", "n")
    )


def creneau_members(creneau: Creneau) -> QuerySet[Organisation]:
    """Member organisations of a créneau: leader enterprises, then enterprises, then partners."""
    rank = Case(
        When(kind=OrganisationKind.ENTERPRISE, is_leader=True, then=Value(0)),
        When(kind=OrganisationKind.ENTERPRISE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Organisation.objects.filter(memberships__creneau=creneau, is_published=True)
        .select_related("region")
        .only(
            "pk",
            "slug",
            "name",
            "kind",
            "city",
            "is_leader",
            "is_large_enterprise",
            "transformation_level",
            "is_demo",
            "region__code",
            "region__name",
        )
        .annotate(rank=rank)
        .order_by("rank", "name", "pk")
    )


def organisation_directory(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """The public list of organisations (the directory and the search), by name."""
    return (
        organisations.prefetch_related(REGION)
        .only("pk", "slug", "name", "kind", "city", "is_demo", "is_leader", "region__code", "region__name")
        .order_by("name", "pk")
    )


def organisations_with_creneaux(organisations: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Organisations with their region and their créneaux (`creneau_list`), for their page."""
    creneaux = Creneau.objects.only("pk", "slug", "name_fr", "name_en")
    return organisations.select_related("region").prefetch_related(
        Prefetch("creneaux", queryset=creneaux, to_attr="creneau_list")
    )


def search(user: Any, query: str) -> dict[str, Any]:
    """Créneaux, regions and organisations matching a query, accents and case aside."""
    return {
        "creneaux": list(
            policies.visible_creneaux(user)
            .search(query)
            .only("pk", "slug", "name_fr", "name_en", "category", "ended_on")
            .order_by("ended_on", "name_fr")[:20]
        ),
        "regions": list(policies.visible_regions(user).search(query)[:17]),
        "organisations": organisation_directory(policies.visible_organisations(user).search(query)),
    }


# --- The back office -----------------------------------------------------------------------


def dashboard(user: Any) -> dict[str, Any]:
    """What the user manages (its active créneaux counted), what waits for them, and their latest imports.

    Organisations and people are not counted here: at the international scale that is a pass over a
    million rows on every sign-in, for a figure nobody acts on; their lists count what a search finds
    (decision 28, amendment of 2026-12-07)."""
    return {
        "creneau_count": policies.manageable_creneaux(user).active().count(),
        "regions": policies.manageable_regions(user),
        "imports": latest_imports(user, 5),
        # What waits for the user, from the apps above (decision 28).
        "queues": queues.for_user(user),
    }


#: Items on a page of the notification centre.
WORK_PAGE_SIZE = 25


def work_centre(user: Any, key: str, page: Any = 1) -> dict[str, Any]:
    """The notification centre: every queue with something waiting, and one of them paged.

    `key` chooses the queue (the first one by default); an unknown queue is a 404 to the caller
    (`queue` None and `unknown` true).
    """
    every = queues.for_user(user, empty=True)
    found = [q for q in every if q.count]
    chosen = next((q for q in every if q.key == key), None) if key else (found[0] if found else None)
    if chosen is not None:
        # The queue paged through is counted in full; the others keep their capped count.
        chosen = chosen.in_full()
        found = [chosen if q.key == chosen.key else q for q in found]
    listing = Paginator(queues.Listing(chosen), WORK_PAGE_SIZE).get_page(page) if chosen else None  # type: ignore[arg-type,var-annotated]
    return {"queues": found, "queue": chosen, "page": listing, "unknown": bool(key) and chosen is None}


def latest_imports(user: Any, limit: int) -> QuerySet[ImportBatch]:
    """The user's latest imports, without their files."""
    return policies.visible_import_batches(user).defer("content")[:limit]


def attach_creneaux(organisations: Sequence[Organisation]) -> None:
    """Give each organisation `creneau_names` (in the current language) and `creneau_slugs`.

    One flat query for a whole page of organisations: no model instance per membership.
    """
    english = (translation.get_language() or "fr").startswith("en")
    names: dict[int, list[str]] = defaultdict(list)
    slugs: dict[int, list[str]] = defaultdict(list)
    rows = Membership.objects.filter(organisation_id__in=[o.pk for o in organisations]).values_list(
        "organisation_id", "creneau__slug", "creneau__name_fr", "creneau__name_en"
    )
    for organisation_id, slug, name_fr, name_en in rows.order_by("creneau__name_fr"):
        names[organisation_id].append((name_en or name_fr) if english else name_fr)
        slugs[organisation_id].append(slug)
    for organisation in organisations:
        organisation.creneau_names = names.get(organisation.pk, [])  # type: ignore[attr-defined]
        organisation.creneau_slugs = slugs.get(organisation.pk, [])  # type: ignore[attr-defined]


def organisation_links(organisation: Organisation) -> dict[str, Any]:
    """An organisation's memberships (by créneau) and the people tied to it (by name)."""
    return {
        "memberships": organisation.memberships.select_related("creneau").order_by("creneau__name_fr"),
        "affiliations": organisation.affiliations.select_related("person").order_by("person__last_name"),
    }


def people_with_organisations(people: QuerySet[Person]) -> QuerySet[Person]:
    """People with their region, the names of their organisations (`affiliation_list`) and whether
    they have an account (`has_account`) they signed in with (`has_signed_in`), in the same query."""
    affiliations = Affiliation.objects.select_related("organisation").only(
        "pk", "person_id", "organisation__id", "organisation__name"
    )
    accounts = User.objects.filter(person=OuterRef("pk"), is_active=True)
    return (
        people.annotate(has_account=Exists(accounts), has_signed_in=Exists(accounts.filter(last_login__isnull=False)))
        .prefetch_related(REGION)
        .prefetch_related(Prefetch("affiliations", queryset=affiliations, to_attr="affiliation_list"))
    )


def affiliation_candidates(user: Any, query: str) -> list[Organisation]:
    """Organisations the user manages that match a query, to tie a person to one of them."""
    if not query:
        return []
    return list(policies.manageable_organisations(user).search(query).prefetch_related(REGION).order_by("name")[:15])


#: Suggestions an organisation field lists at most; typing more narrows them.
SUGGESTIONS = 10


def organisation_suggestions(organisations: OrganisationQuerySet, query: str) -> list[tuple[str, str]]:
    """The `organisations` matching `query` (name, NEQ or city), as (value, label), for a combobox (one query).

    The value is what an organisation field (forms.OrganisationField) accepts: the name, or the
    NEQ when another suggestion has the same name (a name shared by two organisations is ambiguous).
    Nothing is suggested before two letters.
    """
    if len(normalize(query)) < 2:
        return []
    found = list(organisations.search(query).only("pk", "name", "neq", "city").order_by("name", "pk")[:SUGGESTIONS])
    names = Counter(organisation.name for organisation in found)
    suggestions = []
    for organisation in found:
        label = organisation_label(organisation)
        value = organisation.neq if names[organisation.name] > 1 and organisation.neq else organisation.name
        suggestions.append((value, label))
    return suggestions


def organisation_label(organisation: Organisation) -> str:
    """An organisation as a suggestion shows it: its name, then its NEQ and its city when known."""
    details = ", ".join(part for part in (organisation.neq and f"NEQ {organisation.neq}", organisation.city) if part)
    return f"{organisation.name} ({details})" if details else organisation.name


# --- Change history ------------------------------------------------------------------------


def organisation_history(organisation: Organisation) -> list[HistoryEntry]:
    """Changes to an organisation, its memberships and the people tied to it, newest first."""
    return history_entries(
        _records(Organisation, id=organisation.pk),
        _records(Membership, organisation_id=organisation.pk),
        _records(Affiliation, organisation_id=organisation.pk),
        subject_of=_link_subject,
    )


def person_history(person: Person) -> list[HistoryEntry]:
    """Changes to a person and their ties to organisations, newest first."""
    return history_entries(
        _records(Person, id=person.pk), _records(Affiliation, person_id=person.pk), subject_of=_link_subject
    )


def creneau_history(creneau: Creneau) -> list[HistoryEntry]:
    """Changes to a créneau, its regions and its members, newest first."""
    return history_entries(
        _records(Creneau, id=creneau.pk),
        _records(CreneauRegion, creneau_id=creneau.pk),
        _records(Membership, creneau_id=creneau.pk),
        subject_of=_creneau_subject,
    )


def region_history(region: Region) -> list[HistoryEntry]:
    """Changes to a region and its resource-region periods, newest first."""
    return history_entries(
        _records(Region, id=region.pk),
        _records(ResourceRegionStatus, region_id=region.pk),
        subject_of=_link_subject,
    )


def _records(model: Any, **filters: Any) -> QuerySet[Any]:
    return model.history.filter(**filters).select_related("history_user")


def _link_subject(record: Any, names: dict[Any, str]) -> str:
    """“Membership: Créneau X” for records of link rows; empty for the record itself."""
    model = record.instance_type
    if model is Membership:
        return _("Membership: %(creneau)s") % {"creneau": names.get((Creneau, record.creneau_id), "")}
    if model is Affiliation:
        return _("Affiliation: %(person)s – %(organisation)s") % {
            "person": names.get((Person, record.person_id), ""),
            "organisation": names.get((Organisation, record.organisation_id), ""),
        }
    if model is CreneauRegion:
        return _("Region: %(region)s") % {"region": names.get((Region, record.region_id), "")}
    if model is ResourceRegionStatus:
        return _("Resource-region status")
    return ""


def _creneau_subject(record: Any, names: dict[Any, str]) -> str:
    if record.instance_type is Membership:
        return _("Member: %(organisation)s") % {"organisation": names.get((Organisation, record.organisation_id), "")}
    return _link_subject(record, names)


# --- Law 25: a person's information ----------------------------------------------------------

PERSON_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_language",
    "region__code",
    "region__name",
    "is_demo",
    "created_at",
    "updated_at",
)


def registry_personal_data(person: Person) -> dict[str, Any]:
    """What the registry holds about a person: the record, their ties, the niches they
    coordinate, the anonymisation if any, and every history version of each."""
    return {
        "person": personal_data.rows(Person.objects.filter(pk=person.pk), *PERSON_FIELDS)[0],
        "affiliations": personal_data.rows(
            Affiliation.objects.filter(person=person).order_by("organisation__name", "pk"),
            "organisation__name",
            "job_title",
        ),
        "coordinated_niches": personal_data.rows(
            Creneau.objects.filter(coordinator=person).order_by("slug"), "slug", "name_fr", "ended_on"
        ),
        "anonymisation": personal_data.rows(
            Anonymisation.objects.filter(person=person), "basis", "explanation", "by__email", "at"
        ),
        # The partner search's contact requests their account wrote (decision 58).
        "contact_requests": personal_data.rows(
            ContactRequest.objects.filter(requester__person=person).order_by("requested_at", "pk"),
            "offer__label_fr",
            "requester_organisation__name",
            "message",
            "status",
            "requested_at",
        ),
        "history": personal_data.history_rows(
            Person.history.filter(id=person.pk),
            "first_name",
            "last_name",
            "email",
            "phone",
            "preferred_language",
            "region_id",
        ),
        "affiliation_history": personal_data.history_rows(
            Affiliation.history.filter(person_id=person.pk), "organisation_id", "job_title"
        ),
    }


def accounts_personal_data(person: Person) -> dict[str, Any]:
    """What accounts hold about the person, through the account tied to them (if any)."""
    user = User.objects.filter(person=person).first()
    return {"account": None} if user is None else account_selectors.account_personal_data(user)


def person_personal_data(person: Person) -> dict[str, Any]:
    """Everything every app holds about one person (the export's content), in sections by app."""
    return {
        "format": "accord-personal-data/1",
        "generated_at": personal_data.plain(timezone.now()),
        "person_id": person.pk,
        "sections": {source.key: source.export(person) for source in personal_data.sources()},
    }


def legal_holds(person: Person, today: datetime.date | None = None) -> list[str]:
    """Why the person cannot be anonymised today, from every app (empty: nothing holds it)."""
    today = today or timezone.localdate()
    return [reason for source in personal_data.sources() for reason in source.holds(person, today)]


def registry_holds(person: Person, today: datetime.date) -> list[str]:
    """The registry's legal hold: a current niche's fact sheet names its coordinator."""
    niches = Creneau.objects.filter(coordinator=person).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    return [
        _("They coordinate the niche %(niche)s, whose public fact sheet names them.") % {"niche": niche.name_fr}
        for niche in niches.order_by("slug")
    ]


def accounts_holds(person: Person, today: datetime.date) -> list[str]:
    """Accounts' legal hold: a current staff role acts in the program's name."""
    roles = RoleAssignment.objects.current(today).filter(user__person=person)
    if roles.exists():
        return [_("Their account holds a current staff role: end it first.")]
    return []


def account_powers(person: Person, on: datetime.date) -> list[powers.Power]:
    """The staff roles of the person's account in force on the day (one query)."""
    assignments = RoleAssignment.objects.current(on).filter(user__person=person).select_related("region")
    return [
        powers.Power(
            source=_("Staff role"),
            what=str(assignment),
            opens=_("The back office of the region %(region)s") % {"region": assignment.region}
            if assignment.region_id
            else _("The back office of the whole program"),
            until=assignment.ends_on,
        )
        for assignment in assignments
    ]


# --- Partner search (decision 58) ----------------------------------------------------------


def search_offers(offers: OfferQuerySet, question: str) -> OfferQuerySet:
    """The offers whose text holds every stem of the question (partners.question_terms), accents,
    case, plurals and grammatical words aside: « qui usine des composites ? » finds « Usinage de
    pièces composites ». A question of grammatical words only selects nothing."""
    terms = question_terms(question)
    if not terms:
        return offers.none()
    for term in terms:
        offers = offers.filter(search_text__contains=term)
    return offers


def partner_results(offers: OfferQuerySet) -> OfferQuerySet:
    """Offers as the partner search lists them: with their organisation, its region and its
    active créneaux (`creneau_list`), in three queries whatever their number."""
    creneaux = Creneau.objects.active().only("pk", "slug", "name_fr", "name_en", "coordinator_id")
    organisations = Organisation.objects.only("pk", "slug", "name", "region").prefetch_related(
        REGION, Prefetch("creneaux", queryset=creneaux, to_attr="creneau_list")
    )
    return offers.prefetch_related(Prefetch("organisation", queryset=organisations)).order_by("kind", "label_fr", "pk")


def sector_choices() -> list[tuple[str, str]]:
    """The sectors the active offers name, each once (its first spelling), for the filter (one query)."""
    seen: dict[str, str] = {}
    rows = (
        Offer.objects.active().exclude(sector_key="").order_by("sector_key", "pk").values_list("sector_key", "sector")
    )
    for key, label in rows:
        seen.setdefault(key, label)
    return list(seen.items())


def organisation_offers(organisation: Organisation, *, ended: bool = False) -> list[Offer]:
    """An organisation's capabilities and needs for its page (active ones; ended ones too when asked)."""
    offers = organisation.offers.select_related("ended_by").order_by("ended_at", "kind", "label_fr", "pk")
    return list(offers if ended else offers.filter(ended_at__isnull=True))


def offer_history(organisation: Organisation, limit: int = 50) -> list[Any]:
    """The last changes to the organisation's capabilities and needs: who, when, why (one query)."""
    return list(
        Offer.history.filter(organisation_id=organisation.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )


def contact_requests(requests: QuerySet[ContactRequest]) -> QuerySet[ContactRequest]:
    """Contact requests as their page lists them, pending first, with who asked for what."""
    return requests.select_related("offer__organisation", "requester", "requester_organisation", "handled_by").order_by(
        Case(When(status=ContactStatus.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "-requested_at",
        "-pk",
    )


def coordinators_for(offer: Offer) -> list[Person]:
    """The people a contact request goes to: the coordinators of the active créneaux the offer's
    organisation is a member of, each once, as today's mandates name them."""
    return list(
        Person.objects.filter(
            coordinated_creneaux__ended_on__isnull=True,
            coordinated_creneaux__memberships__organisation_id=offer.organisation_id,
        )
        .distinct()
        .order_by("pk")
    )


def contact_queue(user: Any, on: datetime.date) -> list[queues.Queue]:
    """The notification centre's queue of a coordinator's pending contact requests."""
    if not getattr(user, "is_authenticated", False) or getattr(user, "person_id", None) is None:
        return []
    pending = policies.addressed_contact_requests(user).filter(status=ContactStatus.PENDING)
    url = reverse("registry:contact_request_list")

    def item(contact: ContactRequest) -> queues.Item:
        return queues.Item(
            subject=str(contact.offer.label),
            url=url,
            since=queues.as_date(contact.requested_at),
            detail=contact.requester_organisation.name,
        )

    return [
        queues.from_queryset(
            "contact_requests",
            _("Contact requests to forward"),
            pending.select_related("offer", "requester_organisation"),
            since="requested_at",
            item=item,
            action=url,
            order=60,
        )
    ]
