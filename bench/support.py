"""Shared by ``python -m bench`` and ``scripts/load_test.py``: the app server, its memory,
Chromium, statistics and the printed tables.

The server and Chromium come from ``tests/browser_support.py`` (imported, not copied): the
same ``streamlit run app.py`` on a free 127.0.0.1 port, in its own process group that is
killed at the end, and the same Debian Chromium with the same flags.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "artifacts" / "bench"
if str(REPO_ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(REPO_ROOT / "tests"))
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import browser_support  # noqa: E402  (tests/ is put on the path just above)


class BenchError(RuntimeError):
    """Something the measurement needs is missing or broke; the message says what."""


# --- the app server -------------------------------------------------------------------


@dataclass(frozen=True)
class AppServer:
    base_url: str
    pid: int  # the ``streamlit run`` process (leader of its own process group)


@contextmanager
def app_server(log_path: Path) -> Iterator[AppServer]:
    """``streamlit run app.py`` on a free local port (``browser_support.run_app_server``).

    It waits for ``/_stcore/health`` and, on leaving, kills the server's process group.
    """
    # The server reads the code once: a file watcher that re-imports layers/ while sessions
    # run breaks them (.streamlit/config.toml says so too; this keeps it true for the bench).
    os.environ.setdefault("STREAMLIT_SERVER_FILE_WATCHER_TYPE", "none")
    server = browser_support.run_app_server(log_path)
    try:
        base_url = next(server)
    except pytest.fail.Exception as exc:
        raise BenchError(f"the app server did not start: {exc}") from None
    try:
        port = int(base_url.rsplit(":", 1)[1])
        yield AppServer(base_url=base_url, pid=server_pid(port))
    finally:
        server.close()  # runs run_app_server's finally: SIGTERM (then SIGKILL) to the group


def server_pid(port: int) -> int:
    """The pid of the ``streamlit run ... --server.port PORT`` process we started."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        words = [a.decode(errors="replace") for a in args]
        if "streamlit" in words and "--server.port" in words:
            at = words.index("--server.port")
            if at + 1 < len(words) and words[at + 1] == str(port):
                return int(entry.name)
    raise BenchError(f"no streamlit process found for port {port}")


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            kids.append(int(entry.name))
    return kids


def process_tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(_children(current))
    return tree


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds the process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def memory(pid: int) -> dict[str, Any]:
    """VmRSS and VmHWM (peak RSS) in MB, and CPU seconds, of the server and its children."""
    pids = process_tree(pid)
    rss = sum(_status_kb(p, "VmRSS") for p in pids)
    hwm = sum(_status_kb(p, "VmHWM") for p in pids)
    return {
        "rss_mb": round(rss / 1024, 1),
        "hwm_mb": round(hwm / 1024, 1),
        "cpu_s": round(sum(_cpu_s(p) for p in pids), 2),
        "processes": len(pids),
    }


# --- Chromium -------------------------------------------------------------------------


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium through playwright (``browser_support.launch_chromium``)."""
    browsers = browser_support.launch_chromium()
    try:
        browser = next(browsers)
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        raise BenchError(f"Chromium is not available: {exc}") from None
    try:
        yield browser
    finally:
        browsers.close()


# --- numbers and tables ---------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks; nan for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def ms(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds * 1000:.0f} ms"


def mb(n_bytes: float) -> str:
    return f"{n_bytes / 1_000_000:.2f} MB"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(title: str, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text table: a title line, headers, a rule, one line per row."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([f"\n{title}", line(cells[0]), rule, *(line(r) for r in cells[1:])]) + "\n"


def out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def write_json(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def machine() -> dict[str, Any]:
    """CPUs and load average: other work on the box skews every time measured here."""
    one, five, _ = os.getloadavg()
    return {"cpus": os.cpu_count(), "loadavg_1m": round(one, 2), "loadavg_5m": round(five, 2)}


def code_version() -> dict[str, Any]:
    """The commit measured and any files changed on top of it (the tree is shared)."""
    git = shutil.which("git")
    if git is None:
        return {"commit": None, "changed_files": []}

    def run(*args: str) -> str:
        done = subprocess.run(  # noqa: S603  (fixed git command on this repository)
            [git, *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10, check=False
        )
        return done.stdout

    changed = [line[3:] for line in run("status", "--porcelain").splitlines() if line.strip()]
    return {"commit": run("rev-parse", "--short", "HEAD").strip(), "changed_files": changed}
