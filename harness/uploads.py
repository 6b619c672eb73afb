"""A browser session on the page's uploader that keeps to 127.0.0.1: ``open_session`` opens
the app in a fresh context (a fresh Streamlit session) where every request leaving
127.0.0.1 is aborted (and still recorded) and the websocket's frames are counted from the
start. Used by ``tests/uploads/test_upload_browser.py`` and ``scripts/upload_redteam.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from harness.browser import BROWSER_TIMEOUT_MS, AtlasPage, wait_for_map, wait_until_settled

LOOPBACK = frozenset({"127.0.0.1", "::1", "::ffff:127.0.0.1"})
VIEWPORT = {"width": 1600, "height": 1000}
UPLOADER_INPUT = '[data-testid="stSidebar"] [data-testid="stFileUploader"] input[type="file"]'


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in LOOPBACK


@dataclass
class Session:
    """A fresh browser context on the app, with the websocket payload counted."""

    atlas: AtlasPage
    received: list[int] = field(default_factory=list)  # bytes of each websocket frame
    first_run: int = 0  # bytes received until the first run had finished
    payload: list[bytes] | None = None  # the frames themselves, when kept

    @property
    def page(self) -> Any:
        return self.atlas.page

    @property
    def sidebar(self) -> Any:
        return self.page.get_by_test_id("stSidebar")


def open_session(browser, base_url: str, keep_payload: bool = False) -> Session:
    """Like ``harness.browser.open_atlas``, but every request leaving 127.0.0.1 is aborted (and
    still recorded) and the websocket's frames are counted from the start (and kept, with
    ``keep_payload``)."""
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    context.route(lambda url: not is_local(url), lambda route: route.abort())
    page = context.new_page()
    session = Session(AtlasPage(page=page, base_url=base_url))
    if keep_payload:
        session.payload = []

    def on_frame(payload: bytes | str) -> None:
        session.received.append(len(payload))
        if session.payload is not None:
            session.payload.append(payload if isinstance(payload, bytes) else payload.encode())

    def on_websocket(ws) -> None:
        session.atlas.requests.append(ws.url)
        ws.on("framereceived", on_frame)

    page.on("request", lambda request: session.atlas.requests.append(request.url))
    page.on("websocket", on_websocket)
    page.on("pageerror", lambda exc: session.atlas.errors.append(f"pageerror: {exc}"))
    page.goto(base_url, wait_until="domcontentloaded")
    session.atlas.frame = wait_for_map(page)
    wait_until_settled(page)
    session.first_run = sum(session.received)
    return session
