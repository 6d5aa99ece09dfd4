"""Who may see and change registry records.

Two kinds of functions, as in every app:
- `visible_*` (the public site, the API) and `manageable_*` (the back office) return
  querysets scoped to the user: the pages start from them, so an object outside the user's
  scope is a 404;
- `can_*` answer yes or no for one action on one object: no means 403.

Public pages show regions, créneaux and organisations to everyone, without contact
details. Staff roles (ministry: whole program; regional office: its region) give the
right to manage records in scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accord.accounts.policies import can_oversee_privacy, scope_for
from accord.core.access import Area

from . import members
from .models import (
    Affiliation,
    ContactRequest,
    ContactStatus,
    Creneau,
    CreneauQuerySet,
    ImportBatch,
    Membership,
    Offer,
    OfferQuerySet,
    Organisation,
    OrganisationQuerySet,
    Person,
    PersonQuerySet,
    Region,
    RegionQuerySet,
)

# Fields of a créneau that only the ministry may change (see can_change_creneau_status).
CRENEAU_STATUS_FIELDS = frozenset(
    {
        "slug",
        "category",
        "recognition_stage",
        "principle_agreement_on",
        "strategy_authorised_on",
        "implementation_agreement_on",
        "ended_on",
    }
)

# --- Reads ---------------------------------------------------------------------------------


def visible_regions(user: Any) -> RegionQuerySet:
    """Regions are public."""
    return Region.objects.all()


def visible_creneaux(user: Any) -> CreneauQuerySet:
    """Créneaux and their fact sheets are public, ended ones included (with their successors)."""
    return Creneau.objects.all()


def visible_organisations(user: Any) -> OrganisationQuerySet:
    """Published organisations are public; their contact details are not (see can_view_contact_details).

    One an import created stays unpublished until a person publishes it (decision 26): until
    then only the back office shows it (manageable_organisations).
    """
    return Organisation.objects.filter(is_published=True)


def manageable_organisations(user: Any) -> OrganisationQuerySet:
    """Organisations the user manages in the back office: all for the ministry, a region's for its office."""
    scope = scope_for(user)
    if scope.program_wide:
        return Organisation.objects.all()
    if scope.region_ids:
        return Organisation.objects.filter(region_id__in=scope.region_ids)
    return Organisation.objects.none()


def nameable_organisations(user: Any) -> OrganisationQuerySet:
    """Organisations the user may name in a back-office form (a créneau's managing organisation):
    the published ones, and the unpublished ones they manage (an import not yet published)."""
    return visible_organisations(user) | manageable_organisations(user)


def manageable_people(user: Any) -> PersonQuerySet:
    """People the user manages: the region's own records and people of the region's organisations.

    The privacy officer reads every person's record (to answer requests and anonymise), and
    may change none: `can_edit_person` says no to them.
    """
    scope = scope_for(user)
    if scope.program_wide or scope.privacy_officer:
        return Person.objects.all()
    if scope.region_ids:
        in_region_org = Affiliation.objects.filter(person=OuterRef("pk"), organisation__region_id__in=scope.region_ids)
        return Person.objects.filter(Q(region_id__in=scope.region_ids) | Exists(in_region_org))
    return Person.objects.none()


def manageable_creneaux(user: Any) -> CreneauQuerySet:
    """Créneaux the user manages: all for the ministry, those present in the office's region."""
    scope = scope_for(user)
    if scope.program_wide:
        return Creneau.objects.all()
    if scope.region_ids:
        return Creneau.objects.filter(
            Exists(Creneau.regions.through.objects.filter(creneau=OuterRef("pk"), region_id__in=scope.region_ids))
        )
    return Creneau.objects.none()


def manageable_regions(user: Any) -> RegionQuerySet:
    """Regions shown in the back office: all for the ministry, its own for a regional office."""
    scope = scope_for(user)
    if scope.program_wide:
        return Region.objects.all()
    return Region.objects.filter(pk__in=scope.region_ids)


def visible_import_batches(user: Any) -> QuerySet[ImportBatch]:
    """An import's file and its results are seen by the person who uploaded it, and no one else."""
    return ImportBatch.objects.filter(uploaded_by_id=getattr(user, "pk", None))


# --- Actions -------------------------------------------------------------------------------


def can_create_organisation(user: Any, region: Region | None) -> bool:
    """The ministry anywhere (or with no region); a regional office in its region."""
    scope = scope_for(user)
    if region is None:
        return scope.program_wide
    return scope.covers_region(region.pk)


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    """The ministry, or the office of the organisation's region."""
    return scope_for(user).covers_region(organisation.region_id)


