"""Presenter mode in Chromium at projector size (1366x768): a clicker's keys (PageDown /
PageUp), the arrows, Space, Home and End walk the tour whether the page or the map has the
focus, each scene shows within 2 s with ``?scene=`` in the URL, keys do nothing while
typing, type is big enough for the back of a room, and F gives a full-screen map with the
scene's quote under it."""

from __future__ import annotations

import json

import pytest

import harness

pytestmark = pytest.mark.browser

SCENES = json.loads((harness.GEODATA_DIR / "scenes.json").read_text("utf-8"))["scenes"]
IDS = [scene["id"] for scene in SCENES]
SHOWS_WITHIN_MS = 2000
FONT_PX_JS = "e => parseFloat(getComputedStyle(e).fontSize)"


def shows(atlas, index: int) -> None:
    """Scene ``index`` is in the URL, its heading and counter shown, within 2 s."""
    page, scene = atlas.page, SCENES[index]
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).get('scene') === {scene['id']!r}",
        timeout=SHOWS_WITHIN_MS,
    )
    page.get_by_role("heading", name=scene["title"]).wait_for(timeout=SHOWS_WITHIN_MS)
    page.get_by_text(f"Scene {index + 1} of {len(SCENES)}").wait_for(timeout=SHOWS_WITHIN_MS)
    harness.wait_until_settled(page)


@pytest.fixture
def presenting(chromium, app_server):
    atlas = harness.open_atlas(chromium, app_server, 1366, 768, path=f"/?scene={IDS[0]}")
    harness.wait_until_settled(atlas.page)
    yield atlas
    atlas.close()


def test_keys_walk_the_tour_from_the_page_and_from_inside_the_map(presenting):
    page = presenting.page
    for index in range(1, len(IDS)):  # a clicker: PageDown through every scene
        page.keyboard.press("PageDown")
        shows(presenting, index)
    page.keyboard.press("PageUp")
    shows(presenting, len(IDS) - 2)
    page.keyboard.press("Home")
    shows(presenting, 0)
    # focus inside the map's frame (a click on the sea): the same keys, from there
    presenting.map_frame.locator(".leaflet-container").click(position={"x": 40, "y": 400})
    page.keyboard.press("End")
    shows(presenting, len(IDS) - 1)
    page.keyboard.press("ArrowLeft")
    shows(presenting, len(IDS) - 2)
    page.keyboard.press("ArrowRight")
    shows(presenting, len(IDS) - 1)
    page.keyboard.press("Home")
    shows(presenting, 0)
    page.keyboard.press(" ")
    shows(presenting, 1)
    assert presenting.errors == []
    assert presenting.foreign_requests() == []


def test_keys_do_nothing_while_typing(presenting):
    page = presenting.page
    picker = page.locator(".st-key-scene input")
    picker.click()
    for key in ("f", "End", "PageDown", "ArrowRight"):
        page.keyboard.press(key)
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.fullscreenElement") is None
    assert f"scene={IDS[0]}" in page.url


def test_type_is_readable_and_f_gives_a_full_screen_map_with_the_quote(presenting):
    page = presenting.page
    quote_px = page.locator(".fa-tour-quote").first.evaluate(FONT_PX_JS)
    assert quote_px >= 24
    label = presenting.map_frame.locator(".fa-label:visible").first
    assert label.evaluate(FONT_PX_JS) >= 16
    page.keyboard.press("f")
    page.wait_for_function(
        "() => document.fullscreenElement && document.fullscreenElement.tagName === 'IFRAME'"
    )
    card = presenting.map_frame.locator(".fa-present blockquote").first
    card.wait_for(timeout=SHOWS_WITHIN_MS)
    assert harness.squash(SCENES[0]["quotes"][0]["quote"]) in harness.squash(card.inner_text())
    assert card.evaluate(FONT_PX_JS) >= 28
    # the map ends where the card begins: the scene is framed above it
    box = presenting.map_frame.locator(".leaflet-container").bounding_box()
    top = presenting.map_frame.locator(".fa-present").bounding_box()["y"]
    assert box["y"] + box["height"] <= top + 1
    page.keyboard.press("PageDown")  # the card follows the tour
    presenting.map_frame.get_by_text(SCENES[1]["title"]).first.wait_for(timeout=SHOWS_WITHIN_MS)
    assert f"scene={IDS[1]}" in page.url
    page.keyboard.press("f")
    page.wait_for_function("() => !document.fullscreenElement")
    assert presenting.errors == []
