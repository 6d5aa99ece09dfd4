"""Load the registry's demonstration data; safe to run again (existing records are kept).

Records are created through the services, so the demo has the same history, rules and
search index as real data; the author is the demo technical administrator.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction

from accord.accounts import demo as account_demo
from accord.accounts import services as account_services
from accord.accounts.models import Role, RoleAssignment, User
from accord.core.text import normalize

from .. import services
from ..models import Creneau, Offer, Organisation, Person, Region, ResourceRegionStatus
from . import data

ORDER = 10
DEMO_PASSWORD = "Accord-demo-2026"  # noqa: S105  printed by `make run`: demo accounts only
DEMO_DOMAIN = "demo.accord.example"
REASON = "Données de démonstration"
RESOURCE_REGIONS_SINCE = datetime.date(2002, 4, 1)


def load(*, stdout: Any) -> list[tuple[str, ...]]:
    with transaction.atomic():
        admin = _technical_admin()
        regions = _regions(admin)
        partners = _partners(admin, regions)
        creneaux = _creneaux(admin, regions, partners)
        _members(admin, regions, creneaux)
        _offers(admin, creneaux)
        accounts = _accounts(admin, regions)
    stdout.write(
        f"  {Region.objects.count()} regions, {Creneau.objects.count()} créneaux, "
        f"{Organisation.objects.count()} organisations, {Person.objects.count()} people"
    )
    return accounts


def _technical_admin() -> User:
    email = f"admin@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_superuser(
            email, DEMO_PASSWORD, first_name="Administration", last_name="technique (démo)", is_staff=True
        )
    return user


def _regions(admin: User) -> dict[str, Region]:
    regions = {}
    for code, name in data.REGIONS:
        region, _created = Region.objects.get_or_create(code=code, defaults={"name": name})
        regions[code] = region
        if code in data.RESOURCE_REGIONS and not region.resource_statuses.exists():  # type: ignore[attr-defined]
            services.add_resource_status(
                region, actor=admin, valid_from=RESOURCE_REGIONS_SINCE, source=data.RESOURCE_SOURCE, reason=REASON
            )
    assert ResourceRegionStatus.objects.count() >= len(data.RESOURCE_REGIONS)
    return regions


def _partners(admin: User, regions: dict[str, Region]) -> dict[str, Organisation]:
    partners = {}
    for key, name, kind, region_code, city, website, description in data.PARTNERS:
        organisation = Organisation.objects.filter(name=name, is_demo=False).first()
        if organisation is None:
            organisation = services.create_organisation(
                actor=admin,
                data={
                    "name": name,
                    "kind": kind,
                    "region": regions[region_code] if region_code else None,
                    "city": city,
                    "website": website,
                    "description": description,
                },
                reason=REASON,
            )
        partners[key] = organisation
    return partners


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _creneaux(admin: User, regions: dict[str, Region], partners: dict[str, Organisation]) -> dict[str, Creneau]:
    creneaux: dict[str, Creneau] = {}
    for spec in data.CRENEAUX:
        creneau = Creneau.objects.filter(slug=spec["slug"]).first()
        if creneau is None:
            principle, strategy, implementation = spec["dates"]
            structure, host = spec.get("management", ("", None))
            creneau = services.create_creneau(
                actor=admin,
                data={
                    "slug": spec["slug"],
                    "name_fr": spec["name_fr"],
                    "name_en": spec["name_en"],
                    "industry_fr": spec["industry_fr"],
                    "industry_en": spec["industry_en"],
                    "description_fr": spec["description_fr"],
                    "description_en": spec["description_en"],
                    "category": spec["category"],
                    "recognition_stage": spec["stage"],
                    "principle_agreement_on": _date(principle),
                    "strategy_authorised_on": _date(strategy),
                    "implementation_agreement_on": _date(implementation),
                    "management_structure": structure,
                    "management_organisation": partners[host] if host else None,
                    "website": spec.get("website", ""),
                    "ended_on": _date(spec.get("ended_on")),
                },
                regions=[regions[code] for code in spec["regions"]],
                reason=REASON,
            )
            for key in spec.get("members", []):
                member = partners[key]
                services.set_memberships(member, [*member.creneaux.all(), creneau], actor=admin, reason=REASON)
        creneaux[spec["slug"]] = creneau
    for spec in data.CRENEAUX:
        if spec.get("predecessors") and not creneaux[spec["slug"]].predecessors.exists():
            services.set_predecessors(
                creneaux[spec["slug"]], [creneaux[s] for s in spec["predecessors"]], actor=admin, reason=REASON
            )
    return creneaux


def _person(admin: User, rng: random.Random, region: Region, serial: int) -> Person:
    first, last = rng.choice(data.DEMO_FIRST_NAMES), rng.choice(data.DEMO_LAST_NAMES)
    email = _demo_email(first, last, serial)
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = services.create_person(
            actor=admin,
            data={
                "first_name": first,
                "last_name": last,
                "email": email,
                "phone": f"+1 418 555-{serial % 10000:04d}",
                "preferred_language": "en" if serial % 7 == 0 else "fr",
                "region": region,
                "is_demo": True,
            },
            reason=REASON,
        )
    return person


COORDINATOR_SERIAL = 9000


def coordinator_for(creneau: Creneau) -> Person | None:
    """The demo person meant to coordinate the créneau (made by `_members`, the first draw of its seed)."""
    for index, spec in enumerate(data.CRENEAUX):
        if spec["slug"] == creneau.slug:
            rng = random.Random(spec["slug"])
            first, last = rng.choice(data.DEMO_FIRST_NAMES), rng.choice(data.DEMO_LAST_NAMES)
            return Person.objects.filter(email=_demo_email(first, last, COORDINATOR_SERIAL + index)).first()
    return None


def _demo_email(first: str, last: str, serial: int) -> str:
    return f"{normalize(first)}.{normalize(last)}.{serial}@{DEMO_DOMAIN}".replace(" ", "-")


def _members(admin: User, regions: dict[str, Region], creneaux: dict[str, Creneau]) -> None:
    """Fictional member enterprises and their people, the same on every run (seeded by the slug)."""
    serial = 0
    for index, spec in enumerate(data.CRENEAUX):
        creneau = creneaux[spec["slug"]]
        if creneau.ended_on:
            continue
        rng = random.Random(spec["slug"])
        home = regions[spec["regions"][0]]
        # The niche's future coordinator: governance's demo seats them on the niche committee,
        # which makes them the créneau's coordinator (decision 23).
        _person(admin, rng, home, COORDINATOR_SERIAL + index)
        for number in range(rng.randint(4, 7)):
            serial += 1
            region = regions[rng.choice(spec["regions"])]
            neq = f"1199{index:02d}{number:04d}"
            organisation = Organisation.objects.filter(neq=neq).first()
            if organisation is None:
                city = rng.choice(data.DEMO_CITIES[region.code])
                size_band = rng.choice(["micro", "small", "small", "medium", "large"])
                is_large = number == 0 and rng.random() < 0.5
                organisation = services.create_organisation(
                    actor=admin,
                    data={
                        "name": f"{rng.choice(data.DEMO_NAME_STEMS)} {rng.choice(data.DEMO_NAME_ROOTS)} {city} inc.",
                        "kind": "enterprise",
                        "region": region,
                        "city": city,
                        "neq": neq,
                        # A large enterprise is large: its band follows (the same draws as before).
                        "size_band": "large" if is_large else size_band,
                        "is_leader": number == 0,
                        "is_large_enterprise": is_large,
                        "transformation_level": rng.choice(["first", "second", "third"]),
                        "email": f"info.{neq}@{DEMO_DOMAIN}",
                        "phone": f"+1 819 555-{serial:04d}",
                        "street_address": f"{rng.randint(10, 2500)}, rue Principale",
                        "description": "Entreprise fictive de la démonstration.",
                        "is_demo": True,
                    },
                    creneaux=[creneau],
                    reason=REASON,
                )
                for contact in range(2):
                    person = _person(admin, rng, region, serial * 10 + contact)
                    services.add_affiliation(
                        person, organisation, actor=admin, job_title=rng.choice(data.DEMO_JOB_TITLES), reason=REASON
                    )


def _offers(admin: User, creneaux: dict[str, Creneau]) -> None:
    """A few capabilities and needs of member enterprises of different créneaux, for the partner
    search (decision 58): declared once, through the service, on each créneau's first member enterprise."""
    for spec in data.DEMO_OFFERS:
        organisation = (
            Organisation.objects.filter(memberships__creneau=creneaux[spec["creneau"]], is_demo=True)
            .order_by("neq", "pk")
            .first()
        )
        if organisation is None or Offer.objects.filter(organisation=organisation, label_fr=spec["label_fr"]).exists():
            continue
        fields = {name: value for name, value in spec.items() if name != "creneau"}
        services.declare_offer(organisation, actor=admin, data=fields, reason=REASON)


