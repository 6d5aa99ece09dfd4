"""The similar projects' benchmark (decision 56): search quality and speed at 1,000, 10,000 and 100,000 projects.

The texts are generated here, not taken from the product: French project texts built from sectors,
products, kinds of action and details (an occupation, a country, a technology), in several wordings.
Into each corpus are planted:

- originals, each with a rewording used as the query, at three strengths:
  1. light: the same sentences in another order, accents dropped, other figures, partners and region;
  2. medium: the same sentences reworded, about half the words that have a synonym swapped for it,
     another title;
  3. strong: another writer: other sentences saying the same, every word that has a synonym swapped,
     one sentence dropped and an unrelated one added, another title, accents dropped;
- same-topic non-duplicates: the original's sector, product and detail, another kind of action.

Every text is worded by its own writer: about 40 % of the words that have a synonym are swapped for
one, so unrelated projects rarely share a sentence word for word (they would in no real program).
The synonyms used to reword (`SYNONYMS`) are written apart from the product's thesaurus
(funding.similarity.THESAURUS_TEXT): about a third of them are words the thesaurus does not know,
so the benchmark measures what the method finds, not what it was told.

Reported per size: recall@10 per strength and overall; how often the true duplicate ranks above the
same-topic non-duplicate, and the non-duplicate's median rank; index build time and memory; query
latency median and p95; and the same for PostgreSQL's trigram similarity ranked by score (the
baseline), on a sample of the queries (each takes seconds at 100,000 projects).
"""

from __future__ import annotations

import gc
import random
import statistics
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from accord.funding import similarity

SIZES = (1_000, 10_000, 100_000)
QUERIES_PER_STRENGTH = 100
NON_DUPLICATES = 100
BASELINE_SAMPLE = 20

SECTORS: dict[str, list[str]] = {
    "meuble": ["mobilier de bureau", "armoires de cuisine", "chaises en bois massif", "meubles rembourrés",
               "mobilier scolaire", "lits superposés", "tables en frêne", "mobilier de jardin"],
    "aluminium": ["profilés d'aluminium", "pièces moulées en aluminium", "structures d'aluminium soudées",
                  "garde-corps en aluminium", "tôles d'aluminium", "radiateurs en aluminium", "quais flottants"],
    "transport": ["autobus électriques", "remorques forestières", "composants de véhicules récréatifs",
                  "ambulances", "motoneiges", "wagons de marchandises", "camions d'incendie"],
    "agroalimentaire": ["fromages fins", "produits de l'érable", "viandes transformées", "petits fruits surgelés",
                        "cidres de glace", "pains artisanaux", "légumineuses", "poissons fumés"],
    "bois": ["bois d'ingénierie", "panneaux lamellés-croisés", "granules de bois", "bois de charpente",
             "poutres lamellées-collées", "bardeaux de cèdre", "maisons usinées"],
    "maritime": ["navires de pêche", "équipements portuaires", "biotechnologies marines", "algues alimentaires",
                 "chaloupes de sauvetage", "filets de pêche"],
    "tourisme": ["séjours de plein air", "tourisme gourmand", "croisières fluviales", "pourvoiries",
                 "stations de ski", "parcours de vélo"],
    "composites": ["pièces en matériaux composites", "coques en fibre de verre", "panneaux composites légers",
                   "réservoirs en composite", "pales en fibre de carbone", "casques de protection"],
    "mines": ["équipements miniers", "services de forage", "traitement du minerai", "lithium", "graphite",
              "restauration de sites miniers"],
    "numerique": ["logiciels de gestion", "jeux vidéo éducatifs", "objets connectés industriels",
                  "plateformes de commerce en ligne", "applications mobiles", "simulateurs de conduite"],
    "energie": ["énergie éolienne", "biomasse forestière", "stockage d'énergie", "hydrogène vert",
                "chauffe-eau solaires", "bornes de recharge"],
    "metal": ["pièces usinées de précision", "structures d'acier", "machines agricoles", "convoyeurs",
              "réservoirs sous pression", "moules d'injection"],
}  # fmt: skip
OCCUPATIONS = ["soudeurs", "machinistes", "ébénistes", "électromécaniciens", "opérateurs de machines",
               "techniciens en génie", "cuisiniers", "camionneurs", "programmeurs", "mécaniciens",
               "peintres industriels", "assembleurs", "charpentiers-menuisiers", "bouchers", "infirmiers",
               "technologues en chimie", "grutiers", "boulangers", "dessinateurs", "électriciens"]  # fmt: skip
