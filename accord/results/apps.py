from collections.abc import Collection

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    """Results of the créneaux: indicators, their targets and the values reported and approved."""

    name = "accord.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        # The notes the services write, stored by key and read in the reader's language (decision 25).
        from accord.core.i18n import register_messages  # noqa: PLC0415

        from .models import MESSAGES  # noqa: PLC0415

        register_messages(MESSAGES)

        # The values waiting for approval, on the back office's home and in the digest (decision 28).
        from accord.registry import queues  # noqa: PLC0415

        from . import selectors  # noqa: PLC0415

        queues.register("results", selectors.queues_for)

        # Law 25: the values people submitted, the steps they took, the reminders they were sent.
        from accord.registry import personal_data  # noqa: PLC0415

        personal_data.register(
            personal_data.PersonalDataSource(
                key="results",
                label=_("Indicators and annual reports"),
                export=selectors.person_personal_data,
                order=40,
            )
        )

        # Law 25: the record of the reminders sent is deleted once it keeps nobody from a second email.
        from accord.core import retention  # noqa: PLC0415

        from . import services  # noqa: PLC0415

        retention.register(
            retention.RetentionRule(
                key="value_reminders",
                data=_("Records of the reminders of indicator values due (who was emailed, when)"),
                period=services.REMINDER_PERIOD,
                outcome=retention.Outcome.DELETED,
                basis=_(
                    "Purpose achieved: a year's values are reminded only while it is the reporting year; "
                    "the values' own history keeps who reported and approved them."
                ),
                apply=services.delete_expired_reminders,
            )
        )

        # Niche committees adopt the bilans by resolution (governance.subjects, decision 37).
        from accord.governance import subjects  # noqa: PLC0415

        from . import policies  # noqa: PLC0415
        from .models import Bilan  # noqa: PLC0415

        subjects.register(
            subjects.DecidableSubject(
                model=Bilan,
                visible=policies.visible_bilans,
                decided=services.follow_resolution,
                adoptable=services.check_adoption,
            )
        )

        # The targets' kept verdicts count the running totals from their plan's first year (standing.py).
        from accord.planning import watchers  # noqa: PLC0415

        watchers.register("results", _plan_changed)


def _plan_changed(plan_id: int, fields: Collection[str]) -> None:
    """A cumulative indicator's running total starts from its plan's first year."""
    if "first_year" in fields:
        from . import standing  # noqa: PLC0415

        standing.restate_plan(plan_id)
