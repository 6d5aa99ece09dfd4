"""Governance demonstration data: every committee with its members, bylaws, meetings and decisions.

Everything goes through the services (history, numbering, quorum, recusal, minutes approval),
so the demo shows what real use produces. Dates are relative to the day the demo is loaded,
so it stays current: three meetings held in the last year, minutes approved at the next one,
the latest minutes circulated, the next meeting convened. Safe to run again: a committee that
exists is left as it is.

Chosen on purpose:
- the committees the 2008 workshop synthesis gives as examples: the interregional committees
  of the transport niches (Centre-du-Québec, Montérégie, Estrie, Laurentides) and of the
  furniture niches (Centre-du-Québec, Chaudière-Appalaches, Estrie, Lanaudière, Mauricie), the
  executive committee with two co-presidents of Équipements de transport – Centre-du-Québec, and
  a sector table (work committee) of Matériaux composites et plastique – Chaudière-Appalaches;
- each blocking check of the compliance page fails on at least one committee, the others pass:
  the last niche committee of Estrie has no leader enterprise, business people are not a
  majority and its coordinator has not reported; the transport interregional committee seats
  more voting members than its bylaws allow; a founding member of the furniture one has sat
  since 2005 without being renewed; the sector table met once in a year that required four;
- a few mandates end within sixty days, so renewals are visible;
- the committees of niches that have ended are kept, dissolved on the niche's last day;
- in Estrie, each niche committee forwards a decision to the regional committee, which
  finds it on the agenda of its next meeting.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from accord.accounts.models import User
from accord.registry import services as registry_services
from accord.registry.demo import DEMO_DOMAIN, DEMO_PASSWORD, REASON, coordinator_for
from accord.registry.demo import data as registry_data
from accord.registry.models import Creneau, Organisation, Person, Region

from . import policies, services
from .models import (
    AttendanceStatus,
    Bylaws,
    Committee,
    CommitteeKind,
    Constituency,
    DecisionMode,
    ItemKind,
    Mandate,
    MandateRole,
    Meeting,
    Minutes,
    Resolution,
    VoteChoice,
    WorkTopic,
)
from .selectors import ROLE_ORDER

ORDER = 20
BYLAWS_ITEM = "Adoption du règlement du comité"
TERM_MONTHS = 24
# Fictional members get no email: the notices the services send are dropped while loading.
QUIET = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    today = timezone.localdate()
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    with QUIET, transaction.atomic():
        regional = {
            region.code: _regional_committee(admin, region, today) for region in Region.objects.order_by("code")
        }
        creneaux = list(Creneau.objects.filter(ended_on__isnull=True).order_by("slug"))
        weak = _weak_one(creneaux)
        committees = [
            _creneau_committee(admin, creneau, regional, today, index=index, weak=creneau == weak)
            for index, creneau in enumerate(creneaux)
        ]
        for creneau in Creneau.objects.filter(ended_on__isnull=False).order_by("slug"):
            _dissolved_committee(admin, creneau)
        for committee in regional.values():
            _regional_meetings(admin, committee, today)
        _transport_interregional(admin, today)
        _furniture_interregional(admin, today)
        _executive_committee(admin, today)
        _sector_table(admin, today)
        accounts = _accounts(committees)
        accounts += _estrie_members()
    stdout.write(
        f"  {Committee.objects.count()} committees, {Mandate.objects.count()} mandates, "
        f"{Meeting.objects.count()} meetings"
    )
    return accounts


# --- People -----------------------------------------------------------------------------------


def _demo_person(admin: User, key: str, first: str, last: str, region: Region) -> Person:
    email = f"{key}@{DEMO_DOMAIN}"
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = registry_services.create_person(
            actor=admin,
            data={"first_name": first, "last_name": last, "email": email, "region": region, "is_demo": True},
            reason=REASON,
        )
    return person


def _business_seats(creneau: Creneau) -> list[tuple[Person, Organisation]]:
    """One contact of each member enterprise, the leader enterprises first."""
    seats: list[tuple[Person, Organisation]] = []
    enterprises = creneau.members.filter(kind="enterprise", is_demo=True).order_by("-is_leader", "neq")  # type: ignore[attr-defined]
    for organisation in enterprises:
        affiliation = organisation.affiliations.select_related("person").order_by("person__email").first()
        if affiliation is not None:
            seats.append((affiliation.person, organisation))
    return seats


def _knowledge_partner(region: Region) -> Organisation | None:
    return (
        Organisation.objects.filter(kind__in=["research_centre", "college_university"], region=region)
        .order_by("name")
        .first()
    )


# --- Committees -------------------------------------------------------------------------------


def _code(slug: str, region: Region) -> str:
    """CC-<first word of the niche>-<region code>, numbered if two niches would share it."""
    letters = "".join(ch for ch in slug.upper().split("-")[0] if ch.isalnum())[:10]
    code = base = f"CC-{letters}-{region.code}"
    number = 1
    while Committee.objects.filter(code=code).exists():
        number += 1
        code = f"{base}-{number}"
    return code


def _bylaws(admin: User, committee: Committee, **extra: Any) -> None:
    """The committee's bylaws, drafted: its first meeting adopts them by resolution (see `_hold`)."""
    data = {
        "mission": extra.pop("mission", ""),
        "business_majority": True,
        "min_leader_enterprises": 1,
        "max_members": 15,
        "term_months": TERM_MONTHS,
        "max_consecutive_terms": 2,
        "min_meetings_per_year": 3,
        "quorum_rule": "majority",
        "decision_rule": "simple_majority",
        "consensus_allowed": True,
        "proxies_allowed": False,
        "conflict_of_interest_policy": (
            "Tout membre dont l'organisation porte un projet ou y est partenaire le déclare "
            "et se retire des délibérations et du vote."
        ),
        "coordinator_report_months": 6,
    }
    data.update(extra)
    services.draft_bylaws(committee, actor=admin, data=data)


