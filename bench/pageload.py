"""In Chromium: time from opening the page to the map drawn, the bytes it took, and what
a change of the controls costs the reader.

Page open: the app is timed with ``harness.open_atlas`` (new context, go to the
page, wait until the st_folium iframe's Leaflet map has its land drawn and no zoom
animation runs). Two floors, timed alike and interleaved with the app's runs:

- the bare page: a Streamlit page with nothing but one ``st_folium`` map of the same data
  (``BARE_APP``, written to a temp dir; the map built on each run as st_folium's README
  shows it, the atlas read once), waited for exactly as the app is
  (``harness.wait_for_map``);
- the plain HTML floor: the same map as one folium HTML file opened from disk (new
  context, go to ``file://``, wait for ``.leaflet-container path.leaflet-interactive``).

Changes (``change_costs``): one page in Explore, then the tour; a real widget is clicked
(or a key pressed on the slider) and the time runs until the map shows the change. Two
clocks: in the page, from the first ``pointerdown``/``keydown`` of the action (captured on
the page's document) to the first animation frame after the map container's
``data-atlas-state`` changed (a MutationObserver in the map's frame; both on
``performance.timeOrigin + now``); and wall time around the playwright calls (click, then
wait for the new state), which adds playwright's own round trips. Every change of layers,
year, labels, distances and language also checks that the reader's view (set with
``setView`` before) is still the view; a focus choice and a tour scene must move it.
"""

from __future__ import annotations

import json
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from google.protobuf.message import DecodeError
from playwright.sync_api import Error as PlaywrightError
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

import harness
from bench.support import ARTIFACTS, median, percentile

FLOOR_DRAWN = ".leaflet-container path.leaflet-interactive"

# The second floor: the least a Streamlit page with this map does. Same data, same map
# (layers.web.mapbuild.atlas_map, default view), shown by st_folium the way its README shows a
# map: built on every run (st_folium renames the map's variables as it renders it, so one
# folium map cannot be cached and shown again); the atlas read once, as the app does.
BARE_APP = '''"""Bare page: one st_folium map of Frontier Atlas's data (the bench's floor)."""
import streamlit as st
from streamlit_folium import st_folium

from layers.record.atlas import load_atlas
from layers.web.mapbuild import atlas_map
from layers.core.paths import geodata_dir
from layers.plan.view import ViewOptions


@st.cache_resource
def the_atlas():
    return load_atlas(geodata_dir())


st.set_page_config(page_title="bare st_folium page", layout="wide")
atlas = the_atlas()
st_folium(atlas_map(atlas.layers, atlas.measures, ViewOptions()), returned_objects=[], height=700)
'''


@contextmanager
def bare_server(env: dict[str, str] | None = None) -> Iterator[harness.AppServer]:
    """The bare st_folium page (``BARE_APP``) served from a temp dir, stopped on leaving."""
    with tempfile.TemporaryDirectory(prefix="atlas-bare-") as folder:
        script = Path(folder) / "bare_st_folium.py"
        script.write_text(BARE_APP, encoding="utf-8")
        log = ARTIFACTS / "streamlit-bare.log"
        with harness.app_server(log, env, script=str(script)) as server:
            yield server


@dataclass
class LoadTimes:
    app_s: list[float] = field(default_factory=list)
    bare_s: list[float] = field(default_factory=list)  # the bare st_folium page
    floor_s: list[float] = field(default_factory=list)  # the plain HTML file from disk
    cold_app_s: float = 0.0  # the first load after the server started (caches empty)
    cold_bare_s: float = 0.0
    page_errors: list[str] = field(default_factory=list)
    floor_html_bytes: int = 0


def floor_html(path: Path) -> int:
    """Write the default view as one folium HTML file (what the HTML export makes)."""
    from layers.core.paths import geodata_dir
    from layers.exports import make_export
    from layers.plan.view import ViewOptions
    from layers.record.atlas import load_atlas

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


def load_times(
    browser: Any, base_url: str, bare_url: str, runs: int, width: int, height: int
) -> LoadTimes:
    """One cold load of the app and of the bare page, then ``runs`` rounds of app, bare
    page and HTML floor, interleaved so the machine's noise falls on all three alike."""
    times = LoadTimes()
    times.cold_app_s = open_app(browser, base_url, width, height, times.page_errors)
    times.cold_bare_s = open_app(browser, bare_url, width, height, [])
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        path = Path(folder) / "frontier-atlas.html"
        times.floor_html_bytes = floor_html(path)
        open_floor(browser, path, width, height)  # warm the browser's own caches alike
        for _ in range(runs):
            times.app_s.append(open_app(browser, base_url, width, height, times.page_errors))
            times.bare_s.append(open_app(browser, bare_url, width, height, []))
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


