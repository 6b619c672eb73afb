"""The app server and the browser, for the tests, the benchmark and the scripts.

One module, used by ``tests/`` (through the fixtures in ``tests/conftest.py``),
``python -m bench``, ``scripts/load_test.py`` and ``scripts/readme_screenshot.py``:

- ``app_server``: ``streamlit run app.py`` on a free 127.0.0.1 port, in its own process
  group, polled on ``/_stcore/health`` until it answers and stopped (the whole group) on
  leaving; ``AppServer.metrics`` gives the memory and CPU time of it and its children;
- ``chromium``: Debian's Chromium driven by playwright, with fixed flags;
- ``open_atlas`` and the other page helpers, and the JavaScript snippets they share;
- reference data read from ``geodata/`` (not from the code under test).

It raises exceptions and decides no test policy: ``HarnessUnavailable`` says something
the machine lacks (playwright, Chromium); ``tests/conftest.py`` turns that into a skip, or
a failure under ``CI=true``. Playwright is imported only inside ``chromium()``, so this
module imports without it. Every wait is bounded; none is a fixed sleep.
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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psutil

REPO_ROOT = Path(__file__).resolve().parent.parent
GEODATA_DIR = REPO_ROOT / "geodata"
# Every layer with popups (every file in geodata/ but the base map) and the title its popups
# name it by, written out as a reader sees them; "history" is off until its box is ticked.
LAYER_TITLES = {
    "hokkaido": "Hokkaido",
    "disputed_islands": "Disputed islands",
    "island_settlements": "Settlements on the islands",
    "hokkaido_points": "Places on Hokkaido",
    "sakhalin_energy": "Sakhalin-1 and Sakhalin-2",
    "deployments": "Reported Russian deployments",
    "joint_patrols": "Russia–China joint patrols",
    "history": "Historical borders",
}
ARTIFACTS_DIR = REPO_ROOT / "artifacts"
SCREENSHOT_DIR = ARTIFACTS_DIR / "screenshots"

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
SERVER_START_TIMEOUT_S = 60.0
SERVER_STOP_TIMEOUT_S = 10.0
HEALTH_POLL_S = 0.1  # between health checks while the server starts
PORT_ATTEMPTS = 3  # another process may take the free port before streamlit binds it
# How long any single wait in the browser may take (ms). Generous for a loaded 2-core box;
# nothing waits this long when the app works.
BROWSER_TIMEOUT_MS = 30_000


class HarnessError(RuntimeError):
    """The harness could not do its part (server or browser); the message says why."""


class HarnessUnavailable(HarnessError):
    """Something this machine lacks (playwright, Chromium); the message says how to fix it."""


class ServerFailed(HarnessError):
    """The app server exited or did not answer in time; the message ends with its log."""


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


# --- the app server -------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody is listening on right now (the OS picks it for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class AppServer:
    """A running ``streamlit run app.py``."""

    base_url: str  # http://127.0.0.1:PORT
    pid: int  # the streamlit process (from Popen), leader of its own process group
    log_path: Path  # its stdout and stderr

    def metrics(self) -> dict[str, Any]:
        """Memory and CPU time of the server and its children (``process_metrics``)."""
        return process_metrics(self.pid)


def health_ok(url: str) -> bool:
    """True when a Streamlit health URL (``/_stcore/health``) answers ``ok``."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (local http)
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def stop_group(proc: subprocess.Popen) -> None:
    """Stop a process started in its own session, and its children: TERM, then KILL."""
    with suppress(ProcessLookupError):  # the group may be gone already
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=SERVER_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=SERVER_STOP_TIMEOUT_S)


