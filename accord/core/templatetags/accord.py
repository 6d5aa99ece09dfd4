"""Template helpers shared by every page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.core.paginator import Paginator

from accord.core.i18n import format_number
from accord.core.links import site_url
from accord.core.money import format_money

register = template.Library()


@register.filter
def elided_pages(paginator: Paginator, number: int) -> Any:
    """Page numbers around the current one, with ellipses: 1 2 … 7 8 9 … 41 42."""
    return paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)


@register.simple_tag(takes_context=True)
def query_without(context: template.Context, *names: str) -> str:
    """The current query string without the given parameters (and without the page)."""
    params = context["request"].GET.copy()
    for name in (*names, "page"):
        params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def as_list(value: Any) -> list[Any]:
    """Evaluate a queryset once, so a template can both count and loop over it."""
    return list(value)


@register.simple_tag(takes_context=True)
def page_link_base(context: template.Context, *dropped: str) -> str:
    """ "?<current parameters>&" without the dropped ones (the page by default).

    A pagination or sorting link is then this plus "page=N" or "sort=…". Built once per
    list: rebuilding the whole query string for each link cost several milliseconds.
    """
    params = context["request"].GET.copy()
    for name in dropped or ("page",):
        params.pop(name, None)
    encoded = params.urlencode()
    return f"?{encoded}&" if encoded else "?"


@register.filter
def money(value: Any) -> str:
    """4 000 000,00 $ in French, $4,000,000.00 in English (see accord.core.money)."""
    return format_money(value)


@register.filter
def rate(value: Any) -> str:
    """A percentage's number as each language writes it, without useless decimals: 10, 12.5, 12,5."""
    return "" if value is None else format_number(Decimal(value))


@register.filter
def money_whole(value: Any) -> str:
    """Whole dollars (73 600 000 $, $73,600,000): the dashboard's cards, where the cents do not fit."""
    return format_money(value, cents=False)


@register.filter
def absolute(path: str) -> str:
    """The absolute address of a path, from SITE_URL (Open Graph's images, an embed's snippet)."""
    return site_url(path) if path else ""
