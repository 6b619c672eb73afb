"""A long day of sessions arriving and leaving: does the server's memory creep?

    python scripts/soak.py [--sessions 1000] [--minutes 20] [--check]
    python scripts/soak.py --sessions 200 --minutes 4 --check      # a short run

Starts ``streamlit run app.py`` on a free 127.0.0.1 port (``harness``) and lets
``--sessions`` sessions arrive evenly over ``--minutes``. Each is one visit with
``scripts/load_test.py``'s session driver (``bench.streamlit_ws``; no browser): it opens the
page, tours a scene, changes the language, back to Explore, toggles a layer and moves the
timeline; one in five also uploads a small layer (``tests/data/good_deployment.geojson``,
which the page draws on the map: a map of its own for that session). Then it leaves
(closes its websocket). Streamlit keeps a closed session for
``server.disconnectedSessionTTL`` (120 s), so after the last one leaves the script waits
``--settle-seconds``, then one more visit comes and goes (Streamlit's session store drops
expired sessions when it is next used, not on a timer) before the final reading.

Readings of the server process (and children): RSS, USS, threads and open file handles,
once the first 100 sessions have gone (the baseline: imports, caches and the shared map
are made by then), every 100 sessions after, and at the end. Goals: the final RSS within
50 MB of the baseline, threads and file handles no more than the baseline, every
interaction without error. Writes ``artifacts/bench/soak.json``; ``--check`` exits 1
when a goal is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from pathlib import Path
from typing import Any

import psutil

# Run as ``python scripts/soak.py``: the repository first on the path (bench/, harness/,
# deploy/ and this checkout's layers/), and load_test's session driver from its folder.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_test import Phase, scenario

from bench.streamlit_ws import RunResult, StreamlitSession
from bench.support import ARTIFACTS, machine, out, table, verdict, write_json
from harness import HarnessError, app_server
from harness.paths import DATA_DIR

GOAL_RSS_MB = 50.0
BASELINE_AFTER = 100
UPLOAD = DATA_DIR / "good_deployment.geojson"
UPLOAD_EVERY = 5


def readings(pid: int) -> dict[str, Any]:
    """RSS, USS (MB), threads and open file handles of a process and its children."""
    root = psutil.Process(pid)
    rss = uss = threads = fds = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            with process.oneshot():
                memory = process.memory_full_info()
                threads += process.num_threads()
                fds += process.num_fds()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss, uss = rss + memory.rss, uss + memory.uss
    return {
        "rss_mb": round(rss / 2**20, 1),
        "uss_mb": round(uss / 2**20, 1),
        "threads": threads,
        "open_files": fds,
    }


async def visit(base_url: str, n: int, phase: Phase, args: argparse.Namespace) -> None:
    """One session: the load test's visit (one round), an upload for one in five, leave."""
    rng = random.Random(n)  # noqa: S311  (think times and choices, not secrets)
    session = StreamlitSession(base_url, timeout=args.timeout)
    try:
        await session.open()
        deadline = time.monotonic() + args.timeout * 10
        await scenario(session, phase, 1, args.think_seconds, deadline, rng)
        if n % UPLOAD_EVERY == 0 and session.widgets:
            try:
                result = await session.upload("upload", UPLOAD.name, UPLOAD.read_bytes())
            except (KeyError, TypeError, OSError) as exc:
                result = RunResult("upload", 0.0, "failed", errors=[f"upload: {exc!r}"])
            phase.results.append(("upload", result))
    except (OSError, TimeoutError) as exc:
        phase.results.append(("open", RunResult("open", 0.0, "failed", errors=[repr(exc)])))
    finally:
        await session.close()


