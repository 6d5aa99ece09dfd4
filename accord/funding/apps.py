from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    """The FSDCE fund: envelopes, projects, the approval chain and the fund guide."""

    name = "accord.funding"
    label = "funding"
    verbose_name = _("FSDCE fund")

    def ready(self) -> None:
        # Models must be loaded first. Resolutions may then be about a project through the
        # API ({"type": "funding.project", "id": …}), for the users who may see it.
        from accord.governance.api.serializers import register_subject_type  # noqa: PLC0415

        from . import policies, signals  # noqa: PLC0415

        register_subject_type("funding.project", policies.visible_projects)
        signals.connect()
