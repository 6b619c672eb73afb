"""Memory and CPU time of a process and its descendants (psutil), for ``AppServer.metrics``,
the benchmark and the upload tests."""

from __future__ import annotations

from typing import Any

import psutil

from harness.errors import HarnessError


def process_metrics(pid: int) -> dict[str, Any]:
    """RSS and USS (MB) and CPU seconds (user + system) of a process and its descendants.

    USS is the memory only these processes hold (what stopping them would free). psutil
    7.2 has no peak RSS on Linux, so there is no high-water mark here.
    """
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        raise HarnessError(f"no process {pid}") from None
    rss = uss = 0
    cpu = 0.0
    counted = 0
    for process in processes:
        try:
            with process.oneshot():
                memory = process.memory_full_info()
                times = process.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):  # ended meanwhile, or not ours
            continue
        rss += memory.rss
        uss += memory.uss
        cpu += times.user + times.system
        counted += 1
    return {
        "rss_mb": round(rss / 2**20, 1),
        "uss_mb": round(uss / 2**20, 1),
        "cpu_s": round(cpu, 2),
        "processes": counted,
    }
