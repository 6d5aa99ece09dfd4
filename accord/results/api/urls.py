from django.urls import path

from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("indicator-values", views.IndicatorValueViewSet, basename="indicator-value")

urlpatterns = [
    *router.urls,
    path("bilans/<slug:creneau_slug>/<int:year>/", views.BilanView.as_view(), name="bilan"),
]
