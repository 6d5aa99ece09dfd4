from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("events", views.EventViewSet, basename="event")

urlpatterns = router.urls
