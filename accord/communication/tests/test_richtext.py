"""The rich text keeps its subset of HTML and nothing else: hostile inputs come out harmless."""

from __future__ import annotations

import re

import pytest

from accord.communication import richtext

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">clic</a>',
    '<a href="JaVaScRiPt:alert(1)">clic</a>',
    '<a href="jav&#x09;ascript:alert(1)">clic</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">clic</a>',
    '<a href="vbscript:msgbox(1)">clic</a>',
    '<p onmouseover="alert(1)">survol</p>',
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<iframe src="https://evil.example"></iframe>',
    '<style>body{display:none}</style><p style="position:fixed">x</p>',
    "<form action=https://evil.example><input name=password></form>",
    "<object data=x.swf></object><embed src=x.swf>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",  # mutation XSS (DOMPurify bypass)
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<p>a</p><base href="https://evil.example/">',
    '<meta http-equiv=refresh content="0;url=https://evil.example">',
    '<a href="https://ok.example" target=_blank onclick=alert(1)>lien</a>',
    "<h2><scr<script>ipt>alert(1)</script></h2>",
    '"><script>alert(1)</script>',
]

DANGEROUS = re.compile(
    r"<\s*(script|img|svg|iframe|style|form|input|object|embed|math|base|meta|noscript)\b|\son\w+\s*=|javascript:|vbscript:|data:|style\s*=",
    re.IGNORECASE,
)


@pytest.mark.parametrize("html", HOSTILE)
def test_hostile_markup_comes_out_harmless(html):
    cleaned = richtext.clean(html)
    assert not DANGEROUS.search(cleaned), cleaned


def test_the_allowed_subset_is_kept():
    html = (
        '<h2>Titre</h2><p>Un <strong>gras</strong>, un <em>italique</em> et un <a href="https://misaat.org">lien</a>.</p>'
        "<ul><li>un</li><li>deux</li></ul><blockquote>cité</blockquote>"
    )
    cleaned = richtext.clean(html)
    for kept in ("<h2>Titre</h2>", "<strong>gras</strong>", "<em>italique</em>", "<li>deux</li>", "<blockquote>"):
        assert kept in cleaned
    assert '<a href="https://misaat.org" rel="noopener noreferrer nofollow">lien</a>' in cleaned


def test_text_is_escaped_and_markup_only_is_nothing():
    assert richtext.clean("3 < 4 & 5 > 2") == "3 &lt; 4 &amp; 5 &gt; 2"
    assert richtext.clean("<script>alert(1)</script><img src=x>") == ""
    assert richtext.clean("") == ""
