"""A gathering's workshops and their synthesis (decision 53): the synthesis's life as a pure table and
its plain-language refusals; who writes a workshop's notes (its note-taker, not another workshop's; the
event's managers) and who publishes; the notes closed once the synthesis is in review; every step in the
history with who and why; the synthesis sheet gathering each theme's notes workshop after workshop in a
fixed number of queries; the work queue of a note-taker; what the person's export holds."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from accord.core.workflow import InvalidTransition
from accord.events import policies, selectors, services, workflow
from accord.events.models import Synthesis, SynthesisStatus, Workshop, WorkshopNote
from accord.registry import queues

from .conftest import publish

pytestmark = pytest.mark.django_db

D, R, P = SynthesisStatus.DRAFT, SynthesisStatus.REVIEW, SynthesisStatus.PUBLISHED


@pytest.fixture(autouse=True)
def _english():
    """The refusals are read in English here; French is the reference (the last test of the table)."""
    with translation.override("en"):
        yield


# --- The pure table ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "step", "to"),
    [
        (D, workflow.SUBMIT, R),
        (R, workflow.RETURN, D),
        (R, workflow.PUBLISH, P),
        (P, workflow.WITHDRAW, D),
        (D, workflow.EDIT, D),
    ],
)
def test_the_synthesis_moves_draft_review_published_and_back(status, step, to):
    assert workflow.synthesis_target(status, step) == to
    assert workflow.synthesis_allowed(status, step)


@pytest.mark.parametrize(
    ("status", "step", "words"),
    [
        (D, workflow.PUBLISH, "review first"),
        (R, workflow.EDIT, "return it to draft"),
        (P, workflow.EDIT, "withdraw it"),
        (P, workflow.PUBLISH, "already published"),
        (D, workflow.WITHDRAW, "nothing to withdraw"),
        (D, workflow.RETURN, "draft already"),
    ],
)
def test_a_step_the_status_does_not_allow_is_refused_in_plain_language(status, step, words):
    with pytest.raises(InvalidTransition, match=words):
        workflow.synthesis_target(status, step)
    assert not workflow.synthesis_allowed(status, step)


def test_the_refusals_are_in_the_readers_language_french_first():
    with translation.override("fr"), pytest.raises(InvalidTransition, match="relecture"):
        workflow.synthesis_target(D, workflow.PUBLISH)


def test_the_notes_close_once_the_synthesis_leaves_the_draft():
    assert workflow.notes_refusal(D) is None
    assert "in review" in workflow.notes_refusal(R)
    assert "published" in workflow.notes_refusal(P)


def test_a_synthesis_is_sent_only_with_themes_each_with_its_synthesis():
    assert "Add the gathering's themes" in workflow.publish_refusal([], [])
    assert "missing: B" in workflow.publish_refusal(["A", "B"], ["B"])
    assert workflow.publish_refusal(["A"], []) is None


# --- Who writes the notes ------------------------------------------------------------------------


def test_the_note_taker_writes_their_workshops_notes_and_not_another_workshops(cast, gathering):
    a, b = gathering["workshops"]
    theme = gathering["themes"][0]
    assert services.write_notes(a, actor=gathering["taker_a"], texts={theme.pk: "Gestes concrets."}) == [theme.pk]
    with pytest.raises(PermissionDenied):
        services.write_notes(b, actor=gathering["taker_a"], texts={theme.pk: "Pas mon atelier."})
    for stranger in (cast["member"], cast["stranger"], cast["office_out"]):  # the chair does not write them either
        with pytest.raises(PermissionDenied):
            services.write_notes(a, actor=stranger, texts={theme.pk: "Non."})
    assert list(WorkshopNote.objects.values_list("workshop_id", "text")) == [(a.pk, "Gestes concrets.")]
    assert policies.can_write_notes(gathering["taker_a"], a) and not policies.can_write_notes(gathering["taker_a"], b)


def test_the_events_managers_write_any_workshops_notes(cast, gathering):
    _a, b = gathering["workshops"]
    theme = gathering["themes"][1]
    for manager in (cast["coordinator"], cast["office_in"], cast["ministry"]):
        services.write_notes(b, actor=manager, texts={theme.pk: f"Par {manager.email}"})
    note = WorkshopNote.objects.get(workshop=b, theme=theme)
    assert note.text == "Par ministere@example.org"
    assert [h.history_user for h in note.history.order_by("history_date", "history_id")] == [
        cast["coordinator"],
        cast["office_in"],
        cast["ministry"],
    ]


def test_a_replaced_note_taker_may_no_longer_write(cast, gathering):
    a, _b = gathering["workshops"]
    services.save_workshop(
        gathering["event"], actor=cast["coordinator"], workshop=a, data={"note_taker": gathering["taker_b"].person}
    )
    a.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.write_notes(a, actor=gathering["taker_a"], texts={gathering["themes"][0].pk: "Trop tard."})
    services.write_notes(a, actor=gathering["taker_b"], texts={gathering["themes"][0].pk: "À moi."})


def test_notes_name_only_the_gatherings_themes_and_refuse_nul(cast, gathering):
    other = make_gathering_in(cast)
    a = gathering["workshops"][0]
    with pytest.raises(ValidationError):
        services.write_notes(a, actor=gathering["taker_a"], texts={other.pk: "Ailleurs."})
    with pytest.raises(ValidationError) as refused:
        services.write_notes(a, actor=gathering["taker_a"], texts={gathering["themes"][0].pk: "a\x00b"})
    assert "NUL" in str(refused.value)
    assert not WorkshopNote.objects.exists()


def make_gathering_in(cast):
    """A theme of another event."""
    from .conftest import make_event

    event = make_event(cast, title_fr="Autre forum", kind="forum")
    return services.save_theme(event, actor=cast["coordinator"], data={"title_fr": "Autre thème"})


def test_the_notes_close_when_the_synthesis_goes_to_review_and_reopen_when_returned(cast, gathering):
    a = gathering["workshops"][0]
    theme = gathering["themes"][0]
    services.edit_synthesis(
        gathering["event"], actor=cast["coordinator"], introduction="", texts={t.pk: "S" for t in gathering["themes"]}
    )
    services.take_synthesis_step(gathering["event"], "submit", actor=cast["coordinator"])
    with pytest.raises(InvalidTransition, match="in review"):
        services.write_notes(a, actor=gathering["taker_a"], texts={theme.pk: "Trop tard."})
    with pytest.raises(InvalidTransition, match="in review"):
        services.save_theme(gathering["event"], actor=cast["coordinator"], data={"title_fr": "Nouveau thème"})
    services.take_synthesis_step(gathering["event"], "return", actor=cast["coordinator"], reason="Compléter")
    services.write_notes(a, actor=gathering["taker_a"], texts={theme.pk: "Complété."})


def test_a_cancelled_events_workshops_are_kept_as_they_were(cast):
    from accord.events.tests.conftest import open_event

    event = open_event(cast)
    theme = services.save_theme(event, actor=cast["coordinator"], data={"title_fr": "Thème"})
    workshop = services.save_workshop(event, actor=cast["coordinator"], data={"title": "A"})
    services.cancel_event(event, actor=cast["coordinator"], reason="Annulé")
    workshop.refresh_from_db()
    with pytest.raises(InvalidTransition, match="cancelled"):
        services.write_notes(workshop, actor=cast["coordinator"], texts={theme.pk: "x"})


# --- Who publishes; the steps in the history ---------------------------------------------------------


def test_only_the_events_managers_write_and_publish_the_synthesis(cast, gathering):
    event = gathering["event"]
    for outsider in (gathering["taker_a"], cast["member"], cast["office_out"], cast["stranger"]):
        with pytest.raises(PermissionDenied):
            services.edit_synthesis(event, actor=outsider, introduction="Non", texts={})
        with pytest.raises(PermissionDenied):
            services.take_synthesis_step(event, "submit", actor=outsider)
        with pytest.raises(PermissionDenied):
            services.save_theme(event, actor=outsider, data={"title_fr": "Non"})
    publish(gathering, cast["office_in"])
    assert Synthesis.objects.get(event=event).status == P


def test_publishing_is_refused_until_every_theme_has_its_synthesis(cast, gathering):
    event = gathering["event"]
    first, _second = gathering["themes"]
    services.edit_synthesis(event, actor=cast["coordinator"], introduction="Intro", texts={first.pk: "Écrit"})
    with pytest.raises(InvalidTransition, match="La gouvernance"):
        services.take_synthesis_step(event, "submit", actor=cast["coordinator"])
    assert Synthesis.objects.get(event=event).status == D


def test_each_step_is_recorded_with_who_when_and_why_and_a_return_needs_a_reason(cast, gathering):
    event = gathering["event"]
    publish(gathering, cast["coordinator"])
    synthesis = Synthesis.objects.get(event=event)
    assert synthesis.published_at is not None
    with pytest.raises(ValidationError):
        services.take_synthesis_step(event, "withdraw", actor=cast["ministry"], reason="")
    services.take_synthesis_step(event, "withdraw", actor=cast["ministry"], reason="Une erreur de nom")
    synthesis.refresh_from_db()
    assert synthesis.status == D and synthesis.published_at is None
    steps = [
        (h.status, h.history_user, h.history_change_reason)
        for h in synthesis.history.order_by("history_date", "history_id")
    ]
    assert steps[-3:] == [
        (R, cast["coordinator"], ""),
        (P, cast["coordinator"], ""),
        (D, cast["ministry"], "Une erreur de nom"),
    ]


def test_publishing_and_withdrawing_change_the_public_version(cast, gathering):
    from accord.core.public import version

    for workshop in gathering["workshops"]:
        services.write_notes(workshop, actor=cast["coordinator"], texts={gathering["themes"][0].pk: "x"})
    before = version()
    services.edit_synthesis(
        gathering["event"], actor=cast["coordinator"], introduction="", texts={t.pk: "S" for t in gathering["themes"]}
    )
    services.take_synthesis_step(gathering["event"], "submit", actor=cast["coordinator"])
    assert version() == before  # nothing public yet
    services.take_synthesis_step(gathering["event"], "publish", actor=cast["coordinator"])
    assert version() == before + 1
    services.take_synthesis_step(gathering["event"], "withdraw", actor=cast["coordinator"], reason="Revoir")
    assert version() == before + 2


# --- What the pages read ---------------------------------------------------------------------------


def test_the_sheet_gathers_each_themes_notes_workshop_after_workshop_in_three_queries(cast, gathering):
    event = gathering["event"]
    a, b = gathering["workshops"]
    first, second = gathering["themes"]
    services.write_notes(b, actor=gathering["taker_b"], texts={first.pk: "B1", second.pk: "B2"})
    services.write_notes(a, actor=gathering["taker_a"], texts={first.pk: "A1"})
    with CaptureQueriesContext(connection) as few:
        sheet = selectors.synthesis_sheet(event)
    assert [(e.theme.pk, [(w.pk, text) for w, text in e.notes]) for e in sheet] == [
        (first.pk, [(a.pk, "A1"), (b.pk, "B1")]),
        (second.pk, [(a.pk, ""), (b.pk, "B2")]),
    ]
    for n in range(3):
        extra = services.save_workshop(event, actor=cast["coordinator"], data={"title": f"Atelier {n}", "position": 9})
        services.save_theme(event, actor=cast["coordinator"], data={"title_fr": f"Thème {n}", "position": 9})
        services.write_notes(extra, actor=cast["coordinator"], texts={first.pk: f"X{n}"})
    with CaptureQueriesContext(connection) as many:
        sheet = selectors.synthesis_sheet(event)
    assert len(few) == len(many) == 3
    assert [text for _w, text in sheet[0].notes] == ["A1", "B1", "X0", "X1", "X2"]


def test_a_note_taker_finds_their_workshops_in_their_work_queue_until_the_review(cast, gathering):
    found = {q.key: q for q in queues.for_user(gathering["taker_a"])}
    (item,) = found["workshop_notes"].first()
    assert item.url == gathering["workshops"][0].get_absolute_url() and "Atelier A" in item.subject
    assert "workshop_notes" not in {q.key for q in queues.for_user(cast["coordinator"])}
    assert "workshop_notes" not in {q.key for q in queues.for_user(cast["ministry"])}  # no person
    publish(gathering, cast["coordinator"])
    assert "workshop_notes" not in {q.key for q in queues.for_user(gathering["taker_a"])}


def test_the_gathering_is_readable_by_its_people_and_404_to_others(cast, gathering):
    event = gathering["event"]
    for reader in (gathering["taker_a"], gathering["taker_b"], cast["member"], cast["coordinator"], cast["office_in"]):
        assert policies.workshop_events(reader).filter(pk=event.pk).exists(), reader
    for outsider in (cast["stranger"], cast["office_out"]):
        assert not policies.workshop_events(outsider).filter(pk=event.pk).exists()
        assert not policies.visible_workshops(outsider).exists()


def test_the_export_holds_a_persons_workshop_roles_and_the_notes_they_wrote(privacy_client, cast, gathering):
    import json

    from django.urls import reverse

    a = gathering["workshops"][0]
    services.write_notes(a, actor=gathering["taker_a"], texts={gathering["themes"][0].pk: "Mes notes"})
    address = reverse("registry_bo:person_data_json", args=[gathering["taker_a"].person.pk])
    data = json.loads(privacy_client.get(address).content)["sections"]["events"]
    assert [(r["title"], r["note_taker_id"]) for r in data["workshop_roles"]] == [
        ("Atelier A", gathering["taker_a"].person.pk)
    ]
    assert [(n["text"], n["history_type"]) for n in data["workshop_notes_written"]] == [("Mes notes", "+")]
    other = reverse("registry_bo:person_data_json", args=[gathering["taker_b"].person.pk])
    assert json.loads(privacy_client.get(other).content)["sections"]["events"]["workshop_notes_written"] == []


def test_a_workshops_roles_are_people_of_the_registry_found_by_address_or_name(cast):
    from accord.events.forms import PersonField
    from accord.registry.tests.factories import PersonFactory

    field = PersonField()
    anne = PersonFactory(first_name="Anne", last_name="Roy", email="anne.roy@example.org")
    assert field.clean("ANNE.ROY@example.org") == anne
    assert field.clean("anne roy") == anne
    PersonFactory(first_name="Anne", last_name="Roy", email="autre@example.org")
    with pytest.raises(ValidationError, match="email address of the one you mean"):
        field.clean("Anne Roy")
    with pytest.raises(ValidationError, match="Nobody in the registry"):
        field.clean("Personne Inconnue")
    assert field.clean("") is None
    assert Workshop.objects.count() == 0
