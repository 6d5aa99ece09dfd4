"""Law 25: the collaboration tells the registry what it holds about a person, the links they declared
or ended and the notes they wrote, for the export of their information."""

from __future__ import annotations

import pytest

from accord.collaboration import selectors, services
from accord.registry import personal_data

from .conftest import make_note

pytestmark = pytest.mark.django_db


def test_the_collaboration_declares_what_it_holds_about_people():
    (source,) = [s for s in personal_data.sources() if s.key == "collaboration"]
    assert source.export is selectors.person_personal_data


def test_the_export_holds_the_persons_links_and_notes_and_nobody_elses(program):
    services.end_link(program["declared"], actor=program["coordinator"], reason="Fournisseur fermé")
    make_note(program)
    mine = selectors.person_personal_data(program["coordinator"].person)
    assert [(row["kind"], row["history_change_reason"]) for row in mine["link_changes"]] == [
        ("supplier_customer", "Fournisseur fermé")
    ]
    assert [(row["title_fr"], row["status"]) for row in mine["note_changes"]] == [
        ("Mission commerciale à Boston", "draft"),
        ("Mission commerciale à Boston", "published"),
    ]
    others = selectors.person_personal_data(program["member"].person)
    assert others == {"link_changes": [], "note_changes": []}
