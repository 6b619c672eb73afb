"""``python -m bench.authoring``: what saving a scene costs beside a scene change (issue 22).

In Chromium through the real page: the time from the click to the last websocket frame the
server sends for it (its run, on this machine) and those frames' bytes; the median of
``--runs`` of each of: the tour's "Next" (a fragment rerun), opening the form ("Save this
view as a scene") and "Add the scene". Writes ``artifacts/bench/authoring.json``."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from typing import Any

from harness.browser import chromium, open_atlas, wait_until_settled
from harness.paths import ARTIFACTS_DIR
from harness.server import app_server

QUIET_S = 0.6  # no frame from the server for this long: the run has ended


def measured(page: Any, frames: list[tuple[float, int]], act: Any) -> tuple[float, int]:
    """Milliseconds from ``act()`` to the last frame the server sends for it, and the bytes
    of those frames (the run has ended when nothing more comes for ``QUIET_S``)."""
    seen = len(frames)
    start = time.perf_counter()
    act()
    deadline = start + 15
    while time.perf_counter() < deadline:
        page.wait_for_timeout(100)
        last = frames[-1][0] if len(frames) > seen else start
        if time.perf_counter() - last > QUIET_S and len(frames) > seen:
            break
    wait_until_settled(page)
    mine = frames[seen:]
    return (mine[-1][0] - start) * 1000 if mine else 0.0, sum(size for _, size in mine)


def run(runs: int) -> dict[str, dict[str, float]]:
    log = ARTIFACTS_DIR / "bench" / "authoring-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with chromium() as browser, app_server(log) as server:
        atlas = open_atlas(browser, server.base_url, 1366, 768)
        page, received = atlas.page, []

        def on_frame(frame: Any) -> None:
            received.append((time.perf_counter(), len(frame)))

        page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
        page.reload()
        wait_until_settled(page)
        page.get_by_text("Make your own tour").click()
        page.get_by_role("button", name="Start from our tour").click()
        wait_until_settled(page)
        page.get_by_text("Classroom tour").click()
        wait_until_settled(page)
        results: dict[str, list[tuple[float, int]]] = {"next": [], "open form": [], "add": []}
        for number in range(runs):
            nxt = page.get_by_role("button", name="Next ▶")
            results["next"].append(measured(page, received, nxt.click))
            save = page.get_by_role("button", name="Save this view as a scene")
            results["open form"].append(measured(page, received, save.click))
            page.get_by_role("textbox", name="Scene title").fill(f"Scene {number}")
            add = page.get_by_role("button", name="Add the scene")
            results["add"].append(measured(page, received, add.click))
        atlas.close()
    return {
        kind: {
            "ms_median": round(statistics.median(ms for ms, _ in rows), 1),
            "bytes_median": statistics.median(size for _, size in rows),
        }
        for kind, rows in results.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    table = run(parser.parse_args().runs)
    out = ARTIFACTS_DIR / "bench" / "authoring.json"
    out.write_text(json.dumps(table, indent=2), encoding="utf-8")
    for kind, row in table.items():
        ms, kb = row["ms_median"], row["bytes_median"] / 1000
        sys.stdout.write(f"{kind:10} {ms:8.1f} ms  {kb:8.1f} kB\n")


if __name__ == "__main__":
    main()
