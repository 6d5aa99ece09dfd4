"""/api/v1/: every context's endpoints, the token endpoint, the OpenAPI schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accord.accounts.api.views import TokenView

app_name = "api"

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("accord.registry.api.urls")),
    path("", include("accord.governance.api.urls")),
    path("", include("accord.planning.api.urls")),
    path("", include("accord.funding.api.urls")),
    path("", include("accord.communication.api.urls")),
    path("", include("accord.collaboration.api.urls")),
    path("", include("accord.events.api.urls")),
    path("", include("accord.results.api.urls")),
]