def _seat(
    admin: User,
    committee: Committee,
    person: Person,
    role: str,
    constituency: str,
    starts_on: datetime.date,
    organisation: Organisation | None = None,
    override_reason: str = "",
) -> Mandate:
    if organisation is not None:
        # A member represents an organisation they belong to.
        registry_services.add_affiliation(person, organisation, actor=admin, reason=REASON)
    return services.start_mandate(
        committee,
        actor=admin,
        person=person,
        role=role,
        constituency=constituency,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=starts_on + relativedelta(months=TERM_MONTHS) - datetime.timedelta(days=1),
        reason=REASON,
        override_reason=override_reason,
    )


def _regional_committee(admin: User, region: Region, today: datetime.date) -> Committee:
    committee = Committee.objects.filter(kind=CommitteeKind.REGIONAL, region=region).first()
    if committee is not None:
        return committee
    committee = services.create_committee(
        actor=admin,
        data={
            "kind": CommitteeKind.REGIONAL,
            "name_fr": f"Comité régional ACCORD – {region.name}",
            "name_en": f"ACCORD regional committee – {region.name}",
            "code": f"CR-{region.code}",
            "region": region,
            "created_on": datetime.date(2002, 9, 1),
        },
        reason=REASON,
    )
    _bylaws(
        admin,
        committee,
        mission="Approuver la stratégie régionale ACCORD et recommander les projets au ministère.",
        min_leader_enterprises=0,
        min_meetings_per_year=2,
        coordinator_report_months=None,
        max_members=20,
        quorum_rule="fraction",
        quorum_fraction=Decimal("0.50"),
    )
    starts_on = today - datetime.timedelta(days=400)
    rng = random.Random(f"regional-{region.code}")
    last_names = registry_data.DEMO_LAST_NAMES
    people = [
        _demo_person(
            admin, f"cr{region.code}.{n}", rng.choice(registry_data.DEMO_FIRST_NAMES), rng.choice(last_names), region
        )
        for n in range(5)
    ]
    _seat(admin, committee, people[0], MandateRole.PRESIDENT, Constituency.BUSINESS, starts_on)
    _seat(admin, committee, people[1], MandateRole.SECRETARY, Constituency.BUSINESS, starts_on)
    _seat(admin, committee, people[2], MandateRole.MEMBER, Constituency.BUSINESS, starts_on)
    _seat(
        admin, committee, people[3], MandateRole.MEMBER, Constituency.EDUCATION, starts_on, _knowledge_partner(region)
    )
    _seat(admin, committee, people[4], MandateRole.OBSERVER, Constituency.PUBLIC_BODY, starts_on)
    return committee


