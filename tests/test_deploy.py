"""``deploy/`` runs on what ``requirements.txt`` installs: the replica launcher imports the
standard library and those packages only (not bench, harness or the dev requirements),
starts on its own, fills in the nginx template, and really starts replicas that answer."""

from __future__ import annotations

import ast
import gzip
import importlib.metadata
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from deploy import serve_replicas
from harness.paths import REPO_ROOT

LAUNCHER = REPO_ROOT / "deploy" / "serve_replicas.py"


def requirement_modules() -> set[str]:
    """Top-level import names of the distributions ``requirements.txt`` pins."""
    wanted = set()
    for line in (REPO_ROOT / "requirements.txt").read_text("utf-8").splitlines():
        name = re.split(r"[=<>~!\[; ]", line.split("#", 1)[0].strip(), maxsplit=1)[0]
        if name:
            wanted.add(re.sub(r"[-_.]+", "-", name).lower())
    return {
        module
        for module, dists in importlib.metadata.packages_distributions().items()
        if any(re.sub(r"[-_.]+", "-", dist).lower() in wanted for dist in dists)
    }


def imported_modules(path) -> set[str]:
    """Top-level names of every module the file imports, anywhere in it."""
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "a relative import needs a package around the launcher"
            found.add(node.module.split(".")[0])
    return found


def test_the_launcher_imports_the_standard_library_and_requirements_txt_only():
    modules = imported_modules(LAUNCHER)
    allowed = set(sys.stdlib_module_names) | {"__future__"} | requirement_modules()
    assert "streamlit" in requirement_modules()
    assert modules - allowed == set()
    assert not modules & {"bench", "harness", "layers", "page", "psutil", "playwright"}


