"""Fixtures of the whole-app browser tests."""

from __future__ import annotations

import pytest

import harness


@pytest.fixture
def atlas_page(chromium, app_server):
    """The app at 1366x768, its first run finished."""
    page = harness.open_atlas(chromium, app_server, 1366, 768)
    harness.wait_until_settled(page.page)
    yield page
    page.close()
