"""Synthetic registry data for `make bench`: the demo, national and international scales.

Bench data is not business data. Rows go straight into the tables with bulk_create,
without the services' history rows, because going through the services would take
hours at the international scale. Every database constraint still holds (unique slugs,
NEQs and emails, enterprise-only fields, recognition dates in stage order), and
`search_text`, which save() would derive, is computed with the model's own
`build_search_text`, so searches find these rows exactly as they find real ones.

Names come from the demo's word lists, and cities from each region's own list, so a
city's name ("sherbrooke", the bench's search) matches a few hundred organisations at
every scale, and a name part ("technologies") about a tenth of them.

Committees, meetings and resolutions (governance.py), then the fund's period, envelopes
and projects with their ledger (funding.py), are generated the same way on top, their
statuses and steps taken from the apps' workflow tables; last, each créneau's plans,
indicators, targets and values (results.py).
"""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import transaction
from django.utils.text import slugify

from accord.accounts.models import Role, RoleAssignment, User
from accord.core.text import normalize
from accord.funding.models import LedgerEntry, Project
from accord.governance.models import Committee, Meeting, Resolution
from accord.registry import standing as registry_standing
from accord.registry.demo import data as demo_data
from accord.registry.models import (
    Affiliation,
    Creneau,
    CreneauCategory,
    CreneauRegion,
    ManagementStructure,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    RecognitionStage,
    Region,
    ResourceRegionStatus,
    SizeBand,
    TransformationLevel,
)
from accord.registry.validators import NEQ_PREFIXES
from accord.results.models import IndicatorValue

from . import communication, funding
from .communication import CommunicationGenerator
from .funding import FundingGenerator
from .governance import GovernanceGenerator, People
from .results import ResultsGenerator

# Bump when the generated data changes shape: stored bench databases are then rebuilt.
GENERATOR_VERSION = 9
BATCH_SIZE = 5_000
BENCH_DOMAIN = "bench.accord.example"
BENCH_USER_EMAIL = f"ministere@{BENCH_DOMAIN}"
# Who submitted the indicator values: another account than the bench's, whose approval queue they fill
# as the coordinators' values fill the ministry's (version 9; before, the bench's own account had
# submitted them all, and its queue was always empty).
BENCH_REPORTER_EMAIL = f"saisie@{BENCH_DOMAIN}"


@dataclass(frozen=True)
class Scale:
    """How many rows of each kind a synthetic scale has."""

    name: str
    regions: int
    creneaux: int
    organisations: int
    people: int
    meetings: int
    resolutions: int
    projects: int
    # Indicator values (with the plans, indicators and targets they belong to): results.py.
    indicator_values: int = 0
    # News and success stories, and events: communication.py (an addition).
    publications: int = 0
    events: int = 0


NATIONAL = Scale(
    "national",
    regions=17,
    creneaux=60,
    organisations=20_000,
    people=50_000,
    meetings=2_000,
    resolutions=20_000,
    projects=5_000,
    indicator_values=200_000,
    publications=5_000,
    events=10_000,
)
INTERNATIONAL = Scale(
    "international",
    regions=150,
    creneaux=3_000,
    organisations=300_000,
    people=1_000_000,
    meetings=50_000,
    resolutions=500_000,
    projects=100_000,
    indicator_values=5_000_000,
    publications=100_000,
    events=200_000,
)
SYNTHETIC_SCALES = {scale.name: scale for scale in (NATIONAL, INTERNATIONAL)}
# The demo scale is `load_demo` itself: the bench then measures what `make run` shows.
DEMO = "demo"
SCALE_NAMES = (DEMO, *SYNTHETIC_SCALES)

Log = Callable[[str], None]


def _silent(message: str) -> None:
    """The default progress log: say nothing."""


def row_counts() -> dict[str, int]:
    """How many rows the main generated tables hold; the marker compares them to detect stale data."""
    return {
        "regions": Region.objects.count(),
        "creneaux": Creneau.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "people": Person.objects.count(),
        "affiliations": Affiliation.objects.count(),
        "committees": Committee.objects.count(),
        "meetings": Meeting.objects.count(),
        "resolutions": Resolution.objects.count(),
        "projects": Project.objects.count(),
        "ledger_entries": LedgerEntry.objects.count(),
        "indicator_values": IndicatorValue.objects.count(),
    }


