"""Hostile words in a reader's tour file (its title, about, scene titles and captions) are
shown literally everywhere a tour goes: the static site (HTML escaped once), the PDF handout
(Typst string literals: no markup, no maths, no code), the deck (plain text) and the page
(Markdown escaped)."""

from __future__ import annotations

import copy
import io
import json

import pytest
from pptx import Presentation
from pypdf import PdfReader

from layers.classroom.share import tour_token
from layers.classroom.site import site_files
from layers.core.paths import GEODATA_DIR
from layers.core.text import escape
from layers.exports import handout_bytes, pptx_bytes
from layers.plan.view import ViewOptions
from layers.record.tours import layer_ids, read_tour, with_tour

SHIPPED = json.loads((GEODATA_DIR / "scenes.json").read_text(encoding="utf-8"))["scenes"]
HOSTILE = [
    "<script>alert(1)</script>",
    "$x^2$",
    "**b**",
    "[a](http://127.0.0.1:9/x)",
    "{{7*7}}",
    "#set page(width: 1pt)",  # Typst: would make every page 1 pt wide
]
TITLE = (" ".join(HOSTILE) + " and words to fill a long title up to its limit")[:120]
ABOUT = " ".join(reversed(HOSTILE))
SCENES = [  # (title, caption)
    (HOSTILE[5], " ".join(HOSTILE)),
    (f"{HOSTILE[0]} {HOSTILE[4]}", f"{HOSTILE[1]} {HOSTILE[2]} {HOSTILE[3]}"),
]
WORDS = [TITLE, ABOUT, *(text for scene in SCENES for text in scene)]
A4_LANDSCAPE = (842, 595)  # points, rounded


def flat(text: str) -> str:
    """Text with every run of white space as one space (extractors break lines)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def tour_data() -> dict:
    scenes = [
        copy.deepcopy(SHIPPED[n]) | {"id": f"s{n}", "title": title, "caption": caption}
        for n, (title, caption) in enumerate(SCENES)
    ]
    return {"title": TITLE, "about": ABOUT, "scenes": scenes}


@pytest.fixture(scope="module")
def atlas(shipped_atlas, tour_data):
    assert len(TITLE) == 120
    raw = json.dumps(tour_data).encode()
    tour, problems = read_tour(raw, shipped_atlas.article, layer_ids(shipped_atlas))
    assert problems == []
    assert (tour.title, [s.title for s in tour.scenes]) == (TITLE, [t for t, _ in SCENES])
    return with_tour(shipped_atlas, tour)


def test_the_site_shows_hostile_words_escaped(atlas):
    files = site_files(atlas)
    pages = {name: data.decode() for name, data in files.items() if name.endswith(".html")}
    assert len(pages) == 3
    index = pages["index.html"]
    for text in (TITLE, ABOUT, SCENES[0][0], SCENES[1][0]):
        assert escape(text) in index
    for number, (title, caption) in enumerate(SCENES, start=1):
        page = pages[f"{number}-s{number - 1}.html"]
        assert f"<h1>{escape(title)}</h1>" in page
        assert f'<p class="fa-site-caption">{escape(caption)}</p>' in page
    for page in pages.values():
        assert "<script>alert" not in page


def test_the_handout_shows_hostile_words_literally(atlas):
    pdf = PdfReader(io.BytesIO(handout_bytes(atlas, atlas.scenes, ViewOptions())))
    sizes = {tuple(round(float(v)) for v in page.mediabox[2:]) for page in pdf.pages}
    assert sizes == {A4_LANDSCAPE}  # no "#set page" took effect
    assert len(pdf.pages) == 4  # the tour's title, two scenes, the chronology
    first = flat(pdf.pages[0].extract_text())
    assert first.startswith(TITLE)
    assert ABOUT in first
    assert pdf.metadata.title == TITLE
    text = flat(" ".join(page.extract_text() for page in pdf.pages))
    for words in WORDS:
        assert flat(words) in text, words


def test_the_deck_shows_hostile_words_as_plain_text(atlas):
    deck = Presentation(io.BytesIO(pptx_bytes(atlas, atlas.scenes, ViewOptions())))
    slides = list(deck.slides)
    assert len(slides) == 4  # title, two scenes, sources
    assert slides[0].shapes.title.text_frame.text == TITLE
    assert deck.core_properties.title == TITLE
    text = " ".join(
        shape.text_frame.text for slide in slides for shape in slide.shapes if shape.has_text_frame
    )
    for words in WORDS:
        assert words in text, words


def test_the_page_shows_hostile_words_literally(new_app_test, tour_data, shown):
    at = new_app_test()
    at.query_params["tour"] = tour_token(json.dumps(tour_data).encode())
    at.query_params["scene"] = "s0"  # as the QR code's address has it
    at.run()
    assert not at.exception, at.exception
    assert at.session_state.mode == "tour"
    for number, (title, caption) in enumerate(SCENES, start=1):
        markdown = [shown(m.value) for m in at.markdown]
        assert f"### {title}" in markdown
        assert caption in markdown
        assert TITLE in [shown(c.value) for c in at.caption]
        assert f"Scene {number} of 2" in at.get("progress")[0].proto.text
        at.button(key="next").click().run()
        assert not at.exception, at.exception
    assert at.text_input(key="tour_title").value == TITLE
