from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared plumbing: no domain rules live here."""

    name = "accord.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import (  # noqa: PLC0415
            access_log,
            checks,  # noqa: F401  registers the deploy checks
            collation,
            mail,
            retention,
            services,
        )

        collation.connect()
        retention.register(
            retention.RetentionRule(
                key="access_log",
                data=_("Log of access to personal information"),
                period=access_log.ACCESS_LOG_PERIOD,
                outcome=retention.Outcome.DELETED,
                basis=_(
                    "Act respecting the protection of personal information in the private sector and Access Act "
                    "(art. 73): destroyed once its purpose (answering a complaint about an access) is achieved."
                ),
                apply=access_log.purge_access_log,
            )
        )
        retention.register(
            retention.RetentionRule(
                key="idempotency_keys",
                data=_("Keys of submissions (forms and API calls sent twice)"),
                period=services.IDEMPOTENCY_KEY_PERIOD,
                outcome=retention.Outcome.DELETED,
                basis=_("Technical data: kept only as long as a repeated submission is plausible."),
                apply=services.purge_idempotency_keys,
            )
        )
        retention.register(
            retention.RetentionRule(
                key="email_deliveries",
                data=_("Record of each email delivered (a notice's recipients)"),
                period=mail.DELIVERY_PERIOD,
                outcome=retention.Outcome.DELETED,
                basis=_("Technical data: kept only as long as the sending may be retried."),
                apply=mail.purge_deliveries,
            )
        )
