"""Back-office pages of the registry, under /gestion/."""

from django.urls import path

from . import backoffice_views as views

app_name = "registry_bo"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/nouvelle/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/modifier/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/historique/", views.organisation_history, name="organisation_history"),
    path("personnes/", views.person_list, name="person_list"),
    path("personnes/nouvelle/", views.person_create, name="person_create"),
    path("personnes/<int:pk>/", views.person_detail, name="person_detail"),
    path("personnes/<int:pk>/modifier/", views.person_edit, name="person_edit"),
    path("personnes/<int:pk>/historique/", views.person_history, name="person_history"),
    path("personnes/<int:pk>/affiliations/", views.affiliation_add, name="affiliation_add"),
    path(
        "personnes/<int:pk>/affiliations/<int:affiliation_pk>/retirer/",
        views.affiliation_remove,
        name="affiliation_remove",
    ),
    path("creneaux/", views.creneau_list, name="creneau_list"),
    path("creneaux/nouveau/", views.creneau_create, name="creneau_create"),
    path("creneaux/<int:pk>/modifier/", views.creneau_edit, name="creneau_edit"),
    path("creneaux/<int:pk>/historique/", views.creneau_history, name="creneau_history"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("regions/<str:code>/modifier/", views.region_edit, name="region_edit"),
    path("regions/<str:code>/historique/", views.region_history, name="region_history"),
    path("regions/<str:code>/statuts/", views.resource_status_add, name="resource_status_add"),
    path("regions/<str:code>/statuts/<int:status_pk>/fin/", views.resource_status_end, name="resource_status_end"),
    path("imports/", views.import_list, name="import_list"),
    path("imports/nouveau/", views.import_new, name="import_new"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/confirmer/", views.import_confirm, name="import_confirm"),
]
