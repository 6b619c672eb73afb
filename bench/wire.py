"""Bytes on the wire of a first and a second page load through nginx, in Chromium.

    python -m bench.wire [--replicas 2] [--server-option server.enableWebsocketCompression=false]

Starts N replicas behind nginx (``deploy/serve_replicas.py``), opens the app in a fresh
Chromium context (a first visit: empty cache) and waits for the map, then opens it again
in a new page of the same context (a second visit: the browser's cache kept). For each:

- HTTP: the sum of CDP ``Network.loadingFinished.encodedDataLength`` (headers and body as
  received, compressed or not; 0 for what came from the cache), by kind of file;
- websocket: ``Network.webSocketFrameReceived`` payloads (after decompression) and what
  nginx sent for that socket (``sent=$bytes_sent`` in its access log, the compressed
  frames), read after the page is closed (nginx logs a socket when it ends);
- the cost of permessage-deflate: every received frame compressed again here with zlib's
  defaults and one context for the socket (what ``websockets`` does on the server), timed.

``--cpu-runs N``: first the server's CPU per page open with websocket compression off and
on (one server each, N opens over ``bench.streamlit_ws``, which asks for permessage-deflate
as browsers do; ``artifacts/bench/wire-cpu.json``).

Writes ``artifacts/bench/wire.json``. ``--check`` exits 1 when a goal is missed
(first visit <= 2.0 MB, second <= 0.3 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import sys
import time
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.pageload import _component_parts
from bench.streamlit_ws import StreamlitSession
from bench.support import ARTIFACTS, machine, out, table, verdict, write_json
from deploy.serve_replicas import DeployError, serve, streamlit_env
from harness import BROWSER_TIMEOUT_MS, app_server, chromium, wait_for_map

GOAL_FIRST_MB, GOAL_SECOND_MB = 2.0, 0.3
SETTLE_S = 2.0  # after the map is drawn: late fonts and the last messages


def kind_of(url: str) -> str:
    path = urlsplit(url).path
    suffix = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    if path.startswith("/static/"):
        return {"js": "/static JS", "css": "/static CSS"}.get(suffix, f"/static .{suffix}")
    if path.startswith("/component/"):
        return "/component (st_folium iframe)"
    if path.startswith("/_stcore/"):
        return "/_stcore"
    return "page and other"


def nginx_socket_bytes(access_log: Path, affinity: str) -> list[int]:
    """``sent=`` of every websocket (status 101) nginx logged for this browser."""
    sent = []
    for line in access_log.read_text(encoding="utf-8", errors="replace").splitlines():
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        if fields.get("affinity") == affinity and " 101 " in line and "/_stcore/stream" in line:
            sent.append(int(fields.get("sent", "0")))
    return sent


def deflate_cost(frames: list[bytes]) -> dict[str, Any]:
    """permessage-deflate of these frames as the server does it (one context, sync flush)."""
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    started = time.process_time()
    packed = sum(len(packer.compress(f) + packer.flush(zlib.Z_SYNC_FLUSH)) for f in frames)
    cpu = time.process_time() - started
    raw = sum(len(f) for f in frames)
    return {
        "messages": len(frames),
        "raw_bytes": raw,
        "deflated_bytes": packed,
        "saved_bytes": raw - packed,
        "cpu_ms": round(1000 * cpu, 2),
        "cpu_ms_per_message": round(1000 * cpu / max(len(frames), 1), 3),
        "cpu_ms_per_mb_saved": round(1000 * cpu / max((raw - packed) / 1e6, 1e-9), 1),
    }


def visit(context: Any, base_url: str) -> dict[str, Any]:
    """One page open until the map is drawn (and SETTLE_S more): bytes by kind."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    urls: dict[str, str] = {}
    http: dict[str, dict[str, int]] = {}
    by_url: dict[str, int] = {}
    frames: list[bytes] = []

    def finished(event: dict) -> None:
        url = urls.get(event["requestId"], "")
        if urlsplit(url).scheme not in {"http", "https"}:
            return  # data: and blob: URLs are not fetched (they came with something else)
        row = http.setdefault(kind_of(url), {"n": 0, "bytes": 0})
        row["n"] += 1
        row["bytes"] += int(event["encodedDataLength"])
        path = urlsplit(url).path
        by_url[path] = by_url.get(path, 0) + int(event["encodedDataLength"])

    def frame(event: dict) -> None:
        data = event["response"]["payloadData"]
        op = event["response"]["opcode"]
        frames.append(base64.b64decode(data) if op == 2 else data.encode("utf-8"))

    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.setdefault(e["requestId"], e["request"]["url"])
    )
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.webSocketFrameReceived", frame)
    cdp.send("Network.enable")
    started = time.perf_counter()
    page.goto(base_url + "/", wait_until="domcontentloaded")
    wait_for_map(page)
    drawn = time.perf_counter() - started
    page.wait_for_timeout(SETTLE_S * 1000)
    page.close()
    return {
        "map_drawn_s": round(drawn, 2),
        "http": dict(sorted(http.items())),
        "http_bytes": sum(r["bytes"] for r in http.values()),
        "largest_http": dict(sorted(by_url.items(), key=lambda kv: -kv[1])[:12]),
        "ws_frames": frames,
    }


