"""Drive many concurrent sessions of the app over Streamlit's websocket and time them.

    python scripts/load_test.py [--sessions 30] [--rounds 2] [--max-seconds 150] [--check]
    python scripts/load_test.py --sessions 60 --via-nginx --replicas 2

Starts ``streamlit run app.py`` on a free 127.0.0.1 port (``harness``), or with
``--via-nginx`` N replicas behind nginx (``deploy/serve_replicas.py``, the template
``deploy/nginx.conf``: sticky by cookie), and talks to it the way browsers do
(``bench.streamlit_ws``: fragment reruns as Chromium sends them; through nginx each
session first GETs the page for its affinity cookie), with no browser. Each session:
opens the page (initial run), switches *Mode* to "Classroom tour", moves ``--rounds``
scenes (Next button and scene picker in turn), changes the language, switches back to
"Explore", clicks ``--rounds`` layer checkboxes and moves the timeline ``--rounds``
times, with a think time between clicks. First one session does this alone (the
baseline), then the other sessions join and all of them do it at once. Prints the time
from each click to its run finishing (p50/p95 per kind), errors, the server's CPU per
interaction and memory before any session, after one and after all (every replica
summed), sessions per replica and whether each stayed on one, and writes
``artifacts/bench/load.json`` (``load-nginx.json`` through nginx). Everything started is
stopped at the end; every wait is bounded (``--max-seconds`` for all interactions, plus
a per-run timeout). ``--check`` exits 1 when a goal is missed.

The goal p95 < 1 s is over the changes a class makes (scene, language, layer, year); page
opens and mode switches (whole-page runs that send the map) are shown beside them.

Memory: "after 1 session" already holds the one-time imports and cached layers (through
nginx every replica has served one page first), so (RSS after N - RSS after 1) / (N - 1)
is what each further session costs. Closed sessions stay on the server for
``server.disconnectedSessionTTL`` (120 s), so "after closing all" is not expected to drop.

Needs the project installed (``pip install -r requirements-dev.txt`` does ``pip install -e .``).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Run as ``python scripts/load_test.py``: the repository first on the path, for harness/,
# bench/ and deploy/ (not installed) and this checkout's layers/.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.replicas import Measured
from bench.streamlit_ws import RunResult, StreamlitSession
from bench.support import (
    ARTIFACTS,
    code_version,
    machine,
    ms,
    out,
    percentile,
    relative,
    table,
    verdict,
    write_json,
)
from deploy.serve_replicas import DeployError, serve, streamlit_env
from harness import HarnessError, app_server

GOAL_SESSIONS, GOAL_P95_S, GOAL_MB_PER_SESSION = 30, 1.0, 10.0
GOAL_OPEN_P95_S = 3.0  # issue 26: a page open (the whole page and the map) under load
TOUR, EXPLORE = "Classroom tour", "Explore"
LAYER_KEYS = ("show_deployments", "show_joint_patrols", "show_sakhalin_energy", "show_history")
CHANGES = ("scene", "language", "toggle", "year")  # what the p95 goal is about
KINDS = ("initial", "mode", *CHANGES, "reload")


def latency_headers(sessions: int) -> list[str]:
    alone, together = ["n (alone)", "p50", "p95"], [f"n ({sessions} at once)", "p50", "p95"]
    return ["interaction", *alone, *together, "max", "errors", "MB received"]


@dataclass
class Phase:
    """Results of one phase (one session alone, or all sessions at once)."""

    name: str
    sessions: int
    seconds: float = 0.0
    results: list[tuple[str, RunResult]] = field(default_factory=list)  # (kind, result)
    skipped: int = 0  # interactions not started because --max-seconds ran out

    def times(self, kind: str | None = None) -> list[float]:
        return [r.seconds for k, r in self.results if kind in (None, k) and r.ok]

    def errors(self) -> list[str]:
        return [f"{k}: {e}" for k, r in self.results for e in r.errors]


async def scenario(
    session: StreamlitSession,
    phase: Phase,
    rounds: int,
    think: float,
    deadline: float,
    rng: random.Random,
) -> None:
    """One user's visit: open, tour ``rounds`` scenes, back to Explore, ``rounds`` toggles."""

    async def step(kind: str, action) -> None:
        if time.monotonic() > deadline:
            phase.skipped += 1
            return
        try:
            result = await action()
        except (KeyError, TypeError, ValueError) as exc:  # the page lacks the widget
            result = RunResult(kind, 0.0, "missing", errors=[f"{kind}: {exc}"])
        phase.results.append((kind, result))
        if result.errors and not session.widgets and kind != "reload":
            # the run died before drawing any widget; a user would reload the page
            await step("reload", session.initial_run)
            return
        if think:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))

    if not session.widgets:
        await step("initial", session.initial_run)
    if not session.widgets:
        return  # the page never drew: nothing to click (the error is already recorded)
    await step("mode", lambda: session.select("mode", TOUR))
    start = rng.randrange(7)
    for i in range(rounds):

        async def pick(i: int = i):
            if i % 2 == 0:
                return await session.click("next")
            scenes = session.widget("scene").options
            current = scenes.index(session.value("scene"))
            # a different scene each time, so every pick moves the map
            return await session.select("scene", (current + 1 + (start + i) % 3) % len(scenes))

        await step("scene", pick)

    async def language():
        options = session.widget("lang").options
        return await session.select("lang", (options.index(session.value("lang")) + 1) % 3)

    await step("language", language)
    await step("mode", lambda: session.select("mode", EXPLORE))
    for i in range(rounds):
        key = LAYER_KEYS[(start + i) % len(LAYER_KEYS)]
        await step("toggle", lambda key=key: session.toggle(key))
    for i in range(rounds):
        # back one year on the timeline, then forward again
        await step("year", lambda i=i: session.slide_to("year", -2 if i % 2 == 0 else -1))


