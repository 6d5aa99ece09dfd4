"""The rich text of news and stories: the one subset of HTML they may hold, cleaned by nh3.

nh3 binds Ammonia (Rust), a whitelist sanitiser built on html5ever, the HTML5 parser of browsers:
what it keeps is parsed as a browser parses it, so markup that is read one way by a sanitiser and
another by a browser (mutation XSS) does not get through. Everything outside the list goes: scripts,
styles, event handlers, images (a publication's image has its own field, with its alternative text),
frames, forms; a link keeps only http, https and mailto addresses and is marked
`rel="noopener noreferrer nofollow"`. Text is kept, escaped. Pure: no database.
"""

from __future__ import annotations

import re
from typing import Final

import nh3

#: The tags an editor may use: paragraphs, emphasis, two levels of headings, lists, quotations, links.
TAGS: Final = frozenset(
    {"p", "br", "strong", "em", "b", "i", "u", "h2", "h3", "ul", "ol", "li", "blockquote", "a", "abbr"}
)
ATTRIBUTES: Final = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "*": {"lang"}}
URL_SCHEMES: Final = frozenset({"http", "https", "mailto"})

_TAG = re.compile(r"<[^>]*>")


def clean(html: str) -> str:
    """The HTML an editor sent, reduced to the allowed subset (and nothing when it held only markup)."""
    cleaned = nh3.clean(
        html or "",
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
    return cleaned if plain_text(cleaned).strip() else ""


def plain_text(html: str) -> str:
    """The text of cleaned HTML without its tags (search, summaries); entities stay as they are."""
    return _TAG.sub(" ", html or "")
