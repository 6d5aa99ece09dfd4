"""Event pages: the public calendar, event pages, registration and feeds under /evenements/
(`public`, French addresses in both languages as the rest of the site), and the managers' pages
under /gestion/evenements/ (`urlpatterns`, the back office)."""

from django.urls import URLPattern, path

from .views import events, registrations
from .views import public as site

app_name = "events"

urlpatterns: list[URLPattern] = [
    path("creneaux/<int:pk>/", events.creneau_events, name="creneau_events"),
    path("creneaux/<int:pk>/nouveau/", events.event_create, name="event_create"),
    path("<int:pk>/modifier/", events.event_edit, name="event_edit"),
    path("<int:pk>/tenu/", events.event_held, name="event_held"),
    path("<int:pk>/annuler/", events.event_cancel, name="event_cancel"),
    path("<int:pk>/inscriptions/", registrations.registrations, name="registrations"),
    path("<int:pk>/presences/", registrations.attendance, name="attendance"),
]

public = (
    [
        path("evenements/", site.calendar, name="calendar"),
        path("evenements/calendrier.ics", site.feed, name="feed"),
        path("evenements/creneaux/<slug:slug>/calendrier.ics", site.creneau_feed, name="creneau_feed"),
        path("evenements/regions/<str:code>/calendrier.ics", site.region_feed, name="region_feed"),
        path("evenements/<int:pk>/", site.event_detail, name="event_detail"),
        path("evenements/<int:pk>/evenement.ics", site.event_ics, name="event_ics"),
        path("evenements/<int:pk>/inscription/", site.register, name="register"),
        path("evenements/inscription/<str:token>/", site.registration, name="registration"),
        path("evenements/inscription/<str:token>/annuler/", site.registration_cancel, name="registration_cancel"),
    ],
    "events_public",
)
