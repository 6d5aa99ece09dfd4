from collections.abc import Collection

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Committees, mandates, bylaws, meetings, minutes and resolutions."""

    name = "accord.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # The timeline's summaries the system composes, read in the reader's language (decision 25).
        from accord.core.i18n import register_choices, register_messages  # noqa: PLC0415

        from .models import AttendanceStatus, MandateRole, NoticeAnswerKind  # noqa: PLC0415

        register_choices("governance.attendance", AttendanceStatus)
        register_choices("governance.role", MandateRole)
        register_choices("governance.notice_answer", NoticeAnswerKind)
        register_messages(
            {
                "governance.person_and": "%(person)s – %(what)s",
                "governance.notice_again": _("Notice sent again: %(m)s"),
                "governance.opened_early": _("%(m)s, opened before its day"),
                "governance.minutes_drafted": _("Minutes of %(m)s, version %(v)s"),
                "governance.item_forwarded": _("%(title)s, to %(committee)s"),
                "governance.item_received": _("%(title)s, from resolution %(number)s"),
                "governance.regions_changed": _("Regions: %(values)s"),
                "governance.creneaux_changed": _("Niches: %(values)s"),
                "governance.minutes_commented": _("%(minutes)s, paragraph %(n)s"),
                "governance.interest_vote_withdrawn": _("%(person)s – %(number)s; their vote was withdrawn"),
            }
        )

        # Committees decide on organisations (a member representing one is recused), on
        # minutes (their approval) and on drafts of their bylaws (their adoption); the fund
        # registers its projects (see subjects).
        from accord.registry.models import Organisation  # noqa: PLC0415  models must be loaded first
        from accord.registry.policies import visible_organisations  # noqa: PLC0415

        from . import policies, subjects  # noqa: PLC0415
        from .models import Bylaws, Minutes, RecusalReason  # noqa: PLC0415

        subjects.register(
            subjects.DecidableSubject(
                model=Organisation,
                visible=visible_organisations,
                interested=lambda organisation: {organisation.pk: RecusalReason.CARRIER},
            )
        )
        subjects.register(
            subjects.DecidableSubject(
                model=Minutes,
                visible=lambda user: Minutes.objects.filter(meeting__in=policies.visible_meetings(user)),
            )
        )
        subjects.register(
            subjects.DecidableSubject(
                model=Bylaws,
                visible=lambda user: Bylaws.objects.filter(committee__in=policies.visible_committees(user)),
            )
        )

        # Law 25: seats, attendance, votes and recusals belong to a person's file.
        from accord.registry import personal_data  # noqa: PLC0415

        from . import selectors  # noqa: PLC0415

        personal_data.register(
            personal_data.PersonalDataSource(
                key="governance",
                label=_("Governance"),
                export=selectors.person_personal_data,
                holds=selectors.person_holds,
                order=20,
            )
        )

        # The work queues of the landing page (with the coordinators' overdue reports, decision 23),
        # the notification centre and the digest (decision 28).
        from accord.registry import queues  # noqa: PLC0415

        queues.register("governance", selectors.queues_for)

        # A person's page says where their powers come from: their seats.
        from accord.registry import powers  # noqa: PLC0415

        powers.register("governance", selectors.person_powers)

        # A committee's standing counts the leader enterprises holding its seats (standing.py).
        from accord.registry import watchers  # noqa: PLC0415

        watchers.register("governance", _leaders_changed)


def _leaders_changed(organisation_id: int, fields: Collection[str]) -> None:
    """An organisation's leader status counts in the composition of the committees where it holds a seat."""
    if "is_leader" in fields:
        from . import standing  # noqa: PLC0415

        standing.restate_holders(organisation_id)
