"""Similar projects: the text analysis and the in-memory index that ranks them (decision 56).

Pure: no database. `selectors.similar_projects` keeps one `Index` per process, filled from the
projects' titles and summaries and brought up to date from their `updated_at` before each search.

How two texts are compared (the comparison of methods is in decision 56):

- each text is cut into words; elisions (l', d', qu') and French and English function words go;
- each word loses its accents, then is reduced to its French stem (Snowball), so that
  "Équipements", "equipement" and "équipé" meet, and "traçabilité" typed without accents too;
- words and phrases of the program's vocabulary that say the same thing meet on one concept
  (`THESAURUS`: "main-d'œuvre", "travailleurs" and "personnel" are one), so a rewording with
  synonyms still matches; concepts that name a kind of action (a training programme, a purchasing
  group, a mission abroad) weigh more, so a project on the same topic but of another kind of
  action ranks below a true duplicate;
- numbers are left out: a duplicate filed elsewhere has other figures;
- projects are ranked by BM25 (the standard ranking of search engines) over those terms; the score
  shown is the project's BM25 divided by what the query would score against itself, so 1.0 is
  "everything the query says, the project says".
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import snowballstemmer

# BM25's two constants, at the values search engines default to.
K1 = 1.2
B = 0.75

#: Document frequencies are counted as if this many more projects, none holding the term, were
#: indexed: a small program (the demo's sixty projects) scores on the same scale as a large one.
PRIOR_DOCUMENTS = 50

#: Rare words say what a project is about; words every project of a kind uses say little. The IDF
#: counts squared, as in a cosine of TF-IDF vectors where the query's weights carry it too.
IDF_POWER = 2.0

#: A term in more than this share of the projects says little of any one of them: it scores only the
#: projects the rarer terms found best, which keeps the search fast (its postings are the longest).
MAX_SHARE = 0.1

#: How many of the best projects by the rarer terms the common terms then score (see `Index.search`).
CANDIDATES = 300

#: A term that names a kind of action weighs this much more than a term of the topic.
ACTION_WEIGHT = 1.6

#: A project is very similar (a warning, a pair kept) when its score reaches WARNING_SCORE and
#: stands out of the crowd: STAND_OUT times the score of the query's CROWD-th hit. A score alone
#: depends on how alike a program's texts are; the margin does much less (decision 56).
WARNING_SCORE = 0.3
STAND_OUT = 1.5
CROWD = 5

# Function words, French and English, compared without accents.
_STOPWORDS_TEXT = """
ailleurs concretement outre notamment egalement enfin surtout particulier particuliere particulierement va vont
vise visent viser permet permettent permettre cadre dont meme tel telle tels telles lequel laquelle lesquels
a au aux avec ce ces cet cette ci comme dans de des du elle elles en entre et etre eux il ils je la le les
leur leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur
ta te tes toi ton tu un une vos votre vous y afin ainsi alors apres aupres avant car chez cela celle celui
ceux dont donc depuis lors lorsque puis quand sans selon sous tout toute toutes tous tres vers via voici est
sont ont sera seront etait ete fait faire peut peuvent plus moins aussi autres autre chaque certains qu
jusqu lorsqu puisqu the of and or to in on for with by at from as is are be an this that these those its
their our into
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())

