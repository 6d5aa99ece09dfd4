from django.urls import path

from accord.core.api import Router

from . import views

router = Router(trailing_slash=True)
router.register("experience-notes", views.NoteViewSet, basename="experience-note")

urlpatterns = [
    path("creneaux/<slug:slug>/links/", views.CreneauLinksView.as_view(), name="creneau-links"),
    *router.urls,
]
