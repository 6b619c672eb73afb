"""Shared by ``python -m bench`` and ``scripts/load_test.py``: statistics, the printed
tables, the JSON output, what was measured on which machine.

The app server, Chromium and the server's memory come from ``harness``.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from harness.paths import ARTIFACTS_DIR, REPO_ROOT

ARTIFACTS = ARTIFACTS_DIR / "bench"


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
