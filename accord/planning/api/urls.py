from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("plans", views.PlanViewSet, basename="plan")

urlpatterns = router.urls
