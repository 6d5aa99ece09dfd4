from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter(trailing_slash=True)
router.register("committees", views.CommitteeViewSet, basename="committee")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("resolutions", views.ResolutionViewSet, basename="resolution")

urlpatterns = router.urls