COUNTRIES = ["le Mexique", "la France", "l'Allemagne", "le Japon", "le Costa Rica", "la Belgique", "le Chili",
             "la Norvège", "les États-Unis", "la Corée du Sud", "le Brésil", "l'Inde", "le Maroc", "la Suède",
             "l'Italie", "l'Espagne", "le Vietnam", "la Colombie", "l'Australie", "la Finlande"]  # fmt: skip
TECHNOLOGIES = ["la robotique collaborative", "l'impression 3D", "la vision artificielle", "l'Internet des objets",
                "la chaîne de blocs", "les capteurs intelligents", "la fabrication additive",
                "l'intelligence artificielle", "la réalité augmentée", "les jumeaux numériques",
                "la découpe au laser", "les drones d'inspection", "la spectroscopie", "l'usinage à cinq axes",
                "les exosquelettes", "la maintenance prédictive"]  # fmt: skip
PARTNERS = ["le cégep", "l'université", "le centre collégial de transfert", "la chambre de commerce",
            "le centre local de développement", "l'association sectorielle",
            "la société d'aide au développement"]  # fmt: skip
REGIONS = ["Bas-Saint-Laurent", "Saguenay–Lac-Saint-Jean", "Capitale-Nationale", "Mauricie", "Estrie",
           "Outaouais", "Abitibi-Témiscamingue", "Côte-Nord", "Gaspésie", "Chaudière-Appalaches", "Lanaudière",
           "Montérégie"]  # fmt: skip

# What a project is about, precisely: a duplicate shares it, other projects on the topic rarely do.
FOCUS_NOUNS = ["la traçabilité", "le séchage", "l'emballage", "la finition", "l'assemblage", "la découpe",
               "le recyclage", "l'entreposage", "la certification", "la maintenance", "la logistique",
               "la conception", "le contrôle de la qualité", "la mise à l'échelle", "la réduction des rejets",
               "l'efficacité énergétique", "la santé et la sécurité", "la planification de la production",
               "la gestion des stocks", "le service après-vente", "l'étiquetage", "le transport réfrigéré",
               "la peinture", "le design", "la mise en marché", "le prototypage"]  # fmt: skip
FOCUS_QUALIFIERS = ["des lots", "des produits saisonniers", "des petites séries", "des commandes urgentes",
                    "des pièces de grande taille", "des matières résiduelles", "des produits certifiés",
                    "des gammes haut de gamme", "des produits sur mesure", "des produits d'exportation",
                    "des résidus de coupe", "des produits biologiques", "des pièces de rechange",
                    "des commandes en ligne", "des prototypes", "des produits fragiles", "des grands formats",
                    "des produits consignés", "des pièces critiques", "des séries longues"]  # fmt: skip
MARKETS = ["le marché institutionnel", "les hôpitaux", "la construction résidentielle", "les grandes surfaces",
           "les municipalités", "le marché américain", "les distributeurs européens", "les entreprises minières",
           "l'industrie aérospatiale", "les écoles", "les restaurateurs", "les parcs nationaux",
           "les centres de données", "les Premières Nations", "les coopératives agricoles", "les ports",
           "les hôtels", "les armateurs"]  # fmt: skip
FOCUS_SENTENCES = ["Le projet porte sur {f} pour {m}.", "Les travaux visent {f}, destinés à {m}.",
                   "Une attention particulière va à {f} pour {m}."]  # fmt: skip

