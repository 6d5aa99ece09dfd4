"""Forms of the meeting pages. They validate input; services save.

The attendance and vote sheets are one form for many members: one field (or two) per
member, named after the mandate, so the page can show each line's error next to it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import policies
from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Committee,
    DecisionMode,
    ItemKind,
    Mandate,
    Meeting,
    Minutes,
    MinutesStatus,
    Vote,
    VoteChoice,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# A reason is a sentence or two, kept in the history of the record.
REASON_MAX = 300


def _datetime_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )


class MeetingForm(forms.Form):
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


class MeetingDetailsForm(MeetingForm):
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
            },
        )
        super().__init__(*args, **kwargs)
        del self.fields["agenda"]


class MinutesChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(meeting)s, version %(version)s") % {"meeting": obj.meeting, "version": obj.version}


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

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        minutes = (
            Minutes.objects.filter(meeting__committee_id=meeting.committee_id, meeting__starts_at__lt=meeting.starts_at)
            .exclude(status=MinutesStatus.APPROVED)
            .select_related("meeting")
            .order_by("-meeting__starts_at", "-version")
        )
        self.fields["minutes"].queryset = minutes  # type: ignore[attr-defined]


class DocumentForm(forms.Form):
    ALLOWED = (".pdf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp", ".txt", ".csv")
    MAX_BYTES = 20 * 1024 * 1024

    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), help_text=_("PDF, office document, text or CSV; 20 MB at most."))

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        if Path(uploaded.name).suffix.lower() not in self.ALLOWED:
            raise forms.ValidationError(_("Choose a PDF, office document, text or CSV file."))
        if uploaded.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return uploaded


class CancelForm(forms.Form):
    # Named like the model field, so a service's error lands on it.
    cancellation_reason = forms.CharField(
        label=_("Reason for the cancellation"),
        max_length=Meeting._meta.get_field("cancellation_reason").max_length,
        help_text=_("Members who received the notice are told, with this reason."),
    )


class AttendanceForm(forms.Form):
    """One status (and, where the bylaws allow proxies, one proxy holder) per current member."""

    def __init__(
        self,
        *args: Any,
        mandates: Iterable[Mandate],
        attendances: Mapping[int, Attendance],
        proxies_allowed: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.mandates = {m.pk: m for m in mandates}
        self.attendances = attendances
        self.proxies_allowed = proxies_allowed
        statuses = [
            (v, label) for v, label in AttendanceStatus.choices if proxies_allowed or v != AttendanceStatus.PROXY
        ]
        holders = [m for m in self.mandates.values() if m.voting]
        for mandate in self.mandates.values():
            existing = attendances.get(mandate.pk)
            choices = statuses if mandate.voting else [c for c in statuses if c[0] != AttendanceStatus.PROXY]
            if existing is None:
                choices = [("", _("Not recorded")), *choices]
            self.fields[self.status_name(mandate)] = forms.ChoiceField(
                label=_("Attendance of %(person)s") % {"person": mandate.person},
                choices=choices,
                required=False,
                initial=existing.status if existing else "",
            )
            if proxies_allowed and mandate.voting:
                self.fields[self.proxy_name(mandate)] = forms.TypedChoiceField(
                    label=_("Proxy of %(person)s given to") % {"person": mandate.person},
                    choices=[("", "—"), *((h.pk, str(h.person)) for h in holders if h.pk != mandate.pk)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=existing.proxy_holder_id if existing else None,
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
            }
            for mandate in self.mandates.values()
        ]

    def changes(self) -> list[tuple[Mandate, str, Mandate | None]]:
        """(member, status, proxy holder) of the lines that change, proxies last.

        A proxy holder must already be recorded as present, so the proxies go after
        everyone else.
        """
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
        return sorted(changed, key=lambda change: change[1] == AttendanceStatus.PROXY)


class ResolutionForm(forms.Form):
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

    def __init__(self, *args: Any, meeting: Meeting, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.order_by("position")  # type: ignore[attr-defined]
        self.fields["item"].help_text = _("What the resolution is about follows from the item.")
        self.fields["forward_to"].queryset = policies.forward_targets(  # type: ignore[attr-defined]
            user, meeting.committee
        ).order_by("name_fr")


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


class DecideForm(forms.Form):
    mode = forms.ChoiceField(label=_("Decided by"), choices=DecisionMode.choices)


class DeferForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the decision is deferred"),
        max_length=REASON_MAX,
        help_text=_("For example: quorum not reached, information missing."),
    )


class MinutesForm(forms.Form):
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
