"""Many phones following one presenter through the tour: delays, bytes and server CPU.

    python scripts/follow_load.py --followers 300                  # one process, SSE
    python scripts/follow_load.py --followers 300 --transport poll  # polling the state JSON
    python scripts/follow_load.py --followers 300 --via-nginx       # 2 replicas behind nginx

Starts ``streamlit run app.py`` (``harness``) or, with ``--via-nginx``, ``--replicas``
replicas behind nginx (``deploy/serve_replicas.py``; every replica shares one session
folder, ``FRONTIER_ATLAS_LIVE_DIR``). The presenter's session is made in that folder (as
the page's "Start a class session" does) and the presenter steps through the shipped tour
by the publish route with its secret, one scene every ``--step`` seconds, the scenes' real
content (map state, title, quotes, caption). Each simulated follower (asyncio sockets, no
browser) first loads what a phone loads (the follower page, its script, the map: gzip) and
then follows by server-sent events (``--transport sse``) or by asking the state JSON every
``--poll`` seconds with its ETag (``--transport poll``: 304 while unchanged).

Prints the delay from the presenter's publish to each follower having the scene (p50, p95,
max), scenes missed, bytes per follower (first load; per change), and the server's CPU
(psutil: the server processes, and nginx) per presenter change and per idle second; writes
``artifacts/bench/follow-<transport>[-nginx]-<N>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil

import harness
from deploy.serve_replicas import serve
from layers.core.paths import GEODATA_DIR
from layers.plan.view import ViewOptions, scene_options
from layers.record.atlas import load_atlas
from layers.web.steering import client_state
from live.store import LIVE_DIR_ENV, DirStore

OUT = harness.ARTIFACTS_DIR / "bench"
FIRST_LOAD = ("/?follow={code}", "/follow/assets/follow.js", "/follow/assets/map.html")


def tour_scenes() -> list[dict[str, Any]]:
    """What the page publishes for each scene of the shipped tour."""
    atlas = load_atlas(GEODATA_DIR)
    scenes = []
    for number, scene in enumerate(atlas.scenes, start=1):
        options = scene_options(scene, ViewOptions())
        state = client_state(atlas.layers, options, f"scene:{scene.id}", atlas.measures)
        quotes = [{"text": q.text, "paragraph": q.paragraph} for q in scene.quotes]
        scenes.append(
            {
                "state": dict(state),
                "title": scene.title,
                "caption": scene.caption,
                "quotes": quotes,
                "number": number,
                "count": len(atlas.scenes),
                "tour_title": "",
            }
        )
    return scenes


# --- a minimal HTTP/1.1 client over asyncio streams --------------------------------------


async def read_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], int]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    return status, headers, len(head)


async def read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    if headers.get("transfer-encoding") == "chunked":
        body = b""
        while True:
            size = int((await reader.readline()).strip(), 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                return body
            body += chunk[:-2]
    return b""


def request(host: str, path: str, extra: str = "") -> bytes:
    return (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\n{extra}\r\n").encode()


@dataclass
class Follower:
    seen: dict[int, float] = field(default_factory=dict)  # seq -> when it arrived
    first_bytes: int = 0
    follow_bytes: int = 0
    first_load_s: float = 0.0
    error: str = ""


async def first_load(host: str, port: int, code: str, me: Follower) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    started = time.monotonic()
    try:
        for path in FIRST_LOAD:
            writer.write(request(f"{host}:{port}", path.format(code=code)))
            status, headers, head = await read_head(reader)
            body = await read_body(reader, headers)
            if status != 200:
                raise RuntimeError(f"{path}: HTTP {status}")
            me.first_bytes += head + len(body)
    finally:
        writer.close()
    me.first_load_s = time.monotonic() - started


async def follow_sse(host: str, port: int, code: str, me: Follower, stop: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(request(f"{host}:{port}", f"/follow/{code}/events"))
    status, _, head = await read_head(reader)
    if status != 200:
        raise RuntimeError(f"events: HTTP {status}")
    me.follow_bytes += head
    buffer = b""  # chunk-size lines pass through: each event is one chunk, split on blank lines
    try:
        while not stop.is_set():
            try:
                data = await asyncio.wait_for(reader.read(65536), 0.5)
            except TimeoutError:
                continue
            if not data:
                break
            me.follow_bytes += len(data)
            buffer += data
            while b"\n\n" in buffer:
                event, buffer = buffer.split(b"\n\n", 1)
                for line in event.split(b"\n"):
                    if line.startswith(b"id: "):
                        me.seen.setdefault(int(line[4:]), time.time())
    finally:
        writer.close()


async def follow_poll(
    host: str, port: int, code: str, me: Follower, stop: asyncio.Event, every: float
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    etag = ""
    try:
        while not stop.is_set():
            extra = f"If-None-Match: {etag}\r\n" if etag else ""
            writer.write(request(f"{host}:{port}", f"/follow/{code}/state", extra))
            status, headers, head = await read_head(reader)
            body = await read_body(reader, headers)
            me.follow_bytes += head + len(body)
            if status == 200:
                etag = headers.get("etag", "")
                if headers.get("content-encoding") == "gzip":
                    body = gzip.decompress(body)
                me.seen.setdefault(json.loads(body)["seq"], time.time())
            await asyncio.sleep(every)
    finally:
        writer.close()


async def publish(host: str, port: int, code: str, secret: str, scene: dict) -> float:
    body = json.dumps({"scene": scene}).encode()
    reader, writer = await asyncio.open_connection(host, port)
    sent = time.time()
    writer.write(
        (
            f"POST /follow/{code}/publish HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Content-Type: application/json\r\nX-Class-Secret: {secret}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        + body
    )
    status, headers, _ = await read_head(reader)
    answer = await read_body(reader, headers)
    writer.close()
    if status != 200:
        raise RuntimeError(f"publish: HTTP {status} {answer[:200]!r}")
    return sent


def cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        root = psutil.Process(pid)
        for proc in [root, *root.children(recursive=True)]:
            try:
                times = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
    return total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else -1.0


async def run(args: argparse.Namespace, base_url: str, folder: Path, pids: dict) -> dict:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    scenes = tour_scenes()
    code, secret = DirStore(folder).create()
    await publish(host, port, code, secret, scenes[0])
    followers = [Follower() for _ in range(args.followers)]
    limit = asyncio.Semaphore(50)  # page opens at once (a class scanning a QR code)

    async def load(me: Follower) -> None:
        async with limit:
            await first_load(host, port, code, me)

    started = time.monotonic()
    await asyncio.gather(*(load(me) for me in followers))
    opened_s = time.monotonic() - started
    stop = asyncio.Event()
    if args.transport == "sse":
        tasks = [follow_sse(host, port, code, me, stop) for me in followers]
    else:
        tasks = [follow_poll(host, port, code, me, stop, args.poll) for me in followers]
    running = [asyncio.create_task(task) for task in tasks]
    await asyncio.sleep(3.0)  # every follower connected and holding scene 1
    idle_cpu = {name: cpu_of(p) for name, p in pids.items()}
    await asyncio.sleep(args.step)
    idle_cpu = {name: (cpu_of(p) - idle_cpu[name]) / args.step for name, p in pids.items()}
    before = {name: cpu_of(p) for name, p in pids.items()}
    bytes_before = [me.follow_bytes for me in followers]
    sent = {}
    for number in range(1, args.rounds * len(scenes) + 1):
        scene = scenes[number % len(scenes)]
        sent[number + 1] = await publish(host, port, code, secret, scene)
        await asyncio.sleep(args.step)
    cpu = {name: cpu_of(p) - before[name] for name, p in pids.items()}
    stop.set()
    failures = [r for r in await asyncio.gather(*running, return_exceptions=True) if r]
    if failures:
        sys.stderr.write(f"{len(failures)} followers failed, e.g. {failures[0]!r}\n")
    changes = len(sent)
    delays = [me.seen[seq] - at for me in followers for seq, at in sent.items() if seq in me.seen]
    missed = sum(1 for me in followers for seq in sent if seq not in me.seen)
    per_change = [
        (me.follow_bytes - b) / changes for me, b in zip(followers, bytes_before, strict=True)
    ]
    return {
        "followers": args.followers,
        "transport": args.transport,
        "poll_s": args.poll if args.transport == "poll" else None,
        "via_nginx": args.via_nginx,
        "replicas": args.replicas if args.via_nginx else 1,
        "changes": changes,
        "step_s": args.step,
        "delay_ms": {
            "p50": round(1000 * percentile(delays, 0.5)),
            "p95": round(1000 * percentile(delays, 0.95)),
            "max": round(1000 * max(delays)) if delays else None,
        },
        "missed": missed,
        "followers_failed": len(failures),
        "first_load_bytes": round(sum(me.first_bytes for me in followers) / len(followers)),
        "first_load_s_p95": round(percentile([me.first_load_s for me in followers], 0.95), 2),
        "all_opened_s": round(opened_s, 1),
        "bytes_per_change_per_follower": round(sum(per_change) / len(per_change)),
        "cpu_s_per_change": {name: round(value / changes, 4) for name, value in cpu.items()},
        "cpu_s_per_idle_s": {name: round(value, 4) for name, value in idle_cpu.items()},
        "load_average": [round(x, 2) for x in psutil.getloadavg()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followers", type=int, default=100)
    parser.add_argument("--transport", choices=("sse", "poll"), default="sse")
    parser.add_argument("--poll", type=float, default=0.5, help="seconds between polls")
    parser.add_argument("--step", type=float, default=2.0, help="seconds between scenes")
    parser.add_argument("--rounds", type=int, default=1, help="times through the tour")
    parser.add_argument("--via-nginx", action="store_true")
    parser.add_argument("--replicas", type=int, default=2)
    args = parser.parse_args(argv)
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="atlas-live-")))
        env = {LIVE_DIR_ENV: str(folder)}
        if args.via_nginx:
            deployment = stack.enter_context(serve(args.replicas, env=env))
            base_url = deployment.base_url
            pids = {
                "replicas": [r.pid for r in deployment.replicas],
                "nginx": [deployment.nginx_pid],
            }
        else:
            log = harness.ARTIFACTS_DIR / "follow-load-server.log"
            server = stack.enter_context(harness.app_server(log, env=env))
            base_url, pids = server.base_url, {"server": [server.pid]}
        result = asyncio.run(run(args, base_url, folder, pids))
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"follow-{args.transport}{'-nginx' if args.via_nginx else ''}-{args.followers}.json"
    (OUT / name).write_text(json.dumps(result, indent=2), encoding="utf-8")
    sys.stdout.write(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
