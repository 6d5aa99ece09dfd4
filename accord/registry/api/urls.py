from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("regions", views.RegionViewSet, basename="region")
router.register("creneaux", views.CreneauViewSet, basename="creneau")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = router.urls
