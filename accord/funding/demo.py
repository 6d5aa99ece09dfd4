"""Fund demonstration data: the 2024-2029 period, the fund guide, and projects at every step.

Everything goes through the services, and every committee decision is a resolution adopted
(or rejected) in a meeting of the right committee, as in real use. Meetings are dated in the
past, relative to the day the demo is loaded: a committee's decision meeting is planned as
its next meeting (so the projects submitted to it land on its agenda by themselves, as they
do in the application), then set to the day it was held, convened, held and closed. The
timeline of each project, like the governance demo's, is dated the day the demo is loaded.
Safe to run again: nothing is added once the demo period exists.

Chosen on purpose:
- three grants in Montérégie, all to the ferrous metals niche, which goes above its equitable
  share of the envelope (a fourth of it, plus the 20 % margin): the regional committee and
  the ministry write why, and the dashboard lists those decisions;
- in Estrie, where the demo office works, the regional committee grants projects of
  50,000 $ or less under a delegation from the ministry; the demo carrier's enterprise has a
  draft, a project returned for changes and an agreement with a paid instalment and a claim
  waiting; a project waits on the next agenda of each kind of committee;
- a joint project of two niches of Centre-du-Québec waits for the second ministry signature,
  so the second signatory account can countersign it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.test.utils import override_settings
from django.utils import timezone, translation
from django.utils.text import slugify

from accord.accounts import demo as account_demo
from accord.accounts import services as account_services
from accord.accounts.models import Role, RoleAssignment, User
from accord.governance import demo as governance_demo
from accord.governance import services as governance
from accord.governance.models import (
    AttendanceStatus,
    Committee,
    CommitteeKind,
    DecisionMode,
    ItemKind,
    Meeting,
    Minutes,
    Resolution,
    ResolutionOutcome,
    VoteChoice,
)
from accord.planning.models import Action as PlanAction
from accord.registry.demo import DEMO_DOMAIN, DEMO_PASSWORD, REASON
from accord.registry.models import Creneau, Organisation, Person, Region

from . import imports, selectors, services, workflow
from .models import CostCategory, FinancingSource, ProgramPeriod, Project, ProjectStatus

ORDER = 30
PERIOD_CODE = "2024-2029"
# Fictional people get no email: the notices the services send are dropped while loading.
QUIET = override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")

S = ProjectStatus
C = CostCategory
REQUIRED_DOCUMENTS = ("Plan d'affaires", "États financiers des deux derniers exercices")
# The points of the ministry's analysis form (funding.project_forms.CHECKLIST).
CHECKLIST_KEYS = (
    "carrier_eligible",
    "costs_eligible",
    "rate_respected",
    "cap_respected",
    "amount_within_limits",
    "documents_present",
)
# Why a decision goes above a niche's fair share of the envelope (R-FND-04, decision 22).
COMMITTEE_JUSTIFICATION = (
    "Le créneau des métaux ferreux est le seul dont les entreprises sont prêtes à investir cette année; "
    "les autres créneaux de la région n'ont pas de projet mûr avant la prochaine période."
)
GRANT_JUSTIFICATION = (
    "Projet structurant pour la filière : le ministère retient la recommandation du comité régional malgré "
    "le dépassement de la juste part du créneau."
)
# The demo carrier works for the leading enterprise of Estrie's transport equipment niche.
PORTEUR_ENTERPRISE = ("materiel-de-transport-estrie", "05", 0)

# Days before today when the committees decided, for each wave of projects: the niche
# committees, then the regional committees (None: the project waits on their next agenda).
WAVES: dict[str, tuple[int, int | None]] = {"early": (330, 310), "recent": (50, 30), "niche": (20, None)}


@dataclass(frozen=True)
class Claim:
    amount: Decimal
    text: str
    paid: bool


@dataclass(frozen=True)
class Outcome:
    """What the carrier reports at the end (the investment: public is the aid paid so far and the
    other public aid, private the rest of the cost; decision 40)."""

    cost: Decimal
    jobs: int
    sales: Decimal
    report: str
    jobs_kept: int = 0
    export_sales: Decimal = Decimal(0)
    export_contracts: tuple[int, Decimal] = (0, Decimal(0))  # how many, their amount


@dataclass(frozen=True)
class Spec:
    """A demo project and how far it goes."""

    stage: str
    wave: str  # a key of WAVES, or "" for a project not yet decided on
    region: str
    creneaux: tuple[str, ...]
    carrier: int  # among the first niche's demo enterprises of the region, leaders first
    title: str
    summary: str
    objectives: str
    action: str  # the title of the plan action it serves (planning.demo: ACTIONS, PROJECT_ACTIONS)
    costs: tuple[tuple[str, str, int], ...]
    own: int
    requested: int
    private: int = 0
    public: int = 0
    public_funder: str = ""
    starts_in: int = 30  # days from today (negative: already started)
    months: int = 18
    jobs: int = 0
    jobs_kept: int = 0
    sales: int = 0
    export_sales: int = 0  # part of the sales
    export_contracts: tuple[int, int] = (0, 0)  # how many, their amount
    companies: int = 0
    knowledge_role: str = ""  # the region's research centre or college as a partner
    ally: tuple[str, int, str] | None = None  # an enterprise partner: niche, index, role
    granted: int | None = None
    analysis: str = ""
    recommended: int | None = None
    reason: str = ""  # why it is returned or withdrawn
    signed_days_ago: int | None = None
    claims: tuple[Claim, ...] = ()
    outcome: Outcome | None = None
    minutes_note: str = ""
    documents: tuple[str, ...] = REQUIRED_DOCUMENTS


# Short on purpose: the specs are full of amounts.
def D(value: int) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


SPECS: tuple[Spec, ...] = (
    Spec(
        stage=S.CLOSED,
        wave="early",
        region="16",
        creneaux=("metaux-ferreux-nouveaux-materiaux",),
        carrier=1,
        title="Traitement thermique sous vide des aciers à haute résistance",
        summary=(
            "Installation d'un four de traitement thermique sous vide pour offrir aux transformateurs de la "
            "Montérégie la trempe et le revenu des aciers à haute résistance, aujourd'hui confiés à des "
            "sous-traitants de l'extérieur du Québec."
        ),
        objectives="Rapatrier au Québec 80 % des traitements thermiques des membres du créneau; réduire de moitié "
        "les délais de livraison.",
        action="Modernisation des procédés de production",
        costs=(
            (C.EQUIPMENT, "Four de traitement thermique sous vide", 560_000),
            (C.FEES, "Ingénierie et mise en service", 120_000),
            (C.TRAINING, "Formation des opérateurs", 70_000),
            (C.SALARIES, "Chargé de projet (9 mois)", 50_000),
        ),
        own=300_000,
        private=200_000,
        requested=300_000,
        starts_in=-320,
        months=9,
        jobs=6,
        jobs_kept=12,
        sales=1_500_000,
        export_sales=500_000,
        export_contracts=(2, 800_000),
        companies=12,
        granted=300_000,
        analysis="Projet structurant pour le créneau : le service est ouvert aux autres transformateurs. "
        "Coûts conformes aux soumissions jointes.",
        signed_days_ago=290,
        claims=(
            Claim(D(150_000), "Acquisition et installation du four", True),
            Claim(D(135_000), "Mise en service et formation des opérateurs", True),
        ),
        outcome=Outcome(
            D(770_000),
            7,
            D(1_200_000),
            "Le four est en service depuis le printemps. Quatorze entreprises du créneau y ont fait traiter des "
            "pièces; les délais de livraison sont passés de six à deux semaines. La mise en commun de ce "
            "service a permis d'obtenir deux nouveaux contrats aux États-Unis pour un montant de plus de 1 M$ "
            "(pièces traitées pour des fabricants de matériel ferroviaire).",
            jobs_kept=15,
            export_sales=D(420_000),
            export_contracts=(2, D(1_050_000)),
        ),
    ),
    Spec(
        stage=S.FINAL_REPORT,
        wave="early",
        region="16",
        creneaux=("metaux-ferreux-nouveaux-materiaux",),
        carrier=2,
        title="Ligne pilote de fabrication additive de grandes pièces métalliques",
        summary=(
            "Une ligne pilote de fabrication additive par dépôt de fil pour produire des pièces d'acier de grande "
            "taille destinées aux centrales hydroélectriques et au matériel ferroviaire."
        ),
        objectives="Qualifier le procédé auprès de deux donneurs d'ordres; former dix techniciens; réduire de 40 % "
        "les délais de fabrication des pièces de rechange.",
        action="Développement de produits innovants",
        costs=(
            (C.EQUIPMENT, "Cellule robotisée de dépôt de fil et positionneur", 950_000),
            (C.FEES, "Ingénierie des procédés", 180_000),
            (C.SALARIES, "Équipe de projet", 120_000),
            (C.TRAINING, "Formation des techniciens", 50_000),
        ),
        own=450_000,
        private=250_000,
        public=100_000,
        public_funder="Programme fédéral d'aide à l'innovation (fictif)",
        requested=500_000,
        starts_in=-300,
        months=9,
        jobs=9,
        jobs_kept=20,
        sales=3_000_000,
        export_sales=1_200_000,
        export_contracts=(2, 1_500_000),
        companies=8,
        granted=500_000,
        analysis="Montage financier confirmé. L'aide atteint le maximum du guide; le cumul des aides publiques "
        "reste sous 50 % des coûts admissibles.",
        signed_days_ago=280,
        claims=(
            Claim(D(250_000), "Acquisition de la cellule robotisée", True),
            Claim(D(200_000), "Ingénierie des procédés et formation", True),
        ),
        outcome=Outcome(
            D(1_280_000),
            8,
            D(2_200_000),
            "La ligne pilote produit des pièces qualifiées pour un donneur d'ordres ferroviaire; la qualification "
            "hydroélectrique se poursuit. Dix techniciens ont été formés. Un premier contrat a été conclu avec "
            "un exploitant de centrales de l'Ontario.",
            jobs_kept=18,
            export_sales=D(650_000),
            export_contracts=(1, D(650_000)),
        ),
    ),
    Spec(
        stage=S.AGREEMENT_SIGNED,
        wave="early",
        region="05",
        creneaux=("materiel-de-transport-estrie",),
        carrier=0,
        title="Banc d'essai de groupes motopropulseurs électriques pour véhicules spécialisés",
        summary=(
            "Un banc d'essai partagé pour mesurer la performance et l'endurance des groupes motopropulseurs "
            "électriques des véhicules spécialisés (déneigeuses, véhicules miniers, navettes) fabriqués en Estrie."
        ),
        objectives="Offrir 400 heures d'essais par année aux fabricants du créneau; raccourcir de six mois la mise "
        "au point des nouveaux modèles.",
        action="Développement de produits innovants",
        costs=(
            (C.EQUIPMENT, "Dynamomètre et instrumentation", 320_000),
            (C.FEES, "Conception du banc et intégration", 80_000),
            (C.SALARIES, "Technicien d'essais (24 mois)", 60_000),
        ),
        own=180_000,
        private=100_000,
        requested=180_000,
        starts_in=-280,
        months=24,
        jobs=4,
        sales=900_000,
        companies=10,
        knowledge_role="Essais et validation",
        granted=180_000,
        analysis="Le banc sera ouvert aux autres fabricants du créneau selon une grille tarifaire jointe.",
        signed_days_ago=270,
        claims=(
            Claim(D(72_000), "Acquisition du dynamomètre", True),
            Claim(D(45_000), "Instrumentation et logiciel d'acquisition de données", False),
        ),
    ),
    Spec(
        stage=S.WITHDRAWN,
        wave="early",
        region="17",
        creneaux=("meuble-centre-du-quebec",),
        carrier=3,
        title="Ligne de finition à base d'eau pour meubles en bois massif",
        summary=(
            "Remplacer la ligne de finition aux solvants par une ligne de vernis à base d'eau séchés aux UV, pour "
            "réduire les émissions de COV et répondre aux exigences des acheteurs américains."
        ),
        objectives="Éliminer 90 % des émissions de COV; ouvrir deux nouveaux marchés aux États-Unis.",
        action="Modernisation des procédés de production",
        costs=(
            (C.EQUIPMENT, "Cabine de finition et four de séchage UV", 110_000),
            (C.FEES, "Accompagnement technique", 30_000),
            (C.TRAINING, "Formation des finisseurs", 10_000),
        ),
        own=90_000,
        requested=60_000,
        starts_in=-250,
        months=12,
        jobs=2,
        sales=400_000,
        granted=60_000,
        analysis="Projet admissible; l'aide demandée correspond au taux maximal.",
        reason="L'entreprise reporte l'investissement : son usine de Drummondville est mise en vente.",
    ),
    Spec(
        stage=S.GRANTED,
        wave="recent",
        region="16",
        creneaux=("metaux-ferreux-nouveaux-materiaux",),
        carrier=3,
        title="Valorisation des poussières d'aciérie en poudres métalliques",
        summary=(
            "Mise au point d'un procédé de récupération des poussières d'aciérie pour produire des poudres "
            "métalliques destinées à la fabrication additive et à la métallurgie des poudres."
        ),
        objectives="Détourner 3 000 tonnes de résidus de l'enfouissement chaque année; produire une première poudre "
        "certifiée.",
        action="Modernisation des procédés de production",
        costs=(
            (C.EQUIPMENT, "Atomiseur et tamiseurs", 700_000),
            (C.STUDIES, "Caractérisation et essais pilotes", 250_000),
            (C.SALARIES, "Équipe de recherche appliquée", 150_000),
            (C.FEES, "Ingénierie", 50_000),
        ),
        own=400_000,
        private=300_000,
        requested=450_000,
        starts_in=30,
        months=24,
        jobs=11,
        sales=2_500_000,
        companies=6,
        knowledge_role="Caractérisation des matériaux",
        granted=450_000,
        analysis="Projet admissible. Le créneau dépassera sa part équitable de l'enveloppe : le comité régional "
        "l'a recommandé en connaissance de cause, vu les retombées.",
    ),
    Spec(
        stage=S.GRANTED,
        wave="recent",
        region="05",
        creneaux=("materiel-de-transport-estrie",),
        carrier=3,
        title="Étude de faisabilité d'une remorque forestière allégée en aluminium",
        summary=(
            "Étude technique et commerciale d'une remorque forestière en aluminium, plus légère de 30 %, pour les "
            "transporteurs de l'Estrie et du nord-est des États-Unis."
        ),
        objectives="Valider la conception, estimer les coûts de fabrication et confirmer l'intérêt de cinq "
        "transporteurs.",
        action="Développement de produits innovants",
        costs=(
            (C.STUDIES, "Étude de faisabilité technique", 70_000),
            (C.FEES, "Étude de marché", 42_500),
        ),
        own=67_500,
        requested=45_000,
        starts_in=15,
        months=10,
        jobs=1,
        companies=5,
    ),
    Spec(
        stage=S.AWAITING_SIGNATURE,
        wave="recent",
        region="17",
        creneaux=("meuble-centre-du-quebec", "equipements-de-transport"),
        carrier=6,
        title="Mobilier allégé pour véhicules récréatifs et autocars",
        summary=(
            "Des meubles en panneaux alvéolés de bois et de composites, 40 % plus légers, conçus avec un fabricant "
            "d'autocars pour l'aménagement intérieur des véhicules récréatifs et des autocars."
        ),
        objectives="Réduire de 150 kg la masse de l'aménagement d'un autocar; commercialiser une gamme de douze "
        "modules d'ici deux ans.",
        action="Prospection de nouveaux marchés",
        costs=(
            (C.EQUIPMENT, "Presse à panneaux alvéolés et outillage", 380_000),
            (C.FEES, "Design industriel et essais de conformité", 120_000),
            (C.SALARIES, "Chargée de projet", 80_000),
            (C.PROMOTION, "Salons spécialisés", 20_000),
        ),
        own=210_000,
        private=150_000,
        requested=240_000,
        starts_in=45,
        months=18,
        jobs=5,
        sales=1_800_000,
        companies=2,
        ally=("equipements-de-transport", 2, "Intégration dans les autocars et essais routiers"),
        granted=240_000,
        analysis="Projet conjoint des créneaux du meuble et des équipements de transport, appuyé par les deux "
        "comités. Au-delà du seuil du guide : une deuxième signature est requise.",
    ),
    Spec(
        stage=S.ANALYSIS,
        wave="recent",
        region="02",
        creneaux=("transformation-de-l-aluminium",),
        carrier=2,
        title="Cellule robotisée de soudage par friction-malaxage de profilés d'aluminium",
        summary=(
            "Une cellule de soudage par friction-malaxage pour assembler de grands profilés d'aluminium (tabliers "
            "de ponts, planchers de wagons), une technologie encore absente chez les sous-traitants de la région."
        ),
        objectives="Offrir un service d'assemblage à six transformateurs; réduire de 25 % le poids des structures "
        "assemblées.",
        action="Développement de produits innovants",
        costs=(
            (C.EQUIPMENT, "Cellule robotisée de soudage", 650_000),
            (C.FEES, "Intégration et qualification du procédé", 150_000),
            (C.SALARIES, "Équipe de projet", 60_000),
            (C.TRAINING, "Formation des soudeurs", 40_000),
        ),
        own=350_000,
        private=200_000,
        requested=350_000,
        starts_in=60,
        months=18,
        jobs=7,
        sales=2_000_000,
        companies=6,
        knowledge_role="Qualification du procédé",
        analysis="Projet conforme au guide. Recommandation de 320 000 $ : le poste d'intégration comprend des frais "
        "de déplacement non justifiés par les soumissions.",
        recommended=320_000,
    ),
    Spec(
        stage=S.ANALYSIS,
        wave="recent",
        region="01",
        creneaux=("ressources-sciences-technologies-marines",),
        carrier=0,
        title="Prototype de bateau de pêche côtière à propulsion hybride",
        summary=(
            "Conception et construction d'un prototype de bateau de pêche côtière de 13 mètres à propulsion "
            "hybride diesel-électrique, avec un chantier naval de Matane."
        ),
        objectives="Réduire de 35 % la consommation de carburant; éprouver le prototype pendant une saison de pêche "
        "au crabe.",
        action="Développement de produits innovants",
        costs=(
            (C.EQUIPMENT, "Groupe propulseur hybride et batteries", 300_000),
            (C.STUDIES, "Architecture navale et essais en bassin", 150_000),
            (C.FEES, "Certification du navire", 100_000),
        ),
        own=180_000,
        private=100_000,
        public=50_000,
        public_funder="Programme fédéral pour les pêches (fictif)",
        requested=220_000,
        starts_in=90,
        months=24,
        jobs=3,
        sales=1_200_000,
        companies=4,
        knowledge_role="Essais en bassin",
    ),
    Spec(
        stage=S.RETURNED,
        wave="recent",
        region="05",
        creneaux=("materiel-de-transport-estrie",),
        carrier=0,
        title="Télémétrie pour les flottes de véhicules hors route",
        summary=(
            "Un module de télémétrie pour suivre à distance l'état des véhicules hors route (déneigeuses, véhicules "
            "de mines) et planifier leur entretien."
        ),
        objectives="Équiper 200 véhicules de clients pilotes; réduire de 20 % les arrêts non planifiés.",
        action="Développement de produits innovants",
        costs=(
            (C.FEES, "Développement logiciel", 120_000),
            (C.EQUIPMENT, "Modules et capteurs pour les essais", 80_000),
            (C.SALARIES, "Chargé de projet", 25_000),
        ),
        own=75_000,
        private=60_000,
        requested=90_000,
        starts_in=30,
        months=12,
        jobs=3,
        sales=600_000,
        companies=3,
        analysis="Le prêt bancaire n'est pas confirmé; le poste des honoraires n'est pas détaillé.",
        reason=(
            "Le montage financier mentionne un prêt de 60 000 $ : joignez la lettre d'engagement de l'institution "
            "financière. Détaillez aussi le poste « Développement logiciel » (heures et taux des firmes retenues)."
        ),
    ),
    Spec(
        stage=S.REFUSED,
        wave="recent",
        region="16",
        creneaux=("bioalimentaire-monteregie",),
        carrier=6,
        title="Plateforme de traçabilité agroalimentaire par chaîne de blocs",
        summary=(
            "Une plateforme de traçabilité des légumes de la ferme à l'épicerie, fondée sur une chaîne de blocs "
            "partagée par les producteurs, les transformateurs et les distributeurs."
        ),
        objectives="Relier 40 producteurs et 5 transformateurs; suivre tous les lots vendus sous la marque régionale.",
        action="Diagnostics numériques",
        costs=(
            (C.FEES, "Développement de la plateforme", 220_000),
            (C.SALARIES, "Chargée de projet et formation des utilisateurs", 100_000),
            (C.PROMOTION, "Recrutement des producteurs", 55_000),
        ),
        own=225_000,
        requested=150_000,
        starts_in=30,
        months=18,
        jobs=2,
        companies=45,
        minutes_note="Le comité ne recommande pas le projet : une plateforme de traçabilité semblable est déjà "
        "financée pour les producteurs maraîchers de la région.",
    ),
    Spec(
        stage=S.GRANTED,
        wave="recent",
        region="11",
        creneaux=("eolien",),
        carrier=3,
        title="Banc d'essai de composantes d'éoliennes en climat nordique",
        summary=(
            "Une chambre climatique pour éprouver à -40 °C les composantes d'éoliennes (roulements, capteurs, "
            "systèmes de dégivrage), ouverte aux fabricants gaspésiens."
        ),
        objectives="Réaliser 30 campagnes d'essais par année; aider trois fabricants à certifier des composantes pour "
        "les parcs nordiques.",
        action="Modernisation des procédés de production",
        costs=(
            (C.EQUIPMENT, "Chambre climatique et instrumentation", 160_000),
            (C.FEES, "Conception et mise en service", 60_000),
            (C.SALARIES, "Technicien d'essais", 17_500),
        ),
        own=142_500,
        requested=95_000,
        starts_in=20,
        months=12,
        jobs=2,
        sales=500_000,
        companies=3,
        knowledge_role="Exploitation du banc d'essai",
        granted=95_000,
        analysis="Projet admissible, sous le seuil de la deuxième signature.",
    ),
    Spec(
        stage=S.NICHE_APPROVED,
        wave="niche",
        region="05",
        creneaux=("micro-nano-technologies",),
        carrier=1,
        title="Encapsulation de capteurs MEMS pour l'aéronautique",
        summary=(
            "Un procédé d'encapsulation hermétique de capteurs MEMS capables de résister aux vibrations et aux "
            "écarts de température des moteurs d'avion."
        ),
        objectives="Qualifier le procédé auprès d'un motoriste; produire une première série de 5 000 capteurs.",
        action="Développement de produits innovants",
        costs=(
            (C.EQUIPMENT, "Équipement de scellement sous vide", 200_000),
            (C.SALARIES, "Ingénieurs de procédés", 90_000),
            (C.STUDIES, "Essais de fiabilité", 35_000),
        ),
        own=195_000,
        requested=130_000,
        starts_in=60,
        months=18,
        jobs=4,
        sales=1_500_000,
        companies=1,
        knowledge_role="Essais de fiabilité",
    ),
    Spec(
        stage=S.SUBMITTED,
        wave="",
        region="05",
        creneaux=("bois-apparence-composites-estrie",),
        carrier=2,
        title="Laboratoire de design de mobilier en bois d'apparence et composites",
        summary=(
            "Un laboratoire de design et de prototypage rapide partagé par les fabricants de meubles et de "
            "composantes en bois d'apparence de l'Estrie."
        ),
        objectives="Réaliser 25 prototypes par année pour les membres du créneau; réduire de moitié le temps de "
        "développement d'une collection.",
        action="Développement de produits innovants",
        costs=(
            (C.EQUIPMENT, "Centre d'usinage à commande numérique cinq axes", 120_000),
            (C.FEES, "Designers industriels", 60_000),
            (C.TRAINING, "Formation au prototypage numérique", 32_500),
        ),
        own=127_500,
        requested=85_000,
        starts_in=60,
        months=18,
        jobs=2,
        companies=15,
    ),
    Spec(
        stage=S.DRAFT,
        wave="",
        region="05",
        creneaux=("materiel-de-transport-estrie",),
        carrier=0,
        title="Plateforme modulaire de véhicules électriques légers pour sites industriels",
        summary=(
            "Une plateforme de véhicule électrique léger et modulaire pour transporter personnes et matériel sur "
            "les grands sites industriels."
        ),
        objectives="Livrer deux prototypes à des clients pilotes.",
        action="Développement de produits innovants",
        costs=(
            (C.EQUIPMENT, "Prototypes", 180_000),
            (C.FEES, "Ingénierie", 120_000),
        ),
        own=180_000,
        requested=120_000,
        starts_in=120,
        months=24,
        jobs=5,
        documents=REQUIRED_DOCUMENTS[:1],
    ),
)


#: The projects the ministry publishes on the public site, with their summaries for the public (French,
#: English): one closed with its results reported, one under agreement, one just granted.
PUBLIC_SUMMARIES: dict[str, tuple[str, str]] = {
    "Traitement thermique sous vide des aciers à haute résistance": (
        "Un four de traitement thermique sous vide, ouvert à tous les transformateurs de métaux de la Montérégie : "
        "la trempe et le revenu des aciers à haute résistance se font maintenant au Québec, en deux semaines "
        "plutôt qu'en six.",
        "A vacuum heat-treatment furnace open to every metal processor of Montérégie: quenching and tempering of "
        "high-strength steels are now done in Québec, in two weeks instead of six.",
    ),
    "Banc d'essai de groupes motopropulseurs électriques pour véhicules spécialisés": (
        "Un banc d'essai partagé où les fabricants de véhicules spécialisés de l'Estrie mettent au point leurs "
        "groupes motopropulseurs électriques avant de les installer sur leurs véhicules.",
        "A shared test bench where the specialised-vehicle makers of Estrie develop their electric powertrains "
        "before fitting them to their vehicles.",
    ),
    "Banc d'essai de composantes d'éoliennes en climat nordique": (
        "Un banc d'essai pour éprouver les composantes d'éoliennes au froid et au givre, au service des "
        "fabricants de la filière éolienne de la Gaspésie.",
        "A test bench for wind-turbine components in cold and icing conditions, serving the makers of the wind "
        "energy sector of Gaspésie.",
    ),
}


def load(*, stdout: Any) -> list[tuple[str, ...]]:
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    with QUIET, transaction.atomic():
        ministry = User.objects.get(email=f"ministere@{DEMO_DOMAIN}")
        signatory = _signatory(admin)
        porteur, enterprise = _porteur()
        if not ProgramPeriod.objects.filter(code=PERIOD_CODE).exists():
            _Loader(admin=admin, ministry=ministry, signatory=signatory, porteur=porteur).load()
        _load_history(ministry)
    stdout.write(f"  {Project.objects.count()} projects, {ProgramPeriod.objects.count()} program period(s)")
    return [
        ("Ministère, deuxième signature", signatory.email, DEMO_PASSWORD, account_demo.ensure_second_factor(signatory)),
        (f"Porteur de projet ({enterprise.name})", porteur.email, DEMO_PASSWORD),
    ]


# --- The program's history (decision 55) ------------------------------------------------------

#: The program's past periods, before the demo's own (2024-2029): the years of the history fall in them.
PAST_PERIODS = (("2008-2013", 2008, 2013), ("2013-2018", 2013, 2018), ("2018-2024", 2018, 2024))
HISTORY_FILE = Path(__file__).parent / "demo_data" / "history.jsonl"


def _load_history(ministry: User) -> None:
    """Past years' projects, imported by the ministry through the same import as its page.

    The file names each carrier as "niche/region/index" (`_pick`): the demo's enterprises are
    generated, so their NEQ is looked up here. Loaded once: a demo that has its history keeps it.
    """
    if Project.objects.filter(imported_at__isnull=False).exists():
        return
    for code, first, last in PAST_PERIODS:
        if not ProgramPeriod.objects.filter(code=code).exists():
            services.create_period(
                actor=ministry,
                code=code,
                name=code,
                starts_on=datetime.date(first, 4, 1),
                ends_on=datetime.date(last, 3, 31),
            )
    lines = []
    for line in HISTORY_FILE.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        slug, region_code, index = row["carrier"].split("/")
        carrier = _pick(slug, region_code, int(index))
        row["carrier"] = carrier.neq or carrier.name
        lines.append(json.dumps(row, ensure_ascii=False))
    content = "\n".join(lines).encode()
    with translation.override("fr"):
        record = imports.import_file(actor=ministry, file_name=HISTORY_FILE.name, content=content)
    if record.error_count:  # the demo's own file: a refusal is a bug of the demo
        raise RuntimeError(f"The demo's history was refused: {record.results}")


# --- Accounts ---------------------------------------------------------------------------------


def _signatory(admin: User) -> User:
    """A second ministry officer: grants above the guide's threshold take two signatures."""
    email = f"signataire@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, first_name="Marc", last_name="Signataire (démo)")
    if not RoleAssignment.objects.current().filter(user=user, role=Role.MINISTRY).exists():
        account_services.grant_role(
            user, actor=admin, role=Role.MINISTRY, starts_on=datetime.date(2026, 1, 1), note=REASON
        )
    return user


