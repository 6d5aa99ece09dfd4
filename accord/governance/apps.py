from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Committees, mandates, bylaws, meetings, minutes and resolutions."""

    name = "accord.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from . import signals  # noqa: PLC0415  models must be loaded first

        signals.connect()
