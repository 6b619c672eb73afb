"""The map fits the screen it is on, in Chromium at 390x844 (a phone), 1366x768 and
1920x1080 (a projector), exploring and in the tour: the map's frame lies inside the window
and leaves no large empty band below it; on the phone the scene's text, folded to one line,
shows under the map, opens by keyboard, and the page does not shift; a narrow map fits each
scene's subject (the highlighted features, their extent computed here from geodata/), which
then takes a fair share of it. Pictures: artifacts/screenshots/screen/."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import shape
from shapely.ops import unary_union

import harness
from harness import a11y

pytestmark = pytest.mark.browser

SHOTS = harness.SCREENSHOT_DIR / "screen"
SCENES = json.loads((harness.GEODATA_DIR / "scenes.json").read_text("utf-8"))["scenes"]
SIZES = [(390, 844), (1366, 768), (1920, 1080)]
MODES = {"explore": "/", "tour": f"/?scene={SCENES[0]['id']}"}
BAND_PX = 100  # the most the window may leave empty below the map
SHARE = 0.4  # a subject spans at least this share of the map's width or height...
SMALL_DEG = 1.0  # ...unless it is smaller than this each way (points a few km apart):
SMALL_VIEW_DEG = 3.0  # then the map is at most this wide (the whole frame: 10° and more)
PHONE_CLS = 0.1

FRAME_JS = f"""() => {{ const r = document.querySelector('{harness.FOLIUM_IFRAME}')
    .getBoundingClientRect(); return {{left: r.left, right: r.right, top: r.top,
    bottom: r.bottom, width: innerWidth, height: innerHeight}}; }}"""
VIEW_JS = """() => { const b = map.getBounds(), size = map.getSize();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth(), size.x, size.y,
            document.querySelector('.leaflet-container').dataset.atlasState]; }"""


def subject_extent(scene: dict) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the scene's highlighted features, from geodata/."""
    shapes = []
    for mark in scene["highlight"]:
        data = json.loads((harness.GEODATA_DIR / f"{mark['layer']}.geojson").read_text("utf-8"))
        shapes += [
            shape(f["geometry"]) for f in data["features"] if f["properties"]["id"] == mark["id"]
        ]
    assert shapes, f"scene {scene['id']}: no highlighted feature found in geodata/"
    return unary_union(shapes).bounds


def settled_view(atlas, before: str | None = None) -> list:
    """The map's view once its state is not ``before`` and its flight has ended (the same
    bounds twice, 300 ms apart)."""
    last = None
    for _ in range(40):
        view = atlas.frame.evaluate(VIEW_JS)
        if view[6] != before and view == last:
            return view
        last = view
        atlas.page.wait_for_timeout(300)
    raise AssertionError(f"the map did not settle: {last}")


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("mode", list(MODES))
def test_the_map_fits_the_window(chromium, app_server, mode, width, height):
    atlas = harness.open_atlas(chromium, app_server, width, height, MODES[mode])
    try:
        harness.wait_until_settled(atlas.page)
        box = atlas.page.evaluate(FRAME_JS)
        assert box["left"] >= 0, box
        assert box["right"] <= width, box
        assert box["top"] >= 0, box
        assert box["bottom"] <= height, box  # the whole map on screen
        filled = box["bottom"]
        if mode == "tour" and width < 640:  # a phone: the scene's folded text under the map
            line = atlas.page.locator(".fa-fold summary").bounding_box()
            filled = line["y"] + line["height"]
            assert filled <= height, line
        assert filled >= height - BAND_PX, (box, filled)  # no large empty band below
        size = settled_view(atlas)[4:6]  # the Leaflet map fills its frame
        assert abs(size[0] - (box["right"] - box["left"])) <= 1, (size, box)
        assert abs(size[1] - (box["bottom"] - box["top"])) <= 1, (size, box)
        SHOTS.mkdir(parents=True, exist_ok=True)
        atlas.page.screenshot(path=SHOTS / f"{mode}-{width}x{height}.png")
        assert atlas.errors == []
    finally:
        atlas.close()


def test_a_phone_shows_map_and_scene_text_together(chromium, app_server):
    """At 390x844 the scene's folded text (its title, a heading) is on screen below the map
    without scrolling; Enter on it opens the quote; the page did not shift as it loaded."""
    width, height = 390, 844
    scene = SCENES[0]
    atlas = a11y.open_measured(chromium, app_server, width, height, MODES["tour"])
    page = atlas.page
    try:
        assert a11y.cls(atlas) < PHONE_CLS
        box = page.evaluate(FRAME_JS)
        summary = page.locator(".fa-fold summary")
        line = summary.bounding_box()
        assert box["bottom"] <= line["y"], (box, line)  # below the map, not over it
        assert line["y"] + line["height"] <= height, line  # and on screen
        assert line["height"] < 60, line  # one line
        heading = page.get_by_role("heading", name=scene["title"])
        assert heading.is_visible()
        quote = page.locator(".fa-fold-quote").first
        assert not quote.is_visible()
        summary.focus()
        page.keyboard.press("Enter")
        quote.wait_for(state="visible")
        shown = harness.squash(quote.inner_text())
        assert harness.squash(scene["quotes"][0]["quote"]) in shown
        assert page.locator(".fa-fold").get_attribute("open") is not None
        SHOTS.mkdir(parents=True, exist_ok=True)
        quote.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / "tour-390x844-quote-open.png")
        summary.scroll_into_view_if_needed()
        page.keyboard.press("Enter")  # and closes it
        quote.wait_for(state="hidden")
        assert atlas.errors == []
    finally:
        atlas.close()


def test_a_phone_frames_each_scene_subject(chromium, app_server):
    """Scene by scene (Next), the subject's extent from geodata/ lies inside the phone's
    map and takes a fair share of it."""
    atlas = harness.open_atlas(chromium, app_server, 390, 844, MODES["tour"])
    page = atlas.page
    try:
        harness.wait_until_settled(page)
        view, shares = settled_view(atlas), {}
        for number, scene in enumerate(SCENES):
            if number:
                page.get_by_role("button", name="Next ▶").click()
                page.get_by_role("heading", name=scene["title"]).wait_for()
                view = settled_view(atlas, before=view[6])
            west, south, east, north = subject_extent(scene)
            v_west, v_south, v_east, v_north = view[:4]
            assert v_west <= west, (scene["id"], view)
            assert east <= v_east, (scene["id"], view)
            assert v_south <= south, (scene["id"], view)
            assert north <= v_north, (scene["id"], view)
            share = max((east - west) / (v_east - v_west), (north - south) / (v_north - v_south))
            shares[scene["id"]] = round(share, 2)
            if east - west < SMALL_DEG and north - south < SMALL_DEG:
                assert v_east - v_west <= SMALL_VIEW_DEG, (scene["id"], view)
            else:
                assert share >= SHARE, (scene["id"], share, view)
            if scene["id"] == "militarisation":
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=SHOTS / "tour-390x844-militarisation.png")
        assert atlas.errors == []
    finally:
        atlas.close()