def _members(slug: str, region_code: str) -> list[Organisation]:
    """The demo enterprises of a niche in a region, leaders first (the same on every run)."""
    creneau = Creneau.objects.get(slug=slug)
    return list(
        creneau.members.filter(kind="enterprise", is_demo=True, region__code=region_code).order_by(  # type: ignore[attr-defined]
            "-is_leader", "neq"
        )
    )


def _pick(slug: str, region_code: str, index: int) -> Organisation:
    members = _members(slug, region_code)
    return members[index % len(members)]


def _people(organisation: Organisation) -> QuerySet[Person]:
    """The people of the organisation who have an email address (every demo contact has one)."""
    return Person.objects.filter(affiliations__organisation=organisation, email__isnull=False).exclude(email="")


def _porteur() -> tuple[User, Organisation]:
    """The demo carrier: a contact of an Estrie enterprise, who signs in to follow its projects."""
    enterprise = _pick(*PORTEUR_ENTERPRISE)
    email = f"porteur@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    person = _people(enterprise).order_by("email")[0]
    member = User.objects.filter(person=person).exclude(email=email).first()
    if user is None and member is not None:
        # The contact sits on an Estrie committee and has its member's demo account: it becomes the carrier's.
        member.email, member.last_name = email, f"{person.last_name} (démo)"
        member.set_password(DEMO_PASSWORD)
        member.save(update_fields=["email", "last_name", "password"])
        user = member
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, first_name=person.first_name, last_name=f"{person.last_name} (démo)"
        )
    if user.person_id is None and not User.objects.filter(person=person).exists():
        user.person = person
        user.save(update_fields=["person"])
    return user, enterprise


