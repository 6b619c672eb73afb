"""Shared fixtures. Browser tests: the running app and one headless Chromium per session.

The policy for what this machine may lack (playwright, Debian's Chromium) lives here and
only here: the test is skipped on a developer's machine and fails when ``CI=true``.
The server and browser themselves come from ``harness``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import NoReturn

import folium
import pytest
from streamlit.testing.v1 import AppTest

import harness
from harness import map_args
from layers.record.atlas import Atlas, load_atlas

APP = harness.REPO_ROOT / "page" / "main.py"  # the page script (app.py is the server)

# Fixtures that start the app server or the browser: a test using one is a browser test.
BROWSER_FIXTURES = frozenset({"chromium", "app_server"})


def missing(what: str) -> NoReturn:
    """Skip the test (a developer's machine) or fail it (``CI=true``): ``what`` is missing."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} (CI=true, so this fails instead of skipping)", pytrace=False)
    pytest.skip(what)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that drives the server or the browser carries ``@pytest.mark.browser``,
    so ``-m "not browser"`` really leaves them out."""
    unmarked = [
        item.nodeid
        for item in items
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))
        and item.get_closest_marker("browser") is None
    ]
    if unmarked:
        raise pytest.UsageError(
            "tests using the chromium or app_server fixture must be marked "
            "@pytest.mark.browser:\n  " + "\n  ".join(unmarked)
        )


@pytest.fixture(scope="session")
def missing_system_package():
    """The skip-or-fail policy above, for a test needing some other system package."""
    return missing


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium via playwright; skips (fails when CI=true) if it is not available."""
    with ExitStack() as stack:
        try:
            browser = stack.enter_context(harness.chromium())
        except harness.HarnessUnavailable as exc:
            lacking = f"{exc}; the browser tests need it"
        else:
            lacking = None
        if lacking:  # outside the except block: the report shows the message alone
            missing(lacking)
        yield browser


@pytest.fixture(scope="session")
def app_server(chromium):
    """Base URL of ``streamlit run app.py`` on a free local port, stopped after the session.

    Depends on ``chromium`` so a machine without a browser skips before starting the server.
    """
    log = harness.ARTIFACTS_DIR / "streamlit-browser-tests.log"
    with ExitStack() as stack:
        try:
            server = stack.enter_context(harness.app_server(log))
        except harness.ServerFailed as exc:
            failure = str(exc)
        else:
            failure = None
        if failure:
            pytest.fail(failure, pytrace=False)
        yield server.base_url


# --- the page under AppTest, and what it draws -----------------------------------------


@pytest.fixture(scope="session")
def new_app_test() -> Callable[[], AppTest]:
    """A fresh AppTest of the page (``app.py``), not run yet: set query parameters on it,
    then ``.run()``. It reads FRONTIER_ATLAS_GEODATA when it runs."""

    def new() -> AppTest:
        return AppTest.from_file(str(APP), default_timeout=60)

    return new


@pytest.fixture
def app_test(monkeypatch, new_app_test) -> Callable[..., AppTest]:
    """Run the page once, on ``geodata`` (a folder of layer files) or the shipped data."""

    def run(geodata: Path | None = None) -> AppTest:
        if geodata is not None:
            monkeypatch.setenv("FRONTIER_ATLAS_GEODATA", str(geodata))
        return new_app_test().run()

    return run


@pytest.fixture(scope="session")
def shipped_atlas() -> Atlas:
    """The atlas of the shipped ``geodata/``, loaded once for the session. Tests share it:
    it is immutable (frozen dataclasses of tuples and shapely geometries; ``with_layer``
    returns a new atlas). A test on other data loads its own."""
    return load_atlas(harness.GEODATA_DIR)


@pytest.fixture
def geodata_copy(tmp_path) -> Callable[..., Path]:
    """A folder holding copies of the named files of ``geodata/`` (all when none named)."""

    def copy(*names: str) -> Path:
        for path in harness.GEODATA_DIR.iterdir():
            if path.suffix in {".geojson", ".json"} and (not names or path.name in names):
                shutil.copy(path, tmp_path / path.name)
        return tmp_path

    return copy


def _map_script(at: AppTest) -> str:
    return map_args.map_script(at)


@pytest.fixture(scope="session")
def map_script() -> Callable[[AppTest], str]:
    """The map's script as the st_folium component runs it (``harness.map_args``)."""
    return _map_script


def _rendered(fmap: folium.Map) -> str:
    text = fmap.get_root().render()
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    return re.sub(r"\s+", " ", text.replace('\\"', '"'))


@pytest.fixture(scope="session")
def rendered() -> Callable[[folium.Map], str]:
    """A folium map's page as the browser reads its strings: JSON escapes decoded,
    whitespace folded."""
    return _rendered


def _shown(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.fixture(scope="session")
def shown() -> Callable[[str], str]:
    """What Streamlit displays for Markdown the app escaped with ``markdown_literal``."""
    return _shown


def _pushed_state(at: AppTest) -> dict:
    states = [
        json.loads(re.search(r"\}\)\((\{.*\})\);\s*</script>", frame.proto.srcdoc, re.S).group(1))
        for frame in at.get("iframe")
        if "atlas.apply" in frame.proto.srcdoc
    ]
    assert states, "the page handed the map no state"
    assert all(state == states[0] for state in states), "two parts of the page disagree"
    return states[0]


@pytest.fixture(scope="session")
def pushed_state() -> Callable[[AppTest], dict]:
    """The state the page last handed to the map in the browser (``atlas.apply``)."""
    return _pushed_state