async def soak(server: Any, args: argparse.Namespace) -> dict[str, Any]:
    phase = Phase("soak", args.sessions)
    gap = args.minutes * 60 / args.sessions
    done: list[int] = []
    series: dict[str, dict[str, Any]] = {"before any session": readings(server.pid)}

    async def one(n: int) -> None:
        await visit(server.base_url, n, phase, args)
        done.append(n)
        if len(done) % 100 == 0:
            series[f"{len(done)} sessions gone"] = readings(server.pid)

    started = time.monotonic()
    tasks = []
    for n in range(args.sessions):
        await asyncio.sleep(max(0.0, started + n * gap - time.monotonic()))
        tasks.append(asyncio.create_task(one(n)))
    await asyncio.gather(*tasks)
    series["all gone"] = readings(server.pid)
    await asyncio.sleep(args.settle_seconds)
    series[f"all gone + {args.settle_seconds:g} s"] = readings(server.pid)
    # Streamlit drops expired sessions when its session store is next touched: a visitor
    await visit(server.base_url, 1, Phase("probe", 1), args)
    series["then one more visit"] = readings(server.pid)
    results = phase.results
    return {
        "series": series,
        "wall_s": round(time.monotonic() - started, 1),
        "interactions": len(results),
        "uploads": sum(1 for kind, _ in results if kind == "upload"),
        "errors": [e for _, r in results for e in r.errors][:100],
        "error_count": sum(len(r.errors) for _, r in results),
    }


def goals(data: dict[str, Any]) -> dict[str, tuple[bool, str]]:
    series = data["series"]
    base = series.get(f"{BASELINE_AFTER} sessions gone") or series["before any session"]
    end = list(series.values())[-1]
    grown = end["rss_mb"] - base["rss_mb"]
    return {
        f"RSS at the end within {GOAL_RSS_MB:g} MB of after {BASELINE_AFTER} sessions": (
            grown <= GOAL_RSS_MB,
            f"{base['rss_mb']} -> {end['rss_mb']} MB ({grown:+.1f} MB)",
        ),
        "threads do not grow": (
            end["threads"] <= base["threads"],
            f"{base['threads']} -> {end['threads']}",
        ),
        "open file handles do not grow": (
            end["open_files"] <= base["open_files"],
            f"{base['open_files']} -> {end['open_files']}",
        ),
        "no errors": (data["error_count"] == 0, f"{data['error_count']} errors"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000, help="sessions in all (>= 100)")
    parser.add_argument("--minutes", type=float, default=20.0, help="over how long they arrive")
    parser.add_argument("--think-seconds", type=float, default=0.5, help="pause between clicks")
    parser.add_argument("--timeout", type=float, default=60.0, help="per script run (s)")
    parser.add_argument(
        "--settle-seconds", type=float, default=130.0, help="wait after the last (TTL 120 s)"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args()
    if not (BASELINE_AFTER <= args.sessions <= 5000 and 0 < args.minutes <= 120):
        parser.error(f"--sessions must be {BASELINE_AFTER}-5000 and --minutes in (0, 120]")
    out(
        f"soak: {args.sessions} sessions over {args.minutes:g} min, one in {UPLOAD_EVERY} "
        f"uploads {UPLOAD.name}; load average {machine()['loadavg_1m']} at the start"
    )
    try:
        with app_server(ARTIFACTS / "streamlit-soak.log") as server:
            data = asyncio.run(soak(server, args))
    except HarnessError as exc:
        sys.stderr.write(f"soak failed: {exc}\n")
        return 2
    rows = [
        [when, f"{r['rss_mb']} MB", f"{r['uss_mb']} MB", r["threads"], r["open_files"]]
        for when, r in data["series"].items()
    ]
    out(table("Server (streamlit and children)", ["when", "RSS", "USS", "threads", "files"], rows))
    out(
        f"{data['interactions']} interactions ({data['uploads']} uploads) in {data['wall_s']} s; "
        f"load average {machine()['loadavg_1m']} at the end"
    )
    checked = goals(data)
    out(
        table(
            "Goals",
            ["goal", "measured", "verdict"],
            [[g, m, verdict(ok)] for g, (ok, m) in checked.items()],
        )
    )
    for line in data["errors"][:10]:
        out(f"error: {line}")
    data["goals"] = {g: {"ok": ok, "measured": m} for g, (ok, m) in checked.items()}
    data["config"] = vars(args)
    write_json(ARTIFACTS / "soak.json", data)
    return 1 if args.check and not all(ok for ok, _ in checked.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
