from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("plans", views.PlanViewSet, basename="plan")
router.register("plan-axes", views.AxisViewSet, basename="plan-axis")
router.register("plan-objectives", views.ObjectiveViewSet, basename="plan-objective")
router.register("plan-actions", views.ActionViewSet, basename="plan-action")

urlpatterns = router.urls
