"""Upload the files of issue 14 to the app through its own page and measure what each does.

    python scripts/upload_redteam.py [--repo PATH] [--label NAME] [--timeout 120] [--kill-gb 6]

Runs ``streamlit run app.py`` in the checkout ``--repo`` (default: this one; e.g. a
``git worktree`` of an older commit), a fresh server per file so the figures of one file do
not carry over to the next, and uploads each file of ``harness.hostile`` (the very files
CI uploads in ``tests/uploads/test_upload_browser.py``) through the sidebar's uploader in
a fresh Chromium session (``harness.uploads``). For each it records:

- seconds from the upload until Streamlit's run has finished (or the uploader itself
  refused the file), bounded by ``--timeout``, and until the map was drawn again;
- the server's RSS (server and children, psutil, as ``harness.process_metrics``) before,
  at its peak while waiting, and after; its CPU seconds spent;
- the size of the map after it: the st_folium iframe's DOM (characters of its HTML) and the
  websocket payload the server sent for the run (the map's document travels there);
- connections: browser requests leaving 127.0.0.1 (aborted, counted), the server's own
  connections to anything but loopback (polled while waiting), and connections to a local
  canary listener the remote (``/vsicurl/``) VRT points at;
- whether /etc/passwd content reached the page (the run's payload or the page's HTML);
- for the Markdown-named file, whether a request for its image went out and KaTeX appeared;
- the message(s) the page shows: error boxes, tracebacks, the uploader's own refusal.

A server past ``--kill-gb`` of RSS is killed (its process group) and the row says "killed
at N GB after T s". Prints a Markdown table and writes
``artifacts/security/redteam-<label>.json`` in this repository.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import psutil

# Run as ``python scripts/upload_redteam.py``: the repository first on the path, for harness/,
# bench/ and deploy/ (not installed) and this checkout's layers/.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import harness
from bench.support import code_version, machine, out, write_json
from harness.hostile import MARKDOWN_NAME, hostile_uploads
from harness.uploads import UPLOADER_INPUT, open_session

REPO_ROOT = harness.REPO_ROOT
OUT_DIR = harness.ARTIFACTS_DIR / "security"
POLL_MS = 250  # between checks of the server while a run goes on
PASSWD_MARKERS = (b"root:x:0:0", b"/usr/sbin/nologin", b"/bin/false")

# Counts, in the page, the runs that have ended since it was installed (the app's root
# element carries Streamlit's script state; a record whose old value was "running" is the
# end of a run, however quickly the next one started).
WATCH_RUNS_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__redteam = {runEnds: 0};
    new MutationObserver(records => {
        for (const r of records) if (r.oldValue === 'running') window.__redteam.runEnds++;
    }).observe(app, {attributes: true, attributeOldValue: true,
                     attributeFilter: ['data-test-script-state']});
}"""
# Settled: a run ended after the upload and none is going on, or the uploader refused the
# file itself (a type it does not accept: no run at all).
SETTLED_JS = """() => {
    const state = document.querySelector('[data-testid="stApp"]')
        .getAttribute('data-test-script-state');
    const uploader = document.querySelector('[data-testid="stFileUploader"]');
    const refused = uploader && /not allowed|must be .* or smaller/i.test(uploader.innerText);
    return (window.__redteam.runEnds > 0 && state === 'notRunning') || !!refused;
}"""
MESSAGES_JS = """() => {
    const texts = [];
    for (const el of document.querySelectorAll(
            '[data-testid="stAlert"], [data-testid="stException"]')) {
        texts.push(el.innerText);
    }
    const uploader = document.querySelector('[data-testid="stFileUploader"]');
    const refusal = uploader && uploader.innerText.match(/.*(not allowed|or smaller).*/i);
    if (refusal) texts.push('uploader: ' + refusal[0]);
    return texts;
}"""
MAP_DOM_JS = "() => document.documentElement.outerHTML.length"
ERROR_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit)\b.*$", re.MULTILINE)


