"""``python -m bench``: one user's view of Frontier Atlas, measured.

Starts ``streamlit run app.py`` on a free 127.0.0.1 port and Debian's Chromium
(``bench.harness``, as the browser tests do), then measures and prints:

1. page open to map drawn, app vs. the same map as a plain HTML file from disk (the floor),
   median of N fresh-context runs each, and their ratio;
2. the bytes the browser fetched until the map was drawn, and the map's share;
3. how the map's HTML grows with extra point features (synthetic, in memory);
4. server time of a widget change (checkbox toggles over Streamlit's websocket);
5. the time and size of each export; where a run's map time goes;
6. the server's memory (RSS and USS) and CPU time, with its children.

Writes ``artifacts/bench/bench.json``. Takes about a minute; every wait is bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import time
from pathlib import Path
from typing import Any

from bench.harness import HarnessError, app_server, chromium
from bench.streamlit_ws import StreamlitSession
from bench.support import (
    ARTIFACTS,
    code_version,
    machine,
    mb,
    median,
    ms,
    out,
    percentile,
    relative,
    table,
    verdict,
    write_json,
)

GOAL_RATIO, GOAL_MAP_BYTES, GOAL_WIDGET_S = 1.5, 1_500_000, 0.150
WIDTH, HEIGHT = 1600, 1000
TOGGLE_KEY = "show_deployments"


async def widget_changes(base_url: str, toggles: int) -> dict[str, Any]:
    """Open one session, then click one checkbox ``toggles`` times; layers are cached."""
    async with StreamlitSession(base_url, timeout=30) as session:
        first = await session.initial_run()
        results = [await session.toggle(TOGGLE_KEY) for _ in range(toggles)]
    times = [r.seconds for r in results if r.ok]
    return {
        "checkbox": TOGGLE_KEY,
        "initial_run_s": round(first.seconds, 4),
        "toggles": toggles,
        "median_s": round(median(times), 4),
        "p95_s": round(percentile(times, 95), 4),
        "min_s": round(min(times, default=math.nan), 4),
        "map_resent": sum(1 for r in results if r.component_bytes),
        "map_from_browser_cache": sum(1 for r in results if not r.component_bytes),
        "median_bytes_received": int(median([r.payload_bytes for r in results])),
        "errors": [e for r in [first, *results] for e in r.errors],
        "times_s": [round(t, 4) for t in times],
    }


def browser_part(base_url: str, runs: int) -> dict[str, Any]:
    from bench import pageload  # imports playwright

    with chromium() as browser:
        times = pageload.load_times(browser, base_url, runs, WIDTH, HEIGHT)
        size = pageload.map_bytes(browser, base_url, WIDTH, HEIGHT)
    app_s, floor_s = median(times.app_s), median(times.floor_s)
    return {
        "load": {
            "viewport": f"{WIDTH}x{HEIGHT}",
            "runs": runs,
            "cold_first_app_load_s": round(times.cold_app_s, 3),
            "app_median_s": round(app_s, 3),
            "floor_median_s": round(floor_s, 3),
            "ratio": round(app_s / floor_s, 2),
            "app_s": [round(t, 3) for t in times.app_s],
            "floor_s": [round(t, 3) for t in times.floor_s],
            "floor_html_bytes": times.floor_html_bytes,
            "page_errors": times.page_errors[:10],
        },
        "bytes": size,
    }


def print_load(load: dict[str, Any]) -> None:
    def runs(times: list[float]) -> str:
        return " ".join(f"{t:.2f}" for t in times)

    rows = [
        ["app (streamlit + st_folium)", ms(load["app_median_s"]), runs(load["app_s"])],
        ["floor (folium HTML from disk)", ms(load["floor_median_s"]), runs(load["floor_s"])],
        ["app, first load after server start", ms(load["cold_first_app_load_s"]), "(cold)"],
    ]
    title = (
        f"1. Page open to map drawn, Chromium {load['viewport']}, "
        f"median of {load['runs']} fresh contexts"
    )
    out(table(title, ["page", "median", "runs (s)"], rows))
    out(
        f"ratio app/floor: {load['ratio']:.2f} (goal <= {GOAL_RATIO}) "
        f"{verdict(load['ratio'] <= GOAL_RATIO)}; console errors in the app loads: "
        f"{len(load['page_errors'])}"
    )


def print_bytes(size: dict[str, Any], floor_bytes: int) -> None:
    rows = [
        [name, row["requests"], mb(row["body_bytes"]), mb(row["transfer_bytes"])]
        for name, row in size["by_category"].items()
    ]
    rows.append(["total", "", mb(size["total_bytes"]), mb(size["total_transfer_bytes_estimate"])])
    out(
        table(
            "2. Bytes downloaded from page open to map drawn",
            ["what", "requests/frames", "bytes (decoded)", "on the wire (est.)"],
            rows,
        )
    )
    parts = [[f"  {key}", mb(n)] for key, n in size["json_args_parts_bytes"].items()][:6]
    out(
        table(
            "Map element (st_folium json_args) inside the websocket stream",
            ["part", "bytes"],
            [
                ["json_args total", mb(size["json_args_bytes"])],
                *parts,
                ["  of which Leaflet as a data: URL", mb(size["leaflet_js_data_url_bytes"])],
                ["same map as one HTML file (floor)", mb(floor_bytes)],
            ],
        )
    )
    out(
        table(
            "Timeline of that load (s after page open)",
            ["milestone", "s"],
            [[name, f"{t:.2f}"] for name, t in size["timeline_s"].items()],
        )
    )
    out(
        f"map share: {size['map_share_of_websocket']:.0%} of websocket bytes, "
        f"{size['map_share_of_total']:.0%} of all bytes; map {mb(size['json_args_bytes'])} "
        f"(goal < {mb(GOAL_MAP_BYTES)}) {verdict(size['json_args_bytes'] < GOAL_MAP_BYTES)}; "
        f"all bytes {mb(size['total_bytes'])}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads per kind (1-10)")
    parser.add_argument("--toggles", type=int, default=20, help="checkbox toggles (1-50)")
    parser.add_argument("--out", type=Path, default=ARTIFACTS / "bench.json")
    args = parser.parse_args()
    if not (1 <= args.runs <= 10 and 1 <= args.toggles <= 50):
        parser.error("--runs must be 1-10 and --toggles 1-50")
    started = time.monotonic()
    result: dict[str, Any] = {"code": code_version()}
    try:
        with app_server(ARTIFACTS / "streamlit-bench.log") as server:
            result["machine_at_start"] = machine()
            out(
                f"server {server.base_url} (pid {server.pid}) is up; measuring ... "
                f"(load average {result['machine_at_start']['loadavg_1m']} on "
                f"{result['machine_at_start']['cpus']} CPUs)"
            )
            result["memory_at_start"] = server.metrics()
            result.update(browser_part(server.base_url, args.runs))
            print_load(result["load"])
            print_bytes(result["bytes"], result["load"]["floor_html_bytes"])
            result["widget_change"] = asyncio.run(widget_changes(server.base_url, args.toggles))
            result["memory_at_end"] = server.metrics()
    except HarnessError as exc:
        sys.stderr.write(f"bench failed: {exc}\n")
        return 2

    from bench import offline

    atlas, load_s = offline.load()
    result["html_growth"] = offline.html_growth(atlas)
    result["exports"] = offline.exports(atlas)
    result["map_run_breakdown_s"] = offline.map_run_breakdown(atlas)
    result["atlas_load_s"] = round(load_s, 3)

    out(
        table(
            "3. Map HTML against extra point features (synthetic layer, in memory)",
            ["extra features", "HTML", "plan+build+render", "bytes per extra feature"],
            [
                [
                    f"{r['extra_features']:,}",
                    mb(r["html_bytes"]),
                    ms(r["seconds"]),
                    r["bytes_per_extra_feature"] or "-",
                ]
                for r in result["html_growth"]
            ],
        )
    )
    change = result["widget_change"]
    out(
        table(
            f"4. Widget change: click to script_finished, {change['toggles']} toggles of "
            f"'{change['checkbox']}' (layers cached)",
            ["median", "p95", "min", "map resent / from cache", "bytes per change", "errors"],
            [
                [
                    ms(change["median_s"]),
                    ms(change["p95_s"]),
                    ms(change["min_s"]),
                    f"{change['map_resent']} / {change['map_from_browser_cache']}",
                    mb(change["median_bytes_received"]),
                    len(change["errors"]),
                ]
            ],
        )
    )
    out(
        f"widget change median {ms(change['median_s'])} (goal < {ms(GOAL_WIDGET_S)}) "
        f"{verdict(change['median_s'] < GOAL_WIDGET_S)}"
    )
    breakdown = result["map_run_breakdown_s"]
    out(
        table(
            "Where a run's map time goes (in this process, default view, median of 5)",
            ["step", "time"],
            [
                ["plan_view + build_map (folium objects)", ms(breakdown["build_map"])],
                ["one full render of the page", ms(breakdown["render"])],
                ["st_folium's own work (2 renders + script + hash)", ms(breakdown["st_folium"])],
            ],
        )
    )
    out(
        table(
            "5. Exports (default view; PDF: every tour scene)",
            ["export", "time", "size"],
            [[r["export"], ms(r["seconds"]), mb(r["bytes"])] for r in result["exports"]],
        )
    )
    end = result["memory_at_end"]
    out(
        table(
            "6. Server memory (streamlit process and children)",
            ["when", "RSS", "USS (its own)", "CPU used so far"],
            [
                [when, f"{m['rss_mb']} MB", f"{m['uss_mb']} MB", f"{m['cpu_s']} s"]
                for when, m in [
                    ("after start", result["memory_at_start"]),
                    ("after all browser and widget runs", end),
                ]
            ],
        )
    )
    result["goals"] = {
        "app/floor load ratio <= 1.5": result["load"]["ratio"] <= GOAL_RATIO,
        "map bytes < 1.5 MB": result["bytes"]["json_args_bytes"] < GOAL_MAP_BYTES,
        "widget change < 150 ms": change["median_s"] < GOAL_WIDGET_S,
    }
    result["machine_at_end"] = machine()
    result["total_s"] = round(time.monotonic() - started, 1)
    path = write_json(args.out, result)
    out(
        f"\ntotal {result['total_s']} s (load average at the end "
        f"{result['machine_at_end']['loadavg_1m']}); wrote {relative(path)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
