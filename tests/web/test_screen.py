"""The page style that sizes the map to the window (``layers.web.screen.page_css``): only
the map's box, its wrapper, its frame and the frame's placeholder change size; the window
less what stands around the map, within 300..1600 px."""

from __future__ import annotations

import re

from layers.web import screen
from layers.web.a11y import MAP_BOX


def test_only_the_map_changes_size():
    for touring in (True, False):
        css = screen.page_css(MAP_BOX, touring)
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            if "height" in body or "flex" in body:
                for selector in selectors.split(","):
                    assert f"st-key-{MAP_BOX}" in selector, selector


def test_the_height_follows_the_window_within_limits():
    tour, explore = screen.page_css(MAP_BOX, True), screen.page_css(MAP_BOX, False)
    assert "clamp(300px, calc(100dvh - 76px), 1600px)" in tour  # header and a margin
    assert "@media (max-width: 640px)" in tour  # a phone: its buttons and text below
    assert "calc(100dvh - 304px)" in tour
    assert "calc(100dvh - 170px)" in explore  # the title above the map
    assert "@media (min-width: 1600px)" in explore
    assert "@media (min-width: 1600px)" not in tour


def test_the_leaflet_map_fills_its_frame_but_while_presenting():
    assert "#map_div:not(.fa-presenting) { height: 100vh !important; }" in screen.MAP_CSS
    assert "invalidateSize" in screen.RESIZE_JS