def _creneau_committee(
    admin: User, creneau: Creneau, regional: dict[str, Committee], today: datetime.date, *, index: int, weak: bool
) -> Committee:
    committee = Committee.objects.filter(kind=CommitteeKind.CRENEAU, creneau=creneau).first()
    if committee is not None:
        return committee
    home = creneau.region_links.select_related("region").order_by("pk")[0].region  # type: ignore[attr-defined]
    committee = services.create_committee(
        actor=admin,
        data={
            "kind": CommitteeKind.CRENEAU,
            "name_fr": f"Comité du créneau {creneau.name_fr}",
            "name_en": f"{creneau.name_en} niche committee",
            "code": _code(creneau.slug, home),
            "creneau": creneau,
            "region": home,
            "created_on": creneau.implementation_agreement_on,
        },
        reason=REASON,
    )
    mission = f"Mettre en œuvre la stratégie du créneau {creneau.name_fr} et en rendre compte."
    proxies = len(creneau.slug) % 2 == 0
    # The weak committee's first bylaws only advised on its composition; the version its next
    # meeting adopted makes the business majority and the leader enterprise bind: since then it
    # cannot decide on a project until it recruits (its earlier decisions stand).
    _bylaws(
        admin,
        committee,
        mission=mission,
        proxies_allowed=proxies,
        **({"business_majority_blocking": False, "leader_enterprises_blocking": False} if weak else {}),
    )
    if weak:
        _bylaws(admin, committee, mission=mission, proxies_allowed=proxies)
    rng = random.Random(creneau.slug)
    starts_on = today - datetime.timedelta(days=400)
    renewed_soon = today - relativedelta(months=TERM_MONTHS) + datetime.timedelta(days=rng.randint(20, 55))
    business = _business_seats(creneau)
    if weak:
        business = business[1:3]  # no leader enterprise, and fewer business people than the others
    for index, (person, organisation) in enumerate(business[:6]):
        role = {0: MandateRole.PRESIDENT, 1: MandateRole.SECRETARY}.get(index, MandateRole.MEMBER)
        began = renewed_soon if index == 3 else starts_on
        _seat(admin, committee, person, role, Constituency.BUSINESS, began, organisation)
    partner = _knowledge_partner(home)
    knowledge = [
        _demo_person(admin, f"{creneau.slug}.savoir.{n}", rng.choice(registry_data.DEMO_FIRST_NAMES), "Savoir", home)
        for n in range(3 if weak else 1)
    ]
    for person in knowledge:
        _seat(admin, committee, person, MandateRole.MEMBER, Constituency.RESEARCH, starts_on, partner)
    # Seating the coordinator makes them the créneau's coordinator in the registry (decision 23).
    coordinator = coordinator_for(creneau)
    if coordinator is not None:
        _seat(admin, committee, coordinator, MandateRole.COORDINATOR, Constituency.OTHER, starts_on)
    forward_to = regional[home.code] if home.code == "05" else None
    cities = registry_data.DEMO_FOREIGN_CITIES
    _creneau_meetings(
        admin, committee, today, rng, forward_to=forward_to, report=not weak, city=cities[index % len(cities)]
    )
    return committee


def _weak_one(creneaux: list[Creneau]) -> Creneau:
    """The niche whose committee is out of compliance: the last of Estrie alone (by slug), where the
    demo office works. An interregional niche's first link is not a stable way to tell its region:
    the links of several regions are written in no set order."""
    estrie = [c for c in creneaux if {link.region.code for link in c.region_links.all()} == {"05"}]  # type: ignore[attr-defined]
    return estrie[-1] if len(estrie) > 1 else creneaux[-1]


def _dissolved_committee(admin: User, creneau: Creneau) -> None:
    """A niche that has ended keeps its committee, dissolved on the same day, for the record."""
    if Committee.objects.filter(kind=CommitteeKind.CRENEAU, creneau=creneau).exists():
        return
    home = creneau.region_links.select_related("region").order_by("pk")[0].region  # type: ignore[attr-defined]
    services.create_committee(
        actor=admin,
        data={
            "kind": CommitteeKind.CRENEAU,
            "name_fr": f"Comité du créneau {creneau.name_fr}",
            "name_en": f"{creneau.name_en} niche committee",
            "code": _code(creneau.slug, home),
            "creneau": creneau,
            "region": home,
            "created_on": creneau.implementation_agreement_on,
            "dissolved_on": creneau.ended_on,
        },
        reason=REASON,
    )


# --- Meetings ---------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


def _hold(
    admin: User,
    committee: Committee,
    day: datetime.date,
    title: str,
    items: list[dict[str, Any]],
    *,
    previous: Meeting | None,
    absent: int = 0,
) -> Meeting:
    """Plan, convene and open a meeting, take attendance, approve the previous minutes."""
    if previous is not None:
        items = [{"title": "Adoption du procès-verbal de la réunion précédente", "kind": ItemKind.DECISION}, *items]
    # A committee's first meeting adopts its drafted bylaws (the last item: the others keep their numbers).
    draft = committee.bylaws.filter(adopted_on__isnull=True).order_by("version").first()  # type: ignore[attr-defined]
    if draft is not None:
        items = [*items, {"title": BYLAWS_ITEM, "kind": ItemKind.DECISION, "subject": draft}]
    meeting = services.plan_meeting(
        committee,
        actor=admin,
        title=title,
        starts_at=_at(day),
        ends_at=_at(day, 11),
        location="Salle du conseil, Centre d'affaires régional",
        items=items,
    )
    services.convene_meeting(meeting, actor=admin)
    services.open_meeting(meeting, actor=admin)
    sheet = [
        (mandate, AttendanceStatus.EXCUSED if index == 2 and absent else AttendanceStatus.PRESENT, None)
        for index, mandate in enumerate(committee.mandates.current(day).order_by("pk"))  # type: ignore[attr-defined]
    ]
    services.record_attendance_sheet(meeting, sheet, actor=admin)
    seat_chair(admin, meeting)
    if draft is not None:
        _adopt(admin, meeting, draft)
    if previous is not None:
        minutes = previous.minutes.get()  # type: ignore[attr-defined]
        resolution = services.propose_resolution(
            meeting,
            actor=admin,
            title="Adoption du procès-verbal",
            text=f"Il est résolu d'adopter le procès-verbal de la réunion du {previous.meeting_date:%Y-%m-%d}.",
            item=meeting.items.get(position=1),  # type: ignore[attr-defined]
            subject=minutes,
        )
        decide(admin, resolution, mode=DecisionMode.CONSENSUS)
    return meeting


