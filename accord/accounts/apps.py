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
        # A password change ends the account's API tokens, whichever Django view made it
        # (receivers). Law 25: expired sessions and API tokens are deleted (core.retention).
        from accord.core import retention  # noqa: PLC0415  models must be loaded first

        from . import receivers, services  # noqa: F401, PLC0415

        basis = _("Access Act (art. 73): destroyed once its purpose (signing in) is achieved.")
        retention.register(
            retention.RetentionRule(
                key="expired_sessions",
                data=_("Expired sessions"),
                period=retention.years(0),
                outcome=retention.Outcome.DELETED,
                basis=basis,
                apply=services.purge_expired_sessions,
            )
        )
        retention.register(
            retention.RetentionRule(
                key="expired_api_tokens",
                data=_("Expired API tokens"),
                period=retention.years(0),
                outcome=retention.Outcome.DELETED,
                basis=basis,
                apply=services.purge_expired_api_tokens,
            )
        )


class AccordAdminConfig(admin_apps.AdminConfig):
    """Django's admin with our site (second factor, one sign-in page); in INSTALLED_APPS instead of
    "django.contrib.admin"."""

    default = False  # not the configuration of "accord.accounts"
    default_site = "accord.accounts.admin_site.AccordAdminSite"
