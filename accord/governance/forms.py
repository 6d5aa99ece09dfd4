"""Every form of governance. They validate input; services save.

The attendance and vote sheets are one form for many members: one field (or two) per
member, named after the mandate, so the page can show each line's error next to it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from accord.core.files import check_document
from accord.core.forms import RevisionMixin, SubmissionTokenMixin, apply_service_errors, refuse_line_breaks
from accord.core.i18n import elides
from accord.registry.models import Creneau, Organisation, Region

from . import policies, selectors
from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Bylaws,
    Committee,
    CommitteeKind,
    Constituency,
    DecisionMode,
    DelegationChange,
    ItemKind,
    Mandate,
    MandateRole,
    Meeting,
    Minutes,
    MinutesStatus,
    NoticeAnswerKind,
    Resolution,
    Vote,
    VoteChoice,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CommitteeForm(RevisionMixin, forms.ModelForm):
    reason = forms.CharField(label=_("Reason for the change"), max_length=100, required=False)

    class Meta:
        model = Committee
        fields = [
            "kind",
            "name_fr",
            "name_en",
            "code",
            "region",
            "creneau",
            "parent",
            "topic",
            "regions",
            "creneaux",
            "created_on",
        ]
        widgets = {
            "created_on": DATE,
            "regions": forms.CheckboxSelectMultiple,
            "creneaux": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].help_text = _("For a regional committee.")
        self.fields["creneau"].help_text = _("For a niche committee.")
        self.fields["parent"].help_text = _("For an executive or work committee: the committee it reports to.")
        self.fields["parent"].queryset = policies.visible_committees(user).order_by("name_fr")  # type: ignore[attr-defined]
        self.fields["creneau"].queryset = Creneau.objects.active().order_by("name_fr")  # type: ignore[attr-defined]
        self.fields["creneaux"].queryset = Creneau.objects.active().order_by("name_fr")  # type: ignore[attr-defined]
        self.fields["regions"].queryset = Region.objects.order_by("code")  # type: ignore[attr-defined]
        self.fields["regions"].help_text = _("For an interregional committee.")
        if self.instance.pk:
            # The kind and the body a committee belongs to do not change once it exists.
            for name in ("kind", "region", "creneau"):
                self.fields[name].disabled = True


class PersonSearchForm(forms.Form):
    person_q = forms.CharField(label=_("Find a person"), max_length=100, required=False)


class MandateForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=MandateRole.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE, initial=timezone.localdate)
    ends_on = forms.DateField(label=_("Last day of the term"), widget=DATE, required=False)
    voting = forms.TypedChoiceField(
        label=_("Voting right"),
        choices=[("", _("According to the role")), ("yes", _("Votes")), ("no", _("Does not vote"))],
        required=False,
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
    )
    organisation = forms.ModelChoiceField(label=_("Represents"), queryset=Organisation.objects.none(), required=False)
    constituency = forms.ChoiceField(label=_("Constituency"), choices=Constituency.choices)
    reason = forms.CharField(label=_("Reason"), max_length=100, required=False)
    override_reason = forms.CharField(
        label=_("Reason for overriding the bylaws"),
        max_length=300,
        required=False,
        help_text=_(
            "Ministry only: a seat the committee's binding bylaws refuse (term, consecutive terms, size) "
            "is recorded with this reason."
        ),
    )

    def __init__(self, *args: Any, organisations: Any, can_override: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")  # type: ignore[attr-defined]
        self.fields["organisation"].help_text = _("One of the person's organisations.")
        self.fields["ends_on"].help_text = _(
            "Left empty under bylaws with a binding term, the mandate ends on the term's last day."
        )
        if not can_override:
            del self.fields["override_reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A mandate cannot end before it starts."))
        return data


class SeatDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why the seat is declined"), max_length=200)


class MandateEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(label=_("Why the mandate ends"), max_length=200)


class BylawsForm(forms.ModelForm):
    """A draft version of the bylaws: a resolution of the committee adopts it later."""

    class Meta:
        model = Bylaws
        fields = [
            "mission",
            "business_majority",
            "business_majority_blocking",
            "min_leader_enterprises",
            "leader_enterprises_blocking",
            "max_members",
            "max_members_blocking",
            "term_months",
            "term_months_blocking",
            "max_consecutive_terms",
            "max_consecutive_terms_blocking",
            "min_meetings_per_year",
            "quorum_rule",
            "quorum_fraction",
            "quorum_count",
            "decision_rule",
            "consensus_allowed",
            "proxies_allowed",
            "max_proxies_per_member",
            "conflict_of_interest_policy",
            "coordinator_report_months",
        ]
        # "0,60" in French, "0.60" in English (walkthrough E: the French hint read "0.60").
        localized_fields = ("quorum_fraction",)
        widgets = {"mission": forms.Textarea(attrs={"rows": 4})}


class ReportForm(forms.Form):
    coordinator = forms.ModelChoiceField(label=_("Coordinator"), queryset=Mandate.objects.none())
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    activities = forms.CharField(label=_("Activities"), widget=forms.Textarea(attrs={"rows": 6}))
    next_steps = forms.CharField(label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(
        self,
        *args: Any,
        committee: Committee,
        open_mandates: list[Resolution],
        person_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        coordinators = committee.mandates.current().filter(role=MandateRole.COORDINATOR).select_related("person")  # type: ignore[attr-defined]
        self.fields["coordinator"].queryset = coordinators  # type: ignore[attr-defined]
        if person_id is not None:
            # The coordinator who signs in reports for themselves: their seat is chosen (walkthrough E).
            own = coordinators.filter(person_id=person_id).values_list("pk", flat=True).first()
            if own is not None:
                self.initial.setdefault("coordinator", own)
        self.open_mandates = open_mandates
        for resolution in open_mandates:
            self.fields[f"progress_{resolution.pk}"] = forms.CharField(
                label=_("Progress on %(number)s – %(title)s")
                % {"number": resolution.number, "title": resolution.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
            self.fields[f"completed_{resolution.pk}"] = forms.BooleanField(
                label=_("Mandate %(number)s completed") % {"number": resolution.number}, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data

    def progress(self) -> list[tuple[Resolution, str, bool]]:
        rows = []
        for resolution in self.open_mandates:
            text = self.cleaned_data.get(f"progress_{resolution.pk}", "").strip()
            completed = bool(self.cleaned_data.get(f"completed_{resolution.pk}"))
            if text or completed:
                rows.append((resolution, text, completed))
        return rows


# --- Meetings --------------------------------------------------------------------------------

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# A reason is a sentence or two, kept in the history of the record.
REASON_MAX = 300


def _datetime_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )


class MeetingForm(SubmissionTokenMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = _datetime_field(_("Starts at"))
    ends_at = _datetime_field(_("Ends at"), required=False)
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"),
        required=False,
        assume_scheme="https",
        help_text=_("Give a place, a link or both."),
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One item per line; you can add items, descriptions and documents later. "
            "Decisions other committees forwarded to this one are added for you."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        refuse_line_breaks(self, "title", "location")

    def clean_agenda(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("agenda", "").splitlines()]
        titles = [line for line in lines if line]
        if any(len(title) > AgendaItem._meta.get_field("title").max_length for title in titles):  # type: ignore[operator]
            raise forms.ValidationError(_("An item title has at most 300 characters."))
        return titles

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_at: datetime.datetime | None = data.get("starts_at")
        ends_at: datetime.datetime | None = data.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("A meeting cannot end before it starts."))
        return data


class MeetingDetailsForm(RevisionMixin, MeetingForm):
    """The title, time and place of a meeting not yet held (its agenda is edited item by item)."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=300,
        required=False,
        help_text=_("Members already convened receive the new notice with this reason."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "title": meeting.title,
                "starts_at": timezone.localtime(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
                "ends_at": timezone.localtime(meeting.ends_at).strftime("%Y-%m-%dT%H:%M") if meeting.ends_at else "",
                "location": meeting.location,
                "online_url": meeting.online_url,
                "revision": meeting.revision,
            },
        )
        super().__init__(*args, **kwargs)
        del self.fields["agenda"]
        del self.fields["submission_token"]  # an edit is not a creation: its revision guards it


class MinutesChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(meeting)s, version %(version)s") % {"meeting": obj.meeting, "version": obj.version}


class BylawsChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("Draft version %(version)s") % {"version": obj.version}


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person} – {obj.get_role_display()}"


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices, initial=ItemKind.DISCUSSION)
    minutes = MinutesChoiceField(
        label=_("Minutes to approve"),
        queryset=Minutes.objects.none(),
        required=False,
        help_text=_(
            "For the approval of the minutes of an earlier meeting: the resolution on this item approves them."
        ),
    )

    bylaws = BylawsChoiceField(
        label=_("Bylaws to adopt"),
        queryset=Bylaws.objects.none(),
        required=False,
        help_text=_("For the adoption of a draft of the bylaws: the resolution on this item puts it in force."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        minutes = (
            Minutes.objects.filter(meeting__committee_id=meeting.committee_id, meeting__starts_at__lt=meeting.starts_at)
            .exclude(status=MinutesStatus.APPROVED)
            .select_related("meeting")
            .order_by("-meeting__starts_at", "-version")
        )
        self.fields["minutes"].queryset = minutes  # type: ignore[attr-defined]
        drafts = Bylaws.objects.filter(committee_id=meeting.committee_id, adopted_on__isnull=True).order_by("-version")
        self.fields["bylaws"].queryset = drafts  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("minutes") and data.get("bylaws"):
            self.add_error("bylaws", _("An item is about the minutes or the bylaws, not both."))
        return data

    def subject(self) -> Any:
        """What the item is about: the minutes to approve or the draft bylaws to adopt, if any."""
        return self.cleaned_data.get("minutes") or self.cleaned_data.get("bylaws")


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, office document, text or CSV; 20 MB at most."))

    def clean_file(self) -> Any:
        return check_document(self.cleaned_data["file"])


class CancelForm(forms.Form):
    # Named like the model field, so a service's error lands on it.
    cancellation_reason = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=Meeting._meta.get_field("cancellation_reason").max_length,
        help_text=_("Members who received the notice are told, with this reason."),
    )


_ANSWER_TO_STATUS = {
    NoticeAnswerKind.ATTENDING: AttendanceStatus.PRESENT,
    NoticeAnswerKind.EXCUSED: AttendanceStatus.EXCUSED,
    NoticeAnswerKind.PROXY: AttendanceStatus.PROXY,
}


def attendance_label(person: Any) -> str:
    """ "Attendance of Anne Ouellet": "Présence d'Émilie Côté" in French, where the name asks for it."""
    name = str(person)
    if elides(name):
        return pgettext("before a vowel", "Attendance of %(person)s") % {"person": name}
    return gettext("Attendance of %(person)s") % {"person": name}


class AttendanceForm(forms.Form):
    """One status (and, where the bylaws allow proxies, one proxy holder) per current member."""

    def __init__(
        self,
        *args: Any,
        mandates: Iterable[Mandate],
        attendances: Mapping[int, Attendance],
        proxies_allowed: bool,
        answers: Mapping[int, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.mandates = {m.pk: m for m in mandates}
        self.attendances = attendances
        self.proxies_allowed = proxies_allowed
        # The members' answers to the notice: shown on each line, and the sheet's first guess
        # for a member not recorded yet (attending → present, excused, proxy and its holder).
        self.answers = answers or {}
        statuses = [
            (v, label) for v, label in AttendanceStatus.choices if proxies_allowed or v != AttendanceStatus.PROXY
        ]
        holders = [m for m in self.mandates.values() if m.voting]
        for mandate in self.mandates.values():
            existing = attendances.get(mandate.pk)
            choices = statuses if mandate.voting else [c for c in statuses if c[0] != AttendanceStatus.PROXY]
            if existing is None:
                choices = [("", _("Not recorded")), *choices]
            answer = self.answers.get(mandate.pk)
            guess: str = _ANSWER_TO_STATUS.get(answer.answer, "") if answer is not None else ""
            if guess and guess not in {value for value, _label in choices}:
                guess = ""
            self.fields[self.status_name(mandate)] = forms.ChoiceField(
                label=attendance_label(mandate.person),
                choices=choices,
                required=False,
                initial=existing.status if existing else guess,
            )
            if proxies_allowed and mandate.voting:
                self.fields[self.proxy_name(mandate)] = forms.TypedChoiceField(
                    label=_("Proxy of %(person)s given to") % {"person": mandate.person},
                    choices=[("", "—"), *((h.pk, str(h.person)) for h in holders if h.pk != mandate.pk)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=existing.proxy_holder_id
                    if existing
                    else getattr(self.answers.get(mandate.pk), "proxy_holder_id", None),
                )

    @staticmethod
    def status_name(mandate: Mandate) -> str:
        return f"status_{mandate.pk}"

    @staticmethod
    def proxy_name(mandate: Mandate) -> str:
        return f"proxy_{mandate.pk}"

    def rows(self) -> list[dict[str, Any]]:
        """Each member with their fields, for the template."""
        return [
            {
                "mandate": mandate,
                "status": self[self.status_name(mandate)],
                "proxy": self[self.proxy_name(mandate)] if self.proxy_name(mandate) in self.fields else None,
                "answer": self.answers.get(mandate.pk),
            }
            for mandate in self.mandates.values()
        ]

    def changes(self) -> list[tuple[Mandate, str, Mandate | None]]:
        """(member, status, proxy holder) of the lines that change."""
        changed = []
        for mandate in self.mandates.values():
            status = self.cleaned_data.get(self.status_name(mandate)) or ""
            if not status:
                continue
            holder_id = self.cleaned_data.get(self.proxy_name(mandate)) if status == AttendanceStatus.PROXY else None
            existing = self.attendances.get(mandate.pk)
            if existing is not None and (existing.status, existing.proxy_holder_id) == (status, holder_id):
                continue
            changed.append((mandate, status, self.mandates.get(holder_id) if holder_id else None))
        return changed

    def show_refusals(self, refusals: Mapping[int, ValidationError]) -> None:
        """Each refused line's reasons on its field: the proxy holder of a proxy, else the status."""
        for pk, refusal in refusals.items():
            mandate = self.mandates.get(pk)
            field = None
            if mandate is not None:
                proxy = self.cleaned_data.get(self.status_name(mandate)) == AttendanceStatus.PROXY
                field = self.proxy_name(mandate) if proxy else self.status_name(mandate)
            apply_service_errors(self, refusal, default=field)


class ResolutionForm(SubmissionTokenMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), help_text=_("“Whereas…, it is resolved that…”")
    )
    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)
    forward_to = forms.ModelChoiceField(
        label=_("Decision to be taken next by"),
        queryset=Committee.objects.none(),
        required=False,
        help_text=_("If adopted, the item goes on the agenda of this committee's next meeting."),
    )
    gives_coordinator_mandate = forms.BooleanField(label=_("Gives the coordinator a mandate"), required=False)
    delegation = forms.ChoiceField(
        label=_("Decisions on projects"),
        choices=DelegationChange.choices,
        required=False,
        help_text=_("Once adopted and signed off, the executive committee decides on the niche's projects, or stops."),
    )
    delegates_to = forms.ModelChoiceField(
        label=_("Executive committee"), queryset=Committee.objects.none(), required=False
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "Required when the agenda item warns that the decision departs from a rule, for example a project"
            " above a niche's fair share of the envelope: the committee's reasons, kept with the decision."
        ),
    )

    def __init__(self, *args: Any, meeting: Meeting, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        refuse_line_breaks(self, "title")
        self.fields["item"].queryset = meeting.items.order_by("position")  # type: ignore[attr-defined]
        self.fields["item"].help_text = _("What the resolution is about follows from the item.")
        self.fields["forward_to"].queryset = policies.forward_targets(  # type: ignore[attr-defined]
            user, meeting.committee
        ).order_by("name_fr")
        # Only a niche committee with an executive committee delegates its decisions on projects.
        executives = meeting.committee.subcommittees.active().filter(kind=CommitteeKind.EXECUTIVE)  # type: ignore[attr-defined]
        if meeting.committee.kind == CommitteeKind.CRENEAU and executives.exists():
            self.fields["delegates_to"].queryset = executives.order_by("name_fr")  # type: ignore[attr-defined]
        else:
            del self.fields["delegation"]
            del self.fields["delegates_to"]


class InterestForm(forms.Form):
    mandate = MemberChoiceField(label=_("Member"), queryset=Mandate.objects.none(), empty_label=None)
    # Named like the model field, so a service's error lands on it.
    declared_interest = forms.CharField(
        label=_("Interest"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: shareholder of the company that carries the project. The member is then recused."),
    )

    def __init__(self, *args: Any, mandates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mandate"].queryset = mandates  # type: ignore[attr-defined]


class VotesForm(forms.Form):
    """One for / against / abstain choice per member who may vote."""

    def __init__(self, *args: Any, voters: Iterable[Mandate], votes: Mapping[int, Vote], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.voters = {m.pk: m for m in voters}
        self.votes = votes
        for mandate in self.voters.values():
            existing = votes.get(mandate.pk)
            self.fields[self.name(mandate)] = forms.ChoiceField(
                label=str(mandate.person),
                choices=VoteChoice.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=existing.choice if existing else None,
            )

    @staticmethod
    def name(mandate: Mandate) -> str:
        return f"vote_{mandate.pk}"

    def rows(self) -> list[dict[str, Any]]:
        return [{"mandate": m, "field": self[self.name(m)]} for m in self.voters.values()]

    def changes(self) -> list[tuple[Mandate, str]]:
        """(member, choice) of the votes that are new or different."""
        changed = []
        for mandate in self.voters.values():
            choice = self.cleaned_data.get(self.name(mandate)) or ""
            existing = self.votes.get(mandate.pk)
            if choice and (existing is None or existing.choice != choice):
                changed.append((mandate, choice))
        return changed

    def show_refusals(self, refusals: Mapping[int, ValidationError]) -> None:
        """Each refused vote's reasons on its line."""
        for pk, refusal in refusals.items():
            mandate = self.voters.get(pk)
            apply_service_errors(self, refusal, default=self.name(mandate) if mandate is not None else None)


class DecideForm(forms.Form):
    mode = forms.ChoiceField(label=_("Decided by"), choices=DecisionMode.choices)


class DeferForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the decision is deferred"),
        max_length=REASON_MAX,
        help_text=_("For example: quorum not reached, information missing."),
    )


class MinutesForm(RevisionMixin, forms.Form):
    text = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 20}))
    reason = forms.CharField(
        label=_("What changes"),
        max_length=REASON_MAX,
        required=False,
        help_text=_("Optional. Kept in the history of the minutes, for example “comments of the members”."),
    )

    def __init__(self, *args: Any, amending: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not amending:
            del self.fields["reason"]


class NoticeAnswerForm(forms.Form):
    """A member's answer to a notice: attending, excused, or a proxy to a voting colleague (when the bylaws allow)."""

    answer = forms.ChoiceField(label=_("Your answer"), widget=forms.RadioSelect)
    proxy_holder = forms.TypedChoiceField(
        label=_("Proxy given to"),
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("A voting member of the committee, who will vote for you."),
    )
    note = forms.CharField(label=_("Note to the secretary"), max_length=300, required=False)

    def __init__(self, *args: Any, answering: selectors.Answering, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # What the seat may answer is the selector's (the API offers the same).
        self.colleagues = {m.pk: m for m in answering.proxy_holders}
        self.fields["answer"].choices = answering.choices  # type: ignore[attr-defined]
        if self.colleagues:
            self.fields["proxy_holder"].choices = [  # type: ignore[attr-defined]
                ("", "—"),
                *((m.pk, str(m.person)) for m in self.colleagues.values()),
            ]
        else:
            del self.fields["proxy_holder"]

    def holder(self) -> Mandate | None:
        pk = self.cleaned_data.get("proxy_holder")
        return self.colleagues.get(pk) if pk else None


class MinutesCommentForm(forms.Form):
    """A comment on one paragraph of circulated minutes."""

    paragraph = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
