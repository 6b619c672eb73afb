"""``python -m bench.a11y``: the table of issue 16 for the app (and a bare Streamlit page
with one ``st_folium`` map for comparison): CLS, axe (page and map), a 40-Tab walk, the
first map feature reached by Tab and its focus ring, per view.

The checks themselves (``tab_walk``, ``axe_serious``, ``cls``, ``ring_change``...) are in
``harness/a11y.py``, which the tests use too.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness.a11y import (
    axe_serious,
    cls,
    open_measured,
    ring_change,
    tab_until_map_feature,
    tab_walk,
)
from harness.browser import chromium
from harness.paths import ARTIFACTS_DIR
from harness.server import AppServer, app_server

SIDEBAR_LINE = 'st.sidebar.checkbox("A control in the sidebar")\n'


def measure_cls(browser: Any, base_url: str, width: int, height: int, path: str = "/") -> float:
    """CLS of the page opened fresh at this size, once its run has finished."""
    atlas = open_measured(browser, base_url, width, height, path)
    try:
        return cls(atlas)
    finally:
        atlas.close()


def summary(stops: list[dict | None]) -> dict:
    """Counts over a Tab walk: stops in the map, named features, invisible stops."""
    real = [s for s in stops if s]
    return {
        "map_stops": sum(s["where"] == "map" for s in real),
        "named_features": sum(
            s["where"] == "map" and s["tag"] == "path" and bool(s["name"]) for s in real
        ),
        "invisible": [
            f"{s['tag']} {s['testid'] or ''} {s['name'][:30]!r}" for s in real if not s["visible"]
        ],
    }


@contextmanager
def bare_with_sidebar() -> Iterator[AppServer]:
    """The bench's bare st_folium page plus one control in the sidebar: Streamlit slides
    the sidebar in after its first paint, a shift no app with a sidebar escapes."""
    from bench import pageload

    with tempfile.TemporaryDirectory(prefix="atlas-bare-") as folder:
        script = Path(folder) / "bare_sidebar.py"
        script.write_text(pageload.BARE_APP + SIDEBAR_LINE, encoding="utf-8")
        log = ARTIFACTS_DIR / "streamlit-bare-sidebar.log"
        with app_server(log, script=str(script)) as server:
            yield server


def measure_view(browser: Any, base_url: str, width: int, height: int, path: str) -> dict:
    """CLS, axe (page and map) and a 40-Tab walk of one view opened fresh."""
    atlas = open_measured(browser, base_url, width, height, path)
    try:
        out = {"cls": cls(atlas), "axe_page": axe_serious(atlas.page)}
        out["axe_map"] = axe_serious(atlas.frame)
        out["tabs"] = summary(tab_walk(atlas))
        presses, stop = tab_until_map_feature(atlas)
        out["first_feature"] = {"tabs": presses, "name": stop["name"]}
        out["ring_pixels"] = len(ring_change(atlas))
        return out
    finally:
        atlas.close()


def main() -> int:
    from bench import pageload

    out: dict[str, Any] = {}
    log = ARTIFACTS_DIR / "streamlit-a11y.log"
    views = {
        "explore": (1366, 768, "/"),
        "tour": (1366, 768, "/?scene=militarisation"),
        "phone": (390, 844, "/"),
    }
    sizes = ((1366, 768), (390, 844))
    with chromium() as browser, app_server(log) as server:
        for name, (w, h, path) in views.items():
            out[name] = measure_view(browser, server.base_url, w, h, path)
        with pageload.bare_server() as bare:
            out["bare_cls"] = [measure_cls(browser, bare.base_url, w, h) for w, h in sizes]
        with bare_with_sidebar() as bare:
            out["bare_sidebar_cls"] = [measure_cls(browser, bare.base_url, w, h) for w, h in sizes]
    text = json.dumps(out, indent=1, ensure_ascii=False)
    (ARTIFACTS_DIR / "a11y.json").write_text(text, "utf-8")
    sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