#: The program's vocabulary: each line, words and phrases that say one thing. The first word names
#: the concept; a leading "!" marks a kind of action (ACTION_WEIGHT). French and English.
THESAURUS_TEXT = """
!formation: formation, former, formateur, apprentissage, perfectionnement, qualification, cours, cursus,
    programme de formation, training, train, course
!recrutement: recrutement, recruter, embauche, embaucher, attraction, attirer, dotation, recruitment, recruit,
    hiring, hire
!mission: mission, délégation, voyage d'affaires, mission commerciale, trade mission
!salon: salon, foire, exposition, salon professionnel, trade show, fair
!achat: achat, acheter, approvisionnement, approvisionner, procurement, purchasing, purchase, buying
!regroupement: regroupement, coopérative, groupement, consortium, mutualisation, mutualiser, collectif,
    cooperative, pool, group
!etude: étude, diagnostic, portrait, enquête, analyse, inventaire, caractérisation, study, survey, assessment
!plan: stratégie, plan, feuille de route, plan d'action, planification, strategy, roadmap
!vitrine: vitrine, démonstration, prototype, banc d'essai, démonstrateur, pilote, showcase, demonstration, pilot
!reseautage: réseautage, maillage, rencontre, rendez-vous, networking, matchmaking
!promotion: promotion, commercialisation, mise en marché, marketing, image de marque, notoriété, visibilité,
    branding
!implantation: implantation, installation, aménagement, construction, agrandissement, établissement
!veille: veille, intelligence économique, monitoring, watch
!certification: certification, homologation, norme, normalisation, accréditation, certify, standard
main-d'oeuvre: main-d'œuvre, main d'oeuvre, personnel, travailleur, employé, salarié, effectif, ressources
    humaines, workforce, worker, employee, staff, labour, labor
competence: compétence, savoir-faire, expertise, habileté, skill, know-how
export: exportation, exporter, exportateur, international, étranger, marchés étrangers, marchés extérieurs, hors
    québec, export, abroad, foreign
marche: marché, débouché, clientèle, client, market, customer
entreprise: entreprise, pme, firme, société, employeur, manufacturier, fabricant, industriel, company, firm,
    manufacturer
fournisseur: fournisseur, sous-traitant, sous-traitance, chaîne d'approvisionnement, supplier, subcontractor,
    supply chain
equipement: équipement, matériel, machinerie, machine, outillage, appareil, parc de machines, equipment, machinery, tool
commun: commun, partagé, conjoint, collectif, mutualisé, shared, joint, common
innovation: innovation, innover, recherche, r-d, développement technologique, research, innovate
transfert: transfert, valorisation, transfer
numerique: numérique, numérisation, virage numérique, informatique, logiciel, digital, software
automatisation: automatisation, robotisation, robotique, robot, automate, automation, robotics
environnement: environnement, développement durable, écologique, carbone, gaz à effet de serre, écoconception,
    environment, sustainable, green
energie: énergie, énergétique, efficacité énergétique, energy
bois: bois, forestier, forêt, sylvicole, ligneux, wood, timber, forest
meuble: meuble, mobilier, ameublement, furniture
aluminium: aluminium, alu, aluminum
metal: métal, métallique, métallurgie, acier, steel, metal
soudage: soudage, soudeur, soudure, welding, welder
usinage: usinage, usiner, usineur, machiniste, machining, machinist
composite: composite, matériau composite, fibre de verre, composites
agroalimentaire: agroalimentaire, alimentaire, aliment, transformation alimentaire, food, agri-food
tourisme: tourisme, touristique, villégiature, tourism, tourist
maritime: maritime, marin, naval, navire, marine
transport: transport, véhicule, autobus, camion, ferroviaire, vehicle, bus, truck
mine: mine, minier, minéral, mining, mineral
jeune: jeune, étudiant, élève, relève, youth, student
ecole: école, cégep, collège, université, établissement d'enseignement, school, college, university
immigrant: immigrant, immigration, étranger qualifié, travailleur étranger, immigrant workers
accroitre: accroître, augmenter, hausser, développer, renforcer, améliorer, increase, improve, strengthen
creation: création, créer, mise sur pied, mise en place, lancement, démarrage, fonder, create, launch, establish
soutien: soutien, soutenir, accompagnement, accompagner, appui, aide, support, assist
"""


@dataclass(frozen=True)
class Concept:
    """A concept of the thesaurus: its name and whether it names a kind of action."""

    name: str
    action: bool


