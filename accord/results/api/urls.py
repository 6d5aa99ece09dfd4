from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("indicator-values", views.IndicatorValueViewSet, basename="indicator-value")

urlpatterns = router.urls
