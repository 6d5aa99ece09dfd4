"""The project pages: the pipeline list, the project form and its guide check, the project page, its PDF and history."""

import csv
import datetime
import io
import re
import zlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accord.funding import selectors, services
from accord.funding.models import (
    Project,
    ProjectCost,
    ProjectDocument,
    ProjectStatus,
)
from accord.governance import services as governance
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory

from .conftest import (
    add_period,
    attachment,
    committee_with_members,
    content,
    decide,
    draft,
    signed,
    text,
    to_analysis,
)

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(f"funding:{name}", args=args)


def pdf_title(content):
    """The title in a PDF's metadata (WeasyPrint writes it, UTF-16, in a compressed object stream)."""
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            data = zlib.decompress(stream)
        except zlib.error:
            continue
        found = re.search(rb"/Title <([0-9a-f]+)>", data)
        if found:
            return bytes.fromhex(found.group(1).decode()).decode("utf-16")
    return ""


def form_data(world, **overrides):
    """The project form as a browser posts it: 100,000 $ of costs, 40,000 $ asked, the rest own funds."""
    data = {
        "title": "Atelier de design partagé",
        "summary": "Un atelier de prototypage ouvert aux fabricants de meubles.",
        "objectives": "Réduire le temps de conception.",
        "plan_action": "",
        "carrier": world.carrier.pk,
        "region": world.region.pk,
        "period": world.period.pk,
        "creneaux": [world.creneau.pk],
        "starts_on": "2025-01-01",
        "ends_on": "2026-06-30",
        "requested_amount": "40000",
        "expected_jobs": "4",
        "expected_investment": "60000",
        "expected_sales": "0",
        "expected_companies": "12",
        "costs-TOTAL_FORMS": "4",
        "costs-INITIAL_FORMS": "0",
        "costs-0-category": "equipment",
        "costs-0-description": "Presse numérique",
        "costs-0-amount": "60000",
        "costs-1-category": "fees",
        "costs-1-description": "Design",
        "costs-1-amount": "40000",
        "financing-TOTAL_FORMS": "3",
        "financing-INITIAL_FORMS": "0",
        "financing-0-source": "own",
        "financing-0-funder": "",
        "financing-0-amount": "60000",
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organisation": world.partner.name,
        "partners-0-role": "Formation",
    }
    data.update(overrides)
    return data


# --- Access ----------------------------------------------------------------------------------------


def project_urls(project):
    return [
        url("project_detail", project.pk),
        url("project_edit", project.pk),
        url("project_pdf", project.pk),
        url("project_history", project.pk),
        url("project_withdraw", project.pk),
        url("project_return", project.pk),
        url("project_grant", project.pk),
        url("project_document_add", project.pk),
        url("project_report", project.pk),
    ]


def test_anonymous_visitors_sign_in_first(client, world):
    project = draft(world)
    for address in [url("project_list"), url("project_create"), *project_urls(project)]:
        response = client.get(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("accounts:login")), address


def test_people_with_no_part_in_the_fund_get_403(outsider_client, world):
    project = draft(world)
    for address in [url("project_list"), url("project_create"), *project_urls(project)]:
        assert outsider_client.get(address).status_code == 403, address