def _contact(organisation: Organisation) -> User:
    """The carrier's contact who drafts and follows its project (no password: not a demo sign-in)."""
    person = _people(organisation).order_by("-email")[0]
    email = str(person.email)
    user = User.objects.filter(person=person).first() or User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            None,
            first_name=person.first_name,
            last_name=person.last_name,
            preferred_language=person.preferred_language or "fr",
            person=person,
        )
    return user


# --- Files ------------------------------------------------------------------------------------


def _pdf(title: str, lines: Iterable[str]) -> bytes:
    """A one-page PDF with a title and a few lines: enough for a demo document to open."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = ["BT", "/F1 16 Tf", "72 740 Td", f"({text(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        body += ["0 -22 Td", f"({text(line)}) Tj"]
    body.append("ET")
    stream = "\n".join(body).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _file(name: str, title: str, project: Project) -> ContentFile[bytes]:
    lines = [project.number, project.title[:90], str(project.carrier), "Document fictif de la démonstration."]
    return ContentFile(_pdf(title, lines), name=name)


def _dollars(amount: Decimal) -> str:
    """An amount as Québec French writes it: 180 000 $."""
    return f"{amount:,.0f}".replace(",", "\u00a0") + "\u00a0$"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


# --- The loader -------------------------------------------------------------------------------


class _Loader:
    """Builds the program, then takes each wave of projects through its committees and the ministry."""

    def __init__(self, *, admin: User, ministry: User, signatory: User, porteur: User) -> None:
        self.admin = admin
        self.ministry = ministry
        self.signatory = signatory
        self.porteur = porteur
        self.today = timezone.localdate()
        self.project_type = ContentType.objects.get_for_model(Project)
        self.porteur_enterprise = _pick(*PORTEUR_ENTERPRISE)
        # The minutes of each committee's last demo meeting, approved at its next one.
        self.minutes: dict[int, Minutes] = {}

    def load(self) -> None:
        self.period = services.create_period(
            actor=self.ministry,
            code=PERIOD_CODE,
            name="2024-2029",
            starts_on=datetime.date(2024, 4, 1),
            ends_on=datetime.date(2029, 3, 31),
        )
        services.publish_guide(
            actor=self.ministry,
            in_force_from=datetime.date(2024, 4, 1),
            required_documents=list(REQUIRED_DOCUMENTS),
            notes="Guide de gestion du FSDCE pour la période 2024-2029 : aide de 5 000 $ à 500 000 $ par projet, "
            "deuxième signature du ministère au-delà de 100 000 $.",
        )
        services.delegate(
            actor=self.ministry,
            region=Region.objects.get(code="05"),
            period=self.period,
            up_to=D(50_000),
            reason="Projet pilote : le comité régional de l'Estrie approuve lui-même les projets de 50 000 $ et moins.",
        )
        for wave in WAVES:
            self._wave(wave, [spec for spec in SPECS if spec.wave == wave])
        for spec in SPECS:
            if not spec.wave:
                project = self._draft(spec)
                if spec.stage == S.SUBMITTED:
                    services.submit_project(project, actor=self._carrier_user(project.carrier))
        self._publish()

    def _publish(self) -> None:
        """The ministry publishes a few granted projects on the public site, in both languages (decision 54)."""
        for title, (summary, summary_en) in PUBLIC_SUMMARIES.items():
            project = Project.objects.get(title=title, period=self.period)
            services.publish_project(project, actor=self.ministry, summary=summary, summary_en=summary_en)

    # --- Projects ---------------------------------------------------------------------------

    def _carrier_user(self, carrier: Organisation) -> User:
        return self.porteur if carrier.pk == self.porteur_enterprise.pk else _contact(carrier)

    def _draft(self, spec: Spec) -> Project:
        region = Region.objects.get(code=spec.region)
        carrier = _pick(spec.creneaux[0], spec.region, spec.carrier)
        starts_on = self.today + datetime.timedelta(days=spec.starts_in)
        ends_on = starts_on + relativedelta(months=spec.months) - datetime.timedelta(days=1)
        costs = [(category, description, D(amount)) for category, description, amount in spec.costs]
        financing = [(FinancingSource.OWN, "", D(spec.own))]
        if spec.private:
            financing.append((FinancingSource.PRIVATE, "Prêt d'une institution financière", D(spec.private)))
        if spec.public:
            financing.append((FinancingSource.PUBLIC, spec.public_funder, D(spec.public)))
        partners: list[tuple[Organisation, str]] = []
        if spec.knowledge_role:
            knowledge = (
                Organisation.objects.filter(kind__in=["research_centre", "college_university"], region=region)
                .order_by("name")
                .first()
            )
            if knowledge is not None:
                partners.append((knowledge, spec.knowledge_role))
        if spec.ally:
            slug, index, role = spec.ally
            partners.append((_pick(slug, spec.region, index), role))
        content = services.Content(
            fields={
                "title": spec.title,
                "summary": spec.summary,
                "objectives": spec.objectives,
                "plan_action": self._plan_action(spec, starts_on, ends_on),
                "region": region,
                "period": self.period,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "requested_amount": D(spec.requested),
                "expected_jobs": spec.jobs,
                "expected_jobs_kept": spec.jobs_kept,
                # The carrier's own funds and its private lenders; the aid and the other public aid (decision 40).
                "expected_investment": D(spec.own + spec.private),
                "expected_public_investment": D(spec.requested + spec.public),
                "expected_sales": D(spec.sales),
                "expected_export_sales": D(spec.export_sales),
                "expected_export_contracts": spec.export_contracts[0],
                "expected_export_contracts_amount": D(spec.export_contracts[1]),
                "expected_companies": spec.companies,
            },
            creneaux=[Creneau.objects.get(slug=slug) for slug in spec.creneaux],
            costs=costs,
            financing=financing,
            partners=partners,
        )
        user = self._carrier_user(carrier)
        project = services.create_project(carrier, content, actor=user)
        for title in spec.documents:
            services.attach_document(
                project, actor=user, title=title, file=_file(f"{slugify(title)[:60]}.pdf", title, project)
            )
        return project

    def _plan_action(self, spec: Spec, starts_on: datetime.date, ends_on: datetime.date) -> PlanAction | None:
        """The action of that title in a plan of the project's niches for its years (planning's demo
        makes one per niche with a coordinator); None for a niche without a plan."""
        niches = list(Creneau.objects.filter(slug__in=spec.creneaux))
        for action in selectors.plan_actions([creneau.pk for creneau in niches]).filter(title=spec.action):
            if services.plan_action_refusal(action, niches, starts_on, ends_on) is None:
                return action
        return None

    def _wave(self, wave: str, specs: list[Spec]) -> None:
        """Draft and submit the wave's projects, then hold the meetings that decide on them."""
        niche_day, regional_day = WAVES[wave]
        projects = [(spec, self._draft(spec)) for spec in specs]
        # Planned first, as the committees' next meetings: the projects land on their agendas.
        niche_meetings = {
            committee.pk: self._plan(committee)
            for committee in Committee.objects.active()
            .filter(kind=CommitteeKind.CRENEAU, creneau__slug__in={slug for spec in specs for slug in spec.creneaux})
            .order_by("code")
        }
        regional_meetings = {}
        if regional_day is not None:
            regional_meetings = {
                committee.pk: self._plan(committee)
                for committee in Committee.objects.active()
                .filter(kind=CommitteeKind.REGIONAL, region__code__in={spec.region for spec in specs})
                .order_by("code")
            }
        for _spec, project in projects:
            services.submit_project(project, actor=self._carrier_user(project.carrier))
        refused = {project.pk for spec, project in projects if spec.stage == S.REFUSED}
        notes = {project.pk: spec.minutes_note for spec, project in projects if spec.minutes_note}
        for meeting in niche_meetings.values():
            self._hold(meeting, self.today - datetime.timedelta(days=niche_day), refused=set(), notes=notes)
        if regional_day is not None:
            for meeting in regional_meetings.values():
                self._hold(meeting, self.today - datetime.timedelta(days=regional_day), refused=refused, notes=notes)
        for spec, project in projects:
            project.refresh_from_db()
            self._ministry(spec, project)

    def _ministry(self, spec: Spec, project: Project) -> None:
        """The ministry's part, then the carrier's, up to the spec's stage."""
        if project.status != S.ANALYSIS:
            return  # granted under the delegation, refused, or waiting for the regional committee
        carrier = self._carrier_user(project.carrier)
        if spec.analysis:
            recommended = spec.recommended or spec.granted
            services.record_analysis(
                project,
                actor=self.ministry,
                checklist=dict.fromkeys(CHECKLIST_KEYS, True),
                notes=spec.analysis,
                recommended_amount=D(recommended) if recommended else None,
            )
        if spec.stage == S.RETURNED:
            services.return_project(project, actor=self.ministry, reason=spec.reason)
            return
        if spec.granted is None:
            return
        # Above a niche's fair share, the ministry writes why (R-FND-04).
        above = selectors.above_share(project, D(spec.granted))
        justification = GRANT_JUSTIFICATION if above else ""
        services.grant_project(project, actor=self.ministry, amount=D(spec.granted), justification=justification)
        if project.status == S.AWAITING_SIGNATURE:
            if spec.stage == S.AWAITING_SIGNATURE:
                return
            services.countersign_project(project, actor=self.signatory)
        if spec.stage == S.WITHDRAWN:
            services.withdraw_project(project, actor=carrier, reason=spec.reason)
            return
        if spec.signed_days_ago is None:
            return
        signed_on = self.today - datetime.timedelta(days=spec.signed_days_ago)
        self._terms(spec, project)
        services.sign_agreement(project, actor=self.ministry, signed_on=signed_on)
        title = "Convention d'aide financière signée"
        services.attach_document(
            project, actor=self.ministry, title=title, file=_file("convention.pdf", title, project)
        )
        for number, claim in enumerate(spec.claims, start=1):
            proof = _file(f"facture-{number}.pdf", f"Facture : {claim.text}", project)
            disbursement = services.claim_disbursement(
                project, actor=carrier, amount=claim.amount, claim=claim.text, proof=proof
            )
            if claim.paid:
                services.decide_disbursement(disbursement, actor=self.ministry, pay=True)
        if spec.outcome is None:
            return
        outcome = spec.outcome
        public = selectors.paid(project) + D(spec.public)
        services.submit_final_report(
            project,
            actor=carrier,
            actual_cost=outcome.cost,
            actual_jobs=outcome.jobs,
            actual_jobs_kept=outcome.jobs_kept,
            actual_investment=max(outcome.cost - public, D(0)),
            actual_public_investment=public,
            actual_sales=outcome.sales,
            actual_export_sales=outcome.export_sales,
            actual_export_contracts=outcome.export_contracts[0],
            actual_export_contracts_amount=outcome.export_contracts[1],
            actual_companies=spec.companies,
            report=outcome.report,
        )
        if spec.stage == S.CLOSED:
            # The project cost less than planned: the ministry pays part of the holdback, with the reason.
            services.close_project(
                project,
                actor=self.ministry,
                final_payment_amount=D(5_000),
                note="Coût réel inférieur au budget : retenue versée au prorata des dépenses admissibles.",
            )

    def _terms(self, spec: Spec, project: Project) -> None:
        """The agreement's terms: what the spec claims falls due at once, the rest at mid-term, a 5 %
        holdback once the final report is accepted. The demo grants today, so no date comes before."""
        granted = project.granted_amount or D(0)
        kept = workflow.holdback(granted, Decimal(5))
        first = max(sum((claim.amount for claim in spec.claims), D(0)), (granted / 2).quantize(Decimal("0.01")))
        first = min(first, granted - kept)
        middle = max(self.today, project.starts_on + (project.ends_on - project.starts_on) / 2)
        lines = [workflow.Instalment("Signature de la convention", self.today, first)]
        if granted - kept - first > 0:
            lines.append(workflow.Instalment("Dépôt du rapport d'étape", middle, granted - kept - first))
        lines.append(
            workflow.Instalment("Acceptation du rapport final (retenue)", max(self.today, project.ends_on), kept)
        )
        services.set_agreement_terms(
            project,
            actor=self.ministry,
            conditions="Mentionner le soutien du ministère dans toute communication relative au projet.",
            holdback_rate=Decimal(5),
            instalments=lines,
            reporting_dates=[
                workflow.ReportDue("Rapport d'étape", middle),
                workflow.ReportDue("Rapport final", max(self.today, project.ends_on + datetime.timedelta(days=90))),
            ],
        )

    # --- Meetings ---------------------------------------------------------------------------

    def _plan(self, committee: Committee) -> Meeting:
        """The committee's next meeting for now; `_hold` sets the day it was held."""
        items = []
        previous = self.minutes.get(committee.pk)
        if previous is not None:
            items.append(
                {
                    "title": f"Adoption du procès-verbal de la réunion du {previous.meeting.meeting_date:%Y-%m-%d}",
                    "kind": ItemKind.DECISION,
                }
            )
        return governance.plan_meeting(
            committee,
            actor=self.admin,
            title="Réunion extraordinaire : projets du FSDCE",
            starts_at=timezone.now() + datetime.timedelta(hours=1),
            location="Salle du conseil, Centre d'affaires régional",
            items=items,
        )

    def _hold(self, meeting: Meeting, day: datetime.date, *, refused: set[int], notes: dict[int, str]) -> None:
        """Hold the meeting on `day`: attendance, the previous minutes, a resolution on each project."""
        admin = self.admin
        committee = meeting.committee
        governance.update_meeting(
            meeting, actor=admin, data={"starts_at": _at(day, 13), "ends_at": _at(day, 15)}, reason=REASON
        )
        governance.convene_meeting(meeting, actor=admin)
        governance.open_meeting(meeting, actor=admin)
        for mandate in committee.mandates.current(day).order_by("pk"):  # type: ignore[attr-defined]
            governance.record_attendance(meeting, mandate, actor=admin, status=AttendanceStatus.PRESENT)
        governance_demo.seat_chair(admin, meeting)
        summary = [f"Procès-verbal de la réunion extraordinaire ({committee.name_fr})."]
        previous = self.minutes.get(committee.pk)
        for item in meeting.items.order_by("position"):  # type: ignore[attr-defined]
            if item.subject_type_id is None and previous is not None:
                resolution = governance.propose_resolution(
                    meeting,
                    actor=admin,
                    title="Adoption du procès-verbal",
                    text=f"Il est résolu d'adopter le procès-verbal de la réunion du "
                    f"{previous.meeting.meeting_date:%Y-%m-%d}.",
                    item=item,
                    subject=previous,
                )
                governance_demo.decide(admin, resolution, mode=DecisionMode.CONSENSUS)
                continue
            if item.subject_type_id != self.project_type.pk or item.subject_id is None:
                continue
            project = Project.objects.get(pk=item.subject_id)
            resolution = self._decide(meeting, item, project, rejected=project.pk in refused)
            verdict = "adoptée" if resolution.outcome == ResolutionOutcome.ADOPTED else "rejetée"
            summary.append(f"Résolution {resolution.number} ({verdict}) : {project}.")
            if project.pk in notes and resolution.outcome == ResolutionOutcome.REJECTED:
                summary.append(notes[project.pk])
        governance.close_meeting(meeting, actor=admin)
        minutes = governance.draft_minutes(meeting, actor=admin, text="\n".join(summary))
        governance.circulate_minutes(minutes, actor=admin)
        self.minutes[committee.pk] = minutes

    def _decide(self, meeting: Meeting, item: Any, project: Project, *, rejected: bool) -> Resolution:
        committee = meeting.committee
        amount = _dollars(project.requested_amount)
        if committee.kind == CommitteeKind.CRENEAU:
            title = f"Appui au projet {project.number}"
            action = project.plan_action
            serves = "sert le plan d'action"
            if action is not None:
                with translation.override("fr"):  # the committee's resolutions are written in French
                    axis = str(action.objective.axis.name)
                serves = f"sert l'action « {action.title} » de l'axe « {axis} » du plan d'action"
            text = (
                f"Considérant que le projet « {project.title} » {serves} du créneau, il est résolu de l'appuyer "
                f"et de le recommander au comité régional."
            )
        elif selectors.delegation_for(project, project.requested_amount) is not None:
            title = f"Approbation du projet {project.number}"
            text = (
                f"En vertu de la délégation du ministère, il est résolu d'accorder au projet « {project.title} » "
                f"une aide de {amount} du FSDCE."
            )
        else:
            title = f"Recommandation du projet {project.number}"
            text = f"Il est résolu de recommander au ministère le projet « {project.title} » pour une aide de {amount}."
        # Adopting a project above a niche's fair share takes the committee's reasons (R-FND-04).
        above = committee.kind == CommitteeKind.REGIONAL and selectors.above_share(project, project.requested_amount)
        resolution = governance.propose_resolution(
            meeting,
            actor=self.admin,
            title=title,
            text=text,
            item=item,
            subject=project,
            justification=COMMITTEE_JUSTIFICATION if above and not rejected else "",
        )
        if not rejected:
            return governance_demo.decide(self.admin, resolution, mode=DecisionMode.CONSENSUS)
        voters = (
            committee.mandates.current(meeting.meeting_date)  # type: ignore[attr-defined]
            .voting()
            .filter(attendances__meeting=meeting, attendances__status=AttendanceStatus.PRESENT)
            .exclude(recusals__resolution=resolution)
            .order_by("pk")
        )
        for index, mandate in enumerate(voters):
            choice = VoteChoice.FOR if index == 0 else VoteChoice.AGAINST
            governance.record_vote(resolution, mandate, actor=self.admin, choice=choice)
        return governance_demo.decide(self.admin, resolution, mode=DecisionMode.VOTE)
