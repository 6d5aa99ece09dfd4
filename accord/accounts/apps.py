from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, sign-in and the roles that give them powers."""

    name = "accord.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