async def run_phase(
    sessions: list[StreamlitSession],
    phase: Phase,
    args: argparse.Namespace,
    deadline: float,
    seed: int,
) -> None:
    started = time.monotonic()
    # seeded per session: think-time jitter and which scenes/layers each user picks
    rngs = [random.Random(seed + n) for n in range(len(sessions))]  # noqa: S311
    tasks = [
        scenario(s, phase, args.rounds, args.think_seconds, deadline, rng)
        for s, rng in zip(sessions, rngs, strict=True)
    ]
    # the per-run timeout bounds each step; this bounds the whole phase as well
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), deadline - time.monotonic() + args.timeout)
    except TimeoutError:
        phase.results.append(
            ("phase", RunResult("phase", 0.0, "timeout", errors=["phase overran its deadline"]))
        )
    phase.seconds = time.monotonic() - started


async def open_sessions(
    base_url: str, count: int, timeout: float, load_page: bool
) -> list[StreamlitSession]:
    sessions = [
        StreamlitSession(base_url, timeout=timeout, load_page=load_page) for _ in range(count)
    ]
    await asyncio.wait_for(asyncio.gather(*(s.open() for s in sessions)), timeout)
    return sessions


async def warm_up(urls: list[str], timeout: float) -> list[str]:
    """One page open on each replica directly, so each holds its caches before measuring."""
    errors = []
    for url in urls:
        async with StreamlitSession(url, timeout=timeout) as session:
            errors += (await session.initial_run()).errors
    return errors