@dataclass(frozen=True)
class Addition:
    """Data added to the generator after the rest: a database whose other data is current gets it
    alone (`add`), without the rest generated again (international generation takes most of an
    hour). Its `version` is its own: bump it when its rows change shape."""

    name: str
    version: int
    write: Callable[[Scale, random.Random, Log], None]
    counts: Callable[[], dict[str, int]]
    clear: Callable[[], None]


def _communication(scale: Scale, rng: random.Random, log: Log) -> None:
    CommunicationGenerator(publications=scale.publications, events=scale.events, rng=rng, log=log).run()


def _public_projects(scale: Scale, rng: random.Random, log: Log) -> None:
    funding.publish_projects(log)


ADDITIONS = (
    Addition("communication", 1, _communication, communication.row_counts, communication.clear),
    # The projects on the public site (decision 54): one closed project in five.
    Addition("public-projects", 1, _public_projects, funding.published_counts, funding.unpublish_projects),
)


def add(scale: Scale | None, done: dict[str, Any], *, log: Log = _silent) -> dict[str, Any]:
    """Write each addition this database lacks, or holds in another version or with other counts, and
    return what the marker then records of them: {name: {"version", "counts"}}. The demo (`scale`
    None) has its own, which load_demo writes through the services: only their counts are recorded."""
    recorded: dict[str, Any] = {}
    for addition in ADDITIONS:
        current = {"version": addition.version, "counts": addition.counts()}
        if scale is not None and done.get(addition.name) != current:
            log(f"adding {addition.name} (version {addition.version})")
            with transaction.atomic():
                addition.clear()
                addition.write(scale, random.Random(f"accord-bench-{scale.name}-{addition.name}"), log)
            current = {"version": addition.version, "counts": addition.counts()}
        recorded[addition.name] = current
    return recorded


def populate(scale_name: str, *, log: Log = _silent) -> dict[str, int]:
    """Fill an empty, migrated database with the scale's data and the bench's ministry user."""
    if scale_name == DEMO:
        # The demo goes through the services (history, rules): the real thing, just small.
        call_command("load_demo", stdout=io.StringIO())
        ensure_bench_user()
        return row_counts()
    return generate(SYNTHETIC_SCALES[scale_name], log=log)


def ensure_bench_user() -> User:
    """The ministry account the bench signs in as for the back office, the API and the admin's projects."""
    user = User.objects.filter(email=BENCH_USER_EMAIL).first()
    if user is None:
        # No password: the bench signs in with force_login, nobody can sign in with it.
        user = User.objects.create_user(
            BENCH_USER_EMAIL, None, first_name="Banc d'essai", last_name="Ministère", is_staff=True
        )
        user.user_permissions.add(Permission.objects.get(content_type__app_label="funding", codename="view_project"))
    if not RoleAssignment.objects.current().filter(user=user, role=Role.MINISTRY).exists():
        RoleAssignment.objects.create(
            user=user, role=Role.MINISTRY, starts_on=datetime.date(2000, 1, 1), note="make bench"
        )
    return user


def ensure_bench_reporter() -> User:
    """The account that submitted the synthetic indicator values (no role: nobody signs in with it)."""
    user = User.objects.filter(email=BENCH_REPORTER_EMAIL).first()
    return user or User.objects.create_user(BENCH_REPORTER_EMAIL, None, first_name="Banc d'essai", last_name="Saisie")


def generate(scale: Scale, *, seed: str | None = None, log: Log = _silent) -> dict[str, int]:
    """Write the scale's synthetic rows into an empty registry, the same rows for the same seed."""
    rng = random.Random(seed or f"accord-bench-{scale.name}")
    with transaction.atomic():
        _Generator(scale, rng, log).run()
        ensure_bench_user()
    return row_counts()


# --- Word lists ------------------------------------------------------------------------------

