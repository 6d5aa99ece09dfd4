from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    """Collaboration between créneaux: their complementarities (declared and computed) and the
    coordinators' experience notes (decision 57)."""

    name = "accord.collaboration"
    label = "collaboration"
    verbose_name = _("Collaboration between niches")
