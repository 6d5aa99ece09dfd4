"""French is the reference language: its catalogue must be complete and well-formed.

CI also re-extracts the strings from the code (GNU gettext) to prove the catalogue is up
to date; this test needs only Python and runs everywhere.
"""

import re
from pathlib import Path

import polib
import pytest

CATALOGUE = Path(__file__).resolve().parents[3] / "locale" / "fr" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


def test_every_string_is_translated_and_none_is_fuzzy(catalogue):
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_translations_keep_every_placeholder(catalogue):
    broken = []
    for entry in catalogue.translated_entries():
        pairs = (
            [(entry.msgid, entry.msgstr)]
            if not entry.msgid_plural
            else [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
        )
        for source, text in pairs:
            if sorted(set(PLACEHOLDER.findall(source))) != sorted(set(PLACEHOLDER.findall(text))):
                broken.append(entry.msgid)
    assert broken == []
