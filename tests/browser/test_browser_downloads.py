"""The page's export buttons in Chromium: the PDF handout and the deck are made on the
download's own thread (which cannot read the session's state: what is on screen is handed to
it); the handout's button shows a spinner while it is made; both arrive whole."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

import harness

pytestmark = pytest.mark.browser

SCENES = json.loads((harness.GEODATA_DIR / "scenes.json").read_text("utf-8"))["scenes"]
BUSY_JS = """() => {
    const b = [...document.querySelectorAll('[data-testid=stDownloadButton] button')]
        .find(b => b.innerText.includes('PDF handout'));
    return b.disabled && !!b.querySelector('[data-testid=stSpinnerIcon]');
}"""


def test_the_pdf_handout_shows_progress_and_arrives(chromium, app_server):
    atlas = harness.open_atlas(chromium, app_server, 1366, 768, f"/?scene={SCENES[0]['id']}")
    page = atlas.page
    try:
        harness.wait_until_settled(page)
        button = page.get_by_role("button", name="PDF handout (every tour scene)")
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=120_000) as download:
            button.click()
            page.wait_for_function(BUSY_JS)  # a spinner, and no second click, while it is made
        path = download.value.path()
        assert download.value.suggested_filename == "frontier-atlas-tour.pdf"
        assert len(PdfReader(path).pages) == len(SCENES) + 1  # and the chronology
        assert page.get_by_text("Failed to generate file").count() == 0
        assert atlas.errors == []
    finally:
        atlas.close()


def test_the_deck_arrives_from_its_button(chromium, app_server, tmp_path):
    from pptx import Presentation

    atlas = harness.open_atlas(chromium, app_server, 1366, 768, f"/?scene={SCENES[0]['id']}")
    page = atlas.page
    try:
        harness.wait_until_settled(page)
        button = page.get_by_role("button", name="PowerPoint deck (whole tour)")
        button.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "exports.png"))
        with page.expect_download(timeout=120_000) as download:
            button.click()
        assert download.value.suggested_filename == "frontier-atlas-tour.pptx"
        slides = list(Presentation(download.value.path()).slides)
        assert len(slides) == len(SCENES) + 2  # a title slide, the scenes, the sources
        assert slides[1].shapes.title.text_frame.text == f"1. {SCENES[0]['title']}"
        assert page.get_by_text("Failed to generate file").count() == 0
        assert atlas.errors == []
    finally:
        atlas.close()
