"""Screenshot baselines: the map as drawn, compared with a committed PNG, with a tolerance.

Used by the browser tests (``tests/test_browser*.py``). ``map_screenshot`` takes a picture
of the st_folium iframe alone (not the page around it, whose text rendering and layout
are not what these pictures guard) once the map is drawn and settled. ``check_baseline``
compares it with ``tests/baselines/<name>.png``:

- a pixel differs when any of its R, G, B values differs by more than
  ``CHANNEL_TOLERANCE`` (32 of 255), so antialiasing and colour rounding do not count;
- the picture matches when at most ``MAX_DIFFERING`` (2 %) of its pixels differ, and it
  has the baseline's size (a different size means the layout changed).

On a mismatch the picture taken is written to ``artifacts/screenshots/actual-<name>.png``
and, when the sizes agree, the differing pixels in red over a faded baseline to
``artifacts/screenshots/diff-<name>.png``.

With ``UPDATE_BASELINES=1`` in the environment nothing is compared: the picture becomes
the new baseline (RGB, PNG optimised by Pillow). Regenerate after a deliberate change of
the map's look, then look at the new PNGs before committing them::

    UPDATE_BASELINES=1 python -m pytest -m browser -k baseline

Like the rest of ``harness`` this module raises or returns and decides no test policy; the
tests assert ``Comparison.ok``.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from harness.browser import FOLIUM_IFRAME
from harness.errors import HarnessError
from harness.paths import REPO_ROOT, SCREENSHOT_DIR

BASELINE_DIR = REPO_ROOT / "tests" / "baselines"
CHANNEL_TOLERANCE = 32  # a pixel differs when one channel differs by more than this
MAX_DIFFERING = 0.02  # the picture matches when at most this fraction of pixels differs
UPDATE_ENV = "UPDATE_BASELINES"
REGENERATE = f"{UPDATE_ENV}=1 python -m pytest -m browser -k baseline"

# Inside the st_folium iframe: wait for the web fonts the labels use, then for two frames
# to be painted, so the picture shows what is on screen once everything has been drawn.
SETTLED_JS = """async () => {
    await document.fonts.ready;
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""

# Streamlit's own header (the fixed bar with its toolbar at the top of the window) is
# hidden while the picture is taken: it is page chrome, not the map, and where the page
# puts the map right under it it would cover the map's top edge.
STREAMLIT_HEADER = '[data-testid="stHeader"]'
HIDE_HEADER_CSS = STREAMLIT_HEADER + " { visibility: hidden !important; }"

# In the page: what the mouse would hit at points just inside the iframe's corners and at
# its centre; all of them should be the iframe (nothing of the page but Streamlit's header
# lies over the map).
COVERED_JS = """(iframe, header) => {
    const box = iframe.getBoundingClientRect();
    const points = [[0.5, 0.5], [0.01, 0.01], [0.99, 0.01], [0.01, 0.99], [0.99, 0.99]];
    return points
        .map(([fx, fy]) => [box.left + fx * box.width, box.top + fy * box.height])
        .map(([x, y]) => document.elementFromPoint(x, y))
        .filter(hit => hit !== iframe && !(hit && hit.closest(header)))
        .map(hit => hit ? hit.outerHTML.slice(0, 120) : 'nothing (outside the viewport)');
}"""


def map_screenshot(page: Any, frame: Any) -> bytes:
    """PNG of the st_folium iframe alone, once its map is drawn and settled.

    ``frame`` is the iframe's Frame from ``harness.wait_for_map``; call it after
    ``harness.wait_until_settled(page)``. The iframe is scrolled into view, and the clip is
    the iframe's box snapped to whole pixels the way Chromium draws it (so a fractional
    position on the page adds no strip of the page around it); Streamlit's header is hidden
    for the picture. Raises ``HarnessError`` if something else of the page covers the map.
    """
    frame.wait_for_function("() => !!window.map && !window.map._animatingZoom")
    frame.evaluate(SETTLED_JS)
    iframe = page.locator(FOLIUM_IFRAME)
    iframe.scroll_into_view_if_needed()
    covering = iframe.evaluate(COVERED_JS, STREAMLIT_HEADER)
    if covering:
        raise HarnessError("the map is covered by: " + "; ".join(covering))
    box = iframe.bounding_box()
    left, top = round(box["x"]), round(box["y"])
    right, bottom = round(box["x"] + box["width"]), round(box["y"] + box["height"])
    clip = {"x": left, "y": top, "width": right - left, "height": bottom - top}
    return page.screenshot(clip=clip, animations="disabled", caret="hide", style=HIDE_HEADER_CSS)


def rgb(png: bytes | Path) -> np.ndarray:
    """The picture as an (height, width, 3) array of uint8."""
    source = io.BytesIO(png) if isinstance(png, bytes) else png
    with Image.open(source) as image:
        return np.asarray(image.convert("RGB"))


def differing(actual: np.ndarray, baseline: np.ndarray) -> np.ndarray:
    """Boolean mask of pixels where some channel differs by more than the tolerance."""
    delta = np.abs(actual.astype(np.int16) - baseline.astype(np.int16))
    return delta.max(axis=2) > CHANNEL_TOLERANCE


def diff_picture(baseline: np.ndarray, mask: np.ndarray) -> Image.Image:
    """The baseline faded towards white, with the differing pixels in pure red."""
    faded = (255 - (255 - baseline.astype(np.uint16)) // 3).astype(np.uint8)
    faded[mask] = (255, 0, 0)
    return Image.fromarray(faded, "RGB")


def save_png(picture: np.ndarray | Image.Image, path: Path) -> None:
    """Write an RGB PNG, optimised (smaller file, same pixels)."""
    image = picture if isinstance(picture, Image.Image) else Image.fromarray(picture, "RGB")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.convert("RGB").save(path, format="PNG", optimize=True)


@dataclass(frozen=True)
class Comparison:
    """How a picture compared with its baseline; ``str()`` says it in one line."""

    name: str
    ok: bool
    message: str
    differing: float | None = None  # fraction of pixels differing (None: not compared)

    def __str__(self) -> str:
        return f"baseline {self.name}: {self.message}"


def check_baseline(name: str, png: bytes, update: bool | None = None) -> Comparison:
    """Compare ``png`` with ``tests/baselines/<name>.png``, or replace the baseline.

    ``update`` defaults to ``UPDATE_BASELINES=1`` in the environment. Writes the picture
    and the diff under ``artifacts/screenshots/`` on a mismatch, and removes a diff left
    there by an earlier mismatch when it matches.
    """
    if update is None:
        update = os.environ.get(UPDATE_ENV) == "1"
    baseline_path = BASELINE_DIR / f"{name}.png"
    actual_path = SCREENSHOT_DIR / f"actual-{name}.png"
    diff_path = SCREENSHOT_DIR / f"diff-{name}.png"
    actual = rgb(png)
    if update:
        save_png(actual, baseline_path)
        size = baseline_path.stat().st_size
        return Comparison(name, True, f"written to {baseline_path} ({size:,} bytes)")
    if not baseline_path.is_file():
        save_png(actual, actual_path)
        return Comparison(
            name, False, f"no {baseline_path}; picture in {actual_path}; create it: {REGENERATE}"
        )
    baseline = rgb(baseline_path)
    if actual.shape != baseline.shape:
        save_png(actual, actual_path)
        (h, w), (bh, bw) = actual.shape[:2], baseline.shape[:2]
        return Comparison(
            name,
            False,
            f"picture is {w}x{h}, baseline {bw}x{bh} (layout changed?); picture in "
            f"{actual_path}; if the change is intended: {REGENERATE}",
        )
    mask = differing(actual, baseline)
    fraction = float(mask.mean())
    summary = (
        f"{fraction:.3%} of {mask.size:,} pixels differ by more than {CHANNEL_TOLERANCE} "
        f"in a channel (limit {MAX_DIFFERING:.0%})"
    )
    if fraction > MAX_DIFFERING:
        save_png(actual, actual_path)
        save_png(diff_picture(baseline, mask), diff_path)
        return Comparison(
            name,
            False,
            f"{summary}; diff in {diff_path}, picture in {actual_path}; "
            f"if the change is intended: {REGENERATE}",
            fraction,
        )
    diff_path.unlink(missing_ok=True)
    actual_path.unlink(missing_ok=True)
    return Comparison(name, True, summary, fraction)