# --- a change of the controls, in the browser -----------------------------------------

# On the page: remember when the reader's action began (first pointerdown or keydown since
# the last reset), on the clock shared by all frames.
INPUT_HOOK_JS = """() => {
    window.__faInput = null;
    if (window.__faHooked) return;
    window.__faHooked = true;
    const mark = e => {
        if (window.__faInput === null) window.__faInput = performance.timeOrigin + e.timeStamp;
    };
    document.addEventListener('pointerdown', mark, true);
    document.addEventListener('keydown', mark, true);
}"""
# In the map's frame: count changes of data-atlas-state (set by atlas.apply when it is done)
# and note the first animation frame after each (the frame that paints it).
SHOWN_HOOK_JS = """() => {
    if (window.__faShown) return;
    const box = document.querySelector('.leaflet-container');
    const first = box.getAttribute('data-atlas-state');
    window.__faShown = {seq: 0, version: first, applied: 0, frame: 0};
    new MutationObserver(() => {
        const version = box.getAttribute('data-atlas-state');
        if (version === window.__faShown.version) return;
        const applied = performance.timeOrigin + performance.now();
        window.__faShown = {...window.__faShown, version, applied, frame: 0};
        requestAnimationFrame(() => {
            window.__faShown = {...window.__faShown, seq: window.__faShown.seq + 1,
                                frame: performance.timeOrigin + performance.now()};
        });
    }).observe(box, {attributes: true, attributeFilter: ['data-atlas-state']});
}"""
VIEW_JS = "() => ({lat: map.getCenter().lat, lng: map.getCenter().lng, zoom: map.getZoom()})"
MOVE_END_JS = """() => {
    window.__faMoveEnd = false;
    map.once('moveend', () => { window.__faMoveEnd = true; });
}"""
READER_VIEW = (44.3, 146.2, 8)  # where the reader pans and zooms before each check
LANG_LABELS = ("日本語", "Русский", "English")


@dataclass
class Change:
    """One kind of change, as a reader makes it on the page."""

    kind: str
    act: Callable[[Any, int], None]  # (page, i): click or press, the i-th time
    keeps_view: bool = True


def _click(selector: str, text: str | None = None) -> Callable[[Any, int], None]:
    def act(page: Any, i: int) -> None:
        target = page.locator(selector)
        (target.filter(has_text=text) if text else target).first.click()

    return act


def _language(page: Any, i: int) -> None:
    page.locator(".st-key-lang label").filter(has_text=LANG_LABELS[i % 3]).click()


def _year(page: Any, i: int) -> None:
    """One step back on the timeline, then forward again (keyboard on the slider)."""
    page.locator(".st-key-year input[type=range]").focus()
    page.keyboard.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")


def _focus(page: Any, i: int) -> None:
    choice = ("Disputed islands", "Sakhalin energy", "Deployments", "Whole region")[i % 4]
    page.locator(".st-key-focus label").filter(has_text=choice).click()


EXPLORE_CHANGES = (
    Change("layer toggle", _click(".st-key-show_deployments label")),
    Change("timeline year", _year),
    Change("labels", _click(".st-key-labels label")),
    Change("distances", _click(".st-key-distances label")),
    Change("language", _language),
)
TOUR_CHANGES = (Change("tour scene", _click(".st-key-next button"), keeps_view=False),)
FOCUS_CHANGE = Change("focus", _focus, keeps_view=False)


def _same_view(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        abs(a["lat"] - b["lat"]) < 1e-6
        and abs(a["lng"] - b["lng"]) < 1e-6
        and (a["zoom"] == b["zoom"])
    )


