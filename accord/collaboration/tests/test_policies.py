"""Who enters the area, and who reads which experience notes (from today's roles and mandates)."""

from __future__ import annotations

import pytest

from accord.collaboration import policies, selectors, services
from accord.governance.models import Mandate, MandateRole

from .conftest import make_note

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "enters"),
    [
        ("ministry", True),
        ("office_in", True),
        ("office_out", True),
        ("member", True),
        ("coordinator", True),
        ("eolien_member", True),
        ("carrier", False),
        ("stranger", False),
    ],
)
def test_the_area_is_for_staff_and_niche_committee_members(program, who, enters):
    assert policies.can_access_collaboration(program[who]) is enters


@pytest.mark.parametrize(
    ("who", "reads"),
    [
        ("ministry", True),
        ("office_out", True),
        ("bois_member", True),
        ("eolien_member", True),
        ("member", True),
        ("carrier", False),
        ("stranger", False),
    ],
)
def test_a_published_note_is_read_by_every_niches_committee_and_staff(program, who, reads):
    note = make_note(program)
    assert policies.readable_notes(program[who]).filter(pk=note.pk).exists() is reads
    assert policies.visible_notes(program[who]).filter(pk=note.pk).exists() is reads


@pytest.mark.parametrize(
    ("who", "sees"),
    [("coordinator", True), ("ministry", True), ("member", False), ("bois_coordinator", False), ("office_in", False)],
)
def test_a_draft_or_withdrawn_note_is_seen_only_by_those_who_write_it(program, who, sees):
    draft = make_note(program, publish=False)
    withdrawn = make_note(program, title_fr="Autre")
    services.withdraw_note(withdrawn, actor=program["coordinator"], reason="Erreur")
    for note in (draft, withdrawn):
        assert policies.visible_notes(program[who]).filter(pk=note.pk).exists() is sees
        assert not policies.readable_notes(program[who]).filter(pk=note.pk).exists()


def test_a_coordinator_whose_mandate_ended_no_longer_writes_the_note(program):
    import datetime

    note = make_note(program, publish=False)
    assert policies.can_edit_note(program["coordinator"], note)
    Mandate.objects.filter(person=program["coordinator"].person, role=MandateRole.COORDINATOR).update(
        ends_on=datetime.date(2024, 6, 30)
    )
    coordinator = type(program["coordinator"]).objects.get(pk=program["coordinator"].pk)
    assert not policies.can_edit_note(coordinator, note)
    assert not policies.visible_notes(coordinator).filter(pk=note.pk).exists()


def test_the_notes_of_a_project_are_those_its_reader_may_read(program):
    note = make_note(program, projects=[program["joint"]])
    make_note(program, publish=False, title_fr="Brouillon", projects=[program["joint"]])
    assert selectors.notes_for_project(program["joint"], program["bois_member"]) == [note]
    assert selectors.notes_for_project(program["joint"], program["carrier"]) == []


def test_search_finds_a_note_by_its_words_accents_and_case_aside(program):
    note = make_note(program, results_fr="Quatre contrats signés à l'étranger")
    make_note(program, title_fr="Formation des opérateurs", worked_fr="Des vidéos.", results_fr="")
    found = policies.readable_notes(program["bois_member"]).search("ETRANGER contrats")
    assert list(found) == [note]
    assert list(
        policies.readable_notes(program["bois_member"]).search("videos operateurs").values_list("title_fr", flat=True)
    ) == ["Formation des opérateurs"]