LEGAL_FORMS = ["inc.", "inc.", "ltée", "s.e.n.c.", "coop"]
CITY_PREFIXES = ["Saint", "Sainte", "Lac", "Mont", "Val", "Pointe", "Cap", "Port", "Notre-Dame-de"]
REGION_SUFFIXES = ["Nord", "Sud", "Est", "Ouest", "Centre", "Littoral", "Plateau", "Vallée", "Côte", "Haut-Pays"]
STREETS = ["Principale", "Notre-Dame", "du Parc", "King", "de l'Église", "Saint-Laurent", "des Érables"]
# Weights of the organisation kinds: mostly enterprises, as in the program's registry.
KIND_WEIGHTS = {
    OrganisationKind.ENTERPRISE: 80,
    OrganisationKind.RESEARCH_CENTRE: 4,
    OrganisationKind.COLLEGE_UNIVERSITY: 3,
    OrganisationKind.SECTOR_ASSOCIATION: 4,
    OrganisationKind.ECONOMIC_DEVELOPMENT: 4,
    OrganisationKind.PUBLIC_BODY: 3,
    OrganisationKind.FOREIGN_CLUSTER: 1,
    OrganisationKind.OTHER: 1,
}
PARTNER_NAMES: dict[str, str] = {
    OrganisationKind.RESEARCH_CENTRE: "Centre de recherche {root} de {city}",
    OrganisationKind.COLLEGE_UNIVERSITY: "Cégep {root} de {city}",
    OrganisationKind.SECTOR_ASSOCIATION: "Association des entreprises {root} de {city}",
    OrganisationKind.ECONOMIC_DEVELOPMENT: "Corporation de développement économique de {city}",
    OrganisationKind.PUBLIC_BODY: "Bureau régional {root} de {city}",
    OrganisationKind.FOREIGN_CLUSTER: "Pôle {root} de {foreign}",
    OrganisationKind.OTHER: "Regroupement {root} de {city}",
}
SIZE_WEIGHTS = {SizeBand.MICRO: 30, SizeBand.SMALL: 50, SizeBand.MEDIUM: 15, SizeBand.LARGE: 5}
STAGE_WEIGHTS = {
    RecognitionStage.PRINCIPLE_AGREEMENT: 15,
    RecognitionStage.STRATEGY_AUTHORISED: 25,
    RecognitionStage.RECOGNISED: 60,
}
CATEGORY_WEIGHTS = {
    CreneauCategory.LEADER: 35,
    CreneauCategory.ASSOCIATE: 35,
    CreneauCategory.EMERGING: 20,
    CreneauCategory.UNDER_EVALUATION: 10,
}
INTERREGIONAL_SHARE = 0.15
ENDED_SHARE = 0.05
SYNTHETIC_RESOURCE_SHARE = 0.4


class _Slugs:
    """Unique slugs without a query per row: -2, -3… on a repeated name, as the services do."""

    def __init__(self, max_length: int) -> None:
        self._max_length = max_length
        self._next: dict[str, int] = {}
        self._used: set[str] = set()

    def make(self, text: str) -> str:
        base = slugify(text)[: self._max_length - 8].strip("-") or "x"
        number = self._next.get(base, 1)
        slug = base if number == 1 else f"{base}-{number}"
        # A name may itself slugify to "base-2": skip numbers already taken.
        while slug in self._used:
            number += 1
            slug = f"{base}-{number}"
        self._next[base] = number + 1
        self._used.add(slug)
        return slug


T = TypeVar("T")


def _weighted(rng: random.Random, weights: dict[T, int]) -> T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _days_after(rng: random.Random, start: datetime.date, low: int, high: int) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(low, high))


