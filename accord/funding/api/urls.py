from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("envelopes", views.EnvelopeViewSet, basename="envelope")
router.register("projects", views.ProjectViewSet, basename="project")

urlpatterns = router.urls
