"""Making your own tour in Chromium through the real page: save the view as a scene (a title,
a caption, one of the article's sentences), download the tour file, open it in a fresh
browser and get the same tour. Screenshots of the form and of the reader's scene."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import harness
from harness import a11y

pytestmark = pytest.mark.browser

TITLE = "<b>Our</b> islands $x$ **b**"
CAPTION = "Four islands, two names. [a](http://x)"
QUOTE = "Since the end of WWII the two have been held in an uneasy diplomatic limbo."


def shoot(page, name: str) -> None:
    harness.SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=harness.SCREENSHOT_DIR / name)


def choose_quote(page, attempts: int = 3) -> None:
    """Pick QUOTE in the first quote box by typing to filter it. The box may redraw while
    its list opens (the form settles after a field commits): then open it again."""
    quote = page.get_by_role("combobox", name="First quote from the article")
    option = page.get_by_role("option", name=f"¶ 1: {QUOTE}")
    for _ in range(attempts):
        quote.click()
        quote.fill("uneasy diplomatic limbo")  # the select box filters the article's sentences
        try:
            option.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            harness.wait_until_settled(page)
    raise AssertionError(f"the quote box did not offer the sentence in {attempts} tries")


def build_scene(page, width: int) -> None:
    """Open "Make your own tour", start an empty tour, save the view with a quote."""
    page.get_by_text("Make your own tour").click()
    page.get_by_role("button", name="Start an empty tour").click()
    harness.wait_until_settled(page)
    page.get_by_role("button", name="Save this view as a scene").click()
    page.get_by_role("textbox", name="Scene title").fill(TITLE)
    page.get_by_role("textbox", name="Caption").fill(CAPTION)
    harness.wait_until_settled(page)  # the form may redraw as a field commits
    choose_quote(page)
    page.get_by_role("button", name="Add the scene").scroll_into_view_if_needed()
    shoot(page, f"authoring-form-{width}.png")
    found = a11y.axe_serious(page)  # the open form: every control named, contrast, roles
    assert found == [], json.dumps(found, indent=1, ensure_ascii=False)
    page.get_by_role("button", name="Add the scene").click()
    harness.wait_until_settled(page)


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_build_download_and_reopen_a_tour(chromium, app_server, tmp_path, width, height):
    atlas = harness.open_atlas(chromium, app_server, width, height)
    page = atlas.page
    try:
        harness.wait_until_settled(page)
        build_scene(page, width)
        page.get_by_text("Added scene 1 of 1").wait_for()  # the rerun may start after the click
        assert page.get_by_text("Added scene 1 of 1").count() == 1
        with page.expect_download() as download:
            page.get_by_role("button", name="Download this tour").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name == "frontier-atlas-tour.json"
        (scene,) = json.loads(saved.read_text(encoding="utf-8"))["scenes"]
        assert (scene["title"], scene["caption"]) == (TITLE, CAPTION)
        assert scene["quotes"] == [{"quote": QUOTE, "paragraph": 1}]
        assert "hokkaido" in scene["layers"]
        assert atlas.errors == []
    finally:
        atlas.close()
    fresh = harness.open_atlas(chromium, app_server, width, height)
    page = fresh.page
    try:
        harness.wait_until_settled(page)
        page.get_by_text("Make your own tour").click()
        tour_input = page.locator('[data-testid="stFileUploader"]', has_text="Open a tour file")
        heading = page.get_by_role("heading", name=TITLE)
        for attempt in range(2):  # under load the uploader may miss a file set mid-rerun
            tour_input.locator('input[type="file"]').set_input_files(str(saved))
            harness.wait_until_settled(page)  # a tour file opened: the page shows its tour
            try:
                heading.wait_for(timeout=20_000)
                break
            except PlaywrightTimeout:
                if attempt:
                    raise
        page.get_by_text("Scene 1 of 1").wait_for()
        page.evaluate("document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
        if width < 640:  # a phone: the map above, the scene below it
            page.get_by_text("Scene 1 of 1").scroll_into_view_if_needed()
        shoot(page, f"authoring-scene-{width}.png")
        if width < 640:  # a phone: the scene's text is folded under the map
            page.locator(".fa-fold summary").click()
        # shown once (the page also holds the other width's copy, hidden)
        assert page.get_by_text(CAPTION, exact=True).filter(visible=True).count() == 1
        assert page.get_by_text(QUOTE, exact=False).count() >= 1
        assert fresh.errors == []
    finally:
        fresh.close()


def tab_to(page, label: str, presses: int = 150) -> None:
    """Press Tab until the control whose accessible name starts with ``label`` has focus
    (round the page again if the form was redrawing as the first Tab passed it)."""
    name = "document.activeElement && document.activeElement.getAttribute('aria-label')"
    seen = []
    for _ in range(presses):
        if (page.evaluate(name) or "").startswith(label):
            return
        seen.append(page.evaluate(name))
        page.keyboard.press("Tab")
    raise AssertionError(f"{presses} Tabs did not reach {label!r}; seen {seen}")


def test_the_form_works_by_keyboard_alone(chromium, app_server, tmp_path):
    """From the "Make your own tour" heading on, only keys: Enter opens, Tab moves, typing
    fills, Enter presses; the scene is added with its title, caption and a quote."""
    atlas = harness.open_atlas(chromium, app_server, 1366, 768)
    page = atlas.page
    keys = page.keyboard
    try:
        harness.wait_until_settled(page)
        page.locator("summary", has_text="Make your own tour").focus()
        keys.press("Enter")
        page.get_by_role("button", name="Start an empty tour").focus()
        keys.press("Enter")
        harness.wait_until_settled(page)
        page.get_by_role("button", name="Save this view as a scene").focus()
        keys.press("Enter")
        page.get_by_role("textbox", name="Scene title").wait_for()
        tab_to(page, "Scene title")
        keys.type("By keyboard")
        harness.wait_until_settled(page)  # the page may redraw the form as a field commits
        tab_to(page, "Caption")  # past the caption's help mark
        keys.type("Typed, never clicked.")
        harness.wait_until_settled(page)
        tab_to(page, "First quote from the article")  # type to filter, Enter to choose
        keys.type("uneasy diplomatic limbo")
        keys.press("Enter")
        add = page.get_by_role("button", name="Add the scene")
        for _ in range(20):
            if add.evaluate("el => el === document.activeElement"):
                break
            keys.press("Tab")
        assert add.evaluate("el => el === document.activeElement")
        keys.press("Enter")
        harness.wait_until_settled(page)
        page.get_by_text("Added scene 1 of 1").wait_for()
        page.get_by_role("button", name="Download this tour").focus()
        with page.expect_download() as download:
            keys.press("Enter")
        saved = tmp_path / "tour.json"
        download.value.save_as(saved)
        (scene,) = json.loads(saved.read_text(encoding="utf-8"))["scenes"]
        assert (scene["title"], scene["caption"]) == ("By keyboard", "Typed, never clicked.")
        assert scene["quotes"] == [{"quote": QUOTE, "paragraph": 1}]
        assert atlas.errors == []
    finally:
        atlas.close()


def test_a_file_that_is_not_a_tour_leaves_the_tour_as_it_was(chromium, app_server, tmp_path):
    """A broken file is named with its problem; the reader's tour on screen is not lost."""
    broken = tmp_path / "lesson.json"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))  # not what its name says
    atlas = harness.open_atlas(chromium, app_server, 1366, 768)
    page = atlas.page
    try:
        harness.wait_until_settled(page)
        page.get_by_text("Make your own tour").click()
        page.get_by_role("button", name="Start an empty tour").click()
        harness.wait_until_settled(page)
        page.get_by_role("button", name="Save this view as a scene").click()
        page.get_by_role("textbox", name="Scene title").fill("Kept")
        page.get_by_role("button", name="Add the scene").click()
        harness.wait_until_settled(page)
        page.get_by_text("Added scene 1 of 1").wait_for()
        tour_input = page.locator('[data-testid="stFileUploader"]', has_text="Open a tour file")
        tour_input.locator('input[type="file"]').set_input_files(str(broken))
        harness.wait_until_settled(page)
        page.get_by_text("The tour file was not opened (your tour is unchanged):").wait_for()
        assert page.get_by_text("lesson.json: not valid UTF-8 JSON").count() == 1
        with page.expect_download() as download:
            page.get_by_role("button", name="Download this tour").click()
        saved = tmp_path / "kept.json"
        download.value.save_as(saved)
        (scene,) = json.loads(saved.read_text(encoding="utf-8"))["scenes"]
        assert scene["title"] == "Kept"
        assert atlas.errors == []
    finally:
        atlas.close()
