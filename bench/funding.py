"""Synthetic FSDCE fund data for `make bench`: the period, envelopes, guide, projects and their ledger.

Like the rest of the bench data, rows go straight into the tables with bulk_create, without
the services, because the international scale has a hundred thousand projects. The pipeline
is not the bench's: each project takes a route of the workflow's own table
(`accord.funding.workflow.TRANSITIONS`) from a draft to a status drawn from the model's
choices, and each step of the route writes its event. What the rows still share with the
services' story:

- one period covering today, with one envelope per region (4,000,000 $, 4,800,000 $ for a
  resource region), version 1 of the fund guide, and a delegation to a region in four;
- each project serves an active niche present in its region (a few are joint projects of
  two niches of the region), is carried by an enterprise member of the niche when there is
  one, and is numbered FSDCE-<region>-<year>-<sequence> in order of creation;
- its budget and financing plan pass the guide (aid rate, public-aid cap, a balanced plan);
- committee steps are taken by a resolution of the right committee, adopted (or rejected
  for a refusal) after the previous step; the other steps by the bench's ministry user;
- the step that enters a committed status commits the aid on the region's envelope (no
  envelope commits more than it holds: the amounts are sized for it); instalments are paid
  while the status disburses; a step from a committed status to a final one releases what
  was not paid.
"""

from __future__ import annotations

import bisect
import datetime
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_UP, Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone

from accord.accounts.models import User
from accord.funding import services
from accord.funding.guide import CHECKLIST
from accord.funding.models import (
    DEFAULT_ENVELOPE,
    RESOURCE_REGION_ENVELOPE,
    ZERO,
    ClaimStatus,
    CostCategory,
    Delegation,
    Disbursement,
    EntryKind,
    Envelope,
    EventKind,
    FinancingSource,
    FundGuide,
    GrantSignature,
    LedgerEntry,
    ProgramPeriod,
    Project,
    ProjectCost,
    ProjectCreneau,
    ProjectEvent,
    ProjectFunding,
    ProjectPartner,
    ProjectStatus,
    default_cost_categories,
)
from accord.funding.workflow import COMMITTED, DISBURSING, FINAL, TRANSITIONS, Action
from accord.governance.models import Committee, CommitteeKind, Resolution, ResolutionOutcome
from accord.registry.demo import data as demo_data
from accord.registry.models import CreneauRegion, Membership, Organisation, OrganisationKind, Region

from .governance import MINUTES_TITLE

BATCH_SIZE = 2_000
S = ProjectStatus
Log = Callable[[str], None]
# One step of a route: the status it leaves, the workflow's action, the status it reaches.
Step = tuple[str, str, str]

# Share of each status, in per cent: most projects are well under way or done, some are in
# the approval chain, a few are drafts, returned, refused or withdrawn.
STATUS_WEIGHTS: dict[str, int] = {
    S.DRAFT: 6,
    S.SUBMITTED: 4,
    S.NICHE_APPROVED: 3,
    S.ANALYSIS: 5,
    S.AWAITING_SIGNATURE: 1,
    S.GRANTED: 8,
    S.AGREEMENT_SIGNED: 25,
    S.FINAL_REPORT: 5,
    S.CLOSED: 30,
    S.RETURNED: 3,
    S.REFUSED: 6,
    S.WITHDRAWN: 4,
}
# How long ago, at least, a project that went through that status was created (days).
MIN_AGE: dict[str, int] = {
    S.DRAFT: 1,
    S.SUBMITTED: 15,
    S.NICHE_APPROVED: 60,
    S.ANALYSIS: 100,
    S.AWAITING_SIGNATURE: 120,
    S.GRANTED: 150,
    S.AGREEMENT_SIGNED: 250,
    S.FINAL_REPORT: 500,
    S.CLOSED: 600,
    S.RETURNED: 30,
    S.REFUSED: 60,
    S.WITHDRAWN: 30,
}
# The committee whose resolution takes each committee step; a refusal from a status one of
# these steps leaves is that committee's rejected resolution. The ministry takes the others.
COMMITTEE_STEPS: dict[str, str] = {
    Action.NICHE_APPROVE: CommitteeKind.CRENEAU,
    Action.REGIONAL_APPROVE: CommitteeKind.REGIONAL,
    Action.DELEGATED_GRANT: CommitteeKind.REGIONAL,
}
JOINT_SHARE = 0.05
PARTNER_SHARE = 0.3
# A region in DELEGATION_EVERY has a delegation up to DELEGATION_UP_TO, as Estrie has in the demo.
DELEGATION_EVERY = 4
DELEGATION_UP_TO = Decimal("50000.00")
# Only this share of an envelope is committed, so the ministry still has some left.
ENVELOPE_USE = Decimal("0.95")
SECOND_SIGNATURE_ABOVE = Decimal("100000.00")
MIN_AID = Decimal("5000.00")
HUNDRED = Decimal("100")

