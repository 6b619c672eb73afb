"""Serve Frontier Atlas from N Streamlit replicas behind nginx, on one port.

    python scripts/serve_replicas.py --replicas 2 --port 8501   # until Ctrl-C / SIGTERM
    deploy/start.sh 2 8501                                     # the same, from a shell
    deploy/start.sh 2 8501 127.0.0.1 --server-option runner.postScriptGC=false

Starts N ``streamlit run app.py`` processes on free 127.0.0.1 ports (``harness``:
each in its own process group, health-checked, stopped on exit), fills in the template
``deploy/nginx.conf`` with their ports and runs Debian's nginx (``/usr/sbin/nginx``) in
front of them as the current user, with a scratch prefix (``nginx -p <dir> -c <conf>``):
no root, no system files touched. Sessions stick to a replica by the ``atlas_affinity``
cookie (see the template); the websocket ``/_stcore/stream`` is upgraded through it.

On exit (Ctrl-C, SIGTERM, or leaving ``serve()``) nginx and every replica are stopped;
nginx's logs stay in ``artifacts/deploy/`` (``access.log`` names the replica of every
request). ``scripts/load_test.py --via-nginx`` uses ``serve()`` from here.

The public address defaults to 127.0.0.1; ``--listen 0.0.0.0`` serves the network (put TLS
in front for anything public, see SECURITY.md).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import harness
from bench.support import ARTIFACTS_DIR, streamlit_env
from harness import AppServer, HarnessError, app_server, free_port, process_metrics

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = REPO_ROOT / "deploy" / "nginx.conf"
NGINX = "/usr/sbin/nginx"
LOG_DIR = ARTIFACTS_DIR / "deploy"
START_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Deployment:
    """nginx in front of running replicas."""

    base_url: str  # http://127.0.0.1:PORT, nginx
    replicas: tuple[AppServer, ...]
    nginx_pid: int
    access_log: Path

    def metrics(self) -> dict[str, Any]:
        """Memory and CPU of every replica (and children), summed; and per replica."""
        each = [process_metrics(replica.pid) for replica in self.replicas]
        total = {key: round(sum(m[key] for m in each), 2) for key in ("rss_mb", "uss_mb", "cpu_s")}
        return {**total, "processes": sum(m["processes"] for m in each), "replicas": each}

    def sessions_per_replica(self) -> dict[str, Any]:
        """From nginx's access log: websocket sessions per replica, and whether every
        browser (affinity key) reached a single replica with all its requests."""
        sockets: Counter[str] = Counter()
        seen: dict[str, set[str]] = defaultdict(set)
        for line in self.access_log.read_text(encoding="utf-8", errors="replace").splitlines():
            fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
            upstream, key = fields.get("upstream", "-"), fields.get("affinity", "")
            if upstream == "-":
                continue
            seen[key].add(upstream)
            if line.split()[1:2] == ["101"] and "/_stcore/stream" in line:
                sockets[upstream] += 1
        ports = {urlsplit(r.base_url).netloc: n for n, r in enumerate(self.replicas)}
        return {
            "websockets_per_replica": {
                f"replica {ports.get(addr, addr)} ({addr})": count
                for addr, count in sorted(sockets.items())
            },
            "browsers": len(seen),
            "browsers_on_more_than_one_replica": sum(1 for ups in seen.values() if len(ups) > 1),
        }


def nginx_conf(listen: str, ports: list[int]) -> str:
    """The template with the listen address and one upstream server per replica."""
    servers = "\n".join(f"        server 127.0.0.1:{port};" for port in ports)
    text = TEMPLATE.read_text(encoding="utf-8")
    if "@LISTEN@" not in text or "@SERVERS@" not in text:
        raise HarnessError(f"{TEMPLATE} lacks the @LISTEN@ / @SERVERS@ placeholders")
    return text.replace("@LISTEN@", listen).replace("@SERVERS@", servers)


@contextmanager
def run_nginx(conf_text: str, base_url: str) -> Iterator[tuple[int, Path]]:
    """nginx with ``conf_text`` in a scratch prefix until the block ends; (pid, access log)."""
    if not os.access(NGINX, os.X_OK):
        raise HarnessError(f"{NGINX} is missing (Debian: apt-get install nginx)")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="atlas-nginx-") as folder:
        prefix = Path(folder)
        # Run as root, nginx's workers drop to "nobody" and must reach the temp dirs.
        prefix.chmod(0o755)
        for sub in ("logs", "temp"):
            (prefix / sub).mkdir()
        conf = prefix / "nginx.conf"
        conf.write_text(conf_text, encoding="utf-8")
        command = [NGINX, "-p", f"{prefix}/", "-c", str(conf), "-e", str(prefix / "logs/error.log")]
        check = subprocess.run(
            [*command, "-t", "-q"], capture_output=True, text=True, timeout=30, check=False
        )
        if check.returncode != 0:
            raise HarnessError(f"nginx rejects the configuration:\n{check.stderr}")
        log = (LOG_DIR / "nginx.out").open("wb")
        proc = subprocess.Popen(
            [*command, "-g", "daemon off;"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not harness.health_ok(f"{base_url}/_stcore/health"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise HarnessError(
                        f"nginx did not answer on {base_url}; "
                        f"{(prefix / 'logs/error.log').read_text(errors='replace')[-2000:]}"
                    )
                time.sleep(0.1)
            yield proc.pid, prefix / "logs" / "access.log"
        finally:
            harness.stop_group(proc)
            log.close()
            for name in ("access.log", "error.log"):
                if (prefix / "logs" / name).exists():
                    shutil.copy(prefix / "logs" / name, LOG_DIR / name)


@contextmanager
def serve(
    replicas: int,
    port: int | None = None,
    listen: str = "127.0.0.1",
    env: Mapping[str, str] | None = None,
) -> Iterator[Deployment]:
    """``replicas`` app servers behind nginx on ``listen:port`` (a free port if None)."""
    if not 1 <= replicas <= 16:
        raise ValueError("1-16 replicas")
    port = port or free_port()
    base_url = f"http://{'127.0.0.1' if listen == '0.0.0.0' else listen}:{port}"  # noqa: S104
    with ExitStack() as stack:
        servers = tuple(
            stack.enter_context(app_server(LOG_DIR / f"replica-{n}.log", env=env))
            for n in range(replicas)
        )
        ports = [urlsplit(server.base_url).port or 0 for server in servers]
        nginx_pid, access_log = stack.enter_context(
            run_nginx(nginx_conf(f"{listen}:{port}", ports), base_url)
        )
        # the log in the prefix, read while nginx runs; copied to LOG_DIR on exit
        yield Deployment(base_url, servers, nginx_pid, access_log)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes (1-16)")
    parser.add_argument("--port", type=int, default=8501, help="nginx's port (> 1024)")
    parser.add_argument("--listen", default="127.0.0.1", help="nginx's address")
    parser.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="SECTION.NAME=VALUE",
        help="a Streamlit option for every replica (repeatable), e.g. runner.postScriptGC=false",
    )
    args = parser.parse_args()
    if not (1 <= args.replicas <= 16 and 1024 < args.port < 65536):
        parser.error("--replicas must be 1-16 and --port 1025-65535")
    try:
        env = streamlit_env(args.server_option)
    except ValueError as exc:
        parser.error(str(exc))
    stop = {"now": False}

    def on_signal(signum: int, frame: Any) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        with serve(args.replicas, args.port, args.listen, env) as deployment:
            sys.stdout.write(
                f"Frontier Atlas on {deployment.base_url} (nginx pid {deployment.nginx_pid}) "
                f"-> {', '.join(r.base_url for r in deployment.replicas)}; Ctrl-C stops all\n"
            )
            sys.stdout.flush()
            while not stop["now"]:
                time.sleep(0.5)
    except HarnessError as exc:
        sys.stderr.write(f"serve_replicas failed: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