def seat_chair(admin: User, meeting: Meeting) -> None:
    """A meeting nobody chairs yet (co-presidents, no president): the first presiding member present chairs."""
    meeting.refresh_from_db()
    if meeting.chaired_by_id is not None:
        return
    present = (
        meeting.committee.mandates.current(meeting.meeting_date)  # type: ignore[attr-defined]
        .voting()
        .filter(attendances__meeting=meeting, attendances__status=AttendanceStatus.PRESENT)
    )
    chair = present.order_by(ROLE_ORDER, "pk").first()
    if chair is not None:
        services.name_chair(meeting, actor=admin, mandate=chair, reason=REASON)


def chair_account(person: Person) -> User:
    """The account of a member who chairs, made without a password (they sign in after a reset)."""
    user = User.objects.filter(person=person).first()
    if user is not None:
        return user
    email = person.email if person.email and not User.objects.filter(email=person.email).exists() else ""
    return User.objects.create_user(
        email or f"personne.{person.pk}@{DEMO_DOMAIN}",
        None,
        first_name=person.first_name,
        last_name=person.last_name,
        person=person,
    )


def decide(admin: User, resolution: Resolution, mode: str = DecisionMode.VOTE) -> Resolution:
    """The regional office records the decision; the member who chaired signs it off, and it takes effect."""
    services.decide_resolution(resolution, actor=admin, mode=mode)
    resolution.refresh_from_db()
    if resolution.awaits_sign_off and resolution.chaired_by is not None:
        services.sign_off_resolution(resolution, actor=chair_account(resolution.chaired_by.person))
    return resolution


def _adopt(admin: User, meeting: Meeting, draft: Bylaws) -> None:
    """The committee adopts its drafted bylaws: in force from the day of the decision, sent to the members."""
    resolution = services.propose_resolution(
        meeting,
        actor=admin,
        title=BYLAWS_ITEM,
        text="Il est résolu d'adopter le règlement du comité : mission, composition, mandats, réunions et décisions.",
        item=meeting.items.get(subject_id=draft.pk, title=BYLAWS_ITEM),  # type: ignore[attr-defined]
    )
    decide(admin, resolution, mode=DecisionMode.CONSENSUS)


def _vote(admin: User, meeting: Meeting, resolution: Any, rng: random.Random, *, against: int = 0) -> None:
    voters = list(
        meeting.committee.mandates.current(meeting.meeting_date)  # type: ignore[attr-defined]
        .voting()
        .filter(attendances__meeting=meeting, attendances__status=AttendanceStatus.PRESENT)
        .exclude(recusals__resolution=resolution)
        .order_by("pk")
    )
    rng.shuffle(voters)
    sheet = [
        (
            mandate,
            VoteChoice.AGAINST if index < against else (VoteChoice.ABSTAIN if index == against else VoteChoice.FOR),
        )
        for index, mandate in enumerate(voters)
    ]
    services.record_votes(resolution, sheet, actor=admin)
    decide(admin, resolution)


def _finish(admin: User, meeting: Meeting, summary: str, *, circulate: bool) -> Minutes:
    services.close_meeting(meeting, actor=admin)
    minutes = services.draft_minutes(meeting, actor=admin, text=summary)
    if circulate:
        services.circulate_minutes(minutes, actor=admin)
    return minutes


