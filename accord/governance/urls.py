"""Governance pages, under /gestion/comites/ (committees, meetings, resolutions, minutes, calendars)."""

from django.urls import path

from .views import calendars, committees, documents, meetings, members, minutes, resolutions

app_name = "governance"

urlpatterns = [
    # Committees
    path("", committees.committee_list, name="committee_list"),
    path("mes-comites/", committees.my_committees, name="my_committees"),
    path("nouveau/", committees.committee_create, name="committee_create"),
    path("conformite/", committees.compliance_list, name="compliance_list"),
    path("c/<slug:slug>/", committees.committee_detail, name="committee_detail"),
    path("c/<slug:slug>/modifier/", committees.committee_edit, name="committee_edit"),
    path("c/<slug:slug>/historique/", committees.committee_timeline, name="committee_timeline"),
    path("c/<slug:slug>/membres/nouveau/", committees.mandate_create, name="mandate_create"),
    path("c/<slug:slug>/membres/inviter/", members.members_invite, name="members_invite"),
    path("c/<slug:slug>/membres/<int:pk>/fin/", committees.mandate_end, name="mandate_end"),
    path("c/<slug:slug>/membres/<int:pk>/approuver/", committees.mandate_approve, name="mandate_approve"),
    path("c/<slug:slug>/membres/<int:pk>/refuser/", committees.mandate_decline, name="mandate_decline"),
    path("c/<slug:slug>/reglement/", committees.bylaws_list, name="bylaws_list"),
    path("c/<slug:slug>/reglement/nouveau/", committees.bylaws_create, name="bylaws_create"),
    path("c/<slug:slug>/reglement/lu/", committees.bylaws_acknowledge, name="bylaws_acknowledge"),
    path("c/<slug:slug>/rapports/nouveau/", committees.report_create, name="report_create"),
    path("c/<slug:slug>/rapports/<int:pk>/", committees.report_detail, name="report_detail"),
    # Calendars
    path("calendrier/", calendars.calendar_page, name="calendar_page"),
    path("calendrier/<str:token>.ics", calendars.person_calendar, name="person_calendar"),
    path("calendrier/<str:token>/<slug:slug>.ics", calendars.committee_calendar, name="committee_calendar"),
    # Meetings
    path("c/<slug:slug>/reunions/nouvelle/", meetings.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", meetings.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/convoquer/", meetings.meeting_convene, name="meeting_convene"),
    path("reunions/<int:pk>/ouvrir/", meetings.meeting_open, name="meeting_open"),
    path("reunions/<int:pk>/presidence/", meetings.meeting_chair, name="meeting_chair"),
    path("reunions/<int:pk>/clore/", meetings.meeting_close, name="meeting_close"),
    path("reunions/<int:pk>/annuler/", meetings.meeting_cancel, name="meeting_cancel"),
    path("reunions/<int:pk>/points/", meetings.item_add, name="item_add"),
    path("reunions/<int:pk>/points/<int:item_pk>/documents/", meetings.document_add, name="document_add"),
    path("documents/<int:pk>/", meetings.document_download, name="document_download"),
    path("reunions/<int:pk>/presences/", meetings.attendance, name="attendance"),
    path("reunions/<int:pk>/reponse/", members.notice_answer, name="notice_answer"),
    path("reponse/<str:token>/", members.notice_answer_link, name="notice_answer_link"),
    path("reunions/<int:pk>/dossier.zip", members.meeting_pack, name="meeting_pack"),
    # Resolutions
    path("resolutions/", resolutions.resolution_list, name="resolution_list"),
    path("reunions/<int:pk>/resolutions/nouvelle/", resolutions.resolution_propose, name="resolution_propose"),
    path("resolutions/<int:pk>/", resolutions.resolution_detail, name="resolution_detail"),
    path("resolutions/<int:pk>/interet/", resolutions.interest_declare, name="interest_declare"),
    path("resolutions/<int:pk>/votes/", resolutions.votes_record, name="votes_record"),
    path("resolutions/<int:pk>/decision/", resolutions.resolution_decide, name="resolution_decide"),
    path("resolutions/<int:pk>/report/", resolutions.resolution_defer, name="resolution_defer"),
    path("resolutions/<int:pk>/signature/", resolutions.resolution_sign_off, name="resolution_sign_off"),
    # Minutes
    path("reunions/<int:pk>/proces-verbal/", minutes.minutes_edit, name="minutes_edit"),
    path("proces-verbaux/<int:pk>/diffuser/", minutes.minutes_circulate, name="minutes_circulate"),
    path("proces-verbaux/<int:pk>/signer/", minutes.minutes_sign, name="minutes_sign"),
    path("proces-verbaux/<int:pk>/commentaires/", members.minutes_comments, name="minutes_comments"),
    # Documents
    path("reunions/<int:pk>/avis.pdf", documents.notice_pdf, name="notice_pdf"),
    path("reunions/<int:pk>/ordre-du-jour.pdf", documents.agenda_pdf, name="agenda_pdf"),
    path("reunions/<int:pk>/invitation.ics", documents.meeting_ics, name="meeting_ics"),
    path("proces-verbaux/<int:pk>.pdf", documents.minutes_pdf, name="minutes_pdf"),
    path("c/<slug:slug>/reglement/v<int:version>.pdf", documents.bylaws_pdf, name="bylaws_pdf"),
]
