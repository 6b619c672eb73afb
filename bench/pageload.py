"""In Chromium: time from opening the page to the map drawn, and the bytes it took.

The app is timed with ``bench.harness.open_atlas`` (new context, go to the page, wait
until the st_folium iframe's Leaflet map has its land drawn and no zoom animation runs).
The floor is the same map as a plain folium HTML file opened from disk, timed the same
way (new context, go to ``file://``, wait for ``.leaflet-container path.leaflet-interactive``).
"""

from __future__ import annotations

import json
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from google.protobuf.message import DecodeError
from playwright.sync_api import Error as PlaywrightError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import harness

FLOOR_DRAWN = ".leaflet-container path.leaflet-interactive"


@dataclass
class LoadTimes:
    app_s: list[float] = field(default_factory=list)
    floor_s: list[float] = field(default_factory=list)
    cold_app_s: float = 0.0  # the first load after the server started (caches empty)
    page_errors: list[str] = field(default_factory=list)
    floor_html_bytes: int = 0


def floor_html(path: Path) -> int:
    """Write the default view as one folium HTML file (what the HTML export makes)."""
    from layers.atlas import load_atlas
    from layers.exports import make_export
    from layers.paths import geodata_dir
    from layers.view import ViewOptions

    html = make_export("html", load_atlas(geodata_dir()), ViewOptions())
    path.write_bytes(html)
    return len(html)