def summarise(phase: Phase) -> dict:
    kinds = {}
    changes = [r.seconds for k, r in phase.results if k in CHANGES and r.ok]
    for kind in (*KINDS, None):
        times = phase.times(kind)
        all_kind = [r for k, r in phase.results if kind in (None, k)]
        kinds[kind or "all"] = {
            "count": len(all_kind),
            "ok": len(times),
            "errors": sum(len(r.errors) for r in all_kind),
            "p50_s": round(percentile(times, 50), 4),
            "p95_s": round(percentile(times, 95), 4),
            "max_s": round(max(times, default=float("nan")), 4),
            "mb_received": round(sum(r.payload_bytes for r in all_kind) / 1e6, 2),
        }
    change_results = [r for k, r in phase.results if k in CHANGES]
    kinds["changes"] = {
        "count": len(change_results),
        "ok": len(changes),
        "errors": sum(len(r.errors) for r in change_results),
        "p50_s": round(percentile(changes, 50), 4),
        "p95_s": round(percentile(changes, 95), 4),
        "max_s": round(max(changes, default=float("nan")), 4),
        "mb_received": round(sum(r.payload_bytes for r in change_results) / 1e6, 2),
    }
    return {
        "sessions": phase.sessions,
        "wall_s": round(phase.seconds, 1),
        "interactions": len(phase.results),
        "skipped_at_deadline": phase.skipped,
        "interactions_per_s": round(len(phase.results) / phase.seconds, 2) if phase.seconds else 0,
        "by_kind": kinds,
        "errors": phase.errors()[:200],
        "latencies_s": {k: [round(t, 4) for t in phase.times(k)] for k in KINDS},
    }


async def drive(args: argparse.Namespace, target: Any) -> dict:
    """All phases against ``target`` (an ``AppServer``, or a ``Deployment`` of replicas
    behind nginx): both have ``base_url`` and ``metrics()``."""
    replicas = getattr(target, "replicas", ())
    mem = {"before_sessions": _memory(target)}
    load = {"at_start": machine()}
    warm_errors = await warm_up([r.base_url for r in replicas], args.timeout) if replicas else []
    deadline = time.monotonic() + args.max_seconds
    first = await open_sessions(target.base_url, 1, args.timeout, bool(replicas))
    alone = Phase("1 session alone", 1)
    await run_phase(first, alone, args, deadline, seed=0)
    mem["after_1_session"] = _memory(target)
    others = await open_sessions(target.base_url, args.sessions - 1, args.timeout, bool(replicas))
    together = Phase(f"{args.sessions} sessions at once", args.sessions)
    client_cpu = _own_cpu_s()
    await run_phase(first + others, together, args, deadline, seed=1000)
    mem[f"after_{args.sessions}_sessions"] = _memory(target)
    client_cpu = _own_cpu_s() - client_cpu
    await asyncio.gather(*(s.close() for s in first + others), return_exceptions=True)
    await asyncio.sleep(2)  # let the server notice the closed sockets and drop the sessions
    mem["after_closing_all"] = _memory(target)  # sessions live on for disconnectedSessionTTL
    load["after_all_sessions"] = machine()
    server_cpu = mem[f"after_{args.sessions}_sessions"]["cpu_s"] - mem["after_1_session"]["cpu_s"]
    changes = sum(1 for kind, _ in together.results if kind in CHANGES)
    cpu = {
        "server_cpu_s": round(server_cpu, 1),
        "server_cpu_ms_per_interaction": round(1000 * server_cpu / max(len(together.results), 1)),
        "interactions": len(together.results),
        "of_which_changes": changes,
        "load_test_client_cpu_s": round(client_cpu, 1),
    }
    data = {
        "phases": [summarise(alone), summarise(together)],
        "memory": mem,
        "cpu_during_all_sessions": cpu,
        "machine": load,
    }
    if replicas:
        data["replicas"] = {
            "count": len(replicas),
            "warm_up_errors": warm_errors,
            **target.sessions_per_replica(),
            "per_replica_at_end": target.metrics()["replicas"],
        }
    return data