def _creneau_meetings(
    admin: User,
    committee: Committee,
    today: datetime.date,
    rng: random.Random,
    *,
    forward_to: Committee | None,
    report: bool,
    city: str,
) -> None:
    name = committee.creneau.name_fr  # type: ignore[union-attr]
    member_enterprise = committee.mandates.filter(organisation__is_leader=False, organisation__isnull=False).first()  # type: ignore[attr-defined]

    first = _hold(
        admin,
        committee,
        today - datetime.timedelta(days=250),
        "Réunion du printemps",
        [
            {"title": "Plan d'action annuel", "kind": ItemKind.DECISION},
            {"title": "Mandat de la coordination", "kind": ItemKind.DECISION},
        ],
        previous=None,
    )
    plan = services.propose_resolution(
        first,
        actor=admin,
        title="Adoption du plan d'action annuel",
        text=f"Il est résolu d'adopter le plan d'action annuel du créneau {name}.",
        item=first.items.get(position=1),  # type: ignore[attr-defined]
    )
    _vote(admin, first, plan, rng)
    mandate = services.propose_resolution(
        first,
        actor=admin,
        title=f"Mandat à la coordination : mission commerciale à {city}",
        text=f"Il est résolu de mandater la coordination pour organiser une mission commerciale à {city} cet automne.",
        item=first.items.get(position=2),  # type: ignore[attr-defined]
        gives_coordinator_mandate=True,
    )
    _vote(admin, first, mandate, rng, against=1)
    _finish(admin, first, f"Procès-verbal de la réunion du printemps du comité du créneau {name}.", circulate=True)

    second = _hold(
        admin,
        committee,
        today - datetime.timedelta(days=160),
        "Réunion d'été",
        [{"title": "Soutien à un projet d'entreprise membre", "kind": ItemKind.DECISION}],
        previous=first,
        absent=1,
    )
    subject = member_enterprise.organisation if member_enterprise else None
    support = services.propose_resolution(
        second,
        actor=admin,
        title="Appui au projet d'une entreprise membre",
        text="Il est résolu d'appuyer le projet présenté et de le recommander au comité régional.",
        item=second.items.get(position=2),  # type: ignore[attr-defined]
        subject=subject,  # its representative is recused automatically
        forward_to=forward_to,
    )
    _vote(admin, second, support, rng)
    _finish(admin, second, f"Procès-verbal de la réunion d'été du comité du créneau {name}.", circulate=True)

    third = _hold(
        admin,
        committee,
        today - datetime.timedelta(days=70),
        "Réunion d'automne",
        [{"title": "Bilan de mi-année", "kind": ItemKind.INFORMATION}],
        previous=second,
    )
    _finish(admin, third, f"Procès-verbal de la réunion d'automne du comité du créneau {name}.", circulate=True)

    if report:
        coordinator = committee.mandates.filter(role=MandateRole.COORDINATOR).first()  # type: ignore[attr-defined]
        if coordinator is not None:
            services.submit_report(
                committee,
                actor=admin,
                coordinator=coordinator,
                period_start=today - datetime.timedelta(days=250),
                period_end=today - datetime.timedelta(days=70),
                activities="Mise en œuvre du plan d'action, rencontres d'entreprises, préparation de la mission.",
                next_steps="Mission de prospection et bilan annuel.",
                progress=[(mandate, "Mission organisée, douze entreprises inscrites.", True)],
            )

    upcoming = services.plan_meeting(
        committee,
        actor=admin,
        title="Réunion de décembre",
        starts_at=_at(today + datetime.timedelta(days=14 + rng.randint(0, 10))),
        location="Visioconférence",
        online_url="https://visio.demo.accord.example/" + committee.slug,
        items=[
            {"title": "Adoption du procès-verbal de la réunion d'automne", "kind": ItemKind.DECISION},
            {"title": "Priorités de l'an prochain", "kind": ItemKind.DISCUSSION},
        ],
    )
    services.convene_meeting(upcoming, actor=admin)


def _regional_meetings(admin: User, committee: Committee, today: datetime.date) -> None:
    if committee.meetings.exists():  # type: ignore[attr-defined]
        return
    spring = _hold(
        admin,
        committee,
        today - datetime.timedelta(days=230),
        "Réunion de printemps du comité régional",
        [{"title": "Stratégie régionale ACCORD", "kind": ItemKind.DECISION}],
        previous=None,
    )
    strategy = services.propose_resolution(
        spring,
        actor=admin,
        title="Adoption des priorités régionales",
        text="Il est résolu d'adopter les priorités régionales de l'année.",
        item=spring.items.get(position=1),  # type: ignore[attr-defined]
    )
    decide(admin, strategy, mode=DecisionMode.CONSENSUS)
    _finish(admin, spring, f"Procès-verbal de la réunion de printemps ({committee.name_fr}).", circulate=True)
    autumn = _hold(
        admin,
        committee,
        today - datetime.timedelta(days=120),
        "Réunion d'automne du comité régional",
        [{"title": "Suivi des créneaux de la région", "kind": ItemKind.INFORMATION}],
        previous=spring,
    )
    _finish(admin, autumn, f"Procès-verbal de la réunion d'automne ({committee.name_fr}).", circulate=True)
    upcoming = services.plan_meeting(
        committee,
        actor=admin,
        title="Réunion d'hiver du comité régional",
        starts_at=_at(today + datetime.timedelta(days=30)),
        location="Bureau de la direction régionale",
        items=[{"title": "Adoption du procès-verbal de la réunion précédente", "kind": ItemKind.DECISION}],
    )
    services.convene_meeting(upcoming, actor=admin)


