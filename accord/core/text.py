"""Text normalisation for accent- and case-insensitive search.

Searching has to behave the same on SQLite (the embedded default) and PostgreSQL, so we
do not rely on the database's collation or on the `unaccent` extension: each searchable
row stores a normalised copy of its text (`search_text`) and queries are normalised the
same way. On PostgreSQL a trigram index makes `LIKE '%term%'` on that column fast.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Ligatures that NFKD does not decompose but that people type as two letters.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces: "Éolien – Gaspésie" → "eolien gaspesie"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.casefold()).strip()


def search_terms(query: str) -> list[str]:
    """The distinct normalised words of a query, longest first (the most selective first)."""
    words = set(normalize(query).split())
    return sorted(words, key=lambda w: (-len(w), w))


def build_search_text(parts: Iterable[object]) -> str:
    """Join the normalised non-empty parts into one searchable string."""
    return " ".join(normalize(str(p)) for p in parts if p not in (None, ""))


_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def header_text(value: str) -> str:
    """Text safe for an email header (a subject): line breaks become spaces.

    Titles and names refuse CR/LF when they are entered; this guards rows written before
    that rule, so a subject never carries a header of its own or fails to send.
    """
    return _LINE_BREAKS.sub(" ", str(value)).strip()
