"""The similar projects' benchmark (decision 56): its corpus and its measures."""

from __future__ import annotations

from accord.funding import similarity
from bench import similar


def test_the_corpus_is_reproducible_and_plants_each_strength():
    made = similar.corpus(1_000)
    assert made.texts == similar.corpus(1_000).texts
    assert len(made.texts) == 1_000 + similar.NON_DUPLICATES
    strengths = [p.strength for p in made.planted]
    assert {1, 2, 3} == set(strengths) and len(strengths) == 200
    plant = next(p for p in made.planted if p.strength == 1)
    # A light rewording drops the accents of the same sentences.
    assert plant.query != made.texts[plant.original]
    assert plant.query == similar._fold(plant.query)


def test_the_index_finds_light_rewordings_and_reports_its_measures():
    result = similar._engine(similar.corpus(1_000))
    assert result["recall_by_strength"]["1"] >= 0.9
    assert 0 < result["latency_ms_median"] <= result["latency_ms_p95"]
    assert result["queries"] == 200 and result["build_seconds"] > 0


def test_a_table_row_per_method():
    row = {"projects": 1_000, "engine": similar._engine(similar.corpus(1_000)), "trigram": None}
    table = similar.format_rows([row])
    assert "index (BM25 + thesaurus)" in table and "trigram" not in table.split("\n", 2)[2]
    assert similarity.project_text("a", "b") == "a\nb"
