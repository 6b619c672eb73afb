"""Serve Frontier Atlas from N Streamlit replicas behind nginx, on one port.

    python deploy/serve_replicas.py --replicas 2 --port 8501    # until Ctrl-C / SIGTERM
    deploy/start.sh 2 8501                                     # the same, from a shell
    deploy/start.sh 2 8501 127.0.0.1 --server-option runner.postScriptGC=false

Starts N ``streamlit run app.py`` processes on free 127.0.0.1 ports (each in its own
process group, health-checked on ``/_stcore/health``, stopped on exit), fills in the
template ``deploy/nginx.conf`` with their ports and runs Debian's nginx
(``/usr/sbin/nginx``) in front of them as the current user, with a scratch prefix
(``nginx -p <dir> -c <conf>``): no root, no system files touched. Sessions stick to a
replica by the ``atlas_affinity`` cookie (see the template); the websocket
``/_stcore/stream`` is upgraded through it. Class sessions (``live/``) are shared by every
replica through one folder (``FRONTIER_ATLAS_LIVE_DIR``, a scratch folder unless given), so
followers need no affinity.

On exit (Ctrl-C, SIGTERM, or leaving ``serve()``) nginx and every replica are stopped;
nginx's logs stay in ``artifacts/deploy/`` (``access.log`` names the replica of every
request). ``scripts/load_test.py --via-nginx`` uses ``serve()`` from here, and measures
the replicas itself (``bench.replicas``).

Self-contained: this file needs the standard library and what ``requirements.txt``
installs (Streamlit), nothing of ``bench/``, ``harness/`` or the dev requirements
(``tests/test_deploy.py`` checks its imports).

The public address defaults to 127.0.0.1; ``--listen 0.0.0.0`` serves the network (put TLS
in front for anything public, see SECURITY.md).
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = REPO_ROOT / "deploy" / "nginx.conf"
NGINX = "/usr/sbin/nginx"
LOG_DIR = REPO_ROOT / "artifacts" / "deploy"
START_TIMEOUT_S = 30.0  # nginx
REPLICA_START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
HEALTH_POLL_S = 0.1
# The class sessions' folder (live.store reads it; named here too: this file imports
# nothing of the project). Every replica gets the same one, so a follower reaches the
# presenter's session whichever replica serves it.
LIVE_DIR_ENV = "FRONTIER_ATLAS_LIVE_DIR"
PORT_ATTEMPTS = 3  # another process may take the free port before streamlit binds it
# A replica that refused a connection is left out this long, then tried again (nginx).
FAIL_TIMEOUT_S = 5
# Streamlit's frontend files nginx serves pre-compressed (fonts and images are already).
COMPRESSIBLE = {".js", ".css", ".html", ".json", ".svg", ".txt"}


class DeployError(RuntimeError):
    """A replica or nginx did not start; the message says why."""


@dataclass(frozen=True)
class Replica:
    """A running ``streamlit run app.py``."""

    base_url: str  # http://127.0.0.1:PORT
    pid: int  # leader of its own process group
    log_path: Path  # its stdout and stderr


@dataclass(frozen=True)
class Deployment:
    """nginx in front of running replicas."""

    base_url: str  # http://127.0.0.1:PORT, nginx
    replicas: tuple[Replica, ...]
    nginx_pid: int
    access_log: Path


# --- processes ------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port nobody is listening on right now (the OS picks it for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def health_ok(url: str) -> bool:
    """True when a Streamlit health URL (``/_stcore/health``) answers ``ok``."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (local http)
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def stop_group(proc: subprocess.Popen) -> None:
    """Stop a process started in its own session, and its children: TERM, then KILL."""
    with suppress(ProcessLookupError):  # the group may be gone already
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STOP_TIMEOUT_S)


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def _start_replica(
    log_path: Path, env: Mapping[str, str], timeout_s: float, script: str, port: int | None
) -> tuple[subprocess.Popen, str]:
    """One attempt: the started process and its base URL, or DeployError (process gone)."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [
        *(sys.executable, "-m", "streamlit", "run", script),
        *("--server.port", str(port), "--server.address", "127.0.0.1"),
        *("--server.headless", "true"),
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(  # noqa: S603  (fixed command: this interpreter, app.py)
            command,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so killpg reaches every child
            env=dict(env),
        )
    health = f"{base_url}/_stcore/health"
    deadline = time.monotonic() + timeout_s
    try:
        while not health_ok(health):
            if proc.poll() is not None:
                raise DeployError(
                    f"streamlit exited with code {proc.returncode} before answering {health}; "
                    f"{log_path}:\n{_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise DeployError(
                    f"streamlit did not answer 'ok' on {health} within {timeout_s:g} s; "
                    f"{log_path}:\n{_tail(log_path)}"
                )
            time.sleep(HEALTH_POLL_S)
    except BaseException:
        stop_group(proc)
        raise
    return proc, base_url


@contextmanager
def replica(
    log_path: Path,
    env: Mapping[str, str] | None = None,
    timeout_s: float = REPLICA_START_TIMEOUT_S,
    script: str = "app.py",
    port: int | None = None,
) -> Iterator[Replica]:
    """``streamlit run app.py`` (or another ``script``, run from the repository so it gets
    the same ``.streamlit/config.toml``) on a free 127.0.0.1 port until the block ends.

    Waits until ``/_stcore/health`` answers ``ok`` (at most ``timeout_s``), else raises
    ``DeployError``; on leaving, stops the server's whole process group. ``env`` adds
    environment variables. No file watcher: a code reload under running sessions breaks
    them. ``port``: that port instead of a free one (a replica started again behind the
    same nginx). The one way this project starts Streamlit (``harness.server`` uses it too)."""
    full_env = {**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", **(env or {})}
    for attempt in range(1, PORT_ATTEMPTS + 1):
        try:
            proc, base_url = _start_replica(log_path, full_env, timeout_s, script, port)
            break
        except DeployError as exc:
            # the free port was taken between free_port() and streamlit binding it
            if port or attempt == PORT_ATTEMPTS or "is not available" not in str(exc):
                raise
    try:
        yield Replica(base_url=base_url, pid=proc.pid, log_path=log_path)
    finally:
        stop_group(proc)


def streamlit_env(options: Sequence[str]) -> dict[str, str]:
    """Environment variables setting Streamlit options given as ``section.name=value``
    (e.g. ``runner.postScriptGC=false``), named the way Streamlit reads them."""
    from streamlit import config

    known = config.get_config_options()
    env = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or key not in known:
            raise ValueError(f"not a Streamlit option as section.name=value: {option!r}")
        env[known[key].env_var] = value
    return env


# --- nginx ----------------------------------------------------------------------------


def nginx_conf(listen: str, ports: list[int], static_root: str = "static") -> str:
    """The template with the listen address, one upstream server per replica (left out for
    FAIL_TIMEOUT_S after a failed connection) and the folder of the pre-compressed frontend."""
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s;"
        for port in ports
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    names = ("LISTEN", "SERVERS", "PINNED", "STATIC")
    if any(f"@{name}@" not in text for name in names):
        raise DeployError(f"{TEMPLATE} lacks one of the placeholders {names} (each in @s)")
    return (
        text.replace("@LISTEN@", listen)
        .replace("@SERVERS@", servers)
        .replace("@PINNED@", pinned_upstreams(ports))
        .replace("@STATIC@", static_root)
    )


def pinned_upstreams(ports: list[int]) -> str:
    """Per replica an upstream ``atlas_N``: that replica first, the others as backup; and
    the map from the ``atlas_replica`` cookie (``127.0.0.1:PORT``) to it (else ``atlas``)."""
    blocks, pins = [], []
    for n, port in enumerate(ports):
        others = [f"        server 127.0.0.1:{other} backup;" for other in ports if other != port]
        lines = [
            f"    upstream atlas_{n} {{",
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s;",
            *others,
            "        keepalive 8;",
            "    }",
        ]
        blocks.append("\n".join(lines))
        pins.append(f'        "127.0.0.1:{port}" atlas_{n};')
    pool = ["    map $cookie_atlas_replica $atlas_pool {", *pins, "        default atlas;", "    }"]
    return "\n".join([*blocks, *pool])


def precompressed_frontend(target: Path) -> int:
    """Streamlit's frontend files (of the Streamlit the replicas run) copied into
    ``target``, with a gzip (level 9) beside each text file for nginx's gzip_static;
    the number of files compressed."""
    from streamlit import file_util

    shutil.copytree(file_util.get_static_dir(), target)
    count = 0
    for path in target.rglob("*"):
        if path.suffix in COMPRESSIBLE and path.is_file():
            with path.open("rb") as raw, gzip.open(f"{path}.gz", "wb", compresslevel=9) as packed:
                shutil.copyfileobj(raw, packed)
            count += 1
    return count


@contextmanager
def run_nginx(conf_text: str, base_url: str) -> Iterator[tuple[int, Path]]:
    """nginx with ``conf_text`` in a scratch prefix until the block ends; (pid, access log)."""
    if not os.access(NGINX, os.X_OK):
        raise DeployError(f"{NGINX} is missing (Debian: apt-get install nginx)")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="atlas-nginx-") as folder:
        prefix = Path(folder)
        # Run as root, nginx's workers drop to "nobody" and must reach the temp dirs.
        prefix.chmod(0o755)
        for sub in ("logs", "temp"):
            (prefix / sub).mkdir()
        precompressed_frontend(prefix / "static")
        conf = prefix / "nginx.conf"
        conf.write_text(conf_text, encoding="utf-8")
        command = [NGINX, "-p", f"{prefix}/", "-c", str(conf), "-e", str(prefix / "logs/error.log")]
        check = subprocess.run(  # noqa: S603  (fixed command: Debian's nginx)
            [*command, "-t", "-q"], capture_output=True, text=True, timeout=30, check=False
        )
        if check.returncode != 0:
            raise DeployError(f"nginx rejects the configuration:\n{check.stderr}")
        log = (LOG_DIR / "nginx.out").open("wb")
        proc = subprocess.Popen(  # noqa: S603  (fixed command: Debian's nginx)
            [*command, "-g", "daemon off;"],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not health_ok(f"{base_url}/_stcore/health"):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise DeployError(
                        f"nginx did not answer on {base_url}; "
                        f"{(prefix / 'logs/error.log').read_text(errors='replace')[-2000:]}"
                    )
                time.sleep(HEALTH_POLL_S)
            yield proc.pid, prefix / "logs" / "access.log"
        finally:
            stop_group(proc)
            log.close()
            for name in ("access.log", "error.log"):
                if (prefix / "logs" / name).exists():
                    shutil.copy(prefix / "logs" / name, LOG_DIR / name)


# --- both -----------------------------------------------------------------------------


@contextmanager
def replicas(count: int, env: Mapping[str, str] | None = None) -> Iterator[tuple[Replica, ...]]:
    """``count`` app servers (1-16), all stopped when the block ends."""
    if not 1 <= count <= 16:
        raise ValueError("1-16 replicas")
    with ExitStack() as stack:
        yield tuple(
            stack.enter_context(replica(LOG_DIR / f"replica-{n}.log", env=env))
            for n in range(count)
        )


@contextmanager
def serve(
    count: int,
    port: int | None = None,
    listen: str = "127.0.0.1",
    env: Mapping[str, str] | None = None,
) -> Iterator[Deployment]:
    """``count`` app servers behind nginx on ``listen:port`` (a free port if None)."""
    if not 1 <= count <= 16:
        raise ValueError("1-16 replicas")
    port = port or free_port()
    base_url = f"http://{'127.0.0.1' if listen == '0.0.0.0' else listen}:{port}"  # noqa: S104
    with ExitStack() as stack:
        if LIVE_DIR_ENV not in (env or {}):  # class sessions: one folder for every replica
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="atlas-live-"))
            env = {**(env or {}), LIVE_DIR_ENV: folder}
        servers = stack.enter_context(replicas(count, env))
        ports = [urlsplit(server.base_url).port or 0 for server in servers]
        nginx_pid, access_log = stack.enter_context(
            run_nginx(nginx_conf(f"{listen}:{port}", ports), base_url)
        )
        # the log in the prefix, read while nginx runs; copied to LOG_DIR on exit
        yield Deployment(base_url, servers, nginx_pid, access_log)


def main(argv: Sequence[str] | None = None) -> int:
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
    args = parser.parse_args(argv)
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
    except DeployError as exc:
        sys.stderr.write(f"serve_replicas failed: {exc}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