# Project titles: "prototype", the bench's pipeline search, is in about a quarter of them,
# as a word staff would type is.
TITLES = [
    "Prototype de {product} {root}",
    "Ligne pilote de {process} {root}",
    "Plateforme numérique {root} pour {sector}",
    "Banc d'essai de {product} à {city}",
    "Étude de faisabilité : {product} {root}",
    "Prototype industriel de {process} à {city}",
    "Mission commerciale {root} à {foreign}",
    "Automatisation du {process} chez {stem} {root}",
]
# Plural nouns starting with a consonant, and masculine ones for processes, so that
# "de {product}" and "du {process}" read well in French.
PRODUCTS = [
    "capteurs intelligents",
    "composantes en aluminium",
    "remorques allégées",
    "panneaux isolants",
    "pièces composites",
    "bateaux hybrides",
    "modules de batteries",
    "meubles modulaires",
]
PROCESSES = [
    "soudage robotisé",
    "polissage de précision",
    "traitement thermique",
    "pliage de tôles",
    "séchage du bois",
    "moulage sous pression",
]
SECTORS = ["l'agroalimentaire", "les transports", "la foresterie", "l'aérospatiale", "les mines"]
CITIES = ["Sherbrooke", "Rimouski", "Saguenay", "Lévis", "Drummondville"]
AXES = ["Innovation", "Main-d'œuvre", "Commercialisation", "Développement des marchés", "Productivité"]
COST_DESCRIPTIONS: dict[str, str] = {
    CostCategory.SALARIES: "Salaires de l'équipe de projet",
    CostCategory.FEES: "Honoraires d'ingénierie",
    CostCategory.EQUIPMENT: "Acquisition d'équipements",
    CostCategory.TRAVEL: "Déplacements et missions",
    CostCategory.PROMOTION: "Matériel promotionnel",
    CostCategory.TRAINING: "Formation du personnel",
    CostCategory.STUDIES: "Études techniques",
}
PUBLIC_FUNDERS = ["Développement économique Canada", "Investissement Québec", "MRC"]
REASONS: dict[str, str] = {
    Action.RETURN: "Le budget doit détailler les honoraires professionnels.",
    Action.REFUSE: "Le projet ne répond pas aux priorités du plan d'action du créneau.",
    Action.WITHDRAW: "L'entreprise reporte le projet à une date ultérieure.",
}


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def _hundreds(value: Decimal, rounding: str = ROUND_DOWN) -> Decimal:
    return (value / HUNDRED).quantize(Decimal("1"), rounding=rounding) * HUNDRED


def routes(goal: str) -> list[tuple[Step, ...]]:
    """Every route of the workflow's table from a draft to `goal` that passes no status twice.

    Granting on a second signature is left out: an envelope is shared by hundreds of
    projects, so the aid the bench commits stays below the guide's threshold.
    """
    found: list[tuple[Step, ...]] = []

    def walk(route: tuple[Step, ...], status: str) -> None:
        if status == goal:
            found.append(route)
            return
        seen = {S.DRAFT, *(after for _before, _action, after in route)}
        for (before, action), after in TRANSITIONS.items():
            if before == status and after not in seen and action != Action.COUNTERSIGN:
                walk((*route, (before, action, after)), after)

    walk((), S.DRAFT)
    return found


ROUTES = {status: routes(status) for status in S.values}


@dataclass
class _Plan:
    """What one project will be: decided for all projects first, so amounts fit the envelopes."""

    creneaux: tuple[int, ...]
    region_id: int
    route: tuple[Step, ...]
    created: datetime.datetime
    title: str
    number: str = ""
    amount: Decimal = ZERO

    @property
    def status(self) -> str:
        return self.route[-1][2] if self.route else S.DRAFT

    @property
    def actions(self) -> set[str]:
        return {action for _before, action, _after in self.route}

    @property
    def commits(self) -> bool:
        """Whether the project took a commitment on its envelope (even if it was released since)."""
        return any(after in COMMITTED for _before, _action, after in self.route)