def test_the_carrier_of_another_organisation_does_not_see_the_project(stranger, world):
    project = draft(world)
    document = services.attach_document(project, actor=world.carrier_user, title="Plan", file=attachment())
    for address in [*project_urls(project), url("project_document", project.pk, document.pk)]:
        assert stranger.get(address).status_code == 404, address
    for address in [url("project_submit", project.pk), url("project_close", project.pk)]:
        assert stranger.post(address).status_code == 404, address
    assert project.number not in text(stranger.get(url("project_list")))
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_a_committee_member_reads_but_does_not_write(member, world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    assert member.get(url("project_detail", project.pk)).status_code == 200
    assert member.get(url("project_edit", project.pk)).status_code == 403
    assert member.post(url("project_withdraw", project.pk), {"reason": "Non"}).status_code == 403
    assert member.get(url("project_create")).status_code == 403


# --- The list -----------------------------------------------------------------------------------


def test_the_list_shows_the_pipeline_with_its_columns(ministry, world):
    project = to_analysis(world)
    response = ministry.get(url("project_list"))
    assert response.status_code == 200
    page = text(response)
    for expected in (project.number, "Atelier de design partagé", "Meubles Boréal inc.", "05", "Furniture"):
        assert expected in page
    assert "Ministry analysis" in page
    assert "$40,000.00" in page
    assert url("project_detail", project.pk) in page


def test_the_list_in_french_formats_money_the_quebec_way(ministry, world):
    draft(world)
    page = text(ministry.get(url("project_list", language="fr")))
    assert "40\xa0000,00\xa0$" in page
    with translation.override("fr"):
        assert f"<td>{ProjectStatus.DRAFT.label}</td>" in page


def test_the_list_filters_and_searches_without_accents(ministry, world, monteregie):
    first = draft(world, title="Atelier de prototypage")
    second = draft(world, title="Vitrine numérique")
    services.submit_project(second, actor=world.carrier_user)

    def numbers(**params):
        return {n for n in (first.number, second.number) if n in text(ministry.get(url("project_list"), params))}

    assert numbers() == {first.number, second.number}
    assert numbers(q="numerique") == {second.number}
    assert numbers(q="VITRINE num") == {second.number}
    assert numbers(status="draft") == {first.number}
    assert numbers(status="submitted") == {second.number}
    assert numbers(region="05") == {first.number, second.number}
    assert numbers(region="16") == set()
    assert numbers(period="2024-2029") == {first.number, second.number}
    assert numbers(creneau="meuble") == {first.number, second.number}
    assert numbers(carrier="boreal") == {first.number, second.number}
    assert numbers(carrier="cegep") == set()


def test_the_list_exports_the_filtered_rows(ministry, world):
    project = draft(world)
    draft(world, title="Autre projet")
    response = ministry.get(url("project_list"), {"q": "design", "_export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Number", "Title", "Carrier", "Region", "Niches", "Status", "Aid requested", "Aid granted"]
    assert rows[1][:5] == [project.number, "Atelier de design partagé", "Meubles Boréal inc.", "05", "Furniture"]
    assert rows[1][6] == "40000.00"
    assert len(rows) == 2
    excel = ministry.get(url("project_list"), {"_export": "xlsx"})
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_carrier_lists_only_its_projects(carrier, stranger, world):
    project = draft(world)
    assert project.number in text(carrier.get(url("project_list")))
    assert project.number not in text(stranger.get(url("project_list")))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # The user, their roles, the count, the rows, their niches, the choices of the filters
        # (regions, periods, niches), and the niche filtered on.
        ({}, 8),
        ({"creneau": "meuble", "q": "atelier"}, 9),
    ],
)
def test_the_list_query_count_does_not_grow_with_rows(ministry, world, django_assert_num_queries, params, expected):
    draft(world)
    ministry.get(url("project_list"))  # the session is warm
    with django_assert_num_queries(expected):
        assert ministry.get(url("project_list"), params).status_code == 200
    for title in ("Deux", "Trois", "Quatre", "Cinq"):
        draft(world, title=f"Atelier {title}")
    with django_assert_num_queries(expected):
        response = ministry.get(url("project_list"), params)
    assert text(response).count("FSDCE-05-") >= 5


def test_the_menu_follows_each_readers_powers_and_page(carrier, ministry, world):
    def menu(client, name):
        page = client.get(url(name)).content.decode()
        return page[page.index('<nav class="bo-nav"') : page.index("</nav>", page.index('<nav class="bo-nav"'))]

    ministry_menu = menu(ministry, "project_list")
    assert url("envelope_list") in ministry_menu and url("period_list") in ministry_menu
    assert f'href="{url("project_list")}" aria-current="page"' in ministry_menu
    # The carrier reads the same page after the ministry: its menu is its own.
    carrier_menu = menu(carrier, "project_list")
    assert url("project_list") in carrier_menu and url("envelope_list") not in carrier_menu
    assert f'href="{url("envelope_list")}" aria-current="page"' in menu(ministry, "envelope_list")
    # The fund's dashboard is the current page, not the back office's.
    assert menu(ministry, "dashboard").count('aria-current="page"') == 1


def test_the_filters_choices_follow_the_program_and_the_registry(ministry, world):
    draft(world)
    page = text(ministry.get(url("project_list")))
    assert 'value="meuble"' in page and "2029-2034" not in page
    add_period(world.ministry, "2029-2034")
    world.creneau.name_en = "Fine furniture"
    world.creneau.save()
    page = text(ministry.get(url("project_list")))
    assert 'value="2029-2034"' in page and "Fine furniture" in page
    response = ministry.get(url("project_list"), {"creneau": "nope"})
    assert "Select a valid choice" in text(response)
    assert "FSDCE-05-" not in text(response)