def _accounts(admin: User, regions: dict[str, Region]) -> list[tuple[str, ...]]:
    specs = [
        ("Ministère (programme entier)", f"ministere@{DEMO_DOMAIN}", "Claire", "Ministère (démo)", Role.MINISTRY, None),
        (
            "Direction régionale de l'Estrie",
            f"dr-estrie@{DEMO_DOMAIN}",
            "Daniel",
            "Estrie (démo)",
            Role.REGIONAL_OFFICE,
            regions["05"],
        ),
        (
            "Responsable de la protection des renseignements personnels",
            f"confidentialite@{DEMO_DOMAIN}",
            "Camille",
            "Confidentialité (démo)",
            Role.PRIVACY_OFFICER,
            None,
        ),
    ]
    accounts: list[tuple[str, ...]] = [
        ("Administration technique (/admin/)", admin.email, DEMO_PASSWORD, account_demo.ensure_second_factor(admin))
    ]
    for label, email, first, last, role, region in specs:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, first_name=first, last_name=last)
        if not RoleAssignment.objects.current().filter(user=user, role=role, region=region).exists():
            account_services.grant_role(
                user, actor=admin, role=role, region=region, starts_on=datetime.date(2026, 1, 1), note=REASON
            )
        accounts.append((label, email, DEMO_PASSWORD, account_demo.ensure_second_factor(user)))
    return accounts