@dataclass
class _Rows:
    """The child rows of a batch of projects, saved after the projects."""

    links: list[ProjectCreneau] = field(default_factory=list)
    partners: list[ProjectPartner] = field(default_factory=list)
    costs: list[ProjectCost] = field(default_factory=list)
    financing: list[ProjectFunding] = field(default_factory=list)
    events: list[ProjectEvent] = field(default_factory=list)
    entries: list[LedgerEntry] = field(default_factory=list)
    signatures: list[GrantSignature] = field(default_factory=list)
    disbursements: list[Disbursement] = field(default_factory=list)

    def save(self) -> None:
        ProjectCreneau.objects.bulk_create(self.links, batch_size=BATCH_SIZE)
        ProjectPartner.objects.bulk_create(self.partners, batch_size=BATCH_SIZE)
        ProjectCost.objects.bulk_create(self.costs, batch_size=BATCH_SIZE)
        ProjectFunding.objects.bulk_create(self.financing, batch_size=BATCH_SIZE)
        ProjectEvent.objects.bulk_create(self.events, batch_size=BATCH_SIZE)
        LedgerEntry.objects.bulk_create(self.entries, batch_size=BATCH_SIZE)
        GrantSignature.objects.bulk_create(self.signatures, batch_size=BATCH_SIZE)
        Disbursement.objects.bulk_create(self.disbursements, batch_size=BATCH_SIZE)


class _Decisions:
    """The adopted and rejected resolutions of each committee, by date, to link decisions to."""

    def __init__(self, since: datetime.datetime, until: datetime.datetime) -> None:
        self.dates: dict[tuple[int, bool], list[datetime.datetime]] = defaultdict(list)
        self.ids: dict[tuple[int, bool], list[int]] = defaultdict(list)
        self.committees: dict[int, int] = {}
        self.numbers: dict[int, str] = {}
        rows = (
            Resolution.objects.filter(
                decided_at__gte=since,
                decided_at__lt=until,
                outcome__in=[ResolutionOutcome.ADOPTED, ResolutionOutcome.REJECTED],
            )
            .exclude(title=MINUTES_TITLE)
            .order_by("committee_id", "decided_at", "pk")
            .values_list("committee_id", "pk", "decided_at", "outcome", "number")
        )
        for committee_id, pk, decided_at, outcome, number in rows.iterator(chunk_size=BATCH_SIZE):
            key = (committee_id, outcome == ResolutionOutcome.ADOPTED)
            self.dates[key].append(decided_at)
            self.ids[key].append(pk)
            self.committees[pk] = committee_id
            self.numbers[pk] = number

    def next_after(
        self, committee_id: int | None, after: datetime.datetime, *, adopted: bool = True
    ) -> tuple[int, datetime.datetime] | None:
        """The committee's first such resolution decided after `after`, or None."""
        if committee_id is None:
            return None
        key = (committee_id, adopted)
        dates = self.dates.get(key, [])
        index = bisect.bisect_right(dates, after)
        if index == len(dates):
            return None
        return self.ids[key][index], dates[index]


def _deciding(status: str) -> str | None:
    """The kind of committee that decides on a project in `status`, or None: the ministry does."""
    return next(
        (COMMITTEE_STEPS[action] for before, action in TRANSITIONS if before == status and action in COMMITTEE_STEPS),
        None,
    )


