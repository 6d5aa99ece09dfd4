"""Indicator pages, under /gestion/indicateurs/: the indicators, a niche's table, values and their steps,
the bilans (annual reports), the dashboards; the public summaries of adopted bilans under /bilans/
(`public`); the program's results under /resultats/ (`program`, decision 54)."""

from django.urls import URLPattern, path

from .views import bilans, dashboards, indicators, values
from .views import program as results_page

app_name = "results"

urlpatterns: list[URLPattern] = [
    path("", indicators.indicator_list, name="indicator_list"),
    path("nouveau/", indicators.indicator_create, name="indicator_create"),
    path("plans/<int:pk>/nouveau/", indicators.plan_indicator_create, name="plan_indicator_create"),
    path("<int:pk>/modifier/", indicators.indicator_edit, name="indicator_edit"),
    path("<int:pk>/retirer/", indicators.indicator_retire, name="indicator_retire"),
    path("a-approuver/", values.approval_queue, name="approval_queue"),
    path("creneaux/<int:pk>/", values.creneau_indicators, name="creneau_indicators"),
    path("creneaux/<int:pk>/declarer/", values.value_report, name="value_report"),
    path("creneaux/<int:pk>/cibles/", values.target_set, name="target_set"),
    path("valeurs/<int:pk>/", values.value_detail, name="value_detail"),
    path("valeurs/<int:pk>/modifier/", values.value_edit, name="value_edit"),
    path("valeurs/<int:pk>/soumettre/", values.value_submit, name="value_submit"),
    path("valeurs/<int:pk>/approuver/", values.value_approve, name="value_approve"),
    path("valeurs/<int:pk>/retourner/", values.value_return, name="value_return"),
    path("bilans/creneaux/<int:pk>/", bilans.bilan_index, name="bilan_index"),
    path("bilans/creneaux/<int:pk>/<int:year>/", bilans.bilan_detail, name="bilan_detail"),
    path("bilans/creneaux/<int:pk>/<int:year>/modifier/", bilans.bilan_edit, name="bilan_edit"),
    path("bilans/creneaux/<int:pk>/<int:year>/soumettre/", bilans.bilan_submit, name="bilan_submit"),
    path("bilans/creneaux/<int:pk>/<int:year>/bilan.pdf", bilans.bilan_pdf, name="bilan_pdf"),
    path("bilans/regions/<int:pk>/<int:year>/", bilans.region_bilan, name="region_bilan"),
    path("bilans/programme/<int:year>/", bilans.program_bilan, name="program_bilan"),
    path("tableau-de-bord/", dashboards.program_dashboard, name="dashboard"),
    path("tableau-de-bord/regions/<int:pk>/", dashboards.region_dashboard, name="region_dashboard"),
    path("tableau-de-bord/creneaux/<int:pk>/", dashboards.creneau_dashboard, name="creneau_dashboard"),
]

public = (
    [
        path("<slug:slug>/", bilans.public_bilans, name="bilans"),
        path("<slug:slug>/<int:year>/", bilans.public_bilan, name="bilan"),
    ],
    "results_public",
)

program = ([path("", results_page.program_results, name="program")], "results_program")
