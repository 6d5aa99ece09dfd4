"""The fund's dashboard rows that the template engine would draw too slowly."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from urllib.parse import urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from accord.core.money import format_money

from ..selectors import EnvelopeRow

register = template.Library()


@register.simple_tag
def envelope_rows(rows: Sequence[EnvelopeRow], projects_url: str, period_code: str) -> SafeString:
    """One row per region: its envelope with the bar of what it committed and has left, then its figures.

    Written in Python, every text escaped: at international scale the dashboard has 150
    regions, and the template engine took longer to draw their rows than the figures took
    to add up.
    """
    if not rows:
        return format_html('<tr><td colspan="6">{}</td></tr>', gettext("No envelope for this period in your regions."))
    language = get_language()
    over = f" <strong>{escape(gettext('(over the envelope)'))}</strong>"
    lines = []
    for row in rows:
        balance = row.balance
        money = [
            escape(format_money(amount, language))
            for amount in (balance.total, balance.committed, balance.disbursed, balance.available, balance.forecast)
        ]
        query = urlencode({"region": row.region.code, "period": period_code, "status": "granted"})
        granted = escape(f"{projects_url}?{query}")
        lines.append(
            f'<tr><th scope="row"><a href="{escape(row.url)}">{escape(str(row.region))}</a></th>'
            f'<td class="bar"><span class="bar-value">{money[0]}</span>'
            '<svg aria-hidden="true" focusable="false" viewBox="0 0 100 10" preserveAspectRatio="none">'
            f'<rect x="0" y="0" width="{row.committed_bar}" height="10" fill="#223654"/>'
            f'<rect x="{row.committed_bar}" y="0.5" width="{row.available_bar}" height="9" fill="#dae6f0"'
            ' stroke="#223654" stroke-width="0.5" vector-effect="non-scaling-stroke"/></svg></td>'
            f'<td><a href="{granted}">{money[1]}</a></td><td>{money[2]}</td><td>{money[3]}</td>'
            f"<td>{money[4]}{over if balance.forecast < 0 else ''}</td></tr>"
        )
    # Every value above is escaped, and the bars are numbers written by selectors.bar.
    return mark_safe("\n".join(lines))
