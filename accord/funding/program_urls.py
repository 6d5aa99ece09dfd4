"""The program: dashboard, periods, envelopes and equity, the fund guide, delegations."""

from django.urls import URLPattern, path

from . import program_views as views

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("enveloppes/", views.envelope_list, name="envelope_list"),
    path("enveloppes/<int:pk>/", views.envelope_detail, name="envelope_detail"),
    path("enveloppes/<int:pk>/modifier/", views.envelope_edit, name="envelope_edit"),
    path("enveloppes/<int:pk>/equite/", views.equity_edit, name="equity_edit"),
    path("periodes/", views.period_list, name="period_list"),
    path("periodes/nouvelle/", views.period_create, name="period_create"),
    path("guide/", views.guide_list, name="guide_list"),
    path("guide/nouvelle-version/", views.guide_create, name="guide_create"),
    path("guide/<int:version>/", views.guide_detail, name="guide_detail"),
    path("delegations/", views.delegation_list, name="delegation_list"),
    path("delegations/nouvelle/", views.delegation_create, name="delegation_create"),
    path("delegations/<int:pk>/revoquer/", views.delegation_revoke, name="delegation_revoke"),
]
