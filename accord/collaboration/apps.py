from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    """Collaboration between créneaux: their complementarities (declared and computed) and the
    coordinators' experience notes (decision 57)."""

    name = "accord.collaboration"
    label = "collaboration"
    verbose_name = _("Collaboration between niches")

    def ready(self) -> None:
        from accord.registry import personal_data  # noqa: PLC0415  models must be loaded first

        from . import selectors  # noqa: PLC0415

        # Law 25: the links people declared or ended and the notes they wrote (their history names them).
        personal_data.register(
            personal_data.PersonalDataSource(
                key="collaboration",
                label=_("Collaboration between niches"),
                export=selectors.person_personal_data,
                order=39,
            )
        )
