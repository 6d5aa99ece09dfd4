"""A project's impact (retombées, decision 40): jobs created and kept, private and public investment,
additional and export sales, export contracts and companies reached, expected in the project and
given by its final report. The rules that keep them coherent, the forms, the services with their
history, the pages, the API, the database's constraints and the migration of the existing projects."""

from __future__ import annotations

import importlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accord.funding import impact, selectors, services
from accord.funding.forms import FinalReportForm, ProjectForm
from accord.funding.models import FinancingSource, Project, ProjectFunding, ProjectStatus
from accord.registry.models import Organisation

from .conftest import draft, signed, text
from .test_api import PROJECTS, as_user, payload
from .test_views_projects import form_data

migration = importlib.import_module("accord.funding.migrations.0021_expected_public_investment")
ZERO = Decimal("0")

#: A final report that holds together: the seed's new contracts in the United States for more than 1 M$.
REPORT = {
    "actual_cost": Decimal("95000"),
    "actual_jobs": 3,
    "actual_jobs_kept": 7,
    "actual_investment": Decimal("55000"),
    "actual_public_investment": Decimal("40000"),
    "actual_sales": Decimal("1500000"),
    "actual_export_sales": Decimal("600000"),
    "actual_export_contracts": 2,
    "actual_export_contracts_amount": Decimal("1050000"),
    "actual_companies": 9,
}


def report_post(**changes):
    """The final report's page as a browser posts it."""
    data = {name: str(value) for name, value in REPORT.items()}
    return {**data, "final_report": "L'atelier est ouvert.", **changes}


# --- The rules (pure) ------------------------------------------------------------------------------


def test_figures_that_do_not_hold_together_are_refused_each_on_its_field():
    with translation.override("en"):
        problems = impact.refusals(
            {
                "actual_jobs_kept": -1,
                "actual_public_investment": Decimal("-5"),
                "actual_sales": Decimal("1000"),
                "actual_export_sales": Decimal("1500"),
                "actual_export_contracts": 0,
                "actual_export_contracts_amount": Decimal("1050000"),
            },
            impact.ACTUAL,
        )
    assert problems == {
        "actual_jobs_kept": "A number cannot be negative.",
        "actual_public_investment": "An amount cannot be negative.",
        "actual_export_sales": "Export sales are part of the additional sales: at most $1,000.00.",
        "actual_export_contracts": "Give the number of export contracts this amount comes from (at least 1).",
    }
    with translation.override("fr"):
        problems = impact.refusals({"expected_export_contracts": 2, "expected_export_contracts_amount": 0}, "expected")
    assert problems == {"expected_export_contracts_amount": "Indiquez le montant des contrats d'exportation."}


def test_figures_that_hold_together_or_are_not_given_pass():
    assert impact.refusals(REPORT, impact.ACTUAL) == {}
    # A report of before decision 40: no export figures at all.
    assert impact.refusals({"actual_sales": Decimal("0"), "actual_export_sales": None}, impact.ACTUAL) == {}
    assert impact.refusals({"expected_export_contracts": 0, "expected_export_contracts_amount": 0}, "expected") == {}


def test_an_impact_table_reads_a_project_or_an_older_snapshot_as_not_given():
    older = SimpleNamespace(expected_jobs=4, actual_jobs=2, expected_investment=Decimal("1000"))
    lines = {line.figure.key: line for line in impact.lines(older)}
    assert [line.figure.key for line in impact.lines(older)] == [figure.key for figure in impact.FIGURES]
    assert (lines["jobs"].expected_text, lines["jobs"].actual_text) == ("4", "2")
    assert (lines["jobs_kept"].expected, lines["jobs_kept"].actual_text) == (None, "—")
    with translation.override("fr"):
        assert lines["investment"].expected_text == "1\u00a0000,00\u00a0$"
    assert lines["export_sales"].part and not lines["sales"].part


# --- The forms -------------------------------------------------------------------------------------


def test_the_final_report_form_asks_every_figure_and_says_what_was_expected():
    project = Project(expected_jobs=4, expected_export_contracts_amount=Decimal("900000"), actual_jobs_kept=6)
    with translation.override("en"):
        form = FinalReportForm(report_post(actual_jobs_kept="", actual_export_sales="-1"), project=project)
        assert not form.is_valid()
        assert form.errors["actual_jobs_kept"] == ["This field is required."]
        assert form.errors["actual_export_sales"] == ["An amount cannot be negative."]
        assert str(form.fields["actual_jobs"].help_text) == "Expected: 4."
        assert "Expected: $900,000.00." in str(form.fields["actual_export_contracts_amount"].help_text)
    # A report returned to the carrier comes back with what it gave.
    assert FinalReportForm(project=project).initial == {"actual_jobs_kept": 6}
    with translation.override("fr"):
        form = FinalReportForm(report_post(actual_export_contracts="0"), project=project)
        assert not form.is_valid()
        assert form.errors["actual_export_contracts"] == [
            "Indiquez le nombre de contrats d'exportation dont provient ce montant (au moins 1)."
        ]


@pytest.mark.django_db
def test_the_project_form_takes_the_new_expected_figures_blank_as_zero(world):
    carriers = Organisation.objects.all()
    form = ProjectForm(form_data(world), carriers=carriers)
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["expected_jobs_kept"], form.cleaned_data["expected_export_contracts_amount"]) == (0, 0)
    with translation.override("fr"):
        form = ProjectForm(
            form_data(
                world,
                expected_jobs_kept="-2",
                expected_sales="100000",
                expected_export_sales="150000",
                expected_export_contracts="3",
            ),
            carriers=carriers,
        )
        assert not form.is_valid()
        assert form.errors["expected_jobs_kept"] == ["Un nombre ne peut pas être négatif."]
        assert form.errors["expected_export_sales"] == [
            "Les ventes à l'exportation font partie des ventes additionnelles : au plus 100\u00a0000,00\u00a0$."
        ]
        assert form.errors["expected_export_contracts_amount"] == ["Indiquez le montant des contrats d'exportation."]


