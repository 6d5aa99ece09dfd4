from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.core.exports import _neutralise

BASE_DIR = Path(__file__).resolve().parents[3]


def test_formula_cells_are_neutralised():
    assert _neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _neutralise("+1 418 555-0000") == "'+1 418 555-0000"
    assert _neutralise("Atelier") == "Atelier"
    assert _neutralise(3) == 3


@pytest.mark.parametrize(
    "cell",
    [
        '\uff1dHYPERLINK("http://x")',  # full-width equals sign
        "\uff0b1 418 555-0000",  # full-width plus
        "\uff0d2+3",  # full-width hyphen-minus
        "\uff20SUM(A1)",  # full-width commercial at
        "\ufe66cmd|' /C calc'!A0",  # small equals sign
        " =1+1",
        "\u00a0=1+1",  # no-break space
        "\u3000\uff1d1+1",  # ideographic space, then a full-width equals sign
        "\n=1+1",
        "\t=1",
        "\r=1",
    ],
)
def test_look_alike_formula_signs_are_neutralised_too(cell):
    assert _neutralise(cell) == "'" + cell


FORMULA_SIGNS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62", "\ufe63")
TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))


@given(
    st.text(alphabet=" \t\r\n\u00a0\u2003\u3000", max_size=3),
    st.sampled_from(FORMULA_SIGNS),
    TEXT,
)
def test_no_exported_cell_starts_a_formula_whatever_its_look_alikes(space, sign, rest):
    cell = space + sign + rest
    assert _neutralise(cell) == "'" + cell


@given(st.characters(categories=("Lu", "Ll", "Lo", "Nd")), TEXT)
def test_text_that_starts_with_a_letter_or_digit_is_exported_as_it_is(first, rest):
    assert _neutralise(first + rest) == first + rest
