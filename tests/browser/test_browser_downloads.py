"""The page's export buttons in Chromium: the PDF handout is made on the download's own
thread (which cannot read the session's state: what is on screen is handed to it), shows a
spinner on its button while it is made, and arrives with a page per tour scene."""

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