class Canary:
    """A local listener that counts the connections made to it (and closes them)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        self.hits = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:  # closed
                return
            with self._lock:
                self.hits += 1
            conn.close()

    def count(self) -> int:
        with self._lock:
            return self.hits

    def close(self) -> None:
        self.server.close()


# --- the server, in any checkout ------------------------------------------------------------


@contextmanager
def serve(repo: Path, log_path: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """``streamlit run app.py`` with cwd ``repo``, as ``harness.app_server`` runs it (own
    process group, no file watcher, polled on its health URL), stopped on leaving."""
    port = harness.free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [
        *(sys.executable, "-m", "streamlit", "run", "app.py"),
        *("--server.port", str(port), "--server.address", "127.0.0.1"),
        *("--server.headless", "true"),
    ]
    env = {**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    env.pop("FRONTIER_ATLAS_GEODATA", None)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command,
            cwd=repo,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=env,
        )
    try:
        deadline = time.monotonic() + harness.SERVER_START_TIMEOUT_S
        while not harness.health_ok(f"{base_url}/_stcore/health"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise harness.ServerFailed(f"streamlit in {repo} did not start; see {log_path}")
            time.sleep(harness.HEALTH_POLL_S)
        yield proc, base_url
    finally:
        harness.stop_group(proc)


def server_connections(pid: int) -> set[str]:
    """Remote addresses of the server's (and its children's) connections, not loopback."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return set()
    found = set()
    for process in processes:
        with suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            for conn in process.net_connections(kind="inet"):
                if conn.raddr and conn.raddr.ip not in {"127.0.0.1", "::1", "::ffff:127.0.0.1"}:
                    found.add(f"{conn.raddr.ip}:{conn.raddr.port}")
    return found


# --- one upload --------------------------------------------------------------------------------


