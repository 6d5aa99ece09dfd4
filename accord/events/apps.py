from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """The créneaux's events: what they organise, when, for whom, the plan action each serves."""

    name = "accord.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # A plan's page lists the events that serve each action, and removing an action that events
        # serve is refused with a message (planning.links, decisions 35 and 44).
        from accord.planning import links  # noqa: PLC0415  models must be loaded first

        from . import selectors  # noqa: PLC0415

        links.register("events", links.Provider(serving=selectors.events_serving, holding=selectors.events_holding))

        # A créneau's fiche and a region's page list their next public events (decision 48).
        from accord.registry import showcase  # noqa: PLC0415

        showcase.register(
            "events", showcase.Provider(for_creneau=selectors.creneau_sections, for_region=selectors.region_sections)
        )

        # A note-taker finds the workshops whose notes they take in their work queue (decision 53).
        from accord.registry import queues  # noqa: PLC0415

        queues.register("events", selectors.queues_for)

        # Law 25: the changes people's accounts made to events (the events' history names its authors),
        # and their registrations, by their email address (decision 48); the workshops where they hold a
        # role and the notes they wrote (decision 53).
        from accord.core import retention  # noqa: PLC0415
        from accord.registry import personal_data  # noqa: PLC0415

        from . import services  # noqa: PLC0415

        personal_data.register(
            personal_data.PersonalDataSource(
                key="events",
                label=_("Events"),
                export=selectors.person_personal_data,
                anonymise=services.anonymise_person_registrations,
                order=37,
            )
        )
        retention.register(
            retention.RetentionRule(
                key="event_registrations",
                data=_("Registrations to events: name, email address, organisation"),
                period=services.REGISTRATION_PERIOD,
                outcome=retention.Outcome.ANONYMISED,
                basis=_(
                    "Law 25: once the purposes are achieved (the event held and its attendance counted in the "
                    "year's bilan), the information is anonymised; the counts of seats and attendance stay."
                ),
                apply=services.anonymise_past_registrations,
            )
        )
