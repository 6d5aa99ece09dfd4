"""Governance pages, under /gestion/comites/ (committees, meetings, resolutions, calendars)."""

from django.urls import path

from . import meeting_views, views

app_name = "governance"

urlpatterns = [
    # Committees (views.py)
    path("", views.committee_list, name="committee_list"),
    path("mes-comites/", views.my_committees, name="my_committees"),
    path("nouveau/", views.committee_create, name="committee_create"),
    path("conformite/", views.compliance_list, name="compliance_list"),
    path("resolutions/", views.resolution_list, name="resolution_list"),
    path("calendrier/", views.calendar_page, name="calendar_page"),
    path("calendrier/<str:token>.ics", views.person_calendar, name="person_calendar"),
    path("calendrier/<str:token>/<slug:slug>.ics", views.committee_calendar, name="committee_calendar"),
    path("c/<slug:slug>/", views.committee_detail, name="committee_detail"),
    path("c/<slug:slug>/modifier/", views.committee_edit, name="committee_edit"),
    path("c/<slug:slug>/historique/", views.committee_timeline, name="committee_timeline"),
    path("c/<slug:slug>/membres/nouveau/", views.mandate_create, name="mandate_create"),
    path("c/<slug:slug>/membres/<int:pk>/fin/", views.mandate_end, name="mandate_end"),
    path("c/<slug:slug>/reglement/", views.bylaws_list, name="bylaws_list"),
    path("c/<slug:slug>/reglement/nouveau/", views.bylaws_create, name="bylaws_create"),
    path("c/<slug:slug>/rapports/nouveau/", views.report_create, name="report_create"),
    path("c/<slug:slug>/rapports/<int:pk>/", views.report_detail, name="report_detail"),
    # Meetings, resolutions, votes and minutes (meeting_views.py)
    path("c/<slug:slug>/reunions/nouvelle/", meeting_views.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", meeting_views.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/convoquer/", meeting_views.meeting_convene, name="meeting_convene"),
    path("reunions/<int:pk>/ouvrir/", meeting_views.meeting_open, name="meeting_open"),
    path("reunions/<int:pk>/clore/", meeting_views.meeting_close, name="meeting_close"),
    path("reunions/<int:pk>/annuler/", meeting_views.meeting_cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/points/", meeting_views.item_add, name="item_add"),
    path("reunions/<int:pk>/points/<int:item_pk>/documents/", meeting_views.document_add, name="document_add"),
    path("documents/<int:pk>/", meeting_views.document_download, name="document_download"),
    path("reunions/<int:pk>/presences/", meeting_views.attendance, name="attendance"),
    path("reunions/<int:pk>/resolutions/nouvelle/", meeting_views.resolution_propose, name="resolution_propose"),
    path("reunions/<int:pk>/proces-verbal/", meeting_views.minutes_edit, name="minutes_edit"),
    path("reunions/<int:pk>/avis.pdf", meeting_views.notice_pdf, name="notice_pdf"),
    path("reunions/<int:pk>/ordre-du-jour.pdf", meeting_views.agenda_pdf, name="agenda_pdf"),
    path("reunions/<int:pk>/invitation.ics", meeting_views.meeting_ics, name="meeting_ics"),
    path("resolutions/<int:pk>/", meeting_views.resolution_detail, name="resolution_detail"),
    path("resolutions/<int:pk>/interet/", meeting_views.interest_declare, name="interest_declare"),
    path("resolutions/<int:pk>/votes/", meeting_views.votes_record, name="votes_record"),
    path("resolutions/<int:pk>/decision/", meeting_views.resolution_decide, name="resolution_decide"),
    path("resolutions/<int:pk>/report/", meeting_views.resolution_defer, name="resolution_defer"),
    path("proces-verbaux/<int:pk>/diffuser/", meeting_views.minutes_circulate, name="minutes_circulate"),
    path("proces-verbaux/<int:pk>.pdf", meeting_views.minutes_pdf, name="minutes_pdf"),
]