def test_the_filter_bar_shows_the_chosen_filters_in_the_readers_language(ministry, world, monteregie):
    def bar(response):
        page = response.content.decode()
        return page[
            page.index('<section class="filters"') : page.index("</section>", page.index('<section class="filters"'))
        ]

    draft(world)
    first = bar(ministry.get(url("project_list"), {"region": "05", "status": "draft"}))
    assert 'value="05" selected' in first and 'value="draft" selected' in first
    assert "All statuses" in first
    assert 'value="16" selected' in bar(ministry.get(url("project_list"), {"region": "16"}))
    french = bar(ministry.get(url("project_list", language="fr"), {"region": "05", "status": "draft"}))
    assert "Tous les statuts" in french
    # An unknown region is a message on the bar, and no rows.
    refused = ministry.get(url("project_list"), {"region": "nope"})
    assert "Select a valid choice" in text(refused) and "FSDCE-05-" not in text(refused)


def test_the_niche_filter_lists_niches_by_name_in_the_readers_language(ministry, world):
    CreneauFactory(slug="bois", name_fr="Bois d'œuvre", name_en="Wood products", regions=[world.region])
    CreneauFactory(slug="eau", name_fr="Écotechnologies de l'eau", name_en="Clean water", regions=[world.region])

    def niches(language):
        page = ministry.get(url("project_list", language=language), {"region": "05"}).content.decode()
        select = page[page.index('name="creneau"') : page.index("</select>", page.index('name="creneau"'))]
        return re.findall(r'<option value="(\w+)"', select)

    # Meuble, with the accent of Écotechnologies set aside; Clean water, Furniture, Wood in English.
    assert niches("fr") == ["bois", "eau", "meuble"]
    assert niches("en") == ["eau", "meuble", "bois"]


def test_the_list_query_count_for_a_carrier(carrier, world, django_assert_num_queries):
    draft(world)
    carrier.get(url("project_list"))
    with CaptureQueriesContext(connection) as few:
        carrier.get(url("project_list"))
    for title in ("Deux", "Trois", "Quatre"):
        draft(world, title=title)
    with django_assert_num_queries(len(few.captured_queries)):
        assert carrier.get(url("project_list")).status_code == 200


# --- The project form ------------------------------------------------------------------------------


def test_the_new_project_form_offers_the_users_carriers(carrier, world):
    response = carrier.get(url("project_create"))
    assert response.status_code == 200
    page = text(response)
    assert "Meubles Boréal inc." in page
    assert 'name="costs-TOTAL_FORMS"' in page
    assert url("project_check") in page


def test_a_carrier_creates_a_project_with_its_lines(carrier, world):
    response = carrier.post(url("project_create"), form_data(world))
    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("project_detail", project.pk)
    assert (project.status, project.carrier, project.created_by) == (
        ProjectStatus.DRAFT,
        world.carrier,
        world.carrier_user,
    )
    assert project.requested_amount == Decimal("40000.00")
    assert list(project.costs.values_list("category", "amount")) == [
        ("equipment", Decimal("60000.00")),
        ("fees", Decimal("40000.00")),
    ]
    assert list(project.financing.values_list("source", "amount")) == [("own", Decimal("60000.00"))]
    assert list(project.partner_links.values_list("organisation__name", "role")) == [
        ("Cégep de Victoriaville", "Formation")
    ]
    assert list(project.creneaux.all()) == [world.creneau]
    assert project.events.get().action == "create"


def test_a_draft_may_break_the_guide_and_is_saved_with_a_warning(carrier, world):
    data = form_data(world, requested_amount="60000", **{"financing-0-amount": "40000"})
    response = carrier.post(url("project_create"), data, follow=True)
    project = Project.objects.get()
    assert project.requested_amount == Decimal("60000.00")
    assert project.status == ProjectStatus.DRAFT
    assert "the fund guide would refuse it" in text(response)
    assert "The aid is at most 40" in text(response)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"costs-0-amount": "-5"}, "costs-0-amount"),
        ({"ends_on": "2024-12-31"}, "ends_on"),
        ({"title": "Atelier\x00"}, "title"),
        ({"costs-2-description": "Ligne sans montant"}, "costs-2-category"),
        ({"partners-1-organisation": "Organisation inconnue"}, "partners-1-organisation"),
        ({"creneaux": []}, "creneaux"),
    ],
)
def test_bad_input_saves_nothing_and_says_why(carrier, world, overrides, field):
    response = carrier.post(url("project_create"), form_data(world, **overrides))
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in text(response) or f'href="#id_{field}"' in text(response)
    assert not Project.objects.exists()
    assert not ProjectCost.objects.exists()


def test_a_nul_character_is_refused_with_the_projects_message(carrier, world):
    response = carrier.post(url("project_create"), form_data(world, summary="Un\x00atelier"))
    assert response.status_code == 400
    assert "invisible control character (NUL)" in text(response)
    assert not Project.objects.exists()


