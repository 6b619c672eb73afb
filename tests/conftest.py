"""Shared fixtures. Browser tests: the running app and one headless Chromium per session."""

from __future__ import annotations

import browser_support
import pytest


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium via playwright; skips (fails when CI=true) if it is not available."""
    yield from browser_support.launch_chromium()


@pytest.fixture(scope="session")
def app_server(chromium):
    """Base URL of ``streamlit run app.py`` on a free local port, stopped after the session.

    Depends on ``chromium`` so a machine without a browser skips before starting the server.
    """
    log = browser_support.REPO_ROOT / "artifacts" / "streamlit-browser-tests.log"
    yield from browser_support.run_app_server(log)
