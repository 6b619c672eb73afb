"""Accessibility checks in the browser, for the tests and ``python -m bench.a11y``.

- ``tab_walk`` / ``focused``: press Tab from the top of the page and describe each element
  that gets focus (inside the map's frame too): its name, whether it is on screen;
  ``tab_until_map_feature``: Tab until a feature of the map has focus;
- ``axe_serious``: axe-core (``axe.min.js`` from the ``axe-playwright-python`` package, on
  disk: no network) injected into the page and into the map's frame, serious and critical
  violations only;
- ``CLS_INIT_JS`` / ``open_measured`` / ``cls``: layout shift as a ``PerformanceObserver``
  sees it (the largest session window, as Chrome's CLS);
- ``ring_change``: the pixels of the map that change when a feature gets keyboard focus.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
from PIL import Image

from harness.browser import FOLIUM_IFRAME, AtlasPage, open_atlas, wait_until_settled

TAB_LIMIT = 40  # Tab presses in a walk

# Registered before any page script: every layout shift of the top document.
CLS_INIT_JS = """(() => {
    window.__shifts = [];
    new PerformanceObserver(list => {
        for (const e of list.getEntries()) {
            if (!e.hadRecentInput) window.__shifts.push([e.startTime, e.value]);
        }
    }).observe({type: 'layout-shift', buffered: true});
})();"""

# CLS: the largest sum of shifts in a session window (gaps < 1 s, window < 5 s).
CLS_JS = """() => {
    let best = 0, sum = 0, start = -1e9, last = -1e9;
    for (const [t, v] of window.__shifts || []) {
        if (t - last > 1000 || t - start > 5000) { sum = 0; start = t; }
        sum += v; last = t; best = Math.max(best, sum);
    }
    return best;
}"""

# What has focus in this document: tag, accessible-ish name, box, and whether it shows.
FOCUSED_JS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
    let opacity = 1, inert = false;
    for (let n = e; n && n.nodeType === 1; n = n.parentElement) {
        opacity *= +getComputedStyle(n).opacity;
        inert = inert || n.inert;
    }
    const test = e.closest('[data-testid]');
    return {
        tag: e.tagName.toLowerCase(),
        name: e.getAttribute('aria-label') || e.getAttribute('title') ||
            (e.innerText || e.textContent || '').trim().slice(0, 50),
        testid: test ? test.getAttribute('data-testid') : null,
        isMap: e.tagName === 'IFRAME' && (e.src || '').includes('streamlit_folium'),
        x: r.left, y: r.top, w: r.width, h: r.height, vw: innerWidth, vh: innerHeight,
        hidden: cs.visibility === 'hidden' || opacity === 0 || inert,
    };
}"""


def _on_screen(box: dict, view: tuple[float, float, float, float]) -> bool:
    """The element has a size and some of it lies inside ``view`` (left, top, right, bottom)."""
    left, top, right, bottom = view
    return (
        box["w"] > 0
        and box["h"] > 0
        and not box["hidden"]
        and box["x"] < right
        and box["x"] + box["w"] > left
        and box["y"] < bottom
        and box["y"] + box["h"] > top
    )


def focused(atlas: AtlasPage) -> dict | None:
    """The element with keyboard focus, with ``where`` ('page' or 'map') and ``visible``."""
    outer = atlas.page.evaluate(FOCUSED_JS)
    if outer is None:
        return None
    page_view = (0, 0, outer["vw"], outer["vh"])
    if not outer["isMap"]:
        return {**outer, "where": "page", "visible": _on_screen(outer, page_view)}
    inner = atlas.frame.evaluate(FOCUSED_JS)
    if inner is None:
        return {**outer, "where": "page", "visible": _on_screen(outer, page_view)}
    moved = {**inner, "x": inner["x"] + outer["x"], "y": inner["y"] + outer["y"]}
    frame_view = (max(0, outer["x"]), max(0, outer["y"]), outer["x"] + outer["w"])
    frame_view += (min(outer["vh"], outer["y"] + outer["h"]),)
    visible = _on_screen(moved, frame_view) and _on_screen(outer, page_view)
    return {**moved, "where": "map", "visible": visible}


def tab_walk(atlas: AtlasPage, presses: int = TAB_LIMIT) -> list[dict]:
    """Focus the top of the page, press Tab ``presses`` times; what had focus after each."""
    atlas.page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    atlas.page.mouse.click(1, 1)  # a neutral spot: the page, not a control
    stops = []
    for _ in range(presses):
        atlas.page.keyboard.press("Tab")
        stops.append(focused(atlas))
    return stops


def tab_until_map_feature(atlas: AtlasPage, presses: int = 60) -> tuple[int, dict]:
    """From the top of the page, Tab until a feature of the map has focus: (presses, it)."""
    atlas.page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    atlas.page.mouse.click(1, 1)
    for count in range(1, presses + 1):
        atlas.page.keyboard.press("Tab")
        stop = focused(atlas)
        if stop and stop["where"] == "map" and stop["tag"] == "path":
            return count, stop
    raise AssertionError(f"no map feature took focus in {presses} Tabs")


def axe_script() -> str:
    """axe-core's code, as the ``axe-playwright-python`` package ships it."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


HIDE_TIPS_JS = """() => { const s = document.createElement('style');
    s.textContent = '.leaflet-tooltip-pane{visibility:hidden}'; document.head.appendChild(s); }"""
AXE_RUN_JS = """async () => {
    const result = await axe.run(document, {resultTypes: ['violations'], iframes: false});
    return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' +
                        (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 160))}));
}"""


def axe_serious(frame: Any) -> list[dict]:
    """axe-core's serious and critical violations in ``frame`` (a page or a frame)."""
    frame.evaluate(axe_script())
    return frame.evaluate(AXE_RUN_JS)


def ring_change(atlas: AtlasPage) -> np.ndarray:
    """The pixels (RGB rows) of the map that differ, by more than 32 in a channel, between
    the feature that has focus now and the same map with nothing focused; tooltips hidden
    (a focus opens one: it is not the ring)."""
    atlas.frame.evaluate(HIDE_TIPS_JS)
    element = atlas.page.locator(FOLIUM_IFRAME)
    ringed = np.asarray(Image.open(io.BytesIO(element.screenshot())).convert("RGB"), dtype=int)
    atlas.frame.evaluate("() => document.activeElement.blur()")
    plain = np.asarray(Image.open(io.BytesIO(element.screenshot())).convert("RGB"), dtype=int)
    return ringed[np.abs(ringed - plain).max(axis=2) > 32]


def open_measured(browser: Any, base_url: str, width: int, height: int, path: str = "/"):
    """The app opened fresh at this size with its layout shifts recorded (``cls``), once
    its run has finished and its fonts loaded."""
    atlas = open_atlas(browser, base_url, width, height, path, init_script=CLS_INIT_JS)
    wait_until_settled(atlas.page)
    return atlas


def cls(atlas: AtlasPage) -> float:
    """The page's CLS so far (see ``CLS_JS``)."""
    return round(atlas.page.evaluate(CLS_JS), 3)