class ChangeRunner:
    """One reader's page: make a change, time it, read the view back."""

    def __init__(self, browser: Any, base_url: str, width: int, height: int) -> None:
        self.atlas = harness.open_atlas(browser, base_url, width, height)
        self.page = self.atlas.page
        self.frame = self.atlas.frame
        harness.wait_until_settled(self.page)
        self._hook()

    def _hook(self) -> None:
        self.page.evaluate(INPUT_HOOK_JS)
        self.frame.evaluate(SHOWN_HOOK_JS)

    def switch_mode(self, label: str) -> None:
        """Choose a mode: a whole-page run; the map keeps its place and is steered (it flies
        to the tour's first scene), so wait for its new state, then for the run to end."""
        state = "() => map.getContainer().getAttribute('data-atlas-state')"
        before = self.frame.evaluate(state)
        self.page.locator(".st-key-mode label").filter(has_text=label).click()
        self.frame.wait_for_function(f"() => ({state})() !== {before!r}")
        harness.wait_until_settled(self.page)
        self._hook()

    def set_view(self) -> dict[str, float]:
        self.frame.evaluate(harness.SET_VIEW_JS, list(READER_VIEW))
        harness.wait_until_settled(self.page)  # the map's fragment records the new bounds
        return self.view()

    def view(self) -> dict[str, float]:
        return self.frame.evaluate(VIEW_JS)

    def change(self, change: Change, i: int) -> dict[str, Any]:
        """Make the change; seconds to the map showing it (in the page, and wall time)."""
        self.page.evaluate(INPUT_HOOK_JS)  # reset the action's start
        seq = self.frame.evaluate("() => window.__faShown.seq")
        started = time.perf_counter()
        change.act(self.page, i)
        self.frame.wait_for_function("seq => window.__faShown.seq > seq", arg=seq)
        wall = time.perf_counter() - started
        shown = self.frame.evaluate("() => window.__faShown")
        began = self.page.evaluate("() => window.__faInput")
        harness.wait_until_settled(self.page)  # the run is over before the next change
        return {
            "in_page_s": (shown["frame"] - began) / 1000 if began else float("nan"),
            "applied_s": (shown["applied"] - began) / 1000 if began else float("nan"),
            "wall_s": wall,
            "version": shown["version"],
        }

    def moved_by(self, change: Change, i: int) -> tuple[bool, dict[str, Any]]:
        """Does ``change`` move the map away from the reader's view (after its fly ends)?"""
        before = self.set_view()
        self.frame.evaluate(MOVE_END_JS)
        timing = self.change(change, i)
        self.frame.wait_for_function("() => window.__faMoveEnd === true", timeout=10_000)
        self.frame.wait_for_function("() => !map._animatingZoom")
        return not _same_view(before, self.view()), timing

    def close(self) -> None:
        self.atlas.close()


def change_costs(
    browser: Any, base_url: str, repeats: int, width: int, height: int
) -> dict[str, Any]:
    """``repeats`` changes of each kind, timed; which kinds keep the reader's view."""
    runner = ChangeRunner(browser, base_url, width, height)
    kinds: dict[str, dict[str, Any]] = {}
    try:
        view = runner.set_view()
        for change in EXPLORE_CHANGES:
            rows = []
            for i in range(repeats):
                row = runner.change(change, i)
                row["view_kept"] = _same_view(view, runner.view())
                rows.append(row)
            kinds[change.kind] = _summary(rows, keeps_view=True)
        focus = [runner.moved_by(FOCUS_CHANGE, i) for i in range(4)]  # ends on Whole region
        kinds["focus"] = _summary([t for _, t in focus], keeps_view=False)
        kinds["focus"]["moved"] = all(moved for moved, _ in focus)
        runner.switch_mode("Classroom tour")
        for change in TOUR_CHANGES:
            rows = []
            for i in range(repeats):
                moved, row = runner.moved_by(change, i) if i < 3 else (None, None)
                if row is None:
                    row = runner.change(change, i)
                row["moved"] = moved
                rows.append(row)
            kinds[change.kind] = _summary(rows, keeps_view=False)
            kinds[change.kind]["moved"] = all(r["moved"] for r in rows[:3])
        errors = list(runner.atlas.errors)
    finally:
        runner.close()
    return {"repeats": repeats, "kinds": kinds, "page_errors": errors[:10]}


def _summary(rows: list[dict[str, Any]], keeps_view: bool) -> dict[str, Any]:
    in_page = [r["in_page_s"] for r in rows]
    summary: dict[str, Any] = {
        "count": len(rows),
        "in_page_median_s": round(median(in_page), 4),
        "in_page_p95_s": round(percentile(in_page, 95), 4),
        "applied_median_s": round(median([r["applied_s"] for r in rows]), 4),
        "wall_median_s": round(median([r["wall_s"] for r in rows]), 4),
        "in_page_s": [round(t, 4) for t in in_page],
    }
    if keeps_view:
        summary["view_kept"] = all(r["view_kept"] for r in rows)
        summary["view_kept_count"] = sum(1 for r in rows if r["view_kept"])
    return summary