def _start(
    log_path: Path, env: Mapping[str, str], timeout_s: float, script: str = "app.py"
) -> tuple[subprocess.Popen, str]:
    """One attempt: the started process and its base URL, or ServerFailed (process gone)."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [
        *(sys.executable, "-m", "streamlit", "run", script),
        *("--server.port", str(port), "--server.address", "127.0.0.1"),
        *("--server.headless", "true"),
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(  # noqa: S603  (fixed command: this interpreter, app.py)
            command,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so killpg reaches every child
            env=dict(env),
        )
    health = f"{base_url}/_stcore/health"
    deadline = time.monotonic() + timeout_s
    try:
        while not health_ok(health):
            if proc.poll() is not None:
                raise ServerFailed(
                    f"streamlit exited with code {proc.returncode} before answering {health}; "
                    f"{log_path}:\n{_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise ServerFailed(
                    f"streamlit did not answer 'ok' on {health} within {timeout_s:g} s; "
                    f"{log_path}:\n{_tail(log_path)}"
                )
            time.sleep(HEALTH_POLL_S)
    except BaseException:
        stop_group(proc)
        raise
    return proc, base_url


@contextmanager
def app_server(
    log_path: Path,
    env: Mapping[str, str] | None = None,
    timeout_s: float = SERVER_START_TIMEOUT_S,
    script: str = "app.py",
) -> Iterator[AppServer]:
    """``streamlit run app.py`` (or another ``script``, run from the repository so it gets
    the same ``.streamlit/config.toml``) on a free 127.0.0.1 port until the block ends.

    Waits until ``/_stcore/health`` answers ``ok`` (at most ``timeout_s``), else raises
    ``ServerFailed``; on leaving, stops the server's whole process group. ``env`` adds
    environment variables (e.g. FRONTIER_ATLAS_GEODATA for another data folder). The server
    never reloads code (no file watcher): a reload under running sessions breaks them.
    """
    full_env = {**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", **(env or {})}
    for attempt in range(1, PORT_ATTEMPTS + 1):
        try:
            proc, base_url = _start(log_path, full_env, timeout_s, script)
            break
        except ServerFailed as exc:
            # the free port was taken between free_port() and streamlit binding it
            if attempt == PORT_ATTEMPTS or "is not available" not in str(exc):
                raise
    try:
        yield AppServer(base_url=base_url, pid=proc.pid, log_path=log_path)
    finally:
        stop_group(proc)


def process_metrics(pid: int) -> dict[str, Any]:
    """RSS and USS (MB) and CPU seconds (user + system) of a process and its descendants.

    USS is the memory only these processes hold (what stopping them would free). psutil
    7.2 has no peak RSS on Linux, so there is no high-water mark here.
    """
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        raise HarnessError(f"no process {pid}") from None
    rss = uss = 0
    cpu = 0.0
    counted = 0
    for process in processes:
        try:
            with process.oneshot():
                memory = process.memory_full_info()
                times = process.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):  # ended meanwhile, or not ours
            continue
        rss += memory.rss
        uss += memory.uss
        cpu += times.user + times.system
        counted += 1
    return {
        "rss_mb": round(rss / 2**20, 1),
        "uss_mb": round(uss / 2**20, 1),
        "cpu_s": round(cpu, 2),
        "processes": counted,
    }


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
    browser, base_url: str, width: int, height: int, path: str = "/", init_script: str = ""
) -> AtlasPage:
    """Open the app in a fresh context at ``width``x``height`` and wait for the map;
    ``init_script`` runs in the page before its own scripts (an observer, say)."""
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
    atlas.frame = wait_for_map(page)
    return atlas


def wait_for_map(page):
    """Wait until the st_folium iframe holds a Leaflet map with its land drawn."""
    iframe = page.wait_for_selector(FOLIUM_IFRAME, state="attached")
    page.frame_locator(FOLIUM_IFRAME).locator(".leaflet-container").wait_for(state="visible")
    frame = iframe.content_frame()
    if frame is None:
        raise HarnessError("the st_folium iframe has no content frame")
    frame.wait_for_function(MAP_DRAWN_JS)
    return frame


def close_popup(frame) -> None:
    """Close the map's popup and wait until it has left the page (its fade-out ended)."""
    frame.evaluate(CLOSE_POPUP_JS)
    frame.wait_for_function(NO_POPUP_JS)


def wait_until_settled(page) -> None:
    """Wait for Streamlit to finish its script run and for web fonts to load."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.evaluate("async () => { await document.fonts.ready; }")


def main_column_height(page) -> int:
    """Height of Streamlit's scrolling main column (stMain), content included."""
    return page.eval_on_selector('[data-testid="stMain"]', "main => main.scrollHeight")


# --- reference data (read from the data files, not from the code under test) ---------


def island_feature(name_en: str) -> dict:
    """The feature of geodata/disputed_islands.geojson with this English name."""
    collection = json.loads((GEODATA_DIR / "disputed_islands.geojson").read_text("utf-8"))
    for feature in collection["features"]:
        if feature["properties"].get("name_en") == name_en:
            return feature
    raise LookupError(f"no feature named {name_en!r} in geodata/disputed_islands.geojson")


def article_text() -> str:
    """geodata/article.md as it is on disk."""
    return (GEODATA_DIR / "article.md").read_text("utf-8")


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces, for comparing rendered text with source text."""
    return " ".join(text.split())
