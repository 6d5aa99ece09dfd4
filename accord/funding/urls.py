"""Fund pages, under /gestion/fonds/: projects and their pipeline, then the program's settings; the public
pages of the projects financed under /projets/ (`public`, decision 54)."""

from django.urls import URLPattern, path

from .views import dashboard, envelopes, imports, program, projects, steps
from .views import public as site

app_name = "funding"

urlpatterns: list[URLPattern] = [
    # Projects: the pipeline list, the project form, the project page, its PDF, history and documents.
    path("projets/", projects.project_list, name="project_list"),
    path("projets/nouveau/", projects.project_create, name="project_create"),
    path("projets/verifier/", projects.project_check, name="project_check"),
    path("projets/similaires/", projects.project_similar, name="project_similar"),
    path("projets/similaires/recherche/", projects.similar_search, name="similar_search"),
    path("projets/actions-du-plan/", projects.project_plan_actions, name="project_plan_actions"),
    path("projets/lignes/<str:kind>/", projects.project_line, name="project_line"),
    path("projets/partenaires/", projects.partner_options, name="partner_options"),
    path("projets/<int:pk>/", projects.project_detail, name="project_detail"),
    path("projets/<int:pk>/modifier/", projects.project_edit, name="project_edit"),
    path("projets/<int:pk>/fiche.pdf", projects.project_pdf, name="project_pdf"),
    path("projets/<int:pk>/historique/", projects.project_history, name="project_history"),
    path("projets/<int:pk>/documents/nouveau/", steps.project_document_add, name="project_document_add"),
    path("projets/<int:pk>/documents/<int:doc_pk>/", projects.project_document, name="project_document"),
    # The steps of the pipeline (committee decisions are resolutions, taken in their meetings).
    path("projets/<int:pk>/soumettre/", steps.project_submit, name="project_submit"),
    path("projets/<int:pk>/retirer/", steps.project_withdraw, name="project_withdraw"),
    path("projets/<int:pk>/renvoyer/", steps.project_return, name="project_return"),
    path("projets/<int:pk>/analyse/", steps.project_analysis, name="project_analysis"),
    path("projets/<int:pk>/accorder/", steps.project_grant, name="project_grant"),
    path("projets/<int:pk>/contresigner/", steps.project_countersign, name="project_countersign"),
    path("projets/<int:pk>/refuser/", steps.project_refuse, name="project_refuse"),
    path("projets/<int:pk>/convention/", steps.project_agreement, name="project_agreement"),
    path("projets/<int:pk>/convention/conditions/", steps.project_terms, name="project_terms"),
    path("projets/<int:pk>/convention/lignes/<str:kind>/", steps.terms_line, name="terms_line"),
    path("projets/<int:pk>/convention.pdf", projects.agreement_pdf, name="agreement_pdf"),
    path("projets/<int:pk>/versements/reclamer/", steps.project_claim, name="project_claim"),
    path("versements/<int:pk>/", steps.disbursement_decide, name="disbursement_decide"),
    path("projets/<int:pk>/rapport-final/", steps.project_report, name="project_report"),
    path("projets/<int:pk>/rapport-final/renvoyer/", steps.project_report_return, name="project_report_return"),
    path("projets/<int:pk>/fermer/", steps.project_close, name="project_close"),
    path("projets/<int:pk>/publier/", steps.project_publish, name="project_publish"),
    path("projets/<int:pk>/depublier/", steps.project_unpublish, name="project_unpublish"),
    # The program: dashboard, envelopes and equity, periods, the fund guide, delegations.
    path("", dashboard.dashboard, name="dashboard"),
    path("enveloppes/", envelopes.envelope_list, name="envelope_list"),
    path("enveloppes/<int:pk>/", envelopes.envelope_detail, name="envelope_detail"),
    path("enveloppes/<int:pk>/modifier/", envelopes.envelope_edit, name="envelope_edit"),
    path("enveloppes/<int:pk>/equite/", envelopes.equity_edit, name="equity_edit"),
    path("periodes/", program.period_list, name="period_list"),
    path("periodes/nouvelle/", program.period_create, name="period_create"),
    path("guide/", program.guide_list, name="guide_list"),
    path("guide/nouvelle-version/", program.guide_create, name="guide_create"),
    path("guide/<int:version>/", program.guide_detail, name="guide_detail"),
    path("delegations/", program.delegation_list, name="delegation_list"),
    path("delegations/nouvelle/", program.delegation_create, name="delegation_create"),
    path("delegations/<int:pk>/revoquer/", program.delegation_revoke, name="delegation_revoke"),
    # The program's project history (decision 55): the ministry imports past years' projects.
    path("historique/", imports.history_import, name="history_import"),
    path("historique/<int:pk>/", imports.history_import_detail, name="history_import_detail"),
    path("historique/<int:pk>/confirmer/", imports.history_import_confirm, name="history_import_confirm"),
]

public = (
    [
        path("projets/", site.project_list, name="project_list"),
        path("projets/<int:pk>/", site.project_detail, name="project_detail"),
        path("fonctionnement/", site.how_it_works, name="how_it_works"),
    ],
    "funding_public",
)
