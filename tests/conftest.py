"""Shared fixtures. Browser tests: the running app and one headless Chromium per session.

The policy for what this machine may lack (playwright, Debian's Chromium) lives here and
only here: the test is skipped on a developer's machine and fails when ``CI=true``.
The server and browser themselves come from ``bench.harness``.
"""

from __future__ import annotations

import os
from contextlib import ExitStack
from typing import NoReturn

import pytest

from bench import harness

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
