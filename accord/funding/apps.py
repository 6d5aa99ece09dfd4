from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    """The FSDCE fund: envelopes, projects, the approval chain and the fund guide."""

    name = "accord.funding"
    label = "funding"
    verbose_name = _("FSDCE fund")

    def ready(self) -> None:
        # The fund's own words in notes and titles, stored by key and read in the reader's
        # language (accord.core.i18n, decision 25).
        from accord.core.i18n import register_choices, register_messages  # noqa: PLC0415

        from . import guide  # noqa: PLC0415
        from .models import CostCategory  # noqa: PLC0415

        register_choices("funding.cost_category", CostCategory)
        register_messages(guide.MESSAGES)
        register_messages(
            {
                "funding.unspent_at_closing": _("Unspent at closing"),
                "funding.proof": _("Proof: %(claim)s"),
                "funding.final_payment": _("Final payment: the holdback, on acceptance of the final report"),
                "funding.published": _("Published on the public site"),
                "funding.resolution_does_not_move": _("This resolution does not move the project at its current step."),
                "funding.similar_seen": _(
                    "When it decided, the committee had been told that project %(number)s is %(percent)s %% similar."
                ),
                "funding.no_guide": _("No fund guide is in force: the ministry must publish one first."),
                "funding.envelope_short": _(
                    "The envelope of %(region)s has %(available)s left: %(amount)s cannot be committed."
                ),
                # The guide's sentences (guide.MESSAGES), one after the other.
                "funding.guide_problems": "%(problems)s",
            }
        )

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
                adoptable=services.check_adoption,
                # The program's money: a niche committee decides on it only with business
                # people a majority of those who vote and its leader enterprises seated.
                binds_composition=True,
            )
        )

        # Law 25: what the fund holds about a person, and its retention rule (decision 18).
        from accord.core import retention  # noqa: PLC0415
        from accord.registry import personal_data  # noqa: PLC0415

        personal_data.register(
            personal_data.PersonalDataSource(
                key="funding",
                label=_("FSDCE fund"),
                export=selectors.person_personal_data,
                holds=selectors.person_holds,
                order=30,
            )
        )
        # A person's page says where their powers come from: their ties to carriers.
        from accord.registry import powers  # noqa: PLC0415

        powers.register("funding", selectors.carrier_powers)
        retention.register(
            retention.RetentionRule(
                key="closed_project_documents",
                data=_("Documents of projects that ended (closed, refused or withdrawn)"),
                period=retention.years(7),
                outcome=retention.Outcome.DELETED,
                basis=_(
                    "The fund's retention period for grant files (7 years after the end of the project), "
                    "then destroyed (Access Act, art. 73)."
                ),
                apply=services.destroy_expired_documents,
            )
        )

        # A créneau's fiche and a region's page list their published projects (decision 54).
        from accord.registry import showcase  # noqa: PLC0415

        showcase.register(
            "funding", showcase.Provider(for_creneau=selectors.creneau_sections, for_region=selectors.region_sections)
        )

        # The work queues of the landing page, the notification centre and the digest (decision 28).
        from accord.registry import queues  # noqa: PLC0415

        queues.register("funding", selectors.queues_for)

        # A plan's page lists the projects serving each action; removing an action that
        # projects serve is refused (planning.links, decision 35).
        from accord.planning import links  # noqa: PLC0415

        links.register(
            "funding", links.Provider(serving=selectors.projects_serving, holding=selectors.projects_holding)
        )
