"""A gathering's pages (decision 53): the workshops page, themes and workshops added with their three
roles, a workshop's notes page (one text area per theme, without JavaScript) for its note-taker only,
the synthesis editor beside each theme's notes and its steps; the synthesis on the event's public page
and as a PDF once published, a members-only event's a 404 to others; refusals (302, 403, 404, 405), NUL
refused, and queries that do not grow with the workshops and themes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accord.events import services
from accord.events.models import Synthesis, Theme, Workshop, WorkshopNote

from .conftest import make_gathering, publish

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"events:{name}", args=args)


def public(name, *args, lang=""):
    address = reverse(f"events_public:{name}", args=args)
    return f"/en{address}" if lang == "en" else address


def test_the_manager_adds_a_theme_and_a_workshop_with_its_three_roles(client, cast, gathering):
    from accord.registry.tests.factories import PersonFactory

    event = gathering["event"]
    chair = PersonFactory(first_name="Paul", last_name="Président", email="president@example.org")
    client.force_login(cast["coordinator"])
    page = client.get(url("gathering", event.pk)).content.decode()
    assert "La mobilisation" in page and "Atelier A" in page and url("theme_create", event.pk) in page
    response = client.post(url("theme_create", event.pk), {"position": "3", "title_fr": "La communication"})
    assert response.status_code == 302
    response = client.post(
        url("workshop_create", event.pk),
        {
            "position": "3",
            "title": "Atelier C",
            "place": "Salle 3",
            "starts_at": "09:00",
            "chair": "PRESIDENT@example.org",
            "facilitator": f"{cast['member'].person.first_name} {cast['member'].person.last_name}",
            "note_taker": gathering["taker_a"].person.email,
        },
    )
    assert response.status_code == 302, response.content.decode()
    workshop = Workshop.objects.get(title="Atelier C")
    assert (workshop.chair, workshop.facilitator, workshop.note_taker) == (
        chair,
        cast["member"].person,
        gathering["taker_a"].person,
    )
    assert workshop.history.first().history_user == cast["coordinator"]
    # An unknown person is refused on the field, nothing saved.
    response = client.post(url("workshop_create", event.pk), {"position": "4", "title": "D", "chair": "nobody@x.org"})
    assert response.status_code == 400 and not Workshop.objects.filter(title="D").exists()


def test_a_nul_character_is_refused_with_a_clear_message(client, cast, gathering):
    event = gathering["event"]
    client.force_login(cast["coordinator"])
    response = client.post(url("theme_create", event.pk), {"position": "3", "title_fr": "Com\x00munication"})
    assert response.status_code == 400 and "(NUL)" in response.content.decode()
    assert Theme.objects.filter(event=event).count() == 2
    theme = gathering["themes"][0]
    client.force_login(gathering["taker_a"])
    response = client.post(url("workshop_notes", gathering["workshops"][0].pk), {f"theme_{theme.pk}": "a\x00b"})
    assert response.status_code == 400 and "(NUL)" in response.content.decode()
    assert not WorkshopNote.objects.exists()


def test_the_note_taker_writes_the_notes_one_text_area_per_theme(client, cast, gathering):
    a, b = gathering["workshops"]
    first, second = gathering["themes"]
    client.force_login(gathering["taker_a"])
    page = client.get(url("workshop_notes", a.pk)).content.decode()
    assert f'name="theme_{first.pk}"' in page and f'name="theme_{second.pk}"' in page and "<textarea" in page
    response = client.post(
        url("workshop_notes", a.pk), {f"theme_{first.pk}": "Gestes concrets.\n\nDeuxième paragraphe.", "reason": ""}
    )
    assert response.status_code == 302
    assert WorkshopNote.objects.get(workshop=a, theme=first).text == "Gestes concrets.\n\nDeuxième paragraphe."
    # Another workshop's notes: read, not written.
    assert client.get(url("workshop_notes", b.pk)).status_code == 200
    assert client.post(url("workshop_notes", b.pk), {f"theme_{first.pk}": "Non"}).status_code == 403
    assert not WorkshopNote.objects.filter(workshop=b).exists()


def test_the_chair_reads_the_notes_and_others_are_refused(client, cast, gathering):
    a = gathering["workshops"][0]
    theme = gathering["themes"][0]
    services.write_notes(a, actor=gathering["taker_a"], texts={theme.pk: "Premier paragraphe."})
    address = url("workshop_notes", a.pk)
    assert client.get(address).status_code == 302  # to sign in
    client.force_login(cast["member"])  # the chair
    page = client.get(address).content.decode()
    assert "<p>Premier paragraphe.</p>" in page and "<textarea" not in page
    assert client.post(address, {f"theme_{theme.pk}": "Non"}).status_code == 403
    client.force_login(cast["stranger"])  # neither in the events area nor in the registry
    assert client.get(address).status_code == 403
    from accord.accounts.tests.factories import UserFactory
    from accord.registry.tests.factories import PersonFactory

    elsewhere = UserFactory(email="ailleurs@example.org", person=PersonFactory())  # in the registry, not here
    for outsider in (elsewhere, cast["office_out"]):
        client.force_login(outsider)
        assert client.get(address).status_code == 404
        assert client.get(url("gathering", gathering["event"].pk)).status_code == 404
        assert client.get(url("synthesis", gathering["event"].pk)).status_code == 404
    client.force_login(gathering["taker_a"])
    assert client.put(address).status_code == 405
    assert client.post(url("gathering", gathering["event"].pk)).status_code == 405
    # A note-taker reads the gathering, but does not change it nor take the synthesis's steps.
    assert client.get(url("gathering", gathering["event"].pk)).status_code == 200
    for step in ("theme_create", "workshop_create", "synthesis_submit", "synthesis_publish"):
        assert client.get(url(step, gathering["event"].pk)).status_code == 403, step
    assert client.post(url("synthesis", gathering["event"].pk), {"introduction": "Non"}).status_code == 403


def test_the_editor_writes_the_synthesis_beside_each_themes_notes_and_publishes_it(client, cast, gathering):
    event = gathering["event"]
    a, b = gathering["workshops"]
    first, second = gathering["themes"]
    services.write_notes(a, actor=gathering["taker_a"], texts={first.pk: "Notes de A"})
    services.write_notes(b, actor=gathering["taker_b"], texts={first.pk: "Notes de B"})
    client.force_login(cast["coordinator"])
    page = client.get(url("synthesis", event.pk)).content.decode()
    section = page[page.index(f'id="theme-{first.pk}"') : page.index(f'id="theme-{second.pk}"')]
    assert section.index("Notes de A") < section.index("Notes de B") < section.index(f'name="theme_{first.pk}"')
    data = {"introduction": "Trois ateliers.", f"theme_{first.pk}": "Mobiliser.", f"theme_{second.pk}": "Gouverner."}
    assert client.post(url("synthesis", event.pk), data).status_code == 302
    assert client.post(url("synthesis_publish", event.pk)).status_code == 302  # refused: not reviewed
    assert Synthesis.objects.get(event=event).status == "draft"
    assert client.post(url("synthesis_submit", event.pk), {"reason": ""}).status_code == 302
    assert client.post(url("synthesis_return", event.pk), {"reason": ""}).status_code == 400  # why, first
    assert client.post(url("synthesis_publish", event.pk), {"reason": "Relu"}).status_code == 302
    synthesis = Synthesis.objects.get(event=event)
    assert synthesis.status == "published" and synthesis.history.first().history_change_reason == "Relu"
    page = client.get(url("synthesis", event.pk)).content.decode()
    assert "<textarea" not in page and url("synthesis_withdraw", event.pk) in page


def test_the_public_reads_only_a_published_synthesis_in_both_languages(client, cast, gathering):
    event = gathering["event"]
    services.edit_synthesis(
        event,
        actor=cast["coordinator"],
        introduction="Brouillon",
        texts={t.pk: "Brouillon" for t in gathering["themes"]},
    )
    assert "Brouillon" not in client.get(public("event_detail", event.pk)).content.decode()
    assert client.get(public("synthesis_pdf", event.pk)).status_code == 404
    services.take_synthesis_step(event, "submit", actor=cast["coordinator"])
    assert "Brouillon" not in client.get(public("event_detail", event.pk)).content.decode()  # in review
    services.take_synthesis_step(event, "return", actor=cast["coordinator"], reason="Reprendre")
    publish(gathering, cast["coordinator"])
    page = client.get(public("event_detail", event.pk)).content.decode()
    assert "Trois ateliers parallèles." in page and "Synthèse de La mobilisation" in page
    assert page.index("1. La mobilisation") < page.index("2. La gouvernance")
    english = client.get(public("event_detail", event.pk, lang="en")).content.decode()
    assert "Synthesis of the workshops" in english and "1. Mobilisation" in english
    assert '<h3 lang="fr">2. La gouvernance</h3>' in english  # no English title: the French one, marked
    assert '<div lang="fr"><p>Synthèse de La mobilisation</p></div>' in english


def test_the_synthesis_is_a_pdf_once_published(client, cast, gathering):
    publish(gathering, cast["coordinator"])
    response = client.get(public("synthesis_pdf", gathering["event"].pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "synthese-grand-rendez-vous" in response["Content-Disposition"]


def test_a_members_only_events_synthesis_is_a_404_to_others(client, cast, affiliate):
    members_only = make_gathering(cast, audience="members")
    publish(members_only, cast["coordinator"])
    event = members_only["event"]
    for who in (None, cast["stranger"], cast["office_out"]):
        if who:
            client.force_login(who)
        assert client.get(public("event_detail", event.pk)).status_code == 404
        assert client.get(public("synthesis_pdf", event.pk)).status_code == 404
    client.force_login(affiliate)  # works for a member organisation of the niche
    assert "Trois ateliers parallèles." in client.get(public("event_detail", event.pk)).content.decode()


def test_the_pages_cost_the_same_queries_whatever_the_number_of_workshops_and_themes(client, cast):
    gathering = make_gathering(cast)
    event = gathering["event"]

    def counts():
        found = {}
        for who, address in (
            (cast["coordinator"], url("gathering", event.pk)),
            (cast["coordinator"], url("synthesis", event.pk)),
            (gathering["taker_a"], url("workshop_notes", gathering["workshops"][0].pk)),
            (cast["member"], public("event_detail", event.pk)),
        ):
            client.force_login(who)
            client.get(address)  # the session and content types, once
            with CaptureQueriesContext(connection) as captured:
                assert client.get(address).status_code == 200
            found[address] = len(captured)
        return found

    for workshop in gathering["workshops"]:
        services.write_notes(workshop, actor=cast["coordinator"], texts={gathering["themes"][0].pk: "x"})
    few = counts()
    for n in range(3):
        services.save_theme(event, actor=cast["coordinator"], data={"title_fr": f"Thème {n}", "position": 5})
        extra = services.save_workshop(event, actor=cast["coordinator"], data={"title": f"Atelier {n}"})
        services.write_notes(extra, actor=cast["coordinator"], texts={gathering["themes"][0].pk: "y"})
    assert counts() == few
    # The workshops page, the synthesis editor, a workshop's notes, the event's public page. The notes
    # page's note-taker has no staff role nor seat: the menu asks once whether they have a members'
    # area (communication.policies.can_read_member_information).
    assert list(few.values()) == [10, 12, 9, 7], few
    # Published: the event's page reads the synthesis and its themes, a fixed number still.
    services.edit_synthesis(
        event,
        actor=cast["coordinator"],
        introduction="",
        texts={t.pk: "S" for t in Theme.objects.filter(event=event)},
    )
    services.take_synthesis_step(event, "submit", actor=cast["coordinator"])
    services.take_synthesis_step(event, "publish", actor=cast["coordinator"])
    client.force_login(cast["member"])
    with CaptureQueriesContext(connection) as published:
        assert client.get(public("event_detail", event.pk)).status_code == 200
    assert len(published) == few[public("event_detail", event.pk)] + 1


def test_the_events_list_links_a_forums_workshops(client, cast, gathering):
    client.force_login(cast["coordinator"])
    page = client.get(url("creneau_events", cast["creneau"].pk), {"year": 2025}).content.decode()
    assert url("gathering", gathering["event"].pk) in page


def test_the_manager_renames_a_theme_and_hands_a_workshops_notes_to_another_note_taker(client, cast, gathering):
    theme = gathering["themes"][1]
    a = gathering["workshops"][0]
    client.force_login(cast["coordinator"])
    form = client.get(url("workshop_edit", a.pk)).content.decode()
    assert f'value="{gathering["taker_a"].person.email}"' in form  # the roles shown as typed
    response = client.post(
        url("theme_edit", theme.pk), {"position": "2", "title_fr": "La gouvernance", "title_en": "Governance"}
    )
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.title_en == "Governance"
    # Two themes of one title: refused on the form, nothing saved.
    response = client.post(url("theme_create", gathering["event"].pk), {"position": "3", "title_fr": "La gouvernance"})
    assert response.status_code == 400 and Theme.objects.filter(event=gathering["event"]).count() == 2
    response = client.post(
        url("workshop_edit", a.pk),
        {
            "position": "1",
            "title": "Atelier A",
            "chair": cast["member"].person.email,
            "note_taker": gathering["taker_b"].person.email,
            "reason": "Remplacement",
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.note_taker == gathering["taker_b"].person and a.history.first().history_change_reason == "Remplacement"
    client.force_login(gathering["taker_a"])  # replaced: no role left in the gathering, it is out of sight
    assert client.post(url("workshop_notes", a.pk), {f"theme_{theme.pk}": "Non"}).status_code == 404
