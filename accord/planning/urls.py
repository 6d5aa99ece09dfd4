"""Plan pages, under /gestion/plans/: the lists, a plan's page, and what changes a plan."""

from django.urls import URLPattern, path

from .views import items, plans, programmes

app_name = "planning"

urlpatterns: list[URLPattern] = [
    path("", plans.plan_list, name="plan_list"),
    path("creneaux/<int:pk>/", plans.creneau_plans, name="creneau_plans"),
    path("creneaux/<int:pk>/nouveau/", plans.plan_create, name="plan_create"),
    path("<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("<int:pk>/modifier/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/adopter/", plans.plan_adopt, name="plan_adopt"),
    path("<int:pk>/soumettre/", programmes.plan_submit, name="plan_submit"),
    path("<int:pk>/programmations/nouvelle/", programmes.programme_create, name="programme_create"),
    path("programmations/<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("programmations/<int:pk>/soumettre/", programmes.programme_submit, name="programme_submit"),
    path("programmations/<int:pk>/priorites/nouvelle/", programmes.priority_create, name="priority_create"),
    path("priorites/<int:pk>/modifier/", programmes.priority_edit, name="priority_edit"),
    path("priorites/<int:pk>/supprimer/", programmes.priority_delete, name="priority_delete"),
    path("<int:pk>/axes/nouveau/", items.axis_create, name="axis_create"),
    path("axes/<int:pk>/modifier/", items.axis_edit, name="axis_edit"),
    path("axes/<int:pk>/supprimer/", items.axis_delete, name="axis_delete"),
    path("axes/<int:pk>/objectifs/nouveau/", items.objective_create, name="objective_create"),
    path("objectifs/<int:pk>/modifier/", items.objective_edit, name="objective_edit"),
    path("objectifs/<int:pk>/supprimer/", items.objective_delete, name="objective_delete"),
    path("objectifs/<int:pk>/actions/nouvelle/", items.action_create, name="action_create"),
    path("actions/<int:pk>/modifier/", items.action_edit, name="action_edit"),
    path("actions/<int:pk>/supprimer/", items.action_delete, name="action_delete"),
]
