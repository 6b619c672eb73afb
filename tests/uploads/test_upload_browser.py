"""Issue 14 through the page: the files of the report, uploaded with the page's own uploader.

Each file goes through the real ``st.file_uploader`` ("Add your own layer") in headless
Chromium, in a fresh browser context (a fresh Streamlit session), against the one
``app_server`` of the test session. After each upload, once Streamlit's run has finished:

- a refused file: a message naming the file and what is wrong with it;
- the map is drawn again (``harness.wait_for_map``);
- nothing left 127.0.0.1: no browser request (each one recorded; foreign ones aborted),
  no connection from the server (a canary listener the remote VRT points at, and the
  server's open connections); no traceback in the server's log;
- the server's RSS grew by less than ``MAX_RSS_GROWTH_MB``;
- the run's websocket payload (what the server sent for the rerun, the map included) is
  within ``MAX_EXTRA_PAYLOAD`` of the session's first run.

A file named like Markdown is shown as its name (no image fetched, nothing typeset), and a
good KMZ draws a feature whose popup shows its name, markup and all, as characters.

``harness.hostile`` builds the files and ``harness.uploads`` opens the session;
``scripts/upload_redteam.py`` uploads the same files, to the app before and after the fix,
for the figures in the issue.
"""

from __future__ import annotations

import io
import os
import socket
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psutil
import pytest

import harness
from harness.hostile import (
    BOMB_HEAD,
    BOMB_ZERO_MIB,
    MARKDOWN_NAME,
    TRIP_LAT,
    TRIP_LON,
    TRIP_NAME,
    Upload,
    hostile_uploads,
    zip_bomb,
)
from harness.uploads import LOOPBACK, UPLOADER_INPUT, Session, open_session

pytestmark = pytest.mark.browser  # every test here needs the app server (see no_network)

MAX_RSS_GROWTH_MB = 150
MAX_EXTRA_PAYLOAD = 2_000_000  # bytes of websocket payload over the session's first run
ROOT_ENTRY = "root:x:0:0:"  # the first line of /etc/passwd on any Linux


# Inside the st_folium iframe: centre the map on [lat, lon] (no animation) and return that
# spot in the iframe's coordinates.
SPOT_JS = """([lat, lon]) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no moveend after setView')), 10000);
    map.once('moveend', () => {
        clearTimeout(timer);
        const pt = map.latLngToContainerPoint([lat, lon]);
        const box = map.getContainer().getBoundingClientRect();
        resolve([box.left + pt.x, box.top + pt.y]);
    });
    map.setView([lat, lon], 10, {animate: false});
})"""


# --- the server, watched from outside ----------------------------------------------------


def listening_pid(base_url: str) -> int:
    """The process listening on the app's port: the streamlit server."""
    port = urlsplit(base_url).port
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr.port == port and conn.pid:
            return conn.pid
    raise LookupError(f"nothing listens on port {port}")


def foreign_connections(pid: int) -> list[str]:
    """Open connections of the server (and its children) to anything but loopback."""
    root = psutil.Process(pid)
    found = []
    for process in (root, *root.children(recursive=True)):
        try:
            connections = process.net_connections(kind="inet")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        found += [f"{c.raddr.ip}:{c.raddr.port}" for c in connections if c.raddr]
    return [address for address in found if address.rsplit(":", 1)[0] not in LOOPBACK]


@dataclass(frozen=True)
class Server:
    base_url: str
    pid: int
    log: Path  # where its stdout goes

    def rss_mb(self) -> float:
        return harness.process_metrics(self.pid)["rss_mb"]

    def log_size(self) -> int:
        return self.log.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.log.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")


@pytest.fixture(scope="module", autouse=True)
def no_network(app_server, no_network) -> None:
    """``tests/uploads/conftest.py``'s guard on this process's sockets, armed only once the
    session's app server is up: starting it polls its health URL, which the guard refuses."""


@pytest.fixture(scope="module")
def server(app_server) -> Server:
    pid = listening_pid(app_server)
    return Server(app_server, pid, Path(os.readlink(f"/proc/{pid}/fd/1")))


@pytest.fixture(scope="module")
def canary() -> Iterator[tuple[socket.socket, str]]:
    """A local listener nobody should connect to: the remote VRT's target."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.setblocking(False)
        yield listener, f"http://127.0.0.1:{listener.getsockname()[1]}"


def connections_to(listener: socket.socket) -> int:
    """How many connections reached the listener (the kernel completes them unaccepted)."""
    count = 0
    while True:
        try:
            conn, _ = listener.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


@pytest.fixture(scope="module")
def uploads(canary) -> dict[str, Upload]:
    return {upload.id: upload for upload in hostile_uploads(canary[1])}


# --- one session, one upload ---------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one upload did, measured from outside the app."""

    session: Session
    rss_growth_mb: float
    run_payload: int  # websocket bytes received for the upload's run
    foreign_requests: list[str]
    foreign_connections: list[str]
    canary_hits: int
    new_log: str

    def check_harmless(self) -> None:
        assert self.foreign_requests == []
        assert self.foreign_connections == []
        assert self.canary_hits == 0, "the server connected to the VRT's remote source"
        assert "Traceback" not in self.new_log, self.new_log[-3000:]
        assert self.rss_growth_mb < MAX_RSS_GROWTH_MB
        limit = self.session.first_run + MAX_EXTRA_PAYLOAD
        assert self.run_payload < limit, (self.run_payload, self.session.first_run)
        assert self.session.atlas.errors == []
        page_text = self.session.page.content() + self.session.atlas.frame.content()
        assert ROOT_ENTRY not in page_text


