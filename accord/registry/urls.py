"""Public pages of the registry (French at the root, English under /en/)."""

from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search, name="search"),
    path("regions/", views.region_list, name="region_list"),
    path("regions/<str:code>/", views.region_detail, name="region_detail"),
    path("creneaux/", views.creneau_list, name="creneau_list"),
    path("creneaux/<slug:slug>/", views.creneau_detail, name="creneau_detail"),
    path("creneaux/<slug:slug>/fiche.pdf", views.creneau_fiche_pdf, name="creneau_fiche_pdf"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
]
