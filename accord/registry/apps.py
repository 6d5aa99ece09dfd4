from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """Regions, créneaux, organisations and people."""

    name = "accord.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self) -> None:
        # Law 25: what the registry and the accounts below it hold about a person, and the
        # retention rule of people without ties (decision 18). Governance and the fund add theirs.
        from accord.core import retention  # noqa: PLC0415  models must be loaded first

        from . import personal_data, powers, queues, selectors, services  # noqa: PLC0415

        # Where a person's powers come from: the registry reads the accounts' roles itself.
        powers.register("accounts", selectors.account_powers)
        # The partner search's contact requests wait for the coordinators they are addressed to (decision 58).
        queues.register("registry_contacts", selectors.contact_queue)

        personal_data.register(
            personal_data.PersonalDataSource(
                key="registry",
                label=_("Registry"),
                export=selectors.registry_personal_data,
                holds=selectors.registry_holds,
                order=0,
            )
        )
        personal_data.register(
            personal_data.PersonalDataSource(
                key="accounts",
                label=_("Accounts"),
                export=selectors.accounts_personal_data,
                holds=selectors.accounts_holds,
                anonymise=services.anonymise_account_of,
                order=10,
            )
        )
        retention.register(
            retention.RetentionRule(
                key="inactive_people",
                data=_("People tied to no organisation, no account and no legal hold"),
                period=services.INACTIVE_PERSON_PERIOD,
                outcome=retention.Outcome.ANONYMISED,
                basis=_(
                    "Access Act (art. 73) and Law 25: once the purposes are achieved, the information is "
                    "destroyed or anonymised; anonymised here because mandates and votes refer to the person."
                ),
                apply=services.anonymise_inactive_people,
            )
        )