def measure(base_url: str, access_log: Path) -> dict[str, Any]:
    with chromium() as browser:
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        context.set_default_timeout(BROWSER_TIMEOUT_MS)
        visits = {"first": visit(context, base_url), "second": visit(context, base_url)}
        affinity = next(c["value"] for c in context.cookies() if c["name"] == "atlas_affinity")
        context.close()
    time.sleep(1.0)  # nginx logs a websocket when it closes
    sockets = nginx_socket_bytes(access_log, affinity)
    result = {}
    for n, (name, seen) in enumerate(visits.items()):
        frames = seen.pop("ws_frames")
        ws_wire = sockets[n] if n < len(sockets) else 0
        seen["ws_payload_bytes"] = sum(len(f) for f in frames)
        seen["ws_wire_bytes_nginx"] = ws_wire
        seen["total_wire_bytes"] = seen["http_bytes"] + ws_wire
        seen["deflate"] = deflate_cost(frames)
        seen["map_element"] = _component_parts(frames)
        result[name] = seen
    return result


async def _opens(base_url: str, runs: int) -> int:
    """``runs`` page opens one after another (new session each); the bytes received."""
    received = 0
    for _ in range(runs):
        async with StreamlitSession(base_url, timeout=60) as session:
            received += (await session.initial_run()).payload_bytes
    return received


def server_cpu(runs: int) -> dict[str, Any]:
    """Server CPU per page open (the map sent whole) with websocket compression off and on,
    one server each, the client asking for permessage-deflate as browsers do."""
    found = {}
    for on in (False, True):
        env = streamlit_env([f"server.enableWebsocketCompression={str(on).lower()}"])
        with app_server(ARTIFACTS / "streamlit-wire.log", env=env) as server:
            asyncio.run(_opens(server.base_url, 1))  # imports and caches
            before = server.metrics()["cpu_s"]
            asyncio.run(_opens(server.base_url, runs))
            spent = server.metrics()["cpu_s"] - before
        found["on" if on else "off"] = round(1000 * spent / runs, 1)
    return {
        "runs": runs,
        "cpu_ms_per_open_off": found["off"],
        "cpu_ms_per_open_on": found["on"],
        "cpu_ms_per_open_compression": round(found["on"] - found["off"], 1),
    }


def report(result: dict[str, Any]) -> dict[str, bool]:
    rows = []
    for name, seen in result.items():
        for kind, row in seen["http"].items():
            rows.append([name, kind, row["n"], f"{row['bytes'] / 1e3:.1f} kB"])
        rows.append(
            [
                name,
                "websocket payload (decompressed)",
                "",
                f"{seen['ws_payload_bytes'] / 1e3:.1f} kB",
            ]
        )
        rows.append(
            [
                name,
                "websocket on the wire (nginx)",
                "",
                f"{seen['ws_wire_bytes_nginx'] / 1e3:.1f} kB",
            ]
        )
        rows.append([name, "TOTAL on the wire", "", f"{seen['total_wire_bytes'] / 1e6:.3f} MB"])
    out(
        table(
            "Bytes on the wire through nginx (Chromium, CDP)", ["visit", "what", "n", "bytes"], rows
        )
    )
    for name, seen in result.items():
        d = seen["deflate"]
        raw, packed = d["raw_bytes"] / 1e3, d["deflated_bytes"] / 1e3
        out(
            f"{name}: permessage-deflate of its {d['messages']} messages: {raw:.0f} kB"
            f" -> {packed:.0f} kB, {d['cpu_ms']} ms CPU ({d['cpu_ms_per_message']} ms per "
            f"message, {d['cpu_ms_per_mb_saved']} ms per MB saved)"
        )
    first, second = (
        result["first"]["total_wire_bytes"] / 1e6,
        result["second"]["total_wire_bytes"] / 1e6,
    )
    goals = {
        f"first visit <= {GOAL_FIRST_MB} MB": (first <= GOAL_FIRST_MB, f"{first:.3f} MB"),
        f"second visit <= {GOAL_SECOND_MB} MB": (second <= GOAL_SECOND_MB, f"{second:.3f} MB"),
    }
    out(
        table(
            "Goals",
            ["goal", "measured", "verdict"],
            [[g, m, verdict(ok)] for g, (ok, m) in goals.items()],
        )
    )
    return {g: ok for g, (ok, _) in goals.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument(
        "--server-option", action="append", default=[], metavar="SECTION.NAME=VALUE"
    )
    parser.add_argument("--out", type=Path, default=ARTIFACTS / "wire.json")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument(
        "--cpu-runs",
        type=int,
        default=0,
        help="also: server CPU per page open, ws compression off/on",
    )
    args = parser.parse_args(argv)
    if args.cpu_runs:
        cpu = server_cpu(args.cpu_runs)
        out(
            f"server CPU per page open ({cpu['runs']} opens each): compression off "
            f"{cpu['cpu_ms_per_open_off']} ms, on {cpu['cpu_ms_per_open_on']} ms"
        )
        write_json(ARTIFACTS / "wire-cpu.json", {"machine": machine(), **cpu})
    try:
        env = streamlit_env(args.server_option)
        with serve(args.replicas, env=env) as deployment:
            result = measure(deployment.base_url, deployment.access_log)
    except (DeployError, ValueError) as exc:
        sys.stderr.write(f"bench.wire failed: {exc}\n")
        return 2
    goals = report(result)
    write_json(
        args.out, {"options": args.server_option, "machine": machine(), **result, "goals": goals}
    )
    return 1 if args.check and not all(goals.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
