"""The collaboration's demo (decision 57): the seed's examples as links between créneaux, the declared
ones (aluminium supplies the transport equipment) beside those read from the other apps' demo (the
transport and furniture interregional committees, the merger that created the microelectronics
créneau); published experience notes; loading it again adds nothing."""

import pytest

from accord.accounts.models import User
from accord.collaboration import selectors
from accord.collaboration.models import CreneauLink, ExperienceNote, NoteStatus
from accord.registry.models import Creneau

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]


def _kinds(slug: str, other: str) -> list[str]:
    reader = User.objects.get(email="admin@demo.accord.example")
    creneau = Creneau.objects.get(slug=slug)
    for edge in selectors.creneau_links(creneau, reader):
        if edge.b.slug == other:
            return edge.kinds
    return []


def test_the_seeds_examples_are_links(demo):
    assert "supplier_customer" in _kinds("transformation-de-l-aluminium", "equipements-de-transport")
    assert "committee" in _kinds("equipements-de-transport", "materiel-de-transport-estrie")
    assert "committee" in _kinds("meuble-centre-du-quebec", "meuble-mauricie")
    assert "merger" in _kinds("micro-nano-technologies", "microelectronique-de-pointe-estrie")
    assert CreneauLink.objects.current().count() == 3


def test_the_notes_are_published(demo):
    assert ExperienceNote.objects.filter(status=NoteStatus.PUBLISHED).count() == 2


def test_loading_the_demo_again_adds_no_link_nor_note(demo):
    for label in ("collaboration.CreneauLink", "collaboration.ExperienceNote"):
        assert demo.first[label] == demo.second[label]
