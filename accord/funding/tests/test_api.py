import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accord.accounts.services import create_api_token
from accord.accounts.tests.factories import UserFactory
from accord.funding import services
from accord.funding.api.serializers import EnvelopeSerializer, ProjectDetailSerializer, ProjectSerializer
from accord.funding.models import ClaimStatus, Disbursement, Envelope, LedgerEntry, Project, ProjectStatus
from accord.governance.models import Resolution
from accord.governance.tests.factories import chair_user
from accord.registry import services as registry
from accord.registry.tests.factories import CreneauFactory, OrganisationFactory

from .conftest import (
    add_period,
    attachment,
    committee_with_members,
    content,
    draft,
    envelope_of,
    granted,
    signed,
    to_analysis,
)

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"
ENVELOPES = "/api/v1/envelopes/"


@pytest.fixture
def api():
    return APIClient()


def as_user(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_constant_queries(client, url, add_rows, expected, django_assert_num_queries):
    """The list costs `expected` queries, and the same again once more rows exist.

    A first request warms what is read once and cached: the user's scope and reach (on
    the user) and the region table.
    """
    client.get(url)
    with django_assert_num_queries(expected):
        before = client.get(url).json()["count"]
    add_rows()
    client.get(url)
    with django_assert_num_queries(expected):
        after = client.get(url).json()["count"]
    assert after > before


@pytest.fixture
def elsewhere(monteregie, world):
    """A project of Montérégie, carried by another enterprise, drafted by the ministry."""
    creneau = CreneauFactory(slug="aero", name_fr="Aérospatiale", regions=[monteregie])
    carrier = OrganisationFactory(name="Aéro Montérégie", region=monteregie, creneaux=[creneau])
    values = content(world, region=monteregie, title="Banc d'essai")
    return services.create_project(
        carrier, dataclasses.replace(values, creneaux=[creneau], partners=[]), actor=world.ministry
    )


def payload(world, **changes):
    data = {
        "carrier": world.carrier.pk,
        "title": "Préparation d'une vitrine",
        "summary": "Une vitrine des meubles de la région.",
        "region": "05",
        "period": "2024-2029",
        "creneaux": ["meuble"],
        "starts_on": "2025-01-01",
        "ends_on": "2026-06-30",
        "requested_amount": "20000.00",
        "expected_jobs": 2,
        "costs": [{"category": "equipment", "description": "Présentoirs", "amount": "50000.00"}],
        "financing": [{"source": "own", "funder": "", "amount": "30000.00"}],
        "partners": [{"organisation": world.partner.pk, "role": "Design"}],
    }
    return {**data, **changes}


# --- Envelopes -----------------------------------------------------------------------------


def test_envelope_balances_are_decimal_strings(world):
    project = to_analysis(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("35000"))
    body = as_user(world.ministry).get(ENVELOPES).json()
    assert set(body) == {"count", "next", "previous", "results"}
    row = body["results"][0]
    assert list(row) == EnvelopeSerializer.Meta.fields
    assert row == {
        "id": envelope_of(world).pk,
        "region": "05",
        "period": "2024-2029",
        "total": "4000000.00",
        "committed": "35000.00",
        "disbursed": "0.00",
        "available": "3965000.00",
    }
    assert as_user(world.ministry).get(f"{ENVELOPES}{row['id']}/").json() == row


def test_envelope_filters(monteregie, world):
    add_period(world.ministry, "2019-2024")
    client = as_user(world.ministry)

    def rows(**params):
        response = client.get(ENVELOPES, params)
        assert response.status_code == 200, response.json()
        return [(r["region"], r["period"]) for r in response.json()["results"]]

    assert rows(period="2024-2029") == [("05", "2024-2029"), ("16", "2024-2029")]  # by region
    assert rows(region="16") == [("16", "2024-2029"), ("16", "2019-2024")]  # latest period first
    assert rows(region="05", period="2019-2024") == [("05", "2019-2024")]
    # An unknown period is refused with the reason, as an unknown region is.
    refused = client.get(ENVELOPES, {"period": "1990"})
    assert refused.status_code == 400 and "period" in refused.json()
    assert client.get(ENVELOPES, {"region": "18"}).status_code == 400


def test_envelopes_are_scoped_to_the_user(monteregie, world, api):
    theirs = Envelope.objects.get(region=monteregie)
    assert api.get(ENVELOPES).status_code == 403  # anonymous: the program's gate, as on the pages
    assert api.get(f"{ENVELOPES}{theirs.pk}/").status_code == 403
    office = as_user(world.office)
    assert [r["region"] for r in office.get(ENVELOPES).json()["results"]] == ["05"]
    assert office.get(f"{ENVELOPES}{theirs.pk}/").status_code == 404
    assert as_user(world.carrier_user).get(ENVELOPES).status_code == 403  # not the program's pages
    assert as_user(UserFactory()).get(ENVELOPES).status_code == 403
    assert as_user(world.ministry).get(ENVELOPES).json()["count"] == 2


def test_envelopes_are_read_only(world):
    client = as_user(world.ministry)
    envelope = envelope_of(world)
    assert client.post(ENVELOPES, {}, format="json").status_code == 405
    assert client.patch(f"{ENVELOPES}{envelope.pk}/", {"amount": "1.00"}, format="json").status_code == 405
    assert client.delete(f"{ENVELOPES}{envelope.pk}/").status_code == 405
    envelope.refresh_from_db()
    assert envelope.amount == Decimal("4000000.00")


def test_envelope_list_query_count(world, django_assert_num_queries):
    years = iter(range(2000, 2020, 5))

    def add_envelopes():
        year = next(years)
        services.create_period(
            actor=world.ministry,
            code=str(year),
            name=str(year),
            starts_on=datetime.date(year, 4, 1),
            ends_on=datetime.date(year + 5, 3, 31),
        )
        project = to_analysis(world)
        services.grant_project(project, actor=world.ministry, amount=Decimal("10000"))

    add_envelopes()
    # count, page (region and period joined), the page's ledger sums, the page's pipeline
    assert_constant_queries(as_user(world.ministry), ENVELOPES, add_envelopes, 4, django_assert_num_queries)


# --- Project reads -------------------------------------------------------------------------


def test_project_list_shape(world):
    project = draft(world)
    body = as_user(world.carrier_user).get(PROJECTS).json()
    assert set(body) == {"count", "next", "previous", "results"}
    row = body["results"][0]
    assert list(row) == ProjectSerializer.Meta.fields
    assert row == {
        "id": project.pk,
        "number": project.number,
        "title": "Atelier de design partagé",
        "summary": "Un atelier de prototypage ouvert aux fabricants de meubles de la région.",
        "carrier": world.carrier.pk,
        "region": "05",
        "period": "2024-2029",
        "creneaux": ["meuble"],
        "status": "draft",
        "requested_amount": "40000.00",
        "granted_amount": None,
        "created_at": row["created_at"],
    }
    assert datetime.datetime.fromisoformat(row["created_at"]) == project.created_at


def test_project_detail_with_its_resolutions_and_timeline(world):
    project = to_analysis(world)
    services.grant_project(project, actor=world.ministry, amount=Decimal("35000"))
    niche = project.creneau_links.get().resolution
    regional = project.regional_resolution
    response = as_user(world.carrier_user).get(f"{PROJECTS}{project.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ProjectDetailSerializer.Meta.fields
    assert (body["status"], body["requested_amount"], body["granted_amount"]) == ("granted", "40000.00", "35000.00")
    assert body["partners"] == [
        {"organisation": world.partner.pk, "name": "Cégep de Victoriaville", "role": "Formation"}
    ]
    assert body["costs"] == [
        {"category": "equipment", "description": "Presse numérique", "amount": "60000.00"},
        {"category": "fees", "description": "Design", "amount": "40000.00"},
    ]
    assert body["financing"] == [{"source": "own", "funder": "", "amount": "60000.00"}]
    assert (body["starts_on"], body["ends_on"], body["guide"]) == ("2025-01-01", "2026-06-30", 1)
    assert (body["expected_jobs"], body["expected_investment"], body["expected_companies"]) == (4, "0.00", 0)
    assert body["resolutions"] == {
        "niche": [{"creneau": "meuble", "resolution": {"id": niche.pk, "number": niche.number}}],
        "regional": {"id": regional.pk, "number": regional.number},
    }
    history = body["history"]  # latest first
    assert [e["action"] for e in history] == ["grant", "regional_approve", "niche_approve", "submit", "create"]
    assert history[0] == {
        "action": "grant",
        "from_status": "analysis",
        "to_status": "granted",
        "actor": "Claire Ministère",
        "occurred_at": history[0]["occurred_at"],
        "note": "",
        "amount": "35000.00",
        "resolution": None,
        "delegation": None,
    }
    assert (history[2]["resolution"], history[2]["to_status"]) == (niche.number, "niche_approved")
    assert history[4]["actor"] == world.carrier_user.get_full_name()


def test_project_filters_and_search(world, elsewhere):
    submitted = draft(world, title="Vitrine numérique")
    services.submit_project(submitted, actor=world.carrier_user)
    draft(world)
    client = as_user(world.ministry)

    def titles(**params):
        response = client.get(PROJECTS, params)
        assert response.status_code == 200, response.json()
        return sorted(r["title"] for r in response.json()["results"])

    assert titles() == ["Atelier de design partagé", "Banc d'essai", "Vitrine numérique"]
    assert titles(status="submitted") == ["Vitrine numérique"]
    assert titles(region="16") == ["Banc d'essai"]
    assert titles(creneau="meuble") == ["Atelier de design partagé", "Vitrine numérique"]
    assert titles(creneau="aero", status="draft") == ["Banc d'essai"]
    assert titles(search="NUMERIQUE") == ["Vitrine numérique"]
    assert titles(search="partage") == ["Atelier de design partagé"]
    assert titles(search=submitted.number) == ["Vitrine numérique"]
    assert client.get(PROJECTS, {"status": "maybe"}).status_code == 400
    assert client.get(PROJECTS, {"creneau": "nothing"}).status_code == 400
    assert client.get(PROJECTS, {"region": "18"}).status_code == 400


def test_projects_are_scoped_by_role_and_region(world, elsewhere, api):
    ours = draft(world)
    assert api.get(PROJECTS).status_code == 403  # anonymous: the fund's gate, as on the pages
    assert api.get(f"{PROJECTS}{ours.pk}/").status_code == 403

    def seen(user):
        return sorted(r["id"] for r in as_user(user).get(PROJECTS).json()["results"])

    assert seen(world.ministry) == sorted([ours.pk, elsewhere.pk])
    assert seen(world.office) == [ours.pk]  # its region only
    assert seen(world.carrier_user) == [ours.pk]  # its own projects only
    assert as_user(UserFactory()).get(PROJECTS).status_code == 403  # no role, seat or affiliation
    assert as_user(world.office).get(f"{PROJECTS}{elsewhere.pk}/").status_code == 404
    assert as_user(world.carrier_user).get(f"{PROJECTS}{elsewhere.pk}/").status_code == 404
    assert as_user(world.ministry).get(f"{PROJECTS}{elsewhere.pk}/").status_code == 200


def test_token_authentication(world, api):
    project = draft(world)
    _, token = create_api_token(world.carrier_user, actor=world.carrier_user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert [r["id"] for r in api.get(PROJECTS).json()["results"]] == [project.pk]
    assert api.post(f"{PROJECTS}{project.pk}/submit/").status_code == 200


def test_project_list_query_count(world, django_assert_num_queries):
    def add_projects():
        for _ in range(3):
            services.submit_project(draft(world), actor=world.carrier_user)

    add_projects()
    # count, page (region and period joined), niches
    assert_constant_queries(as_user(world.ministry), PROJECTS, add_projects, 3, django_assert_num_queries)


def test_project_list_query_count_for_a_carrier(world, django_assert_num_queries):
    def add_projects():
        for _ in range(3):
            draft(world)

    add_projects()
    client = as_user(world.carrier_user)
    assert_constant_queries(client, f"{PROJECTS}?search=atelier", add_projects, 3, django_assert_num_queries)


def test_project_endpoints_refuse_other_methods(world):
    project = draft(world)
    client = as_user(world.ministry)
    assert client.get(f"{PROJECTS}{project.pk}/grant/").status_code == 405
    assert client.get(f"{PROJECTS}{project.pk}/submit/").status_code == 405
    assert client.delete(f"{PROJECTS}{project.pk}/").status_code == 405
    assert client.put(f"{PROJECTS}{project.pk}/", payload(world), format="json").status_code == 405
    assert client.patch(f"{PROJECTS}{project.pk}/", {"title": "X"}, format="json").status_code == 405
    assert Project.objects.get().title == "Atelier de design partagé"


# --- Drafting ------------------------------------------------------------------------------


def test_a_carrier_drafts_a_project(world):
    response = as_user(world.carrier_user).post(PROJECTS, payload(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    project = Project.objects.get()
    assert (body["id"], body["number"], body["status"]) == (project.pk, project.number, "draft")
    assert (project.carrier, project.region, project.created_by) == (world.carrier, world.region, world.carrier_user)
    assert project.requested_amount == Decimal("20000.00")
    assert body["creneaux"] == ["meuble"]
    assert body["costs"] == [{"category": "equipment", "description": "Présentoirs", "amount": "50000.00"}]
    assert body["financing"] == [{"source": "own", "funder": "", "amount": "30000.00"}]
    assert body["partners"] == [{"organisation": world.partner.pk, "name": "Cégep de Victoriaville", "role": "Design"}]
    assert [e["action"] for e in body["history"]] == ["create"]


def test_the_regional_office_drafts_with_a_carrier_of_its_region(world):
    response = as_user(world.office).post(PROJECTS, payload(world), format="json")
    assert response.status_code == 201, response.json()
    assert Project.objects.get().created_by == world.office


def test_bad_project_input_is_400_and_saves_nothing(world, monteregie):
    client = as_user(world.carrier_user)
    for changes, field in [
        ({"title": ""}, "title"),
        ({"region": "18"}, "region"),
        ({"period": "1990"}, "period"),
        ({"creneaux": ["nothing"]}, "creneaux"),
        ({"creneaux": []}, "creneaux"),  # the service asks for a niche
        ({"region": "16"}, "region"),  # the service: the region's envelope funds its own niches only
        ({"ends_on": "2024-12-31"}, "ends_on"),
        ({"requested_amount": "abc"}, "requested_amount"),
        ({"requested_amount": "-1.00"}, "requested_amount"),
        ({"costs": [{"category": "caviar", "amount": "1.00"}]}, "costs"),
        ({"financing": [{"source": "fsdce", "amount": "1.00"}]}, "financing"),
        ({"partners": [{"organisation": 999999}]}, "partners"),
    ]:
        response = client.post(PROJECTS, payload(world, **changes), format="json")
        assert response.status_code == 400, changes
        assert list(response.json()) == [field], (changes, response.json())
    response = client.post(PROJECTS, {"title": "T"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert {"carrier", "summary", "region", "period", "creneaux", "starts_on", "ends_on"} <= set(response.json())
    assert not Project.objects.exists()


def test_drafting_for_an_organisation_out_of_reach_is_403(world, api):
    response = as_user(world.carrier_user).post(PROJECTS, payload(world, carrier=world.partner.pk), format="json")
    assert response.status_code == 403
    assert as_user(UserFactory()).post(PROJECTS, payload(world), format="json").status_code == 403
    assert api.post(PROJECTS, payload(world), format="json").status_code in (401, 403)
    assert not Project.objects.exists()


# --- Steps ---------------------------------------------------------------------------------


def test_submission_checks_the_guide(world):
    project = draft(world, requested="60000")  # 60 % of 100,000 $: over the 40 % an enterprise may get
    client = as_user(world.carrier_user)
    response = client.post(f"{PROJECTS}{project.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "40" in response.json()["requested_amount"][0]
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT

    project = draft(world)
    response = client.post(f"{PROJECTS}{project.pk}/submit/")
    assert (response.status_code, response.json()["status"]) == (200, "submitted")
    assert response.json()["guide"] == 1
    response = client.post(f"{PROJECTS}{project.pk}/submit/")
    assert response.status_code == 409
    assert "detail" in response.json()


def test_steps_on_a_project_out_of_sight_are_404(world, elsewhere, api):
    client = as_user(world.office)
    for step, data in [
        ("submit", {}),
        ("withdraw", {"reason": "x"}),
        ("return", {"reason": "x"}),
        ("grant", {"amount": "1000.00"}),
        ("countersign", {}),
        ("refuse", {"reason": "x"}),
        ("analysis", {}),
        ("agreement", {"signed_on": "2025-02-01"}),
        ("claim", {"amount": "1000.00", "claim": "x"}),
        ("report", {}),
        ("report/return", {"reason": "x"}),
        ("close", {}),
    ]:
        assert client.post(f"{PROJECTS}{elsewhere.pk}/{step}/", data, format="json").status_code == 404, step
        assert api.post(f"{PROJECTS}{elsewhere.pk}/{step}/", data, format="json").status_code in (401, 403), step
    elsewhere.refresh_from_db()
    assert elsewhere.status == ProjectStatus.DRAFT


def test_the_carrier_withdraws_with_a_reason(world):
    project = draft(world)
    client = as_user(world.carrier_user)
    assert client.post(f"{PROJECTS}{project.pk}/withdraw/", {"reason": " "}, format="json").status_code == 400
    response = client.post(f"{PROJECTS}{project.pk}/withdraw/", {"reason": "x" * 101}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["reason"])
    response = client.post(f"{PROJECTS}{project.pk}/withdraw/", {"reason": "Projet reporté"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")
    assert response.json()["history"][0]["note"] == "Projet reporté"
    assert client.post(f"{PROJECTS}{project.pk}/withdraw/", {"reason": "Encore"}, format="json").status_code == 409


def test_the_regional_office_returns_a_project_the_carrier_cannot(world):
    project = draft(world)
    office = as_user(world.office)
    assert office.post(f"{PROJECTS}{project.pk}/return/", {"reason": "x"}, format="json").status_code == 409  # draft
    services.submit_project(project, actor=world.carrier_user)
    carrier = as_user(world.carrier_user)
    assert carrier.post(f"{PROJECTS}{project.pk}/return/", {"reason": "x"}, format="json").status_code == 403
    response = office.post(f"{PROJECTS}{project.pk}/return/", {"reason": "Budget à préciser"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "returned")


def test_a_step_the_users_powers_do_not_allow_is_403_before_its_input_is_read(world):
    project = to_analysis(world)
    carrier = as_user(world.carrier_user)
    for step in ("return", "grant", "refuse", "countersign"):
        assert carrier.post(f"{PROJECTS}{project.pk}/{step}/", {}, format="json").status_code == 403, step
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS


def test_the_ministry_grants(world):
    project = to_analysis(world)
    response = as_user(world.ministry).post(f"{PROJECTS}{project.pk}/grant/", {"amount": "35000.00"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["granted_amount"]) == ("granted", "35000.00")
    envelope = as_user(world.ministry).get(f"{ENVELOPES}{envelope_of(world).pk}/").json()
    assert (envelope["committed"], envelope["available"]) == ("35000.00", "3965000.00")


def test_a_grant_over_the_envelope_is_409_with_the_amount_left(world):
    services.set_envelope(
        envelope_of(world), actor=world.ministry, amount=Decimal("30000"), equity_margin=Decimal("20"), reason="Test"
    )
    project = to_analysis(world, justification="Seul créneau prêt à investir cette année.")
    client = as_user(world.ministry)
    response = client.post(
        f"{PROJECTS}{project.pk}/grant/", {"amount": "35000.00"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert list(response.json()) == ["detail"]
    assert "envelope" in response.json()["detail"] and "30,000.00" in response.json()["detail"]
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS
    assert not LedgerEntry.objects.exists()


def test_a_grant_over_the_guide_is_409_and_bad_amounts_are_400(world):
    project = to_analysis(world)
    client = as_user(world.ministry)
    response = client.post(f"{PROJECTS}{project.pk}/grant/", {"amount": "45000.00"}, format="json")  # 45 % > 40 %
    assert response.status_code == 409
    assert "40" in response.json()["detail"]
    for amount in ("0", "-5", "abc", "1.234"):
        response = client.post(f"{PROJECTS}{project.pk}/grant/", {"amount": amount}, format="json")
        assert (response.status_code, list(response.json())) == (400, ["amount"]), amount
    assert client.post(f"{PROJECTS}{project.pk}/grant/", {}, format="json").status_code == 400
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS


def test_only_the_ministry_grants_and_not_before_the_analysis(world):
    project = to_analysis(world)
    for user in (world.carrier_user, world.office):
        response = as_user(user).post(f"{PROJECTS}{project.pk}/grant/", {"amount": "35000.00"}, format="json")
        assert response.status_code == 403
    early = draft(world)
    response = as_user(world.ministry).post(f"{PROJECTS}{early.pk}/grant/", {"amount": "35000.00"}, format="json")
    assert response.status_code == 409
    project.refresh_from_db()
    assert project.status == ProjectStatus.ANALYSIS
    assert not LedgerEntry.objects.exists()


def test_a_large_grant_takes_a_second_signature(world):
    project = to_analysis(world, requested="150000", costs=[("equipment", "Robot", Decimal("400000"))])
    first = as_user(world.ministry)
    response = first.post(f"{PROJECTS}{project.pk}/grant/", {"amount": "150000.00"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "awaiting_signature")
    assert first.post(f"{PROJECTS}{project.pk}/countersign/").status_code == 409  # the same officer
    assert as_user(world.office).post(f"{PROJECTS}{project.pk}/countersign/").status_code == 403
    response = as_user(world.second_ministry).post(f"{PROJECTS}{project.pk}/countersign/")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["granted_amount"]) == ("granted", "150000.00")
    assert as_user(world.second_ministry).post(f"{PROJECTS}{project.pk}/countersign/").status_code == 409


def test_the_ministry_refuses_during_the_analysis(world):
    submitted = draft(world)
    services.submit_project(submitted, actor=world.carrier_user)
    client = as_user(world.ministry)
    assert client.post(f"{PROJECTS}{submitted.pk}/refuse/", {"reason": "x"}, format="json").status_code == 409
    project = to_analysis(world)
    carrier = as_user(world.carrier_user)
    assert carrier.post(f"{PROJECTS}{project.pk}/refuse/", {"reason": "x"}, format="json").status_code == 403
    assert client.post(f"{PROJECTS}{project.pk}/refuse/", {}, format="json").status_code == 400
    response = client.post(f"{PROJECTS}{project.pk}/refuse/", {"reason": "Hors cadre"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "refused")


# --- The rest of the pipeline: analysis, agreement, instalments, final report, closing ---------


def committee_member(world):
    """A member of the project's niche committee: sees the project, takes none of these steps."""
    return UserFactory(person=world.niche_committee.mandates.filter(role="member").first().person)


def french_error(response):
    """The first message of a 400, whatever field it is about."""
    assert response.status_code == 400, response.content
    messages = next(iter(response.json().values()))
    return messages[0] if isinstance(messages, list) else messages


def claimed(world, project, amount="10000"):
    return services.claim_disbursement(
        project, actor=world.carrier_user, amount=Decimal(amount), claim="Facture 1", proof=attachment()
    )


def test_the_ministry_records_its_analysis(world):
    project = to_analysis(world)
    url = f"{PROJECTS}{project.pk}/analysis/"
    analysis = {"checklist": {"carrier_eligible": True}, "notes": "Dossier complet.", "recommended_amount": "30000.00"}
    assert as_user(world.carrier_user).post(url, analysis, format="json").status_code == 403
    ministry = as_user(world.ministry)
    response = ministry.post(url, {**analysis, "checklist": {"nope": True}}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert french_error(response) == "Pas un point de la liste de vérification du guide : nope."
    response = ministry.post(url, {**analysis, "recommended_amount": "-1"}, format="json")
    assert list(response.json()) == ["recommended_amount"]
    project.refresh_from_db()
    assert (project.checklist, project.analysis_notes, project.recommended_amount) == ({}, "", None)

    response = ministry.post(url, analysis, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["checklist"] == {
        "carrier_eligible": True,
        "costs_eligible": False,
        "rate_respected": False,
        "cap_respected": False,
        "amount_within_limits": False,
        "documents_present": False,
    }
    assert (body["analysis_notes"], body["recommended_amount"], body["status"]) == (
        "Dossier complet.",
        "30000.00",
        "analysis",
    )
    assert body["history"][0]["action"] == "analysis"
    submitted = draft(world)
    services.submit_project(submitted, actor=world.carrier_user)
    response = ministry.post(f"{PROJECTS}{submitted.pk}/analysis/", analysis, format="json")
    assert response.status_code == 409


def test_the_ministry_records_the_signed_agreement(world):
    project = granted(world)
    url = f"{PROJECTS}{project.pk}/agreement/"
    assert as_user(world.carrier_user).post(url, {"signed_on": "2025-02-01"}, format="json").status_code == 403
    ministry = as_user(world.ministry)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = ministry.post(url, {"signed_on": tomorrow}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert french_error(response) == "La convention ne peut pas être signée à une date future."
    assert list(ministry.post(url, {"signed_on": "hier"}, format="json").json()) == ["signed_on"]
    project.refresh_from_db()
    assert (project.status, project.agreement_signed_on) == (ProjectStatus.GRANTED, None)

    # Nothing to sign before the terms are drafted.
    response = ministry.post(url, {"signed_on": "2025-02-01"}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert french_error(response).startswith("Rédigez les conditions de la convention")

    granted_on = timezone.localdate(project.granted_at)
    terms = {
        "conditions": "Mentionner l'aide du ministère.",
        "holdback_rate": "10",
        "instalments": [
            {"milestone": "Signature", "due_on": granted_on.isoformat(), "amount": "20000.00"},
            {"milestone": "Mi-parcours", "due_on": granted_on.isoformat(), "amount": "19000.00"},
        ],
        "reporting_dates": [{"report": "Rapport final", "due_on": "2099-01-01"}],
    }
    terms_url = f"{PROJECTS}{project.pk}/terms/"
    assert as_user(world.carrier_user).post(terms_url, terms, format="json").status_code == 403
    response = ministry.post(terms_url, terms, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "The instalments add up to $39,000.00: they must add up to the aid granted, $40,000.00."
    ]
    terms["instalments"][1]["amount"] = "20000.00"
    response = ministry.post(terms_url, terms, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["agreement"] == {
        "conditions": "Mentionner l'aide du ministère.",
        "holdback_rate": "10.0",
        "holdback": "4000.00",
        "instalments": [
            {"milestone": "Signature", "due_on": granted_on.isoformat(), "amount": "20000.00"},
            {"milestone": "Mi-parcours", "due_on": granted_on.isoformat(), "amount": "20000.00"},
        ],
        "reporting_dates": [{"report": "Rapport final", "due_on": "2099-01-01"}],
        "drafted_at": response.json()["agreement"]["drafted_at"],
    }

    response = ministry.post(url, {"signed_on": "2025-02-01"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["status"], response.json()["agreement_signed_on"]) == ("agreement_signed", "2025-02-01")
    assert ministry.post(url, {"signed_on": "2025-02-01"}, format="json").status_code == 409
    # Signed, the terms are frozen.
    assert ministry.post(terms_url, terms, format="json").status_code == 409


def test_the_carrier_claims_an_instalment_with_its_proof(world):
    project = signed(world)
    url = f"{PROJECTS}{project.pk}/claim/"
    carrier = as_user(world.carrier_user)
    claim = {"amount": "10000.00", "claim": "Facture de la presse"}
    assert as_user(committee_member(world)).post(url, {**claim, "proof": attachment()}).status_code == 403
    response = carrier.post(url, {**claim, "amount": "40000.01", "proof": attachment()}, HTTP_ACCEPT_LANGUAGE="fr")
    message = french_error(response)
    assert message.startswith("Il reste au plus 40") and message.endswith("de l'aide à réclamer.")
    assert list(carrier.post(url, claim).json()) == ["proof"]
    assert not Disbursement.objects.exists()

    response = carrier.post(url, {**claim, "proof": attachment()})
    assert response.status_code == 201, response.json()
    [line] = response.json()["disbursements"]
    disbursement = Disbursement.objects.get()
    assert line == {
        "id": disbursement.pk,
        "amount": "10000.00",
        "paid_amount": None,
        "claim": "Facture de la presse",
        "proof": disbursement.proof_id,
        "status": "claimed",
        "claimed_at": line["claimed_at"],
        "decided_at": None,
        "note": "",
    }
    assert disbursement.proof.file.read() == b"%PDF-1.4 facture"
    early = granted(world, amount="20000")
    response = carrier.post(f"{PROJECTS}{early.pk}/claim/", {**claim, "proof": attachment()})
    assert response.status_code == 409


def test_the_ministry_pays_or_rejects_a_claim(world):
    project = signed(world)
    first, second = claimed(world, project), claimed(world, project, "5000")
    url = f"{PROJECTS}{project.pk}/disbursements/{first.pk}/decide/"
    assert as_user(world.carrier_user).post(url, {"decision": "pay"}, format="json").status_code == 403
    ministry = as_user(world.ministry)
    response = ministry.post(url, {"decision": "reject"}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert french_error(response) == "Indiquez la raison : le porteur la lira."
    assert list(ministry.post(url, {"decision": "maybe"}, format="json").json()) == ["decision"]
    first.refresh_from_db()
    assert first.status == ClaimStatus.CLAIMED

    response = ministry.post(url, {"decision": "pay"}, format="json")
    assert response.status_code == 200, response.json()
    assert [d["status"] for d in response.json()["disbursements"]] == ["paid", "claimed"]
    assert LedgerEntry.objects.filter(kind="disbursement", amount=Decimal("10000")).count() == 1
    assert ministry.post(url, {"decision": "pay"}, format="json").status_code == 409
    response = ministry.post(
        f"{PROJECTS}{project.pk}/disbursements/{second.pk}/decide/",
        {"decision": "reject", "note": "Facture illisible"},
        format="json",
    )
    assert [(d["status"], d["note"]) for d in response.json()["disbursements"]][1] == ("rejected", "Facture illisible")
    other = signed(world)
    elsewhere = f"{PROJECTS}{other.pk}/disbursements/{second.pk}/decide/"  # not a claim of this project
    assert ministry.post(elsewhere, {"decision": "pay"}, format="json").status_code == 404


def test_the_carrier_reports_and_the_ministry_returns_the_report_then_closes(world):
    project = signed(world)
    report = {
        "actual_cost": "98000.00",
        "actual_jobs": 5,
        "actual_jobs_kept": 3,
        "actual_investment": "12000.00",
        "actual_public_investment": "40000.00",
        "actual_sales": "150000.00",
        "actual_export_sales": "50000.00",
        "actual_export_contracts": 1,
        "actual_export_contracts_amount": "75000.00",
        "actual_companies": 8,
        "final_report": "La presse tourne.",
    }
    url = f"{PROJECTS}{project.pk}/report/"
    carrier, ministry = as_user(world.carrier_user), as_user(world.ministry)
    assert as_user(committee_member(world)).post(url, report, format="json").status_code == 403
    assert ministry.post(f"{PROJECTS}{project.pk}/close/").status_code == 409  # no report yet
    response = carrier.post(url, {**report, "final_report": " "}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert french_error(response) == "Décrivez ce que le projet a accompli."
    assert list(carrier.post(url, {**report, "actual_jobs": -1}, format="json").json()) == ["actual_jobs"]
    # Export sales are part of the additional sales (decision 40).
    response = carrier.post(url, {**report, "actual_export_sales": "150000.01"}, format="json")
    assert list(response.json()) == ["actual_export_sales"]
    project.refresh_from_db()
    assert project.status == ProjectStatus.AGREEMENT_SIGNED

    response = carrier.post(url, report, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["final_report"], body["actual_jobs"], body["actual_cost"]) == (
        "final_report",
        "La presse tourne.",
        5,
        "98000.00",
    )
    assert (body["actual_jobs_kept"], body["actual_export_contracts"], body["actual_export_contracts_amount"]) == (
        3,
        1,
        "75000.00",
    )
    back = f"{PROJECTS}{project.pk}/report/return/"
    assert carrier.post(back, {"reason": "x"}, format="json").status_code == 403
    # The reason is read by the API's shared ReasonSerializer, which says it in its own words.
    response = ministry.post(back, {"reason": " "}, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert french_error(response) == "Ce champ ne peut être vide."
    response = ministry.post(back, {"reason": "Chiffres à justifier"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "agreement_signed")
    assert ministry.post(back, {"reason": "Encore"}, format="json").status_code == 409

    pending = claimed(world, project)  # claimed while the report is back with the carrier
    assert carrier.post(url, report, format="json").status_code == 200
    close = f"{PROJECTS}{project.pk}/close/"
    assert carrier.post(close).status_code == 403
    response = ministry.post(close, HTTP_ACCEPT_LANGUAGE="fr")
    assert french_error(response) == "Traitez les réclamations en attente avant de fermer le projet."
    services.decide_disbursement(pending, actor=world.ministry, pay=True)
    response = ministry.post(close)
    assert (response.status_code, response.json()["status"]) == (200, "closed")
    # 40,000 granted, 10,000 paid: the rest goes back to the envelope.
    assert LedgerEntry.objects.filter(kind="release", amount=Decimal("30000")).count() == 1
    assert ministry.post(close).status_code == 409


# --- Committee decisions go through the resolutions --------------------------------------


def test_the_niche_committee_approves_by_a_resolution_through_the_api(world):
    project = draft(world)
    carrier = as_user(world.carrier_user)
    assert carrier.post(f"{PROJECTS}{project.pk}/submit/").status_code == 200
    client = as_user(world.office)

    response = client.post(
        "/api/v1/meetings/",
        {
            "committee": world.niche_committee.slug,
            "title": "Réunion du comité de créneau",
            "starts_at": timezone.now().isoformat(),  # today: a meeting opens on its day
            "location": "Victoriaville",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    meeting = response.json()
    # The submitted project waited for the committee's next meeting: it is on the agenda.
    [item] = meeting["items"]
    assert item["subject"] == {"type": "funding.project", "id": project.pk}
    for step in ("convene", "open"):
        assert client.post(f"/api/v1/meetings/{meeting['id']}/{step}/").status_code == 200
    for mandate in world.niche_committee.mandates.all():
        response = client.post(
            f"/api/v1/meetings/{meeting['id']}/attendance/", {"mandate": mandate.pk, "status": "present"}, format="json"
        )
        assert response.status_code == 200, response.json()

    response = client.post(
        "/api/v1/resolutions/",
        {
            "meeting": meeting["id"],
            "item": item["id"],
            "title": str(project),
            "text": "Le comité appuie le projet.",
            "subject": {"type": "funding.project", "id": project.pk},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    resolution = response.json()
    assert resolution["subject"] == {"type": "funding.project", "id": project.pk}
    response = client.post(f"/api/v1/resolutions/{resolution['id']}/decide/", {"mode": "consensus"}, format="json")
    assert (response.status_code, response.json()["outcome"]) == (200, "adopted")
    # The regional office recorded it: the project moves once the member who chaired signs it off.
    assert carrier.get(f"{PROJECTS}{project.pk}/").json()["status"] == "submitted"
    chair = as_user(chair_user(Resolution.objects.get(pk=resolution["id"])))
    assert chair.post(f"/api/v1/resolutions/{resolution['id']}/sign-off/").status_code == 200

    body = carrier.get(f"{PROJECTS}{project.pk}/").json()
    assert body["status"] == "niche_approved"
    assert body["resolutions"]["niche"] == [
        {"creneau": "meuble", "resolution": {"id": resolution["id"], "number": resolution["number"]}}
    ]
    assert body["history"][0]["action"] == "niche_approve"
    assert body["history"][0]["resolution"] == resolution["number"]
    project.refresh_from_db()
    assert project.status == ProjectStatus.NICHE_APPROVED


def test_a_resolution_cannot_be_about_a_project_out_of_sight(world, elsewhere):
    committee = committee_with_members(code="CC-AUTRE-05", creneau__regions=[world.region])
    client = as_user(world.office)
    meeting = client.post(
        "/api/v1/meetings/",
        {
            "committee": committee.slug,
            "title": "Réunion",
            "starts_at": timezone.now().isoformat(),  # today: a meeting opens on its day
            "location": "Sherbrooke",
            "items": [{"title": "Projets", "kind": "decision"}],
        },
        format="json",
    ).json()
    for step in ("convene", "open"):
        assert client.post(f"/api/v1/meetings/{meeting['id']}/{step}/").status_code == 200
    base = {"meeting": meeting["id"], "title": "T", "text": "…"}
    response = client.post(
        "/api/v1/resolutions/", {**base, "subject": {"type": "funding.project", "id": elsewhere.pk}}, format="json"
    )
    assert (response.status_code, list(response.json()["subject"])) == (400, ["id"])
    ours = draft(world)
    response = client.post(
        "/api/v1/resolutions/", {**base, "subject": {"type": "funding.project", "id": ours.pk}}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Resolution.objects.get().subject == ours


# --- Schema --------------------------------------------------------------------------------


def test_schema_lists_the_fund_endpoints(api):
    response = api.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/envelopes/",
        "/api/v1/projects/",
        "/api/v1/projects/{id}/",
        "/api/v1/projects/{id}/submit/",
        "/api/v1/projects/{id}/withdraw/",
        "/api/v1/projects/{id}/return/",
        "/api/v1/projects/{id}/grant/",
        "/api/v1/projects/{id}/countersign/",
        "/api/v1/projects/{id}/refuse/",
        "/api/v1/projects/{id}/analysis/",
        "/api/v1/projects/{id}/agreement/",
        "/api/v1/projects/{id}/claim/",
        "/api/v1/projects/{id}/disbursements/{disbursement}/decide/",
        "/api/v1/projects/{id}/report/",
        "/api/v1/projects/{id}/report/return/",
        "/api/v1/projects/{id}/close/",
    ]:
        assert path in paths, path
    parameters = {p["name"] for p in paths["/api/v1/projects/"]["get"]["parameters"]}
    assert {"status", "region", "creneau", "search", "page"} <= parameters
    parameters = {p["name"] for p in paths["/api/v1/envelopes/"]["get"]["parameters"]}
    assert {"region", "period", "page"} <= parameters
    assert "post" in paths["/api/v1/projects/"]


@pytest.mark.parametrize(
    ("method", "address"),
    [
        ("post", "/api/v1/projects/abc/submit/"),
        ("get", "/api/v1/envelopes/abc/"),
        ("post", "/api/v1/meetings/abc/convene/"),
        ("post", "/api/v1/resolutions/abc/votes/"),
        ("put", "/api/v1/organisations/abc/"),
    ],
)
def test_an_id_that_is_not_a_number_is_no_such_record(world, method, address):
    response = getattr(as_user(world.ministry), method)(address, {}, format="json")
    assert response.status_code == 404


def test_a_former_employee_can_no_longer_act_on_the_project_through_the_api(world):
    """Found by a new user: the pages refused, but the API let a former employee withdraw the project."""
    project = draft(world)
    client = as_user(world.carrier_user)
    assert client.get(f"{PROJECTS}{project.pk}/").status_code == 200
    registry.remove_affiliation(
        world.carrier.affiliations.get(person=world.carrier_user.person), actor=world.ministry, reason="Départ"
    )
    client = as_user(type(world.carrier_user).objects.get(pk=world.carrier_user.pk))
    assert client.get(f"{PROJECTS}{project.pk}/").status_code == 403
    assert client.post(f"{PROJECTS}{project.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 403
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
