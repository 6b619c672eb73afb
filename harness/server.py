"""The app server: ``streamlit run app.py`` on a free 127.0.0.1 port.

``app_server`` starts it in its own process group, polls ``/_stcore/health`` until it
answers and stops the whole group on leaving; ``AppServer.metrics`` gives the memory and
CPU time of it and its children (``harness.metrics``). Every wait is bounded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deploy.serve_replicas import DeployError, replica
from harness.errors import ServerFailed
from harness.metrics import process_metrics

SERVER_START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class AppServer:
    """A running ``streamlit run app.py``."""

    base_url: str  # http://127.0.0.1:PORT
    pid: int  # the streamlit process (from Popen), leader of its own process group
    log_path: Path  # its stdout and stderr

    def metrics(self) -> dict[str, Any]:
        """Memory and CPU time of the server and its children (``process_metrics``)."""
        return process_metrics(self.pid)


@contextmanager
def app_server(
    log_path: Path,
    env: Mapping[str, str] | None = None,
    timeout_s: float = SERVER_START_TIMEOUT_S,
    script: str = "app.py",
) -> Iterator[AppServer]:
    """``streamlit run app.py`` (or another ``script``) on a free 127.0.0.1 port until the
    block ends, started and stopped by the deployment's own launcher
    (``deploy.serve_replicas.replica``); ``ServerFailed`` if it does not answer in time."""
    with ExitStack() as stack:
        try:
            running = stack.enter_context(replica(log_path, env, timeout_s, script))
        except DeployError as exc:
            raise ServerFailed(str(exc)) from exc
        yield AppServer(base_url=running.base_url, pid=running.pid, log_path=running.log_path)
