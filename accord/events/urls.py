"""Event pages, under /gestion/evenements/: a créneau's events and what changes them."""

from django.urls import URLPattern, path

from .views import events

app_name = "events"

urlpatterns: list[URLPattern] = [
    path("creneaux/<int:pk>/", events.creneau_events, name="creneau_events"),
    path("creneaux/<int:pk>/nouveau/", events.event_create, name="event_create"),
    path("<int:pk>/modifier/", events.event_edit, name="event_edit"),
    path("<int:pk>/tenu/", events.event_held, name="event_held"),
    path("<int:pk>/annuler/", events.event_cancel, name="event_cancel"),
]
