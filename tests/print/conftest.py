"""Fixtures of the print renderer's documents."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    """The shipped atlas, whose tour loads whole (the documents draw every scene)."""
    assert shipped_atlas.scene_problems == ()
    return shipped_atlas
