"""The collaboration between créneaux, in the back office under /gestion/collaboration/ (decision 57)."""

from django.urls import path

from .views import links, notes

app_name = "collaboration"

urlpatterns = [
    path("", links.network, name="network"),
    path("creneaux/<slug:slug>/", links.creneau_links, name="creneau_links"),
    path("creneaux/<slug:slug>/declarer/", links.link_declare, name="link_declare"),
    path("liens/<int:pk>/terminer/", links.link_end, name="link_end"),
    path("liens/<int:pk>/historique/", links.link_history, name="link_history"),
    path("notes/", notes.note_list, name="note_list"),
    path("notes/nouvelle/", notes.note_create, name="note_create"),
    path("notes/<int:pk>/", notes.note_detail, name="note_detail"),
    path("notes/<int:pk>/modifier/", notes.note_edit, name="note_edit"),
    path("notes/<int:pk>/historique/", notes.note_history, name="note_history"),
    path("notes/<int:pk>/publier/", notes.note_publish, name="note_publish"),
    path("notes/<int:pk>/retirer/", notes.note_withdraw, name="note_withdraw"),
]
