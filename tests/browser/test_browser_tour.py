"""The classroom tour in a real browser: scenes opened by URL at projector size.

Saves a 1920x1080 screenshot of every scene (and one 1366x768 laptop view, one in
Japanese) under artifacts/screenshots/tour/ for people to look at.

The militarisation scene's map is also compared with an image baseline,
tests/baselines/tour-militarisation-1920x1080.png (``harness.imagediff``: a pixel differs
when a channel differs by more than 32; more than 2 % differing pixels fail, with the
picture and a diff written to artifacts/screenshots/). After a deliberate change of the
map's look, regenerate the baselines, look at them, and commit them::

    UPDATE_BASELINES=1 python -m pytest -m browser -k baseline
"""

from __future__ import annotations

import json

import pytest

import harness
from harness import imagediff

try:
    from playwright.sync_api import expect
except ImportError:  # the `chromium` fixture skips (or fails on CI) with instructions
    expect = None

pytestmark = pytest.mark.browser

SCENES = json.loads((harness.GEODATA_DIR / "scenes.json").read_text("utf-8"))["scenes"]
TOUR_SHOTS = harness.SCREENSHOT_DIR / "tour"
MAP_BOUNDS_JS = """() => { const b = map.getBounds();
    return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"""
BASELINE_SCENE = "militarisation"  # checked like the others, and against its baseline


def open_scene(chromium, app_server, scene_id, width=1920, height=1080, lang=None):
    query = f"?scene={scene_id}" + (f"&lang={lang}" if lang else "")
    atlas = harness.open_atlas(chromium, app_server, width, height, path="/" + query)
    harness.wait_until_settled(atlas.page)
    return atlas


def check_scene(atlas, scene: dict) -> int:
    """The scene's title, first quote and fitted view; saves its picture for people and
    returns that picture's size in bytes."""
    page = atlas.page
    expect(page.get_by_role("heading", name=scene["title"])).to_be_visible()
    shown = harness.squash(page.locator(".fa-tour-quote").first.inner_text())
    assert harness.squash(scene["quotes"][0]["quote"]) in shown
    assert harness.squash(scene["quotes"][0]["quote"]) in harness.squash(harness.article_text())

    south, west, north, east = atlas.frame.evaluate(MAP_BOUNDS_JS)
    (s, w), (n, e) = scene["bounds"]
    tolerance = 0.05 * max(n - s, e - w)
    view = (south, west, north, east)
    assert south <= s + tolerance, view
    assert north >= n - tolerance, view
    assert west <= w + tolerance, view
    assert east >= e - tolerance, view
    # fitted, not merely contained: one axis is close to the scene's own extent
    assert (north - south) < 1.6 * (n - s) or (east - west) < 1.6 * (e - w)
    assert atlas.foreign_requests() == []
    assert atlas.errors == []

    TOUR_SHOTS.mkdir(parents=True, exist_ok=True)
    index = SCENES.index(scene) + 1
    path = TOUR_SHOTS / f"{index}-{scene['id']}-1920x1080.png"
    page.screenshot(path=path)
    return path.stat().st_size


OTHER_SCENES = [s for s in SCENES if s["id"] != BASELINE_SCENE]


@pytest.mark.parametrize("scene", OTHER_SCENES, ids=[s["id"] for s in OTHER_SCENES])
def test_scene_by_url_shows_quote_and_fits_map(chromium, app_server, scene):
    atlas = open_scene(chromium, app_server, scene["id"])
    try:
        assert check_scene(atlas, scene) > 80_000
    finally:
        atlas.close()


def test_baseline_tour_militarisation_1920x1080(chromium, app_server):
    """The militarisation scene passes the checks above, and its map (highlighted
    deployments, settlement and island labels) matches its baseline."""
    (scene,) = [s for s in SCENES if s["id"] == BASELINE_SCENE]
    atlas = open_scene(chromium, app_server, BASELINE_SCENE)
    try:
        expect(atlas.map_frame.locator(".fa-label:visible").first).to_be_visible()
        png = imagediff.map_screenshot(atlas.page, atlas.frame)
        result = imagediff.check_baseline(f"tour-{BASELINE_SCENE}-1920x1080", png)
        print(result)  # noqa: T201
        check_scene(atlas, scene)
        assert result.ok, str(result)
    finally:
        atlas.close()


def test_laptop_and_japanese_views(chromium, app_server):
    atlas = open_scene(chromium, app_server, "frozen-dispute", 1366, 768, lang="ja")
    try:
        labels = atlas.map_frame.locator(".fa-label:visible")
        expect(labels.filter(has_text="国後島").first).to_be_visible()
        width = labels.filter(has_text="国後島").first.bounding_box()["width"]
        assert width > 30, "Japanese label has no width: CJK font missing?"
        TOUR_SHOTS.mkdir(parents=True, exist_ok=True)
        atlas.page.screenshot(path=TOUR_SHOTS / "frozen-dispute-ja-1366x768.png")
    finally:
        atlas.close()
