"""The writes: declaring and ending a link (who may, what is refused, nothing lost), and the
experience notes' life (draft, published, withdrawn, published again) with their history."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accord.collaboration import policies, selectors, services
from accord.collaboration.models import CreneauLink, ExperienceNote, NoteStatus
from accord.core.workflow import InvalidTransition

from .conftest import make_note, note_data

pytestmark = pytest.mark.django_db


def french(message: str) -> str:
    with translation.override("fr"):
        return translation.gettext(message)


def _declare(program, actor, source="meuble", target="eolien", **data):
    values = {"kind": "shared_technology", "description_fr": "Les deux sèchent du bois.", **data}
    return services.declare_link(program[source], program[target], actor=actor, **values)


@pytest.mark.parametrize("who", ["ministry", "coordinator", "president"])
def test_the_ministry_and_the_coordinator_or_president_of_either_niche_declare_a_link(program, who):
    link = _declare(program, program[who])
    assert link.declared_by == program[who]
    assert link.declared_at is not None
    assert link.history.get().history_user == program[who]


@pytest.mark.parametrize("who", ["member", "office_in", "stranger", "bois_coordinator", "eolien_member"])
def test_nobody_else_declares_a_link(program, who):
    # bois's coordinator speaks for bois, not for furniture or wind; a plain member speaks for nobody.
    with pytest.raises(PermissionDenied):
        _declare(program, program[who])
    assert not CreneauLink.objects.filter(target=program["eolien"]).exists()


def test_a_coordinator_of_the_other_niche_declares_it_too(program):
    assert _declare(program, program["bois_coordinator"], source="bois", target="eolien").pk


def test_a_niche_is_not_linked_to_itself_and_a_link_is_declared_once(program):
    with pytest.raises(ValidationError):
        _declare(program, program["ministry"], target="meuble")
    _declare(program, program["ministry"])
    with pytest.raises(ValidationError, match=re.escape(french("This link is already declared."))):
        _declare(program, program["ministry"])
    with pytest.raises(ValidationError):
        _declare(program, program["ministry"], description_fr="")
    assert CreneauLink.objects.filter(target=program["eolien"]).count() == 1


def test_a_nul_character_is_refused(program):
    with pytest.raises(ValidationError):
        _declare(program, program["ministry"], description_fr="Bois\x00sec")


def test_ending_a_link_keeps_it_with_who_ended_it_when_and_why(program):
    link = program["declared"]
    with pytest.raises(ValidationError):
        services.end_link(link, actor=program["coordinator"], reason="  ")
    with pytest.raises(PermissionDenied):
        services.end_link(link, actor=program["member"], reason="Plus de lien")
    services.end_link(link, actor=program["coordinator"], reason="Le fournisseur a fermé")
    link.refresh_from_db()
    assert link.ended_at is not None
    assert link.ended_by == program["coordinator"]
    assert link.end_reason == "Le fournisseur a fermé"
    assert CreneauLink.objects.filter(pk=link.pk).exists()
    latest = link.history.first()
    assert (latest.history_user, latest.history_change_reason) == (program["coordinator"], "Le fournisseur a fermé")
    with pytest.raises(InvalidTransition):
        services.end_link(link, actor=program["ministry"], reason="Encore")
    # Ended, it may be declared again.
    again = services.declare_link(
        program["aluminium"],
        program["meuble"],
        actor=program["ministry"],
        kind="supplier_customer",
        description_fr="De retour.",
    )
    assert again.pk != link.pk
    assert len(selectors.link_history(link)) == 2


def test_a_coordinator_writes_a_draft_publishes_it_withdraws_it_and_publishes_it_again(program):
    note = make_note(program, publish=False, projects=[program["joint"]])
    assert note.status == NoteStatus.DRAFT
    assert note.author == program["coordinator"]
    assert list(note.projects.all()) == [program["joint"]]
    services.publish_note(note, actor=program["coordinator"], reason="Prête")
    assert note.status == NoteStatus.PUBLISHED and note.published_at is not None
    with pytest.raises(InvalidTransition):
        services.publish_note(note, actor=program["coordinator"])
    services.withdraw_note(note, actor=program["coordinator"], reason="Chiffres à revoir")
    assert ExperienceNote.objects.get(pk=note.pk).status == NoteStatus.WITHDRAWN
    with pytest.raises(InvalidTransition):
        services.withdraw_note(note, actor=program["coordinator"])
    services.publish_note(note, actor=program["ministry"], reason="Corrigée")
    reasons = [entry.reason for entry in selectors.note_history(note)]
    assert "Chiffres à revoir" in reasons and "Corrigée" in reasons


@pytest.mark.parametrize("who", ["member", "president", "office_in", "bois_coordinator", "stranger"])
def test_only_the_coordinators_of_the_niche_and_the_ministry_write_its_notes(program, who):
    with pytest.raises(PermissionDenied):
        make_note(program, publish=False, actor=program[who])
    note = make_note(program, publish=False)
    with pytest.raises(PermissionDenied):
        services.update_note(note, actor=program[who], data={"title_fr": "Autre"})
    with pytest.raises(PermissionDenied):
        services.publish_note(note, actor=program[who])


def test_a_note_names_only_projects_and_actions_of_its_niche(program):
    from accord.planning.models import Action

    bois_action = Action.objects.get(objective__axis__plan__creneau=program["bois"], title="Action marketing")
    with pytest.raises(ValidationError) as refused:
        make_note(program, publish=False, actions=[bois_action])
    assert "actions" in refused.value.message_dict
    own = Action.objects.get(objective__axis__plan__creneau=program["meuble"], title="Action workforce")
    note = make_note(program, publish=False, actions=[own])
    assert list(note.actions.all()) == [own]
    assert services.update_note(note, actor=program["coordinator"], data={"actions": []}) == ["actions"]
    assert services.update_note(note, actor=program["coordinator"], data=note_data()) == []


def test_a_note_requires_its_french_title_and_what_worked(program):
    with pytest.raises(ValidationError):
        make_note(program, publish=False, title_fr="")
    with pytest.raises(ValidationError):
        make_note(program, publish=False, worked_fr="")
    assert not ExperienceNote.objects.exists()


def test_the_policy_of_declaring_is_the_services(program):
    assert policies.can_declare_link(program["president"], program["meuble"], program["eolien"])
    assert not policies.can_declare_link(program["member"], program["meuble"], program["eolien"])
