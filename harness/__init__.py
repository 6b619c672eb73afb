"""Test-and-launch infrastructure for the tests, ``scripts/`` and ``bench/``: the app
server, the browser, expected values from the data files, screenshot baselines,
accessibility checks and hostile upload files. Not part of the product (never installed),
and it imports nothing of ``bench`` (measurement).

One job per module:

- ``harness.paths``: the repository, the shipped and the test data, ``artifacts/``;
- ``harness.errors``: what it raises (``HarnessUnavailable``: the machine lacks something);
- ``harness.server``: ``app_server`` (``streamlit run app.py`` on a free port, health-checked,
  its process group stopped on leaving);
- ``harness.metrics``: memory and CPU of a process tree (psutil);
- ``harness.browser``: ``chromium``, ``open_atlas`` and ``AtlasPage``, waits, JS snippets;
- ``harness.record``: expected values read from the data files (``LAYER_TITLES``...);
- ``harness.imagediff``: the map against a committed screenshot baseline;
- ``harness.a11y``: Tab walks, axe-core, layout shift, focus rings;
- ``harness.hostile``: the hostile upload files of issue 14 (plain bytes, no browser);
- ``harness.uploads``: a browser session on the page's uploader that keeps to 127.0.0.1.

The names below are the everyday ones, for ``import harness; harness.open_atlas(...)``;
the last four modules are imported by name (``from harness import a11y``).
"""

from deploy.serve_replicas import HEALTH_POLL_S, free_port, health_ok, stop_group
from harness.browser import (
    BROWSER_TIMEOUT_MS,
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
    CLOSE_POPUP_JS,
    FOLIUM_IFRAME,
    LAND_PATH_LENGTH_JS,
    MAP_DRAWN_JS,
    NO_POPUP_JS,
    ONE_MAP_JS,
    PROBE_JS,
    SET_VIEW_JS,
    STATE_JS,
    AtlasPage,
    change_and_wait,
    chromium,
    close_popup,
    main_column_height,
    open_atlas,
    sidebar,
    wait_for_map,
    wait_until_settled,
)
from harness.errors import HarnessError, HarnessUnavailable, ServerFailed
from harness.metrics import process_metrics
from harness.paths import ARTIFACTS_DIR, DATA_DIR, GEODATA_DIR, REPO_ROOT, SCREENSHOT_DIR
from harness.record import LAYER_TITLES, article_text, island_feature, squash
from harness.server import SERVER_START_TIMEOUT_S, AppServer, app_server

__all__ = [
    "ARTIFACTS_DIR",
    "BROWSER_TIMEOUT_MS",
    "CHROMIUM_ARGS",
    "CHROMIUM_PATH",
    "CLOSE_POPUP_JS",
    "DATA_DIR",
    "FOLIUM_IFRAME",
    "GEODATA_DIR",
    "HEALTH_POLL_S",
    "LAND_PATH_LENGTH_JS",
    "LAYER_TITLES",
    "MAP_DRAWN_JS",
    "NO_POPUP_JS",
    "ONE_MAP_JS",
    "PROBE_JS",
    "REPO_ROOT",
    "SCREENSHOT_DIR",
    "SERVER_START_TIMEOUT_S",
    "SET_VIEW_JS",
    "STATE_JS",
    "AppServer",
    "AtlasPage",
    "HarnessError",
    "HarnessUnavailable",
    "ServerFailed",
    "app_server",
    "article_text",
    "change_and_wait",
    "chromium",
    "close_popup",
    "free_port",
    "health_ok",
    "island_feature",
    "main_column_height",
    "open_atlas",
    "process_metrics",
    "sidebar",
    "squash",
    "stop_group",
    "wait_for_map",
    "wait_until_settled",
]