# Each kind of action: titles and sentences, several wordings that say the same. {p} product,
# {s} sector, {d} detail (occupation, country or technology), {n} a number, {r} region, {a} partner.
ACTIONS: dict[str, dict[str, Any]] = {
    "formation": {
        "detail": OCCUPATIONS,
        "titles": [
            "Programme de formation de {d} pour {p}",
            "Former des {d} dans le secteur {s}",
            "Formation spécialisée de {d} en {p}",
        ],
        "sentences": [
            [
                "Un programme de formation de {n} semaines prépare des {d} aux besoins des fabricants de {p}.",
                "Des cours adaptés forment {n} {d} pour les entreprises de {p}.",
            ],
            ["La formation est donnée avec {a} de la région {r}.", "{a} offre le programme en {r}."],
            ["Les entreprises manquent de {d} qualifiés.", "La pénurie de {d} freine la production."],
        ],
    },
    "recrutement": {
        "detail": OCCUPATIONS,
        "titles": [
            "Recrutement international de {d} pour {p}",
            "Recruter des {d} étrangers pour le secteur {s}",
            "Embauche de {d} venus de l'étranger",
        ],
        "sentences": [
            [
                "Une mission de recrutement vise à embaucher {n} {d} à l'étranger pour les fabricants de {p}.",
                "Les entreprises de {p} recruteront {n} {d} étrangers.",
            ],
            [
                "L'accueil et l'intégration des travailleurs sont organisés avec {a} en {r}.",
                "{a} accompagne l'installation des nouveaux employés en {r}.",
            ],
            ["La pénurie de {d} freine la production.", "Les entreprises manquent de {d}."],
        ],
    },
    "achat": {
        "detail": TECHNOLOGIES,
        "titles": [
            "Regroupement d'achat pour les fabricants de {p}",
            "Coopérative d'approvisionnement du secteur {s}",
            "Achats groupés de {p}",
        ],
        "sentences": [
            [
                "Un regroupement d'achat permet à {n} entreprises de {p} d'acheter leurs intrants ensemble.",
                "Une coopérative d'approvisionnement réunit {n} fabricants de {p} pour leurs achats.",
            ],
            [
                "Les économies visées sont de {n} % sur les matières premières.",
                "Les membres espèrent réduire leurs coûts d'achat de {n} %.",
            ],
            ["La démarche inclut {d} pour suivre les commandes.", "Les commandes sont suivies grâce à {d}."],
        ],
    },
    "mission": {
        "detail": COUNTRIES,
        "titles": [
            "Mission commerciale vers {d} pour les producteurs de {p}",
            "Mission d'affaires en {d} du secteur {s}",
            "Prospection des marchés de {d} pour {p}",
        ],
        "sentences": [
            [
                "Une délégation de {n} entreprises de {p} se rend en {d} pour rencontrer des acheteurs.",
                "{n} entreprises de {p} participeront à une mission commerciale en {d}.",
            ],
            [
                "L'objectif est de conclure des contrats d'exportation.",
                "Les entreprises cherchent de nouveaux clients à l'étranger.",
            ],
            ["La mission est préparée avec {a} de la région {r}.", "{a} organise les rencontres d'affaires."],
        ],
    },
    "etude": {
        "detail": TECHNOLOGIES,
        "titles": [
            "Étude sur l'adoption de {d} dans le secteur {s}",
            "Diagnostic de {d} pour les fabricants de {p}",
            "Portrait de l'utilisation de {d} en {p}",
        ],
        "sentences": [
            [
                "Une étude dresse le portrait de l'utilisation de {d} chez {n} entreprises de {p}.",
                "Un diagnostic analyse comment {n} fabricants de {p} utilisent {d}.",
            ],
            ["Les résultats orienteront le plan d'action du créneau.", "Le rapport proposera des pistes d'action."],
            ["L'étude est menée avec {a}.", "{a} réalise l'enquête en {r}."],
        ],
    },
    "vitrine": {
        "detail": TECHNOLOGIES,
        "titles": [
            "Vitrine technologique de {d} pour {p}",
            "Démonstrateur de {d} dans le secteur {s}",
            "Projet pilote de {d} en {p}",
        ],
        "sentences": [
            [
                "Une vitrine technologique montre {d} appliquée à la fabrication de {p}.",
                "Un démonstrateur permet aux entreprises de {p} d'essayer {d}.",
            ],
            [
                "{n} entreprises pourront tester la technologie avant de l'adopter.",
                "Les visites sont ouvertes à {n} entreprises.",
            ],
            ["Le projet est réalisé avec {a} en {r}.", "{a} héberge le démonstrateur."],
        ],
    },
    "salon": {
        "detail": COUNTRIES,
        "titles": [
            "Présence collective au salon international pour les fabricants de {p}",
            "Kiosque commun dans une foire en {d} du secteur {s}",
            "Participation à un salon professionnel en {d}",
        ],
        "sentences": [
            [
                "Un kiosque collectif présente {n} entreprises de {p} lors d'un salon professionnel en {d}.",
                "{n} fabricants de {p} exposent ensemble à une foire commerciale en {d}.",
            ],
            ["Les entreprises veulent rencontrer des distributeurs.", "Le salon attire des acheteurs du monde entier."],
            ["La présence est coordonnée par {a}.", "{a} loue le kiosque et prépare les rencontres."],
        ],
    },
    "equipement": {
        "detail": TECHNOLOGIES,
        "titles": [
            "Parc d'équipements partagés en {d} pour {p}",
            "Machines communes pour les entreprises du secteur {s}",
            "Mutualisation d'équipements de {d}",
        ],
        "sentences": [
            [
                "Un parc d'équipements partagés donne accès à {d} à {n} entreprises de {p}.",
                "Des machines communes de {d} sont mises à la disposition de {n} fabricants de {p}.",
            ],
            [
                "Un calendrier de réservation répartit le temps machine.",
                "Les entreprises réservent les équipements en ligne.",
            ],
            ["Les équipements sont installés chez {a} en {r}.", "{a} gère le parc de machines."],
        ],
    },
}

