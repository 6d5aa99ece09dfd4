from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunicationConfig(AppConfig):
    """News and success stories (bons coups): written by editors, published on the public site."""

    name = "accord.communication"
    label = "communication"
    verbose_name = _("Communication")

    def ready(self) -> None:
        from accord.core import public  # noqa: PLC0415  models must be loaded first
        from accord.registry import personal_data, showcase  # noqa: PLC0415

        from . import selectors  # noqa: PLC0415

        # A scheduled publication shows by itself when its moment comes: that moment changes the key of
        # the public pages kept whole, with no write (decision 46).
        public.register_clock("communication", selectors.latest_moment)
        # A créneau's fiche and a region's page show their published stories and news.
        showcase.register(
            "communication",
            showcase.Provider(
                for_creneau=selectors.creneau_sections,
                for_region=selectors.region_sections,
                for_search=selectors.search_sections,
            ),
        )
        # Law 25: the changes people's accounts made to news and stories (the history names its authors).
        personal_data.register(
            personal_data.PersonalDataSource(
                key="communication",
                label=_("News and success stories"),
                export=selectors.person_personal_data,
                order=38,
            )
        )
