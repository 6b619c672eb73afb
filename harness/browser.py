"""The browser: Debian's Chromium driven by playwright, one loaded page of the app
(``open_atlas``, ``AtlasPage``), bounded waits on Streamlit and the map, and the JavaScript
snippets the tests and the benchmark share.

Playwright is imported only inside ``chromium()``, so this module imports without it.
Every wait is bounded; none is a fixed sleep.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from harness.errors import HarnessError, HarnessUnavailable

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
# How long any single wait in the browser may take (ms). Generous for a loaded 2-core box;
# nothing waits this long when the app works.
BROWSER_TIMEOUT_MS = 30_000


# --- JavaScript shared by the tests and the benchmark -----------------------------------
#
# Snippets passed to playwright's ``evaluate`` return plain data or nothing: never a Leaflet
# object. Playwright serialises a returned object in full, and the Leaflet map references
# every layer, so ``() => map.closePopup()`` (which returns the map) takes seconds.

# The st_folium component's iframe: Streamlit serves it from
# /component/streamlit_folium.st_folium/index.html and titles it with the component name.
FOLIUM_IFRAME = 'iframe[src*="/component/streamlit_folium."]'

# The shipped land: one SVG path filled with the base map's land colour, with a long
# outline (the whole region's coastline), as drawn from geodata/basemap_land.geojson.
LAND_PATH_LENGTH_JS = """() => Math.max(0, ...[...document.querySelectorAll(
    '.leaflet-container svg path[fill="#EDEAE2"]')].map(p => (p.getAttribute('d') || '').length))"""

# True once a rerun's new map iframe has replaced the old one (st_folium remounts it).
ONE_MAP_JS = (
    "() => document.querySelectorAll('iframe[src*=\"/component/streamlit_folium.\"]').length === 1"
)

# True once the folium script has run inside the iframe, drawn the land and finished any
# zoom animation (Leaflet ignores a setView during one). st_folium exposes the Leaflet map
# as ``window.map``.
MAP_DRAWN_JS = (
    "() => !!window.map && !window.map._animatingZoom && (" + LAND_PATH_LENGTH_JS + ")() > 10000"
)

# Inside the st_folium iframe: centre the map without animation; resolves to the new zoom.
SET_VIEW_JS = """([lat, lon, zoom]) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no moveend after setView')), 10000);
    map.once('moveend', () => { clearTimeout(timer); resolve(map.getZoom()); });
    map.setView([lat, lon], zoom, {animate: false});
})"""

# Inside the st_folium iframe: close any open popup; returns nothing (see above). Leaflet
# fades the popup out and removes it 200 ms later: ``close_popup`` also waits for that.
CLOSE_POPUP_JS = "() => { window.map.closePopup(); }"
NO_POPUP_JS = "() => !document.querySelector('.leaflet-popup')"

# Find the GeoJSON layer whose tooltip names the island, and what is drawn at a lat/lon.
PROBE_JS = """([name, lat, lon]) => {
    let target = null;
    map.eachLayer(layer => {
        const props = layer.feature && layer.feature.properties;
        if (props && String(props.tooltip_html || '').includes(name) && layer._path) {
            target = layer;
        }
    });
    if (!target) return {found: false};
    const pt = map.latLngToContainerPoint([lat, lon]);
    const box = map.getContainer().getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + pt.x, box.top + pt.y);
    return {
        found: true,
        x: pt.x,
        y: pt.y,
        stroke: target._path.getAttribute('stroke'),
        hitIsTarget: hit === target._path,
        hit: hit ? hit.outerHTML.slice(0, 200) : null,
    };
}"""


# --- Chromium -------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium through playwright (a ``Browser``), closed on leaving.

    Raises ``HarnessUnavailable`` if the playwright package or the browser is missing
    (playwright's own browser download is not used).
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise HarnessUnavailable(
            "the playwright Python package is not installed "
            "(install it with: pip install -r requirements-dev.txt)"
        ) from None
    if not os.access(CHROMIUM_PATH, os.X_OK):
        raise HarnessUnavailable(
            f"{CHROMIUM_PATH} is missing (install it with: sudo apt-get install chromium)"
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


# --- one loaded page of the app -------------------------------------------------------


@dataclass
class AtlasPage:
    """A browser page with the app loaded, and what it did while loading."""

    page: Any  # playwright Page
    base_url: str
    requests: list[str] = field(default_factory=list)  # every URL asked for, any frame
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    frame: Any = None  # the st_folium iframe's Frame, once the map is drawn

    @property
    def map_frame(self):
        """Locator root inside the st_folium iframe."""
        return self.page.frame_locator(FOLIUM_IFRAME)

    def foreign_requests(self) -> list[str]:
        """URLs that went anywhere but the app's own server (inlined data:/blob: are fine)."""
        own = urlsplit(self.base_url)
        bad = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob", "about"}:
                continue
            if parts.scheme in {"http", "ws"} and parts.netloc == own.netloc:
                continue
            bad.append(url)
        return bad

    def close(self) -> None:
        self.page.context.close()


