"""``python -m bench``: one user's view of Frontier Atlas, measured against issue 10's goals.

Starts ``streamlit run app.py`` on a free 127.0.0.1 port and Debian's Chromium
(``harness``, as the browser tests do), then measures and prints, each figure with
its goal and PASS/FAIL:

1. page open to map drawn: the app, a bare Streamlit page with one ``st_folium`` map of
   the same data (its own server, ``bench.pageload.BARE_APP``) and the same map as a
   plain HTML file from disk; median of N fresh-context runs each, interleaved; ratios;
2. the bytes the browser fetched until the map was drawn, and the map's share;
3. how the map's HTML grows with extra point features (synthetic, in memory);
4. a change of the controls, ``--changes`` of each kind (layer toggle, timeline year,
   labels, distances, language, tour scene): server time and bytes per change over
   Streamlit's websocket (``bench.streamlit_ws``, fragment reruns as Chromium sends
   them), and click to the map showing it in Chromium; whether each change keeps the
   reader's pan and zoom (and a focus choice or a tour scene moves the map);
5. the time and size of each export; the one-time map build;
6. the server's memory (RSS and USS) and CPU time, with its children.

Writes ``artifacts/bench/bench.json``. Takes a few minutes; every wait is bounded.
``--server-option runner.postScriptGC=false`` (repeatable) runs both servers with a
Streamlit option set, to compare a configuration against the shipped one.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.streamlit_ws import RunResult, StreamlitSession
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
from deploy.serve_replicas import streamlit_env
from harness import AppServer, HarnessError, app_server, chromium

GOAL_BARE_RATIO = 1.3  # page open, app / bare st_folium page
EARLIER_HTML_RATIO = 1.5  # page open, app / plain HTML (the earlier goal, still shown)
GOAL_MAP_BYTES = 1_500_000
GOAL_SERVER_S, GOAL_CHANGE_BYTES, GOAL_SHOWN_S = 0.050, 50_000, 0.300
WIDTH, HEIGHT = 1600, 1000
# Between two changes of the websocket client: a quick reader's pace. Changes sent back to
# back (the next BackMsg the moment script_finished arrives) measure ~40 ms more per run
# in Streamlit 1.67 (56 vs 23 ms median, runner.postScriptGC off): not a reader's pace.
CHANGE_GAP_S = 0.25

Step = Callable[[StreamlitSession, int], Awaitable[RunResult]]
# What a reader changes, as the websocket client sends it; the i-th change of each kind.
EXPLORE_STEPS: dict[str, Step] = {
    "layer toggle": lambda s, i: s.toggle("show_deployments"),
    "timeline year": lambda s, i: s.slide_to("year", -2 if i % 2 == 0 else -1),
    "labels": lambda s, i: s.toggle("labels"),
    "distances": lambda s, i: s.toggle("distances"),
    "language": lambda s, i: s.select("lang", (i + 1) % 3),
}
TOUR_STEPS: dict[str, Step] = {"tour scene": lambda s, i: s.click("next")}
KINDS = (*EXPLORE_STEPS, *TOUR_STEPS)


def _run_summary(results: list[RunResult], cpu_s: float) -> dict[str, Any]:
    times = [r.seconds for r in results if r.ok]
    sizes = [r.payload_bytes for r in results]
    return {
        "count": len(results),
        "median_s": round(median(times), 4),
        "p95_s": round(percentile(times, 95), 4),
        "min_s": round(min(times, default=math.nan), 4),
        "server_cpu_ms_per_change": round(1000 * cpu_s / max(len(results), 1), 1),
        "median_bytes": int(median(sizes)) if sizes else 0,
        "max_bytes": max(sizes, default=0),
        "map_resent": sum(1 for r in results if r.component_bytes),
        "fragment_runs": sum(1 for r in results if r.fragments_run),
        "errors": [e for r in results for e in r.errors][:10],
        "times_s": [round(t, 4) for t in times],
    }


async def server_changes(server: AppServer, repeats: int) -> dict[str, Any]:
    """One session: ``repeats`` changes of each kind (after one untimed warm-up each),
    ``CHANGE_GAP_S`` apart, timed from sending the BackMsg to script_finished; the server's
    CPU per change (psutil, the server and its children, over the kind's changes)."""
    kinds: dict[str, Any] = {}
    whole_page: list[dict[str, Any]] = []

    async def measure(session: StreamlitSession, steps: dict[str, Step]) -> None:
        for kind, step in steps.items():
            await step(session, repeats + 1)  # warm-up, not counted
            await asyncio.sleep(CHANGE_GAP_S)
            cpu = server.metrics()["cpu_s"]
            results = []
            for i in range(repeats):
                results.append(await step(session, i))
                await asyncio.sleep(CHANGE_GAP_S)
            kinds[kind] = _run_summary(results, server.metrics()["cpu_s"] - cpu)

    def mode(result: RunResult, to: str) -> dict[str, Any]:
        return {
            "to": to,
            "seconds": round(result.seconds, 4),
            "bytes": result.payload_bytes,
            "map_resent": bool(result.component_bytes),
            "errors": result.errors,
        }

    async with StreamlitSession(server.base_url, timeout=60) as session:
        first = await session.initial_run()
        await measure(session, EXPLORE_STEPS)
        whole_page.append(mode(await session.select("mode", "Classroom tour"), "tour"))
        await measure(session, TOUR_STEPS)
        whole_page.append(mode(await session.select("mode", "Explore"), "explore"))
    return {
        "repeats": repeats,
        "initial_run_s": round(first.seconds, 4),
        "initial_errors": first.errors,
        "kinds": kinds,
        "mode_switches": whole_page,
    }


def browser_part(server: AppServer, runs: int, repeats: int, env: dict[str, str]) -> dict[str, Any]:
    from bench import pageload  # imports playwright

    with chromium() as browser:
        with pageload.bare_server(env) as bare:
            times = pageload.load_times(
                browser, server.base_url, bare.base_url, runs, WIDTH, HEIGHT
            )
            bare_size = pageload.map_bytes(browser, bare.base_url, WIDTH, HEIGHT)
        size = pageload.map_bytes(browser, server.base_url, WIDTH, HEIGHT)
        changes = pageload.change_costs(browser, server.base_url, repeats, WIDTH, HEIGHT)
    app_s, bare_s, floor_s = median(times.app_s), median(times.bare_s), median(times.floor_s)
    return {
        "load": {
            "viewport": f"{WIDTH}x{HEIGHT}",
            "runs": runs,
            "cold_first_app_load_s": round(times.cold_app_s, 3),
            "cold_first_bare_load_s": round(times.cold_bare_s, 3),
            "app_median_s": round(app_s, 3),
            "bare_median_s": round(bare_s, 3),
            "floor_median_s": round(floor_s, 3),
            "ratio_to_bare": round(app_s / bare_s, 2),
            "ratio_to_html": round(app_s / floor_s, 2),
            "app_s": [round(t, 3) for t in times.app_s],
            "bare_s": [round(t, 3) for t in times.bare_s],
            "floor_s": [round(t, 3) for t in times.floor_s],
            "floor_html_bytes": times.floor_html_bytes,
            "page_errors": times.page_errors[:10],
        },
        "bytes": size,
        "bare_bytes": bare_size,
        "browser_changes": changes,
    }


def print_load(load: dict[str, Any]) -> None:
    def runs(times: list[float]) -> str:
        return " ".join(f"{t:.2f}" for t in times)

    rows = [
        ["app (streamlit + st_folium)", ms(load["app_median_s"]), runs(load["app_s"])],
        ["bare page (one st_folium map)", ms(load["bare_median_s"]), runs(load["bare_s"])],
        ["floor (folium HTML from disk)", ms(load["floor_median_s"]), runs(load["floor_s"])],
        ["app, first load after server start", ms(load["cold_first_app_load_s"]), "(cold)"],
        ["bare, first load after server start", ms(load["cold_first_bare_load_s"]), "(cold)"],
    ]
    title = (
        f"1. Page open to map drawn, Chromium {load['viewport']}, "
        f"median of {load['runs']} fresh contexts each, interleaved"
    )
    out(table(title, ["page", "median", "runs (s)"], rows))
    out(
        f"app/bare page: {load['ratio_to_bare']:.2f} (goal <= {GOAL_BARE_RATIO}) "
        f"{verdict(load['ratio_to_bare'] <= GOAL_BARE_RATIO)}; app/plain HTML: "
        f"{load['ratio_to_html']:.2f} (earlier goal <= {EARLIER_HTML_RATIO}: "
        f"{verdict(load['ratio_to_html'] <= EARLIER_HTML_RATIO)}); console errors in the app "
        f"loads: {len(load['page_errors'])}"
    )


def print_bytes(size: dict[str, Any], bare: dict[str, Any], floor_bytes: int) -> None:
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
            "Timeline of that load, and of one load of the bare page (s after page open)",
            ["milestone", "app", "bare page"],
            [
                [name, f"{t:.2f}", f"{bare['timeline_s'].get(name, math.nan):.2f}"]
                for name, t in size["timeline_s"].items()
            ],
        )
    )
    out(f"bare page: {mb(bare['total_bytes'])} in all, map element {mb(bare['json_args_bytes'])}")
    out(
        f"map share: {size['map_share_of_websocket']:.0%} of websocket bytes, "
        f"{size['map_share_of_total']:.0%} of all bytes; map {mb(size['json_args_bytes'])} "
        f"(goal < {mb(GOAL_MAP_BYTES)}) {verdict(size['json_args_bytes'] < GOAL_MAP_BYTES)}; "
        f"all bytes {mb(size['total_bytes'])}"
    )