def can_publish_organisation(user: Any, organisation: Organisation) -> bool:
    """Whoever may edit an organisation may put it on the public site."""
    return can_edit_organisation(user, organisation)


def can_view_contact_details(user: Any, organisation: Organisation) -> bool:
    """Contact details go to staff whose scope covers the organisation."""
    return can_edit_organisation(user, organisation)


def can_edit_person(user: Any, person: Person, organisation_region_ids: set[int] | None = None) -> bool:
    """The ministry, or the office of the person's region or of one of their organisations' regions."""
    scope = scope_for(user)
    if scope.program_wide:
        return True
    if organisation_region_ids is None:
        organisation_region_ids = set(
            person.affiliations.exclude(organisation__region__isnull=True).values_list(
                "organisation__region_id", flat=True
            )
        )
    regions = set(organisation_region_ids)
    if person.region_id is not None:
        regions.add(person.region_id)
    return scope.covers_any_region(regions)


def editable_people(user: Any, people: Iterable[Person]) -> set[int]:
    """The ids of those of `people` whom `can_edit_person` lets the user change, decided at once.

    For a file of thousands of rows (an import): their organisations' regions are read in one
    query per 500 people instead of one per person, and each answer is `can_edit_person`'s.
    """
    people = list(people)
    scope = scope_for(user)
    if scope.program_wide or not scope.region_ids:
        # All or nobody: the answer does not depend on anyone's organisations.
        return {p.pk for p in people if can_edit_person(user, p, set())}
    organisation_region_ids: dict[int, set[int]] = {p.pk: set() for p in people}
    pks = sorted(organisation_region_ids)
    for start in range(0, len(pks), 500):
        ties = Affiliation.objects.filter(person_id__in=pks[start : start + 500]).exclude(
            organisation__region__isnull=True
        )
        for person_id, region_id in ties.values_list("person_id", "organisation__region_id"):
            organisation_region_ids[person_id].add(region_id)
    return {p.pk for p in people if can_edit_person(user, p, organisation_region_ids[p.pk])}


def can_create_person(user: Any, region: Region | None) -> bool:
    """The ministry anywhere; a regional office for its region."""
    return can_create_organisation(user, region)


def can_create_creneau(user: Any) -> bool:
    """Naming a new créneau is a ministry decision."""
    return scope_for(user).program_wide


def can_edit_creneau(user: Any, creneau: Creneau, region_ids: set[int] | None = None) -> bool:
    """The ministry, or an office of one of the créneau's regions (descriptive fields only)."""
    scope = scope_for(user)
    if scope.program_wide:
        return True
    if not scope.region_ids:
        return False
    if region_ids is None:
        region_ids = set(creneau.regions.values_list("pk", flat=True))
    return scope.covers_any_region(region_ids)


def can_edit_creneaux(user: Any) -> bool:
    """The ministry and the regional offices edit créneaux (an office, those of its region): they
    are the ones who pick an organisation of the registry in the créneau's form."""
    return scope_for(user).is_staff


def can_change_creneau_status(user: Any, creneau: Creneau | None = None) -> bool:
    """Category, recognition stage, regions and end date are ministry decisions."""
    return scope_for(user).program_wide


def can_edit_region(user: Any, region: Region) -> bool:
    """Resource-region status drives the fund envelope: the ministry sets it."""
    return scope_for(user).program_wide


def can_import(user: Any) -> bool:
    """Staff may import organisations and people into their scope."""
    return scope_for(user).is_staff


def can_export_person(user: Any, person: Person) -> bool:
    """A person's whole file (every app's data, history included) goes to the privacy officer and
    the ministry, who answer access requests (Law 25); regional offices see the page only."""
    return can_oversee_privacy(user)


def can_anonymise_person(user: Any, person: Person) -> bool:
    """Anonymising is irreversible: the privacy officer and the ministry decide it."""
    return can_oversee_privacy(user)


def can_see_work(user: Any) -> bool:
    """Work queues are for staff and for the people of the registry (committee members, carriers):
    an account without a role and without a person has nothing that could wait for it."""
    return bool(user.is_authenticated and user.is_active and (scope_for(user).is_staff or user.person_id))


#: The notification centre's gate.
WORK = Area(can_see_work, _("Work queues are for staff, committee members and carriers' people."))


# --- Partner search (decision 58) ----------------------------------------------------------


