"""Account pages: signing in and one's own account (second factors, API tokens), under /compte/
(`public`); accounts and their roles, under /gestion/utilisateurs/ (`backoffice`); the access log,
under /gestion/confidentialite/ (`privacy`)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .views import account, second_factor, signin, users
from .views import privacy as privacy_views

public = (
    [
        path("", account.account, name="account"),
        path("jetons/", account.token_create, name="token_create"),
        path("jetons/<str:token_key>/revoquer/", account.token_revoke, name="token_revoke"),
        path("connexion/", signin.LoginView.as_view(), name="login"),
        path("connexion/code/", second_factor.verify, name="second_factor"),
        path("deuxieme-facteur/ajouter/", second_factor.enrol, name="second_factor_enrol"),
        path("deuxieme-facteur/<int:pk>/retirer/", account.second_factor_remove, name="second_factor_remove"),
        path("deconnexion/", signin.LogoutView.as_view(), name="logout"),
        path("mot-de-passe/oublie/", signin.PasswordResetView.as_view(), name="password_reset"),
        path(
            "mot-de-passe/oublie/envoye/",
            auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
            name="password_reset_done",
        ),
        path(
            "mot-de-passe/nouveau/<uidb64>/<token>/",
            signin.PasswordResetConfirmView.as_view(),
            name="password_reset_confirm",
        ),
        path(
            "mot-de-passe/nouveau/termine/",
            auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
            name="password_reset_complete",
        ),
        path("mot-de-passe/changer/", signin.PasswordChangeView.as_view(), name="password_change"),
        path(
            "mot-de-passe/change/",
            auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
            name="password_change_done",
        ),
    ],
    "accounts",
)

backoffice = (
    [
        path("", users.user_list, name="user_list"),
        path("nouveau/", users.user_create, name="user_create"),
        path("<int:pk>/", users.user_detail, name="user_detail"),
        path("<int:pk>/roles/", users.role_grant, name="role_grant"),
        path("<int:pk>/roles/<int:assignment_pk>/fin/", users.role_end, name="role_end"),
    ],
    "accounts_bo",
)

# The privacy officer's pages, under /gestion/confidentialite/.
privacy = ([path("journal/", privacy_views.access_log, name="access_log")], "privacy")
