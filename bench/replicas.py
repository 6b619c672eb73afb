"""Replicas behind nginx (``deploy/serve_replicas.py``), measured: for
``scripts/load_test.py --via-nginx``. The launcher in ``deploy/`` only runs them;
what they cost and how nginx spread the sessions is measured here.

``Measured`` wraps a ``Deployment`` with the two methods the load test asks of any
target: ``metrics()`` (memory and CPU of every replica and its children, summed, and
per replica) and ``sessions_per_replica()`` (from nginx's access log).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from harness.metrics import process_metrics


@dataclass(frozen=True)
class Measured:
    """A ``deploy.serve_replicas.Deployment`` (``base_url``, ``replicas``, ``nginx_pid``,
    ``access_log``), measured."""

    deployment: Any

    @property
    def base_url(self) -> str:
        return self.deployment.base_url

    @property
    def replicas(self) -> tuple:
        return self.deployment.replicas

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
        log = self.deployment.access_log.read_text(encoding="utf-8", errors="replace")
        for line in log.splitlines():
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
