"""The app server: ``streamlit run app.py`` on a free 127.0.0.1 port.

``app_server`` starts it in its own process group, polls ``/_stcore/health`` until it
answers and stops the whole group on leaving; ``AppServer.metrics`` gives the memory and
CPU time of it and its children (``harness.metrics``). Every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import ServerFailed
from harness.metrics import process_metrics
from harness.paths import REPO_ROOT

SERVER_START_TIMEOUT_S = 60.0
SERVER_STOP_TIMEOUT_S = 10.0
HEALTH_POLL_S = 0.1  # between health checks while the server starts
PORT_ATTEMPTS = 3  # another process may take the free port before streamlit binds it


def free_port() -> int:
    """A TCP port nobody is listening on right now (the OS picks it for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class AppServer:
    """A running ``streamlit run app.py``."""

    base_url: str  # http://127.0.0.1:PORT
    pid: int  # the streamlit process (from Popen), leader of its own process group
    log_path: Path  # its stdout and stderr

    def metrics(self) -> dict[str, Any]:
        """Memory and CPU time of the server and its children (``process_metrics``)."""
        return process_metrics(self.pid)


def health_ok(url: str) -> bool:
    """True when a Streamlit health URL (``/_stcore/health``) answers ``ok``."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  (local http)
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return "(no log)"


def stop_group(proc: subprocess.Popen) -> None:
    """Stop a process started in its own session, and its children: TERM, then KILL."""
    with suppress(ProcessLookupError):  # the group may be gone already
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=SERVER_STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=SERVER_STOP_TIMEOUT_S)


def _start(
    log_path: Path, env: Mapping[str, str], timeout_s: float, script: str = "app.py"
) -> tuple[subprocess.Popen, str]:
    """One attempt: the started process and its base URL, or ServerFailed (process gone)."""
    port = free_port()
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
                raise ServerFailed(
                    f"streamlit exited with code {proc.returncode} before answering {health}; "
                    f"{log_path}:\n{_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise ServerFailed(
                    f"streamlit did not answer 'ok' on {health} within {timeout_s:g} s; "
                    f"{log_path}:\n{_tail(log_path)}"
                )
            time.sleep(HEALTH_POLL_S)
    except BaseException:
        stop_group(proc)
        raise
    return proc, base_url


@contextmanager
def app_server(
    log_path: Path,
    env: Mapping[str, str] | None = None,
    timeout_s: float = SERVER_START_TIMEOUT_S,
    script: str = "app.py",
) -> Iterator[AppServer]:
    """``streamlit run app.py`` (or another ``script``, run from the repository so it gets
    the same ``.streamlit/config.toml``) on a free 127.0.0.1 port until the block ends.

    Waits until ``/_stcore/health`` answers ``ok`` (at most ``timeout_s``), else raises
    ``ServerFailed``; on leaving, stops the server's whole process group. ``env`` adds
    environment variables (e.g. FRONTIER_ATLAS_GEODATA for another data folder). The server
    never reloads code (no file watcher): a reload under running sessions breaks them.
    """
    full_env = {**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none", **(env or {})}
    for attempt in range(1, PORT_ATTEMPTS + 1):
        try:
            proc, base_url = _start(log_path, full_env, timeout_s, script)
            break
        except ServerFailed as exc:
            # the free port was taken between free_port() and streamlit binding it
            if attempt == PORT_ATTEMPTS or "is not available" not in str(exc):
                raise
    try:
        yield AppServer(base_url=base_url, pid=proc.pid, log_path=log_path)
    finally:
        stop_group(proc)