def measure(session, pid: int, upload, canary: Canary, args) -> dict[str, Any]:
    """Upload one file in ``session`` (a fresh one) and measure what it does; polls the
    server every ``POLL_MS`` while the run goes on, killing it past ``--kill-gb``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page = session.page
    page.evaluate(WATCH_RUNS_JS)
    before = harness.process_metrics(pid)
    session.sidebar.get_by_text("Add your own layer").click()
    frames_before, hits_before = len(session.received), canary.count()
    peak, foreign = before["rss_mb"], set()
    outcome = "settled"
    start = time.monotonic()
    page.locator(UPLOADER_INPUT).set_input_files(
        files=[{"name": upload.name, "mimeType": upload.mime, "buffer": upload.data}]
    )
    while True:
        try:
            page.wait_for_function(SETTLED_JS, timeout=POLL_MS)
            break
        except PlaywrightTimeout:
            pass
        elapsed = time.monotonic() - start
        try:
            now = harness.process_metrics(pid)
        except harness.HarnessError:
            outcome = f"server gone after {elapsed:.0f} s"
            break
        peak = max(peak, now["rss_mb"])
        foreign |= server_connections(pid)
        if now["rss_mb"] > args.kill_gb * 1024:
            with suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            outcome = f"killed at {now['rss_mb'] / 1024:.1f} GB after {elapsed:.0f} s"
            break
        if elapsed > args.timeout:
            outcome = f"no result within {args.timeout:.0f} s"
            break
    seconds = time.monotonic() - start
    row: dict[str, Any] = {
        "row": upload.id,
        "file": upload.name,
        "file_bytes": len(upload.data),
        "outcome": outcome,
        "seconds": round(seconds, 2),
        "rss_before_mb": before["rss_mb"],
        "rss_peak_mb": peak,
    }
    if outcome == "settled":
        row |= after_run(session, pid, before)
        row["map_seconds"] = round(time.monotonic() - start, 2) if row["map_drawn"] else None
        peak = max(peak, row["rss_after_mb"])
        row["rss_peak_mb"] = peak
    run_payload = b"".join(session.payload[frames_before:])
    page_html = "" if outcome.startswith("killed") else safe_content(session)
    row["run_payload_bytes"] = len(run_payload)
    row["passwd_in_page"] = any(
        marker in run_payload or marker.decode() in page_html for marker in PASSWD_MARKERS
    )
    row["browser_foreign_requests"] = session.atlas.foreign_requests()
    row["server_foreign_connections"] = sorted(foreign | server_connections(pid))
    row["canary_connections"] = canary.count() - hits_before
    if upload.name == MARKDOWN_NAME:
        row["image_requested"] = any("//host" in url for url in session.atlas.requests)
        row["katex_shown"] = "katex" in page_html
    return row


def after_run(session, pid: int, before: dict[str, Any]) -> dict[str, Any]:
    """The page once the run has ended: the map drawn, its size, the messages, the server."""
    from playwright.sync_api import Error as PlaywrightError

    page = session.page
    try:
        page.wait_for_function(harness.ONE_MAP_JS)
        session.atlas.frame = harness.wait_for_map(page)
        map_dom = session.atlas.frame.evaluate(MAP_DOM_JS)
    except PlaywrightError:
        map_dom = None
    after = harness.process_metrics(pid)
    return {
        "map_drawn": map_dom is not None,
        "map_dom_chars": map_dom,
        "rss_after_mb": after["rss_mb"],
        "cpu_s": round(after["cpu_s"] - before["cpu_s"], 2),
        "messages": [" ".join(text.split()) for text in page.evaluate(MESSAGES_JS)],
    }


def safe_content(session) -> str:
    from playwright.sync_api import Error as PlaywrightError

    texts = []
    for frame in session.page.frames:
        with suppress(PlaywrightError):
            texts.append(frame.content())
    return "\n".join(texts)


# --- the report --------------------------------------------------------------------------------


def mb(n_bytes: float | None) -> str:
    return "-" if n_bytes is None else f"{n_bytes / 1e6:.2f} MB"


def markdown_table(label: str, rows: list[dict[str, Any]]) -> str:
    headers = [
        "row", "file", "result", "time: run ended (map drawn)", "RSS before → after (peak)", "CPU",
        "map DOM", "run payload", "left 127.0.0.1", "passwd shown", "message",
    ]  # fmt: skip
    lines = [f"### {label}", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        after = row.get("rss_after_mb")
        rss = (
            f"{row['rss_before_mb']:.0f} → {after:.0f} MB ({after - row['rss_before_mb']:+.0f}; "
            f"peak {row['rss_peak_mb']:.0f})"
            if after is not None
            else f"{row['rss_before_mb']:.0f} → peak {row['rss_peak_mb']:.0f} MB"
        )
        left = []
        if row["canary_connections"]:
            left.append(f"{row['canary_connections']} conn. to the VRT's URL")
        if row["server_foreign_connections"]:
            left.append(f"server: {', '.join(row['server_foreign_connections'][:3])}")
        if row["browser_foreign_requests"]:
            left.append(f"browser: {', '.join(row['browser_foreign_requests'][:2])}")
        if row.get("image_requested"):
            left.append("image requested")
        result = row["outcome"]
        if result == "settled":
            result = "map drawn" if row["map_drawn"] else "NO MAP"
        if row.get("katex_shown"):
            result += ", $x^2$ typeset (KaTeX)"
        message = " ‖ ".join(row.get("messages", [])) or "(none)"
        cells = [
            row["row"],
            f"`{row['file']}` ({row['file_bytes'] / 1e6:.2f} MB)",
            result,
            f"{row['seconds']:.1f} s"
            + (f" (map {row['map_seconds']:.1f} s)" if row.get("map_seconds") else ""),
            rss,
            "-" if row.get("cpu_s") is None else f"{row['cpu_s']:.1f} s",
            mb(row.get("map_dom_chars")),
            mb(row["run_payload_bytes"]),
            "; ".join(left) or "no",
            "YES" if row["passwd_in_page"] else "no",
            message[:300].replace("|", "\\|") + ("…" if len(message) > 300 else ""),
        ]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def logged_errors(log: str) -> list[str]:
    """The last line of each traceback in a server log (the exception and its message)."""
    return [m.group(0)[:300] for m in ERROR_LINE.finditer(log)]


def git_head(repo: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "log", "-1", "--format=%h %s"],
        capture_output=True, text=True, timeout=10, check=False,
    )  # fmt: skip
    return done.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=REPO_ROOT, help="checkout to run")
    parser.add_argument("--label", help="name of this run (default: the commit)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per upload")
    parser.add_argument("--kill-gb", type=float, default=6.0, help="kill the server past this")
    parser.add_argument("--only", nargs="*", help="row ids to run (default: all)")
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    head = git_head(repo)
    label = args.label or head.split(" ", 1)[0] or repo.name
    canary = Canary()
    uploads = [u for u in hostile_uploads(canary.url) if not args.only or u.id in args.only]
    rows = []
    try:
        with harness.chromium() as browser, tempfile.TemporaryDirectory() as logs:
            for upload in uploads:
                log = Path(logs) / f"{upload.id}.log"
                with serve(repo, log) as (proc, base_url):
                    session = open_session(browser, base_url, keep_payload=True)
                    try:
                        row = measure(session, proc.pid, upload, canary, args)
                    finally:
                        session.atlas.close()
                row["server_log_errors"] = logged_errors(log.read_text(errors="replace"))
                rows.append(row)
                out(f"{upload.id}: {row['outcome']} in {row['seconds']:.1f} s")
    finally:
        canary.close()
    report = {
        "label": label,
        "repo": str(repo),
        "commit": head,
        "measured_by": code_version(),
        "machine": machine(),
        "timeout_s": args.timeout,
        "kill_gb": args.kill_gb,
        "rows": rows,
    }
    path = write_json(OUT_DIR / f"redteam-{label}.json", report)
    out("\n" + markdown_table(f"{label}: {repo} at {head}", rows))
    out(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
