from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, sign-in and the roles that give them powers."""

    default = True
    name = "accord.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # A password change ends the account's API tokens, whichever Django view made it.
        from . import receivers  # noqa: F401, PLC0415  models must be loaded first


class AccordAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site (second factor, one sign-in page); in INSTALLED_APPS instead of
    "django.contrib.admin"."""

    default = False  # not the configuration of "accord.accounts"
    default_site = "accord.accounts.admin_site.AccordAdminSite"
