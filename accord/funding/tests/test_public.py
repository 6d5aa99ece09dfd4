"""Granted projects on the public site (decision 54): the ministry alone publishes a granted project with
a summary for the public and may remove it, each with who, when and why; a project that is not granted
is refused in plain words; a page that is not published is a 404 to everyone, whatever its number; the
page and the list read in French and English with Canadian formats, in a fixed number of queries, kept
whole under the public version, which publishing, removing and the pipeline's steps bump."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accord.accounts.tests.factories import UserFactory
from accord.core import public
from accord.core.workflow import InvalidTransition
from accord.funding import selectors, services
from accord.funding.models import EventKind, Project, ProjectStatus
from accord.governance.models import MandateRole
from accord.governance.tests.factories import MandateFactory
from accord.registry.tests.factories import CreneauFactory

from .conftest import NBSP, World, client_for, draft, granted, reported, text, to_analysis

pytestmark = pytest.mark.django_db

SUMMARY = "Un atelier de prototypage ouvert aux fabricants de meubles de l'Estrie, financé pour trois ans."
SUMMARY_EN = "A prototyping workshop open to the furniture makers of Estrie, funded for three years."


def publish(world: World, project: Project, **kwargs) -> Project:
    values = {"summary": SUMMARY, "summary_en": SUMMARY_EN, **kwargs}
    return services.publish_project(project, actor=world.ministry, **values)


def closed(world: World, **figures) -> Project:
    """A project granted 40 000 $ (cost 100 000 $), its final report accepted: the results reported."""
    project = reported(world, figures=figures)
    services.close_project(project, actor=world.ministry)
    project.refresh_from_db()
    return project


# --- Who may publish, and what ------------------------------------------------------------------


def test_the_ministry_publishes_a_granted_project_with_who_when_and_why(world):
    project = granted(world)
    before = public.version()
    publish(world, project, reason="Projet phare de la région.")
    project.refresh_from_db()
    assert project.published_at is not None and project.public_summary == SUMMARY
    assert public.version() > before  # in the same transaction: no page kept whole outlives it
    event = project.events.filter(action=EventKind.PUBLISH).get()
    assert event.actor == world.ministry and event.note == "Projet phare de la région."
    version = project.history.first()
    assert version.history_user == world.ministry and version.history_change_reason == "Projet phare de la région."
    # Publishing again changes the summary; the first publication keeps its date.
    first = project.published_at
    publish(world, project, summary="Un atelier partagé de prototypage.")
    project.refresh_from_db()
    assert project.published_at == first and project.public_summary == "Un atelier partagé de prototypage."
    assert project.events.filter(action=EventKind.PUBLISH).count() == 2


def test_a_publication_without_a_note_says_so_in_the_readers_language(world):
    project = granted(world)
    publish(world, project)
    event = project.events.get(action=EventKind.PUBLISH)
    assert event.note == "Publié sur le site public"
    from django.utils import translation

    with translation.override("en"):
        assert event.shown_note == "Published on the public site"


@pytest.mark.parametrize("who", ["office", "carrier_user", "coordinator", "second_ministry"])
def test_only_the_ministry_publishes_and_removes(world, who):
    project = granted(world)
    if who == "coordinator":
        mandate = MandateFactory(committee=world.niche_committee, role=MandateRole.COORDINATOR, voting=False)
        actor = UserFactory(email="coordo@example.org", person=mandate.person)
    else:
        actor = getattr(world, who)
    if who == "second_ministry":  # a second ministry account: the ministry, whoever its agent
        services.publish_project(project, actor=actor, summary=SUMMARY)
        return
    with pytest.raises(PermissionDenied):
        services.publish_project(project, actor=actor, summary=SUMMARY)
    publish(world, project)
    with pytest.raises(PermissionDenied):
        services.unpublish_project(project, actor=actor, reason="Non.")
    project.refresh_from_db()
    assert project.published_at is not None


def test_the_pages_refuse_the_others_with_a_403(world, ministry, office, carrier):
    project = granted(world)
    address = reverse("funding:project_publish", args=[project.pk])
    mandate = MandateFactory(committee=world.niche_committee, role=MandateRole.COORDINATOR, voting=False)
    coordinator = client_for(UserFactory(email="coordo@example.org", person=mandate.person))
    for client in (office, carrier, coordinator):
        assert client.get(address).status_code == 403
        assert client.post(address, {"public_summary": SUMMARY}).status_code == 403
    assert ministry.get(address).status_code == 200
    response = ministry.post(address, {"public_summary": SUMMARY, "public_summary_en": "", "reason": ""})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.published_at is not None
    removal = reverse("funding:project_unpublish", args=[project.pk])
    for client in (office, carrier, coordinator):
        assert client.post(removal, {"reason": "Non."}).status_code == 403
    assert ministry.post(removal, {"reason": "Demande du porteur."}).status_code == 302
    project.refresh_from_db()
    assert project.published_at is None


@pytest.mark.parametrize("state", ["draft", "analysis", "refused", "withdrawn"])
def test_a_project_whose_aid_is_not_granted_is_refused_in_plain_words(world, state):
    if state == "draft":
        project = draft(world)
    else:
        project = to_analysis(world)
        if state == "refused":
            services.refuse_project(project, actor=world.ministry, reason="Hors programme.")
        elif state == "withdrawn":
            services.withdraw_project(project, actor=world.carrier_user, reason="Abandon.")
    with pytest.raises(InvalidTransition) as refusal:
        publish(world, project)
    assert "Seul un projet dont l'aide est accordée peut être publié" in str(refusal.value)
    project.refresh_from_db()
    assert project.published_at is None and not project.public_summary


def test_the_page_says_why_a_project_cannot_be_published(world, ministry):
    project = to_analysis(world)
    response = ministry.get(reverse("funding:project_publish", args=[project.pk]), follow=True)
    assert "Seul un projet dont l'aide est accordée peut être publié" in text(response)
    assert "Analyse du ministère" in text(response)


def test_bad_input_is_refused_and_changes_nothing(world, ministry):
    project = granted(world)
    address = reverse("funding:project_publish", args=[project.pk])
    response = ministry.post(address, {"public_summary": "  ", "public_summary_en": ""})
    assert response.status_code == 400
    response = ministry.post(address, {"public_summary": "Un\x00atelier", "public_summary_en": ""})
    assert response.status_code == 400 and "NUL" in text(response)
    with pytest.raises(ValidationError):
        services.publish_project(project, actor=world.ministry, summary="   ")
    project.refresh_from_db()
    assert project.published_at is None and not project.events.filter(action=EventKind.PUBLISH).exists()
    publish(world, project)
    with pytest.raises(ValidationError):  # a removal says why
        services.unpublish_project(project, actor=world.ministry, reason=" ")


def test_removing_keeps_the_summary_and_records_why(world):
    project = granted(world)
    publish(world, project)
    before = public.version()
    services.unpublish_project(project, actor=world.ministry, reason="Le porteur le demande.")
    project.refresh_from_db()
    assert project.published_at is None and project.public_summary == SUMMARY
    assert public.version() > before
    event = project.events.get(action=EventKind.UNPUBLISH)
    assert event.actor == world.ministry and event.note == "Le porteur le demande."
    with pytest.raises(InvalidTransition):
        services.unpublish_project(project, actor=world.ministry, reason="Encore.")


# --- The public page ------------------------------------------------------------------------------


def test_an_unpublished_project_is_404_to_everyone_whatever_its_number(client, world, ministry, carrier):
    project = granted(world)
    address = reverse("funding_public:project_detail", args=[project.pk])
    for reader in (client, ministry, carrier):
        assert reader.get(address).status_code == 404
    assert client.get(reverse("funding_public:project_detail", args=[project.pk + 1000])).status_code == 404
    other = draft(world)
    assert client.get(reverse("funding_public:project_detail", args=[other.pk])).status_code == 404
    publish(world, project)
    assert client.get(address).status_code == 200
    services.unpublish_project(project, actor=world.ministry, reason="Retiré.")
    assert client.get(address).status_code == 404


def test_a_published_project_withdrawn_after_its_grant_leaves_the_site(client, world):
    project = granted(world)
    publish(world, project)
    address = reverse("funding_public:project_detail", args=[project.pk])
    kept = client.get(address)
    assert kept.status_code == 200
    services.withdraw_project(project, actor=world.carrier_user, reason="Abandon.")
    # The withdrawal bumps the public version: the page kept whole is not served again.
    assert client.get(address, HTTP_IF_NONE_MATCH=kept["ETag"]).status_code == 404
    assert "Atelier de design partagé" not in text(client.get(reverse("funding_public:project_list")))


def test_the_page_says_what_was_financed_in_french_with_canadian_formats(client, world):
    project = granted(world)
    publish(world, project)
    response = client.get(reverse("funding_public:project_detail", args=[project.pk]))
    page = text(response)
    assert "Atelier de design partagé" in page and SUMMARY in page
    assert "Meubles Boréal inc." in page and "Estrie" in page and "Meuble" in page
    assert f"40{NBSP}000,00{NBSP}$" in page  # the aid granted
    assert f"100{NBSP}000,00{NBSP}$" in page  # the total cost
    assert f"2,50{NBSP}$" in page  # the leverage: 100 000 $ for 40 000 $
    assert timezone.localdate(project.granted_at).strftime("%Y") in page
    # Nothing of the file: not the carrier's own summary, its people, its analysis or its documents.
    assert "Un atelier de prototypage ouvert aux fabricants de meubles de la région." not in page
    assert "Rosalie" not in page and "rosalie@boreal.example" not in page
    assert "résultats apparaîtront" in page  # no result before the final report is accepted


def test_the_page_reads_in_english_and_marks_what_stays_french(client, world):
    project = granted(world)
    publish(world, project)
    address = "/en" + reverse("funding_public:project_detail", args=[project.pk])
    page = text(client.get(address))
    assert SUMMARY_EN in page and "$40,000.00" in page and "$100,000.00" in page and "$2.50" in page
    assert '<h1 lang="fr">Atelier de design partagé</h1>' in page
    services.publish_project(project, actor=world.ministry, summary=SUMMARY, summary_en="")
    page = text(client.get(address))
    assert '<p class="lead" lang="fr">' in page and SUMMARY in page and SUMMARY_EN not in page


def test_the_results_show_once_the_final_report_is_accepted(client, world):
    project = reported(world, figures={"actual_jobs": 3, "actual_jobs_kept": 12, "actual_investment": Decimal(25000)})
    publish(world, project)
    address = reverse("funding_public:project_detail", args=[project.pk])
    assert "Emplois créés" not in text(client.get(address))  # under the ministry's review: not shown
    services.close_project(project, actor=world.ministry)
    response = client.get(address)
    page = text(response)
    assert "Emplois créés" in page and "Emplois maintenus" in page and f"25{NBSP}000,00{NBSP}$" in page
    rows = response.context["sheet"].results
    assert {line.figure.key: line.actual for line in rows}["jobs_kept"] == 12


def test_the_page_and_the_list_cost_fixed_queries(client, world, django_assert_num_queries):
    projects = [granted(world, title=f"Projet {n}") for n in range(3)]
    for project in projects:
        publish(world, project)
    address = reverse("funding_public:project_detail", args=[projects[0].pk])
    with django_assert_num_queries(3):  # the public version, the project with its cost, its niches
        assert client.get(address).status_code == 200
    listing = reverse("funding_public:project_list")

    def count():
        # The version, the region asked, the count, the years, the regions, the niches, the page, its niches.
        with django_assert_num_queries(8):
            return client.get(listing, {"region": "05"})  # a new address: not kept yet

    assert count().context["page"].paginator.count == 3
    for n in range(3, 8):
        publish(world, granted(world, title=f"Projet {n}", requested="20000"))
    assert count().context["page"].paginator.count == 8
    with django_assert_num_queries(1):  # the version; the page kept whole
        client.get(listing, {"region": "05"})


def test_the_list_narrows_by_region_niche_and_year(client, world, monteregie):
    project = granted(world)
    publish(world, project)
    listing = reverse("funding_public:project_list")
    year = timezone.localdate(project.granted_at).year

    def found(**params):
        return [p.pk for p in client.get(listing, params).context["page"]]

    assert found() == [project.pk]
    assert found(region="05", creneau="meuble", year=year) == [project.pk]
    assert found(region="16") == [] and found(year=year - 1) == []
    CreneauFactory(slug="aero")
    assert found(creneau="aero") == []
    # Unknown: nothing, not a 500 ("00": no region has it; the factories' codes run from 20 to 99).
    assert found(creneau="inexistant") == [] and found(region="00") == []
    assert found(year="abc") == [project.pk]  # not a year: left aside


def test_publishing_changes_the_pages_kept_whole(client, world):
    project = granted(world)
    listing = reverse("funding_public:project_list")
    before = client.get(listing)
    assert client.get(listing, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304
    publish(world, project)
    after = client.get(listing, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and "Atelier de design partagé" in text(after)
    assert "public" in after["Cache-Control"] and after["ETag"] != before["ETag"]


def test_the_niches_fiche_and_the_regions_page_list_the_published_projects(client, world):
    project = granted(world)
    granted(world, title="Pas publié")
    publish(world, project)
    fiche = client.get(world.creneau.get_absolute_url())
    section = next(s for s in fiche.context["showcase"] if s.title == "Projets financés")
    assert [e.title for e in section.entries] == ["Atelier de design partagé"]
    assert section.entries[0].url == project.get_public_url() and "?creneau=meuble" in section.more_url
    region = client.get(reverse("registry:region_detail", args=["05"]))
    assert "Atelier de design partagé" in text(region) and "Pas publié" not in text(region)


def test_the_api_gives_the_published_projects_to_anyone(client, world):
    project = granted(world)
    granted(world, title="Pas publié")
    publish(world, project)
    response = client.get("/api/v1/public-projects/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == [project.pk]
    row = rows[0]
    assert row["summary"] == SUMMARY_EN and row["summary_fr"] == SUMMARY and row["carrier"] == "Meubles Boréal inc."
    assert row["region"] == "05" and row["creneaux"] == ["meuble"] and row["granted_amount"] == "40000.00"
    assert row["url"].endswith(project.get_public_url())
    year = timezone.localdate(project.granted_at).year
    assert client.get("/api/v1/public-projects/", {"year": year - 1}).json()["results"] == []
    assert client.get("/api/v1/public-projects/", {"creneau": "inexistant"}).status_code == 400
    other = Project.objects.exclude(pk=project.pk).get()
    assert client.get(f"/api/v1/public-projects/{other.pk}/").status_code == 404
    assert client.post("/api/v1/public-projects/", {}).status_code in (403, 405)


def test_the_sitemap_lists_the_published_projects(client, world):
    project = granted(world)
    hidden = granted(world, title="Pas publié")
    publish(world, project)
    index = client.get(reverse("sitemap")).content.decode()
    assert "sitemap-projects.xml" in index and "sitemap-results.xml" in index
    section = client.get(reverse("sitemap_section", args=["projects"])).content.decode()
    assert project.get_public_url() in section and f"/projets/{hidden.pk}/" not in section
    assert f"/en/projets/{project.pk}/" in section


def test_the_workflow_step_is_open_from_the_grant_on(world):
    from accord.funding import workflow

    for status in (ProjectStatus.GRANTED, ProjectStatus.AGREEMENT_SIGNED, ProjectStatus.FINAL_REPORT):
        assert workflow.publication_refusal(status) == ""
    assert workflow.publication_refusal(ProjectStatus.CLOSED) == ""
    for status in (ProjectStatus.DRAFT, ProjectStatus.ANALYSIS, ProjectStatus.REFUSED, ProjectStatus.WITHDRAWN):
        assert workflow.publication_refusal(status)


def test_the_database_refuses_a_publication_without_its_summary(world):
    from django.db import IntegrityError, transaction

    project = granted(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(published_at=timezone.now(), public_summary="")


def test_a_selector_reads_the_sheet_in_two_queries(world, django_assert_num_queries):
    project = closed(world, actual_jobs_kept=5)
    publish(world, project)
    with django_assert_num_queries(2):
        sheet = selectors.public_sheet(project.pk)
    assert sheet.cost == Decimal("100000.00") and sheet.aid == Decimal("40000.00")
    assert sheet.leverage == Decimal("2.50")
    assert selectors.public_sheet(project.pk + 1) is None