# --- Committees the seed gives as examples -----------------------------------------------------

TRANSPORT = [
    "equipements-de-transport",
    "materiel-de-transport-et-logistique",
    "materiel-de-transport-estrie",
    "transport-terrestre-avance",
]
TRANSPORT_REGIONS = ["17", "16", "05", "15"]
FURNITURE = ["meuble-centre-du-quebec", "meuble-mauricie", "meuble-lanaudiere", "bois-apparence-composites-estrie"]
FURNITURE_REGIONS = ["17", "12", "05", "14", "04"]
# The furniture committee has met since the autumn of 2005 (the synthesis says so).
FURNITURE_FOUNDED = datetime.date(2005, 10, 1)


def _niche_committee(slug: str) -> Committee:
    return Committee.objects.select_related("creneau", "region").get(kind=CommitteeKind.CRENEAU, creneau__slug=slug)


def _new_committee(admin: User, data: dict[str, Any], **links: Any) -> Committee | None:
    """Set the committee up, or None if it exists (the demo leaves an existing committee as it is)."""
    if Committee.objects.filter(code=data["code"]).exists():
        return None
    return services.create_committee(actor=admin, data=data, reason=REASON, **links)


def _president_of(slug: str) -> Mandate:
    return Mandate.objects.select_related("person", "organisation").get(
        committee=_niche_committee(slug), role=MandateRole.PRESIDENT
    )


def _meetings(admin: User, committee: Committee, today: datetime.date, days_ago: list[int], topic: str) -> None:
    """Meetings held on those days, each approving the minutes of the one before."""
    previous = None
    for days in days_ago:
        meeting = _hold(
            admin,
            committee,
            today - datetime.timedelta(days=days),
            f"Rencontre du {committee.name_fr}",
            [{"title": topic, "kind": ItemKind.DISCUSSION}],
            previous=previous,
        )
        _finish(admin, meeting, f"Procès-verbal de la rencontre ({committee.name_fr}).", circulate=True)
        previous = meeting


def _transport_interregional(admin: User, today: datetime.date) -> None:
    """The transport niches of four regions; it seats one more voting member than its bylaws allow."""
    creneaux = list(Creneau.objects.filter(slug__in=TRANSPORT).order_by("slug"))
    committee = _new_committee(
        admin,
        {
            "kind": CommitteeKind.INTERREGIONAL,
            "name_fr": "Comité interrégional des créneaux du transport",
            "name_en": "Interregional committee of the transportation niches",
            "code": "CI-TRANSPORT",
            "created_on": datetime.date(2007, 3, 1),
        },
        regions=Region.objects.filter(code__in=TRANSPORT_REGIONS),
        creneaux=creneaux,
    )
    if committee is None:
        return
    _bylaws(
        admin,
        committee,
        mission=(
            "Réaliser des projets communs aux créneaux du transport : cartographie des entreprises, "
            "image de marque commune pour le positionnement à l'international."
        ),
        # Two seats a region; the research seat added since makes nine voting members.
        max_members=8,
        min_meetings_per_year=2,
        coordinator_report_months=None,  # the coordinator reports to their own niche committee
    )
    starts_on = today - datetime.timedelta(days=400)
    roles = {0: MandateRole.PRESIDENT, 2: MandateRole.VICE_PRESIDENT, 4: MandateRole.SECRETARY}
    by_slug = {creneau.slug: creneau for creneau in creneaux}
    seats = [seat for slug in TRANSPORT for seat in _business_seats(by_slug[slug])[:2]]
    for index, (person, organisation) in enumerate(seats):
        _seat(
            admin,
            committee,
            person,
            roles.get(index, MandateRole.MEMBER),
            Constituency.BUSINESS,
            starts_on,
            organisation,
        )
    home = _niche_committee(TRANSPORT[0])
    partner = _knowledge_partner(home.region)  # type: ignore[arg-type]
    researcher = _demo_person(admin, "ci-transport.recherche", "Isabelle", "Lachance", home.region)  # type: ignore[arg-type]
    # The bylaws' maximum binds: the ministry seated the researcher against it, with its reason.
    _seat(
        admin,
        committee,
        researcher,
        MandateRole.MEMBER,
        Constituency.RESEARCH,
        starts_on,
        partner,
        override_reason="Siège de la recherche ajouté en attendant la révision du règlement.",
    )
    coordinator = home.creneau.coordinator  # type: ignore[union-attr]
    if coordinator is not None:
        _seat(admin, committee, coordinator, MandateRole.COORDINATOR, Constituency.OTHER, starts_on)
    _meetings(admin, committee, today, [210, 45], "Cartographie des entreprises et image de marque commune")


