"""The partner search's reading of a question (decision 58): pure functions, no database.

A member types a question as they would say it, « qui usine des composites ? », "who needs
welders?". The offers store their text normalised (`accord.core.text.normalize`: no accents, no
case); the question is normalised the same way, its grammatical words dropped and each remaining
word cut to a light stem (plural s/x, then one common French or English ending), so that a stem
found inside an offer's text matches its singular, plural and kindred forms: « usine » finds
« usinage », « soudeurs » finds « soudage » and « soudure », "welders" finds "welding".
"""

from __future__ import annotations

from accord.core.text import normalize

#: Words that carry no subject in a question (French and English, accents already removed).
STOP_WORDS = frozenset(
    {
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cette",
        "chez",
        "d",
        "dans",
        "de",
        "des",
        "du",
        "en",
        "est",
        "et",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "l",
        "ma",
        "mes",
        "mon",
        "n",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "quel",
        "quelle",
        "quelles",
        "quels",
        "qui",
        "quoi",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "tes",
        "ton",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
        "cherche",
        "cherchent",
        "recherche",
        "besoin",
        "besoins",
        "offre",
        "offrent",
        "peut",
        "peuvent",
        "fait",
        "font",
        "an",
        "and",
        "are",
        "can",
        "do",
        "does",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "or",
        "our",
        "the",
        "to",
        "what",
        "which",
        "who",
        "whom",
        "with",
        "need",
        "needs",
        "needed",
        "looking",
        "seek",
        "seeks",
        "offer",
        "offers",
    }
)

#: Endings cut once, the longest first, when at least MIN_STEM letters remain.
ENDINGS = (
    "ations",
    "ation",
    "ements",
    "ement",
    "euses",
    "euse",
    "eurs",
    "eur",
    "ures",
    "ure",
    "ages",
    "age",
    "ings",
    "ing",
    "ers",
    "er",
    "es",
    "e",
)
MIN_STEM = 4


def light_stem(word: str) -> str:
    """A normalised word's light stem: "soudeurs" → "soud", "composites" → "composit", "welders" → "weld"."""
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            return word[: -len(ending)]
    return word


def question_terms(question: str) -> list[str]:
    """The distinct stems a question's offers must all contain, the longest (most selective) first."""
    words = {light_stem(word) for word in normalize(question).split() if word not in STOP_WORDS}
    return sorted((w for w in words if w), key=lambda w: (-len(w), w))
