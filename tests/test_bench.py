"""The benchmark's clients drive the running app the way a browser does.

``bench.streamlit_ws`` speaks Streamlit's own protocol with no browser: a control in a
fragment reruns only that fragment, as Chromium asks for it. ``bench.pageload`` clicks
real widgets in Chromium and times them until the map shows the change. The
``app_server`` fixture is shared with the browser tests (it starts Chromium first, so on
a machine without it this skips along with them). Kept short: one change of each sort.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.streamlit_ws import RunResult, StreamlitSession
from harness.paths import DATA_DIR

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


def test_a_layer_toggle_reruns_only_its_fragment_and_resends_no_map(app_server):
    async def visit() -> tuple[RunResult, bool, RunResult, bool, set[str]]:
        async with StreamlitSession(app_server, timeout=TIMEOUT_S) as session:
            first = await session.initial_run()
            before = session.value("show_deployments")
            toggled = await session.toggle("show_deployments")
            keys = {w.key for w in session.widgets.values() if w.key}
            return first, before, toggled, session.value("show_deployments"), keys

    first, before, toggled, after, keys = run_in_thread(visit)
    assert first.ok, first.errors
    assert toggled.ok, toggled.errors
    assert (first.warnings, toggled.warnings) == ([], [])
    # the page open sends the map element (its files by reference: layers.web.linked)
    assert first.component_bytes > 20_000
    assert after is (not before)
    # the checkbox sits in the sidebar's fragment: the BackMsg names it, only it reruns
    assert toggled.fragment_id
    assert toggled.fragments_run == (toggled.fragment_id,)
    assert toggled.status == "fragment_finished"
    assert toggled.component_bytes == 0  # the map is not sent again
    assert toggled.payload_bytes < 50_000
    # the widgets outside the fragment are still on the page
    assert {"mode", "show_deployments", "lang"} <= keys


def test_the_browser_bench_sees_a_change_and_the_kept_view(chromium, app_server):
    from bench import pageload

    runner = pageload.ChangeRunner(chromium, app_server, 1280, 900)
    try:
        view = runner.set_view()
        timing = runner.change(pageload.EXPLORE_CHANGES[0], 0)  # the layer toggle
        kept = runner.view()
        moved, _ = runner.moved_by(pageload.FOCUS_CHANGE, 0)  # focus: Disputed islands
        runner.change(pageload.EXPLORE_CHANGES[0], 1)  # put the layer back
        errors = runner.atlas.errors
    finally:
        runner.close()
    assert 0 < timing["in_page_s"] < TIMEOUT_S
    assert 0 < timing["wall_s"] < TIMEOUT_S
    assert kept == view
    assert moved
    assert errors == []


def test_the_driver_uploads_a_layer_and_the_page_sends_a_map_with_it(app_server):
    """What the soak's one-in-five visitor does: the file reaches the session's uploader
    (PUT with Streamlit's XSRF token) and the rerun sends a map with one layer more."""
    upload = DATA_DIR / "good_deployment.geojson"

    async def visit() -> tuple[RunResult, RunResult]:
        async with StreamlitSession(app_server, timeout=TIMEOUT_S) as session:
            first = await session.initial_run()
            uploaded = await session.upload("upload", upload.name, upload.read_bytes())
            return first, uploaded

    first, uploaded = run_in_thread(visit)
    assert first.ok, first.errors
    assert uploaded.ok, uploaded.errors
    assert uploaded.status == "finished"  # the whole page ran (the uploader is not in a fragment)
    # the shipped map names its script's file; an upload's map carries its script inline
    assert uploaded.component_bytes > first.component_bytes + 500_000
