"""The exported HTML map, opened from disk in headless Chromium with the network off."""

from __future__ import annotations

import pytest
from shapely.geometry import shape

import harness
from harness.browser import FIND_MAP_JS, SCREEN_POINT_JS
from layers.exports import make_export
from layers.plan.view import ViewOptions

pytestmark = pytest.mark.browser


def test_exported_html_draws_and_opens_a_popup_offline(shipped_atlas, chromium, tmp_path):
    path = tmp_path / "frontier-atlas.html"
    atlas = shipped_atlas
    path.write_bytes(make_export("html", atlas, ViewOptions(focus="islands")))
    context = chromium.new_context(viewport={"width": 1600, "height": 1000}, offline=True)
    requests: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(path.as_uri())
        page.wait_for_selector(".leaflet-container path.leaflet-interactive")
        (map_name,) = page.evaluate(FIND_MAP_JS)
        kunashir = harness.island_feature("Kunashiri / Kunashir")
        inside = shape(kunashir["geometry"]).representative_point()
        x, y = page.evaluate(SCREEN_POINT_JS, [map_name, inside.y, inside.x])
        page.mouse.click(x, y)
        popup = page.wait_for_selector(".leaflet-popup-content")
        text = harness.squash(popup.inner_text())
        assert "from the article" in text.lower()  # CSS shows it in capitals
        assert "For the islands of Etorofu-to, Kunashiri-to" in text
        assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
        assert errors == []
        page.wait_for_function(
            "() => getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
        )  # Leaflet fades popups in
        shots = harness.SCREENSHOT_DIR / "exports"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=shots / "exported-html-offline.png")
    finally:
        context.close()