class FundingGenerator:
    """One generation run over a registry and governance the bench has just generated."""

    def __init__(self, *, projects: int, rng: random.Random, user: User, log: Log) -> None:
        self.total = projects
        self.rng = rng
        self.user = user
        self.log = log
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.counts: Counter[str] = Counter()

    def run(self) -> None:
        self._program()
        self._pools()
        plans = self._plans()
        self._size(plans)
        self._number(plans)
        self.decisions = _Decisions(
            timezone.make_aware(datetime.datetime.combine(self.period.starts_on, datetime.time())), self.now
        )
        for start in range(0, len(plans), BATCH_SIZE):
            self._save(plans[start : start + BATCH_SIZE])
            done = min(start + BATCH_SIZE, len(plans))
            if done % 20_000 < BATCH_SIZE:
                self.log(f"  {done:,} / {len(plans):,} projects")
        self.log(
            f"{len(plans):,} projects, {self.counts['events']:,} events, {self.counts['entries']:,} ledger entries"
        )
        # The rows went in without the services: the dashboard's figures are computed once, as
        # the services would have kept them step by step.
        self.log(f"{services.refresh_all_figures():,} envelopes' figures")

    # --- The program ---------------------------------------------------------------------

    def _program(self) -> None:
        # A five-year period covering today, as the demo's 2024-2029 does.
        starts_on = datetime.date(self.today.year - 2, 4, 1)
        ends_on = datetime.date(self.today.year + 3, 3, 31)
        name = f"{starts_on.year}-{ends_on.year}"
        self.period = ProgramPeriod.objects.create(code=name, name=name, starts_on=starts_on, ends_on=ends_on)
        regions = list(Region.objects.with_resource_status(starts_on).order_by("code"))
        envelopes = Envelope.objects.bulk_create(
            [
                Envelope(
                    region=region,
                    period=self.period,
                    amount=RESOURCE_REGION_ENVELOPE if region.resource_region else DEFAULT_ENVELOPE,  # type: ignore[attr-defined]
                )
                for region in regions
            ],
            batch_size=BATCH_SIZE,
        )
        self.envelopes = {envelope.region_id: envelope for envelope in envelopes}
        self.region_codes = {region.pk: region.code for region in regions}
        self.guide = FundGuide.objects.create(
            version=1,
            in_force_from=starts_on,
            second_signature_above=SECOND_SIGNATURE_ABOVE,
            min_amount=MIN_AID,
            adopted_by=self.user,
            notes="Guide de gestion du fonds du banc d'essai.",
        )
        delegations = Delegation.objects.bulk_create(
            [
                Delegation(
                    region=region,
                    period=self.period,
                    up_to=DELEGATION_UP_TO,
                    granted_by=self.user,
                    reason="Banc d'essai : le comité régional approuve les petits projets.",
                )
                for index, region in enumerate(regions)
                if index % DELEGATION_EVERY == DELEGATION_EVERY - 1
            ]
        )
        self.delegations = {delegation.region_id: delegation for delegation in delegations}
        self.log(f"period {name}: {len(envelopes):,} envelopes, {len(delegations):,} delegations")

    def _pools(self) -> None:
        """Active niches and their regions, their enterprise members by region, the committees."""
        self.niche_regions: dict[int, list[int]] = defaultdict(list)
        self.region_niches: dict[int, list[int]] = defaultdict(list)
        for creneau_id, region_id in (
            CreneauRegion.objects.filter(creneau__ended_on__isnull=True)
            .order_by("pk")
            .values_list("creneau_id", "region_id")
        ):
            self.niche_regions[creneau_id].append(region_id)
            self.region_niches[region_id].append(creneau_id)
        self.niches = sorted(self.niche_regions)
        if not self.niches:
            raise ValueError("The fund needs active niches: generate the registry first.")
        # A few enterprise members per niche and region are enough to draw carriers from.
        self.members: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.niche_members: dict[int, list[int]] = defaultdict(list)
        rows = (
            Membership.objects.filter(organisation__kind=OrganisationKind.ENTERPRISE, creneau_id__in=self.niches)
            .order_by("pk")
            .values_list("creneau_id", "organisation__region_id", "organisation_id")
        )
        for creneau_id, region_id, organisation_id in rows.iterator(chunk_size=BATCH_SIZE * 5):
            pool = self.members[(creneau_id, region_id)]
            if len(pool) < 50:
                pool.append(organisation_id)
            if len(self.niche_members[creneau_id]) < 50:
                self.niche_members[creneau_id].append(organisation_id)
        self.region_enterprises: dict[int, list[int]] = defaultdict(list)
        enterprises = (
            Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE)
            .order_by("pk")
            .values_list("region_id", "pk")[: 50 * max(len(self.region_codes), 1) * 4]
        )
        for region_id, pk in enterprises:
            if len(self.region_enterprises[region_id]) < 50:
                self.region_enterprises[region_id].append(pk)
        self.niche_committees = dict(
            Committee.objects.filter(kind=CommitteeKind.CRENEAU, dissolved_on__isnull=True).values_list(
                "creneau_id", "pk"
            )
        )
        self.regional_committees = dict(
            Committee.objects.filter(kind=CommitteeKind.REGIONAL).values_list("region_id", "pk")
        )

    # --- Plans ---------------------------------------------------------------------------

    def _plans(self) -> list[_Plan]:
        rng = self.rng
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        start = timezone.make_aware(datetime.datetime.combine(self.period.starts_on, datetime.time(9)))
        span = (self.now - start).days
        plans = []
        for index in range(self.total):
            creneau_id = rng.choice(self.niches)
            regions = self.niche_regions[creneau_id]
            # Mostly the niche's home region (its first); an interregional niche's others now and then.
            region_id = regions[0] if len(regions) == 1 or rng.random() < 0.7 else rng.choice(regions)
            creneaux: tuple[int, ...] = (creneau_id,)
            if rng.random() < JOINT_SHARE:
                others = [c for c in self.region_niches[region_id] if c != creneau_id]
                if others:
                    creneaux = (creneau_id, rng.choice(others))
            # Every status at least once, however small the scale; then in their proportions. The
            # first of each is a prototype, so the bench's pipeline search always finds a row.
            first = index < len(statuses)
            status = statuses[index] if first else rng.choices(statuses, weights=weights)[0]
            title = TITLES[0] if first else rng.choice(TITLES)
            # A regional committee grants only under a delegation to its region.
            route = rng.choice(
                [
                    route
                    for route in ROUTES[status]
                    if region_id in self.delegations
                    or all(action != Action.DELEGATED_GRANT for _before, action, _after in route)
                ]
            )
            least = max(MIN_AGE[status] for status in (S.DRAFT, *(after for _before, _action, after in route)))
            age = rng.uniform(min(least, span - 1), span)
            plans.append(_Plan(creneaux, region_id, route, self.now - datetime.timedelta(days=age), title))
        return plans

    def _size(self, plans: Sequence[_Plan]) -> None:
        """Aid amounts: a committing project gets at most its share of its region's envelope.

        A route that asks a second signature needs an amount above the guide's threshold;
        a delegated grant, one within the delegation.
        """
        rng = self.rng
        committing = Counter(plan.region_id for plan in plans if plan.commits)
        for plan in plans:
            envelope = self.envelopes[plan.region_id].amount
            share = _hundreds(envelope * ENVELOPE_USE / max(committing[plan.region_id], 1))
            low, high = MIN_AID, min(share, SECOND_SIGNATURE_ABOVE)
            if high < MIN_AID:
                raise ValueError(f"Too many projects for the envelope of region {self.region_codes[plan.region_id]}.")
            if Action.SIGN in plan.actions:
                low, high = SECOND_SIGNATURE_ABOVE + HUNDRED, SECOND_SIGNATURE_ABOVE * Decimal("2.5")
            if Action.DELEGATED_GRANT in plan.actions:
                high = min(high, self.delegations[plan.region_id].up_to)
            # Most projects ask for a good part of what they could: envelopes end up mostly committed.
            plan.amount = max(_hundreds(Decimal(rng.triangular(float(low), float(high), float(high)))), low)

    def _number(self, plans: list[_Plan]) -> None:
        """FSDCE-<region>-<year>-<sequence>, in order of creation, as the services number them."""
        plans.sort(key=lambda plan: plan.created)
        sequences: Counter[tuple[int, int]] = Counter()
        for plan in plans:
            year = timezone.localtime(plan.created).year  # the local year, as the services number
            sequences[(plan.region_id, year)] += 1
            plan.number = f"FSDCE-{self.region_codes[plan.region_id]}-{year}-{sequences[(plan.region_id, year)]:04d}"

    # --- Rows ----------------------------------------------------------------------------

    def _save(self, plans: Sequence[_Plan]) -> None:
        rows = _Rows()
        projects = [self._project(plan, rows) for plan in plans]
        # Children hold their project object: once it is saved they take its id.
        with _dated_by_hand(Project):
            Project.objects.bulk_create(projects, batch_size=BATCH_SIZE)
        rows.save()
        self.counts["events"] += len(rows.events)
        self.counts["entries"] += len(rows.entries)

    def _carrier(self, plan: _Plan) -> tuple[int, list[int]]:
        """An enterprise member of the niche in the region if any, and others who could partner."""
        pool = (
            self.members.get((plan.creneaux[0], plan.region_id))
            or self.niche_members.get(plan.creneaux[0])
            or self.region_enterprises.get(plan.region_id)
            or next(pool for pool in self.region_enterprises.values() if pool)
        )
        carrier = self.rng.choice(pool)
        return carrier, [pk for pk in pool if pk != carrier]

    def _project(self, plan: _Plan, rows: _Rows) -> Project:
        rng = self.rng
        carrier, others = self._carrier(plan)
        title = plan.title.format(
            product=rng.choice(PRODUCTS),
            process=rng.choice(PROCESSES),
            sector=rng.choice(SECTORS),
            root=rng.choice(demo_data.DEMO_NAME_ROOTS),
            stem=rng.choice(demo_data.DEMO_NAME_STEMS),
            city=rng.choice(demo_data.DEMO_CITIES.get(self.region_codes[plan.region_id]) or CITIES),
            foreign=rng.choice(demo_data.DEMO_FOREIGN_CITIES),
        )
        starts_on = (plan.created + datetime.timedelta(days=rng.randint(30, 120))).date()
        project = Project(
            number=plan.number,
            title=title,
            summary=f"Projet fictif du banc d'essai : {title[0].lower()}{title[1:]}.",
            objectives="Accroître la productivité et les ventes hors Québec des entreprises du créneau.",
            former_axis=rng.choice(AXES),  # projects typed before plan actions (decision 35)
            carrier_id=carrier,
            region_id=plan.region_id,
            period=self.period,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=rng.randint(365, 3 * 365)),
            requested_amount=plan.amount,
            status=plan.status,
            expected_jobs=rng.randint(0, 25),
            expected_investment=_hundreds(plan.amount * Decimal(rng.uniform(2, 6))),
            expected_sales=_hundreds(plan.amount * Decimal(rng.uniform(3, 10))),
            expected_companies=rng.randint(1, 12),
        )
        project.search_text = project.build_search_text()
        for creneau_id in plan.creneaux:
            rows.links.append(ProjectCreneau(project=project, creneau_id=creneau_id))
        if others and rng.random() < PARTNER_SHARE:
            rows.partners.append(
                ProjectPartner(project=project, organisation_id=rng.choice(others), role="Partenaire industriel")
            )
        self._budget(project, rows)
        timeline = _Timeline(self, plan, project, rows)
        timeline.run()
        project.created_at, project.updated_at = plan.created, timeline.at
        return project

    def _budget(self, project: Project, rows: _Rows) -> None:
        """2 to 4 eligible costs and a financing plan that the guide accepts as they are."""
        rng = self.rng
        aid = project.requested_amount
        # The aid is 25 % to 40 % of the eligible costs (the guide allows 40 % to an enterprise).
        total = _hundreds(aid * 100 / Decimal(rng.randint(25, 40)), ROUND_UP)
        categories = rng.sample(default_cost_categories(), rng.randint(2, 4))
        left = total
        for index, category in enumerate(categories):
            last = index == len(categories) - 1
            amount = left if last else _hundreds(left * Decimal(rng.uniform(0.2, 0.6)))
            left -= amount
            rows.costs.append(
                ProjectCost(project=project, category=category, description=COST_DESCRIPTIONS[category], amount=amount)
            )
        # Other public aid keeps public funding within the guide's 50 % cap; the rest is the carrier's.
        room = _hundreds(total * Decimal("0.5") - aid)
        public = _hundreds(room * Decimal(rng.uniform(0.2, 1))) if room > 0 and rng.random() < 0.5 else ZERO
        if public > 0:
            rows.financing.append(
                ProjectFunding(
                    project=project,
                    source=FinancingSource.PUBLIC,
                    funder=rng.choice(PUBLIC_FUNDERS),
                    amount=public,
                )
            )
        own = total - aid - public
        rows.financing.append(ProjectFunding(project=project, source=FinancingSource.OWN, funder="", amount=own))


