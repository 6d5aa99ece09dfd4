"""Account pages: signing in and one's own account (second factors, API tokens), under /compte/
(`public`); accounts and their roles, under /gestion/utilisateurs/ (`backoffice`); the access log,
under /gestion/confidentialite/ (`privacy`)."""

from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import JavaScriptCatalog

from .views import account, second_factor, security_keys, signin, users
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
        path("codes-de-secours/", account.backup_codes_generate, name="backup_codes_generate"),
        path("cles/<int:pk>/nommer/", security_keys.security_key_name, name="security_key_name"),
        path("cles/<int:pk>/retirer/", account.security_key_remove, name="security_key_remove"),
        # The JSON steps of django-otp-webauthn's scripts, and their messages in the page's language.
        path(
            "cles/ajout/debut/",
            security_keys.SecurityKeyRegistrationBegin.as_view(),
            name="security_key_register_begin",
        ),
        path(
            "cles/ajout/fin/",
            security_keys.SecurityKeyRegistrationComplete.as_view(),
            name="security_key_register_complete",
        ),
        path(
            "cles/connexion/debut/", security_keys.SecurityKeySignInBegin.as_view(), name="security_key_sign_in_begin"
        ),
        path(
            "cles/connexion/fin/",
            security_keys.SecurityKeySignInComplete.as_view(),
            name="security_key_sign_in_complete",
        ),
        path(
            "cles/messages.js",
            second_factor.second_factor_exempt(JavaScriptCatalog.as_view(packages=["django_otp_webauthn"])),
            name="security_key_messages",
        ),
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
        path("<int:pk>/deuxieme-facteur/reinitialiser/", users.second_factor_reset, name="second_factor_reset"),
    ],
    "accounts_bo",
)

# The privacy officer's pages, under /gestion/confidentialite/.
privacy = ([path("journal/", privacy_views.access_log, name="access_log")], "privacy")