def test_a_service_refusal_shows_on_the_form(carrier, world, monteregie):
    response = carrier.post(url("project_create"), form_data(world, region=monteregie.pk))
    assert response.status_code == 400
    assert "funds projects of its own niches only" in text(response)
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "of the eligible costs, that is $40,000.00: lower the aid or add eligible costs."),
        ("fr", "40\xa0000,00\xa0$"),
    ],
)
def test_the_check_names_the_rate_problem_in_the_users_language(carrier, world, language, message):
    data = form_data(world, requested_amount="60000")
    response = carrier.post(url("project_check", language=language), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith('<section id="guide-check"')
    assert message in page
    assert "<html" not in page
    assert not Project.objects.exists()


def test_the_check_gives_the_most_aid_the_rules_allow(carrier, world):
    page = text(carrier.post(url("project_check"), form_data(world)))
    assert "No problem found so far" in page
    assert "$40,000.00" in page  # 40 % of 100,000 $
    assert "$100,000.00" in page


def test_the_check_waits_for_a_carrier(carrier, world):
    page = text(carrier.post(url("project_check"), form_data(world, carrier="")))
    assert "Choose the carrier" in page


def test_without_javascript_the_check_button_shows_the_verdict_and_saves_nothing(carrier, world):
    data = form_data(world, requested_amount="60000", check="1")
    response = carrier.post(url("project_create"), data)
    assert response.status_code == 200
    assert "The aid is at most 40" in text(response)
    assert "<html" in text(response)
    assert not Project.objects.exists()


def test_a_new_draft_starts_with_the_carriers_region_and_the_open_period(carrier, world):
    page = text(carrier.get(url("project_create")))
    assert f'<option value="{world.carrier.pk}" selected>' in page
    assert f'<option value="{world.region.pk}" selected>' in page
    assert f'<option value="{world.period.pk}" selected>' in page


def test_an_ineligible_cost_shows_in_the_check_as_information(carrier, world):
    data = form_data(
        world,
        **{"costs-2-category": "buildings", "costs-2-amount": "50000", "financing-0-amount": "110000"},
    )
    page = text(carrier.post(url("project_check"), data))
    assert "No problem found so far" in page
    assert 'class="guide-notes"' in page and "count in the project's cost but not in the aid" in page


def test_without_javascript_add_a_line_shows_the_form_with_one_more_line(carrier, world):
    response = carrier.post(url("project_create"), form_data(world, add_line="costs"))
    assert response.status_code == 200
    page = text(response)
    assert 'name="costs-TOTAL_FORMS" value="5"' in page
    assert 'name="costs-4-category"' in page and 'name="costs-5-category"' not in page
    assert 'value="Presse numérique"' in page  # what was typed stays
    assert not Project.objects.exists()


def test_add_a_line_fetches_one_empty_line_and_the_tables_new_count(carrier, world):
    response = carrier.get(url("project_line", "financing"), {"financing-TOTAL_FORMS": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = text(response)
    assert page.lstrip().startswith("<tr>") and "<html" not in page
    assert 'name="financing-3-source"' in page and 'name="financing-3-DELETE"' in page
    assert "Source, line 4" in page
    assert 'id="id_financing-TOTAL_FORMS" hx-swap-oob="true"' in page and 'value="4"' in page


def test_add_a_line_for_an_edited_project_is_for_those_who_may_edit_it(carrier, stranger, member, world):
    project = draft(world)
    address = url("project_line", "costs")
    query = {"project": project.pk, "costs-TOTAL_FORMS": "2"}
    assert carrier.get(address, query).status_code == 200
    assert stranger.get(address, query).status_code == 404
    services.submit_project(project, actor=world.carrier_user)  # the committee's members now see it
    assert member.get(address, query).status_code == 403


def test_add_a_line_refuses_the_wrong_people_methods_and_tables(client, outsider_client, carrier, world):
    address = url("project_line", "costs")
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert outsider_client.get(address).status_code == 403
    assert carrier.post(address).status_code == 405
    assert carrier.get(url("project_line", "secrets")).status_code == 404
    # A count out of reach is brought back within the table's maximum.
    page = text(carrier.get(address, {"costs-TOTAL_FORMS": "99999999"}))
    assert 'name="costs-199-category"' in page


def suggestions_for(client, typed, field="partners-0-organisation"):
    return client.get(url("partner_options"), {"field": field, field: typed}, HTTP_HX_REQUEST="true")


def test_a_partner_field_suggests_organisations_of_the_registry(carrier, world):
    page = text(carrier.get(url("project_create")))
    assert 'role="combobox"' in page and 'aria-controls="id_partners-0-organisation-options"' in page
    response = suggestions_for(carrier, "cegep victo")  # accents and case aside, words in any order
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert 'role="option" id="id_partners-0-organisation-options-1" data-value="Cégep de Victoriaville"' in page
    assert "Cégep de Victoriaville (Victoriaville)" in page or "Cégep de Victoriaville (" in page


def test_a_suggestion_shared_by_two_organisations_is_given_by_its_neq(carrier, world):
    OrganisationFactory(name="Usinage Alpha inc.", neq="1111111111", region=world.region)
    OrganisationFactory(name="Usinage Alpha inc.", neq="2222222222", region=world.region)
    page = text(suggestions_for(carrier, "usinage"))
    assert 'data-value="1111111111"' in page and 'data-value="2222222222"' in page


def test_suggestions_wait_for_two_letters_and_say_when_nothing_matches(carrier, world):
    assert 'role="option"' not in text(suggestions_for(carrier, "c"))
    assert "No organisation of the registry matches." in text(suggestions_for(carrier, "zzzz"))
    # Only a partner field is read.
    assert 'role="option"' not in text(suggestions_for(carrier, "cegep", field="title"))


def test_suggestions_are_a_fixed_number_of_queries(carrier, world, django_assert_max_num_queries):
    for number in range(15):
        OrganisationFactory(name=f"Usinage {number} inc.", region=world.region)
    with django_assert_max_num_queries(8):
        page = text(suggestions_for(carrier, "usinage"))
    assert page.count('role="option"') == 10


def test_suggestions_refuse_the_wrong_people_and_methods(client, outsider_client, carrier, world):
    address = url("partner_options")
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert outsider_client.get(address).status_code == 403
    assert carrier.post(address).status_code == 405


def test_a_ticked_remove_box_takes_the_line_out(carrier, world):
    project = draft(world)
    data = form_data(
        world,
        **{
            "costs-TOTAL_FORMS": "3",
            "costs-INITIAL_FORMS": "2",
            "costs-1-DELETE": "on",
            "financing-0-amount": "20000",
        },
    )
    del data["carrier"]
    data["project"] = project.pk
    # The check reads the budget without the removed line: 60,000 $ of costs.
    assert "$60,000.00" in text(carrier.post(url("project_check"), data))
    response = carrier.post(url("project_edit", project.pk), data)
    assert response.status_code == 302
    assert list(project.costs.values_list("category", "amount")) == [("equipment", Decimal("60000.00"))]


def test_a_removed_line_is_not_checked_for_completeness(carrier, world):
    data = form_data(world, **{"costs-2-description": "Ligne abandonnée", "costs-2-DELETE": "on"})
    response = carrier.post(url("project_create"), data)
    assert response.status_code == 302
    assert Project.objects.get().costs.count() == 2


def test_the_carrier_edits_a_draft_and_its_lines(carrier, world):
    project = draft(world)
    page = text(carrier.get(url("project_edit", project.pk)))
    assert "Presse numérique" in page and 'value="Cégep de Victoriaville"' in page
    data = form_data(
        world,
        title="Atelier agrandi",
        **{
            "costs-TOTAL_FORMS": "6",
            "costs-INITIAL_FORMS": "2",
            "costs-1-category": "",
            "costs-1-description": "",
            "costs-1-amount": "",
            "costs-2-category": "training",
            "costs-2-amount": "40000",
        },
    )
    del data["carrier"]
    data["project"] = project.pk
    response = carrier.post(url("project_edit", project.pk), data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Atelier agrandi"
    assert list(project.costs.values_list("category", flat=True)) == ["equipment", "training"]
    assert project.events.filter(action="update").exists()


def test_the_check_of_an_edited_project_reads_its_carrier(carrier, world):
    project = draft(world)
    data = form_data(world, requested_amount="60000", project=project.pk)
    del data["carrier"]
    assert "The aid is at most 40" in text(carrier.post(url("project_check"), data))


def test_a_submitted_project_cannot_be_edited(carrier, world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    response = carrier.get(url("project_edit", project.pk), follow=True)
    assert "can be changed only as a draft" in text(response)
    response = carrier.post(url("project_edit", project.pk), form_data(world, title="Changé"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Atelier de design partagé"


# --- The project page ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["ministry", "office", "carrier", "member"])
def test_the_project_page_for_each_reader(request, world, who):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    client = request.getfixturevalue(who)
    response = client.get(url("project_detail", project.pk))
    assert response.status_code == 200
    page = text(response)
    assert project.number in page
    assert "Before the niche committee" in page
    assert "Awaiting the decision of the niche committee" in page
    assert "Cégep de Victoriaville" in page and "Formation" in page
    assert "$100,000.00" in page  # the budget's total
    assert "version 1 of the fund guide" in page
    # Committee decisions are resolutions, never buttons on this page.
    assert "niche_approve" not in page


def test_the_page_names_the_committees_next_meeting(carrier, world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    starts = timezone.now() + datetime.timedelta(days=10)
    governance.plan_meeting(
        world.niche_committee, actor=world.office, title="Séance", starts_at=starts, location="Victoriaville"
    )
    page = text(carrier.get(url("project_detail", project.pk)))
    assert "next meeting:" in page
    assert world.niche_committee.name_en in page or world.niche_committee.name_fr in page


def test_the_page_shows_the_resolutions_and_the_timeline(office, world):
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    niche = decide(world.niche_committee, project, actor=world.office)
    page = text(office.get(url("project_detail", project.pk)))
    assert niche.get_absolute_url() in page
    assert "Approved by the niche committee" in page
    assert "Awaiting the decision of the regional committee" in page
    assert "Draft created" in page and "Submitted" in page


def test_the_page_follows_every_change_to_what_it_shows(office, world):
    project = draft(world)
    text(office.get(url("project_detail", project.pk)))
    cost = project.costs.first()
    cost.description = "Tour à bois"
    cost.save()
    assert "Tour à bois" in text(office.get(url("project_detail", project.pk)))
    services.submit_project(project, actor=world.carrier_user)
    page = text(office.get(url("project_detail", project.pk)))
    assert "Submitted" in page
    assert "version 1 of the fund guide" in page
    # Names shown on the page come from the registry and governance.
    world.carrier.name = "Ateliers renommés inc."
    world.carrier.save()
    assert "Ateliers renommés inc." in text(office.get(url("project_detail", project.pk)))
    niche = decide(world.niche_committee, project, actor=world.office)
    assert niche.get_absolute_url() in text(office.get(url("project_detail", project.pk)))


def test_the_project_page_query_count_does_not_grow_with_its_file(ministry, world, django_assert_num_queries):
    project = to_analysis(world)
    address = url("project_detail", project.pk)
    ministry.get(address)
    with CaptureQueriesContext(connection) as first:
        assert ministry.get(address).status_code == 200
    for n in range(3):
        services.attach_document(project, actor=world.ministry, title=f"Annexe {n}", file=attachment())
    with django_assert_num_queries(len(first)):
        assert ministry.get(address).status_code == 200


def test_the_claims_forms_are_for_whoever_may_pay_only(carrier, ministry, world):
    project = signed(world)
    claim = services.claim_disbursement(
        project, actor=world.carrier_user, amount=Decimal("1000"), claim="Frais", proof=attachment()
    )
    decide_url = url("disbursement_decide", claim.pk)
    assert decide_url not in text(carrier.get(url("project_detail", project.pk)))
    assert decide_url in text(ministry.get(url("project_detail", project.pk)))
    assert decide_url not in text(carrier.get(url("project_detail", project.pk)))


def test_the_steps_shown_depend_on_who_and_when(carrier, ministry, office, world):
    project = draft(world)
    page = text(carrier.get(url("project_detail", project.pk)))
    assert url("project_submit", project.pk) in page and url("project_edit", project.pk) in page
    assert url("project_grant", project.pk) not in page
    project = to_analysis(world)
    page = text(ministry.get(url("project_detail", project.pk)))
    for name in ("project_grant", "project_analysis", "project_refuse", "project_return"):
        assert url(name, project.pk) in page, name
    page = text(carrier.get(url("project_detail", project.pk)))
    assert url("project_grant", project.pk) not in page and url("project_withdraw", project.pk) in page
    page = text(office.get(url("project_detail", project.pk)))
    assert url("project_return", project.pk) in page and url("project_grant", project.pk) not in page


def test_the_regional_committee_is_warned_of_an_unfair_share(office, world, estrie):
    committee_with_members(code="CC-BOIS-05", creneau__regions=[estrie])
    envelope = world.period.envelopes.get(region=world.region)
    services.set_envelope(
        envelope, actor=world.ministry, amount=Decimal("60000"), equity_margin=Decimal("10"), reason="Test"
    )
    project = draft(world)
    services.submit_project(project, actor=world.carrier_user)
    page = text(office.get(url("project_detail", project.pk)))
    assert "would exceed its fair share of the envelope" in page
    assert "$30,000.00" in page  # its target: half of 60,000 $


def test_a_delegated_grant_names_its_delegation(carrier, world):
    delegation = services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Essai"
    )
    project = to_analysis(world)
    page = text(carrier.get(url("project_detail", project.pk)))
    assert "Granted by the regional committee under the delegation" in page
    delegation.refresh_from_db()
    assert str(delegation) in page


def test_the_program_links_are_for_those_who_read_the_program(carrier, office, world):
    delegation = services.delegate(
        actor=world.ministry, region=world.region, period=world.period, up_to=Decimal("50000"), reason="Essai"
    )
    project = to_analysis(world)
    envelope = world.period.envelopes.get(region=world.region)
    links = [
        url("envelope_detail", envelope.pk),
        url("guide_detail", world.guide.version),
        f"{url('delegation_list')}#delegation-{delegation.pk}",
    ]
    page = text(office.get(url("project_detail", project.pk)))
    assert all(link in page for link in links)
    page = text(carrier.get(url("project_detail", project.pk)))
    assert not any(link in page for link in links)


def test_the_pdf_sheet(ministry, world):
    project = to_analysis(world)
    response = ministry.get(url("project_pdf", project.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="project-sheet-{project.number.lower()}.pdf"' in response["Content-Disposition"]
    assert pdf_title(response.content).startswith(project.number)


def test_the_pdf_sheet_in_french(ministry, world):
    project = draft(world)
    response = ministry.get(url("project_pdf", project.pk, language="fr"))
    assert response.status_code == 200
    assert project.number.lower() in response["Content-Disposition"]


def test_the_history_of_changes(carrier, world):
    project = draft(world)
    services.update_project(project, content(world, title="Nouveau titre"), actor=world.carrier_user)
    response = carrier.get(url("project_history", project.pk))
    assert response.status_code == 200
    assert "Nouveau titre" in text(response)


def test_documents_are_downloaded_through_the_project(carrier, office, world):
    project = draft(world)
    response = carrier.post(
        url("project_document_add", project.pk), {"title": "Plan d'affaires", "file": attachment("plan.pdf")}
    )
    assert response.status_code == 302
    document = ProjectDocument.objects.get()
    assert document.title == "Plan d'affaires"
    download = office.get(url("project_document", project.pk, document.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    other = draft(world)
    assert office.get(url("project_document", other.pk, document.pk)).status_code == 404


def test_a_document_of_the_wrong_kind_is_refused(carrier, world):
    project = draft(world)
    upload = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = carrier.post(url("project_document_add", project.pk), {"title": "Virus", "file": upload})
    assert response.status_code == 400
    assert not ProjectDocument.objects.exists()


def test_a_document_is_sent_to_those_in_scope_only_and_never_kept_by_caches(
    carrier, office, other_office, stranger, world
):
    project = draft(world)
    document = services.attach_document(project, actor=world.carrier_user, title="Plan", file=attachment("plan.pdf"))
    address = url("project_document", project.pk, document.pk)
    response = office.get(address)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 facture"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert other_office.get(address).status_code == 404
    assert stranger.get(address).status_code == 404  # a carrier of another organisation
    assert Client().get(address).status_code == 302


def test_a_document_is_stored_under_a_name_nobody_can_guess(world):
    project = draft(world)
    first = services.attach_document(project, actor=world.carrier_user, title="A", file=attachment("plan.pdf"))
    second = services.attach_document(project, actor=world.carrier_user, title="B", file=attachment("plan.pdf"))
    folder, random_part, name = first.file.name.rsplit("/", 2)
    assert (folder, name) == (f"funding/{project.pk}", "plan.pdf")
    assert len(random_part) >= 16
    assert first.file.name != second.file.name
    assert second.file.name.endswith("/plan.pdf")


@pytest.mark.parametrize(
    ("mode", "header", "value"),
    [("x-accel-redirect", "X-Accel-Redirect", "/interne/{name}"), ("x-sendfile", "X-Sendfile", "{root}/{name}")],
)
def test_in_production_the_web_server_sends_the_document(office, world, settings, tmp_path, mode, header, value):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    settings.ACCORD_SENDFILE = mode
    settings.ACCORD_SENDFILE_PREFIX = "/interne/"
    project = draft(world)
    document = services.attach_document(project, actor=world.carrier_user, title="Plan", file=attachment("plan.pdf"))
    response = office.get(url("project_document", project.pk, document.pk))
    assert response.status_code == 200
    assert response[header] == value.format(name=document.file.name, root=tmp_path)
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


# --- In a real browser ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_project_pages_are_accessible(page, sign_in, world):
    from accord.core.tests.browser import assert_accessible

    project = to_analysis(world)
    services.attach_document(project, actor=world.carrier_user, title="Plan d'affaires", file=attachment())
    sign_in(world.ministry)
    for address in [
        url("project_list", language="fr"),
        url("project_detail", project.pk, language="fr"),
        url("project_create", language="fr"),
        url("project_edit", draft(world).pk, language="fr"),
        url("project_grant", project.pk, language="fr"),
        url("project_analysis", project.pk, language="fr"),
        url("project_history", project.pk, language="fr"),
    ]:
        page.goto(address)
        assert_accessible(page)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_guide_is_checked_as_the_carrier_types(page, sign_in, world):
    sign_in(world.carrier_user)
    page.goto(url("project_create", language="fr"))
    page.locator("[name=costs-0-category]").select_option("equipment")
    page.locator("[name=costs-0-amount]").fill("100000")
    page.locator("[name=requested_amount]").fill("60000")
    page.locator("[name=title]").focus()  # leaving the amount fires its change event
    problems = page.locator("#guide-check .guide-problems li")
    problems.first.wait_for()
    assert "40\xa0000,00\xa0$" in problems.first.inner_text()
    page.locator("[name=requested_amount]").fill("30000")
    page.locator("[name=title]").focus()
    page.locator("#guide-check .guide-problems").wait_for(state="detached")
    assert not Project.objects.exists()


# --- Documents by type, replaced with their history ------------------------------------------------


def require_documents(world, *titles):
    type(world.guide).objects.filter(pk=world.guide.pk).update(required_documents=list(titles))


def test_a_required_document_is_filed_by_its_type_and_a_new_version_replaces_it(carrier, world):
    require_documents(world, "Plan d'affaires", "Lettre d'appui")
    project = draft(world)
    page = text(carrier.get(url("project_document_add", project.pk)))
    form = page[page.find('enctype="multipart') :]
    assert 'name="kind"' in form, form[:3000]
    assert "appui</option>" in form
    address = url("project_document_add", project.pk)
    assert carrier.post(address, {"kind": "Plan d'affaires", "file": attachment("plan.pdf")}).status_code == 302
    first = ProjectDocument.objects.get()
    assert (first.title, first.kind, first.replaced_by) == ("Plan d'affaires", "Plan d'affaires", None)
    # A second one of the same type is its new version; the first is kept, marked replaced.
    response = carrier.post(address, {"kind": "Plan d'affaires", "title": "Plan d'affaires 2026", "file": attachment()})
    assert response.status_code == 302
    second = ProjectDocument.objects.latest("pk")
    first.refresh_from_db()
    assert (first.replaced_by, second.kind, second.replaced_by) == (second, "Plan d'affaires", None)
    page = text(carrier.get(url("project_detail", project.pk)))
    assert "affaires 2026" in page
    assert "replaced by a newer version" in page, page[page.find("documents-title") :][:1500]
    # The guide recognises the document by its type, not by its title, and asks for the other one only.
    report = selectors.guide_report(project)
    assert [p.field for p in report.problems] == ["documents"]
    assert "Lettre d'appui" in report.problems[0].message


def test_any_document_is_replaced_by_choosing_it(carrier, world):
    project = draft(world)
    old = services.attach_document(project, actor=world.carrier_user, title="Devis", file=attachment())
    response = carrier.post(
        url("project_document_add", project.pk), {"replaces": str(old.pk), "file": attachment("devis.pdf")}
    )
    assert response.status_code == 302
    new = ProjectDocument.objects.latest("pk")
    old.refresh_from_db()
    assert (new.title, old.replaced_by) == ("Devis", new)  # the title follows the replaced document
    assert selectors.current_documents(project) == [new]


def test_another_document_needs_a_title(carrier, world):
    project = draft(world)
    response = carrier.post(url("project_document_add", project.pk), {"file": attachment()})
    assert response.status_code == 400
    assert "Give the document a title, or choose its type." in text(response)
    assert not ProjectDocument.objects.exists()


def test_the_service_refuses_a_type_outside_the_guide_and_a_document_of_another_project(world):
    require_documents(world, "Plan d'affaires")
    project, other = draft(world), draft(world)
    foreign = services.attach_document(other, actor=world.carrier_user, title="Plan", file=attachment())
    with pytest.raises(ValidationError) as refused:
        services.attach_document(project, actor=world.carrier_user, title="", kind="Bilan", file=attachment())
    assert "kind" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.attach_document(project, actor=world.carrier_user, title="X", file=attachment(), replaces=foreign)
    assert "replaces" in refused.value.message_dict
    assert not ProjectDocument.objects.filter(project=project).exists()
    foreign.refresh_from_db()
    assert foreign.replaced_by is None
