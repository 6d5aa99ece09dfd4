from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """Regions, créneaux, organisations and people."""

    name = "accord.registry"
    label = "registry"
    verbose_name = _("Registry")