def open_floor(browser: Any, path: Path, width: int, height: int) -> float:
    started = time.perf_counter()
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(harness.BROWSER_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(path.as_uri(), wait_until="domcontentloaded")
        page.wait_for_selector(FLOOR_DRAWN, state="attached")
        return time.perf_counter() - started
    finally:
        context.close()


def open_app(browser: Any, base_url: str, width: int, height: int, errors: list[str]) -> float:
    started = time.perf_counter()
    atlas = harness.open_atlas(browser, base_url, width, height)
    seconds = time.perf_counter() - started
    errors.extend(atlas.errors)
    atlas.close()
    return seconds


def load_times(browser: Any, base_url: str, runs: int, width: int, height: int) -> LoadTimes:
    """One cold load, then ``runs`` loads of the app and of the floor, alternating."""
    times = LoadTimes()
    times.cold_app_s = open_app(browser, base_url, width, height, times.page_errors)
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        path = Path(folder) / "frontier-atlas.html"
        times.floor_html_bytes = floor_html(path)
        open_floor(browser, path, width, height)  # warm the browser's own caches alike
        for _ in range(runs):
            times.app_s.append(open_app(browser, base_url, width, height, times.page_errors))
            times.floor_s.append(open_floor(browser, path, width, height))
    return times


# --- bytes ----------------------------------------------------------------------------


def _category(url: str) -> str:
    path = urlsplit(url).path
    if path.startswith("/static/"):
        return "Streamlit frontend (/static: JS, CSS, fonts)"
    if path.startswith("/component/"):
        return "st_folium iframe files (/component)"
    if path.startswith("/_stcore/"):
        return "Streamlit API (/_stcore: health, host-config)"
    return "page and other"


def _component_parts(frames: list[bytes]) -> dict[str, Any]:
    """Sizes of the map element inside the websocket stream (st_folium's json_args)."""
    parts: dict[str, int] = {}
    json_args = messages = leaflet_data_url = 0
    for frame in frames:
        msg = ForwardMsg()
        try:
            msg.ParseFromString(frame)
        except DecodeError:  # not a ForwardMsg: not counted
            continue
        messages += 1
        element = msg.delta.new_element
        if element.WhichOneof("type") != "component_instance":
            continue
        raw = element.component_instance.json_args
        json_args += len(raw.encode("utf-8"))
        for key, value in json.loads(raw).items():
            size = len(json.dumps(value).encode("utf-8"))
            parts[key] = parts.get(key, 0) + size
            if key == "js_links":
                leaflet_data_url += sum(len(u) for u in value if str(u).startswith("data:"))
    return {
        "forward_msgs": messages,
        "json_args_bytes": json_args,
        "json_args_parts_bytes": dict(sorted(parts.items(), key=lambda kv: -kv[1])),
        "leaflet_js_data_url_bytes": leaflet_data_url,
    }


def _milestone(frame: bytes) -> str | None:
    msg = ForwardMsg()
    try:
        msg.ParseFromString(frame)
    except DecodeError:
        return None
    kind = msg.WhichOneof("type")
    if kind == "script_finished":
        return "script_finished"
    if kind == "delta" and msg.delta.new_element.WhichOneof("type") == "component_instance":
        return "map element received"
    return None


def _deflated(frames: list[bytes]) -> int:
    """Rough wire size with permessage-deflate (one raw-deflate stream per message)."""
    total = 0
    for frame in frames:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        total += len(packer.compress(frame) + packer.flush())
    return total


def map_bytes(browser: Any, base_url: str, width: int, height: int) -> dict[str, Any]:
    """Bytes the browser fetched from opening the app until the map was drawn."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(harness.BROWSER_TIMEOUT_MS)
    finished: list[Any] = []
    frames: list[bytes] = []
    sent: list[int] = []
    marks: dict[str, float] = {}  # first time each milestone was seen, s after page open
    started = time.perf_counter()

    def on_websocket(ws: Any) -> None:
        def received(payload: str | bytes) -> None:
            frame = payload.encode("utf-8") if isinstance(payload, str) else payload
            frames.append(frame)
            now = time.perf_counter() - started
            marks.setdefault("first ForwardMsg", now)
            milestone = _milestone(frame)
            if milestone:
                marks.setdefault(milestone, now)

        ws.on("framereceived", received)
        ws.on("framesent", lambda payload: sent.append(len(payload)))

    try:
        page = context.new_page()
        page.on("requestfinished", lambda request: finished.append(request))
        page.on("websocket", on_websocket)
        started = time.perf_counter()
        page.goto(base_url + "/", wait_until="domcontentloaded")
        marks["DOMContentLoaded"] = time.perf_counter() - started
        harness.wait_for_map(page)
        drawn_s = time.perf_counter() - started
        marks["map drawn"] = drawn_s
        requests, ws_frames = list(finished), list(frames)
        by_category: dict[str, dict[str, int]] = {}
        for request in requests:
            sizes = request.sizes()
            response = request.response()
            try:
                body = len(response.body()) if response is not None else 0
            except PlaywrightError:  # redirects and the like have no body to read
                body = 0
            row = by_category.setdefault(
                _category(request.url), {"requests": 0, "body_bytes": 0, "transfer_bytes": 0}
            )
            row["requests"] += 1
            row["body_bytes"] += body
            row["transfer_bytes"] += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        ws_payload = sum(len(f) for f in ws_frames)
        by_category["websocket (ForwardMsg payloads)"] = {
            "requests": len(ws_frames),
            "body_bytes": ws_payload,
            "transfer_bytes": _deflated(ws_frames),
        }
    finally:
        context.close()
    http_body = sum(r["body_bytes"] for k, r in by_category.items() if "websocket" not in k)
    component = _component_parts(ws_frames)
    return {
        "page_open_to_map_drawn_s": round(drawn_s, 3),
        "timeline_s": {k: round(v, 3) for k, v in sorted(marks.items(), key=lambda kv: kv[1])},
        "by_category": by_category,
        "http_body_bytes": http_body,
        "websocket_payload_bytes": ws_payload,
        "websocket_sent_bytes": sum(sent),
        "total_bytes": http_body + ws_payload,
        "total_transfer_bytes_estimate": sum(r["transfer_bytes"] for r in by_category.values()),
        **component,
        "map_share_of_websocket": round(component["json_args_bytes"] / ws_payload, 3)
        if ws_payload
        else None,
        "map_share_of_total": round(component["json_args_bytes"] / (http_body + ws_payload), 3),
    }
