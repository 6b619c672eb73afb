"""The map fits the screen it is on: its height follows the window, in the page and in its frame.

The page's style (``page_css``, sent before the map, so the map's first paint already has
its height: nothing moves later) sizes the map's box and frame to the window less what
stands above the map (and, on a phone in the tour, below it: the tour's buttons and the
scene's folded text), within ``MIN_PX``..``MAX_PX``. Inside the frame the Leaflet map fills
it (streamlit-folium writes a fixed height on it) and ``invalidateSize`` follows every
resize of the frame (a phone turned, a window resized).
"""

from __future__ import annotations

import folium
from branca.element import Element

from layers.web.mapscript import add_map_call, page_of
from layers.web.phone import NARROW_PX

MIN_PX, MAX_PX = 300, 1600
WIDE_TITLE_PX = 1600  # from this window width the explore title holds on one line
# What the window keeps besides the map, in px (measured with Chromium at 390x844,
# 1366x768 and 1920x1080: tests/browser/test_browser_screen.py checks the result).
ABOVE_TOUR = 76  # Streamlit's header and a margin below the map
ABOVE_EXPLORE = 170  # the header and the title on two lines, and the margin
ABOVE_EXPLORE_WIDE = 120  # the title on one line
# A phone: the header and the title on four lines (a smaller title would come with the
# style, after the first paint, and move the map: CLS 0.19)
PHONE_EXPLORE = 323
# A phone in the tour: the header above the map; the tour's buttons, scene list, progress
# and folded text below it
PHONE_TOUR = 304


SKELETON = '[data-testid="stSkeleton"]'


def _height(above: int) -> str:
    return f"clamp({MIN_PX}px, calc(100dvh - {above}px), {MAX_PX}px)"


def page_css(box_key: str, touring: bool) -> str:
    """The style that sizes the map's box (the container keyed ``box_key``) and its frame to
    the window."""
    box = f".st-key-{box_key}"
    # Streamlit gives the box's wrapper a flex basis of the box's height (MAP_HEIGHT).
    wrapper = f'[data-testid="stLayoutWrapper"]:has(> {box})'
    rules = [
        f"body {{ --fa-map-h: {_height(ABOVE_TOUR if touring else ABOVE_EXPLORE)}; }}",
        f"{wrapper}, {box} {{ flex: 0 0 var(--fa-map-h) !important; }}",
        f"{wrapper}, {box} {{ height: var(--fa-map-h) !important; }}",
        # The frame once it has loaded; until then Streamlit shows a placeholder of the
        # component's height in its place.
        f"{box}:not(:has({SKELETON})) iframe {{ height: var(--fa-map-h) !important; }}",
        f"{box} {SKELETON} {{ height: var(--fa-map-h) !important; }}",
        f"{box} iframe {{ vertical-align: top; }}",  # no line's descent below the frame
        f"@media (max-width: {NARROW_PX}px) {{ body {{ --fa-map-h: "
        f"{_height(PHONE_TOUR if touring else PHONE_EXPLORE)}; }} }}",
    ]
    if not touring:
        rules.append(
            f"@media (min-width: {WIDE_TITLE_PX}px) {{ body {{ --fa-map-h: "
            f"{_height(ABOVE_EXPLORE_WIDE)}; }} }}"
        )
    return "<style>" + " ".join(rules) + "</style>"


# Inside the map's frame: streamlit-folium sets the map's height in px; the frame's own
# height (set by the page) rules instead, but while presenting (presenter.js gives the card
# below the map its share).
MAP_CSS = "<style>#map_div:not(.fa-presenting) { height: 100vh !important; }</style>"
RESIZE_JS = """(function(map) {
  if (!window.ResizeObserver) return;  // Leaflet still follows the window's resize
  new ResizeObserver(function() { map.invalidateSize(); }).observe(map.getContainer());
})(%s);"""


def add_map_fill(fmap: folium.Map) -> None:
    """The map fills its frame and follows its size."""
    page_of(fmap).header.add_child(Element(MAP_CSS), name="frontier_atlas_screen_css")
    add_map_call(fmap, RESIZE_JS % fmap.get_name())
