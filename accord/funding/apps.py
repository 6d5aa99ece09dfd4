from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    """The FSDCE fund: envelopes, projects, the approval chain and the fund guide."""

    name = "accord.funding"
    label = "funding"
    verbose_name = _("FSDCE fund")

    def ready(self) -> None:
        # Committees decide on projects: governance learns here who is interested in one, what
        # to say before deciding and how a project follows the decision (governance.subjects).
        from accord.governance import subjects  # noqa: PLC0415  models must be loaded first

        from . import policies, selectors, services  # noqa: PLC0415
        from .models import Project  # noqa: PLC0415

        subjects.register(
            subjects.DecidableSubject(
                model=Project,
                visible=policies.visible_projects,
                interested=selectors.interested_organisations,
                notes=selectors.decision_notes,
                decided=services.follow_resolution,
            )
        )
