"""URL wiring of `make bench`: the project's pages plus the trivial page it divides by."""

from django.urls import path

from accord.core import views as core_views
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    # First, so no catch-all of the project can shadow it.
    path("bench/trivial/", core_views.trivial, name="bench_trivial"),
    *project_urlpatterns,
]
