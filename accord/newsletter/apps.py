from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    """The newsletter (bulletin): double opt-in subscriptions, issues composed from news and stories,
    sent through the queue, and their public archive (decision 49)."""

    name = "accord.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")

    def ready(self) -> None:
        from accord.core import retention  # noqa: PLC0415  models must be loaded first
        from accord.registry import personal_data  # noqa: PLC0415

        from . import selectors, services  # noqa: PLC0415

        # Law 25: a person's export lists the subscriptions of their addresses; their anonymisation
        # anonymises those subscriptions too.
        personal_data.register(
            personal_data.PersonalDataSource(
                key="newsletter",
                label=_("Newsletter"),
                export=selectors.person_personal_data,
                anonymise=services.anonymise_person,
                order=39,
            )
        )
        retention.register(
            retention.RetentionRule(
                key="newsletter_pending",
                data=_("Newsletter subscriptions never confirmed"),
                period=services.PENDING_PERIOD,
                outcome=retention.Outcome.DELETED,
                basis=_("Law 25, art. 23: no consent was given; the confirmation link expired long before."),
                apply=services.purge_pending,
            )
        )
        retention.register(
            retention.RetentionRule(
                key="newsletter_unsubscribed",
                data=_("Unsubscribed newsletter addresses, with their consent and withdrawal"),
                period=services.WITHDRAWN_PERIOD,
                outcome=retention.Outcome.ANONYMISED,
                basis=_("CASL: the sender proves the consent of each email sent; Law 25, art. 23: then anonymised."),
                apply=services.anonymise_withdrawn,
            )
        )