def test_the_launcher_starts_on_its_own():
    """Isolated (``python -I``): neither the repository nor PYTHONPATH is on the path, so
    an import of bench or harness would fail; Streamlit checks the server options."""
    isolated = [sys.executable, "-I", str(LAUNCHER)]
    shown = subprocess.run([*isolated, "--help"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert "--replicas" in shown.stdout
    bad = subprocess.run(
        [*isolated, "--server-option", "no.such=1"], capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2
    assert "not a Streamlit option" in bad.stderr


def test_the_nginx_template_gets_the_address_and_one_server_per_replica():
    text = serve_replicas.nginx_conf("127.0.0.1:8600", [8601, 8602], "frontend")
    assert re.findall(r"@[A-Z]+@", text) == []
    assert "listen 127.0.0.1:8600" in text
    assert "server 127.0.0.1:8601 max_fails=1 fail_timeout=5s;" in text
    assert "server 127.0.0.1:8602 max_fails=1 fail_timeout=5s;" in text
    assert "root frontend;" in text
    # each replica pinned by the atlas_replica cookie, the other as its backup
    pinned = re.findall(
        r"upstream (atlas_\d) \{\s+server ([\d.:]+) [^;]*;\s+server ([\d.:]+) backup;", text
    )
    assert pinned == [
        ("atlas_0", "127.0.0.1:8601", "127.0.0.1:8602"),
        ("atlas_1", "127.0.0.1:8602", "127.0.0.1:8601"),
    ]
    assert '"127.0.0.1:8601" atlas_0;' in text
    assert '"127.0.0.1:8602" atlas_1;' in text


@pytest.mark.skipif(not os.access(serve_replicas.NGINX, os.X_OK), reason="needs nginx (not on CI)")
def test_nginx_accepts_the_filled_in_template(tmp_path):
    for folder in ("logs", "temp", "static"):
        (tmp_path / folder).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(serve_replicas.nginx_conf("127.0.0.1:8600", [8601, 8602, 8603]), "utf-8")
    checked = subprocess.run(
        [
            serve_replicas.NGINX,
            "-t",
            "-p",
            f"{tmp_path}/",
            "-c",
            str(conf),
            "-e",
            str(tmp_path / "logs/e.log"),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_frontend_is_copied_with_a_gzip_beside_each_text_file(tmp_path):
    from streamlit import file_util

    source = Path(file_util.get_static_dir())
    texts = [
        p
        for p in source.rglob("*")
        if p.suffix in {".js", ".css", ".html", ".json", ".svg", ".txt"}
    ]
    assert len(texts) > 100  # Streamlit's frontend: its JavaScript chunks, CSS, the page
    assert serve_replicas.precompressed_frontend(tmp_path / "static") == len(texts)
    for original in texts[:: max(1, len(texts) // 20)]:  # a sample: 20 files or so
        copy = tmp_path / "static" / original.relative_to(source)
        assert gzip.decompress(Path(f"{copy}.gz").read_bytes()) == original.read_bytes()
    assert not list((tmp_path / "static").rglob("*.woff2.gz"))  # fonts are compressed already


@pytest.mark.browser  # starts two app servers (no browser)
def test_two_replicas_start_answer_and_stop():
    started = time.monotonic()
    with serve_replicas.replicas(2) as servers:
        assert len({server.base_url for server in servers}) == 2
        for server in servers:
            assert serve_replicas.health_ok(f"{server.base_url}/_stcore/health")
        pids = [server.pid for server in servers]
    assert time.monotonic() - started < 60
    for server, pid in zip(servers, pids, strict=True):
        assert not serve_replicas.health_ok(f"{server.base_url}/_stcore/health")
        with pytest.raises(ProcessLookupError):
            os.killpg(pid, 0)  # the whole process group is gone


# --- through nginx (not on the CI machine: these skip there; python -m bench.wire and
# python -m bench.failover give the figures) ---------------------------------------------

needs_nginx = pytest.mark.skipif(
    not os.access(serve_replicas.NGINX, os.X_OK),
    reason=f"needs nginx at {serve_replicas.NGINX} (not on the CI machine)",
)
IMMUTABLE = "public, max-age=31536000, immutable"


def fetch(url: str) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


@pytest.mark.browser  # starts two app servers and nginx (no browser)
@needs_nginx
def test_through_nginx_the_frontend_is_gzipped_and_hashed_files_are_cached_a_year():
    from streamlit import file_util

    with serve_replicas.serve(2) as deployment:
        page_headers, page = fetch(deployment.base_url + "/")
        html = gzip.decompress(page).decode("utf-8")
        scripts = re.findall(r'src="\.?(/static/js/[^"]+\.js)"', html)
        assert scripts, html[:500]
        js_headers, js = fetch(deployment.base_url + scripts[0])
        extensions = websocket_extensions(deployment.base_url)
    assert page_headers["content-encoding"] == "gzip"
    assert page_headers["cache-control"] == "no-cache"  # it names the current hashes
    assert js_headers["content-encoding"] == "gzip"
    assert js_headers["cache-control"] == IMMUTABLE
    assert js_headers["content-type"] == "application/javascript"
    on_disk = Path(file_util.get_static_dir()) / scripts[0].lstrip("/")
    assert gzip.decompress(js) == on_disk.read_bytes()
    assert len(js) < on_disk.stat().st_size / 2
    assert "permessage-deflate" in extensions  # .streamlit/config.toml, through nginx


def websocket_extensions(base_url: str) -> str:
    """What the server agreed to on a websocket handshake through nginx."""
    from websockets.sync.client import connect

    url = base_url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(url, subprotocols=["streamlit"], compression="deflate") as ws:
        return ws.response.headers.get("Sec-WebSocket-Extensions", "")


@pytest.mark.browser
@needs_nginx
def test_a_lost_replicas_browsers_come_back_on_the_other_and_it_serves_again(chromium):
    """Two replicas, pages on both; one killed: its pages run again on the other within
    10 s with no error shown, a scene page its reader's scene; new pages go to the survivor;
    started again, it gets new pages while the moved ones stay (bench.failover)."""
    from bench import failover

    result = failover.run(chromium, signal.SIGKILL)
    missed = {goal: seen for goal, (ok, seen) in failover.goals(result).items() if not ok}
    assert missed == {}, result
