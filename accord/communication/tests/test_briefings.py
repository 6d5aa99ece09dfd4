"""Members-only information (decision 52): who reads it (the members of the niches it targets, their
committees, staff in scope; everyone else a 404 on its page and on its document), each download a
row of its own, who writes it (whoever writes for every niche it targets), its steps and history, the
downloads' list and export, the API, both languages, and queries that do not grow with the rows."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accord.communication import policies, selectors, services, workflow
from accord.communication.models import Briefing, BriefingDownload, BriefingStatus
from accord.core.models import PersonalDataAccess
from accord.core.workflow import InvalidTransition
from accord.planning import policies as planning

from .conftest import make_briefing, pdf

pytestmark = pytest.mark.django_db


def fr_reverse(name, args):
    """The French address (a request in English leaves English active in the test's thread)."""
    with translation.override("fr"):
        return reverse(name, args=args)


def page_url(briefing):
    return fr_reverse("communication:briefing_detail", [briefing.pk])


def file_url(briefing):
    return fr_reverse("communication:briefing_file", [briefing.pk])


def bo(name, *args):
    return fr_reverse(f"communication_bo:{name}", list(args))


# --- Who reads ------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["affiliate", "member", "coordinator", "office_in", "ministry"])
def test_the_niches_members_its_committee_and_staff_in_scope_read_it_and_download_its_document(
    client, cast, affiliate, who
):
    briefing = make_briefing(cast)
    user = affiliate if who == "affiliate" else cast[who]
    client.force_login(user)
    page = client.get(page_url(briefing))
    assert page.status_code == 200
    assert "mobilier de bureau" in page.content.decode()
    download = client.get(file_url(briefing))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert 'filename="appel.pdf"' in download["Content-Disposition"]
    assert list(BriefingDownload.objects.values_list("user", "briefing")) == [(user.pk, briefing.pk)]


@pytest.mark.parametrize("who", ["anonymous", "stranger", "office_out"])
def test_a_non_member_gets_a_404_on_its_page_and_its_document_and_nothing_is_recorded(client, cast, who):
    briefing = make_briefing(cast)
    if who != "anonymous":
        client.force_login(cast[who])
    assert client.get(page_url(briefing)).status_code == 404
    assert client.get(file_url(briefing)).status_code == 404
    assert not BriefingDownload.objects.exists()


def test_a_member_of_one_niche_cannot_guess_another_niches_item_nor_its_document(client, cast, affiliate, other_niche):
    ours = make_briefing(cast)
    theirs = make_briefing(cast, cast["ministry"], creneaux=[other_niche], title_fr="Étude de marché")
    client.force_login(affiliate)
    assert client.get(page_url(ours)).status_code == 200
    assert client.get(page_url(theirs)).status_code == 404
    assert client.get(file_url(theirs)).status_code == 404
    assert client.get(reverse("communication:briefing_detail", args=[theirs.pk + 1000])).status_code == 404
    listed = client.get(reverse("communication:briefing_list")).context["page"]
    assert [b.pk for b in listed] == [ours.pk]


def test_the_document_has_no_address_of_its_own(client, cast, affiliate):
    """Stored under an unguessable folder, and never served under MEDIA_URL: only the view gives it."""
    briefing = make_briefing(cast)
    name = briefing.file.name
    assert name.startswith("briefings/") and name.endswith("/appel.pdf") and len(name.split("/")[1]) >= 16
    client.force_login(affiliate)
    assert client.get("/media/" + name).status_code == 404
    page = client.get(page_url(briefing)).content.decode()
    assert name not in page and file_url(briefing) in page


def test_a_draft_or_withdrawn_item_is_a_404_to_members(client, cast, affiliate):
    draft = make_briefing(cast, publish=False)
    withdrawn = make_briefing(cast, title_fr="Retirée")
    services.withdraw_briefing(withdrawn, actor=cast["coordinator"], reason="Erreur")
    client.force_login(affiliate)
    for briefing in (draft, withdrawn):
        assert client.get(page_url(briefing)).status_code == 404
        assert client.get(file_url(briefing)).status_code == 404
    assert client.get(reverse("communication:briefing_list")).context["page"].paginator.count == 0


def test_the_members_area_signs_in_first_then_refuses_who_is_a_member_of_no_niche(client, cast):
    area = reverse("communication:briefing_list")
    response = client.get(area)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    client.force_login(cast["stranger"])
    assert client.get(area).status_code == 403
    assert client.post(area).status_code == 405


def test_each_download_is_a_row_of_its_own(client, cast, affiliate):
    briefing = make_briefing(cast)
    client.force_login(affiliate)
    for _ in range(3):
        assert client.get(file_url(briefing)).status_code == 200
    client.force_login(cast["member"])
    client.get(file_url(briefing))
    downloads = list(BriefingDownload.objects.order_by("pk").values_list("user_id", flat=True))
    assert downloads == [affiliate.pk] * 3 + [cast["member"].pk]


def test_an_item_without_a_document_has_no_download(client, cast, affiliate):
    briefing = make_briefing(cast, file=None)
    client.force_login(affiliate)
    assert client.get(file_url(briefing)).status_code == 404
    assert not BriefingDownload.objects.exists()


def test_the_service_refuses_a_download_to_who_may_not_read_it(cast, affiliate):
    briefing = make_briefing(cast)
    with pytest.raises(PermissionDenied):
        services.record_download(briefing, user=cast["office_out"])
    services.record_download(briefing, user=affiliate)
    assert BriefingDownload.objects.count() == 1


def test_the_members_of_a_niche_are_plannings_member_creneaux(cast, affiliate, other_niche):
    """One set of members per niche (planning.policies.member_creneaux): the events' members-only events
    and the members-only information share it."""
    assert planning.member_creneaux(affiliate) == frozenset({cast["creneau"].pk})
    assert planning.member_creneaux(cast["office_out"]) == frozenset({other_niche.pk})
    assert planning.member_creneaux(cast["stranger"]) == frozenset()
    assert policies.can_read_member_information(affiliate)
    assert not policies.can_read_member_information(cast["stranger"])


# --- Who writes -----------------------------------------------------------------------------------


def test_an_editor_writes_only_for_niches_they_write_for(cast, other_niche):
    with pytest.raises(ValidationError) as refused:
        make_briefing(cast, cast["coordinator"], creneaux=[cast["creneau"], other_niche])
    assert "creneaux" in refused.value.message_dict
    with pytest.raises(ValidationError):
        make_briefing(cast, cast["office_in"], creneaux=[other_niche])
    with pytest.raises(ValidationError):
        make_briefing(cast, cast["ministry"], creneaux=[])
    with pytest.raises(PermissionDenied):
        make_briefing(cast, cast["member"])  # a committee member reads, does not write
    assert not Briefing.objects.exists()
    assert make_briefing(cast, cast["office_in"]).creneaux.get() == cast["creneau"]


def test_who_covers_only_some_of_its_niches_reads_it_in_the_back_office_and_may_not_change_it(
    client, cast, other_niche
):
    both = make_briefing(cast, cast["ministry"], creneaux=[cast["creneau"], other_niche])
    assert not policies.can_edit_briefing(cast["coordinator"], both)
    assert policies.can_edit_briefing(cast["ministry"], both)
    with pytest.raises(PermissionDenied):
        services.withdraw_briefing(both, actor=cast["office_in"])
    client.force_login(cast["coordinator"])
    assert client.get(bo("briefing_detail", both.pk)).status_code == 200
    assert client.get(bo("briefing_edit", both.pk)).status_code == 403
    assert client.post(bo("briefing_withdraw", both.pk)).status_code == 403
    assert client.get(bo("briefing_downloads", both.pk)).status_code == 403
    client.force_login(cast["office_out"])  # writes for the Montérégie niche only: reads it, may not change it
    assert client.get(bo("briefing_detail", both.pk)).status_code == 200
    assert client.get(bo("briefing_edit", both.pk)).status_code == 403
    assert Briefing.objects.get().status == BriefingStatus.PUBLISHED


def test_an_editor_out_of_scope_gets_a_404_in_the_back_office(client, cast):
    briefing = make_briefing(cast)
    client.force_login(cast["office_out"])
    for name in ("briefing_detail", "briefing_edit", "briefing_history", "briefing_downloads", "briefing_publish"):
        assert client.get(bo(name, briefing.pk)).status_code == 404, name
    assert [b.pk for b in client.get(bo("briefing_list")).context["page"]] == []


def test_a_closing_date_belongs_to_an_opportunity_only(cast):
    with pytest.raises(ValidationError) as refused:
        make_briefing(cast, kind="study", closes_on=timezone.localdate())
    assert "closes_on" in refused.value.message_dict
    study = make_briefing(cast, kind="study", closes_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Briefing.objects.filter(pk=study.pk).update(closes_on=timezone.localdate())


def test_an_opportunity_past_its_date_shows_closed_and_the_filter_keeps_the_open_ones(client, cast, affiliate):
    today = timezone.localdate()
    open_one = make_briefing(cast, title_fr="Ouvert")
    closed = make_briefing(cast, title_fr="Fermé", closes_on=today - datetime.timedelta(days=1))
    make_briefing(cast, kind="practice", title_fr="Pratique", closes_on=None)
    client.force_login(affiliate)
    html = client.get(page_url(closed)).content.decode()
    assert "Fermé" in html and "Fermée" in html  # the badge, in French
    assert "Fermée" not in client.get(page_url(open_one)).content.decode()
    area = reverse("communication:briefing_list")
    assert [b.title_fr for b in client.get(area, {"opportunities": "open"}).context["page"]] == ["Ouvert"]
    assert [b.title_fr for b in client.get(area, {"opportunities": "closed"}).context["page"]] == ["Fermé"]
    assert [b.title_fr for b in client.get(area, {"kind": "practice"}).context["page"]] == ["Pratique"]
    assert client.get(area, {"q": "ferme"}).context["page"].paginator.count == 1  # accents aside


def test_publish_withdraw_and_publish_again_each_in_the_history(cast):
    briefing = make_briefing(cast, publish=False)
    with pytest.raises(InvalidTransition):
        services.withdraw_briefing(briefing, actor=cast["coordinator"])
    services.publish_briefing(briefing, actor=cast["coordinator"], reason="Diffusion")
    with pytest.raises(InvalidTransition):
        services.publish_briefing(briefing, actor=cast["coordinator"])
    services.withdraw_briefing(briefing, actor=cast["office_in"], reason="Périmée")
    services.publish_briefing(briefing, actor=cast["ministry"], reason="Corrigée")
    entries = selectors.briefing_history(briefing)
    reasons = [entry.reason for entry in entries]
    assert reasons[:3] == ["Corrigée", "Périmée", "Diffusion"]
    assert workflow.briefing_target("draft", "publish") == "published"


def test_changing_its_niches_is_in_its_history_and_an_author_has_no_power_of_their_own(cast, other_niche):
    briefing = make_briefing(cast, cast["coordinator"])
    services.update_briefing(
        briefing, actor=cast["ministry"], data={"creneaux": [cast["creneau"], other_niche]}, reason="Élargie"
    )
    assert {c.pk for c in briefing.creneaux.all()} == {cast["creneau"].pk, other_niche.pk}
    assert "Élargie" in [entry.reason for entry in selectors.briefing_history(briefing)]
    with pytest.raises(PermissionDenied):  # its author no longer writes for every niche it targets
        services.update_briefing(briefing, actor=cast["coordinator"], data={"title_fr": "Autre"})


def test_a_nul_character_is_refused_and_nothing_saved(client, cast):
    client.force_login(cast["coordinator"])
    response = client.post(
        bo("briefing_create"),
        {"kind": "study", "title_fr": "Étude\x00", "summary_fr": "Tendances", "creneaux": [cast["creneau"].pk]},
    )
    assert response.status_code == 400
    assert "title_fr" in response.context["form"].errors
    assert not Briefing.objects.exists()


def test_the_coordinator_writes_and_publishes_through_the_pages(client, cast, affiliate):
    client.force_login(cast["coordinator"])
    response = client.post(
        bo("briefing_create"),
        {
            "kind": "study",
            "title_fr": "Tendances du design",
            "summary_fr": "Les matériaux d'avenir.",
            "creneaux": [cast["creneau"].pk],
            "file": pdf("tendances.pdf"),
            "reason": "Veille",
        },
    )
    briefing = Briefing.objects.get()
    assert response.status_code == 302 and response["Location"] == bo("briefing_detail", briefing.pk)
    assert briefing.author == cast["coordinator"] and briefing.status == "draft"
    assert client.post(bo("briefing_publish", briefing.pk), {"reason": "Aux membres"}).status_code == 302
    client.force_login(affiliate)
    assert client.get(page_url(briefing)).status_code == 200


# --- Who downloaded what -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_its_editors_see_who_downloaded_it_and_export_it_each_view_logged(client, cast, affiliate, kind):
    briefing = make_briefing(cast)
    services.record_download(briefing, user=affiliate)
    services.record_download(briefing, user=affiliate)
    client.force_login(cast["coordinator"])
    page = client.get(bo("briefing_downloads", briefing.pk))
    assert page.status_code == 200
    assert page.content.decode().count("employe@example.org") == 2
    exported = client.get(bo("briefing_downloads", briefing.pk), {"_export": kind})
    assert exported.status_code == 200
    if kind == "csv":
        assert exported.content.decode("utf-8-sig").count("employe@example.org") == 2
    logs = list(PersonalDataAccess.objects.order_by("pk").values_list("action", "rows"))
    assert [action for action, _rows in logs] == ["view", "list_export"] and logs[1][1] == 2


def test_a_persons_export_lists_their_downloads_and_what_they_wrote(cast, affiliate):
    briefing = make_briefing(cast)
    services.record_download(briefing, user=affiliate)
    data = selectors.person_personal_data(affiliate.person)
    assert [row["briefing_id"] for row in data["downloads"]] == [briefing.pk]
    written = selectors.person_personal_data(cast["coordinator"].person)["members_information_changes"]
    assert [(row["id"], row["history_type"]) for row in written][:2] == [(briefing.pk, "+"), (briefing.pk, "~")]


# --- Queries, languages, the menu ---------------------------------------------------------------------


def test_the_members_pages_queries_do_not_grow_with_the_rows(client, cast, affiliate, other_niche):
    make_briefing(cast)
    client.force_login(affiliate)
    area = reverse("communication:briefing_list")
    with CaptureQueriesContext(connection) as few:
        assert client.get(area).status_code == 200
    for n in range(6):
        make_briefing(cast, cast["ministry"], creneaux=[cast["creneau"], other_niche], title_fr=f"Étude {n}")
    with CaptureQueriesContext(connection) as many:
        listed = client.get(area).context["page"]
    assert listed.paginator.count == 7
    assert len(many) == len(few)
    briefing = Briefing.objects.latest("pk")
    with CaptureQueriesContext(connection) as detail:
        assert client.get(page_url(briefing)).status_code == 200
    latest = make_briefing(cast, cast["ministry"], creneaux=[cast["creneau"], other_niche], title_fr="Encore")
    with CaptureQueriesContext(connection) as again:
        client.get(page_url(latest))
    assert len(again) == len(detail)
    client.force_login(cast["ministry"])
    client.get(bo("briefing_list"))
    with CaptureQueriesContext(connection) as bo_few:
        client.get(bo("briefing_list"))
    make_briefing(cast, cast["ministry"], title_fr="Une de plus")
    with CaptureQueriesContext(connection) as bo_many:
        client.get(bo("briefing_list"))
    assert len(bo_many) == len(bo_few)


def test_each_page_costs_a_fixed_number_of_queries(client, cast, affiliate, django_assert_num_queries):
    """The session's user, their roles and mandates (scope_for, niche_roles), what the page reads; the
    members' niches once per request (planning.member_creneaux), the menu's answer once too."""
    briefing = make_briefing(cast)
    services.record_download(briefing, user=affiliate)
    client.force_login(affiliate)
    member_pages = [
        # + the gate's membership, the niches, the count, the page, its niches, the header's affiliations,
        # the filter's niches
        (reverse("communication:briefing_list"), 10),
        # + the niches, the item, its niches, the header's affiliations, the menu's membership
        (page_url(briefing), 8),
        # + the niches, the item, its niches, the service's check again, the download's row
        (file_url(briefing), 8),
        # + the gate's membership, the niches, the count, the page, its niches
        ("/api/v1/member-information/", 8),
    ]
    client.force_login(cast["coordinator"])
    editor_pages = [
        # + the count, the page with its downloads' counts, its niches, the menus' questions
        (bo("briefing_list"), 9),
        (bo("briefing_detail", briefing.pk), 10),
        # + the editor's power, the access log's row, the count, the page
        (bo("briefing_downloads", briefing.pk), 12),
    ]
    for user, pages in ((affiliate, member_pages), (cast["coordinator"], editor_pages)):
        client.force_login(user)
        for address, queries in pages:
            client.get(address)  # the session's first read
            with django_assert_num_queries(queries):
                assert client.get(address).status_code == 200


def test_english_readers_see_the_french_text_marked_as_french_when_there_is_no_english(client, cast, affiliate):
    briefing = make_briefing(cast, title_en="", summary_en="")
    client.force_login(affiliate)
    french = client.get(page_url(briefing)).content.decode()
    assert "Appel d&#x27;offres</span>" in french and "Télécharger le document" in french  # the kind and the button
    english = client.get("/en" + page_url(briefing)).content.decode()
    assert '<h1 lang="fr">Appel d&#x27;offres : mobilier de bureau</h1>' in english
    assert "Call for tenders</span>" in english and "Download the document" in english
    translated = make_briefing(cast)
    assert "Call for tenders: office furniture" in client.get("/en" + page_url(translated)).content.decode()


def test_the_menu_links_the_members_area_for_its_readers_only(client, cast, affiliate):
    area = reverse("communication:briefing_list")
    client.force_login(affiliate)
    assert f'href="{area}"' in client.get(reverse("accounts:account")).content.decode()
    client.force_login(cast["stranger"])
    assert f'href="{area}"' not in client.get(reverse("accounts:account")).content.decode()


# --- The API ------------------------------------------------------------------------------------------


def test_the_api_gives_a_member_their_niches_items_and_404_for_others(client, cast, affiliate, other_niche):
    ours = make_briefing(cast)
    theirs = make_briefing(cast, cast["ministry"], creneaux=[other_niche])
    client.force_login(affiliate)
    listed = client.get("/api/v1/member-information/").json()
    assert [row["id"] for row in listed["results"]] == [ours.pk]
    row = listed["results"][0]
    assert row["creneaux"] == [cast["creneau"].slug] and row["closed"] is False
    assert row["file"].endswith(file_url(ours))
    assert client.get(f"/api/v1/member-information/{theirs.pk}/").status_code == 404
    assert client.get("/api/v1/member-information/", {"kind": "study"}).json()["results"] == []
    client.force_login(cast["stranger"])
    assert client.get("/api/v1/member-information/").status_code == 403
    client.logout()
    assert client.get(f"/api/v1/member-information/{ours.pk}/").status_code in (401, 403)


def test_the_api_lists_in_a_fixed_number_of_queries(client, cast, affiliate, other_niche):
    make_briefing(cast)
    client.force_login(affiliate)
    client.get("/api/v1/member-information/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/member-information/")
    for n in range(5):
        make_briefing(cast, cast["ministry"], creneaux=[cast["creneau"], other_niche], title_fr=f"Étude {n}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/member-information/").json()["results"]) == 6
    assert len(many) == len(few)