# --- The services, the history and the database ------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_expects_jobs_kept_public_investment_and_export(world):
    with pytest.raises(ValidationError) as refused:
        draft(world, expected_sales=Decimal("1000"), expected_export_sales=Decimal("2000"))
    assert list(refused.value.message_dict) == ["expected_export_sales"]
    project = draft(
        world,
        expected_jobs_kept=6,
        expected_public_investment=Decimal("40000"),
        expected_sales=Decimal("200000"),
        expected_export_sales=Decimal("80000"),
        expected_export_contracts=2,
        expected_export_contracts_amount=Decimal("900000"),
    )
    project.refresh_from_db()
    assert (project.expected_jobs_kept, project.expected_export_contracts_amount) == (6, Decimal("900000.00"))
    # The checks read what the edit does not send from the project.
    with pytest.raises(ValidationError) as refused:
        services._check_impact(project, {"expected_export_contracts": 0}, impact.EXPECTED)
    assert list(refused.value.message_dict) == ["expected_export_contracts"]


@pytest.mark.django_db
def test_the_database_refuses_export_figures_that_do_not_hold_together(world):
    project = draft(world)
    for changes in (
        {"expected_export_sales": Decimal("1")},  # above the additional sales (0)
        {"expected_export_contracts": 1},  # a contract without its amount
        {"actual_export_contracts": 0, "actual_export_contracts_amount": Decimal("5")},
        {"actual_public_investment": Decimal("-1")},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Project.objects.filter(pk=project.pk).update(**changes)


@pytest.mark.django_db
def test_the_final_report_gives_the_new_figures_with_who_and_when(world, carrier):
    project = signed(world)
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        services.submit_final_report(
            project,
            actor=world.carrier_user,
            report="Fait.",
            **{**REPORT, "actual_export_sales": Decimal("2000000"), "actual_export_contracts_amount": ZERO},
        )
    assert refused.value.message_dict == {
        "actual_export_sales": [
            "Les ventes à l'exportation font partie des ventes additionnelles : au plus 1\u00a0500\u00a0000,00\u00a0$."
        ],
        "actual_export_contracts_amount": ["Indiquez le montant des contrats d'exportation."],
    }
    project.refresh_from_db()
    assert (project.status, project.actual_jobs_kept) == (ProjectStatus.AGREEMENT_SIGNED, None)

    response = carrier.post(reverse("funding:project_report", args=[project.pk]), report_post())
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.FINAL_REPORT
    assert {name: getattr(project, name) for name in REPORT} == REPORT
    version = project.history.first()
    assert (version.history_user, version.actual_export_contracts_amount) == (world.carrier_user, Decimal("1050000"))
    assert version.prev_record.actual_jobs_kept is None
    # The page shows each figure expected and reported; the PDF sheet too.
    with translation.override("en"):
        page = text(carrier.get(reverse("funding:project_detail", args=[project.pk])))
    assert "Jobs kept" in page and "Amount of the export contracts" in page and "$1,050,000.00" in page
    shown = selectors.with_file(Project.objects.filter(pk=project.pk)).get()
    with translation.override("fr"):
        sheet = render_to_string("funding/pdf/project.html", selectors.project_sheet(shown, reader="carrier"))
    assert "Montant des contrats d&#x27;exportation" in sheet and "1\u00a0050\u00a0000,00\u00a0$" in sheet


# --- The API -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_api_takes_and_shows_the_new_figures(world):
    client = as_user(world.carrier_user)
    data = payload(
        world,
        expected_jobs_kept=6,
        expected_public_investment="40000.00",
        expected_sales="200000.00",
        expected_export_sales="300000.00",
    )
    response = client.post(PROJECTS, data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {
        "expected_export_sales": ["Export sales are part of the additional sales: at most $200,000.00."]
    }
    response = client.post(PROJECTS, {**data, "expected_export_sales": "80000.00"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["expected_jobs_kept"], body["expected_public_investment"], body["expected_export_sales"]) == (
        6,
        "40000.00",
        "80000.00",
    )
    assert (body["actual_jobs_kept"], body["actual_export_contracts_amount"]) == (None, None)
    # Without the new figures (a client of before), the project expects none of them.
    response = client.post(PROJECTS, payload(world), format="json")
    assert (response.status_code, response.json()["expected_export_contracts"]) == (201, 0)


# --- The migration of the existing projects ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_existing_projects_expect_the_public_money_of_their_file(world):
    project = draft(world)  # 40 000 $ asked of the fund
    ProjectFunding.objects.create(project=project, source=FinancingSource.PUBLIC, funder="DEC", amount=Decimal("15000"))
    ProjectFunding.objects.create(project=project, source=FinancingSource.PRIVATE, amount=Decimal("5000"))
    Project.objects.filter(pk=project.pk).update(expected_investment=Decimal("60000"))
    state = MigrationExecutor(connection).loader.project_state(("funding", "0021_expected_public_investment"))
    migration.public_investment_expected(state.apps, None)
    project.refresh_from_db()
    # The private investment stays as typed; the public one is the aid asked plus the other public aid.
    assert (project.expected_investment, project.expected_public_investment) == (Decimal("60000"), Decimal("55000"))
    version = project.history.first()
    assert (version.expected_public_investment, version.history_change_reason) == (Decimal("55000"), migration.REASON)