def kb(n_bytes: float) -> str:
    return f"{n_bytes / 1000:.1f} kB"


def print_changes(server: dict[str, Any], browser: dict[str, Any]) -> None:
    rows = []
    for kind in KINDS:
        s, b = server["kinds"][kind], browser["kinds"][kind]
        kept = b.get("view_kept")
        view = (
            f"kept {b['view_kept_count']}/{b['count']}"
            if kept is not None
            else ("moves" if b.get("moved") else "DID NOT MOVE")
        )
        rows.append(
            [
                kind,
                ms(s["median_s"]),
                ms(s["p95_s"]),
                f"{s['server_cpu_ms_per_change']:.0f} ms",
                kb(s["median_bytes"]),
                kb(s["max_bytes"]),
                f"{s['map_resent']}",
                f"{s['fragment_runs']}/{s['count']}",
                ms(b["in_page_median_s"]),
                ms(b["in_page_p95_s"]),
                ms(b["wall_median_s"]),
                view,
            ]
        )
    focus = browser["kinds"]["focus"]
    rows.append(
        [
            "focus (browser only)",
            *[""] * 7,
            ms(focus["in_page_median_s"]),
            ms(focus["in_page_p95_s"]),
            ms(focus["wall_median_s"]),
            "moves" if focus["moved"] else "DID NOT MOVE",
        ]
    )
    out(
        table(
            f"4. A change: {server['repeats']} of each kind. Server: websocket client, BackMsg "
            f"sent to script_finished ({CHANGE_GAP_S:g} s apart), bytes received, server CPU "
            "per change. Browser: "
            "Chromium, pointerdown/keydown to the first frame after the map's "
            "data-atlas-state changed (in the page), and wall time around playwright",
            [
                "change",
                "server median",
                "p95",
                "CPU",
                "bytes median",
                "max",
                "map resent",
                "fragment runs",
                "click->shown median",
                "p95",
                "wall median",
                "reader's view",
            ],
            rows,
        )
    )
    for switch in server["mode_switches"]:
        out(
            f"mode switch to {switch['to']} (whole page, not a goal): {ms(switch['seconds'])}, "
            f"{kb(switch['bytes'])}, map resent: {'yes' if switch['map_resent'] else 'no'}"
        )