_stemmer = snowballstemmer.stemmer("french")
_stem_lock = threading.Lock()
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "’": "'", "ʼ": "'", "‘": "'"})
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A lower-case word's French stem, accents dropped first: "équipements" and "equipement" → "equip".

    Snowball reads suffixes by their accents ("-ité"): a word typed without them would stem apart from
    the same word with them, so both are stemmed without."""
    word = _fold(word)
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # Snowball stems "etrangers" and "etranger" apart; the plural goes first.
    with _stem_lock:  # Snowball's stemmer object keeps state between calls.
        return str(_stemmer.stemWord(word))


@dataclass(frozen=True)
class Token:
    """A word of a text: its stem, and where it stands in the text (for highlighting)."""

    stem: str
    start: int
    end: int


@lru_cache(maxsize=200_000)
def _word_stem(word: str) -> str:
    """A word as written → its stem, or "" for a function word or a number."""
    lowered = word.lower().translate(_LIGATURES)
    if lowered.isdigit():
        return ""
    folded = _fold(lowered)
    if folded in STOPWORDS or len(folded) < 2:
        return ""
    return stem(lowered)


def _tokens(text: str) -> list[Token]:
    # Apostrophes split words, so elisions ("l'", "qu'") fall out as function words. Words are
    # matched in the text as written, so their spans point into it.
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        stemmed = _word_stem(match.group())
        if stemmed:
            tokens.append(Token(stemmed, match.start(), match.end()))
    return tokens


def _phrases() -> tuple[dict[tuple[str, ...], Concept], int]:
    table: dict[tuple[str, ...], Concept] = {}
    longest = 1
    # An indented line goes on with the line above.
    for line in THESAURUS_TEXT.strip().replace("\n    ", " ").splitlines():
        head, _, words = line.partition(":")
        action = head.startswith("!")
        concept = Concept("~" + head.lstrip("!"), action)
        for phrase in words.split(","):
            stems = tuple(t.stem for t in _tokens(phrase.strip()))
            if stems:
                # The first meaning listed wins: a word in two lines keeps its first concept.
                table.setdefault(stems, concept)
                longest = max(longest, len(stems))
    return table, longest


PHRASES, _LONGEST = _phrases()
#: The stems a phrase of the thesaurus starts with: only these try the longer phrases.
_PHRASE_STARTS = frozenset(key[0] for key in PHRASES if len(key) > 1)
ACTION_TERMS = frozenset(c.name for c in PHRASES.values() if c.action)


@dataclass(frozen=True)
class Term:
    """A term of a text: a stem or a concept, and the span of text it came from."""

    term: str
    start: int
    end: int


def _matched(stems: Sequence[str]) -> Iterator[tuple[str, int, int]]:
    """Each term of a list of stems with the stems it covers [first, last): phrases of the thesaurus
    taken as their concept (longest first), other stems as themselves."""
    i, count = 0, len(stems)
    while i < count:
        longest = min(_LONGEST, count - i) if stems[i] in _PHRASE_STARTS else 1
        for size in range(longest, 0, -1):
            concept = PHRASES.get(tuple(stems[i : i + size]))
            if concept is not None:
                yield concept.name, i, i + size
                i += size
                break
        else:
            yield stems[i], i, i + 1
            i += 1


def analyze(text: str) -> list[Term]:
    """The terms of a text in order, with the span of text each came from (for highlighting)."""
    tokens = _tokens(text)
    return [
        Term(term, tokens[first].start, tokens[last - 1].end)
        for term, first, last in _matched([t.stem for t in tokens])
    ]


def project_text(title: str, summary: str) -> str:
    """The text projects are compared by: the title, then the summary."""
    return f"{title}\n{summary}"


def terms(text: str) -> list[str]:
    """The terms of a text, as `analyze` gives them but without their spans (the index's fast path)."""
    stems = [stemmed for stemmed in map(_word_stem, _WORD.findall(text)) if stemmed]
    return [term for term, _first, _last in _matched(stems)]


def term_counts(text: str) -> Counter[str]:
    return Counter(terms(text))


def weight(term: str) -> float:
    return ACTION_WEIGHT if term in ACTION_TERMS else 1.0


@dataclass(frozen=True)
class Hit:
    """A project found: its id and its score (0 to 1)."""

    project_id: int
    score: float


class Index:
    """An inverted index of project texts, ranked by BM25 with numpy.

    Each text takes a slot; postings hold, for each term, the slots that contain it and how often.
    Changing a project's text gives it a new slot and marks the old one dead; `compact` drops the
    dead postings when they grow. Thread-safe: one lock around reads and writes (a search takes
    about a millisecond).
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._term_ids: dict[str, int] = {}
        self._slots: list[array] = []  # per term: int32 slots
        self._tfs: list[array] = []  # per term: uint8 term frequencies
        self._df: list[int] = []  # per term: live documents containing it (dead ones until compaction)
        self._ids = np.zeros(1024, dtype=np.int64)
        self._alive = np.zeros(1024, dtype=bool)
        self._length = np.zeros(1024, dtype=np.float32)
        self._used = 0
        self._dead = 0
        self._slot_of: dict[int, int] = {}
        self.stamps: dict[int, object] = {}
        self._total_length = 0.0

    def __len__(self) -> int:
        return len(self._slot_of)

    def __contains__(self, project_id: int) -> bool:
        return project_id in self._slot_of

    @property
    def ids(self) -> frozenset[int]:
        with self._lock:
            return frozenset(self._slot_of)

    def _grow(self) -> None:
        size = len(self._ids) * 2
        for name in ("_ids", "_alive", "_length"):
            old = getattr(self, name)
            new = np.zeros(size, dtype=old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)

    def put(self, project_id: int, text: str, stamp: object = None) -> None:
        """Index (or re-index) a project's text."""
        counts = term_counts(text)
        with self._lock:
            self._drop(project_id)
            if self._used == len(self._ids):
                self._grow()
            slot = self._used
            self._used += 1
            self._ids[slot] = project_id
            self._alive[slot] = True
            length = float(sum(counts.values()))
            self._length[slot] = length
            self._total_length += length
            self._slot_of[project_id] = slot
            self.stamps[project_id] = stamp
            for term, count in counts.items():
                tid = self._term_ids.get(term)
                if tid is None:
                    tid = self._term_ids[term] = len(self._slots)
                    self._slots.append(array("i"))
                    self._tfs.append(array("B"))
                    self._df.append(0)
                self._slots[tid].append(slot)
                self._tfs[tid].append(min(count, 255))
                self._df[tid] += 1
            if self._dead > 1000 and self._dead * 4 > self._used:
                self.compact()

    def remove(self, project_id: int) -> None:
        with self._lock:
            self._drop(project_id)

    def _drop(self, project_id: int) -> None:
        slot = self._slot_of.pop(project_id, None)
        self.stamps.pop(project_id, None)
        if slot is not None:
            self._alive[slot] = False
            self._total_length -= float(self._length[slot])
            self._dead += 1

    def compact(self) -> None:
        """Drop the postings of dead slots, so that document frequencies are exact again."""
        with self._lock:
            alive = self._alive
            for tid, slots in enumerate(self._slots):
                if not slots:
                    continue
                view = np.frombuffer(slots, dtype=np.int32)
                keep = alive[view]
                if keep.all():
                    continue
                tfs = np.frombuffer(self._tfs[tid], dtype=np.uint8)
                kept_slots, kept_tfs = view[keep].tobytes(), tfs[keep].tobytes()
                del view, tfs
                self._slots[tid] = array("i", kept_slots)
                self._tfs[tid] = array("B", kept_tfs)
                self._df[tid] = len(self._slots[tid])
            self._dead = 0

    def search(self, text: str, limit: int = 10, exclude: Iterable[int] = ()) -> list[Hit]:
        """The projects most similar to a text, best first, with their score (0 to 1).

        Two passes: the query's rarer terms score every project that has them (their postings are
        short); the terms of more than MAX_SHARE of the projects then add to the CANDIDATES best
        only, each looked up in its sorted postings instead of scattered over all of them."""
        counts = term_counts(text)
        if not counts:
            return []
        with self._lock:
            live = len(self._slot_of)
            if not live:
                return []
            average = max(self._total_length / live, 1.0)
            scores = np.zeros(self._used, dtype=np.float32)
            query_length = float(sum(counts.values()))
            best = 1e-9
            common: list[tuple[float, int]] = []
            for term, count in counts.items():
                tid = self._term_ids.get(term)
                df = self._df[tid] if tid is not None else 0
                idf = math.log(1.0 + (live + PRIOR_DOCUMENTS - df + 0.5) / (df + 0.5))
                w = idf**IDF_POWER * weight(term)
                # What the query scores against itself: the scale of the score shown.
                best += w * count * (K1 + 1) / (count + K1 * (1 - B + B * query_length / average))
                if tid is None or df == 0:
                    continue
                if df > MAX_SHARE * (live + PRIOR_DOCUMENTS):
                    common.append((w, tid))
                    continue
                slots = np.frombuffer(self._slots[tid], dtype=np.int32)
                tf = np.frombuffer(self._tfs[tid], dtype=np.uint8).astype(np.float32)
                norm = K1 * (1 - B + B * self._length[slots] / average)
                scores[slots] += w * tf * (K1 + 1) / (tf + norm)
                del slots
            scores *= self._alive[: self._used]
            for project_id in exclude:
                slot = self._slot_of.get(project_id)
                if slot is not None:
                    scores[slot] = 0
            shortlist = min(max(CANDIDATES, limit), self._used)
            candidates = np.argpartition(-scores, shortlist - 1)[:shortlist]
            candidates = np.sort(candidates[scores[candidates] > 0])
            if not len(candidates):
                return []
            for w, tid in common:
                postings = np.frombuffer(self._slots[tid], dtype=np.int32)
                at = np.minimum(np.searchsorted(postings, candidates), len(postings) - 1)
                present = postings[at] == candidates
                found, where = candidates[present], at[present]
                tf = np.frombuffer(self._tfs[tid], dtype=np.uint8)[where].astype(np.float32)
                norm = K1 * (1 - B + B * self._length[found] / average)
                scores[found] += w * tf * (K1 + 1) / (tf + norm)
                del postings
            order = candidates[np.argsort(-scores[candidates], kind="stable")][:limit]
            ids = self._ids
            return [Hit(int(ids[s]), min(1.0, float(scores[s]) / best)) for s in order]

    def memory_bytes(self) -> int:
        """About what the index holds in memory (postings and per-slot arrays, not Python overheads)."""
        with self._lock:
            postings = sum(a.buffer_info()[1] * a.itemsize for a in self._slots) + sum(
                a.buffer_info()[1] for a in self._tfs
            )
            return postings + self._ids.nbytes + self._alive.nbytes + self._length.nbytes


def standing_out(hits: Sequence[Hit]) -> list[Hit]:
    """The hits (best first, as `search` gives them, at least CROWD of them asked) that are very similar."""
    crowd = hits[CROWD - 1].score if len(hits) >= CROWD else 0.0
    return [hit for hit in hits if hit.score >= WARNING_SCORE and hit.score >= STAND_OUT * crowd]


def shared_terms(query: str, text: str) -> set[str]:
    """The terms two texts have in common."""
    return set(term_counts(query)) & set(term_counts(text))


def spans(text: str, terms: Sequence[str] | set[str] | frozenset[str]) -> Iterator[tuple[str, bool]]:
    """The text cut into pieces, each with whether it carries one of the terms (for <mark>)."""
    wanted = set(terms)
    position = 0
    for term in analyze(text):
        if term.term in wanted:
            if term.start > position:
                yield text[position : term.start], False
            yield text[term.start : term.end], True
            position = term.end
    if position < len(text):
        yield text[position:], False
