"""URL wiring. HTML pages are in French at the root and in English under /en/; the API
is language-neutral under /api/v1/ and honours Accept-Language."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from accord.accounts import urls as accounts_urls
from accord.communication import urls as communication_urls
from accord.core import views as core_views
from accord.events import urls as events_urls
from accord.funding import urls as funding_urls
from accord.newsletter import urls as newsletter_urls
from accord.registry import urls as registry_urls
from accord.results import urls as results_urls

from . import views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("accord.api.urls")),
    path("admin/", admin.site.urls),
    path("healthz/", core_views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
]

urlpatterns += i18n_patterns(
    path("compte/", include(accounts_urls.public)),
    path("gestion/accueil/", views.landing, name="landing"),
    path("gestion/", include(registry_urls.backoffice)),
    path("gestion/utilisateurs/", include(accounts_urls.backoffice)),
    path("gestion/confidentialite/", include(accounts_urls.privacy)),
    path("gestion/comites/", include("accord.governance.urls")),
    path("gestion/plans/", include("accord.planning.urls")),
    path("gestion/fonds/", include("accord.funding.urls")),
    path("gestion/evenements/", include("accord.events.urls")),
    path("gestion/indicateurs/", include("accord.results.urls")),
    path("gestion/communication/", include(communication_urls.backoffice)),
    path("gestion/collaboration/", include("accord.collaboration.urls")),
    path("gestion/bulletin/", include(newsletter_urls.backoffice)),
    path("bilans/", include(results_urls.public)),
    path("resultats/", include(results_urls.program)),
    path("", include(funding_urls.public)),
    path("", include(communication_urls.public)),
    path("", include(newsletter_urls.public)),
    path("", include(events_urls.public)),
    path("", include(registry_urls.public)),
    prefix_default_language=False,
)

# Uploaded files have no public URL, not even under DEBUG: they are business plans and
# committee papers, served only by views that check the owning object's policy.

# A missing address under /api/ answers in JSON, as the API's own 404s do.
handler404 = "config.views.not_found"
