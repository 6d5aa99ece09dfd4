"""Account management in the back office, under /gestion/utilisateurs/."""

from django.urls import path

from . import backoffice_views as views

app_name = "accounts_bo"

urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("nouveau/", views.user_create, name="user_create"),
    path("<int:pk>/", views.user_detail, name="user_detail"),
    path("<int:pk>/roles/", views.role_grant, name="role_grant"),
    path("<int:pk>/roles/<int:assignment_pk>/fin/", views.role_end, name="role_end"),
]
