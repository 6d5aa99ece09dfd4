from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("publications", views.PublicationViewSet, basename="publication")

urlpatterns = router.urls