@contextmanager
def _dated_by_hand(model: type[Model]) -> Iterator[None]:
    """Let bulk_create keep the creation and change dates of the rows' timeline.

    auto_now and auto_now_add would write the time of generation. Setting the dates at
    insert time, rather than by a later UPDATE, also leaves PostgreSQL's table the size a
    table written once is (an update of every row would double it until a VACUUM FULL).
    """
    fields: list[Any] = [
        f for f in model._meta.concrete_fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _Timeline:
    """The route that took one project to its status: each step's event, and the rows it implies."""

    def __init__(self, generator: FundingGenerator, plan: _Plan, project: Project, rows: _Rows) -> None:
        self.g = generator
        self.rng = generator.rng
        self.plan = plan
        self.project = project
        self.rows = rows
        self.user = generator.user
        self.at = plan.created
        self.paid = ZERO
        self.left = len(plan.route)

    def run(self) -> None:
        self._event(EventKind.CREATE, after=S.DRAFT)
        for step in self.plan.route:
            self.left -= 1
            self._step(*step)

    def _step(self, before: str, action: str, after: str) -> None:
        """The workflow's step: taken by a committee's resolution or by the ministry, with its event."""
        kind = COMMITTEE_STEPS.get(action) or (_deciding(before) if action == Action.REFUSE else None)
        resolution = None
        if action == Action.NICHE_APPROVE:
            resolution = self._niche_approvals()
        elif kind is not None:
            resolution = self._decision(self._committee(kind), adopted=action != Action.REFUSE)
        else:
            self._tick(10, 90)
        details: dict[str, Any] = {"note": REASONS.get(action, ""), "resolution": resolution}
        if action == Action.REFUSE and resolution is not None:
            # As the services do, a committee's refusal is noted by its resolution's number.
            details["note"] = self.g.decisions.numbers[resolution]
        getattr(self, f"_on_{action}", lambda details: None)(details)
        amount = self.plan.amount
        if after in COMMITTED and before not in COMMITTED:
            self._entry(EntryKind.COMMITMENT, amount, by_ministry=kind is None)
            self.project.granted_amount, self.project.granted_at = amount, self.at
            details["amount"] = amount
        if before in COMMITTED and after in FINAL and amount > self.paid:
            # Closing or withdrawing gives back to the envelope what was not paid.
            self._entry(EntryKind.RELEASE, amount - self.paid, note=details["note"] or "Non dépensé à la fermeture")
            details["amount"] = amount - self.paid
        self._event(action, before, after, actor=kind is None, **details)
        if after in DISBURSING:
            self._instalments()

    # --- Time and committees -----------------------------------------------------------------

    def _tick(self, low: int, high: int) -> datetime.datetime:
        """Some days later, always leaving room before now for the steps still to come."""
        room = (self.g.now - self.at) / (self.left + 2)
        self.at += min(datetime.timedelta(days=self.rng.uniform(low, high)), room)
        return self.at

    def _committee(self, kind: str) -> int | None:
        if kind == CommitteeKind.CRENEAU:
            return self.g.niche_committees.get(self.plan.creneaux[0])
        return self.g.regional_committees.get(self.plan.region_id)

    def _decision(self, committee_id: int | None, *, adopted: bool = True) -> int | None:
        """The committee's next decision after the previous step; its date becomes the step's."""
        found = self.g.decisions.next_after(committee_id, self.at, adopted=adopted)
        if found is None:
            self._tick(20, 90)
            return None
        resolution_id, decided_at = found
        self.at = decided_at
        return resolution_id

    def _niche_approvals(self) -> int | None:
        """Each niche's committee adopts a resolution; the last one moves the project."""
        links = [link for link in self.rows.links if link.project is self.project]
        resolution = None
        for index, link in enumerate(links):
            resolution = link.resolution_id = self._decision(self.g.niche_committees.get(link.creneau_id))
            if index < len(links) - 1:
                self._event(Action.NICHE_APPROVE, resolution=resolution)
        return resolution

    # --- Rows ------------------------------------------------------------------------------

    def _event(
        self,
        action: str,
        before: str = "",
        after: str = "",
        *,
        actor: bool = False,
        resolution: Any = None,
        **fields: Any,
    ) -> None:
        """One line of the timeline; `fields` are the event's note, amount or delegation."""
        if after:
            self.project.status_entered_at = self.at  # as services._move keeps it
        self.rows.events.append(
            ProjectEvent(
                project=self.project,
                action=action,
                from_status=before,
                to_status=after,
                actor=self.user if actor else None,
                occurred_at=self.at,
                resolution_id=resolution,
                committee_id=self.g.decisions.committees.get(resolution) if resolution else None,
                **fields,
            )
        )

    def _entry(self, kind: str, amount: Decimal, *, by_ministry: bool = True, note: str = "") -> None:
        self.rows.entries.append(
            LedgerEntry(
                envelope=self.g.envelopes[self.plan.region_id],
                project=self.project,
                kind=kind,
                amount=amount,
                recorded_at=self.at,
                recorded_by=self.user if by_ministry else None,
                note=note,
            )
        )

    # --- What some steps write besides their event: `_on_<action>` ---------------------------

    def _on_submit(self, details: dict[str, Any]) -> None:
        self.project.guide = self.g.guide

    def _on_regional_approve(self, details: dict[str, Any]) -> None:
        self.project.regional_resolution_id = details["resolution"]

    def _on_delegated_grant(self, details: dict[str, Any]) -> None:
        self._on_regional_approve(details)
        self.project.delegation = details["delegation"] = self.g.delegations[self.plan.region_id]

    def _on_grant(self, details: dict[str, Any]) -> None:
        """The ministry analyses the project, then signs the grant."""
        project = self.project
        project.checklist = dict.fromkeys((key for key, _label in CHECKLIST), True)
        project.analysis_notes = "Projet conforme au guide de gestion du fonds."
        project.recommended_amount = project.requested_amount
        self._event(EventKind.ANALYSIS, actor=True, amount=project.recommended_amount, note=project.analysis_notes)
        self._tick(5, 40)
        details["amount"] = self.plan.amount
        self.rows.signatures.append(
            GrantSignature(project=project, signed_by=self.user, signed_at=self.at, amount=self.plan.amount)
        )

    def _on_sign(self, details: dict[str, Any]) -> None:
        """The first of two signatures: the amount is above the guide's threshold."""
        self._on_grant(details)
        self.project.recommended_amount = self.plan.amount

    def _on_sign_agreement(self, details: dict[str, Any]) -> None:
        self.project.agreement_signed_on = timezone.localtime(self.at).date()

    def _on_report(self, details: dict[str, Any]) -> None:
        project = self.project
        cost = sum((c.amount for c in self.rows.costs if c.project is project), ZERO)
        project.actual_cost = _hundreds(cost * Decimal(self.rng.uniform(0.9, 1.1)))
        project.actual_jobs = self.rng.randint(0, 30)
        project.actual_investment = project.expected_investment
        project.actual_companies = project.expected_companies
        project.actual_sales = _hundreds(project.expected_sales * Decimal(self.rng.uniform(0.5, 1.2)))
        project.final_report = "Le projet a atteint ses principaux objectifs."

    def _instalments(self) -> None:
        """Paid instalments (disbursements on the ledger); a claim may wait while the agreement runs."""
        rng = self.rng
        staying = self.plan.status in DISBURSING
        granted = self.plan.amount
        count = rng.randint(0, 2) if staying else rng.randint(1, 3)
        share = Decimal("1") if not staying and rng.random() < 0.5 else Decimal(rng.uniform(0.5, 0.95))
        total = _cents(granted * share) if count else ZERO
        amounts = [_cents(total / count)] * (count - 1) if count else []
        if count:
            amounts.append(total - sum(amounts, ZERO))
        for number, amount in enumerate(amounts, start=1):
            self._claim(f"Versement {number} : dépenses engagées", amount, paid=True)
        if staying and rng.random() < 0.2 and granted - total >= HUNDRED:
            self._claim("Versement : dépenses du trimestre", _hundreds((granted - total) / 2), paid=False)
        self.paid = total

    def _claim(self, claim: str, amount: Decimal, *, paid: bool) -> None:
        if amount <= 0:
            return
        claimed_at = self._tick(60, 180)
        self._event(EventKind.CLAIM, amount=amount, note=claim)
        disbursement = Disbursement(
            project=self.project, amount=amount, claim=claim, claimed_at=claimed_at, status=ClaimStatus.CLAIMED
        )
        if paid:
            self._tick(5, 30)
            disbursement.status = ClaimStatus.PAID
            disbursement.decided_by = self.user
            disbursement.decided_at = self.at
            self._entry(EntryKind.DISBURSEMENT, amount)
            self._event(EventKind.PAID, actor=True, amount=amount)
        self.rows.disbursements.append(disbursement)


# --- The public site's projects (decision 54): an addition (generate.ADDITIONS) -----------------------

#: One closed project in this many is on the public site, as the ministry publishes the finished ones.
PUBLISHED_EVERY = 5
PUBLIC_SUMMARY = (
    "Un projet du créneau financé par le FSDCE : un équipement partagé par les entreprises membres, "
    "ses résultats déclarés dans son rapport final."
)
PUBLIC_SUMMARY_EN = (
    "A project of the niche financed by the FSDCE: equipment shared by the member companies, its results "
    "reported in its final report."
)


def publish_projects(log: Callable[[str], None]) -> None:
    """Publish one closed project in PUBLISHED_EVERY, with a summary in both languages (no history:
    nobody published them)."""
    closed = list(Project.objects.filter(status=S.CLOSED).order_by("pk").values_list("pk", flat=True))
    chosen = closed[::PUBLISHED_EVERY]
    now = timezone.now()
    for start in range(0, len(chosen), BATCH_SIZE):
        Project.objects.filter(pk__in=chosen[start : start + BATCH_SIZE]).update(
            published_at=now, public_summary=PUBLIC_SUMMARY, public_summary_en=PUBLIC_SUMMARY_EN
        )
    log(f"{len(chosen):,} projects on the public site")


def published_counts() -> dict[str, int]:
    return {"published": Project.objects.filter(published_at__isnull=False).count()}


def unpublish_projects() -> None:
    Project.objects.filter(published_at__isnull=False).update(
        published_at=None, public_summary="", public_summary_en=""
    )