def open_atlas(
    browser,
    base_url: str,
    width: int,
    height: int,
    path: str = "/",
    init_script: str = "",
    drawn_js: str = "",
) -> AtlasPage:
    """Open the app in a fresh context at ``width``x``height`` and wait for the map;
    ``init_script`` runs in the page before its own scripts (an observer, say); ``drawn_js``
    says when the map is drawn, if not as ``MAP_DRAWN_JS`` does (a map zoomed in by its
    address clips its land's outline short)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    atlas = AtlasPage(page=page, base_url=base_url)
    # page-level events cover every frame of the page, the st_folium iframe included.
    page.on("request", lambda request: atlas.requests.append(request.url))
    page.on("websocket", lambda ws: atlas.requests.append(ws.url))
    page.on(
        "console",
        lambda msg: (
            atlas.errors.append(f"console.error: {msg.text} @ {msg.location}")
            if msg.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda exc: atlas.errors.append(f"pageerror: {exc}"))
    page.goto(base_url + path, wait_until="domcontentloaded")
    atlas.frame = wait_for_map(page, drawn_js or MAP_DRAWN_JS)
    return atlas


def wait_for_map(page, drawn_js: str = MAP_DRAWN_JS):
    """Wait until the st_folium iframe holds a Leaflet map with its land drawn."""
    iframe = page.wait_for_selector(FOLIUM_IFRAME, state="attached")
    page.frame_locator(FOLIUM_IFRAME).locator(".leaflet-container").wait_for(state="visible")
    frame = iframe.content_frame()
    if frame is None:
        raise HarnessError("the st_folium iframe has no content frame")
    frame.wait_for_function(drawn_js)
    return frame


def close_popup(frame) -> None:
    """Close the map's popup and wait until it has left the page (its fade-out ended)."""
    frame.evaluate(CLOSE_POPUP_JS)
    frame.wait_for_function(NO_POPUP_JS)


def wait_until_settled(page) -> None:
    """Wait for Streamlit to finish its script run and for web fonts to load."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.evaluate("async () => { await document.fonts.ready; }")


# The state the map applied last (steering.js writes it on the map's container).
STATE_JS = "() => map.getContainer().getAttribute('data-atlas-state')"


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def change_and_wait(atlas: AtlasPage, act) -> None:
    """Do ``act`` in the page and wait until the map has applied the new state."""
    frame = atlas.frame
    before = frame.evaluate(STATE_JS)
    act(atlas.page)
    frame.wait_for_function(f"() => ({STATE_JS})() !== {before!r}")
    wait_until_settled(atlas.page)


def main_column_height(page) -> int:
    """Height of Streamlit's scrolling main column (stMain), content included."""
    return page.eval_on_selector('[data-testid="stMain"]', "main => main.scrollHeight")


# A map page opened on its own (an export, a site page): its Leaflet map, and a point on screen.
FIND_MAP_JS = """() => Object.keys(window).filter(k => k.startsWith('map_')
    && window[k] instanceof L.Map)"""
SCREEN_POINT_JS = """([mapName, lat, lon]) => {
    const map = window[mapName];
    const pt = map.latLngToContainerPoint([lat, lon]);
    const box = map.getContainer().getBoundingClientRect();
    return [box.left + pt.x, box.top + pt.y];
}"""
