from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Plans of the créneaux: axes, objectives, actions and their weighted progress."""

    name = "accord.planning"
    label = "planning"
    verbose_name = _("Plans")