# The rewording's synonyms: written apart from the product's thesaurus (about a third unknown to it).
SYNONYMS: dict[str, list[str]] = {
    "formation": ["apprentissage", "perfectionnement", "qualification professionnelle"],
    "former": ["qualifier", "perfectionner", "outiller"],
    "programme": ["parcours", "cursus"],
    "cours": ["ateliers", "sessions"],
    "recrutement": ["embauche", "dotation", "attraction de talents"],
    "recruter": ["embaucher", "attirer", "engager"],
    "recruteront": ["embaucheront", "engageront"],
    "embaucher": ["engager", "recruter"],
    "étrangers": ["immigrants", "internationaux"],
    "entreprises": ["PME", "firmes", "sociétés"],
    "fabricants": ["manufacturiers", "producteurs", "industriels"],
    "producteurs": ["fabricants", "transformateurs"],
    "travailleurs": ["employés", "ouvriers", "salariés"],
    "employés": ["travailleurs", "salariés"],
    "regroupement": ["groupement", "consortium"],
    "coopérative": ["regroupement", "collectif"],
    "achat": ["approvisionnement", "acquisition"],
    "achats": ["approvisionnements", "acquisitions"],
    "acheter": ["acquérir", "se procurer"],
    "approvisionnement": ["achat", "acquisition"],
    "mission": ["délégation", "tournée"],
    "délégation": ["mission", "groupe"],
    "commerciale": ["d'affaires", "de prospection"],
    "acheteurs": ["clients", "donneurs d'ordres"],
    "clients": ["acheteurs", "débouchés"],
    "exportation": ["exportations", "commerce extérieur"],
    "étude": ["analyse", "enquête", "recherche"],
    "diagnostic": ["évaluation", "bilan"],
    "portrait": ["état des lieux", "inventaire"],
    "vitrine": ["démonstrateur", "banc d'essai"],
    "démonstrateur": ["vitrine", "installation pilote"],
    "pilote": ["expérimental", "d'essai"],
    "salon": ["foire", "exposition"],
    "foire": ["salon", "exposition"],
    "kiosque": ["stand", "espace"],
    "collectif": ["commun", "partagé"],
    "équipements": ["machines", "outils", "appareils"],
    "machines": ["équipements", "appareils"],
    "partagés": ["communs", "mutualisés"],
    "communes": ["partagées", "mutualisées"],
    "pénurie": ["manque", "rareté"],
    "manquent": ["ont besoin", "cherchent"],
    "qualifiés": ["compétents", "expérimentés"],
    "région": ["territoire", "coin de pays"],
    "objectif": ["but", "visée"],
    "contrats": ["ententes", "commandes"],
    "réduire": ["diminuer", "abaisser"],
    "coûts": ["dépenses", "frais"],
    "économies": ["gains", "épargnes"],
    "utilisation": ["usage", "emploi"],
    "adoption": ["intégration", "implantation"],
    "accueil": ["réception", "installation"],
    "intégration": ["insertion", "adaptation"],
    "entreprise": ["firme", "PME"],
    # Generic words: two writers rarely word a sentence alike.
    "permet": ["offre", "donne la possibilité"],
    "réunit": ["rassemble", "regroupe"],
    "donne": ["offre", "procure"],
    "accès": ["l'accès", "un accès"],
    "calendrier": ["horaire", "agenda"],
    "réservation": ["réservations", "prise de rendez-vous"],
    "répartit": ["partage", "distribue"],
    "temps": ["heures", "périodes"],
    "visites": ["démonstrations", "journées portes ouvertes"],
    "ouvertes": ["accessibles", "offertes"],
    "organise": ["planifie", "coordonne"],
    "prépare": ["planifie", "monte"],
    "rencontres": ["rendez-vous", "entretiens"],
    "présente": ["expose", "montre"],
    "attire": ["accueille", "reçoit"],
    "loue": ["réserve", "finance"],
    "commandes": ["achats", "livraisons"],
    "suivies": ["gérées", "tracées"],
    "démarche": ["initiative", "approche"],
    "inclut": ["comprend", "intègre"],
    "membres": ["participants", "adhérents"],
    "espèrent": ["visent", "comptent"],
    "résultats": ["constats", "conclusions"],
    "orienteront": ["guideront", "alimenteront"],
    "rapport": ["document", "livrable"],
    "proposera": ["suggérera", "formulera"],
    "pistes": ["avenues", "recommandations"],
    "menée": ["réalisée", "conduite"],
    "réalise": ["mène", "conduit"],
    "installés": ["hébergés", "logés"],
    "gère": ["administre", "coordonne"],
    "héberge": ["accueille", "abrite"],
    "réalisé": ["mené", "conduit"],
    "offre": ["donne", "propose"],
    "adaptés": ["sur mesure", "ajustés"],
    "besoins": ["attentes", "exigences"],
    "donnée": ["offerte", "dispensée"],
    "freine": ["ralentit", "limite"],
    "production": ["fabrication", "activité"],
    "vise": ["cherche", "compte"],
    "conclure": ["signer", "obtenir"],
    "cherchent": ["visent", "veulent"],
    "nouveaux": ["d'autres", "de nouveaux"],
    "rencontrer": ["voir", "joindre"],
    "dresse": ["établit", "trace"],
    "analyse": ["examine", "étudie"],
    "montre": ["présente", "fait voir"],
    "appliquée": ["utilisée", "mise en œuvre"],
    "essayer": ["tester", "expérimenter"],
    "pourront": ["vont pouvoir", "auront la possibilité de"],
    "tester": ["essayer", "éprouver"],
    "distributeurs": ["grossistes", "revendeurs"],
    "intrants": ["matières", "fournitures"],
    "ensemble": ["en commun", "collectivement"],
    "visées": ["attendues", "prévues"],
    "suivre": ["gérer", "tracer"],
}
# What many projects say whatever their topic: each text takes one or two.
CONTEXT = [
    "Le projet s'inscrit dans le plan d'action du créneau.",
    "Il répond à une priorité adoptée par le comité de créneau.",
    "Les partenaires financiers ont confirmé leur participation.",
    "Le budget comprend les honoraires et les frais de déplacement.",
    "Un comité de suivi se réunira chaque trimestre.",
    "Les résultats seront diffusés aux membres du créneau.",
    "Le projet mobilise les entreprises de plusieurs municipalités.",
    "La démarche favorise la collaboration entre les entreprises de la région.",
    "Un chargé de projet sera embauché pour la durée du projet.",
    "Les retombées attendues touchent l'emploi et les ventes.",
    "Le projet s'échelonne sur deux ans.",
    "Une première phase a été réalisée l'an dernier.",
    "Le conseil d'administration a approuvé le projet.",
    "Les entreprises participantes assument une partie des coûts.",
    "Le projet tient compte des orientations du ministère.",
    "Une campagne de communication fera connaître les résultats.",
]
OPENERS = ["", "", "Concrètement, ", "Par ailleurs, ", "Dans ce cadre, ", "De plus, ", "Ainsi, "]

