"""Every write to the registry.

Forms, the API, imports, management commands and tests all call these functions, so
the same policy checks, validation and history apply whatever the entry point. Each
service checks the actor's powers (PermissionDenied), validates (ValidationError, nothing
saved), locks the row it changes, saves only the changed fields and records who and why.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from accord.accounts import services as account_services
from accord.accounts.models import User
from accord.core import public, retention, validation
from accord.core.services import (
    actor_or_none,
    apply_changes,
    check_revision,
    count_revision,
    create_with_history,
    delete_with_history,
    labels,
    lock,
    sync_links,
    unique_slug,
    unique_slug_base,
)

from . import notify, personal_data, policies, selectors, standing, watchers
from .models import (
    Affiliation,
    Anonymisation,
    AnonymisationBasis,
    ContactRequest,
    ContactStatus,
    Creneau,
    CreneauRegion,
    ImportBatch,
    Membership,
    Offer,
    Organisation,
    Person,
    Region,
    ResourceRegionStatus,
)

# --- Organisations -------------------------------------------------------------------------


@transaction.atomic
def create_organisation(
    *, actor: Any, data: Mapping[str, Any], creneaux: Iterable[Creneau] = (), reason: str = ""
) -> Organisation:
    """Add an organisation to the registry, with its créneau memberships."""
    # The public site shows it: its pages change in this very transaction.
    public.bump()
    if not policies.can_create_organisation(actor, data.get("region")):
        raise PermissionDenied(_("You may not add organisations in this region."))
    organisation = Organisation(**data)
    organisation.slug = unique_slug(Organisation, organisation.name)
    create_with_history(organisation, actor=actor, reason=reason)
    set_memberships(organisation, creneaux, actor=actor, reason=reason)
    return organisation


@transaction.atomic
def update_organisation(
    organisation: Organisation,
    *,
    actor: Any,
    data: Mapping[str, Any],
    creneaux: Iterable[Creneau] | None = None,
    reason: str = "",
    revision: int | None = None,
) -> list[str]:
    """Change an organisation; returns the names of the fields that changed.

    Moving an organisation to another region needs powers over both regions. `revision`
    is the one the editor started from: EditConflict, nothing changed, when it is stale.
    """
    public.bump()
    organisation.refresh_from_db(from_queryset=Organisation.objects.select_for_update())
    if not policies.can_edit_organisation(actor, organisation):
        raise PermissionDenied(_("You may not change this organisation."))
    new_region = data.get("region", organisation.region)
    if new_region != organisation.region and not policies.can_create_organisation(actor, new_region):
        raise PermissionDenied(_("You may not move this organisation to that region."))
    if creneaux is not None:
        # The memberships are part of the edit: a stale form must not reset them either.
        creneaux = list(creneaux)
        check_revision(
            organisation,
            {**data, "creneaux": labels(creneaux)},
            revision,
            current={"creneaux": labels(organisation.creneaux.all())},
        )
    changed = apply_changes(organisation, data, actor=actor, reason=reason, revision=revision)
    if creneaux is not None:
        added, removed = set_memberships(organisation, creneaux, actor=actor, reason=reason)
        if added or removed:
            changed.append("creneaux")
            count_revision(organisation)
    if {"kind", "is_published"} & set(changed):
        # Whether it counts among its créneaux' member enterprises (standing.py).
        standing.restate_members_of([organisation.pk])
    if changed:
        watchers.organisation_changed(organisation.pk, changed)
    return changed


def set_memberships(
    organisation: Organisation, creneaux: Iterable[Creneau], *, actor: Any, reason: str = ""
) -> tuple[list[Any], list[Any]]:
    """Make the organisation a member of exactly these créneaux."""
    public.bump()
    existing = {m.creneau_id: m for m in organisation.memberships.all()}
    added, removed = sync_links(
        existing,
        (c.pk for c in creneaux),
        build=lambda creneau_id: Membership(
            organisation=organisation, creneau_id=creneau_id, joined_on=datetime.date.today()
        ),
        actor=actor,
        reason=reason,
    )
    # The créneaux' member enterprises by year joined (standing.py).
    standing.restate([*added, *removed])
    return added, removed


@transaction.atomic
def import_organisations(
    rows: Sequence[tuple[Mapping[str, Any], Sequence[Creneau]]],
    *,
    actor: Any,
    reason: str,
    import_batch: ImportBatch | None = None,
) -> list[Organisation]:
    """Add many organisations at once, unpublished, with their memberships and history.

    The import's path for new records: the same checks as `create_organisation` (powers,
    field validation, NUL and line breaks), written with a few INSERTs per call instead of
    a few per row. Each row's region and créneaux come already resolved by the caller's
    lookups, so the region is not looked up again; the database keeps the NEQ unique. The
    organisations wait for a person to publish them (publish_organisations): nothing on
    the public site changes here, nor the créneaux' member enterprises (standing.py).
    """
    organisations = []
    for data, _creneaux in rows:
        if not policies.can_create_organisation(actor, data.get("region")):
            raise PermissionDenied(_("You may not add organisations in this region."))
        organisation = Organisation(**data, is_published=False, import_batch=import_batch)
        validation.reject_nul_characters(organisation)
        validation.reject_line_breaks_in_fields(organisation)
        organisation.full_clean(exclude=["region", "slug"], validate_unique=False, validate_constraints=False)
        organisation.search_text = organisation.build_search_text()
        organisations.append(organisation)
    _assign_unique_slugs(organisations)
    author = actor_or_none(actor)
    bulk_create_with_history(
        organisations, Organisation, batch_size=500, default_user=author, default_change_reason=reason
    )
    today = datetime.date.today()
    memberships = [
        Membership(organisation=organisation, creneau=creneau, joined_on=today)
        for organisation, (_data, creneaux) in zip(organisations, rows, strict=True)
        for creneau in creneaux
    ]
    bulk_create_with_history(memberships, Membership, batch_size=500, default_user=author, default_change_reason=reason)
    return organisations


def _assign_unique_slugs(organisations: Sequence[Organisation]) -> None:
    """`unique_slug` for many new rows: one query for the taken slugs, however many rows."""
    bases = [unique_slug_base(o.name) for o in organisations]
    taken: set[str] = set()
    wanted = sorted(set(bases))
    for start in range(0, len(wanted), 500):
        taken.update(Organisation.objects.filter(slug__in=wanted[start : start + 500]).values_list("slug", flat=True))
    # A base already taken may have -2, -3… taken too: read those for the few bases concerned.
    clashing = {base for base in wanted if base in taken}
    if clashing:
        prefixes = Q()
        for base in clashing:
            prefixes |= Q(slug__startswith=f"{base}-")
        taken.update(Organisation.objects.filter(prefixes).values_list("slug", flat=True))
    for organisation, base in zip(organisations, bases, strict=True):
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        organisation.slug = slug


@transaction.atomic
def publish_organisations(organisations: Iterable[Organisation], *, actor: Any, reason: str = "") -> int:
    """Put unpublished organisations on the public site; returns how many were published.

    Each needs the actor's powers over it (PermissionDenied, nothing published otherwise).
    The rows are locked and each gets a history version saying who published it and why.
    """
    public.bump()
    pks = [o.pk for o in organisations]
    locked = list(Organisation.objects.select_for_update().filter(pk__in=pks, is_published=False).order_by("pk"))
    for organisation in locked:
        if not policies.can_publish_organisation(actor, organisation):
            raise PermissionDenied(_("You may not publish “%(name)s”.") % {"name": organisation})
    now = timezone.now()
    for organisation in locked:
        organisation.is_published = True
        organisation.revision += 1
        organisation.updated_at = now
    # One UPDATE per 500 rows and their history versions in bulk: publishing an import of
    # thousands of organisations is one short transaction.
    locked_pks = [o.pk for o in locked]
    for start in range(0, len(locked_pks), 500):
        Organisation.objects.filter(pk__in=locked_pks[start : start + 500]).update(
            is_published=True, revision=F("revision") + 1, updated_at=now
        )
    Organisation.history.bulk_history_create(  # type: ignore[attr-defined]
        locked,
        update=True,
        batch_size=500,
        default_user=actor_or_none(actor),
        default_change_reason=reason or _("Published"),
        default_date=now,
    )
    # They count among their créneaux' member enterprises from now on (standing.py).
    standing.restate_members_of(locked_pks)
    return len(locked)


# --- People --------------------------------------------------------------------------------


@transaction.atomic
def create_person(*, actor: Any, data: Mapping[str, Any], reason: str = "", checked: bool = False) -> Person:
    """Add a person to the registry.

    `checked`: the caller has checked the row against records it read once for the whole
    file (an import: the region among the regions it read, the email against the people it
    read and the file's other rows), so neither is looked up again. The database's unique
    constraint still refuses an email someone saved meanwhile (IntegrityError).
    """
    public.bump()
    if not policies.can_create_person(actor, data.get("region")):
        raise PermissionDenied(_("You may not add people in this region."))
    person = Person(**data)
    if checked:
        create_with_history(person, actor=actor, reason=reason, exclude=("region",), validate_constraints=False)
    else:
        create_with_history(person, actor=actor, reason=reason)
    return person


@transaction.atomic
def update_person(
    person: Person, *, actor: Any, data: Mapping[str, Any], reason: str = "", revision: int | None = None
) -> list[str]:
    """Change a person's details; returns the names of the fields that changed.

    `revision` is the one the editor started from: EditConflict, nothing changed, when it is stale.
    """
    public.bump()
    person.refresh_from_db(from_queryset=Person.objects.select_for_update())
    if not policies.can_edit_person(actor, person):
        raise PermissionDenied(_("You may not change this person."))
    new_region = data.get("region", person.region)
    if new_region != person.region and new_region is not None and not policies.can_create_person(actor, new_region):
        raise PermissionDenied(_("You may not move this person to that region."))
    return apply_changes(person, data, actor=actor, reason=reason, revision=revision)


@transaction.atomic
def add_affiliation(
    person: Person,
    organisation: Organisation,
    *,
    actor: Any,
    job_title: str = "",
    reason: str = "",
    new_person: bool = False,
) -> Affiliation:
    """Tie a person to an organisation (or update the job title of an existing tie).

    `new_person`: the caller created the person in this transaction (an import's row) and
    read the organisation itself. Such a person has no tie yet, so their organisations'
    regions and an existing tie are not read, and the two references are not looked up
    again: the database checks them when the transaction commits.
    """
    # A new person's powers come from their own region alone: they have no organisation yet.
    organisation_region_ids: set[int] | None = set() if new_person else None
    if not policies.can_edit_person(actor, person, organisation_region_ids) or not policies.can_edit_organisation(
        actor, organisation
    ):
        raise PermissionDenied(_("You may not link this person to this organisation."))
    affiliation = Affiliation(person=person, organisation=organisation, job_title=job_title)
    if new_person:
        create_with_history(
            affiliation, actor=actor, reason=reason, exclude=("person", "organisation"), validate_constraints=False
        )
        return affiliation
    existing = Affiliation.objects.select_for_update().filter(person=person, organisation=organisation).first()
    if existing is not None:
        apply_changes(existing, {"job_title": job_title}, actor=actor, reason=reason)
        return existing
    create_with_history(affiliation, actor=actor, reason=reason)
    return affiliation


@transaction.atomic
def remove_affiliation(affiliation: Affiliation, *, actor: Any, reason: str = "") -> None:
    """End a person's tie to an organisation; the history keeps it.

    Like adding one, it needs powers over both: an affiliation makes its person a carrier of
    the organisation's projects, so another region's office may not end it.
    """
    if not policies.can_edit_person(actor, affiliation.person) or not policies.can_edit_organisation(
        actor, affiliation.organisation
    ):
        raise PermissionDenied(_("You may not unlink this person from this organisation."))
    delete_with_history(affiliation, actor=actor, reason=reason)


# --- Créneaux ------------------------------------------------------------------------------


@transaction.atomic
def create_creneau(*, actor: Any, data: Mapping[str, Any], regions: Iterable[Region], reason: str = "") -> Creneau:
    """Name a new créneau (ministry only); it needs at least one region."""
    public.bump()
    if not policies.can_create_creneau(actor):
        raise PermissionDenied(_("Only ministry staff may add a niche."))
    _refuse_coordinator(data)
    regions = list(regions)
    if not regions:
        raise ValidationError({"regions": _("A niche belongs to at least one region.")})
    creneau = Creneau(**data)
    if not creneau.slug:
        creneau.slug = unique_slug(Creneau, creneau.name_fr, max_length=120)
    create_with_history(creneau, actor=actor, reason=reason)
    set_creneau_regions(creneau, regions, actor=actor, reason=reason)
    return creneau


@transaction.atomic
def update_creneau(
    creneau: Creneau,
    *,
    actor: Any,
    data: Mapping[str, Any],
    regions: Iterable[Region] | None = None,
    reason: str = "",
    revision: int | None = None,
) -> list[str]:
    """Change a créneau. Regional offices edit the descriptive fields; status is the ministry's.

    An emptied slug is made again from the French name, as when the créneau was named.
    `revision` is the one the editor started from: EditConflict, nothing changed, when it is stale.
    """
    public.bump()
    creneau.refresh_from_db(from_queryset=Creneau.objects.select_for_update())
    if not policies.can_edit_creneau(actor, creneau):
        raise PermissionDenied(_("You may not change this niche."))
    _refuse_coordinator(data)
    if "slug" in data and not data["slug"]:
        name = data.get("name_fr") or creneau.name_fr
        data = {**data, "slug": unique_slug(Creneau, name, max_length=120, exclude_pk=creneau.pk)}
    status_changes = {k for k, v in data.items() if k in policies.CRENEAU_STATUS_FIELDS and getattr(creneau, k) != v}
    regions = list(regions) if regions is not None else None
    regions_change = regions is not None and {r.pk for r in regions} != set(
        creneau.regions.values_list("pk", flat=True)
    )
    if (status_changes or regions_change) and not policies.can_change_creneau_status(actor, creneau):
        raise PermissionDenied(_("Only ministry staff may change a niche's status, stage or regions."))
    if regions is not None:
        # The regions are part of the edit: a stale form must not reset them either.
        check_revision(
            creneau,
            {**data, "regions": labels(regions)},
            revision,
            current={"regions": labels(creneau.regions.all())},
        )
    changed = apply_changes(creneau, data, actor=actor, reason=reason, revision=revision)
    if regions is not None and regions_change:
        set_creneau_regions(creneau, regions, actor=actor, reason=reason)
        changed.append("regions")
        count_revision(creneau)
    return changed


def _refuse_coordinator(data: Mapping[str, Any]) -> None:
    """The coordinator is not edited here: governance keeps it (`record_coordinator`)."""
    if "coordinator" in data:
        raise ValidationError(
            {
                "coordinator": _(
                    "The coordinator is the holder of the coordinator mandate on the niche committee: "
                    "change the mandate in governance."
                )
            }
        )


def record_coordinator(creneau: Creneau, person: Person | None, *, actor: Any, reason: str = "") -> bool:
    """Write down who holds the coordinator mandate on the créneau's niche committee (decision 23).

    Only governance's services and its daily reconciliation call it, in the transaction that
    starts, approves or ends the mandate: they have checked the actor's powers on the committee.
    The registry keeps the row so its pages and the public fiche read the coordinator cheaply;
    nobody edits it elsewhere. Returns whether it changed (history records who and why).
    """
    lock(creneau)
    changed = apply_changes(creneau, {"coordinator": person}, actor=actor, reason=reason)
    if changed:
        public.bump()
    return bool(changed)


def set_creneau_regions(creneau: Creneau, regions: Iterable[Region], *, actor: Any, reason: str = "") -> None:
    """The créneau belongs to exactly these regions."""
    public.bump()
    regions = list(regions)
    if not regions:
        raise ValidationError({"regions": _("A niche belongs to at least one region.")})
    existing = {link.region_id: link for link in creneau.region_links.all()}
    sync_links(
        existing,
        (r.pk for r in regions),
        build=lambda region_id: CreneauRegion(creneau=creneau, region_id=region_id),
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def set_predecessors(creneau: Creneau, predecessors: Iterable[Creneau], *, actor: Any, reason: str = "") -> None:
    """Record the créneaux this one was born from (a merger), ministry only."""
    public.bump()
    if not policies.can_change_creneau_status(actor, creneau):
        raise PermissionDenied(_("Only ministry staff may record a merger."))
    predecessors = list(predecessors)
    if any(p.pk == creneau.pk for p in predecessors):
        raise ValidationError({"predecessors": _("A niche cannot be its own predecessor.")})
    creneau.predecessors.set(predecessors)


# --- Regions -------------------------------------------------------------------------------


@transaction.atomic
def update_region(
    region: Region, *, actor: Any, data: Mapping[str, Any], reason: str = "", revision: int | None = None
) -> list[str]:
    """Rename a region (ministry only); a stale `revision` raises EditConflict."""
    public.bump()
    region.refresh_from_db(from_queryset=Region.objects.select_for_update())
    if not policies.can_edit_region(actor, region):
        raise PermissionDenied(_("Only ministry staff may change a region."))
    return apply_changes(region, data, actor=actor, reason=reason, revision=revision)


@transaction.atomic
def add_resource_status(
    region: Region,
    *,
    actor: Any,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    source: str = "",
    reason: str = "",
) -> ResourceRegionStatus:
    """Declare a region a resource region for a period that overlaps no other of its periods."""
    public.bump()
    # Lock the region so two concurrent declarations cannot both pass the overlap check.
    Region.objects.select_for_update().get(pk=region.pk)
    if not policies.can_edit_region(actor, region):
        raise PermissionDenied(_("Only ministry staff may change a region's status."))
    overlapping = region.resource_statuses.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if overlapping.exists():
        raise ValidationError({"valid_from": _("This period overlaps another resource-region period of the region.")})
    status = ResourceRegionStatus(region=region, valid_from=valid_from, valid_to=valid_to, source=source)
    create_with_history(status, actor=actor, reason=reason)
    return status


@transaction.atomic
def end_resource_status(
    status: ResourceRegionStatus, *, actor: Any, valid_to: datetime.date, reason: str = ""
) -> ResourceRegionStatus:
    """Close an open resource-region period on a given day."""
    public.bump()
    status.refresh_from_db(from_queryset=ResourceRegionStatus.objects.select_for_update())
    if not policies.can_edit_region(actor, status.region):
        raise PermissionDenied(_("Only ministry staff may change a region's status."))
    apply_changes(status, {"valid_to": valid_to}, actor=actor, reason=reason)
    return status


# --- Law 25: anonymisation -------------------------------------------------------------------

#: What an anonymised person's record says instead of their name (stored data: not translated).
ANONYMOUS_FIRST_NAME = "Personne"
ANONYMOUS_LAST_NAME = "anonymisée"


@transaction.atomic
def anonymise_person(person: Person, *, actor: Any, basis: str, explanation: str) -> Anonymisation:
    """Replace a person's names and contacts for good, in their record and every history version.

    The privacy officer or the ministry decides it (a retention rule does it as the system:
    `actor=None`, basis `retention`), with a legal basis and an explanation, recorded with who
    and when. Refused while a legal hold applies (`selectors.legal_holds`: an open project of
    their organisation, a current mandate or one within the committees' retention period, a
    niche they coordinate, a current staff role). Each app registered in `personal_data` then
    replaces what it holds; the person's ties to organisations end. Irreversible.
    """
    lock(person)
    system = actor is None and basis == AnonymisationBasis.RETENTION
    if not system and not policies.can_anonymise_person(actor, person):
        raise PermissionDenied(_("Only the privacy officer or the ministry may anonymise a person."))
    if Anonymisation.objects.filter(person=person).exists():
        raise ValidationError(_("This person is already anonymised."))
    explanation = explanation.strip()
    if not explanation:
        raise ValidationError({"explanation": _("Explain why the information is anonymised.")})
    holds = selectors.legal_holds(person)
    if holds:
        raise ValidationError([_("A legal hold applies: %(reason)s") % {"reason": reason} for reason in holds])
    public.bump()
    reason = _("Anonymised (Law 25): %(basis)s") % {"basis": AnonymisationBasis(basis).label}
    for affiliation in list(Affiliation.objects.select_for_update().filter(person=person)):
        delete_with_history(affiliation, actor=actor, reason=reason)
    Affiliation.history.filter(person_id=person.pk).update(job_title="")
    values = {
        "first_name": ANONYMOUS_FIRST_NAME,
        "last_name": f"{ANONYMOUS_LAST_NAME} {person.pk}",
        "email": None,
        "phone": "",
    }
    # Sources that find their rows by address (event registrations) read the one it had.
    person.former_email = person.email  # type: ignore[attr-defined]
    apply_changes(person, values, actor=actor, reason=reason)
    # Every earlier version said who they were: each now says what the record says.
    Person.history.filter(id=person.pk).update(**values)
    for source in personal_data.sources():
        source.anonymise(person, actor=actor, reason=reason)
    anonymisation = Anonymisation(person=person, basis=basis, explanation=explanation, by=actor_or_none(actor))
    create_with_history(anonymisation, actor=actor, reason=reason)
    return anonymisation


def anonymise_account_of(person: Person, *, actor: Any, reason: str) -> None:
    """The accounts' part of an anonymisation: the account tied to the person, if any."""
    user = User.objects.filter(person=person).first()
    if user is not None:
        account_services.anonymise_account(user, actor=actor, reason=reason)
        # What they wrote to coordinators (decision 58) may name them: the words go, the request stays.
        ContactRequest.objects.filter(requester=user).update(message=ANONYMISED_MESSAGE)
        ContactRequest.history.filter(requester_id=user.pk).update(message=ANONYMISED_MESSAGE)


#: People with no tie left are anonymised after this long without any change to their record.
INACTIVE_PERSON_PERIOD = retention.years(5)


def anonymise_inactive_people(today: datetime.date, *, dry_run: bool = False) -> int:
    """Retention rule `inactive_people`: a person tied to no organisation and no account, whose
    record has not changed for the period and whom no legal hold keeps, is anonymised."""
    candidates = (
        Person.objects.filter(updated_at__lt=retention.cutoff(today, INACTIVE_PERSON_PERIOD))
        .exclude(Exists(Affiliation.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(User.objects.filter(person=OuterRef("pk"))))
        .exclude(Exists(Anonymisation.objects.filter(person=OuterRef("pk"))))
        .order_by("pk")
    )
    count = 0
    for person in candidates:
        if selectors.legal_holds(person, today):
            continue
        count += 1
        if not dry_run:
            anonymise_person(
                person,
                actor=None,
                basis=AnonymisationBasis.RETENTION,
                explanation=str(_("Retention rule: no tie to the program for %(years)s years.") % {"years": 5}),
            )
    return count


# --- Partner search (decision 58) ----------------------------------------------------------

#: What an anonymised person's contact requests say instead of their message.
ANONYMISED_MESSAGE = "—"

#: The fields of an offer its declarers write.
OFFER_FIELDS = ("kind", "label_fr", "label_en", "description", "sector")


@transaction.atomic
def declare_offer(organisation: Organisation, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> Offer:
    """Declare a capability or a need of the organisation, for the partner search.

    The organisation's people, the coordinators of its créneaux, its regional office and the ministry
    may (policies.can_declare_offers, from today's affiliations and mandates); its history says who.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not policies.can_declare_offers(actor, organisation):
        raise PermissionDenied(_("You may not declare the capabilities and needs of this organisation."))
    offer = Offer(organisation=organisation, **{name: data[name] for name in OFFER_FIELDS if name in data})
    return create_with_history(offer, actor=actor, reason=reason)


@transaction.atomic
def update_offer(offer: Offer, *, actor: Any, data: Mapping[str, Any], reason: str = "") -> list[str]:
    """Change an active offer's words or kind; returns the fields that changed. An ended one is kept
    as it was: declare a new one."""
    lock(offer)
    if not policies.can_declare_offers(actor, offer.organisation):
        raise PermissionDenied(_("You may not declare the capabilities and needs of this organisation."))
    if not offer.is_active:
        raise ValidationError(_("This offer has ended: declare a new one instead."))
    return apply_changes(offer, {name: data[name] for name in OFFER_FIELDS if name in data}, actor=actor, reason=reason)


@transaction.atomic
def end_offer(offer: Offer, *, actor: Any, reason: str) -> Offer:
    """End an offer that no longer holds: it leaves the search, and stays in the organisation's history
    with who ended it, when and why (nothing is deleted)."""
    lock(offer)
    if not policies.can_declare_offers(actor, offer.organisation):
        raise PermissionDenied(_("You may not declare the capabilities and needs of this organisation."))
    if not offer.is_active:
        raise ValidationError(_("This offer has already ended."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the offer ends.")})
    apply_changes(offer, {"ended_at": timezone.now(), "ended_by": actor_or_none(actor)}, actor=actor, reason=reason)
    return offer


@transaction.atomic
def request_contact(offer: Offer, *, actor: Any, requester_organisation: Organisation, message: str) -> ContactRequest:
    """Ask to be put in touch with the organisation behind an offer, through the coordinators of its
    créneaux: the request is recorded and each coordinator is emailed after the commit. No one's
    personal address is given to the requester (decision 58)."""
    if not policies.visible_offers(actor).filter(pk=offer.pk).exists():
        raise PermissionDenied(_("This offer is not open to a contact request."))
    if not policies.requester_organisations(actor).filter(pk=requester_organisation.pk).exists():
        raise PermissionDenied(_("You may write only on behalf of an organisation you belong to."))
    if requester_organisation.pk == offer.organisation_id:
        raise ValidationError({"requester_organisation": _("This offer is your own organisation's.")})
    if not (message or "").strip():
        raise ValidationError({"message": _("Write a message for the coordinator.")})
    if not selectors.coordinators_for(offer):
        raise ValidationError(_("No coordinator can forward this request today: none of its niches has one."))
    contact = ContactRequest(
        offer=offer, requester=actor, requester_organisation=requester_organisation, message=message.strip()
    )
    create_with_history(contact, actor=actor, reason=_("Contact request"))
    contact_id = contact.pk
    transaction.on_commit(lambda: notify.notify_contact_request.delay(contact_id))
    return contact


@transaction.atomic
def handle_contact_request(contact: ContactRequest, *, actor: Any, outcome: str, note: str = "") -> ContactRequest:
    """The coordinator forwards a pending request to the organisation, or declines it with a note;
    who, when and why are recorded. A handled request is not handled again."""
    lock(contact)
    if not policies.visible_contact_requests(actor).filter(pk=contact.pk).exists():
        raise PermissionDenied(_("This request is not addressed to you."))
    if contact.status != ContactStatus.PENDING:
        raise ValidationError(_("This request was already handled."))
    if outcome not in (ContactStatus.FORWARDED, ContactStatus.DECLINED):
        raise ValidationError({"outcome": _("Choose to forward or to decline.")})
    if outcome == ContactStatus.DECLINED and not (note or "").strip():
        raise ValidationError({"note": _("Say why the request is declined.")})
    apply_changes(
        contact,
        {"status": outcome, "handled_by": actor_or_none(actor), "handled_at": timezone.now(), "note": note.strip()},
        actor=actor,
        reason=note.strip(),
    )
    return contact
