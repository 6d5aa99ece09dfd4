"""Event pages: the public calendar, event pages, registration and feeds under /evenements/
(`public`, French addresses in both languages as the rest of the site), and the managers' pages
under /gestion/evenements/ (`urlpatterns`, the back office)."""

from django.urls import URLPattern, path

from .views import events, registrations, workshops
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
    # A gathering's workshops and their synthesis (decision 53).
    path("<int:pk>/ateliers/", workshops.gathering, name="gathering"),
    path("<int:pk>/ateliers/themes/nouveau/", workshops.theme_create, name="theme_create"),
    path("ateliers/themes/<int:pk>/modifier/", workshops.theme_edit, name="theme_edit"),
    path("<int:pk>/ateliers/nouveau/", workshops.workshop_create, name="workshop_create"),
    path("ateliers/<int:pk>/modifier/", workshops.workshop_edit, name="workshop_edit"),
    path("ateliers/<int:pk>/notes/", workshops.workshop_notes, name="workshop_notes"),
    path("<int:pk>/synthese/", workshops.synthesis, name="synthesis"),
    path("<int:pk>/synthese/soumettre/", workshops.synthesis_submit, name="synthesis_submit"),
    path("<int:pk>/synthese/retourner/", workshops.synthesis_return, name="synthesis_return"),
    path("<int:pk>/synthese/publier/", workshops.synthesis_publish, name="synthesis_publish"),
    path("<int:pk>/synthese/retirer/", workshops.synthesis_withdraw, name="synthesis_withdraw"),
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
        path("evenements/<int:pk>/synthese.pdf", site.synthesis_pdf, name="synthesis_pdf"),
        path("evenements/inscription/<str:token>/", site.registration, name="registration"),
        path("evenements/inscription/<str:token>/annuler/", site.registration_cancel, name="registration_cancel"),
    ],
    "events_public",
)