@dataclass
class _Generator:
    """One generation run; keeps only ids between steps, so memory stays small at any scale."""

    scale: Scale
    rng: random.Random
    log: Log
    regions: list[Region] = field(default_factory=list)
    cities: dict[int, list[str]] = field(default_factory=dict)
    # Region id -> ids of the active créneaux present in the region (members join those).
    active_creneaux: dict[int, list[int]] = field(default_factory=dict)
    home_region: dict[int, int] = field(default_factory=dict)
    org_ids: list[int] = field(default_factory=list)
    org_regions: list[int] = field(default_factory=list)
    # A few ids per region, to name coordinators and managing organisations of créneaux.
    partners: dict[int, list[int]] = field(default_factory=dict)
    contacts: dict[int, list[int]] = field(default_factory=dict)
    # Committee seats are drawn from these: people of each region and what they represent.
    people: People = field(default_factory=People)

    def run(self) -> None:
        self._regions()
        self._creneaux()
        self._organisations()
        self._people()
        self._creneau_management()
        GovernanceGenerator(
            meetings=self.scale.meetings,
            resolutions=self.scale.resolutions,
            rng=self.rng,
            people=self.people,
            log=self.log,
        ).run()
        FundingGenerator(projects=self.scale.projects, rng=self.rng, user=ensure_bench_user(), log=self.log).run()
        ResultsGenerator(
            values=self.scale.indicator_values, rng=self.rng, user=ensure_bench_reporter(), log=self.log
        ).run()

    # --- Regions -----------------------------------------------------------------------

    def _regions(self) -> None:
        # Québec's 17 real regions first, so codes such as 05 exist at every scale.
        specs = list(demo_data.REGIONS[: self.scale.regions])
        names = [f"{root}-{suffix}" for root in demo_data.DEMO_NAME_ROOTS for suffix in REGION_SUFFIXES]
        self.rng.shuffle(names)
        for number in range(len(specs) + 1, self.scale.regions + 1):
            specs.append((f"R{number:03d}", names[number % len(names)]))
        regions = [Region(code=code, name=name) for code, name in specs]
        for region in regions:
            region.search_text = region.build_search_text()
        self.regions = Region.objects.bulk_create(regions, batch_size=BATCH_SIZE)
        for region in self.regions:
            self.cities[region.pk] = demo_data.DEMO_CITIES.get(region.code) or [
                f"{self.rng.choice(CITY_PREFIXES)}-{self.rng.choice(demo_data.DEMO_NAME_ROOTS)}" for _ in range(3)
            ]
        ResourceRegionStatus.objects.bulk_create(self._resource_statuses(), batch_size=BATCH_SIZE)
        self.log(f"{len(self.regions):,} regions")

    def _resource_statuses(self) -> list[ResourceRegionStatus]:
        statuses = []
        since = datetime.date(2002, 4, 1)
        for region in self.regions:
            if region.code in demo_data.RESOURCE_REGIONS:
                statuses.append(ResourceRegionStatus(region=region, valid_from=since, source=demo_data.RESOURCE_SOURCE))
            elif region.code.startswith("R") and self.rng.random() < SYNTHETIC_RESOURCE_SHARE:
                start = _days_after(self.rng, since, 0, 15 * 365)
                # Some statuses have ended: pages must ask which one is in force today.
                end = _days_after(self.rng, start, 365, 5 * 365) if self.rng.random() < 0.25 else None
                statuses.append(ResourceRegionStatus(region=region, valid_from=start, valid_to=end, source="Bench"))
        return statuses

    # --- Créneaux ----------------------------------------------------------------------

    def _creneaux(self) -> None:
        specs = cast("list[dict[str, Any]]", demo_data.CRENEAUX)
        industries = sorted({(spec["industry_fr"], spec["industry_en"]) for spec in specs})
        slugs = _Slugs(120)  # Creneau.slug's max_length
        creneaux: list[Creneau] = []
        region_sets: list[list[Region]] = []
        for index in range(self.scale.creneaux):
            # Round-robin homes: every region has créneaux, and its first one is active.
            home = self.regions[index % len(self.regions)]
            regions = [home]
            if len(self.regions) > 1 and self.rng.random() < INTERREGIONAL_SHARE:
                others = [r for r in self.rng.sample(self.regions, min(3, len(self.regions))) if r is not home]
                regions += others[: self.rng.randint(1, 2)]
            ended = index >= len(self.regions) and self.rng.random() < ENDED_SHARE
            creneaux.append(self._creneau(slugs, self.rng.choice(industries), home, regions, ended=ended))
            region_sets.append(regions)
        created = Creneau.objects.bulk_create(creneaux, batch_size=BATCH_SIZE)
        links = []
        for creneau, regions in zip(created, region_sets, strict=True):
            self.home_region[creneau.pk] = regions[0].pk
            for region in regions:
                links.append(CreneauRegion(creneau=creneau, region=region))
                if creneau.ended_on is None:
                    self.active_creneaux.setdefault(region.pk, []).append(creneau.pk)
        CreneauRegion.objects.bulk_create(links, batch_size=BATCH_SIZE)
        self.log(f"{len(created):,} créneaux in {len(links):,} region links")

    def _creneau(
        self, slugs: _Slugs, industry: tuple[str, str], home: Region, regions: list[Region], *, ended: bool
    ) -> Creneau:
        industry_fr, industry_en = industry
        interregional = len(regions) > 1
        name_fr = f"{industry_fr}{' (interrégional)' if interregional else ''} – {home.name}"
        name_en = f"{industry_en}{' (interregional)' if interregional else ''} – {home.name}"
        stage = _weighted(self.rng, STAGE_WEIGHTS)
        # Dates follow the stage reached, in order, as the model's constraints and clean() require.
        principle = _days_after(self.rng, datetime.date(2002, 1, 1), 0, 3 * 365)
        reached_strategy = stage in (RecognitionStage.STRATEGY_AUTHORISED, RecognitionStage.RECOGNISED)
        strategy = _days_after(self.rng, principle, 200, 800) if reached_strategy else None
        implementation = (
            _days_after(self.rng, strategy, 200, 800)
            if strategy is not None and stage == RecognitionStage.RECOGNISED
            else None
        )
        creneau = Creneau(
            slug=slugs.make(name_fr),
            name_fr=name_fr,
            name_en=name_en,
            industry_fr=industry_fr,
            industry_en=industry_en,
            description_fr=f"Créneau fictif du banc d'essai : {industry_fr.lower()}.",
            description_en=f"Fictional cluster of the benchmark: {industry_en.lower()}.",
            category=_weighted(self.rng, CATEGORY_WEIGHTS),
            recognition_stage=stage,
            principle_agreement_on=principle,
            strategy_authorised_on=strategy,
            implementation_agreement_on=implementation,
            ended_on=_days_after(self.rng, datetime.date(2012, 1, 1), 0, 8 * 365) if ended else None,
        )
        creneau.search_text = creneau.build_search_text()
        return creneau

    # --- Organisations and memberships -------------------------------------------------

    def _organisations(self) -> None:
        slugs = _Slugs(200)  # the services' unique_slug default length
        kinds = list(KIND_WEIGHTS)
        weights = list(KIND_WEIGHTS.values())
        batch: list[tuple[Organisation, int]] = []
        for index in range(self.scale.organisations):
            region = self.rng.choice(self.regions)
            kind = self.rng.choices(kinds, weights=weights)[0]
            batch.append((self._organisation(slugs, index, region, kind), region.pk))
            if len(batch) == BATCH_SIZE:
                self._save_organisations(batch)
                batch = []
        if batch:
            self._save_organisations(batch)
        # The services keep the créneaux' member enterprises by year joined; these rows bypass them.
        registry_standing.restate_all()
        self.log(f"{len(self.org_ids):,} organisations and {Membership.objects.count():,} memberships")

    def _organisation(self, slugs: _Slugs, index: int, region: Region, kind: str) -> Organisation:
        rng = self.rng
        city = rng.choice(self.cities[region.pk])
        root = rng.choice(demo_data.DEMO_NAME_ROOTS)
        organisation = Organisation(
            kind=kind,
            region=region,
            city=city,
            street_address=f"{rng.randint(10, 2500)}, rue {rng.choice(STREETS)}",
            email=f"info.{index}@{BENCH_DOMAIN}",
            phone=f"+1 418 555-{index % 10_000:04d}",
            is_demo=True,  # fictional, like the demo's member enterprises
        )
        if kind == OrganisationKind.ENTERPRISE:
            organisation.name = f"{rng.choice(demo_data.DEMO_NAME_STEMS)} {root} {city} {rng.choice(LEGAL_FORMS)}"
            # Ten digits with a registrant prefix; the serial keeps them unique.
            organisation.neq = f"{NEQ_PREFIXES[index % len(NEQ_PREFIXES)]}{index:08d}"
            organisation.size_band = _weighted(rng, SIZE_WEIGHTS)
            organisation.is_leader = rng.random() < 0.05
            organisation.is_large_enterprise = organisation.size_band == SizeBand.LARGE
            organisation.transformation_level = rng.choice(TransformationLevel.values)
        else:
            organisation.name = PARTNER_NAMES[kind].format(
                root=root, city=city, foreign=rng.choice(demo_data.DEMO_FOREIGN_CITIES)
            )
        organisation.slug = slugs.make(organisation.name)
        organisation.description = f"Organisation fictive du banc d'essai ({region.name})."
        organisation.search_text = organisation.build_search_text()
        return organisation

    def _save_organisations(self, batch: Sequence[tuple[Organisation, int]]) -> None:
        created = Organisation.objects.bulk_create(
            [organisation for organisation, _region in batch], batch_size=BATCH_SIZE
        )
        memberships = []
        for organisation, (_unsaved, region_id) in zip(created, batch, strict=True):
            self.org_ids.append(organisation.pk)
            self.org_regions.append(region_id)
            if organisation.kind == OrganisationKind.ENTERPRISE:
                self.people.enterprises.add(organisation.pk)
            if organisation.kind != OrganisationKind.ENTERPRISE:
                known = self.partners.setdefault(region_id, [])
                if len(known) < 20:
                    known.append(organisation.pk)
            # Each organisation joins one or two active créneaux present in its region.
            candidates = self.active_creneaux.get(region_id, [])
            count = min(len(candidates), 1 if self.rng.random() < 0.7 else 2)
            for creneau_id in self.rng.sample(candidates, count):
                joined = _days_after(self.rng, datetime.date(2005, 1, 1), 0, 18 * 365)
                memberships.append(Membership(organisation=organisation, creneau_id=creneau_id, joined_on=joined))
        Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
        if len(self.org_ids) % 50_000 < BATCH_SIZE:
            self.log(f"  {len(self.org_ids):,} / {self.scale.organisations:,} organisations")

    # --- People and affiliations -------------------------------------------------------

    def _people(self) -> None:
        first_names = {name: normalize(name) for name in demo_data.DEMO_FIRST_NAMES}
        last_names = {name: normalize(name) for name in demo_data.DEMO_LAST_NAMES}
        organisations = len(self.org_ids)
        batch: list[tuple[Person, int]] = []
        for index in range(self.scale.people):
            # Every organisation gets a contact before any gets a second one.
            org_index = index if index < organisations else self.rng.randrange(organisations)
            first, last = self.rng.choice(demo_data.DEMO_FIRST_NAMES), self.rng.choice(demo_data.DEMO_LAST_NAMES)
            email = f"{first_names[first]}.{last_names[last]}.{index}@{BENCH_DOMAIN}".replace(" ", "-")
            person = Person(
                first_name=first,
                last_name=last,
                email=email,
                phone=f"+1 819 555-{index % 10_000:04d}",
                preferred_language="en" if index % 7 == 0 else "fr",
                region_id=self.org_regions[org_index],
                is_demo=True,
            )
            person.search_text = person.build_search_text()
            batch.append((person, self.org_ids[org_index]))
            if len(batch) == BATCH_SIZE:
                self._save_people(batch, index + 1)
                batch = []
        if batch:
            self._save_people(batch, self.scale.people)
        self.log(f"{self.scale.people:,} people, one affiliation each")

    def _save_people(self, batch: Sequence[tuple[Person, int]], done: int) -> None:
        people = Person.objects.bulk_create([person for person, _org in batch], batch_size=BATCH_SIZE)
        affiliations = []
        for person, (_unsaved, organisation_id) in zip(people, batch, strict=True):
            affiliations.append(
                Affiliation(
                    person=person, organisation_id=organisation_id, job_title=self.rng.choice(demo_data.DEMO_JOB_TITLES)
                )
            )
            if person.region_id is not None:
                known = self.contacts.setdefault(person.region_id, [])
                if len(known) < 20:
                    known.append(person.pk)
                pool = self.people.by_region.setdefault(person.region_id, [])
                if len(pool) < 200:
                    pool.append((person.pk, organisation_id))
        Affiliation.objects.bulk_create(affiliations, batch_size=BATCH_SIZE)
        if done % 200_000 < BATCH_SIZE:
            self.log(f"  {done:,} / {self.scale.people:,} people")

    # --- Coordinators and managing organisations ---------------------------------------

    def _creneau_management(self) -> None:
        """Active créneaux get a coordinator and, most of them, a managing organisation."""
        # Load the updated fields too: bulk_update reading a deferred one would query per row.
        fields = ["coordinator", "management_structure", "management_organisation"]
        creneaux = list(Creneau.objects.filter(ended_on__isnull=True).only("pk", *fields))
        for creneau in creneaux:
            home = self.home_region[creneau.pk]
            if self.contacts.get(home):
                creneau.coordinator_id = self.rng.choice(self.contacts[home])
            if self.partners.get(home) and self.rng.random() < 0.8:
                creneau.management_structure = ManagementStructure.HOST_ORGANISATION
                creneau.management_organisation_id = self.rng.choice(self.partners[home])
            elif self.rng.random() < 0.5:
                creneau.management_structure = ManagementStructure.DEDICATED_NONPROFIT
        Creneau.objects.bulk_update(creneaux, fields, batch_size=500)
