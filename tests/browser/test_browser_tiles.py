"""An online base map whose tile server cannot be reached: the map still draws."""

from __future__ import annotations

import pytest

import harness

pytestmark = pytest.mark.browser


def test_unreachable_tile_server_leaves_the_map_working(chromium, app_server):
    atlas = harness.open_atlas(chromium, app_server, 1600, 1000)
    blocked: list[str] = []

    def refuse(route):
        blocked.append(route.request.url)
        route.abort("connectionrefused")

    atlas.page.context.route("https://**/*", refuse)
    try:
        harness.wait_until_settled(atlas.page)
        base_map = atlas.page.get_by_test_id("stSelectbox").filter(has_text="Base map")
        base_map.scroll_into_view_if_needed()  # at the sidebar's foot its list has no room
        base_map.click()
        atlas.page.get_by_role("option", name="OpenStreetMap (online)").click()
        atlas.map_frame.last.locator(".leaflet-tile-container").first.wait_for(state="attached")
        atlas.page.wait_for_function(harness.ONE_MAP_JS)
        atlas.frame = harness.wait_for_map(atlas.page)
        atlas.frame.wait_for_function("() => document.querySelectorAll('img.leaflet-tile').length")
        assert blocked, "no tile was requested"
        assert all("tile.openstreetmap.org" in url for url in blocked), blocked
        # the shipped land is still drawn
        assert atlas.frame.evaluate(harness.LAND_PATH_LENGTH_JS) > 10_000
        assert atlas.frame.locator("path.leaflet-interactive").count() > 20  # and the layers
        labels = atlas.map_frame.last.locator(".fa-label:visible", has_text="Shikotan")
        assert labels.count() == 1
        page_errors = [e for e in atlas.errors if not e.startswith("console.error")]
        assert page_errors == []
        unrelated = [
            e
            for e in atlas.errors
            if e.startswith("console.error")
            and "ERR_CONNECTION_REFUSED" not in e
            and "Failed to load" not in e
        ]
        assert unrelated == []
    finally:
        atlas.close()