def upload_file(session: Session, upload: Upload, server: Server, canary) -> Outcome:
    """Upload through the sidebar's uploader; wait until the run shows its result (the
    error naming the file, or the new layer's checkbox), has finished and the map is drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # only with a browser

    page = session.page
    rss_before, log_offset = server.rss_mb(), server.log_size()
    session.sidebar.get_by_text("Add your own layer").click()
    sent = sum(session.received)
    page.locator(UPLOADER_INPUT).set_input_files(
        files=[{"name": upload.name, "mimeType": upload.mime, "buffer": upload.data}]
    )
    if upload.expect:
        result = page.get_by_test_id("stAlert").filter(has_text=upload.name)
    else:  # the checkbox of the new layer
        result = session.sidebar.get_by_test_id("stCheckbox").filter(has_text="Your layer:")
    try:
        result.first.wait_for()
    except PlaywrightTimeout:
        wanted = "an error naming the file" if upload.expect else "the new layer's checkbox"
        shown = page.get_by_test_id("stAlert").all_inner_texts()
        pytest.fail(f"{upload.name}: no {wanted} appeared; the page shows: {shown}")
    harness.wait_until_settled(page)
    page.wait_for_function(harness.ONE_MAP_JS)
    session.atlas.frame = harness.wait_for_map(page)
    return Outcome(
        session=session,
        rss_growth_mb=server.rss_mb() - rss_before,
        run_payload=sum(session.received) - sent,
        foreign_requests=session.atlas.foreign_requests(),
        foreign_connections=foreign_connections(server.pid),
        canary_hits=connections_to(canary[0]),
        new_log=server.log_since(log_offset),
    )


@pytest.fixture
def session(chromium, server) -> Iterator[Session]:
    session = open_session(chromium, server.base_url)
    try:
        yield session
    finally:
        session.atlas.close()


# --- the tests ------------------------------------------------------------------------------

REFUSED = ("vrt-passwd", "vrt-vsicurl", "vrt-no-geometry", "zip-as-kml", "kmz-bomb",
           "45k-points", "empty-kml")  # fmt: skip


def test_the_files_are_what_the_report_describes(uploads):
    bomb = zip_bomb()
    assert 2.5e6 < len(bomb) < 3.5e6
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        (info,) = archive.infolist()
        assert info.file_size == len(BOMB_HEAD) + BOMB_ZERO_MIB * 2**20
        with archive.open(info) as member:
            assert member.read(len(BOMB_HEAD) + 2**20) == BOMB_HEAD + bytes(2**20)
    assert 4.5e6 < len(uploads["45k-points"].data) < 5 * 2**20  # under the uploader's cap
    for row in REFUSED[:3]:
        assert uploads[row].data.startswith(b"<OGRVRTDataSource>")


@pytest.mark.parametrize("row", REFUSED)
def test_a_hostile_upload_is_refused_harmlessly(session, server, canary, uploads, row):
    upload = uploads[row]
    outcome = upload_file(session, upload, server, canary)
    message = harness.squash(
        session.page.get_by_test_id("stAlert").filter(has_text=upload.name).first.inner_text()
    )
    assert upload.name in message
    for phrase in upload.expect:
        assert phrase in message
    outcome.check_harmless()
    # the refused file adds no layer
    assert session.sidebar.get_by_test_id("stCheckbox").filter(has_text="Your layer").count() == 0


def test_a_file_named_like_markdown_is_shown_as_its_name(session, server, canary, uploads):
    upload = uploads["markdown-name"]
    outcome = upload_file(session, upload, server, canary)
    outcome.check_harmless()
    page = session.page
    assert not [url for url in session.atlas.requests if "//host" in url]
    assert page.locator('img[src*="//host"]').count() == 0
    assert page.locator(".katex, .katex-html, math").count() == 0
    label = session.sidebar.get_by_test_id("stCheckbox").filter(has_text="Your layer:")
    assert harness.squash(label.inner_text()) == f"Your layer: {MARKDOWN_NAME}"
    assert session.sidebar.get_by_text("$x^2$").first.is_visible()
    legend = harness.squash(session.atlas.frame.locator(".fa-legend").inner_text())
    assert f"Your layer: {MARKDOWN_NAME}" in legend


def test_a_good_kmz_draws_and_its_popup_shows_the_name_as_text(session, server, canary, uploads):
    outcome = upload_file(session, uploads["good-kmz"], server, canary)
    outcome.check_harmless()
    frame = session.atlas.frame
    assert "Your layer: trip.kmz" in frame.locator(".fa-legend").inner_text()
    x, y = frame.evaluate(SPOT_JS, [TRIP_LAT, TRIP_LON])
    box = session.page.locator(harness.FOLIUM_IFRAME).bounding_box()
    session.page.mouse.click(box["x"] + x, box["y"] + y)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h3").inner_text() == TRIP_NAME
    assert "Your layer: trip.kmz" in popup.inner_text()
    assert popup.locator("h3 b, .katex").count() == 0
