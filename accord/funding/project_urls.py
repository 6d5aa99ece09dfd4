"""Projects: the pipeline list, the project form, the project page and its steps."""

from django.urls import URLPattern, path

from . import project_views as views

urlpatterns: list[URLPattern] = [
    path("projets/", views.project_list, name="project_list"),
    path("projets/nouveau/", views.project_create, name="project_create"),
    path("projets/verifier/", views.project_check, name="project_check"),
    path("projets/<int:pk>/", views.project_detail, name="project_detail"),
    path("projets/<int:pk>/modifier/", views.project_edit, name="project_edit"),
    path("projets/<int:pk>/fiche.pdf", views.project_pdf, name="project_pdf"),
    path("projets/<int:pk>/historique/", views.project_history, name="project_history"),
    path("projets/<int:pk>/documents/nouveau/", views.project_document_add, name="project_document_add"),
    path("projets/<int:pk>/documents/<int:doc_pk>/", views.project_document, name="project_document"),
    # The steps of the pipeline (committee decisions are resolutions, taken in their meetings).
    path("projets/<int:pk>/soumettre/", views.project_submit, name="project_submit"),
    path("projets/<int:pk>/retirer/", views.project_withdraw, name="project_withdraw"),
    path("projets/<int:pk>/renvoyer/", views.project_return, name="project_return"),
    path("projets/<int:pk>/analyse/", views.project_analysis, name="project_analysis"),
    path("projets/<int:pk>/accorder/", views.project_grant, name="project_grant"),
    path("projets/<int:pk>/contresigner/", views.project_countersign, name="project_countersign"),
    path("projets/<int:pk>/refuser/", views.project_refuse, name="project_refuse"),
    path("projets/<int:pk>/convention/", views.project_agreement, name="project_agreement"),
    path("projets/<int:pk>/versements/reclamer/", views.project_claim, name="project_claim"),
    path("versements/<int:pk>/", views.disbursement_decide, name="disbursement_decide"),
    path("projets/<int:pk>/rapport-final/", views.project_report, name="project_report"),
    path("projets/<int:pk>/rapport-final/renvoyer/", views.project_report_return, name="project_report_return"),
    path("projets/<int:pk>/fermer/", views.project_close, name="project_close"),
]
