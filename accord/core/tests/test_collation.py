"""French ordering of names in Python (the key SQLite's collation uses)."""

from accord.core.collation import compare, sort_key


def test_accented_capitals_sort_with_their_letter():
    names = ["Valorisation du bois", "Équipements de transport", "Éolien", "Agroalimentaire", "Zinc"]
    assert sorted(names, key=sort_key) == [
        "Agroalimentaire",
        "Éolien",
        "Équipements de transport",
        "Valorisation du bois",
        "Zinc",
    ]


def test_case_does_not_put_capitals_first():
    assert sorted(["AMETVS", "Albany", "alpha"], key=sort_key) == ["Albany", "alpha", "AMETVS"]


def test_accents_then_case_break_ties_and_different_names_never_compare_equal():
    assert sorted(["été", "Ete", "ete", "Été"], key=sort_key) == ["ete", "Ete", "été", "Été"]
    assert compare("Éolien", "Éolien") == 0
    assert compare("eolien", "Éolien") < 0 < compare("Éolien", "eolien")
    assert compare(None, "a") < 0


def test_ligatures_sort_as_two_letters():
    assert sorted(["Ovins", "Œuvres", "Oeufs"], key=sort_key) == ["Oeufs", "Œuvres", "Ovins"]