def goals(result: dict[str, Any]) -> list[tuple[str, str, bool]]:
    load, size = result["load"], result["bytes"]
    server, browser = result["server_changes"]["kinds"], result["browser_changes"]["kinds"]
    rows = [
        (
            f"page open: app/bare st_folium page <= {GOAL_BARE_RATIO}",
            f"{load['ratio_to_bare']:.2f}",
            load["ratio_to_bare"] <= GOAL_BARE_RATIO,
        ),
        (
            f"page open: app/plain HTML <= {EARLIER_HTML_RATIO} (earlier goal)",
            f"{load['ratio_to_html']:.2f}",
            load["ratio_to_html"] <= EARLIER_HTML_RATIO,
        ),
        (
            f"map element < {mb(GOAL_MAP_BYTES)}",
            mb(size["json_args_bytes"]),
            size["json_args_bytes"] < GOAL_MAP_BYTES,
        ),
    ]
    for kind in EXPLORE_STEPS:
        b = browser[kind]
        rows.append((f"view kept: {kind}", f"{b['view_kept_count']}/{b['count']}", b["view_kept"]))
    for kind in ("focus", "tour scene"):
        rows.append(
            (
                f"view moves: {kind}",
                "yes" if browser[kind]["moved"] else "no",
                browser[kind]["moved"],
            )
        )
    for kind in KINDS:
        s, b = server[kind], browser[kind]
        rows += [
            (
                f"server time < {ms(GOAL_SERVER_S)}: {kind}",
                f"median {ms(s['median_s'])}",
                s["median_s"] < GOAL_SERVER_S and not s["errors"],
            ),
            (
                f"bytes per change < {kb(GOAL_CHANGE_BYTES)}: {kind}",
                f"max {kb(s['max_bytes'])}",
                s["max_bytes"] < GOAL_CHANGE_BYTES,
            ),
            (
                f"click to map shown < {ms(GOAL_SHOWN_S)}: {kind}",
                f"median {ms(b['in_page_median_s'])}",
                b["in_page_median_s"] < GOAL_SHOWN_S,
            ),
        ]
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads per kind (1-10)")
    parser.add_argument("--changes", type=int, default=20, help="changes per kind (1-50)")
    parser.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="SECTION.NAME=VALUE",
        help="a Streamlit option for the servers measured (repeatable)",
    )
    parser.add_argument("--out", type=Path, default=ARTIFACTS / "bench.json")
    args = parser.parse_args()
    if not (1 <= args.runs <= 10 and 1 <= args.changes <= 50):
        parser.error("--runs must be 1-10 and --changes 1-50")
    try:
        env = streamlit_env(args.server_option)
    except ValueError as exc:
        parser.error(str(exc))
    started = time.monotonic()
    result: dict[str, Any] = {"code": code_version(), "server_options": args.server_option}
    try:
        with app_server(ARTIFACTS / "streamlit-bench.log", env=env) as server:
            result["machine_at_start"] = machine()
            out(
                f"server {server.base_url} (pid {server.pid}) is up; measuring ... "
                f"(load average {result['machine_at_start']['loadavg_1m']} on "
                f"{result['machine_at_start']['cpus']} CPUs"
                + (f"; options {' '.join(args.server_option)})" if args.server_option else ")")
            )
            result["memory_at_start"] = server.metrics()
            result.update(browser_part(server, args.runs, args.changes, env))
            print_load(result["load"])
            print_bytes(result["bytes"], result["bare_bytes"], result["load"]["floor_html_bytes"])
            result["server_changes"] = asyncio.run(server_changes(server, args.changes))
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
    print_changes(result["server_changes"], result["browser_changes"])
    breakdown = result["map_run_breakdown_s"]
    out(
        table(
            "The map's one-time build (the app caches it per data version: cached_map), "
            "in this process, median of 5",
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
    out(
        table(
            "6. Server memory (streamlit process and children)",
            ["when", "RSS", "USS (its own)", "CPU used so far"],
            [
                [when, f"{m['rss_mb']} MB", f"{m['uss_mb']} MB", f"{m['cpu_s']} s"]
                for when, m in [
                    ("after start", result["memory_at_start"]),
                    ("after all browser and websocket runs", result["memory_at_end"]),
                ]
            ],
        )
    )
    rows = goals(result)
    out(table("Goals", ["goal", "measured", "verdict"], [[g, m, verdict(ok)] for g, m, ok in rows]))
    result["goals"] = {goal: {"measured": m, "ok": ok} for goal, m, ok in rows}
    result["machine_at_end"] = machine()
    result["total_s"] = round(time.monotonic() - started, 1)
    path = write_json(args.out, result)
    out(
        f"\n{sum(ok for *_, ok in rows)}/{len(rows)} goals met; total {result['total_s']} s "
        f"(load average at the end {result['machine_at_end']['loadavg_1m']}); "
        f"wrote {relative(path)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
