"""The benchmark's websocket client drives the running app the way a browser does.

No browser is involved: ``bench.streamlit_ws`` speaks Streamlit's own protocol. The
``app_server`` fixture is shared with the browser tests (it starts Chromium first, so on
a machine without it this skips along with them).
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.streamlit_ws import RunResult, StreamlitSession

pytestmark = pytest.mark.browser  # it drives the app server the browser tests start

TIMEOUT_S = 30.0


def run_in_thread(coro_factory, timeout: float = TIMEOUT_S):
    """Run a coroutine on its own event loop in a worker thread.

    The session-wide sync Playwright keeps an event loop running on the main thread, so
    ``asyncio.run`` cannot be called there. Exceptions reach the caller through the future.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(asyncio.run, asyncio.wait_for(coro_factory(), timeout))
        return future.result(timeout + 5)


def test_one_session_toggles_a_layer_without_errors(app_server):
    async def visit() -> tuple[RunResult, bool, RunResult, bool]:
        async with StreamlitSession(app_server, timeout=TIMEOUT_S) as session:
            first = await session.initial_run()
            before = session.value("show_deployments")
            toggled = await session.toggle("show_deployments")
            return first, before, toggled, session.value("show_deployments")

    first, before, toggled, after = run_in_thread(visit)
    assert first.ok, first.errors
    assert toggled.ok, toggled.errors
    assert (first.warnings, toggled.warnings) == ([], [])
    assert after is (not before)
    # a layer set this session has not seen yet: the server sends the whole map again
    assert toggled.component_bytes > 100_000
    assert 0 < toggled.seconds < TIMEOUT_S