def _furniture_interregional(admin: User, today: datetime.date) -> None:
    """The presidents of the furniture niche committees of five regions; a founding member was never renewed."""
    committee = _new_committee(
        admin,
        {
            "kind": CommitteeKind.INTERREGIONAL,
            "name_fr": "Comité interrégional meuble",
            "name_en": "Interregional furniture committee",
            "code": "CI-MEUBLE",
            "created_on": FURNITURE_FOUNDED,
        },
        regions=Region.objects.filter(code__in=FURNITURE_REGIONS),
        creneaux=Creneau.objects.filter(slug__in=FURNITURE),
    )
    if committee is None:
        return
    _bylaws(
        admin,
        committee,
        mission=(
            "Identifier et réaliser des actions interrégionales et partager l'information utile "
            "au développement des créneaux du meuble."
        ),
        max_members=10,
        min_meetings_per_year=2,
        coordinator_report_months=None,  # the coordinator reports to their own niche committee
        # Its term only advises: a seat may outlast it (the terms check fails, nothing is refused).
        term_months_blocking=False,
    )
    starts_on = today - datetime.timedelta(days=400)
    roles = [MandateRole.PRESIDENT, MandateRole.SECRETARY, MandateRole.MEMBER, MandateRole.MEMBER]
    for slug, role in zip(FURNITURE, roles, strict=True):
        president = _president_of(slug)
        _seat(admin, committee, president.person, role, Constituency.BUSINESS, starts_on, president.organisation)
    # Chaudière-Appalaches has no furniture niche of its own in the demo: a manufacturer sits
    # for it, since the first meeting, on a seat nobody renewed (the terms check fails).
    region = Region.objects.get(code="12")
    founder = _demo_person(admin, "ci-meuble.fondateur", "Réjean", "Poulin", region)
    services.start_mandate(
        committee,
        actor=admin,
        person=founder,
        role=MandateRole.MEMBER,
        constituency=Constituency.BUSINESS,
        starts_on=FURNITURE_FOUNDED,
        reason=REASON,
    )
    coordinator = _niche_committee(FURNITURE[0]).creneau.coordinator  # type: ignore[union-attr]
    if coordinator is not None:
        _seat(admin, committee, coordinator, MandateRole.COORDINATOR, Constituency.OTHER, starts_on)
    _meetings(admin, committee, today, [190, 35], "Actions interrégionales et partage d'information")


def _executive_committee(admin: User, today: datetime.date) -> None:
    """The executive committee of Équipements de transport – Centre-du-Québec, under two co-presidents."""
    parent = _niche_committee("equipements-de-transport")
    committee = _new_committee(
        admin,
        {
            "kind": CommitteeKind.EXECUTIVE,
            "name_fr": f"Comité exécutif du créneau {parent.creneau.name_fr}",  # type: ignore[union-attr]
            "name_en": f"{parent.creneau.name_en} executive committee",  # type: ignore[union-attr]
            "code": "CE-TRANSPORT-17",
            "parent": parent,
            "creneau": parent.creneau,
            "region": parent.region,
            "created_on": parent.created_on,
        },
    )
    if committee is None:
        return
    _bylaws(
        admin,
        committee,
        mission="Prendre entre les réunions du comité de créneau les décisions nécessaires à l'avancement des projets.",
        max_members=5,
        min_meetings_per_year=4,  # it meets more often than the niche committee
        coordinator_report_months=None,  # the coordinator reports to the niche committee
    )
    starts_on = today - datetime.timedelta(days=400)
    # A co-presidency ensures someone always presides (the synthesis suggests it).
    roles = [MandateRole.CO_PRESIDENT, MandateRole.CO_PRESIDENT, MandateRole.SECRETARY, MandateRole.MEMBER]
    business = parent.mandates.filter(constituency=Constituency.BUSINESS).select_related("person", "organisation")  # type: ignore[attr-defined]
    for mandate, role in zip(business.order_by("pk"), roles, strict=False):
        _seat(admin, committee, mandate.person, role, Constituency.BUSINESS, starts_on, mandate.organisation)
    coordinator = parent.creneau.coordinator  # type: ignore[union-attr]
    if coordinator is not None:
        _seat(admin, committee, coordinator, MandateRole.COORDINATOR, Constituency.OTHER, starts_on)
    _meetings(admin, committee, today, [300, 210, 120, 30], "Suivi des projets du plan d'action")


