"""Text made literal for Typst (``layers.core.text.typst_string``): whatever the text, Typst
reads back exactly those characters, as a string and as typeset content."""

import io
import json

import typst
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from layers.core.text import typst_string

MARKUP = (
    "*bold* _em_ #let x = 1 $x^2$ @ref <label> // not a comment /* nor */ "
    "`raw` \\ \"q\" 'q' - = + 1. ~ [x] {y}"
)


def read_back(text: str) -> str:
    """What Typst's parser makes of ``typst_string(text)``: the string's value."""
    source = f"#metadata({typst_string(text)}) <probe>"
    return json.loads(typst.query(source.encode("utf-8"), "<probe>", field="value", one=True))


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_reads_back_literally(text):
    assert read_back(text) == text


@given(st.text(alphabet=st.sampled_from('\\"#$*_@<>/`[]{}\n\r\t\x00\u2028 aé国К'), max_size=40))
@settings(max_examples=100, deadline=None)
def test_markup_and_escape_characters_read_back_literally(text):
    assert read_back(text) == text


def test_the_literal_typesets_as_the_same_characters():
    source = f"#set page(width: 30cm, height: auto)\n#text({typst_string(MARKUP)})"
    pdf = typst.compile(source.encode("utf-8"), format="pdf")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert " ".join(text.split()) == MARKUP  # no bold, maths, label, comment or smart quote
