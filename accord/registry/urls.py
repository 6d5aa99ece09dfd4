"""The registry's addresses: the public site at the root (`public`), the back office under /gestion/ (`backoffice`).

French at the root, English under /en/ (config/urls.py).
"""

from django.urls import path

from .views import creneaux, dashboard, imports, organisations, partners, people, regions, work
from .views import public as site

public = (
    [
        path("", site.home, name="home"),
        path("recherche/", site.search, name="search"),
        path("regions/", site.region_list, name="region_list"),
        path("regions/<str:code>/", site.region_detail, name="region_detail"),
        path("creneaux/", site.creneau_list, name="creneau_list"),
        path("creneaux/<slug:slug>/", site.creneau_detail, name="creneau_detail"),
        path("creneaux/<slug:slug>/fiche.pdf", site.creneau_fiche_pdf, name="creneau_fiche_pdf"),
        path("organisations/", site.organisation_list, name="organisation_list"),
        path("organisations/<slug:slug>/", site.organisation_detail, name="organisation_detail"),
        path("confidentialite/", site.privacy_notice, name="privacy_notice"),
        # The partner search (decision 58): members, coordinators and staff only.
        path("organisations/<slug:slug>/offres/", partners.organisation_offers, name="organisation_offers"),
        path("membres/partenaires/", partners.partner_search, name="partner_search"),
        path("membres/partenaires/offres/<int:pk>/modifier/", partners.offer_edit, name="offer_edit"),
        path("membres/partenaires/offres/<int:pk>/fin/", partners.offer_end, name="offer_end"),
        path("membres/partenaires/offres/<int:pk>/contact/", partners.contact_request_new, name="contact_request_new"),
        path("membres/partenaires/demandes/", partners.contact_request_list, name="contact_request_list"),
        path("membres/partenaires/demandes/<int:pk>/", partners.contact_request_handle, name="contact_request_handle"),
    ],
    "registry",
)

backoffice = (
    [
        path("", dashboard.dashboard, name="dashboard"),
        path("a-faire/", work.work_centre, name="work_centre"),
        path("organisations/", organisations.organisation_list, name="organisation_list"),
        path("organisations/nouvelle/", organisations.organisation_create, name="organisation_create"),
        path("organisations/suggestions/", organisations.organisation_options, name="organisation_options"),
        path("organisations/<int:pk>/", organisations.organisation_detail, name="organisation_detail"),
        path("organisations/<int:pk>/modifier/", organisations.organisation_edit, name="organisation_edit"),
        path("organisations/<int:pk>/publier/", organisations.organisation_publish, name="organisation_publish"),
        path("organisations/<int:pk>/historique/", organisations.organisation_history, name="organisation_history"),
        path("personnes/", people.person_list, name="person_list"),
        path("personnes/nouvelle/", people.person_create, name="person_create"),
        path("personnes/<int:pk>/", people.person_detail, name="person_detail"),
        path("personnes/<int:pk>/modifier/", people.person_edit, name="person_edit"),
        path("personnes/<int:pk>/inviter/", people.person_invite, name="person_invite"),
        path("personnes/<int:pk>/historique/", people.person_history, name="person_history"),
        path("personnes/<int:pk>/donnees.json", people.person_data, {"fmt": "json"}, name="person_data_json"),
        path("personnes/<int:pk>/donnees.pdf", people.person_data, {"fmt": "pdf"}, name="person_data_pdf"),
        path("personnes/<int:pk>/anonymiser/", people.person_anonymise, name="person_anonymise"),
        path("personnes/<int:pk>/affiliations/", people.affiliation_add, name="affiliation_add"),
        path(
            "personnes/<int:pk>/affiliations/<int:affiliation_pk>/retirer/",
            people.affiliation_remove,
            name="affiliation_remove",
        ),
        path("creneaux/", creneaux.creneau_list, name="creneau_list"),
        path("creneaux/nouveau/", creneaux.creneau_create, name="creneau_create"),
        path("creneaux/<int:pk>/modifier/", creneaux.creneau_edit, name="creneau_edit"),
        path("creneaux/<int:pk>/historique/", creneaux.creneau_history, name="creneau_history"),
        path("regions/", regions.region_list, name="region_list"),
        path("regions/<str:code>/", regions.region_detail, name="region_detail"),
        path("regions/<str:code>/modifier/", regions.region_edit, name="region_edit"),
        path("regions/<str:code>/historique/", regions.region_history, name="region_history"),
        path("regions/<str:code>/statuts/", regions.resource_status_add, name="resource_status_add"),
        path(
            "regions/<str:code>/statuts/<int:status_pk>/fin/", regions.resource_status_end, name="resource_status_end"
        ),
        path("imports/", imports.import_list, name="import_list"),
        path("imports/nouveau/", imports.import_new, name="import_new"),
        path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
        path("imports/<int:pk>/confirmer/", imports.import_confirm, name="import_confirm"),
        path("imports/<int:pk>/publier/", imports.import_publish, name="import_publish"),
        path("imports/modele/<slug:kind>.csv", imports.import_template, name="import_template"),
    ],
    "registry_bo",
)
