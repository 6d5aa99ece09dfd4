from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Plans of the créneaux: axes, objectives, actions and their weighted progress."""

    name = "accord.planning"
    label = "planning"
    verbose_name = _("Plans")

    def ready(self) -> None:
        # Niche committees decide on plans and their annual programmes (decision 36): governance
        # learns here what to say before deciding, what forbids an adoption and how each follows.
        from accord.governance import subjects  # noqa: PLC0415  models must be loaded first
        from accord.registry import members  # noqa: PLC0415

        from . import policies, selectors, services  # noqa: PLC0415
        from .models import Plan, Programme  # noqa: PLC0415

        # One créneau has one set of members: the registry's partner search counts them as the
        # events and the members' information do (decision 58).
        members.register(policies.member_creneaux)

        subjects.register(
            subjects.DecidableSubject(
                model=Plan,
                visible=policies.visible_plans,
                notes=selectors.plan_decision_notes,
                decided=services.follow_plan_resolution,
                adoptable=services.check_plan_adoption,
            )
        )
        subjects.register(
            subjects.DecidableSubject(
                model=Programme,
                visible=policies.visible_programmes,
                notes=selectors.programme_decision_notes,
                decided=services.follow_programme_resolution,
                adoptable=services.check_programme_adoption,
            )
        )

        # Law 25: the actions people carry and the changes their accounts made to plans.
        from accord.registry import personal_data  # noqa: PLC0415

        personal_data.register(
            personal_data.PersonalDataSource(
                key="planning",
                label=_("Plans"),
                export=selectors.person_personal_data,
                order=35,
            )
        )
