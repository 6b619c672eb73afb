"""The tour on a phone (390x844) in Chromium: the map fits the screen, the quote (folded
under the map) opens and is readable, the Next button moves the tour, and a popup is no
bigger than the map (which hides its caption while a popup is open)."""

from __future__ import annotations

import json

import pytest

import harness

pytestmark = pytest.mark.browser

SCENES = json.loads((harness.GEODATA_DIR / "scenes.json").read_text("utf-8"))["scenes"]
WIDTH, HEIGHT = 390, 844
# Click (in Leaflet) the first feature on the map that has a popup; then the popup's box
# and the map frame's size, once Leaflet has panned to fit it.
POPUP_JS = """() => new Promise(resolve => {
    let target = null;
    map.eachLayer(l => {
        if (!target && l.feature && l.feature.properties.popup_html) target = l;
    });
    map.once('popupopen', () => setTimeout(() => {
        const box = document.querySelector('.leaflet-popup').getBoundingClientRect();
        resolve({left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                 width: window.innerWidth, height: window.innerHeight});
    }, 600));
    const at = target.getBounds ? target.getBounds().getCenter() : target.getLatLng();
    target.fire('click', {latlng: at}, true);
})"""


def test_the_tour_on_a_phone(chromium, app_server):
    first, second = SCENES[0], SCENES[1]
    atlas = harness.open_atlas(chromium, app_server, WIDTH, HEIGHT, f"/?scene={first['id']}")
    page = atlas.page
    try:
        harness.wait_until_settled(page)
        frame = page.locator(harness.FOLIUM_IFRAME).bounding_box()
        assert frame["x"] >= 0
        assert frame["x"] + frame["width"] <= WIDTH
        assert frame["y"] + frame["height"] <= HEIGHT
        page.locator(".fa-fold summary").click()  # the scene's text, folded under the map
        quote = page.locator(".fa-fold-quote").first
        assert quote.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 20
        box = quote.bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= WIDTH
        page.get_by_role("button", name="Next ▶").click()
        page.get_by_role("heading", name=second["title"]).wait_for()
        assert f"scene={second['id']}" in page.url
        popup = atlas.frame.evaluate(POPUP_JS)
        assert popup["right"] - popup["left"] <= popup["width"] - 40  # room to pan it in
        assert popup["bottom"] - popup["top"] <= popup["height"] - 40
        caption = atlas.map_frame.locator(".fa-caption")
        assert not caption.is_visible()  # out of the popup's way while it is open
        # and so are the buttons down the map's left side (zoom, marks, full screen)
        assert not atlas.map_frame.get_by_role("button", name="Draw a line").is_visible()
        assert not atlas.map_frame.locator(".leaflet-control-zoom-in").is_visible()
        harness.SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=harness.SCREENSHOT_DIR / "phone-tour-popup-390x844.png")
        assert atlas.errors == []
    finally:
        atlas.close()
