from hypothesis import given
from hypothesis import strategies as st

from accord.core.text import build_search_text, normalize, search_terms


def test_normalize_strips_accents_case_and_punctuation():
    assert normalize("Éolien – Gaspésie-Îles-de-la-Madeleine") == "eolien gaspesie iles de la madeleine"


def test_normalize_expands_ligatures():
    assert normalize("Main-d'Œuvre") == "main d oeuvre"


def test_search_terms_are_distinct_and_longest_first():
    assert search_terms("  Bois  bois BOIS feuillu ") == ["feuillu", "bois"]


def test_search_terms_of_punctuation_only_is_empty():
    assert search_terms(" -- ' ") == []


def test_build_search_text_skips_empty_parts():
    assert build_search_text(["Café", None, "", "Québec"]) == "cafe quebec"


@given(st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))))
def test_normalize_is_idempotent_and_ascii_lowercase(text):
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.lower()
    assert all(ch.isascii() for ch in once)


@given(st.sampled_from(["é", "è", "ê", "ë", "É", "à", "ç", "Ç", "ô", "î"]), st.text(alphabet="abcdef", min_size=1))
def test_an_accented_word_is_found_by_its_plain_spelling(accent, rest):
    word = accent + rest
    assert normalize(rest) in normalize(word)
