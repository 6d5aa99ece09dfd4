from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("resolutions", views.ResolutionViewSet, basename="resolution")
router.register("minutes", views.MinutesViewSet, basename="minutes")

urlpatterns = router.urls
