from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("publications", views.PublicationViewSet, basename="publication")
router.register("member-information", views.BriefingViewSet, basename="briefing")

urlpatterns = router.urls