def can_search_partners(user: Any) -> bool:
    """Members of a créneau (people of its member organisations, its niche committee, its
    coordinator), staff and the ministry search for partners; anonymous visitors and accounts tied
    to no créneau do not. Read once per request (members.creneaux_of keeps its answer)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return scope_for(user).is_staff or bool(members.creneaux_of(user)) or _coordinates(user)


def _coordinates(user: Any) -> bool:
    """Whether the user's person is the coordinator of an active créneau today (the registry's own fact)."""
    person_id = getattr(user, "person_id", None)
    return person_id is not None and Creneau.objects.active().filter(coordinator_id=person_id).exists()


#: The partner search's gate: sign in first, then a 403 with the reason.
PARTNERS = Area(
    can_search_partners,
    _("The partner search is for the members of the niches, their coordinators and staff."),
)


def visible_offers(user: Any) -> OfferQuerySet:
    """The offers a partner search shows: the active ones of published organisations, to whoever
    may search; nothing to anyone else (404)."""
    if not can_search_partners(user):
        return Offer.objects.none()
    return Offer.objects.active().filter(organisation__is_published=True)


def _coordinated_member(person_id: int | None, organisation_id: Any) -> Q:
    """Organisations member of an active créneau the person coordinates today."""
    coordinated = Membership.objects.filter(
        organisation=OuterRef(organisation_id),
        creneau__coordinator_id=person_id,
        creneau__ended_on__isnull=True,
    )
    return Q(Exists(coordinated))


def declarable_organisations(user: Any) -> OrganisationQuerySet:
    """Organisations whose capabilities and needs the user may declare: the ministry all; a
    regional office those of its region; a person those they are affiliated with; a coordinator the
    members of the créneaux they coordinate. From today's roles, affiliations and mandates."""
    scope = scope_for(user)
    if scope.program_wide:
        return Organisation.objects.all()
    conditions = []
    if scope.region_ids:
        conditions.append(Q(region_id__in=scope.region_ids))
    person_id = getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None
    if person_id is not None:
        conditions.append(Q(Exists(Affiliation.objects.filter(organisation=OuterRef("pk"), person_id=person_id))))
        conditions.append(_coordinated_member(person_id, "pk"))
    if not conditions:
        return Organisation.objects.none()
    condition = conditions[0]
    for other in conditions[1:]:
        condition |= other
    return Organisation.objects.filter(condition)


def can_declare_offers(user: Any, organisation: Organisation) -> bool:
    """Whether the user may add, change or end the organisation's capabilities and needs (one query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if scope_for(user).covers_region(organisation.region_id):
        return True
    return declarable_organisations(user).filter(pk=organisation.pk).exists()


def can_request_contact(user: Any, offer: Offer) -> bool:
    """Whoever may search and is tied to an organisation (on whose behalf they write) may ask to
    be put in touch with another one."""
    return can_search_partners(user) and bool(requester_organisations(user).exclude(pk=offer.organisation_id))


def requester_organisations(user: Any) -> OrganisationQuerySet:
    """The organisations on whose behalf the user may write: those their person is affiliated with."""
    person_id = getattr(user, "person_id", None) if user is not None and user.is_authenticated else None
    if person_id is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(affiliations__person_id=person_id)


def visible_contact_requests(user: Any) -> QuerySet[ContactRequest]:
    """The contact requests the user handles: the ministry all of them; a coordinator those made to
    the members of the créneaux they coordinate today (a new coordinator takes over the pending ones)."""
    if not getattr(user, "is_authenticated", False):
        return ContactRequest.objects.none()
    if scope_for(user).program_wide:
        return ContactRequest.objects.all()
    return addressed_contact_requests(user)


def addressed_contact_requests(user: Any) -> QuerySet[ContactRequest]:
    """The contact requests addressed to the user as the coordinator of a créneau the target
    organisation is a member of (their work queue)."""
    person_id = getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None
    if person_id is None:
        return ContactRequest.objects.none()
    return ContactRequest.objects.filter(_coordinated_member(person_id, "offer__organisation_id"))


def can_handle_contact_request(user: Any, contact: ContactRequest) -> bool:
    """A pending request is forwarded or declined by the coordinator it is addressed to, or the ministry."""
    return contact.status == ContactStatus.PENDING and visible_contact_requests(user).filter(pk=contact.pk).exists()


def can_see_contact_requests(user: Any) -> bool:
    """The requests' page is for the ministry and the coordinators of active créneaux."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return scope_for(user).program_wide or _coordinates(user)


#: The contact requests' gate.
CONTACTS = Area(
    can_see_contact_requests,
    _("Contact requests are handled by the coordinators of the niches and the ministry."),
)
