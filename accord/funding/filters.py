"""FilterSets of the fund's lists (HTML and API alike)."""

from __future__ import annotations

from functools import partial
from typing import Any

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accord.core import cache
from accord.core.text import normalize
from accord.registry.filters import ChoiceFilter, CodeFilter, RegionCodeFilter, SearchFilter
from accord.registry.models import Creneau, Organisation
from accord.registry.signals import PUBLIC_PAGES

from .models import ProgramPeriod, Project, ProjectStatus
from .signals import PROGRAM


class CarrierSearchFilter(django_filters.CharFilter):
    """Projects whose carrier's name (or NEQ, or city) has every word typed, accents aside."""

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        if not value:
            return qs
        return qs.filter(carrier__in=Organisation.objects.search(value).values("pk"))


def period_table() -> dict[str, tuple[int, str]]:
    """code → (pk, name) of the program's periods, the latest first, cached until a period changes."""
    return cache.get_or_compute(
        f"accord:period-table:{cache.version(PROGRAM)}",
        lambda: {
            code: (pk, str(name))
            for pk, code, name in ProgramPeriod.objects.order_by("-starts_on").values_list("pk", "code", "name")
        },
        timeout=24 * 3600,
    )


def niche_table(region_code: str = "") -> dict[str, tuple[int, str]]:
    """slug → (pk, name) of the active niches (of a region, if given), by name in the current language.

    Cached until the registry changes: at international scale the program has thousands of
    niches, and reading them on every request of the list cost more than the list.
    """

    def read() -> dict[str, tuple[int, str]]:
        niches = Creneau.objects.active().only("pk", "slug", "name_fr", "name_en")
        if region_code:
            niches = niches.filter(regions__code=region_code)
        # By name in the reader's language, accents aside (the database sorts by the French name).
        named = sorted(((niche.slug, niche.pk, str(niche.name)) for niche in niches), key=lambda n: normalize(n[2]))
        return {slug: (pk, name) for slug, pk, name in named}

    language = get_language() or settings.LANGUAGE_CODE
    key = f"accord:niche-table:{cache.version(PUBLIC_PAGES)}:{region_code}:{language}"
    return cache.get_or_compute(key, read, timeout=24 * 3600)


class ProjectFilterSet(django_filters.FilterSet):
    # The drawn filter bar is cached until these change (accord.core.listing.filter_bar_key).
    cache_families = (PUBLIC_PAGES, PROGRAM)
    q = SearchFilter(label=_("Search"), help_text=_("Number, title or summary."))
    status = ChoiceFilter(choices=ProjectStatus.choices, label=_("Status"), empty_label=_("All statuses"))
    region = RegionCodeFilter()
    period = CodeFilter(table=period_table, all_label=_("All periods"), through="period", label=_("Period"))
    # One niche at a time: a project has one link to it, so no row comes twice.
    creneau = CodeFilter(
        table=niche_table, all_label=_("All niches"), through="creneau_links__creneau", label=_("Niche")
    )
    carrier = CarrierSearchFilter(label=_("Carrier"))

    class Meta:
        model = Project
        fields = ["q", "status", "region", "period", "creneau", "carrier"]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        # With a region chosen, only its niches are offered: the program has thousands of
        # niches at international scale, and a select of all of them outweighs the list.
        code = (data or {}).get("region") if hasattr(data, "get") else None
        if code:
            self.filters["creneau"].table = partial(niche_table, str(code))
