"""Every read of the collaboration between créneaux (decision 57): the links of one créneau with the
others and the program's network of créneaux, each link with its reasons, and the experience notes.

A link between two créneaux is read from the data of the apps that hold its reasons, one aggregate
query per kind of reason, whatever the number of créneaux, members or projects:
- shared members: a published organisation member of both (registry memberships);
- joint projects: a project of the fund that serves both, past its draft (funding.ProjectCreneau);
- interregional committees: a committee in operation whose créneaux include both (governance);
- shared themes: an axis of the same kind in both créneaux's adopted plans (planning);
- merger: one is a predecessor of the other (registry);
- similar projects: pairs of similar projects, from the fund's own search (`_similar_pairs`);
- declared: a current `CreneauLink` (supplier and customer, shared technology, shared market, other).
Names are shown only where the reader may see them: published organisations, the projects the
reader may open or the public site shows; the others are counted, never named.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from accord.accounts.models import User
from accord.core.history import HistoryEntry, history_entries
from accord.core.i18n import localized
from accord.funding import policies as funding_policies
from accord.funding import selectors as funding_selectors
from accord.funding.models import Project, ProjectCreneau, ProjectStatus
from accord.governance.models import Committee, CommitteeKind
from accord.planning import policies as planning_policies
from accord.planning.models import Action, AxisKind, PlanStatus
from accord.planning.models import Axis as PlanAxis
from accord.registry import personal_data
from accord.registry.models import Creneau, CreneauRegion, Membership, Region

from . import policies
from .models import CreneauLink, DeclaredKind, ExperienceNote, ExperienceNoteQuerySet, LinkKind

#: How many names a reason shows (shared members, joint projects); the others are counted.
NAMES_SHOWN = 5

#: The kinds of reason, in the order a link lists them.
KIND_ORDER = [kind.value for kind in LinkKind]

#: Projects that count as joint: past their draft, and not withdrawn (a draft is its carrier's alone).
_NOT_JOINT = [ProjectStatus.DRAFT, ProjectStatus.WITHDRAWN]

Pair = tuple[int, int]


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


@dataclass
class Reason:
    """One reason two créneaux are linked: its kind, how many facts (members, projects…) and what the
    reader may see of them."""

    kind: str
    count: int = 0
    names: list[str] = field(default_factory=list)
    #: A declared link: the row (its reason, who may end it) and its direction seen from the page's créneau.
    link: CreneauLink | None = None
    direction: str = ""

    @property
    def label(self) -> str:
        return str(LinkKind(self.kind).label)

    @property
    def unnamed(self) -> int:
        """The facts counted but not named (beyond the names shown, or not the reader's to see)."""
        return max(self.count - len(self.names), 0)


@dataclass
class Edge:
    """Two créneaux and the reasons that link them."""

    a: Creneau
    b: Creneau
    reasons: list[Reason]

    @property
    def weight(self) -> int:
        """The number of reasons: each shared member, joint project, committee, theme… counts one."""
        return sum(max(reason.count, 1) for reason in self.reasons)

    @property
    def kinds(self) -> list[str]:
        return sorted({reason.kind for reason in self.reasons}, key=KIND_ORDER.index)

    def other(self, creneau: Creneau) -> Creneau:
        return self.b if self.a.pk == creneau.pk else self.a


# --- Similar projects: the fund's own search ---------------------------------------------------------


def _similar_pairs() -> Iterable[tuple[int, int, int]]:
    """The pairs of créneaux with very similar projects: `(creneau_id, creneau_id, number of pairs of
    projects)`, from the pairs the fund's services keep (decision 56) in one query."""
    return [(a, b, n) for a, b, n in funding_selectors.similar_creneau_pairs() if a != b and n]


# --- Counting the reasons ------------------------------------------------------------------------------


def _counts(kinds: set[str], only: int | None = None) -> dict[Pair, dict[str, int]]:
    """How many reasons of each kind link each pair of créneaux (those of one créneau when `only`): one
    aggregate query per kind asked."""
    found: dict[Pair, dict[str, int]] = defaultdict(dict)

    def add(rows: Iterable[tuple[int, int, int]], kind: str) -> None:
        for a, b, n in rows:
            if a != b and n:
                pair = _pair(a, b)
                found[pair][kind] = found[pair].get(kind, 0) + n

    if LinkKind.SHARED_MEMBERS in kinds:
        # A membership joined to the other memberships of its organisation: one row per organisation
        # and pair (with `only`, the other créneaux' memberships of the organisations of `only`).
        members = Membership.objects.filter(organisation__is_published=True)
        members = (
            members.filter(organisation__memberships__creneau_id=only).exclude(creneau_id=only)
            if only
            else members.filter(organisation__memberships__creneau_id__gt=F("creneau_id"))
        )
        add(
            members.values_list("creneau_id", "organisation__memberships__creneau_id")
            .annotate(n=Count("organisation_id"))
            .order_by(),
            LinkKind.SHARED_MEMBERS,
        )
    if LinkKind.JOINT_PROJECTS in kinds:
        joint = ProjectCreneau.objects.exclude(project__status__in=_NOT_JOINT)
        joint = (
            joint.filter(project__creneau_links__creneau_id=only).exclude(creneau_id=only)
            if only
            else joint.filter(project__creneau_links__creneau_id__gt=F("creneau_id"))
        )
        add(
            joint.values_list("creneau_id", "project__creneau_links__creneau_id")
            .annotate(n=Count("project_id"))
            .order_by(),
            LinkKind.JOINT_PROJECTS,
        )
    if LinkKind.COMMITTEE in kinds:
        through = Committee.creneaux.through.objects.filter(
            committee__kind=CommitteeKind.INTERREGIONAL, committee__dissolved_on__isnull=True
        )
        through = (
            through.filter(committee__creneaux__id=only).exclude(creneau_id=only)
            if only
            else through.filter(committee__creneaux__id__gt=F("creneau_id"))
        )
        add(
            through.values_list("creneau_id", "committee__creneaux__id").annotate(n=Count("committee_id")).order_by(),
            LinkKind.COMMITTEE,
        )
    if LinkKind.SHARED_THEMES in kinds:
        themes = plan_themes()
        by_theme: dict[str, list[int]] = defaultdict(list)
        for creneau_id, kinds_of in themes.items():
            for theme in kinds_of:
                by_theme[theme].append(creneau_id)
        # Pairs among the créneaux of each theme: the rows are the plans' axis kinds (a few per
        # créneau), not the axes, objectives or actions.
        for sharing in by_theme.values():
            if only is None:
                pairs: Iterable[tuple[int, int]] = itertools.combinations(sorted(sharing), 2)
            elif only in sharing:
                pairs = [(only, other) for other in sharing if other != only]
            else:
                pairs = []
            add(((a, b, 1) for a, b in pairs), LinkKind.SHARED_THEMES)
    if LinkKind.MERGER in kinds:
        mergers = Creneau.predecessors.through.objects.all()
        if only:
            mergers = mergers.filter(Q(from_creneau_id=only) | Q(to_creneau_id=only))
        add(((a, b, 1) for a, b in mergers.values_list("from_creneau_id", "to_creneau_id")), LinkKind.MERGER)
    if LinkKind.SIMILAR_PROJECTS in kinds:
        add(
            ((a, b, n) for a, b, n in _similar_pairs() if not only or only in (a, b)),
            LinkKind.SIMILAR_PROJECTS,
        )
    declared = set(DeclaredKind.values) & kinds
    if declared:
        links = CreneauLink.objects.current().filter(kind__in=declared)
        if only:
            links = links.filter(Q(source_id=only) | Q(target_id=only))
        for a, b, kind, n in links.values_list("source_id", "target_id", "kind").annotate(n=Count("pk")).order_by():
            add([(a, b, n)], kind)
    return found


def plan_themes() -> dict[int, set[str]]:
    """The themes of each créneau's adopted plans: their axes' kinds, "other" aside (its axes are the
    créneau's own and name no common theme). One query; a few rows a créneau."""
    themes: dict[int, set[str]] = defaultdict(set)
    rows = (
        PlanAxis.objects.filter(plan__status=PlanStatus.ADOPTED)
        .exclude(kind=AxisKind.OTHER)
        .values_list("plan__creneau_id", "kind")
        .distinct()
        .order_by()
    )
    for creneau_id, kind in rows:
        themes[creneau_id].add(kind)
    return themes


# --- One créneau's links -------------------------------------------------------------------------------


def _first_names(rows: QuerySet[Any], partition: str, name: str) -> dict[int, list[str]]:
    """The first NAMES_SHOWN names of each partition, in alphabetical order (one query: a window)."""
    ranked = rows.annotate(
        rank=Window(RowNumber(), partition_by=[F(partition)], order_by=[F(name).asc()]),
    ).filter(rank__lte=NAMES_SHOWN)
    names: dict[int, list[str]] = defaultdict(list)
    for other, label in ranked.values_list(partition, name).order_by(partition, name):
        names[other].append(label)
    return names


def _bilingual(french: str, english: str) -> str:
    """The English name when English is active and there is one, otherwise the French one."""
    return localized(SimpleNamespace(name_fr=french, name_en=english), "name")


def _readable_projects(user: Any) -> Q:
    """The projects whose title the reader sees: those they may open, and those the public site shows."""
    return Q(project_id__in=funding_policies.visible_projects(user).values("pk")) | Q(
        project_id__in=funding_policies.published_projects().values("pk")
    )


def creneau_links(creneau: Creneau, user: Any) -> list[Edge]:
    """The créneaux linked to this one with every reason, the most linked first: one query per kind
    of reason and one for each kind's names, whatever the number of créneaux."""
    counts = _counts(set(LinkKind.values), only=creneau.pk)
    if not counts:
        return []
    others = {pk for pair in counts for pk in pair if pk != creneau.pk}
    by_pk = {c.pk: c for c in Creneau.objects.filter(pk__in=others | {creneau.pk})}
    member_names = _first_names(
        Membership.objects.filter(organisation__is_published=True, creneau_id__in=others).filter(
            organisation__memberships__creneau_id=creneau.pk
        ),
        "creneau_id",
        "organisation__name",
    )
    project_names = _first_names(
        ProjectCreneau.objects.filter(creneau_id__in=others)
        .exclude(project__status__in=_NOT_JOINT)
        .filter(project__creneau_links__creneau_id=creneau.pk)
        .filter(_readable_projects(user)),
        "creneau_id",
        "project__title",
    )
    committee_names: dict[int, list[str]] = defaultdict(list)
    for other, name_fr, name_en in (
        Committee.creneaux.through.objects.filter(
            creneau_id__in=others,
            committee__kind=CommitteeKind.INTERREGIONAL,
            committee__dissolved_on__isnull=True,
            committee__creneaux__id=creneau.pk,
        )
        .values_list("creneau_id", "committee__name_fr", "committee__name_en")
        .order_by("committee__name_fr")
    ):
        committee_names[other].append(_bilingual(name_fr, name_en))
    themes = plan_themes()
    predecessors = set(creneau.predecessors.values_list("pk", flat=True))
    declared: dict[int, list[CreneauLink]] = defaultdict(list)
    for link in (
        CreneauLink.objects.current().filter(Q(source=creneau) | Q(target=creneau)).select_related("declared_by")
    ):
        declared[link.target_id if link.source_id == creneau.pk else link.source_id].append(link)

    edges: list[Edge] = []
    for pair, kinds in counts.items():
        other_pk = pair[1] if pair[0] == creneau.pk else pair[0]
        other = by_pk[other_pk]
        reasons: list[Reason] = []
        for kind in sorted(kinds, key=KIND_ORDER.index):
            if kind in DeclaredKind.values:
                for link in declared[other_pk]:
                    if link.kind == kind:
                        direction = ""
                        if kind == DeclaredKind.SUPPLIER_CUSTOMER:
                            direction = "supplier" if link.source_id == creneau.pk else "customer"
                        reasons.append(Reason(kind, 1, link=link, direction=direction))
                continue
            reason = Reason(kind, kinds[kind])
            if kind == LinkKind.SHARED_MEMBERS:
                reason.names = member_names.get(other_pk, [])
            elif kind == LinkKind.JOINT_PROJECTS:
                reason.names = project_names.get(other_pk, [])
            elif kind == LinkKind.COMMITTEE:
                reason.names = committee_names.get(other_pk, [])
            elif kind == LinkKind.SHARED_THEMES:
                shared = themes.get(creneau.pk, set()) & themes.get(other_pk, set())
                reason.names = [str(AxisKind(theme).label) for theme in sorted(shared, key=AxisKind.values.index)]
            elif kind == LinkKind.MERGER:
                # Seen from this créneau: the other one is its predecessor, or its successor.
                reason.direction = "predecessor" if other_pk in predecessors else "successor"
            reasons.append(reason)
        edges.append(Edge(creneau, other, reasons))
    return sorted(edges, key=lambda e: (-e.weight, e.b.name_fr))


# --- The program's network -----------------------------------------------------------------------------


@dataclass
class Network:
    """The créneaux linked to at least one other, and their links, as the map and its table show them."""

    nodes: list[Creneau]
    edges: list[Edge]

    def as_data(self, url_of: Callable[[Creneau], str]) -> dict[str, list[dict[str, Any]]]:
        """The network as the graph library reads it (embedded in the page with json_script)."""
        return {
            "nodes": [
                {
                    "data": {
                        "id": f"c{node.pk}",
                        "label": node.name,
                        "category": node.category,
                        "url": url_of(node),
                    }
                }
                for node in self.nodes
            ],
            "edges": [
                {
                    "data": {
                        "id": f"e{edge.a.pk}-{edge.b.pk}",
                        "source": f"c{edge.a.pk}",
                        "target": f"c{edge.b.pk}",
                        "weight": edge.weight,
                        "kind": edge.kinds[0],
                        "label": ", ".join(str(LinkKind(kind).label) for kind in edge.kinds),
                    }
                }
                for edge in self.edges
            ],
        }


def network(*, region: Region | None = None, theme: str = "", kinds: Iterable[str] = ()) -> Network:
    """Every link between two créneaux, narrowed to those touching a region, to créneaux whose adopted
    plans share a theme, and to some kinds of reason: one query per kind of reason, one for the
    créneaux and one for the region, whatever the number of créneaux."""
    wanted = set(kinds) & set(LinkKind.values) or set(LinkKind.values)
    counts = _counts(wanted)
    if region is not None:
        in_region = set(CreneauRegion.objects.filter(region=region).values_list("creneau_id", flat=True))
        counts = {pair: found for pair, found in counts.items() if in_region & set(pair)}
    if theme:
        themes = plan_themes()
        counts = {
            pair: found
            for pair, found in counts.items()
            if theme in themes.get(pair[0], set()) and theme in themes.get(pair[1], set())
        }
    ids = {pk for pair in counts for pk in pair}
    by_pk = {c.pk: c for c in Creneau.objects.filter(pk__in=ids).order_by("name_fr")}
    edges = [
        Edge(
            by_pk[a],
            by_pk[b],
            [Reason(kind, n) for kind, n in sorted(found.items(), key=lambda i: KIND_ORDER.index(i[0]))],
        )
        for (a, b), found in counts.items()
    ]
    edges.sort(key=lambda e: (-e.weight, e.a.name_fr, e.b.name_fr))
    return Network(nodes=list(by_pk.values()), edges=edges)


def link_history(link: CreneauLink) -> list[HistoryEntry]:
    """Who declared the link, who ended it, when and why, newest first."""
    return history_entries(CreneauLink.history.filter(id=link.pk).select_related("history_user"))  # type: ignore[attr-defined]


# --- Experience notes ----------------------------------------------------------------------------------


def notes(user: Any) -> ExperienceNoteQuerySet:
    """The notes the user may open, the drafts first then the latest published, each with its
    créneau (one query per page; the FilterSet narrows it)."""
    return (
        policies.visible_notes(user).select_related("creneau").order_by(F("published_at").desc(nulls_first=True), "-pk")
    )


def note(user: Any, pk: int) -> ExperienceNoteQuerySet:
    """The note of that number the user may open (empty: a 404)."""
    return policies.visible_notes(user).filter(pk=pk).select_related("creneau", "author")


def note_projects(note: ExperienceNote, user: Any) -> list[Project]:
    """The projects the note concerns that the reader may see (the others are not named): one query."""
    readable = funding_policies.visible_projects(user).values("pk")
    public = funding_policies.published_projects().values("pk")
    return list(note.projects.filter(Q(pk__in=readable) | Q(pk__in=public)).order_by("title"))


def hidden_projects(note: ExperienceNote, shown: list[Project]) -> int:
    """How many of the note's projects the reader does not see (counted, never named)."""
    return note.projects.count() - len(shown)


def note_actions(note: ExperienceNote, user: Any) -> list[Action]:
    """The plan actions the note concerns that the reader may see (the plans' own readers): one query."""
    return list(note.actions.filter(pk__in=planning_policies.visible_actions(user).values("pk")).order_by("title"))


def notes_for_project(project: Project, user: Any) -> list[ExperienceNote]:
    """The published notes that concern this project, for its page: the reader's to read only (the
    collaboration area's people), the latest first, each with its créneau. One query."""
    return list(
        policies.readable_notes(user)
        .filter(projects=project)
        .select_related("creneau")
        .order_by("-published_at", "-pk")
    )


def note_history(note: ExperienceNote) -> list[HistoryEntry]:
    """Who wrote, changed, published or withdrew the note, when, why and what, newest first."""
    return history_entries(ExperienceNote.history.filter(id=note.pk).select_related("history_user"))  # type: ignore[attr-defined]


def project_choices(user: Any, creneaux: Any) -> QuerySet[Project]:
    """The projects a note of these créneaux may name: those of the créneaux the reader sees."""
    return (
        funding_policies.visible_projects(user)
        .filter(pk__in=ProjectCreneau.objects.filter(creneau__in=creneaux).values("project_id"))
        .order_by("title")
    )


def action_choices(user: Any, creneaux: Any) -> QuerySet[Action]:
    """The plan actions a note of these créneaux may name: those of their plans the user reads."""
    return planning_policies.visible_actions(user).filter(objective__axis__plan__creneau__in=creneaux).order_by("title")


# --- Law 25: what the collaboration holds about a person (registry.personal_data) ---------------------


def person_personal_data(person: Any) -> dict[str, Any]:
    """The links the person's accounts declared or ended and the notes they wrote or changed (who,
    when, why: their history). They name nobody else."""
    users = list(User.objects.filter(person=person).values_list("pk", flat=True))
    return {
        "link_changes": personal_data.rows(
            CreneauLink.history.filter(history_user_id__in=users).order_by("history_date", "pk"),  # type: ignore[attr-defined]
            "id",
            "source__slug",
            "target__slug",
            "kind",
            "history_type",
            "history_date",
            "history_change_reason",
        ),
        "note_changes": personal_data.rows(
            ExperienceNote.history.filter(history_user_id__in=users).order_by("history_date", "pk"),  # type: ignore[attr-defined]
            "id",
            "title_fr",
            "status",
            "history_type",
            "history_date",
            "history_change_reason",
        ),
    }
