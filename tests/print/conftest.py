"""Fixtures of the print renderer's documents."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def atlas(shipped_atlas):
    """The shipped atlas, whose tour loads whole (the documents draw every scene)."""
    assert shipped_atlas.scene_problems == ()
    return shipped_atlas


@pytest.fixture(scope="session")
def shown_features():
    """The features a scene's map shows now: its layers' features that have not ended (an
    independent reading of the timeline rule, for the sources each document must list)."""

    def features(atlas, scene):
        return [
            feature
            for layer in atlas.layers
            if layer.key in scene.layers
            for feature in layer.features
            if feature.years()[1] is None
        ]

    return features
