"""Compare by keyboard (and mouse), in Chromium through the real page: "Compare" on, 1945 and now
chosen, the divider moved with the arrow keys; a deployment of 2016 (not there in 1945) is
seen right of the divider only, and Sapporo (undated) on either side."""

from __future__ import annotations

import json

import pytest

import harness

pytestmark = pytest.mark.browser

SHOTS = harness.ARTIFACTS_DIR / "shots"
TAB_LIMIT = 300  # Tab presses from the map to its divider (about 90 features, 5 controls)
# Where a deployment or settlement is drawn (container pixels), its pane and that pane's side.
WHERE_JS = """([layer, fid]) => {
    const f = window.atlas.layers[layer].geojson.getLayers()
        .find(m => m.feature.properties.id === fid);
    if (!f || !f._path) return null;
    const p = map.latLngToContainerPoint(f.getLatLng()), pane = f._path.closest('.leaflet-pane');
    const r = map.getContainer().getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + p.x, r.top + p.y);
    return {x: p.x, pane: pane.className, side: pane.getAttribute('data-side'),
            clip: getComputedStyle(pane).clipPath, seen: hit === f._path, fid,
            hit: hit && (hit.className.baseVal ?? hit.className), y: p.y};
}"""
BAR_JS = """() => {
    const bar = document.querySelector('[role=separator]');
    const r = bar.getBoundingClientRect(), c = map.getContainer().getBoundingClientRect();
    return {x: r.left + r.width / 2 - c.left, now: Number(bar.getAttribute('aria-valuenow')),
            label: bar.getAttribute('aria-label'), focused: document.activeElement === bar};
}"""


def from_data(layer: str, start: int | None, name: str = "") -> str:
    """A point feature's id read from the shipped GeoJSON: the first that began in
    ``start`` (None: no date), has not ended and is called ``name``, if given (independent
    of the code under test)."""
    data = json.loads((harness.GEODATA_DIR / f"{layer}.geojson").read_text("utf-8"))
    for f in data["features"]:
        p = f["properties"]
        began = (p.get("began") or p.get("reported") or "")[:4]
        dated = (start is None and not began) or began == str(start)
        point = f["geometry"]["type"] == "Point" and not p.get("ended")
        if point and dated and name in p["name_en"]:
            return p["id"]
    raise AssertionError(f"no point of {start} in {layer}")


def choose(page, label: str, year: str) -> None:
    """Choose ``year`` in the select box ``label`` by keyboard: type it, then Enter."""
    box = page.locator('[data-testid="stSidebar"]').get_by_label(label)
    box.focus()
    page.keyboard.type(year)
    page.keyboard.press("Enter")
    harness.wait_until_settled(page)


def test_compare_1945_and_now_by_keyboard(atlas_page):
    page, frame = atlas_page.page, atlas_page.frame
    before = frame.evaluate(harness.STATE_JS)
    switch = page.locator('[data-testid="stSidebar"]').get_by_label("Compare", exact=True)
    switch.focus()
    page.keyboard.press("Space")
    frame.wait_for_function(f"() => ({harness.STATE_JS})() !== {before!r}")
    harness.wait_until_settled(page)
    choose(page, "Left of the divider: the map as of", "1945")
    choose(page, "Right of the divider: the map as of", "now")
    frame.wait_for_function("() => map.getContainer().classList.contains('fa-comparing')")
    assert frame.evaluate("() => window.atlas.state.compare.names") == ["1945", "now"]
    assert frame.locator(".fa-compare-left").inner_text() == "1945"
    assert frame.locator(".fa-compare-right").inner_text() == "now"

    new = ["deployments", from_data("deployments", 2016)]  # only now
    old = ["hokkaido_points", from_data("hokkaido_points", None, "Sapporo")]  # always there
    bar = frame.locator("[role=separator]")
    frame.locator(".leaflet-container").focus()  # then Tab, past the features and controls
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if frame.evaluate(BAR_JS)["focused"]:
            break
    assert frame.evaluate(BAR_JS)["focused"], "Tab from the map never reaches the divider"
    assert frame.evaluate(BAR_JS)["label"] == "Compare divider: 1945 | now"
    # Arrow keys move the divider by 5 %: right until it passes the 2016 deployment (which
    # is then on the 1945 side, clipped away), then left until it is on the "now" side.
    spot = frame.evaluate(WHERE_JS, new)
    assert spot["side"] == "right", spot  # in the right side's pane
    assert frame.evaluate(WHERE_JS, old)["side"] is None  # in its own pane, both sides
    start = frame.evaluate(BAR_JS)["now"]
    page.keyboard.press("ArrowRight")
    assert frame.evaluate(BAR_JS)["now"] == start + 5
    while frame.evaluate(BAR_JS)["x"] <= spot["x"] + 12:
        page.keyboard.press("ArrowRight")
    bar_at = frame.evaluate(BAR_JS)
    assert bar_at["focused"]
    hidden = frame.evaluate(WHERE_JS, new)
    assert not hidden["seen"], hidden  # left of the divider: 1945, where it was not yet
    assert hidden["clip"].startswith("polygon")  # the right side's pane, clipped
    while frame.evaluate(BAR_JS)["x"] >= spot["x"] - 12:
        page.keyboard.press("ArrowLeft")
    shown = frame.evaluate(WHERE_JS, new)
    assert shown["seen"], shown  # right of the divider: now
    page.keyboard.press("Home")
    assert frame.evaluate(BAR_JS)["now"] == 0
    assert frame.evaluate(WHERE_JS, new)["seen"]  # the whole map is now's
    there = frame.evaluate(WHERE_JS, old)
    assert there["seen"], there
    page.keyboard.press("End")
    assert frame.evaluate(BAR_JS)["now"] == 100
    assert not frame.evaluate(WHERE_JS, new)["seen"]  # the whole map is 1945's
    assert frame.evaluate(WHERE_JS, old)["seen"]  # undated: on both sides
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    assert frame.evaluate(BAR_JS)["now"] == 50
    # and by mouse: dragged to a quarter of the map, which itself does not move
    centre = frame.evaluate("() => [map.getCenter().lat, map.getCenter().lng]")
    handle, box = bar.bounding_box(), frame.locator(".leaflet-container").bounding_box()
    assert handle is not None
    assert box is not None
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 4, handle["y"] + 40, steps=8)
    page.mouse.up()
    assert abs(frame.evaluate(BAR_JS)["now"] - 25) <= 1
    assert frame.evaluate("() => [map.getCenter().lat, map.getCenter().lng]") == centre
    page.keyboard.press("End")  # (the bar keeps focus after the drag)
    page.keyboard.press("ArrowLeft")
    assert frame.evaluate(BAR_JS)["now"] == 95
    for _ in range(9):
        page.keyboard.press("ArrowLeft")
    assert frame.evaluate(BAR_JS)["now"] == 50
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
    page.screenshot(path=str(SHOTS / "compare-1945-now.png"))
    assert page.evaluate(harness.ONE_MAP_JS)  # the same map throughout, never rebuilt
    assert atlas_page.errors == []