UNRELATED = [
    "Le créneau a adopté son plan d'action l'an dernier.",
    "Le comité de créneau appuie la démarche.",
    "Les retombées seront présentées au bilan annuel.",
    "Une conférence de presse annoncera le projet.",
]


@dataclass
class Planted:
    original: int
    query: str
    strength: int
    non_duplicate: int | None = None


@dataclass
class Corpus:
    texts: list[str] = field(default_factory=list)
    planted: list[Planted] = field(default_factory=list)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _swap(rng: random.Random, text: str, rate: float) -> str:
    words = text.split(" ")
    for i, word in enumerate(words):
        bare = word.strip(".,;:").lower()
        if bare in SYNONYMS and rng.random() < rate:
            tail = word[len(word.rstrip(".,;:")) :]
            words[i] = rng.choice(SYNONYMS[bare]) + tail
    return " ".join(words)


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def topic(self) -> dict[str, str]:
        rng = self.rng
        sector = rng.choice(list(SECTORS))
        action = rng.choice(list(ACTIONS))
        return {
            "s": sector,
            "p": rng.choice(SECTORS[sector]),
            "k": action,
            "d": rng.choice(ACTIONS[action]["detail"]),
            "f": f"{rng.choice(FOCUS_NOUNS)} {rng.choice(FOCUS_QUALIFIERS)}",
            "m": rng.choice(MARKETS),
        }

    def fill(self, template: str, topic: dict[str, str]) -> str:
        rng = self.rng
        return template.format(
            p=topic["p"],
            s=topic["s"],
            d=topic["d"],
            f=topic["f"],
            m=topic["m"],
            n=rng.randint(3, 40),
            r=rng.choice(REGIONS),
            a=rng.choice(PARTNERS),
        )

    def text(
        self, topic: dict[str, str], *, strength: int = 0, avoid: tuple[int, ...] = ()
    ) -> tuple[str, tuple[int, ...]]:
        """A project's text on a topic; the wordings chosen, so a rewording can choose others."""
        rng = self.rng
        action = ACTIONS[topic["k"]]
        choices = []
        title_choice = rng.randrange(len(action["titles"]))
        if strength >= 2 and avoid:
            title_choice = (avoid[0] + 1 + rng.randrange(len(action["titles"]) - 1)) % len(action["titles"])
        choices.append(title_choice if strength != 1 or not avoid else avoid[0])
        sentences = []
        for index, variants in enumerate([*action["sentences"], FOCUS_SENTENCES]):
            pick = rng.randrange(len(variants))
            if strength == 3 and avoid:
                # Another writer: the same idea in other sentences.
                pick = (avoid[index + 1] + 1 + rng.randrange(len(variants) - 1)) % len(variants)
            elif avoid:
                # The same sentences, reworded (medium) or only reordered (light).
                pick = avoid[index + 1]
            choices.append(pick)
            sentence = self.fill(variants[pick], topic)
            opener = rng.choice(OPENERS)
            if opener:
                sentence = opener + sentence[0].lower() + sentence[1:]
            # People word things their own way: many words of every text are someone's synonyms.
            sentences.append(_swap(rng, sentence, 0.4))
        sentences += rng.sample(CONTEXT, rng.randint(1, 2))
        title = self.fill(action["titles"][choices[0]], topic)
        if strength >= 1:
            rng.shuffle(sentences)
        if strength == 2:
            sentences = [_swap(rng, s, 0.5) for s in sentences]
            title = _swap(rng, title, 0.5)
        if strength == 3:
            sentences = [_swap(rng, s, 1.0) for s in sentences]
            sentences.pop(rng.randrange(len(sentences)))
            sentences.append(rng.choice(UNRELATED))
            title = _swap(rng, title, 1.0)
        summary = " ".join(sentences)
        if strength in (1, 3):
            title, summary = _fold(title), _fold(summary)
        return similarity.project_text(title, summary), tuple(choices)


