from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, sign-in and the roles that give them powers."""

    name = "accord.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # A password change ends the account's API tokens, whichever Django view made it.
        from . import receivers  # noqa: F401, PLC0415  models must be loaded first
