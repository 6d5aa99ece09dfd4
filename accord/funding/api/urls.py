from django.urls import path

from accord.core.api import Router

from . import imports, views

router = Router(trailing_slash=True)
router.register("envelopes", views.EnvelopeViewSet, basename="envelope")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("public-projects", views.PublicProjectViewSet, basename="public-project")

# Before the router's: "similar" and "import" would otherwise read as a project's id.
urlpatterns = [
    path("projects/similar/", views.SimilarProjectsView.as_view(), name="project-similar"),
    path("projects/import/", imports.ProjectImportView.as_view(), name="project-import"),
    *router.urls,
]