def corpus(size: int, *, seed: int = 56) -> Corpus:
    """`size` project texts with planted rewordings (queries) and same-topic non-duplicates."""
    rng = random.Random(f"{seed}-{size}")
    writer = _Writer(rng)
    made = Corpus()
    originals: list[tuple[int, dict[str, str], tuple[int, ...]]] = []
    planted_count = min(QUERIES_PER_STRENGTH * 3, size // 5)
    for _ in range(size):
        topic = writer.topic()
        text, choices = writer.text(topic)
        if len(originals) < planted_count:
            originals.append((len(made.texts), topic, choices))
        made.texts.append(text)
    for number, (position, topic, choices) in enumerate(originals):
        strength = 1 + number % 3
        query, _choices = writer.text(topic, strength=strength, avoid=choices)
        planted = Planted(position, query, strength)
        if number < NON_DUPLICATES:
            other = dict(topic, k=rng.choice([k for k in ACTIONS if k != topic["k"]]))
            details = ACTIONS[other["k"]]["detail"]
            other["d"] = topic["d"] if topic["d"] in details else rng.choice(details)
            planted.non_duplicate = len(made.texts)
            made.texts.append(writer.text(other)[0])
        made.planted.append(planted)
    return made


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _quality(planted: list[Planted], ranked: Callable[[str], list[int]]) -> dict[str, Any]:
    found: dict[int, list[bool]] = {1: [], 2: [], 3: []}
    latencies: list[float] = []
    above: list[bool] = []
    non_duplicate_ranks: list[int] = []
    for plant in planted:
        start = time.perf_counter()
        ids = ranked(plant.query)
        latencies.append((time.perf_counter() - start) * 1000)
        found[plant.strength].append(plant.original in ids[:10])
        if plant.non_duplicate is not None:
            rank_original = ids.index(plant.original) if plant.original in ids else len(ids) + 1
            rank_other = ids.index(plant.non_duplicate) if plant.non_duplicate in ids else len(ids) + 1
            above.append(rank_original < rank_other)
            non_duplicate_ranks.append(rank_other + 1)
    every = [hit for hits in found.values() for hit in hits]
    return {
        "recall_at_10": round(sum(every) / len(every), 3) if every else None,
        "recall_by_strength": {str(k): round(sum(v) / len(v), 3) if v else None for k, v in found.items()},
        "duplicate_above_non_duplicate": round(sum(above) / len(above), 3) if above else None,
        "non_duplicate_median_rank": statistics.median(non_duplicate_ranks) if non_duplicate_ranks else None,
        "latency_ms_median": round(statistics.median(latencies), 2),
        "latency_ms_p95": round(_percentile(latencies, 0.95), 2),
        "queries": len(planted),
    }


def _engine(made: Corpus) -> dict[str, Any]:
    gc.collect()
    start = time.perf_counter()
    index = similarity.Index()
    for number, text in enumerate(made.texts):
        index.put(number, text)
    built = time.perf_counter() - start
    result = _quality(made.planted, lambda query: [hit.project_id for hit in index.search(query, limit=50)])
    result.update(build_seconds=round(built, 2), memory_mb=round(index.memory_bytes() / 2**20, 1))
    return result


def _trigram(made: Corpus, table: str) -> dict[str, Any] | None:
    """PostgreSQL's trigram similarity ranked by score, on a sample of the queries (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return None
    # The first queries of each strength (the first ones also have their non-duplicate).
    by_strength = {strength: [q for q in made.planted if q.strength == strength] for strength in (1, 2, 3)}
    sample = [q for queries in by_strength.values() for q in queries[: BASELINE_SAMPLE // 3]]
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute(f"CREATE TABLE {table} (id integer PRIMARY KEY, body text NOT NULL)")
        with cursor.copy(f"COPY {table} (id, body) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for number, text in enumerate(made.texts):
                copy.write_row((number, text))
        start = time.perf_counter()
        cursor.execute(f"CREATE INDEX {table}_trgm ON {table} USING gin (body gin_trgm_ops)")
        built = time.perf_counter() - start
        cursor.execute(f"ANALYZE {table}")

        def ranked(query: str) -> list[int]:
            # The table's name is ours (bench_similar_<size>), never the user's.
            cursor.execute(f"SELECT id FROM {table} ORDER BY similarity(body, %s) DESC LIMIT 50", [query])  # noqa: S608
            return [row[0] for row in cursor.fetchall()]

        result = _quality(sample, ranked)
        cursor.execute(f"DROP TABLE {table}")
    result.update(build_seconds=round(built, 2))
    return result


def run(sizes: tuple[int, ...] = SIZES, *, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    rows = []
    for size in sizes:
        made = corpus(size)
        log(f"similar projects: {size:,} projects, {len(made.planted)} planted rewordings…")
        engine = _engine(made)
        baseline = _trigram(made, f"bench_similar_{size}")
        speedup = None
        if baseline:
            speedup = round(baseline["latency_ms_median"] / max(engine["latency_ms_median"], 0.001))
        rows.append({"projects": size, "engine": engine, "trigram": baseline, "speedup_median": speedup})
    return rows


def format_rows(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| projects | method | recall@10 | light | medium | strong | dup above non-dup | non-dup median rank"
        " | build s | memory MB | median ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        for name, result in (("index (BM25 + thesaurus)", row["engine"]), ("trigram (baseline)", row["trigram"])):
            if not result:
                continue
            strengths = result["recall_by_strength"]
            lines.append(
                f"| {row['projects']:,} | {name} | {result['recall_at_10']} | {strengths['1']} | {strengths['2']}"
                f" | {strengths['3']} | {result['duplicate_above_non_duplicate']}"
                f" | {result['non_duplicate_median_rank']}"
                f" | {result['build_seconds']} | {result.get('memory_mb', '—')} | {result['latency_ms_median']}"
                f" | {result['latency_ms_p95']} |"
            )
    return "\n".join(lines)