def _sector_table(admin: User, today: datetime.date) -> None:
    """The productivity table of Matériaux composites et plastique – Chaudière-Appalaches; it met only once."""
    parent = _niche_committee("materiaux-composites-et-plastique")
    committee = _new_committee(
        admin,
        {
            "kind": CommitteeKind.WORK,
            "name_fr": "Table sectorielle productivité – Matériaux composites et plastique",
            "name_en": "Productivity sector table – Composite materials and plastics",
            "code": "TS-COMPOSITES-12",
            "parent": parent,
            "creneau": parent.creneau,
            "region": parent.region,
            "topic": WorkTopic.PRODUCTIVITY,
            "created_on": datetime.date(2007, 9, 1),
        },
    )
    if committee is None:
        return
    _bylaws(
        admin,
        committee,
        mission="Revoir avec les entreprises du créneau leur planification stratégique et leurs gains de productivité.",
        max_members=10,
        min_meetings_per_year=4,
        coordinator_report_months=None,
    )
    starts_on = today - datetime.timedelta(days=400)
    roles = {0: MandateRole.PRESIDENT, 1: MandateRole.SECRETARY}
    for index, (person, organisation) in enumerate(_business_seats(parent.creneau)[:4]):  # type: ignore[arg-type]
        _seat(
            admin,
            committee,
            person,
            roles.get(index, MandateRole.MEMBER),
            Constituency.BUSINESS,
            starts_on,
            organisation,
        )
    region = parent.region
    teacher = _demo_person(admin, "ts-composites.formation", "Nathalie", "Gagnon", region)  # type: ignore[arg-type]
    _seat(admin, committee, teacher, MandateRole.MEMBER, Constituency.EDUCATION, starts_on, _knowledge_partner(region))  # type: ignore[arg-type]
    _meetings(admin, committee, today, [150], "Diagnostic de productivité des entreprises participantes")


# --- Accounts ---------------------------------------------------------------------------------


def _accounts(committees: list[Committee]) -> list[tuple[str, str, str]]:
    """A president and a coordinator can sign in, to see governance as members do."""
    committee = next(c for c in committees if c.region and c.region.code == "05")
    specs = [
        ("Présidence d'un comité de créneau", "presidence", MandateRole.PRESIDENT),
        ("Coordination d'un créneau", "coordination", MandateRole.COORDINATOR),
    ]
    accounts = []
    for label, key, role in specs:
        mandate = committee.mandates.filter(role=role).select_related("person").first()  # type: ignore[attr-defined]
        if mandate is None:
            continue
        email = f"{key}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        chair = User.objects.filter(person=mandate.person).exclude(email=email).first()
        if user is None and chair is not None:
            # The president already has the account they signed decisions off with: it becomes the demo's.
            chair.email = email
            chair.last_name = f"{mandate.person.last_name} (démo)"
            chair.set_password(DEMO_PASSWORD)
            chair.save(update_fields=["email", "last_name", "password"])
            user = chair
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                first_name=mandate.person.first_name,
                last_name=f"{mandate.person.last_name} (démo)",
            )
        if user.person_id is None and not User.objects.filter(person=mandate.person).exists():
            user.person = mandate.person
            user.save(update_fields=["person"])
        accounts.append((f"{label} ({committee.code})", email, DEMO_PASSWORD))
    return accounts


def _estrie_members() -> list[tuple[str, str, str]]:
    """Every member of the Estrie committees can sign in, to try the member's side (My space, answers, comments).

    Each account is tied to the member's person, under the person's address when no other
    account uses it, else personne.<number>@ the demo domain; all share the demo password
    (hashed once: the loader stays fast whatever the number of members).
    """
    from django.contrib.auth.hashers import make_password  # noqa: PLC0415  only the demo needs it

    estrie = Region.objects.get(code="05")
    committees = Committee.objects.filter(policies.region_filter([estrie.pk])).values("pk")
    members = Person.objects.filter(mandates__in=Mandate.objects.current().filter(committee__in=committees))
    password = make_password(DEMO_PASSWORD)
    # The accounts already made for members who chair (without a password) get the demo's too.
    for user in User.objects.filter(person__in=members).distinct():
        if not user.has_usable_password():
            user.password = password
            user.save(update_fields=["password"])
    people = (
        members.exclude(pk__in=User.objects.filter(person__isnull=False).values("person_id")).distinct().order_by("pk")
    )
    taken = set(User.objects.values_list("email", flat=True))
    # An address two people share stays with neither: each account's address names one person.
    shared = set(
        Person.objects.exclude(email="")
        .values("email")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("email", flat=True)
    )
    taken |= {email.lower() for email in shared}
    for person in people:
        email = (person.email or "").strip().lower()
        if not email or email in taken:
            email = f"personne.{person.pk}@{DEMO_DOMAIN}"
        taken.add(email)
        user = User(
            email=email,
            first_name=person.first_name,
            last_name=person.last_name,
            preferred_language=person.preferred_language or "fr",
            person=person,
            password=password,
        )
        user.save()
    total = User.objects.filter(person__mandates__committee__in=committees).distinct().count()
    example = (
        User.objects.filter(person__mandates__committee__in=committees, person__mandates__role=MandateRole.MEMBER)
        .order_by("pk")
        .values_list("email", flat=True)
        .first()
    )
    if not example:
        return []
    return [(f"Membres des comités de l'Estrie ({total} comptes)", example, DEMO_PASSWORD)]