def _memory(target: Any) -> dict:
    metrics = target.metrics()
    return {key: metrics[key] for key in ("rss_mb", "uss_mb", "cpu_s", "processes")}


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def report(args: argparse.Namespace, data: dict) -> dict:
    alone, together = data["phases"]
    mem = data["memory"]
    rss_1 = mem["after_1_session"]["rss_mb"]
    rss_n = mem[f"after_{args.sessions}_sessions"]["rss_mb"]
    per_session = (rss_n - rss_1) / (args.sessions - 1) if args.sessions > 1 else float("nan")
    rows = []
    for kind in (*KINDS, "changes", "all"):
        a, t = alone["by_kind"][kind], together["by_kind"][kind]
        if a["count"] + t["count"] == 0:
            continue
        alone_cells = [a["count"], ms(a["p50_s"]), ms(a["p95_s"])]
        together_cells = [t["count"], ms(t["p50_s"]), ms(t["p95_s"]), ms(t["max_s"])]
        errors = a["errors"] + t["errors"]
        rows.append([kind, *alone_cells, *together_cells, errors, f"{t['mb_received']:.1f}"])
    where = f"{args.replicas} replicas behind nginx" if args.via_nginx else "one Streamlit process"
    out(
        table(
            f"Click to run finished (server + websocket, measured by the client), {where}; "
            f"'changes' = {' + '.join(CHANGES)}",
            latency_headers(args.sessions),
            rows,
        )
    )
    out(
        f"{args.sessions} sessions: {together['interactions']} interactions in "
        f"{together['wall_s']} s ({together['interactions_per_s']}/s), "
        f"{together['skipped_at_deadline']} skipped at the --max-seconds deadline"
    )
    cpu = data["cpu_during_all_sessions"]
    out(
        f"CPU meanwhile: server {cpu['server_cpu_s']} s "
        f"({cpu['server_cpu_ms_per_interaction']} ms per interaction, {cpu['interactions']} "
        f"interactions of which {cpu['of_which_changes']} changes), "
        f"this load-test client {cpu['load_test_client_cpu_s']} s (same machine)"
    )
    replicas = data.get("replicas")
    if replicas:
        spread = ", ".join(f"{k}: {v}" for k, v in replicas["websockets_per_replica"].items())
        out(
            f"sessions (websockets) per replica: {spread}; affinity cookies seen by nginx "
            f"(sessions, warm-up and health checks) {replicas['browsers']}, on more than one "
            "replica: "
            f"{replicas['browsers_on_more_than_one_replica']}"
        )
    out(
        table(
            "Server memory (streamlit process and children)",
            ["when", "RSS", "USS (its own)", "CPU used so far"],
            [
                [when, f"{m['rss_mb']:.1f} MB", f"{m['uss_mb']:.1f} MB", f"{m['cpu_s']:.1f} s"]
                for when, m in mem.items()
            ],
        )
    )
    extra = args.sessions - 1
    out(f"memory per extra session: ({rss_n} - {rss_1}) MB / {extra} = {per_session:.2f} MB")
    errors = together["by_kind"]["all"]["errors"] + alone["by_kind"]["all"]["errors"]
    p95 = together["by_kind"]["changes"]["p95_s"]
    p50 = together["by_kind"]["changes"]["p50_s"]
    goals = {
        f"{GOAL_SESSIONS} sessions": (args.sessions >= GOAL_SESSIONS, f"{args.sessions} driven"),
        f"changes p95 < {GOAL_P95_S:.0f} s": (p95 < GOAL_P95_S, f"p95 {ms(p95)}, p50 {ms(p50)}"),
        f"page opens p95 < {GOAL_OPEN_P95_S:.0f} s": (
            together["by_kind"]["initial"]["p95_s"] < GOAL_OPEN_P95_S,
            f"p95 {ms(together['by_kind']['initial']['p95_s'])}",
        ),
        "zero errors (every interaction)": (errors == 0, f"{errors} errors"),
        f"< {GOAL_MB_PER_SESSION:.0f} MB per extra session": (
            per_session < GOAL_MB_PER_SESSION,
            f"{per_session:.2f} MB",
        ),
    }
    if replicas:
        sticky = replicas["browsers_on_more_than_one_replica"] == 0
        goals["every browser on one replica (sticky)"] = (
            sticky,
            f"{replicas['browsers_on_more_than_one_replica']} of {replicas['browsers']} moved",
        )
        used = len(replicas["websockets_per_replica"])
        goals["every replica serves sessions"] = (
            used == replicas["count"],
            f"{used} of {replicas['count']}",
        )
    out(
        table(
            "Goals",
            ["goal", "measured", "verdict"],
            [[g, m, verdict(ok)] for g, (ok, m) in goals.items()],
        )
    )
    counts: dict[str, int] = {}
    for line in alone["errors"] + together["errors"]:
        counts[line] = counts.get(line, 0) + 1
    for line, count in sorted(counts.items(), key=lambda kv: -kv[1])[:10]:
        out(f"error x{count}: {line}")
    return {
        "code": code_version(),
        "config": {
            "via_nginx": args.via_nginx,
            "replicas": args.replicas if args.via_nginx else 1,
            "server_options": args.server_option,
            "sessions": args.sessions,
            "rounds": args.rounds,
            "think_seconds": args.think_seconds,
            "max_seconds": args.max_seconds,
            "per_run_timeout_s": args.timeout,
        },
        **data,
        "memory_per_extra_session_mb": round(per_session, 2),
        "goals": {g: {"ok": ok, "measured": m} for g, (ok, m) in goals.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="concurrent sessions (2-100)")
    parser.add_argument("--rounds", type=int, default=2, help="scene picks and toggles (1-20)")
    parser.add_argument(
        "--max-seconds", type=float, default=150.0, help="no new interaction after this (<=600)"
    )
    parser.add_argument(
        "--think-seconds", type=float, default=1.0, help="mean pause between a user's clicks"
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="per script run (<=120 s)")
    parser.add_argument("--out", type=Path, help="default artifacts/bench/load[-nginx].json")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument(
        "--via-nginx", action="store_true", help="replicas behind nginx (deploy/nginx.conf)"
    )
    parser.add_argument("--replicas", type=int, default=2, help="with --via-nginx (1-16)")
    parser.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="SECTION.NAME=VALUE",
        help="a Streamlit option for every server started (repeatable)",
    )
    args = parser.parse_args()
    if not (2 <= args.sessions <= 100 and 1 <= args.rounds <= 20):
        parser.error("--sessions must be 2-100 and --rounds 1-20")
    if not (0 < args.max_seconds <= 600 and 0 < args.timeout <= 120 and args.think_seconds >= 0):
        parser.error("--max-seconds must be in (0, 600], --timeout in (0, 120]")
    if not 1 <= args.replicas <= 16:
        parser.error("--replicas must be 1-16")
    try:
        env = streamlit_env(args.server_option)
    except ValueError as exc:
        parser.error(str(exc))
    args.out = args.out or ARTIFACTS / ("load-nginx.json" if args.via_nginx else "load.json")
    out(
        f"load test: {args.sessions} sessions x (open, tour + {args.rounds} scenes + language, "
        f"explore + {args.rounds} toggles + {args.rounds} years), think ~{args.think_seconds:g} s"
        f", max {args.max_seconds:g} s"
        + (f"; options {' '.join(args.server_option)}" if args.server_option else "")
    )
    started = time.monotonic()
    try:
        if args.via_nginx:
            with serve(args.replicas, env=env) as deployment:
                backends = ", ".join(r.base_url for r in deployment.replicas)
                out(f"nginx {deployment.base_url} (pid {deployment.nginx_pid}) -> {backends}")
                data = asyncio.run(drive(args, Measured(deployment)))
        else:
            with app_server(ARTIFACTS / "streamlit-load.log", env=env) as server:
                out(f"server {server.base_url} (pid {server.pid}) is up")
                data = asyncio.run(drive(args, server))
    except (HarnessError, DeployError) as exc:
        sys.stderr.write(f"load test failed: {exc}\n")
        return 2
    result = report(args, data)
    result["total_s"] = round(time.monotonic() - started, 1)
    path = write_json(args.out, result)
    load = result["machine"]
    out(
        f"\ntotal {result['total_s']} s; load average {load['at_start']['loadavg_1m']} at the "
        f"start, {load['after_all_sessions']['loadavg_1m']} after the sessions, on "
        f"{load['at_start']['cpus']} CPUs; wrote {relative(path)}"
    )
    missed = not all(g["ok"] for g in result["goals"].values())
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
