"""``deploy/`` runs on what ``requirements.txt`` installs: the replica launcher imports the
standard library and those packages only (not bench, harness or the dev requirements),
starts on its own, fills in the nginx template, and really starts replicas that answer."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import subprocess
import sys
import time

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
    text = serve_replicas.nginx_conf("127.0.0.1:8600", [8601, 8602])
    assert "@LISTEN@" not in text
    assert "@SERVERS@" not in text
    assert "listen 127.0.0.1:8600" in text
    assert "server 127.0.0.1:8601;" in text
    assert "server 127.0.0.1:8602;" in text


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
