from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("regions", views.RegionViewSet, basename="region")
router.register("creneaux", views.CreneauViewSet, basename="creneau")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("partner-offers", views.PartnerOfferViewSet, basename="partner-offer")

urlpatterns = router.urls
