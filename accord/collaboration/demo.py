"""Demonstration data of the collaboration between créneaux (decision 57), through the services: the
links the seed tells of that no table holds (aluminium supplies the transport-equipment créneaux;
composites make wind turbines' blades) and a few experience notes. The seed's other examples show by
themselves, read from the other apps' demo data: the transport and furniture interregional
committees (governance) and the merger that created the microelectronics créneau (the registry's
predecessors)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accord.accounts.models import User
from accord.registry.demo import DEMO_DOMAIN
from accord.registry.models import Creneau

from . import services
from .models import CreneauLink, ExperienceNote

ORDER = 39  # after the fund (30), the plans (25) and governance (20), whose data the links read
REASON = "Données de démonstration"

#: (supplier or first créneau, second créneau, kind, French reason, English reason)
LINKS: list[tuple[str, str, str, str, str]] = [
    (
        "transformation-de-l-aluminium",
        "equipements-de-transport",
        "supplier_customer",
        "Les transformateurs d'aluminium fournissent les profilés et les pièces moulées des fabricants "
        "d'équipements de transport (allègement des véhicules).",
        "Aluminium processors supply the extrusions and castings of transportation-equipment makers "
        "(lighter vehicles).",
    ),
    (
        "transformation-de-l-aluminium",
        "transport-terrestre-avance",
        "supplier_customer",
        "Caisses et châssis en aluminium des véhicules électriques et des autobus.",
        "Aluminium bodies and frames of electric vehicles and buses.",
    ),
    (
        "materiaux-composites-et-plastique",
        "eolien",
        "shared_technology",
        "Les pales et les nacelles d'éoliennes sont en matériaux composites : mêmes procédés de moulage.",
        "Wind turbine blades and nacelles are made of composites: the same moulding processes.",
    ),
]

#: (créneau, French title, English title, what worked, what did not, results)
NOTES: list[tuple[str, str, str, str, str, str]] = [
    (
        "meuble-centre-du-quebec",
        "Visiter une entreprise membre à chaque comité",
        "Visiting a member company at each committee meeting",
        "Tenir le comité chez un membre et commencer par la visite de l'usine : la présence a augmenté "
        "et les entreprises se découvrent des fournisseurs communs.",
        "Les visites trop longues ont écourté l'ordre du jour : une heure suffit.",
        "Présence moyenne passée de 9 à 14 membres ; deux achats regroupés.",
    ),
    (
        "equipements-de-transport",
        "Une image de marque commune des créneaux du transport",
        "A shared brand for the transportation niches",
        "Le comité interrégional a produit une cartographie des entreprises et un kiosque commun pour "
        "les salons internationaux.",
        "Le partage des coûts entre quatre régions a retardé la décision de six mois.",
        "Un kiosque commun à deux salons ; 40 entreprises cartographiées.",
    ),
]


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    if CreneauLink.objects.exists() or ExperienceNote.objects.exists():
        stdout.write(f"  collaboration: {CreneauLink.objects.count()} declared link(s) already")
        return []
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    creneaux = {c.slug: c for c in Creneau.objects.all()}
    links = notes = 0
    with transaction.atomic():
        for first, second, kind, reason_fr, reason_en in LINKS:
            if first in creneaux and second in creneaux:
                services.declare_link(
                    creneaux[first],
                    creneaux[second],
                    actor=admin,
                    kind=kind,
                    description_fr=reason_fr,
                    description_en=reason_en,
                )
                links += 1
        for slug, title_fr, title_en, worked, did_not_work, results in NOTES:
            if slug not in creneaux:
                continue
            note = services.create_note(
                creneaux[slug],
                actor=admin,
                data={
                    "title_fr": title_fr,
                    "title_en": title_en,
                    "worked_fr": worked,
                    "did_not_work_fr": did_not_work,
                    "results_fr": results,
                },
                reason=REASON,
            )
            services.publish_note(note, actor=admin, reason=REASON)
            notes += 1
    stdout.write(f"  collaboration: {links} declared links, {notes} experience notes")
    return []
