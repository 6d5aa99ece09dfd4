from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("envelopes", views.EnvelopeViewSet, basename="envelope")
router.register("projects", views.ProjectViewSet, basename="project")
router.register("public-projects", views.PublicProjectViewSet, basename="public-project")

urlpatterns = router.urls
