"""A fund project names the plan action it serves (decision 35): the service's and the form's checks,
the pages, the API, the plan's page listing the projects, the refusal to remove a served action,
and the data migration that linked the former axes."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accord.core.money import format_money
from accord.funding import services
from accord.funding.axis_match import Candidate, matching_action, normalized
from accord.funding.forms import ProjectForm
from accord.funding.models import Project
from accord.planning import services as planning
from accord.planning.models import Action
from accord.registry.tests.factories import CreneauFactory

from .conftest import content, draft, text, to_analysis
from .test_api import PROJECTS, as_user, payload
from .test_views_projects import form_data

pytestmark = pytest.mark.django_db
migration = importlib.import_module("accord.funding.migrations.0019_link_former_axes")


def make_plan(world, creneau=None, first=2024, last=2027, adopt=True):
    plan = planning.create_plan(
        creneau or world.creneau, actor=world.ministry, data={"first_year": first, "last_year": last}
    )
    if adopt:
        planning.adopt_plan(plan, actor=world.ministry, adopted_on=datetime.date(first, 3, 1))
    return plan


def add_action(plan, world, title="Atelier partagé", kind="innovation", status="in_progress", name_fr=""):
    axis = plan.axes.filter(kind=kind, name_fr=name_fr).first() or planning.add_axis(
        plan, actor=world.ministry, data={"kind": kind, "name_fr": name_fr, "position": plan.axes.count()}
    )
    objective = axis.objectives.first() or planning.add_objective(axis, actor=world.ministry, data={"text": "Innover"})
    return planning.add_action(objective, actor=world.ministry, data={"title": title, "status": status})


@pytest.fixture
def action(world):
    return add_action(make_plan(world), world)


# --- The service ---------------------------------------------------------------------------------


def test_a_project_names_an_action_of_its_niches_plan(world, action):
    project = draft(world, plan_action=action)
    assert Project.objects.get(pk=project.pk).plan_action == action
    assert project.history.first().plan_action_id == action.pk


def test_an_action_of_another_niches_plan_is_refused_with_the_plans_allowed(world, action):
    other = add_action(make_plan(world, CreneauFactory(slug="eolien", name_fr="Éolien")), world, title="Éoliennes")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        draft(world, plan_action=other)
    message = refused.value.message_dict["plan_action"][0]
    assert "“Éoliennes” is not in a plan of the project's niches" in message
    assert "Plan 2024–2027 – Furniture" in message  # the plan whose actions are allowed
    assert not Project.objects.exists()


def test_a_plan_whose_years_miss_the_projects_is_refused(world):
    late = add_action(make_plan(world, first=2028, last=2030), world)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        draft(world, plan_action=late)  # the project runs 2025-2026
    assert "those niches have no plan for these years" in refused.value.message_dict["plan_action"][0]


def test_a_draft_plans_action_is_accepted(world):
    proposed = add_action(make_plan(world, adopt=False), world)
    assert draft(world, plan_action=proposed).plan_action == proposed


def test_a_cancelled_action_is_refused_but_a_project_keeps_the_one_cancelled_since(world, action):
    cancelled = add_action(action.objective.axis.plan, world, title="Abandonnée", status="cancelled")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        draft(world, plan_action=cancelled)
    assert "cancelled" in refused.value.message_dict["plan_action"][0]
    project = draft(world, plan_action=action)
    planning.update_action(action, actor=world.ministry, data={"status": "cancelled"})
    services.update_project(project, content(world, plan_action=action, title="Encore"), actor=world.carrier_user)
    assert Project.objects.get(pk=project.pk).title == "Encore"


def test_dropping_the_niche_of_the_action_is_refused(world, action):
    project = draft(world, plan_action=action)
    other = CreneauFactory(slug="bois", regions=[world.region])
    changed = content(world, plan_action=action)
    changed = services.Content(fields=changed.fields, creneaux=[other])
    with pytest.raises(ValidationError) as refused:
        services.update_project(project, changed, actor=world.carrier_user)
    assert "plan_action" in refused.value.message_dict
    assert list(Project.objects.get(pk=project.pk).creneaux.all()) == [world.creneau]


# --- Planning refuses to remove what projects serve ----------------------------------------------------


def test_removing_an_action_an_axis_or_an_objective_that_a_project_serves_is_refused(world, action):
    draft(world, plan_action=action)
    objective = action.objective
    for remove, target in (
        (planning.remove_action, action),
        (planning.remove_objective, objective),
        (planning.remove_axis, objective.axis),
    ):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            remove(target, actor=world.ministry)
        assert "Projects of the fund or events serve these actions: “Atelier partagé”" in refused.value.messages[0]
    assert Action.objects.filter(pk=action.pk).exists()
    assert not Action.history.filter(id=action.pk, history_type="-").exists()


def test_an_action_no_project_serves_is_removed(world, action):
    planning.remove_action(action, actor=world.ministry)
    assert not Action.objects.filter(pk=action.pk).exists()


def test_the_plan_page_refuses_the_removal_with_the_message(ministry, world, action):
    draft(world, plan_action=action)
    response = ministry.post(reverse("planning:action_delete", args=[action.pk]), follow=True)
    assert "Des projets du fonds ou des événements servent ces actions" in text(response)
    assert Action.objects.filter(pk=action.pk).exists()


# --- The plan's page lists the projects ------------------------------------------------------------------


def test_the_plan_page_lists_the_projects_each_reader_may_see(ministry, member, world, action):
    plan_url = action.objective.axis.plan.get_absolute_url()
    project = to_analysis(world, plan_action=action)
    services.grant_project(project, actor=world.ministry, amount=Decimal("40000"))
    drafted = draft(world, plan_action=action, title="Brouillon discret")
    page = text(ministry.get(plan_url))
    assert project.title in page and drafted.title in page
    with translation.override("fr"):
        assert f"{format_money(Decimal('40000'))} accordés" in page
    # A member of the niche committee sees the projects submitted to it, not the carrier's drafts.
    page = text(member.get(plan_url))
    assert project.title in page and drafted.title not in page


def test_the_plan_page_queries_do_not_grow_with_projects_or_actions(ministry, world, action):
    plan = action.objective.axis.plan
    draft(world, plan_action=action)
    ministry.get(plan.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        ministry.get(plan.get_absolute_url())
    for n in range(3):
        more = add_action(plan, world, title=f"Action {n}", kind="marketing")
        draft(world, plan_action=more)
        draft(world, plan_action=action)
    with CaptureQueriesContext(connection) as many:
        assert ministry.get(plan.get_absolute_url()).status_code == 200
    assert len(many) == len(few)


# --- The form and the pages ------------------------------------------------------------------------------


def test_the_form_offers_the_niches_actions_grouped_by_plan_and_axis(world, action):
    add_action(make_plan(world, first=2020, last=2022), world, title="Ancienne", kind="workforce")
    form = ProjectForm(form_data(world), carriers=Organisation_of(world))
    groups = form.fields["plan_action"].widget.choices
    assert groups[0] == ("", "—")
    assert ("2024–2027 › Innovation", [(str(action.pk), "Atelier partagé")]) in groups
    assert any(label.startswith("2020–2022") for label, _options in groups[1:])


def Organisation_of(world):
    return type(world.carrier).objects.filter(pk=world.carrier.pk)


def test_the_form_saves_the_action_and_the_page_and_pdf_show_it(carrier, world, action):
    response = carrier.post(reverse("funding:project_create"), form_data(world, plan_action=str(action.pk)))
    assert response.status_code == 302, text(response)
    project = Project.objects.get()
    assert project.plan_action == action
    page = text(carrier.get(project.get_absolute_url()))
    assert "Action du plan" in page and "Innovation › Atelier partagé" in page
    assert carrier.get(reverse("funding:project_pdf", args=[project.pk])).status_code == 200


def test_the_form_refuses_another_niches_action_and_says_which_plans_are_allowed(carrier, world, action):
    other = add_action(make_plan(world, CreneauFactory(slug="eolien", name_fr="Éolien")), world, title="Éoliennes")
    response = carrier.post(reverse("funding:project_create"), form_data(world, plan_action=str(other.pk)))
    assert response.status_code == 400
    page = text(response)
    assert "L'action « Éoliennes » n'est pas dans un plan des créneaux du projet" in page
    assert "choisissez une action de Plan 2024-2027 – Meuble." in page
    assert not Project.objects.exists()


def test_the_form_refuses_an_unknown_action(carrier, world):
    response = carrier.post(reverse("funding:project_create"), form_data(world, plan_action="999999"))
    assert response.status_code == 400 and "Choisissez une action dans la liste." in text(response)


def test_the_former_axis_shows_only_without_an_action(carrier, world, action):
    project = draft(world)
    Project.objects.filter(pk=project.pk).update(former_axis="Innovation ouverte")
    assert "Innovation ouverte" in text(carrier.get(project.get_absolute_url()))
    # The edit form does not take the text again; it shows it to help choose the action.
    form = text(carrier.get(reverse("funding:project_edit", args=[project.pk])))
    assert "Axe saisi auparavant : « Innovation ouverte »." in form and 'name="former_axis"' not in form
    Project.objects.filter(pk=project.pk).update(plan_action=action)
    page = text(carrier.get(project.get_absolute_url()))
    assert "Innovation ouverte" not in page and "Atelier partagé" in page


def test_the_action_list_follows_the_niches_ticked(carrier, world, action):
    address = reverse("funding:project_plan_actions")
    response = carrier.post(address, form_data(world))
    assert response.status_code == 200 and "Atelier partagé" in text(response)
    assert "Atelier partagé" not in text(carrier.post(address, form_data(world, creneaux=[])))


def test_the_action_list_refuses_anonymous_out_of_scope_wrong_role_and_get(
    client, carrier, stranger, member, world, action
):
    address = reverse("funding:project_plan_actions")
    assert client.post(address, form_data(world)).status_code == 302
    project = draft(world)
    assert stranger.post(address, form_data(world, project=str(project.pk))).status_code == 404
    assert member.post(address, form_data(world)).status_code == 403
    assert carrier.get(address).status_code == 405


# --- The API ---------------------------------------------------------------------------------------------


def test_the_api_takes_the_action_and_reads_it_back_with_its_axis(world, action):
    response = as_user(world.carrier_user).post(PROJECTS, payload(world, plan_action=action.pk), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["plan_action"] == {
        "id": action.pk,
        "title": "Atelier partagé",
        "axis": "Innovation",
        "plan": action.objective.axis.plan_id,
        "years": "2024–2027",
    }
    assert body["former_axis"] == ""


def test_the_api_refuses_another_niches_action(world, action):
    other = add_action(make_plan(world, CreneauFactory(slug="eolien")), world, title="Éoliennes")
    response = as_user(world.carrier_user).post(PROJECTS, payload(world, plan_action=other.pk), format="json")
    assert response.status_code == 400 and "plan_action" in response.json()
    assert not Project.objects.exists()


def test_the_api_does_not_take_the_former_axis(world):
    response = as_user(world.carrier_user).post(PROJECTS, payload(world, former_axis="Texte"), format="json")
    assert response.status_code == 201
    assert Project.objects.get().former_axis == ""


# --- The migration's matching ------------------------------------------------------------------------------


def candidate(action_id, title="Action", axis_id=1, kind="other", fr="", en="", cancelled=False):
    return Candidate(action_id, title, axis_id, kind, fr, en, cancelled)


def test_the_text_is_compared_trimmed_without_case_or_accents():
    assert normalized("  Main-d’Œuvre   qualifiée ") == normalized("main-d'oeuvre QUALIFIEE")
    assert normalized("Économie") == "economie"


def test_an_axis_of_one_action_is_matched_by_its_name_or_its_kind_in_either_language():
    own = [candidate(7, axis_id=1, fr="Virage numérique", en="Digital shift")]
    assert matching_action(" virage NUMERIQUE ", own) == 7
    assert matching_action("Digital shift", own) == 7
    workforce = [candidate(8, axis_id=2, kind="workforce")]
    assert matching_action("main-d'oeuvre", workforce) == 8
    assert matching_action("Workforce", workforce) == 8


def test_an_axis_of_two_actions_or_two_matching_axes_is_ambiguous():
    two = [candidate(1, axis_id=1, kind="innovation"), candidate(2, axis_id=1, kind="innovation")]
    assert matching_action("Innovation", two) is None
    two_plans = [candidate(1, axis_id=1, kind="innovation"), candidate(2, axis_id=9, kind="innovation")]
    assert matching_action("Innovation", two_plans) is None


def test_a_cancelled_action_does_not_count():
    axis = [candidate(1, axis_id=1, kind="innovation"), candidate(2, axis_id=1, kind="innovation", cancelled=True)]
    assert matching_action("innovation", axis) == 1
    assert matching_action("Action", [candidate(3, cancelled=True)]) is None


def test_an_action_title_matches_when_no_axis_does():
    actions = [candidate(1, title="Salon de l'emploi"), candidate(2, title="Diagnostics numériques")]
    assert matching_action("DIAGNOSTICS NUMERIQUES", actions) == 2
    assert matching_action("Productivité", actions) is None
    assert matching_action("", actions) is None


def test_the_migration_links_what_matches_and_keeps_every_text(world, action):
    plan = action.objective.axis.plan
    add_action(plan, world, title="Diagnostics", kind="other", name_fr="Virage numérique")
    add_action(plan, world, title="Formation", kind="workforce")
    add_action(plan, world, title="Salon", kind="workforce")
    texts = ("innovation", "Virage Numerique", "Main-d'œuvre", "")
    projects = {former: draft(world, title=f"Projet {n}") for n, former in enumerate(texts)}
    for former, project in projects.items():
        Project.objects.filter(pk=project.pk).update(former_axis=former)
    # The models as the migration sees them (no history manager, as in a real migration).
    state = MigrationExecutor(connection).loader.project_state(("funding", "0019_link_former_axes"))
    migration.link_former_axes(state.apps, None)
    linked = {p.former_axis: p.plan_action for p in Project.objects.select_related("plan_action")}
    assert linked["innovation"] == action
    assert linked["Virage Numerique"].title == "Diagnostics"
    assert linked["Main-d'œuvre"] is None  # two workforce actions: left to a person
    assert linked[""] is None
    version = projects["innovation"].history.first()
    assert version.plan_action_id == action.pk and version.former_axis == "innovation"
    assert version.history_change_reason == migration.REASON
