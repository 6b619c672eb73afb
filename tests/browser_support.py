"""Helpers for the real-browser tests: the app server, Chromium, and the page under test.

Nothing here imports playwright at module level, so the rest of the test suite still
collects and runs on a machine without it; ``launch_chromium`` decides whether a missing
browser skips the browser tests (a developer's machine) or fails them (CI).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
GEODATA_DIR = REPO_ROOT / "geodata"
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SERVER_START_TIMEOUT_S = 60.0
# How long any single wait in the browser may take (ms). Generous for a loaded 2-core box;
# nothing waits this long when the app works.
BROWSER_TIMEOUT_MS = 30_000

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


# --- the app server -------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody is listening on right now (the OS picks it for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _health_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def _stop(proc: subprocess.Popen) -> None:
    """Terminate the server's whole process group (streamlit may start children)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def run_app_server(log_path: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start ``streamlit run app.py`` on a free port, yield its base URL, then stop it.

    ``env`` adds environment variables (e.g. FRONTIER_ATLAS_GEODATA for another data folder).
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so killpg reaches every child
            env={**os.environ, **(env or {})},
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        health = f"{base_url}/_stcore/health"
        while not _health_ok(health):
            if proc.poll() is not None:
                pytest.fail(
                    f"streamlit exited with code {proc.returncode} before answering {health}:\n"
                    + _tail(log_path)
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer 'ok' on {health} within "
                    f"{SERVER_START_TIMEOUT_S:.0f} s:\n" + _tail(log_path)
                )
            time.sleep(0.25)  # between health polls
        yield base_url
    finally:
        _stop(proc)


# --- Chromium -------------------------------------------------------------------------


def _unavailable(reason: str, how_to_fix: str) -> None:
    message = f"{reason}; the browser tests need it. {how_to_fix}"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true, so this fails instead of skipping)")
    pytest.skip(message)


def launch_chromium() -> Iterator[Any]:
    """Debian's Chromium driven by playwright; skip (or fail on CI) if either is missing."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable(
            "the playwright Python package is not installed",
            "Install it with: pip install -r requirements-dev.txt",
        )
    if not os.access(CHROMIUM_PATH, os.X_OK):
        _unavailable(
            f"{CHROMIUM_PATH} is missing",
            "Install it with: sudo apt-get install chromium "
            "(playwright's own browser download is not used)",
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
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


def open_atlas(browser, base_url: str, width: int, height: int, path: str = "/") -> AtlasPage:
    """Open the app in a fresh context at ``width``x``height`` and wait for the map."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
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
    atlas.frame = wait_for_map(page)
    return atlas


def wait_for_map(page):
    """Wait until the st_folium iframe holds a Leaflet map with its land drawn."""
    iframe = page.wait_for_selector(FOLIUM_IFRAME, state="attached")
    page.frame_locator(FOLIUM_IFRAME).locator(".leaflet-container").wait_for(state="visible")
    frame = iframe.content_frame()
    assert frame is not None, "the st_folium iframe has no content frame"
    frame.wait_for_function(MAP_DRAWN_JS)
    return frame


def wait_until_settled(page) -> None:
    """Wait for Streamlit to finish its script run and for web fonts to load."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.evaluate("async () => { await document.fonts.ready; }")


def main_column_height(page) -> int:
    """Height of Streamlit's scrolling main column (stMain), content included."""
    return page.eval_on_selector('[data-testid="stMain"]', "main => main.scrollHeight")


# --- reference data (read from the data files, not from the code under test) ---------


def island_feature(name_en: str) -> dict:
    collection = json.loads((GEODATA_DIR / "disputed_islands.geojson").read_text("utf-8"))
    for feature in collection["features"]:
        if feature["properties"].get("name_en") == name_en:
            return feature
    raise AssertionError(f"no feature named {name_en!r} in geodata/disputed_islands.geojson")


def article_text() -> str:
    return (GEODATA_DIR / "article.md").read_text("utf-8")


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces, for comparing rendered text with source text."""
    return " ".join(text.split())


# Leaflet helpers evaluated inside the st_folium iframe.

SET_VIEW_JS = """([lat, lon, zoom]) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no moveend after setView')), 10000);
    map.once('moveend', () => { clearTimeout(timer); resolve(map.getZoom()); });
    map.setView([lat, lon], zoom, {animate: false});
})"""

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
